import Foundation
import XCTest

@testable import Workbook

/// Training, sampling, probability and corpus files in lessons.
final class TrainingDirectiveTests: XCTestCase {
    let word = helloOnWordCorpus

    func testTrainingLowersTheLossAndLeavesTheTrainedModelUnderItsName() {
        let lesson =
            word + """
                ```rnn loss
                model: hello
                sequence: hello
                start: zero
                id: before
                ```

                ```rnn train
                model: hello
                corpus: word
                lr: 0.5
                steps: 200
                ```

                ```rnn loss
                model: hello
                sequence: hello
                ```

                ```rnn check
                - label: the first logged loss is the untrained model's, from the zero vector as training reads it
                  value: hello.train.losses[1]
                  equals: before.mean
                - label: later directives see the trained weights
                  value: hello.loss.mean
                  equals: hello.train.train_loss
                - value: hello.loss.mean < before.mean / 10
                  equals: 1
                - value: len(hello.train.losses)
                  equals: 200
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            product.markdown!.contains("```text\nLoss per update\n"), "the Markdown handout has the text plot")
        XCTAssertTrue(product.html!.contains("<figure class=\"wb-plot\"><svg"), "the HTML handout has the SVG plot")
    }

    func testAWindowNeedsOneTokenMoreThanItsLengthSoHelloHoldsOneWindowOfFour() throws {
        for mode in ["windows", "stream"] {
            let run = "```rnn train\nmodel: hello\nmode: \(mode)\nwindow: 4\nsteps: 2\nplot: false\n```\n"
            let (namespace, fits) = try executeLesson(word + run)
            XCTAssertEqual(fits, [], mode)
            XCTAssertEqual(try numbers("len(hello.train.losses)", in: namespace), [2], mode)
            XCTAssertEqual(
                try executeLesson(word + run.replacingOccurrences(of: "window: 4", with: "window: 5")).headlines,
                [
                    "lesson.md:15:8: error: the corpus has 5 tokens; a window of 5 needs at least 6 (its 5 inputs and the target after the last)"
                ], mode)
        }
    }

    /// `clip_norm: c` scales the whole gradient g by c / (‖g‖ + 1e-6) when ‖g‖ > c, as PyTorch's `clip_grad_norm_`:
    /// one SGD update from the gradient `backward` computes, by hand.
    func testClipNormScalesTheGradientByCOverItsNormPlusOneMillionth() throws {
        let (lr, c) = (0.5, 1e-5)
        let lesson =
            word + """
                ```rnn backward
                model: hello
                sequence: hello
                start: zero
                ```

                ```rnn train
                model: hello
                lr: \(lr)
                clip_norm: \(c)
                steps: 1
                plot: false
                ```

                """
        let names = ["W_e", "W_h", "b1", "U", "b2"]
        let (before, _) = try executeLesson(word)
        let (after, headlines) = try executeLesson(lesson)
        XCTAssertEqual(headlines, [])
        let gradients = try names.map { try numbers("hello.backward.\($0)", in: after) }
        let norm = gradients.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertGreaterThan(norm, 100 * c, "the gradient is clipped")
        XCTAssertEqual(try numbers("hello.train.gradient_norms", in: after), [norm], accuracy: 1e-15 * norm)
        let scale = c / (norm + 1e-6)
        for (name, g) in zip(names, gradients) {
            let moved = zip(try numbers("hello.\(name)", in: before), try numbers("hello.\(name)", in: after)).map {
                $0 - $1
            }
            for (step, gi) in zip(moved, g) where abs(gi) > 1e-3 * norm {
                // Without the 1e-6 the ratio would be lr·c/‖g‖, about 1e-6/‖g‖ (here > 1e-7) larger.
                XCTAssertEqual(step / (lr * gi), scale, accuracy: 1e-9 * scale, name)
            }
        }
    }

    func testADivergingRunIsAnErrorNamingTheUpdate() {
        // ReLU units are unbounded: after one update with this rate, h(t) overflows.
        let lesson =
            word.replacingOccurrences(of: "hidden: 3", with: "hidden: 3\nactivation: relu")
            + "```rnn train\nmodel: hello\ncorpus: word\nlr: 1e300\nsteps: 50\n```\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:16:8: error: training diverged at update 2 of 50: the loss is NaN; lower 'lr' or clip the gradients ('clip' or 'clip_norm')"
            ])
    }

    func testSamplingAnUnknownModelOrAnUntrainedOneIsReported() {
        XCTAssertEqual(
            headlines("```rnn sample\nmodel: ghost\n```\n"),
            [
                "Lessons/test.md:2:8: error: no model named 'ghost' is defined above this directive"
            ])
        let product = buildLesson(word + "```rnn sample\nmodel: hello\nlength: 5\n```\n")
        XCTAssertNotNil(product.html, "a warning does not fail the build")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:15:8: warning: sampling from 'hello', which no 'train' directive has trained: its text is random; train it first, or add 'untrained: true' to show that on purpose"
            ])
        XCTAssertEqual(
            buildLesson(word + "```rnn sample\nmodel: hello\nlength: 5\nuntrained: true\n```\n").diagnostics.count, 0)
    }

    func testGreedySamplingOfTheTrainedHelloModelSpellsHello() {
        let lesson =
            word + """
                ```rnn train
                model: hello
                corpus: word
                lr: 0.5
                steps: 300
                plot: false
                ```

                ```rnn sample
                model: hello
                prime: h
                greedy: true
                length: 4
                ```

                ```rnn check
                - value: hello.sample.text
                  equals: "hello"
                ```

                """
        XCTAssertEqual(headlines(lesson), [])
    }

    func testCorpusFilesAreReadOnlyFromInsideTheLessonsFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
        let lessons = root.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(
            at: lessons.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "secret words\n".write(to: root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try "a b\nb a\n".write(to: lessons.appendingPathComponent("data/ok.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: lessons.appendingPathComponent("data/link.txt"),
            withDestinationURL: root.appendingPathComponent("secret.txt"))
        func diagnostics(_ file: String) -> [String] {
            let path = lessons.appendingPathComponent("x.md").path
            let text = "```rnn corpus\nname: c\nfile: \(file)\n```\n"
            return buildLesson(text, path: path).diagnostics.map {
                $0.headline.replacingOccurrences(of: path, with: "x.md")
            }
        }
        XCTAssertEqual(diagnostics("data/ok.txt"), [])
        XCTAssertEqual(
            diagnostics("../secret.txt"),
            [
                "x.md:3:7: error: '../secret.txt' is outside the lesson's folder; a lesson reads only files beside it or below it"
            ])
        XCTAssertEqual(
            diagnostics("data/link.txt"),
            [
                "x.md:3:7: error: 'data/link.txt' is outside the lesson's folder; a lesson reads only files beside it or below it"
            ])
        XCTAssertEqual(
            diagnostics("/etc/passwd"),
            [
                "x.md:3:7: error: '/etc/passwd' is outside the lesson's folder; a lesson reads only files beside it or below it"
            ])
        XCTAssertTrue(
            diagnostics("data/missing.txt").first?.hasPrefix("x.md:3:7: error: cannot read 'data/missing.txt'") ?? false
        )
    }

    func testSentenceProbabilityIsTheProductOfTheConditionals() {
        let lesson = """
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

            ```rnn probability
            model: lm
            sentence: the cat sat
            eos: false
            ```

            ```rnn check
            - label: P(the) is the first output after the zero input, by hand
              value: lm.probability.factors[1]
              equals: softmax(lm.U @ tanh(lm.W_h @ lm.h0 + lm.b1) + lm.b2)[1]
              rtol: 1e-13
            - label: P(cat | the), by hand
              value: lm.probability.factors[2]
              equals: softmax(lm.U @ tanh(lm.W_h @ tanh(lm.W_h @ lm.h0 + lm.b1) + lm.W_e[:, "the"] + lm.b1) + lm.b2)[2]
              rtol: 1e-13
            - value: lm.probability.probability
              equals: prod(lm.probability.factors)
            ```

            """
        XCTAssertEqual(headlines(lesson), [])
    }
}

/// `train` with `mode: windows`: char-rnn's consecutive windows, each an example from the zero state.
final class WindowTrainingTests: XCTestCase {
    func testWindowsAreConsecutiveAndShiftedByOneAndTrainInBatches() {
        // 13 characters cut into windows of 3: (13 - 1) / 3 = 4 windows, each "abc" → "bca"; the first update's
        // loss (a batch of 2 of them) is therefore the untrained model's loss on "abca".
        let lesson = """
            ```rnn corpus
            name: letters
            text: abcabcabcabca
            tokens: characters
            eos: false
            ```

            ```rnn model
            name: m
            corpus: letters
            cell: lstm
            layers: 2
            hidden: 4
            seed: 2
            ```

            ```rnn loss
            model: m
            sequence: abca
            id: before
            ```

            ```rnn train
            model: m
            corpus: letters
            mode: windows
            window: 3
            batch: 2
            epochs: 3
            optimizer: adam
            lr: 0.05
            ```

            ```rnn check
            - label: the first update's loss is that of one window
              value: m.train.losses[1]
              equals: before.mean
            - label: 4 windows in batches of 2, 3 epochs
              value: len(m.train.losses)
              equals: 6
            - value: m.train.losses[6] < m.train.losses[1]
              equals: 1
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown!.contains("batches of 2 windows of 3 tokens, each from h(0)"), product.markdown!)
    }

    func testWindowAndBatchBelongToTheirModes() {
        XCTAssertEqual(
            headlines(
                helloOnWordCorpus + "```rnn train\nmodel: hello\ncorpus: word\nwindow: 4\nsteps: 2\n```\n"),
            [
                "Lessons/test.md:18:1: error: 'window' applies to mode: stream or windows"
            ])
    }
}
