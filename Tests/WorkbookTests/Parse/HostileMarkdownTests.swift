import XCTest

@testable import Workbook

/// cmark's pathological inputs go through the whole pipeline without overflowing the stack.
final class HostileMarkdownTests: XCTestCase {
    func testFiftyThousandNestedBlockQuotes() {
        let text = String(repeating: ">", count: 50_000) + " deep\n"
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(product.html?.components(separatedBy: "<blockquote>").count, 50_001)
    }

    func testThousandDeepNestedLists() {
        var text = ""
        for depth in 0..<1000 { text += String(repeating: "  ", count: depth) + "- item \(depth)\n" }
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(htmlBody(product), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testFiftyThousandNestedBrackets() {
        let text = String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000) + "\n"
        XCTAssertEqual(htmlBody(buildLesson(text)), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testHundredThousandDollarSigns() {
        // `$$$$` pairs into empty display math; the odd one out is a literal dollar.
        let text = String(repeating: "$", count: 100_001) + "\n"
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(htmlBody(product).components(separatedBy: "math display").count, 25_001)
        XCTAssertTrue(htmlBody(product).hasSuffix("</span>$</p>\n"))
        let spaced = String(repeating: "$ ", count: 50_000) + "\n"
        XCTAssertEqual(htmlBody(buildLesson(spaced)), CommonMarkConverter.referenceHTML(spaced, allowRawHTML: false))
    }

    func testSixtyFiveThousandUnmatchedEmphasisOpeners() {
        let text = String(repeating: "*a ", count: 65_000) + "\n" + String(repeating: "_", count: 65_000) + "b\n"
        XCTAssertEqual(htmlBody(buildLesson(text)), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testAFiveMegabyteLine() {
        let text = String(repeating: "word $x$ {{ 2 }} `c` ", count: 250_000) + "{{ y }}\n"
        XCTAssertGreaterThan(text.utf8.count, 5_000_000)
        let file = SourceFile(path: "x.md", text: text)
        let result = MathProtection(file: file, verbatimLines: CommonMarkConverter.verbatimLines(of: text)).run()
        XCTAssertEqual(result.math.count, 250_000)
        XCTAssertEqual(result.values.count, 250_001)
        XCTAssertEqual(result.values.last?.location, SourceLocation(line: 1, column: 5_250_001))
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.map(\.headline), ["Lessons/test.md:1:5250004: error: unknown name 'y'"])
        // The diagnostic shows a window of the line, not all five megabytes, with the caret under the name.
        let shown = product.diagnostics[0].formatted.split(separator: "\n")
        XCTAssertEqual(shown[1], " 1 | …" + String(repeating: "word $x$ {{ 2 }} `c` ", count: 5).suffix(77) + "{{ y }}")
        XCTAssertEqual(shown[2], "   | " + String(repeating: " ", count: 81) + "^")
    }

    func testThirtyThousandFences() {
        let text =
            String(repeating: "```\ncode\n```\n", count: 15_000) + String(repeating: "```rnn forward\n", count: 15_000)
        let product = buildLesson(text)
        XCTAssertFalse(product.succeeded)
        // Each opening line left open is cut where the next one starts: as many directives, reported up to the cap.
        XCTAssertEqual(product.diagnostics.count, Pipeline.maxDiagnostics + 1)
        XCTAssertEqual(
            product.diagnostics.first?.headline,
            "Lessons/test.md:45001:1: error: unclosed directive fence: add a closing ``` before line 45002, where the next directive starts"
        )
    }
}
