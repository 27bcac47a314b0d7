import XCTest

@testable import Workbook

/// Citations become `.citation` nodes of the tree, from prose text only, each key at its line and column (counted
/// by hand in the lesson text below).
final class CitationTreeTests: XCTestCase {
    struct Found: Equatable {
        var keys: [String]
        var bracketed: Bool
        var at: SourceLocation
        var keyColumns: [Int]
        var locators: [String?] = []
        var prefixes: [String] = []
        var suppressed: [Bool] = []
    }

    func citations(_ text: String) throws -> (ParsedLesson, [Found]) {
        let (parsed, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        let lesson = try XCTUnwrap(parsed)
        var found: [Found] = []
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline.kind {
                case .citation(let items, let bracketed):
                    found.append(
                        Found(
                            keys: items.map(\.key), bracketed: bracketed, at: inline.location,
                            keyColumns: items.map(\.location.column), locators: items.map(\.locator),
                            prefixes: items.map(\.prefix), suppressed: items.map(\.suppressAuthor)))
                case .emphasis(let children), .strong(let children), .link(_, _, let children):
                    walk(children)
                default: break
                }
            }
        }
        for node in lesson.document.nodes {
            switch node.kind {
            case .paragraph(let inlines), .heading(_, _, let inlines): walk(inlines)
            case .table(let table):
                for cell in table.header + table.rows.flatMap({ $0 }) {
                    for node in cell.nodes { if case .paragraph(let inlines) = node.kind { walk(inlines) } }
                }
            default: break
            }
        }
        return (lesson, found)
    }

    func testEachFormIsANodeWithItsKeysAtTheirColumns() throws {
        let text = """
            # T

            See [@werbos1990] and [@werbos1990, p. 3] or [see @hochreiter1997; @cho2014, ch. 2].
            Elman [-@elman1990] and @werbos1990 shows it, not `@werbos1990` nor $@x$,

            """
        let (lesson, found) = try citations(text)
        XCTAssertEqual(
            found,
            [
                Found(
                    keys: ["werbos1990"], bracketed: true, at: .init(line: 3, column: 5), keyColumns: [6],
                    locators: [nil], prefixes: [""], suppressed: [false]),
                Found(
                    keys: ["werbos1990"], bracketed: true, at: .init(line: 3, column: 23), keyColumns: [24],
                    locators: ["p. 3"], prefixes: [""], suppressed: [false]),
                Found(
                    keys: ["hochreiter1997", "cho2014"], bracketed: true, at: .init(line: 3, column: 46),
                    keyColumns: [51, 68], locators: [nil, "ch. 2"], prefixes: ["see", ""], suppressed: [false, false]),
                Found(
                    keys: ["elman1990"], bracketed: true, at: .init(line: 4, column: 7), keyColumns: [9],
                    locators: [nil], prefixes: [""], suppressed: [true]),
                Found(
                    keys: ["werbos1990"], bracketed: false, at: .init(line: 4, column: 25), keyColumns: [25],
                    locators: [nil], prefixes: [""], suppressed: [false]),
            ])
        // The bytes each replaces in the lesson's text, for the Markdown handout.
        let bytes = Array(text.utf8)
        XCTAssertEqual(
            lesson.citations.map { String(decoding: bytes[$0.byteRange], as: UTF8.self) },
            [
                "[@werbos1990]", "[@werbos1990, p. 3]", "[see @hochreiter1997; @cho2014, ch. 2]", "[-@elman1990]",
                "@werbos1990",
            ])
        // The text around them stays: the paragraph's text nodes hold what is not a citation.
        guard case .paragraph(let inlines) = lesson.document.blocks[1].kind else { return XCTFail("a paragraph") }
        XCTAssertEqual(inlines.first?.kind, .text("See "))
        XCTAssertTrue(inlines.contains { $0.kind == .text(" shows it, not ") })
        XCTAssertTrue(inlines.contains { $0.kind == .code("@werbos1990") })
    }

    func testNotInCodeMathLinksEmailsEscapesOrCrossReferences() throws {
        let text = """
            # T

            `[@a]` $@b$ [text](https://x.org/@c) <https://x.org/@d> [@e](https://x.org) ada@example.org \\@f
            [\\@g] @eq-loss [@fig-net] @sec-bptt @tbl-grads

            ```
            [@h]
            ```

            <div>@i</div>

            """
        let (lesson, found) = try citations(text)
        XCTAssertEqual(found, [])
        XCTAssertEqual(lesson.citations, [])
    }

    func testInEmphasisHeadingsTablesAndAcrossALineBreak() throws {
        let text = """
            # Notes after @werbos1990

            *As [@elman1990] put it* and [see
            @cho2014, p. 2].

            | a | b |
            |---|---|
            | x | [@bengio1994] |

            """
        let (lesson, found) = try citations(text)
        XCTAssertEqual(found.map(\.keys), [["werbos1990"], ["elman1990"], ["cho2014"], ["bengio1994"]])
        XCTAssertEqual(found.map(\.at.line), [1, 3, 3, 8])
        XCTAssertEqual(found.map(\.keyColumns), [[15], [6], [1], [8]])
        XCTAssertEqual(found[2].prefixes, ["see"])
        XCTAssertEqual(found[2].locators, ["p. 2"])
        XCTAssertEqual(lesson.citations.map(\.location), found.map(\.at))
    }
}

extension CitationTreeTests {
    /// A paragraph of 5,000 citations and one of 10,000 look-alikes that are not (code spans, and entities, which
    /// cmark turns into `@` but the lesson's text does not hold as a citation) parse in linear time.
    func testManyCitationsStayLinear() throws {
        let many = String(repeating: "[@a] ", count: 5_000)
        let lookAlikes = String(repeating: "&#64;b ", count: 5_000) + String(repeating: "`@b` ", count: 5_000)
        let start = Date()
        let (lesson, found) = try citations("# T\n\n" + many + "\n\n" + lookAlikes + "\n")
        XCTAssertEqual(found.count, 5_000)
        XCTAssertEqual(lesson.citations.last?.location, SourceLocation(line: 3, column: 5 * 4_999 + 1))
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "seconds, in a debug build")
    }
}

extension CitationTreeTests {
    /// The same key in code, math, inline HTML or a link's text earlier on the line does not take the citation's place.
    func testACitationAfterItsLookAlikesInCodeMathHTMLAndLinksIsFoundAtItsOwnColumn() throws {
        let text =
            "# T\n\n`@werbos1990` $@werbos1990$ <b title=\"@werbos1990\">x</b> [see @werbos1990](x) @werbos1990.\n"
        let (lesson, found) = try citations(text)
        XCTAssertEqual(found.map(\.keyColumns), [[79]])
        XCTAssertEqual(lesson.citations.map(\.byteRange), [83..<94])
    }
}
