import XCTest

@testable import Workbook

/// Footnotes: references numbered in reading order and linked both ways, notes at the end of the page, kept as
/// footnotes in the Markdown handout; every mistake at its line and column.
final class FootnoteTests: XCTestCase {
    func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

    let lesson = """
        Elman[^elman] and BPTT[^1], again[^elman].

        [^1]: https://example.org
        [^elman]: Elman, *Finding structure
          in time*, 1990: $h$.

            A second paragraph.

        After.

        """

    func testTheTreeHoldsNumberedReferencesAndTheNotesAtTheirLines() throws {
        let (parsed, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: lesson), slug: "t", allowRawHTML: false)
        XCTAssertEqual(diagnostics.map(\.headline), [])
        let document = try XCTUnwrap(parsed).document
        XCTAssertEqual(
            document.blocks.map(\.kind),
            [
                .paragraph([
                    Inline(.text("Elman"), at: at(1, 1)),
                    Inline(.footnoteReference(FootnoteReference(label: "elman", number: 1, occurrence: 1)), at: at(1, 6)),
                    Inline(.text(" and BPTT"), at: at(1, 1)),
                    Inline(.footnoteReference(FootnoteReference(label: "1", number: 2, occurrence: 1)), at: at(1, 23)),
                    Inline(.text(", again"), at: at(1, 1)),
                    Inline(.footnoteReference(FootnoteReference(label: "elman", number: 1, occurrence: 2)), at: at(1, 34)),
                    Inline(.text("."), at: at(1, 1)),
                ]),
                .paragraph([Inline(.text("After."), at: at(9, 1))]),
            ])
        XCTAssertEqual(document.footnotes.map(\.label), ["elman", "1"])
        XCTAssertEqual(document.footnotes.map(\.references), [2, 1])
        XCTAssertEqual(document.footnotes.map(\.location), [at(4, 1), at(3, 1)])
        let elman = document.footnotes[0].blocks.map { document.nodes[$0] }
        XCTAssertEqual(elman.map(\.location), [at(4, 11), at(7, 5)])
        guard case .paragraph(let first) = elman[0].kind else { return XCTFail() }
        XCTAssertEqual(first[1], Inline(.emphasis([Inline(.text("Finding structure"), at: at(4, 19)), Inline(.softBreak, at: at(4, 19)), Inline(.text("in time"), at: at(5, 3))]), at: at(4, 18)))
        XCTAssertEqual(first[3].kind, .math(index: 0))
        let url = document.footnotes[1].blocks.map { document.nodes[$0].kind }
        // A bare URL is a link (GitHub's autolinks).
        XCTAssertEqual(
            url,
            [
                .paragraph([
                    Inline(
                        .link(
                            url: "https://example.org", title: MarkedText(pieces: []),
                            [Inline(.text("https://example.org"), at: at(3, 7))]), at: at(3, 7))
                ])
            ])
    }

    func testTheHTMLLinksBothWaysAndTheMarkdownKeepsTheFootnotes() throws {
        let product = buildLesson(lesson)
        let html = htmlBody(product)
        XCTAssertTrue(
            html.hasPrefix(
                "<p>Elman<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\" role=\"doc-noteref\">1</a></sup> and BPTT<sup class=\"footnote-ref\"><a href=\"#fn2\" id=\"fnref2\" role=\"doc-noteref\">2</a></sup>, again<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1-2\" role=\"doc-noteref\">1</a></sup>.</p>\n<p>After.</p>\n"
            ), html)
        XCTAssertTrue(
            html.hasSuffix(
                """
                <section class="footnotes" role="doc-endnotes">
                <hr />
                <ol>
                <li id="fn1">
                <p>Elman, <em>Finding structure
                in time</em>, 1990: <span class="math inline">h</span>.</p>
                <p>A second paragraph. <a href="#fnref1" class="footnote-back" role="doc-backlink" aria-label="Back to reference 1">↩</a> <a href="#fnref1-2" class="footnote-back" role="doc-backlink" aria-label="Back to reference 1-2">↩<sup>2</sup></a></p>
                </li>
                <li id="fn2">
                <p><a href="https://example.org">https://example.org</a> <a href="#fnref2" class="footnote-back" role="doc-backlink" aria-label="Back to reference 2">↩</a></p>
                </li>
                </ol>
                </section>

                """), html)
        // The notes follow the text, numbered in the order of their first references (as GitHub numbers them).
        XCTAssertEqual(
            product.markdown,
            """
            Elman[^1] and BPTT[^2], again[^1].

            After.

            [^1]: Elman, *Finding structure
                in time*, 1990: $h$.

                A second paragraph.

            [^2]: <https://example.org>

            """)
    }

    /// Math that goes on over a definition's indented lines is math: its placeholder's later lines stood where the
    /// indentation was, and the definition's text dropped them with the first letters after ("A note D0" then
    /// "nd more.").
    func testMathOverTheLinesOfANote() throws {
        let product = buildLesson(
            "# T\n\nText.[^1] And.[^2]\n\n[^1]: A note $$\n    a = b\n    $$ and more.\n\n[^2]: Inline $x +\n    y$ here.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertTrue(html.contains("<p>A note <span class=\"math display\">a = b</span> and more. <a href=\"#fnref1\""), html)
        XCTAssertTrue(html.contains("<p>Inline <span class=\"math inline\">x +\n    y</span> here. <a href=\"#fnref2\""), html)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("[^1]: A note $$a = b$$ and more.\n"), markdown)
    }

    func testEachMistakeIsReportedAtItsLineAndColumn() {
        XCTAssertEqual(
            headlines("See [^a] and [^elmn].\n\n[^a]: A.\n\n[^elman]: E.\n\n[^a]: Again.\n"),
            [
                "Lessons/test.md:1:14: error: no footnote '[^elmn]' is defined (did you mean 'elman'?): define it on a line of its own, '[^elmn]: text'",
                "Lessons/test.md:5:1: warning: the footnote '[^elman]' is never referred to, so it is left out; refer to it with [^elman]",
                "Lessons/test.md:7:1: error: the footnote '[^a]' is already defined on line 3",
            ])
        // In code, math and link destinations, `[^x]` is no reference.
        XCTAssertEqual(headlines("`[^x]` and $[^x]$ and [a](https://e.org/[^x]).\n\n```\n[^x]: y\n```\n"), [])
    }

    /// 3,000 notes referred to from one paragraph, in reverse order of their definitions, and a label left
    /// undefined after them: each reference numbered in reading order and the mistake found at its column, in
    /// CPU time that grows with the lesson (each reference searched the lines again from its paragraph's start,
    /// and each note split the whole lesson again: 5,000 notes built in 32 s, 10,000 in 67 s).
    func testManyNotesAreNumberedAndLocatedInLinearTime() throws {
        let n = 3_000
        let references = (1...n).map { "x[^n\($0)]" }.joined(separator: "\n")
        let notes = (1...n).reversed().map { "[^n\($0)]: note \($0)\n\n" }.joined()
        let start = clock()
        let product = buildLesson("# Notes\n\n" + references + ".\n\n" + notes)
        let mistaken = buildLesson("# Notes\n\n" + references + " and [^missing].\n\n" + notes)
        let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = try XCTUnwrap(product.html)
        XCTAssertTrue(html.contains("<a href=\"#fn\(n)\" id=\"fnref\(n)\" role=\"doc-noteref\">\(n)</a>"))
        XCTAssertTrue(html.contains("<li id=\"fn\(n)\">\n<p>note \(n) <a href=\"#fnref\(n)\""), String(html.suffix(600)))
        XCTAssertEqual(
            mistaken.diagnostics.map(\.headline),
            ["Lessons/test.md:\(n + 2):\(11 + String(n).count):"
                + " error: no footnote '[^missing]' is defined: define it on a line of its own, '[^missing]: text'"])
        XCTAssertLessThan(seconds, 5, "building took \(seconds) s of CPU time")
    }
}
