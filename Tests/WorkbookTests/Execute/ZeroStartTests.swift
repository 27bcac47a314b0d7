import Foundation
import XCTest

@testable import Workbook

/// `start: zero`: a language model reads the zero vector first, as sentence training and `probability` do.
final class ZeroStartTests: XCTestCase {
    let course = """
        ```rnn corpus
        name: tiny
        sentences: [the cat sat, the dog sat]
        ```

        ```rnn model
        name: lm
        corpus: tiny
        hidden: 4
        scale: 0.5
        ```

        """

    func testTheLossFromTheZeroVectorIsTheSentencesProbability() throws {
        let lesson =
            course + """
                ```rnn loss
                model: lm
                sequence: the cat sat <EOS>
                start: zero
                ```

                ```rnn probability
                model: lm
                sentence: the cat sat
                ```

                ```rnn forward
                model: lm
                input: the cat
                start: zero
                ```

                ```rnn check
                - label: the summed loss from the zero vector is -log P(sentence)
                  value: lm.loss.sum
                  equals: -lm.probability.log_probability
                  rtol: 1e-14
                - label: the first row of forward is P(first word)
                  value: lm.forward.yhat[1, "the"]
                  equals: lm.probability.factors[1]
                  rtol: 0
                  atol: 0
                - value: lm.loss.T
                  equals: 4
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown?.contains("| 1 | `∅` | `the` |") ?? false, product.markdown ?? "")
    }

    func testZeroStartIsForLanguageModelsAndSequences() {
        XCTAssertEqual(
            headlines(
                course
                    + "```rnn loss\nmodel: lm\ninput: the cat\ntarget: cat sat\nstart: zero\n```\n"),
            [
                "Lessons/test.md:16:1: error: 'start: zero' goes with 'sequence' (or 'input' alone in 'forward'): the zero vector comes first and every token is a target"
            ])
    }
}

/// One rule for sentence training, with or without `<EOS>`: each sentence is read from the zero vector and every
/// token is a target; `forward`, `loss` and the others then start the way the model was trained.
final class TrainedStartTests: XCTestCase {
    /// The docs' hello example: a one-word corpus without `<EOS>`, and the loss before training from both starts.
    let lesson =
        helloOnWordCorpus + """
            ```rnn loss
            model: hello
            sequence: hello
            start: zero
            id: from_zero
            ```

            ```rnn loss
            model: hello
            sequence: hello
            id: from_first
            ```

            ```rnn train
            model: hello
            lr: 0.5
            steps: 2
            plot: false
            ```

            ```rnn loss
            model: hello
            sequence: hello
            ```

            ```rnn forward
            model: hello
            input: hell
            ```

            ```rnn loss
            model: hello
            sequence: hello
            start: first
            id: first_after
            ```

            """

    func testSentenceTrainingWithoutEOSReadsTheZeroVectorFirstAndLaterDirectivesStartSo() throws {
        let (namespace, headlines) = try executeLesson(lesson)
        XCTAssertEqual(headlines, [])
        // The first update's loss is the untrained model's on ∅ h e l l → h e l l o, not on h e l l → e l l o.
        let first = try numbers("hello.train.losses[1]", in: namespace)
        XCTAssertEqual(first, try numbers("from_zero.mean", in: namespace))
        XCTAssertNotEqual(first, try numbers("from_first.mean", in: namespace))
        XCTAssertEqual(try tokens("from_first.inputs", in: namespace), ["h", "e", "l", "l"])
        // After training the default is the zero vector first: every letter of "hello" is a target.
        XCTAssertEqual(try tokens("hello.loss.inputs", in: namespace), ["∅", "h", "e", "l", "l"])
        XCTAssertEqual(try tokens("hello.loss.targets", in: namespace), ["h", "e", "l", "l", "o"])
        XCTAssertEqual(try tokens("hello.forward.tokens", in: namespace), ["∅", "h", "e", "l", "l"])
        XCTAssertEqual(try numbers("hello.loss.mean", in: namespace), try numbers("hello.train.train_loss", in: namespace))
        XCTAssertEqual(try tokens("first_after.inputs", in: namespace), ["h", "e", "l", "l"])
    }

    func testTrainingOnWindowsKeepsTheFirstTokenFirst() throws {
        let windows = lesson.replacingOccurrences(of: "lr: 0.5\n", with: "lr: 0.5\nmode: windows\nwindow: 4\n")
        let (namespace, headlines) = try executeLesson(windows)
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try numbers("hello.train.losses[1]", in: namespace), try numbers("from_first.mean", in: namespace))
        XCTAssertEqual(try tokens("hello.loss.inputs", in: namespace), ["h", "e", "l", "l"])
        XCTAssertEqual(try tokens("hello.forward.tokens", in: namespace), ["h", "e", "l", "l"])
    }
}

/// The smoothed loss of a run without `smoothing` averages over about a tenth of it: β = 1 − 10/updates.
final class DefaultSmoothingTests: XCTestCase {
    func testTheSmoothedLossOfFortyUpdatesUsesThreeQuarters() {
        let lesson =
            helloOnWordCorpus + """
                ```rnn train
                model: hello
                corpus: word
                steps: 40
                ```

                ```rnn check
                - label: s(2) = β s(1) + (1 − β) loss(2) with β = 1 − 10/40
                  value: hello.train.smoothed[2]
                  equals: 0.75 * hello.train.smoothed[1] + 0.25 * hello.train.losses[2]
                  rtol: 1e-14
                - label: s(1) starts from the loss of a uniform guess, log V
                  value: hello.train.smoothed[1]
                  equals: 0.75 * log(4) + 0.25 * hello.train.losses[1]
                  rtol: 1e-14
                ```

                """
        XCTAssertEqual(buildLesson(lesson).diagnostics.map(\.headline), [])
    }
}
