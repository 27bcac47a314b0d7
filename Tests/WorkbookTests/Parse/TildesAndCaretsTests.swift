import XCTest

@testable import Workbook

/// GitHub's strikethrough and Pandoc's subscript and superscript: the GFM spec's examples, and text elsewhere.
final class TildesAndCaretsTests: XCTestCase {
    func testTheGFMSpecsStrikethroughExamples() throws {
        let examples = try CommonMarkSpecTests.examples(extension: "strikethrough")
        XCTAssertEqual(examples.count, 2)
        for example in examples {
            XCTAssertEqual(htmlBody(buildLesson(example.markdown)), example.html, example.markdown)
        }
    }

    func testStrikethroughSubscriptAndSuperscriptInTheTreeAndTheHTML() throws {
        let (lesson, _) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: "~~a *b*~~ H~2~O x^2^\n"), slug: "t", allowRawHTML: false)
        let at = SourceLocation(line: 1, column: 1)
        // The text after `~~` starts at column 8 as cmark reports it, and its pieces keep that position.
        let rest = SourceLocation(line: 1, column: 8)
        guard case .paragraph(let content) = try XCTUnwrap(lesson).document.blocks[0].kind else { return XCTFail() }
        XCTAssertEqual(
            content.map(\.kind),
            [
                .strikethrough([
                    Inline(.text("a "), at: at), Inline(.emphasis([Inline(.text("b"), at: SourceLocation(line: 1, column: 6))]), at: SourceLocation(line: 1, column: 5)),
                ]),
                .text(" H"), .sub([Inline(.text("2"), at: rest)]), .text("O x"), .sup([Inline(.text("2"), at: rest)]),
            ])
        XCTAssertEqual(
            htmlBody(buildLesson("~~a *b*~~ H~2~O x^2^ and `~~c~~` $x^2^$.\n")),
            "<p><del>a <em>b</em></del> H<sub>2</sub>O x<sup>2</sup> and <code>~~c~~</code> <span class=\"math inline\">x^2^</span>.</p>\n")
        // Spaces keep tildes and carets as text: `~ 5 ~`, `a^b c^`, a lone `~~`, `~~ x~~`.
        XCTAssertEqual(
            htmlBody(buildLesson("about ~ 5 ~ and a^b c^, ~~ x~~ and ~~.\n")),
            "<p>about ~ 5 ~ and a^b c^, ~~ x~~ and ~~.</p>\n")
    }
}
