import XCTest

@testable import Workbook

/// GitHub's task lists and bare links, Pandoc's definition lists and inline notes: in the tree, and as each
/// writer (the HTML and Markdown handouts, the search text, the print page's part) writes them.
final class GitHubExtrasTests: XCTestCase {
    /// The GFM spec's autolink examples (its e-mail ones aside: those are not made links here).
    func testTheGFMSpecsAutolinkExamples() throws {
        let examples = try CommonMarkSpecTests.examples(extension: "autolink").filter { !$0.markdown.contains("@") }
        XCTAssertEqual(examples.count, 8)
        for example in examples {
            XCTAssertEqual(htmlBody(buildLesson(example.markdown)), example.html, example.markdown)
        }
    }

    /// The GFM spec's task-list examples (marked "disabled" in the spec's file, as cmark-gfm's own tests skip them).
    func testTheGFMSpecsTaskListExamples() throws {
        let examples = try CommonMarkSpecTests.examples(extension: "disabled").filter { $0.html.contains("checkbox") }
        XCTAssertEqual(examples.count, 2)
        for example in examples {
            XCTAssertEqual(htmlBody(buildLesson(example.markdown)), example.html, example.markdown)
        }
    }

    func testTaskListsAndAutolinksInTheTreeAndTheMarkdownHandout() throws {
        let text = "- [x] done, see https://a.org/x.\n- [ ] not [a www.b.org link](https://c.org) nor `www.d.org`\n"
        let (lesson, _) = LessonParser.parse(SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        guard case .list(_, let items) = try XCTUnwrap(lesson).document.blocks[0].kind,
            case .paragraph(let first) = lesson!.document.nodes[items[0][0]].kind
        else { return XCTFail() }
        let at = SourceLocation(line: 1, column: 3)
        XCTAssertEqual(
            first.map(\.kind),
            [
                .taskMarker(checked: true), .text(" done, see "),
                .link(url: "https://a.org/x", title: MarkedText(pieces: []), [Inline(.text("https://a.org/x"), at: at)]),
                .text("."),
            ])
        let product = buildLesson(text)
        XCTAssertEqual(
            htmlBody(product),
            """
            <ul>
            <li><input checked="" disabled="" type="checkbox"> done, see <a href="https://a.org/x">https://a.org/x</a>.</li>
            <li><input disabled="" type="checkbox"> not <a href="https://c.org">a www.b.org link</a> nor <code>www.d.org</code></li>
            </ul>

            """)
        XCTAssertEqual(
            product.markdown,
            "- [x] done, see <https://a.org/x>.\n- [ ] not [a www.b.org link](https://c.org) nor `www.d.org`\n")
        // Not a task: the box is not first, or no space follows it; not a link: no domain, or after a letter.
        XCTAssertEqual(
            htmlBody(buildLesson("- a [x] b\n- [x]b\n\nwww. and https:// and xhttps://a.org\n")),
            "<ul>\n<li>a [x] b</li>\n<li>[x]b</li>\n</ul>\n<p>www. and https:// and xhttps://a.org</p>\n")
    }

    func testDefinitionListsInEveryWriter() throws {
        let text = "Hidden state\n: the vector $h$ it *carries*\n: the context\ngoing on\n\nLogits\n: scores\n\n: A caption alone\n"
        let (lesson, _) = LessonParser.parse(SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        let document = try XCTUnwrap(lesson).document
        XCTAssertEqual(document.roots.count, 2)
        guard case .definitionList(let items) = document.nodes[document.roots[0]].kind else { return XCTFail() }
        XCTAssertEqual(items.map(\.definitions.count), [2, 1])
        XCTAssertEqual(items.map(\.terms.count), [1, 1])
        XCTAssertEqual(document.nodes[items[1].terms[0].paragraph].kind, .paragraph([Inline(.text("Logits"), at: SourceLocation(line: 6, column: 1))]))
        let product = buildLesson(text)
        XCTAssertEqual(
            htmlBody(product),
            """
            <dl>
            <dt>Hidden state</dt>
            <dd>the vector <span class="math inline">h</span> it <em>carries</em></dd>
            <dd>the context
            going on</dd>
            <dt>Logits</dt>
            <dd>scores</dd>
            </dl>
            <p>: A caption alone</p>

            """)
        XCTAssertEqual(
            product.markdown,
            "**Hidden state**\\\n: the vector $h$ it *carries*\\\n: the context\ngoing on\n\n**Logits**\\\n: scores\n\n: A caption alone\n")
        XCTAssertEqual(product.search.map(\.text), ["Hidden state the vector h it carries the context going on Logits scores : A caption alone"])
        // Escaped: a term's text is the lesson's, never markup.
        XCTAssertEqual(
            htmlBody(buildLesson("<b>x</b> & y\n: a < b\n")),
            "<dl>\n<dt><!-- raw HTML omitted -->x<!-- raw HTML omitted --> &amp; y</dt>\n<dd>a &lt; b</dd>\n</dl>\n")
    }

    func testInlineNotesAreNumberedWithTheOthersInEveryWriter() throws {
        let text = "A^[first *note*, with $T$] then[^b] and^[a [bracketed] one].\n\n[^b]: Labelled, with ^[a note inside].\n"
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <p>A<sup class="footnote-ref"><a href="#fn1" id="fnref1" role="doc-noteref">1</a></sup> then<sup class="footnote-ref"><a href="#fn2" id="fnref2" role="doc-noteref">2</a></sup> and<sup class="footnote-ref"><a href="#fn3" id="fnref3" role="doc-noteref">3</a></sup>.</p>
            <section class="footnotes" role="doc-endnotes">
            <hr />
            <ol>
            <li id="fn1">
            <p>first <em>note</em>, with <span class="math inline">T</span> <a href="#fnref1" class="footnote-back" role="doc-backlink" aria-label="Back to reference 1">↩</a></p>
            </li>
            <li id="fn2">
            <p>Labelled, with <sup class="footnote-ref"><a href="#fn4" id="fnref4" role="doc-noteref">4</a></sup>. <a href="#fnref2" class="footnote-back" role="doc-backlink" aria-label="Back to reference 2">↩</a></p>
            </li>
            <li id="fn3">
            <p>a [bracketed] one <a href="#fnref3" class="footnote-back" role="doc-backlink" aria-label="Back to reference 3">↩</a></p>
            </li>
            <li id="fn4">
            <p>a note inside <a href="#fnref4" class="footnote-back" role="doc-backlink" aria-label="Back to reference 4">↩</a></p>
            </li>
            </ol>
            </section>

            """)
        XCTAssertEqual(
            product.markdown,
            "A[^1] then[^2] and[^3].\n\n[^1]: first *note*, with $T$\n\n[^2]: Labelled, with [^4].\n\n[^3]: a [bracketed] one\n\n[^4]: a note inside\n")
        let (lesson, _) = LessonParser.parse(SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        XCTAssertEqual(try XCTUnwrap(lesson).document.footnotes.map(\.location), [
            SourceLocation(line: 1, column: 2), SourceLocation(line: 3, column: 1), SourceLocation(line: 1, column: 40),
            SourceLocation(line: 3, column: 22),
        ])
        // Unbalanced, or in code: text.
        XCTAssertEqual(htmlBody(buildLesson("A^[open and `^[x]`.\n")), "<p>A^[open and <code>^[x]</code>.</p>\n")
    }
}
