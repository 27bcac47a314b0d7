import Foundation
import XCTest

@testable import Workbook

/// The order of a data set's tokens and labels: first appearance unless the author lists it (`vocabulary`,
/// `labels`, `target_vocabulary` on the data set, `labels` on the model), and weights from a file only into a
/// model whose order the author stated. Numbers by hand: one hidden unit, so ŷ(t) = softmax(U h(t) + b2) with
/// h(1) = tanh(W_ih[:, x(1)] + b_ih + b_hh).
final class LabelOrderTests: XCTestCase {
    /// A tagger of one unit whose file lists its rows in the author's order h, e, l, o: U's row k is k, so the
    /// label in row k is recognisable by its logit k·h.
    let weights = Data(
        """
        {"weight_ih_l0": [[0.5, -0.25, 1.0, 2.0]], "weight_hh_l0": [[0.3]], "bias_ih_l0": [0.1],
         "bias_hh_l0": [-0.2], "U": [[1], [2], [3], [4]], "b2": [0, 0.5, 0, 0]}
        """.utf8)

    func dataset(_ extra: String) -> String {
        """
        ```rnn dataset
        name: tags
        layout: tagged
        text: |
          h/e e/l l/l l/o o/h
        \(extra)
        ```

        """
    }

    let model = """
        ```rnn model
        name: m
        dataset: tags
        hidden: 1
        weights_file: w.json
        ```

        ```rnn forward
        model: m
        input: h e
        ```

        """

    /// softmax(U h + b2) for U = (1, 2, 3, 4), b2 = (0, 0.5, 0, 0): the file's rows h, e, l, o.
    func expectedProbabilities(_ h: Double) -> [Double] {
        let logits = [1 * h, 2 * h + 0.5, 3 * h, 4 * h]
        let total = logits.map(exp).reduce(0, +)
        return logits.map { exp($0) / total }
    }

    func testWithoutAStatedOrderWeightsFromAFileAreAnErrorThatGivesTheCurrentOrder() throws {
        let (_, headlines) = try executeLesson(dataset("") + model, files: ["w.json": weights])
        XCTAssertEqual(
            headlines.first,
            "lesson.md:12:15: error: 'w.json' does not say which token or label each of its rows and columns belongs to, and data set 'tags' orders them only as its examples first use them; state the file's order on the data set (labels also on the model): 'vocabulary: [h, e, l, o]' and 'labels: [e, l, o, h]' is their order now"
        )
    }

    func testTheLabelsListOrdersTheOutputRowsAsTheFileDoes() throws {
        let (namespace, headlines) = try executeLesson(
            dataset("labels: [h, e, l, o]\nvocabulary: [h, e, l, o]") + model, files: ["w.json": weights])
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try tokens("m.labels", in: namespace), ["h", "e", "l", "o"])
        XCTAssertEqual(try tokens("tags.labels", in: namespace), ["h", "e", "l", "o"])
        let h1 = tanh(0.5 + 0.1 - 0.2)
        let h2 = tanh(-0.25 + 0.3 * h1 + 0.1 - 0.2)
        XCTAssertEqual(
            try numbers("m.forward.yhat", in: namespace), expectedProbabilities(h1) + expectedProbabilities(h2),
            accuracy: 1e-15)
        XCTAssertEqual(
            try numbers(#"m.forward.yhat[1, "h"]"#, in: namespace), [expectedProbabilities(h1)[0]], accuracy: 1e-15)
    }

    func testTheModelsLabelsOrderItsOutputsAndTrainingAndPredictionFollowThem() throws {
        let lesson =
            dataset("vocabulary: [h, e, l, o]")
            + model.replacingOccurrences(of: "hidden: 1\n", with: "hidden: 1\nlabels: [h, e, l, o]\n")
                + """
                ```rnn train
                model: m
                steps: 1
                lr: 0
                plot: false
                ```

                ```rnn predict
                model: m
                split: training
                ```

                """
        let (namespace, headlines) = try executeLesson(lesson, files: ["w.json": weights])
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try tokens("m.labels", in: namespace), ["h", "e", "l", "o"])
        // With lr 0 training leaves the weights as loaded; the loss is that of the file's model, rows h, e, l, o.
        let inputs = [0.5, -0.25, 1.0, 1.0, 2.0]
        let targets = [1, 2, 2, 3, 0]
        var h = 0.0
        var loss = 0.0
        for (x, y) in zip(inputs, targets) {
            h = tanh(x + 0.3 * h + 0.1 - 0.2)
            loss -= log(expectedProbabilities(h)[y])
        }
        XCTAssertEqual(try numbers("m.train.final_loss", in: namespace), [loss / 5], accuracy: 1e-14)
    }

    func testAnOrderThatLeavesOutALabelOrATokenIsAnErrorAtItsList() throws {
        let (_, missingLabel) = try executeLesson(dataset("labels: [h, e, l]"))
        XCTAssertEqual(
            missingLabel,
            [
                "lesson.md:6:1: error: 'labels' must name every one of the labels of data set 'tags' in the order you want; it leaves out 'o'"
            ])
        let (_, missingToken) = try executeLesson(dataset("vocabulary: [o, l, e]"))
        XCTAssertEqual(
            missingToken,
            [
                "lesson.md:6:1: error: 'vocabulary' must name every one of the tokens of data set 'tags' in the order you want; it leaves out 'h'"
            ])
        let (_, onModel) = try executeLesson(
            dataset("")
                + "```rnn model\nname: m\ndataset: tags\nhidden: 2\nlabels: [h, e]\n```\n")
        XCTAssertEqual(
            onModel,
            [
                "lesson.md:12:1: error: 'labels' must name every one of the labels of data set 'tags' in the order you want; it leaves out 'l', 'o'"
            ])
    }

    func testWithoutAListTheOrderIsFirstAppearanceAndAListMayNameMoreThanTheDataUses() throws {
        let (namespace, headlines) = try executeLesson(
            dataset("")
                + """
                ```rnn dataset
                name: wider
                layout: labelled
                labels: [neutral, positive, negative]
                text: |
                  negative: not good
                  positive: good
                ```

                ```rnn model
                name: c
                dataset: wider
                hidden: 2
                ```

                """)
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try tokens("tags.labels", in: namespace), ["e", "l", "o", "h"])
        XCTAssertEqual(try tokens("c.labels", in: namespace), ["neutral", "positive", "negative"])
        XCTAssertEqual(try tokens("c.vocabulary", in: namespace), ["not", "good"])
    }

    func testPairsAreOrderedByTheirTargetVocabularyAndHaveNoLabels() throws {
        let pairs = """
            ```rnn dataset
            name: rev
            layout: pairs
            tokens: characters
            target_vocabulary: [c, b, a]
            text: |
              ab => ba
              bc => cb
            ```

            ```rnn model
            name: s
            dataset: rev
            hidden: 2
            ```

            """
        let (namespace, headlines) = try executeLesson(pairs)
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try tokens("s.labels", in: namespace), ["c", "b", "a", "<EOS>"])
        XCTAssertEqual(try tokens("s.vocabulary", in: namespace), ["a", "b", "c"])
        let (_, refused) = try executeLesson(pairs.replacingOccurrences(of: "target_vocabulary", with: "labels"))
        XCTAssertEqual(
            refused.first,
            "lesson.md:5:1: error: pairs have no labels: their targets are sequences, ordered with 'target_vocabulary'")
    }
}
