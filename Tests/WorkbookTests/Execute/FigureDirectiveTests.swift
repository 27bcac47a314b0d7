import Foundation
import XCTest

@testable import Workbook

/// `rnn diagram` and `rnn highlight`: drawn from the same numbers the other directives compute, in every
/// shape, escaped, with text for screen readers and a text form in the Markdown handout.
final class FigureDirectiveTests: XCTestCase {
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testTheHelloDiagramShowsTheForwardPassAndMarksEachTarget() throws {
        let product = buildLesson(
            helloModel + """
                ```rnn forward
                model: hello
                input: hell
                ```

                ```rnn diagram
                model: hello
                input: hell
                target: ello
                top: 2
                format: .4f
                ```

                """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = try XCTUnwrap(product.html)
        let markdown = try XCTUnwrap(product.markdown)
        // The forward pass's h(1) (its table, 4 decimals) is the diagram's first column.
        let forwardRow = try XCTUnwrap(
            markdown.split(separator: "\n").first { $0.hasPrefix("| 1 · `h` |") || $0.hasPrefix("| 1 `h` |") })
        let h1 = forwardRow.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.dropFirst(1).prefix(3)
        let diagramRow = try XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| 1 | `h` | \\[") })
        XCTAssertTrue(diagramRow.contains("[" + h1.joined(separator: ", ") + "\\]"), "\(forwardRow)\n\(diagramRow)")
        // Four columns: four inputs, 3 units each, and each target marked once, right or wrong.
        XCTAssertEqual(count("<title>unit ", in: html), 12)
        XCTAssertEqual(count("class=\"wb-right\"", in: html) + count("class=\"wb-wrong\"", in: html), 4)
        XCTAssertEqual(count("✓", in: markdown) + count("✗", in: markdown), 4)
        XCTAssertTrue(html.contains("<title id=\"wb-arrow-"), html)
        XCTAssertTrue(html.contains("<desc id=\"wb-arrow-"), html)
        XCTAssertTrue(html.contains("step 1: reads h, most likely output"), html)
    }

    func testEveryShapeIsDrawnAsItComputes() throws {
        let lesson = """
            ```rnn dataset
            name: pairs
            layout: pairs
            tokens: characters
            text: |
              ab => ba
              ba => ab
            ```

            ```rnn model
            name: r
            dataset: pairs
            cell: gru
            layers: 2
            hidden: 3
            seed: 1
            ```

            ```rnn diagram
            model: r
            input: ab
            target: ba
            ```

            ```rnn dataset
            name: mood
            layout: labelled
            text: |
              pos: good fun
              neg: bad <dull>
            ```

            ```rnn model
            name: c
            dataset: mood
            bidirectional: true
            hidden: 2
            seed: 2
            ```

            ```rnn diagram
            model: c
            input: [good, <dull>]
            target: neg
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = try XCTUnwrap(product.html)
        let markdown = try XCTUnwrap(product.markdown)
        // Encoder-decoder: two encoder columns (two layers each), then the decoder's three steps to <EOS>.
        XCTAssertTrue(markdown.contains("| enc 1 | `a` |"), markdown)
        XCTAssertTrue(markdown.contains("| enc 2 | `b` |"), markdown)
        XCTAssertTrue(markdown.contains("the encoder's last state starts the decoder"), markdown)
        XCTAssertTrue(html.contains(">encoder</text>") && html.contains(">decoder</text>"), html)
        XCTAssertTrue(markdown.contains("| 1 | `(start)` |"), markdown)
        XCTAssertTrue(markdown.contains("`<EOS>`"), markdown)
        // Many-to-one, bidirectional: both directions drawn, one output, at the last step; tokens escaped.
        XCTAssertTrue(markdown.contains("| hidden h → | hidden h ← |"), markdown)
        XCTAssertTrue(html.contains("&lt;dull&gt;") && !html.contains("<dull>"))
        let rows = markdown.split(separator: "\n").filter {
            $0.hasPrefix("| 1 | `good`") || $0.hasPrefix("| 2 | `<dull>`")
        }
        XCTAssertEqual(rows.count, 2, markdown)
        XCTAssertTrue(rows[0].hasSuffix("|   |   |"), String(rows[0]))
        XCTAssertTrue(rows[1].contains("`neg`"), String(rows[1]))
    }

    func testHighlightValuesAreTheLossesStatesAndSaliencyOfTheOtherDirectives() throws {
        let lesson = """
            ```rnn model
            name: m
            characters: abc
            cell: lstm
            hidden: 3
            seed: 4
            ```

            ```rnn loss
            model: m
            sequence: abcab
            ```

            ```rnn forward
            model: m
            input: abca
            ```

            ```rnn backward
            model: m
            sequence: abcab
            reduction: last
            ```

            ```rnn highlight
            model: m
            sequence: abcab
            value: probability
            guesses: 2
            ```

            ```rnn highlight
            model: m
            input: abca
            value: gate
            gate: f
            unit: 2
            id: forget
            ```

            ```rnn highlight
            model: m
            sequence: abcab
            value: saliency
            id: salient
            ```

            ```rnn check
            - label: each token is coloured by the probability the loss gave it
              value: [m.highlight.values[2], m.highlight.values[3], m.highlight.values[4], m.highlight.values[5]]
              equals: m.loss.p_target
              rtol: 0
              atol: 0
            - label: the forget gate of unit 2
              value: forget.values
              equals: m.forward.f[:, 2]
              rtol: 0
              atol: 0
            - label: saliency is the norm of the last output's gradient with respect to each input
              value: [salient.values[1], salient.values[2], salient.values[3], salient.values[4]]
              equals: m.backward.saliency
              rtol: 1e-15
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = try XCTUnwrap(product.html)
        XCTAssertEqual(count("class=\"wb-tok\"", in: html), 5 + 4 + 5)
        XCTAssertEqual(count("<small class=\"wb-guesses\">", in: html), 4)
        XCTAssertTrue(html.contains("title=\"a: no value; next: "), html)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("abcab\n·"), markdown)
    }

    func testMistakesAreDiagnosed() {
        let cases: [(String, String)] = [
            (
                "```rnn highlight\nmodel: hello\ninput: hell\nvalue: gate\ngate: f\nunit: 1\n```\n",
                "error: 'hello' (tanh) has no gates; got 'f'"
            ),
            (
                "```rnn highlight\nmodel: hello\ninput: hell\nvalue: probability\n```\n",
                "error: 'value: probability' needs 'sequence', the text whose every next token the model predicts"
            ),
            (
                "```rnn highlight\nmodel: hello\ninput: hell\nvalue: unit\nunit: 9\n```\n",
                "error: 'unit' is 9 but 'hello' has 3 hidden units"
            ),
            (
                "```rnn highlight\nmodel: hello\ninput: hell\nvalues: [1, 2]\n```\n",
                "error: 'values' must be a vector with one number per token (4), got a vector of 2"
            ),
            (
                "```rnn diagram\nmodel: hello\ninput: hell\nsteps: 3-1\n```\n",
                "error: 'steps' is a range of steps such as 1-8 (the first step is 1)"
            ),
            (
                "```rnn diagram\nmodel: hello\ninput: hell\nsteps: 7-9\n```\n",
                "error: 'steps' starts at 7 but the input has 4 steps"
            ),
        ]
        for (body, expected) in cases {
            let found = headlines(helloModel + body)
            XCTAssertEqual(found.count, 1, body)
            XCTAssertTrue(found.first?.hasSuffix(expected) ?? false, "\(found)")
        }
    }

    /// A heatmap's cells and a bar plot's bars are counted against maxPlotCells before anything is drawn: a
    /// 400 × 400 W_h (160,000 cells) is refused at its `value` by default, and the hello model's 3 × 3 W_h and
    /// its 4 output probabilities are drawn under a limit of 9 but not under one of 8 and 3.
    func testPlotsDrawAtMostMaxPlotCells() {
        let large = "```rnn model\nname: big\nvocabulary: [a, b]\nhidden: 400\n```\n\n"
        let heatmap = { (matrix: String) in "```rnn plot\nkind: heatmap\nvalue: \(matrix)\n```\n\n" }
        let bars = "```rnn plot\nkind: bar\nvalue: hello.forward.yhat[4]\n```\n"
        XCTAssertEqual(
            headlines(large + heatmap("big.W_h")),
            [
                "Lessons/test.md:9:8: error: the heatmap plot would draw 160000 cells (a 400×400 matrix), more than 100000, the limit maxPlotCells; plot a smaller part or raise the limit (--limit maxPlotCells=…)"
            ])
        let small = helloModelOnHell + heatmap("hello.W_h") + bars
        var limits = Limits()
        limits.maxPlotCells = 9
        XCTAssertEqual(buildLesson(small, limits: limits).diagnostics.map(\.headline), [])
        limits.maxPlotCells = 3
        XCTAssertEqual(
            buildLesson(small, limits: limits).diagnostics.map(\.headline),
            [
                "Lessons/test.md:14:8: error: the heatmap plot would draw 9 cells (a 3×3 matrix), more than 3, the limit maxPlotCells; plot a smaller part or raise the limit (--limit maxPlotCells=…)",
                "Lessons/test.md:19:8: error: the bar plot would draw 4 bars (a vector of 4), more than 3, the limit maxPlotCells; plot a smaller part or raise the limit (--limit maxPlotCells=…)",
            ])
    }
}
