import Foundation
import XCTest

@testable import Workbook

/// Directives compute what the lecture notes say, checked against hand derivations.
final class DirectiveExecutionTests: XCTestCase {
    /// V = 2 (a, b), H = 1, explicit weights: h(t) = tanh(0.5 h(t-1) + W_e[:, x(t)]), ŷ(t) = softmax(2h, -2h).
    let tiny = """
        ```rnn model
        name: tiny
        vocabulary: [a, b]
        hidden: 1
        init: explicit
        weights:
          W_e: [[1, -1]]
          W_h: [[0.5]]
          b1: [0]
          U: [[2], [-2]]
          b2: [0, 0]
        ```

        """

    func testForwardAndLossFollowTheNotesEquationsByHand() {
        let lesson =
            tiny + """
                ```rnn loss
                model: tiny
                input: [a, b]
                target: [b, b]
                reduction: sum
                ```

                Loss {{ tiny.loss.loss | .12f }}, p {{ tiny.loss.p_target[2] | .12f }}, mean {{ tiny.loss.mean | .12f }}.

                """
        let h1 = tanh(1.0)
        let h2 = tanh(0.5 * h1 - 1)
        let pB1 = 1 / (1 + exp(4 * h1))
        let pB2 = 1 / (1 + exp(4 * h2))
        let loss = -log(pB1) - log(pB2)
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let f = { (x: Double) in String(format: "%.12f", x) }
        XCTAssertTrue(
            product.markdown!.contains("Loss \(f(loss)), p \(f(pB2)), mean \(f(loss / 2))."), product.markdown!)
    }

    func testAZeroModelPredictsUniformlySoEveryStepCostsLogV() {
        let lesson = """
            ```rnn model
            name: zero
            characters: abcde
            hidden: 4
            scale: 0
            ```

            ```rnn loss
            model: zero
            sequence: abcdeabc
            ```

            ```rnn check
            - value: zero.loss.J
              equals: log(5)
            - value: zero.loss.perplexity
              equals: 5
            - value: zero.loss.T
              equals: 7
            ```

            """
        XCTAssertEqual(buildLesson(lesson).diagnostics.map(\.headline), [])
    }

    func testTheBPTTGradientIsTheSumOfItsPerStepContributions() {
        let lesson =
            helloModel + """
                ```rnn backward
                model: hello
                sequence: hello
                ```

                ```rnn check
                - label: dJ/dW_h = sum over i of its step-i contributions
                  value: sum(hello.backward.W_h_at, 1)
                  equals: hello.backward.W_h
                  rtol: 1e-12
                - label: h(0) = 0, so the first contribution vanishes
                  value: norm(hello.backward.W_h_at[1])
                  equals: 0
                  atol: 0
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            product.markdown!.contains("| dJ/dW\\_h = sum over i of its step-i contributions |"), product.markdown!)
    }

    func testAFailedCheckFailsTheBuildAtItsLineWithExpectedGotAndDifference() {
        let lesson =
            helloModel + """
                ```rnn loss
                model: hello
                sequence: hello
                ```

                ```rnn check
                - label: the loss is log 4
                  value: hello.loss.mean
                  equals: log(4)
                - label: J(1) is positive
                  value: hello.loss.J[1]
                  equals: hello.loss.J[1]
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertNil(product.html)
        XCTAssertEqual(product.diagnostics.count, 1)
        let d = product.diagnostics[0]
        XCTAssertEqual(d.headline, "Lessons/test.md:15:10: error: check failed: the loss is log 4")
        XCTAssertEqual(d.details[0], "  value:    hello.loss.mean = 1.5536231267228686")
        XCTAssertEqual(d.details[1], "  expected: log(4) = 1.3862943611198906")
        XCTAssertTrue(
            d.details[2].hasPrefix("  difference 1.67e-01 exceeds atol 1.00e-12 + rtol 1.00e-09"), d.details[2])
    }

    func testAFailedCheckNamesTheEntryByItsLabelsWithEveryDigit() throws {
        let lesson =
            helloModel + """
                ```rnn forward
                model: hello
                input: hell
                ```

                ```rnn check
                - value: hello.forward.yhat
                  equals: hello.forward.yhat * (1 + 1e-7)
                ```

                """
        let d = try XCTUnwrap(buildLesson(lesson).diagnostics.first)
        XCTAssertEqual(
            d.headline,
            "Lessons/test.md:14:10: error: check failed: hello.forward.yhat = hello.forward.yhat * (1 + 1e-7)")
        XCTAssertTrue(d.details[0].hasPrefix("  value:    hello.forward.yhat = [0."), d.details[0])
        // The first entry out of bounds, by step and token, with both numbers in full.
        XCTAssertTrue(d.details[2].contains(" at hello.forward.yhat[1, \"h\"] = 0."), d.details[2])
        XCTAssertTrue(d.details[2].contains(" (expected 0."), d.details[2])
        let numbers = d.details[2].split(separator: " ").filter { $0.hasPrefix("0.") || $0.hasPrefix("(0.") }
        XCTAssertEqual(numbers.count, 2)
        XCTAssertNotEqual(numbers[0], numbers[1].dropFirst())
    }

    func testAFailedGradientCheckFailsTheBuild() {
        let lesson =
            helloModel + """
                ```rnn gradcheck
                model: hello
                sequence: hello
                parameters: [W_h]
                tolerance: 0
                atol: 0
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertNil(product.html)
        XCTAssertEqual(product.diagnostics.count, 1)
        XCTAssertTrue(
            product.diagnostics[0].headline.hasPrefix("Lessons/test.md:8:8: error: gradient check failed: "),
            product.diagnostics[0].headline)
        XCTAssertTrue(product.diagnostics[0].details[0].hasPrefix("  W_h["), product.diagnostics[0].details[0])
    }

    func testAGradientCheckOnEveryParameterOfAnEmbeddingModelPasses() {
        let lesson = """
            ```rnn model
            name: lm
            text: the students opened their books
            hidden: 5
            embedding: 3
            activation: sigmoid
            scale: 0.8
            seed: 3
            ```

            ```rnn gradcheck
            model: lm
            sequence: the students opened their books
            ```

            Checked {{ lm.gradcheck.checked }} entries; worst {{ lm.gradcheck.max_relative_error | .1e }}.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        // V = 5, D = 3, H = 5: E 15 + W_e 15 + W_h 25 + b1 5 + U 25 + b2 5 = 90.
        XCTAssertTrue(product.markdown!.contains("Checked 90 entries"), product.markdown!)
    }

    func testAnUnknownNameInAnInlineValueIsAnErrorAtItsLine() {
        let lesson =
            helloModel + "```rnn loss\nmodel: hello\nsequence: hello\n```\n\nThe loss is {{ hello.los.mean }}.\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:13:16: error: unknown name 'hello.los.mean' (did you mean 'hello.loss.mean'?)"
            ])
    }

    func testSampledParametersAreTheNumpyDraws() {
        // np.random.seed(1); np.random.randn(2, 3) * 0.5: W_e (2×3) is drawn first, in C order.
        let lesson = """
            ```rnn model
            name: m
            vocabulary: [a, b, c]
            hidden: 2
            scale: 0.5
            seed: 1
            ```

            ```rnn check
            - value: m.W_e[1]
              equals: 0.5 * [1.6243453636632417, -0.6117564136500754, -0.5281717522634557]
              rtol: 0
              atol: 0
            ```

            """
        XCTAssertEqual(buildLesson(lesson).diagnostics.map(\.headline), [])
    }

    func testExpressionsIndexByStepAndTokenAndMultiplyMatrices() {
        let lesson =
            helloModel + """
                ```rnn forward
                model: hello
                input: he
                ```

                ```rnn check
                - label: h(1) by hand from W_e, W_h, b1 and h(0)
                  value: hello.forward.h[1]
                  equals: tanh(hello.W_h @ hello.h0 + hello.W_e[:, "h"] + hello.b1)
                  rtol: 1e-14
                - label: ŷ(2) by hand
                  value: hello.forward.yhat[2]
                  equals: softmax(hello.U @ hello.forward.h[2] + hello.b2)
                  rtol: 1e-14
                - value: hello.forward.yhat[2, "o"]
                  equals: hello.forward.yhat[2][4]
                  atol: 0
                - value: argmax(hello.forward.yhat[1])
                  equals: hello.forward.predicted[1]
                ```

                """
        XCTAssertEqual(buildLesson(lesson).diagnostics.map(\.headline), [])
    }
}
