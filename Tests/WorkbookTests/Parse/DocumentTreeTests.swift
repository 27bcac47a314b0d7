import XCTest

@testable import Workbook

/// The tree Parse hands to the writers: each construct as its node, with where it starts in the lesson.
final class DocumentTreeTests: XCTestCase {
    func parse(_ text: String) throws -> ParsedLesson {
        let (lesson, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        return try XCTUnwrap(lesson)
    }

    func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

    func testHeadingsParagraphsEmphasisCodeAndLinks() throws {
        let lesson = try parse("# The *loss*\n\nSee `J` and [this](https://e.org \"T\").\n")
        XCTAssertEqual(
            lesson.document.blocks,
            [
                Block(
                    .heading(
                        level: 1, anchor: "the-loss",
                        [Inline(.text("The "), at: at(1, 3)), Inline(.emphasis([Inline(.text("loss"), at: at(1, 8))]), at: at(1, 7))]),
                    at: at(1, 1)),
                Block(
                    .paragraph([
                        Inline(.text("See "), at: at(3, 1)), Inline(.code("J"), at: at(3, 6)),
                        Inline(.text(" and "), at: at(3, 8)),
                        Inline(
                            .link(
                                url: "https://e.org", title: MarkedText(pieces: [.text("T")]),
                                [Inline(.text("this"), at: at(3, 14))]), at: at(3, 13)),
                        Inline(.text("."), at: at(3, 38)),
                    ]), at: at(3, 1)),
            ])
        XCTAssertEqual(lesson.title, "The loss")
    }

    func testMathValuesAndDirectivesAreNodesIndexingTheLesson() throws {
        let lesson = try parse("Mean $J$ is {{ 1 + 1 }}.\n\n$$\nx\n$$\n\n```rnn check\nexpect: 1\n```\n")
        XCTAssertEqual(
            lesson.document.blocks.map(\.kind),
            [
                .paragraph([
                    Inline(.text("Mean "), at: at(1, 1)), Inline(.math(index: 0), at: at(1, 1)),
                    Inline(.text(" is "), at: at(1, 1)), Inline(.value(index: 0), at: at(1, 1)),
                    Inline(.text("."), at: at(1, 1)),
                ]),
                .paragraph([Inline(.math(index: 1), at: at(3, 1))]),
                .directive(index: 0),
            ])
        XCTAssertEqual(lesson.math.map(\.display), [false, true])
        XCTAssertEqual(lesson.document.blocks[2].location, at(7, 1))
        XCTAssertEqual(lesson.directives.map(\.kind), ["check"])
    }

    func testListsQuotesCodeAndBreaksNestByIndex() throws {
        let lesson = try parse("> - a\n>   b\n\n3. x\n\n   y\n\n---\n\n```python\nprint(1)\n```\n")
        let document = lesson.document
        guard case .blockQuote(let quoted) = document.blocks[0].kind,
            case .list(let bullets, let bulletItems) = document.nodes[quoted[0]].kind,
            case .list(let numbered, let numberedItems) = document.blocks[1].kind
        else { return XCTFail("\(document.blocks)") }
        XCTAssertEqual(bullets, ListStyle(start: nil, tight: true))
        XCTAssertEqual(
            document.nodes[bulletItems[0][0]].kind,
            .paragraph([
                Inline(.text("a"), at: at(1, 5)), Inline(.softBreak, at: at(1, 5)), Inline(.text("b"), at: at(2, 5)),
            ]))
        XCTAssertEqual(numbered, ListStyle(start: 3, tight: false))
        XCTAssertEqual(numberedItems[0].count, 2)
        XCTAssertEqual(document.blocks[2], Block(.thematicBreak, at: at(8, 1)))
        XCTAssertEqual(document.blocks[3], Block(.code(info: "python", literal: "print(1)\n"), at: at(10, 1)))
    }

    func testPipeTablesImagesAndRawHTML() throws {
        let lesson = try parse("| a | b |\n|:-|-:|\n| `x` | $y$ |\n\n![net](n.svg) <b>hi</b>\n")
        guard case .table(let table) = lesson.document.blocks[0].kind else { return XCTFail() }
        XCTAssertEqual(table.alignments, [.left, .right])
        XCTAssertEqual(table.header[0].blocks, [Block(.paragraph([Inline(.text("a"), at: at(1, 1))]), at: at(1, 1))])
        XCTAssertEqual(table.rows[0][0].blocks.map(\.kind), [.paragraph([Inline(.code("x"), at: at(1, 2))])])
        XCTAssertEqual(table.rows[0][1].blocks.map(\.kind), [.paragraph([Inline(.math(index: 0), at: at(1, 1))])])
        XCTAssertEqual(
            lesson.document.blocks[1].kind,
            .paragraph([
                Inline(
                    .image(url: "n.svg", title: MarkedText(pieces: []), [Inline(.text("net"), at: at(5, 3))]),
                    at: at(5, 1)),
                Inline(.text(" "), at: at(5, 14)), Inline(.html("<b>"), at: at(5, 15)),
                Inline(.text("hi"), at: at(5, 18)), Inline(.html("</b>"), at: at(5, 20)),
            ]))
    }

    func testFiftyThousandNestedQuotesAreFlatInTheTree() throws {
        let lesson = try parse(String(repeating: ">", count: 50_000) + " deep\n")
        XCTAssertEqual(lesson.document.nodes.count, 50_001)
        XCTAssertEqual(lesson.document.roots, [50_000])
    }
}
