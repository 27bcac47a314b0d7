import Foundation
import XCTest

@testable import Workbook

/// `value: [m.loss.J[1], m.loss.J[2]]` is read as the list expression it spells, though it is not YAML.
final class ExpressionListTests: XCTestCase {
    let lesson =
        helloModel + """
            ```rnn loss
            model: hello
            sequence: hello
            ```

            """

    func testABracketedListOfIndexedExpressionsIsOneListExpression() {
        let product = buildLesson(
            lesson + """
                ```rnn check
                - label: two entries of J, as a list
                  value: [hello.loss.J[1], hello.loss.J[2]]
                  equals: [hello.loss.J[1], hello.loss.J[2] + 0]
                  rtol: 0
                  atol: 0
                - label: and with a matrix entry by label
                  value: [hello.W_h[1, 2], hello.U[2, 1]]
                  equals: [hello.W_h[1, 2], hello.U[2, 1]]
                ```

                """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown?.contains("| two entries of J, as a list |") ?? false)
    }

    func testAnErrorInsideTheListPointsAtItsColumn() {
        XCTAssertEqual(
            headlines(
                lesson + "```rnn check\n- value: [hello.loss.J[1], hello.loss.Q[2]]\n  equals: [1, 2]\n```\n"),
            ["Lessons/test.md:13:28: error: unknown name 'hello.loss.Q' (did you mean 'hello.loss.J'?)"])
    }

    func testOrdinaryYAMLListsAreUnchanged() {
        XCTAssertEqual(
            ConfigNode.expressionListsQuoted("vocabulary: [h, e, l, o]\nx: [1, 2]"),
            "vocabulary: [h, e, l, o]\nx: [1, 2]")
        XCTAssertEqual(
            ConfigNode.expressionListsQuoted("  value: [m.yhat[1, \"b\"], 2]"),
            "  value: \"\u{E002}[m.yhat[1, \\\"b\\\"], 2]\"")
    }
}
