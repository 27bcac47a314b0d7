import Foundation
import RNN
import XCTest

@testable import Workbook

/// Networks in lessons: `dataset`, `model` with a cell and a shape, and the directives over them.
final class NetworkDirectiveTests: XCTestCase {
    func messages(_ product: LessonProduct) -> [String] {
        // The notes on directives skipped after the error are tested on their own (ExecutorSkipTests).
        product.diagnostics.filter { $0.severity != .note }.map { d in
            "\(d.location.map { "\($0.line):\($0.column): " } ?? "")\(d.message)"
        }
    }

    func testDatasetLinesOfEveryFormat() throws {
        let tagged = try DatasetDirective.items(
            "# comment\nthe/D cat/N\n\na/D b/c/N\n", format: .tagged, tokens: .words, targetTokens: .words
        ).get()
        XCTAssertEqual(
            tagged,
            [
                Dataset.Item(tokens: ["the", "cat"], labels: ["D", "N"]),
                Dataset.Item(tokens: ["a", "b/c"], labels: ["D", "N"]),
            ])
        let labelled = try DatasetDirective.items(
            "pos: a: b\n", format: .labelled, tokens: .words, targetTokens: .words
        ).get()
        XCTAssertEqual(labelled, [Dataset.Item(tokens: ["a:", "b"], labels: ["pos"])])
        let pairs = try DatasetDirective.items(
            "ab => b a\n", format: .pairs, tokens: .characters, targetTokens: .words
        ).get()
        XCTAssertEqual(pairs, [Dataset.Item(tokens: ["a", "b"], labels: ["b", "a"])])
        for (text, format, message) in [
            ("a/D\ncat\n", Dataset.Format.tagged, "line 2: 'cat' is not word/TAG"),
            ("a/\n", .tagged, "line 1: 'a/' is not word/TAG"),
            ("no colon here\n", .labelled, "line 1: a labelled line is 'label: sentence'"),
            ("two words: x\n", .labelled, "line 1: a labelled line is 'label: sentence', the label one word"),
            ("a => b => c\n", .pairs, "line 1: a pair is 'source => target'"),
            ("a =>\n", .pairs, "line 1: both sides of a pair need at least one token"),
        ] {
            switch DatasetDirective.items(text, format: format, tokens: .words, targetTokens: .words) {
            case .success: XCTFail("accepted \(text)")
            case .failure(let e): XCTAssertEqual("line \(e.line): \(e.message)", message)
            }
        }
    }

    /// The examples a shape reads: vocabularies in order of first appearance, `<EOS>` after generated targets,
    /// `<UNK>` for a held-out token training never saw.
    func testExamplesForEachShape() {
        let data = Dataset(
            format: .labelled,
            items: [
                .init(tokens: ["a", "b"], labels: ["x"]), .init(tokens: ["b", "c"], labels: ["y"]),
                .init(tokens: ["d"], labels: ["x"]),
            ], heldOutFraction: 0.34)
        XCTAssertEqual(data.heldOutCount, 1)
        let classify = data.examples(for: .manyToOne)
        XCTAssertEqual(classify.sources.tokens, ["a", "b", "c", "<UNK>"])
        XCTAssertEqual(classify.targets.tokens, ["x", "y"])
        XCTAssertEqual(classify.training.map(\.source), [[0, 1], [1, 2]])
        XCTAssertEqual(classify.heldOut.map(\.source), [[3]])
        XCTAssertEqual(classify.heldOut.map(\.target), [[0]])
        let spell = data.examples(for: .oneToMany)
        XCTAssertEqual(spell.sources.tokens, ["x", "y"])
        XCTAssertEqual(spell.targets.tokens, ["a", "b", "<EOS>", "c", "d"])
        XCTAssertEqual(spell.training.map(\.target), [[0, 1, 2], [1, 3, 2]])
    }

    static let tagger = """
        ```rnn dataset
        name: tags
        layout: tagged
        text: |
          the/D cat/N sleeps/V
          a/D dog/N runs/V
          the/D dog/N sleeps/V
          a/D cat/N runs/V
        ```

        ```rnn model
        name: t
        dataset: tags
        cell: gru
        bidirectional: true
        hidden: 4
        embedding: 3
        seed: 2
        ```

        """

    /// Parameter counts by hand: E 3×6 (six words); per direction W_ih 12×3, W_hh 12×4, two biases of 12; U 3×8; b2 3.
    func testABidirectionalTaggerHasPyTorchsParametersAndTrains() {
        let lesson =
            Self.tagger + """
                ```rnn check
                - label: parameters
                  value: t.parameter_count
                  equals: 3*6 + 2*(12*3 + 12*4 + 12 + 12) + 3*8 + 3
                - label: tags
                  value: len(t.labels)
                  equals: 3
                ```

                ```rnn gradcheck
                model: t
                input: the cat runs
                target: D N V
                ```

                ```rnn train
                model: t
                optimizer: adam
                lr: 0.1
                batch: 2
                steps: 60
                ```

                ```rnn predict
                model: t
                inputs: [a cat sleeps, the dog runs]
                ```

                ```rnn check
                - label: trained
                  value: t.train.accuracy
                  equals: 1
                - label: first prediction
                  value: t.predict.predictions[1]
                  equals: "D N V"
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(messages(product), [])
        XCTAssertTrue(product.markdown?.contains("`weight_hh_l0_reverse` | 12 × 4 | 48") ?? false)
    }

    /// The forward pass of an LSTM shows its gates and cell states; the values are the engine's.
    func testForwardShowsTheLSTMsGatesAndCellStates() throws {
        let lesson = """
            ```rnn model
            name: m
            characters: ab
            cell: lstm
            hidden: 2
            seed: 4
            ```

            ```rnn forward
            model: m
            input: abba
            show: [gates, cell, top]
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(messages(product), [])
        let net = SequenceModel(
            .init(shape: .languageModel, cell: .lstm, hidden: 2), sources: try Vocabulary(tokens: ["a", "b"]),
            targets: try Vocabulary(tokens: ["a", "b"]), initialization: .uniform(seed: 4))
        let trace = net.forward(source: [0, 1, 1, 0])
        let c4 = trace.network.cellStates()[3]
        let f1 = trace.network.gates()[0][2]
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("| $f_{1}$ |"), "gate columns are named")
        XCTAssertTrue(markdown.contains(String(format: "| %.4f |", f1)), "f_1 at t=1 is the engine's")
        XCTAssertTrue(markdown.contains(String(format: "| %.4f |", c4[1])), "c_2 at t=4 is the engine's")
    }

    func testAPyTorchLSTMLoadsByNameAndGivesPyTorchsLoss() throws {
        let folder = try fixtureURL("weights")
        func lesson(hidden: Int) -> String {
            """
            ```rnn model
            name: m
            vocabulary: [h, e, l, o]
            cell: lstm
            layers: 2
            hidden: \(hidden)
            embedding: 3
            weights_file: pytorch-lstm.npz
            ```

            ```rnn loss
            model: m
            sequence: hello
            ```

            ```rnn check
            - label: PyTorch's loss
              value: m.loss.mean
              equals: 0.0040601263814500858
              rtol: 1e-12
            ```

            """
        }
        let path = folder.appendingPathComponent("lesson.md").path
        XCTAssertEqual(messages(buildLesson(lesson(hidden: 6), path: path)), [])
        XCTAssertEqual(
            messages(buildLesson(lesson(hidden: 5), path: path)),
            [
                "8:15: 'pytorch-lstm.npz' does not fit model 'm': parameter 'weight_ih_l0' should be 20×3 but the file has 24×3"
            ])
    }

    /// `save` writes what `weights_file` reads back: the same loss from the .npz and the .json.
    func testSavedWeightsLoadBackBitForBit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-save-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = """
            ```rnn model
            name: m
            characters: abc
            cell: gru
            layers: 2
            hidden: 3
            embedding: 2
            seed: 9
            WEIGHTS
            ```

            ```rnn loss
            model: m
            sequence: abcab
            format: .17g
            ```

            """
        let first = buildLesson(
            model.replacingOccurrences(of: "WEIGHTS", with: "")
                + "```rnn save\nmodel: m\nfile: m.npz\n```\n\n```rnn save\nmodel: m\nfile: m.json\n```\n",
            path: folder.appendingPathComponent("a.md").path)
        XCTAssertEqual(messages(first), [])
        XCTAssertEqual(first.attachments.keys.sorted(), ["m.json", "m.npz"])
        let arrays = try NumpyArchive.read([UInt8](try XCTUnwrap(first.attachments["m.npz"])))
        XCTAssertEqual(arrays["weight_hh_l1"]?.shape, [9, 3])
        XCTAssertEqual(arrays["bias_ih_l0"]?.shape, [9])
        XCTAssertTrue(first.markdown?.contains("[a.m.npz](<a.m.npz>)") ?? false)
        let loss = { (markdown: String) in markdown.components(separatedBy: "= **").dropFirst().first ?? "" }
        for name in ["m.npz", "m.json"] {
            try XCTUnwrap(first.attachments[name]).write(to: folder.appendingPathComponent(name))
            let again = buildLesson(
                model.replacingOccurrences(of: "WEIGHTS", with: "weights_file: \(name)"),
                path: folder.appendingPathComponent("b.md").path)
            XCTAssertEqual(messages(again), [], name)
            XCTAssertEqual(loss(again.markdown ?? "x"), loss(first.markdown ?? "y"), name)
        }
    }

    func testEncoderDecoderTrainsPredictsAndSamples() {
        let lesson = """
            ```rnn dataset
            name: pairs
            layout: pairs
            tokens: characters
            text: |
              ab => ba
              ba => ab
              aa => aa
              bb => bb
            ```

            ```rnn model
            name: r
            dataset: pairs
            cell: lstm
            hidden: 8
            seed: 1
            ```

            ```rnn gradcheck
            model: r
            input: ab
            target: ba
            ```

            ```rnn train
            model: r
            optimizer: adam
            lr: 0.1
            batch: 4
            steps: 80
            ```

            ```rnn sample
            model: r
            input: ab
            greedy: true
            ```

            ```rnn predict
            model: r
            split: training
            ```

            ```rnn check
            - label: reversed
              value: r.sample.text
              equals: "ba"
            - label: all four
              value: r.predict.accuracy
              equals: 1
            ```

            """
        XCTAssertEqual(messages(buildLesson(lesson)), [])
    }
}
