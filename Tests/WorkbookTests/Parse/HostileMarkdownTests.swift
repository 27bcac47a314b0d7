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
}
