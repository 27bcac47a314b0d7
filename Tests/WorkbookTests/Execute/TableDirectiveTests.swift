import Foundation
import XCTest

@testable import Workbook

/// `rnn table`: columns of computed values, in Markdown and HTML, and the mistakes an author makes with it.
final class TableDirectiveTests: XCTestCase {
    let loss = """
        ```rnn loss
        model: hello
        input: hell
        target: ello
        ```

        """

    func testColumnsHoldTheValuesWithTheirFormatsAndTokens() throws {
        let product = buildLesson(
            helloModel + loss + """
                ```rnn table
                title: Loss of each step, $J^{(t)}$
                index: $t$
                format: .3f
                columns:
                  target: hello.loss.targets
                  '$\\hat y$': {value: hello.loss.p_target, format: .6f}
                  J: hello.loss.J
                  double: 2 * [1, 2.5, 3, 4]
                ```

                """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let markdown = try XCTUnwrap(product.markdown)
        // The loss directive's own table (4 decimals) gives the same numbers the table shows with 6 and 3.
        XCTAssertTrue(markdown.contains("| 1 | `h` | `e` | 0.3118 | 1.1653 |"), markdown)
        XCTAssertTrue(markdown.contains("Loss of each step, $J^{(t)}$"), markdown)
        XCTAssertTrue(markdown.contains("| $t$ | target | $\\hat y$ | J | double |"), markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| 1 | `e`") || $0.hasPrefix("| 4 | `o`") }
        XCTAssertEqual(rows.count, 2, markdown)
        XCTAssertTrue(rows[0].hasPrefix("| 1 | `e` | 0.311"), String(rows[0]))
        XCTAssertTrue(rows[0].hasSuffix(" | 1.165 | 2.000 |"), String(rows[0]))
        XCTAssertTrue(rows[1].hasSuffix(" | 8.000 |"), String(rows[1]))
        // Six decimals in the column that asked for them.
        XCTAssertNotNil(rows[0].range(of: #"\| 0\.311\d{3} \|"#, options: .regularExpression), String(rows[0]))
        let html = try XCTUnwrap(product.html)
        XCTAssertTrue(html.contains("<td class=\"num\">5.000</td>") || html.contains(">5.000<"), html)
    }

    func testAuthorMistakesAreDiagnosedAtTheirColumn() {
        let cases: [(String, String)] = [
            (
                "columns:\n  J: hello.loss.J\n  x: [1, 2]",
                "Lessons/test.md:16:6: error: column 'x' has 2 entries but column 'J' has 4; the columns of a table have one length"
            ),
            (
                "columns:\n  W: hello.W_h",
                "Lessons/test.md:15:6: error: column 'W' is a 3×3 matrix; a column is a vector or a list of tokens (pick one with e.g. 'hello.W_h[:, 1]')"
            ),
            (
                "columns:\n  m: hello.loss.mean",
                "Lessons/test.md:15:6: error: column 'm' is a number; a column is a vector or a list of tokens"
            ),
            ("columns:\n  J: hello.loss.J +", "Lessons/test.md:15:20: error: expression ends too early"),
            (
                "columns:\n  J: {value: hello.loss.J, fmt: .3f}",
                "Lessons/test.md:15:28: error: unknown key 'fmt' in column 'J'; a column takes value and format"
            ),
            (
                "columns:\n  J: {format: .3f}",
                "Lessons/test.md:15:6: error: column 'J' needs 'value', the expression it shows"
            ),
            ("title: x", "Lessons/test.md:13:8: error: missing key 'columns' in 'table'"),
            (
                "columns: [hello.loss.J]",
                "Lessons/test.md:14:10: error: 'columns' maps each header to an expression, e.g. 'loss: f.loss.J' on its own line"
            ),
        ]
        for (body, expected) in cases {
            let lesson = helloModel + loss + "```rnn table\n\(body)\n```\n"
            XCTAssertEqual(headlines(lesson), [expected], body)
        }
    }

    func testTheLimitOnRowsHolds() {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits.maxTableRows = 3
        let text = helloModel + loss + "```rnn table\ncolumns:\n  J: hello.loss.J\n```\n"
        let product = Pipeline.build(
            SourceFile(path: "Lessons/test.md", text: text), slug: "test", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:13:8: error: the table has 4 rows, more than 3, the limit maxTableRows; show fewer or raise the limit (--limit maxTableRows=…)"
            ])
    }
}
