import XCTest

@testable import Workbook

final class MarkdownWriterTests: XCTestCase {
    func testDirectivesBecomePipeTablesAndProseStaysAsWritten() {
        let lesson = "# T\n\nSome *prose* with $x_1$.\n\n" + helloModel + "\nAfter.\n"
        let markdown = buildLesson(lesson).markdown!
        XCTAssertTrue(
            markdown.hasPrefix("# T\n\nSome *prose* with $x_1$.\n\n**Model** `hello`: a vanilla RNN language model"),
            markdown)
        XCTAssertTrue(
            markdown.contains("| parameter | shape | numbers |\n|:---|:---|---:|\n| $\\mathbf{W}_e$ | 3 × 4 | 12 |"),
            markdown)
        XCTAssertTrue(markdown.hasSuffix("| **total** |   | **40** |\n\nAfter.\n"), markdown)
    }

    func testADirectiveInsideABlockQuoteKeepsItsContainer() {
        let lesson = helloModel + "> Quoted:\n>\n> ```rnn loss\n> model: hello\n> sequence: he\n> ```\n"
        let markdown = buildLesson(lesson).markdown!
        XCTAssertTrue(markdown.contains("> | 1 | `h` | `e` |"), markdown)
    }

    func testEchoShowsTheDirectiveSource() {
        let lesson = helloModel + "```rnn loss echo\nmodel: hello\nsequence: he\n```\n"
        let product = buildLesson(lesson)
        XCTAssertTrue(product.markdown!.contains("```\nrnn loss\nmodel: hello\nsequence: he\n```\n"), product.markdown!)
        XCTAssertTrue(
            product.html!.contains(
                "<pre class=\"wb-source\"><code>```rnn loss\nmodel: hello\nsequence: he\n```</code></pre>"))
    }

    func testNumberFormatsFollowPythonsMiniLanguage() {
        XCTAssertEqual(NumberFormat(spec: ".4f")?.format(1.234567), "1.2346")
        XCTAssertEqual(NumberFormat(spec: ".2e")?.format(0.000123), "1.23e-04")
        XCTAssertEqual(NumberFormat(spec: ".3g")?.format(1_234_567), "1.23e+06")
        XCTAssertEqual(NumberFormat(spec: "d")?.format(41.6), "42")
        XCTAssertEqual(NumberFormat(spec: ".1%")?.format(0.25), "25.0%")
        XCTAssertEqual(NumberFormat.standard.format(-0.00001), "0.0000")
        XCTAssertNil(NumberFormat(spec: "4f"))
        XCTAssertNil(NumberFormat(spec: ".99f"))
    }
}
