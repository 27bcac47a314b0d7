import Foundation
import XCTest

@testable import Workbook

/// `backward` with `h0`/`c0` and `probability` on networks, through lessons, against PyTorch float64
/// (`Tests/RNNTests/Reference/make_sequence_reference.py` wrote the numbers; relative 1e-10).
final class NetworkGradientDirectiveTests: XCTestCase {
    struct Case: Decodable {
        struct Expected: Decodable {
            let loss: Double
            let gradients: [String: [[Double]]]
            let initial_gradients: [String: [[Double]]]
        }
        let shape: String
        let cell: String
        let layers: Int
        let bidirectional: Bool
        let embedding: Int?
        let hidden: Int
        let sources: Int
        let source: [Int]
        let target: [Int]
        let parameters: [String: [[Double]]]
        let initial: [String: [[Double]]]
        let expected: Expected
    }

    static func cases() throws -> [Case] {
        struct File: Decodable { let cases: [Case] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("RNNTests/Reference/sequence_reference.json")
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        // A loop over no cases would pass having checked nothing.
        if cases.isEmpty { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path]) }
        return cases
    }

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("network-gradients-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Builds `lesson` beside the case's weights (`weights.json`) and returns the lesson's values.
    func build(_ c: Case, _ body: String) throws -> (ExecutedValues, [String]) {
        try JSONEncoder().encode(c.parameters).write(to: folder.appendingPathComponent("weights.json"))
        let tokens = (0..<c.sources).map { "t\($0)" }.joined(separator: ", ")
        let model = """
            ```rnn model
            name: m
            vocabulary: [\(tokens)]
            cell: \(c.cell)
            layers: \(c.layers)
            hidden: \(c.hidden)
            \(c.embedding.map { "embedding: \($0)\n" } ?? "")weights_file: weights.json
            ```

            """
        let path = folder.appendingPathComponent("lesson.md")
        try Data((model + body).utf8).write(to: path)
        var options = BuildOptions()
        options.katexDirectory = nil
        let (namespace, headlines) = try executeLesson(at: path, limits: options.limits)
        return (ExecutedValues(namespace: namespace), headlines)
    }

    struct ExecutedValues {
        let namespace: Namespace
        func numbers(_ expression: String) throws -> [Double] {
            switch try Evaluator(namespace: namespace).evaluate(ExpressionParser.parse(expression)) {
            case .number(let x): return [x]
            case .tensor(let t): return t.data
            default: return []
            }
        }
    }

    func assertClose(_ a: [Double], _ b: [Double], _ label: String, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertEqual(a.count, b.count, label, file: file, line: line)
        for (x, y) in zip(a, b) where abs(x - y) > 1e-10 * max(abs(x), abs(y), 1e-3) {
            XCTFail("\(label): \(x) vs \(y)", file: file, line: line)
            return
        }
    }

    func rows(_ m: [[Double]]) -> String {
        "[" + m.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    func testBackwardFromAGivenStateOfANetworkLanguageModelIsPyTorchs() throws {
        let cases = try Self.cases().filter {
            $0.shape == "language-model" && !$0.initial.isEmpty && $0.source.first != -1
        }
        XCTAssertEqual(cases.count, 2, "the GRU and the two-layer RNN language models")
        for c in cases {
            let sequence = ([c.source[0]] + c.target).map { "t\($0)" }.joined(separator: " ")
            var body =
                "```rnn backward\nmodel: m\nsequence: [\(sequence.split(separator: " ").joined(separator: ", "))]\nh0: \(rows(c.initial["h0"]!))\n"
            if let c0 = c.initial["c0"] { body += "c0: \(rows(c0))\n" }
            body += "```\n"
            let (values, diagnostics) = try build(c, body)
            XCTAssertEqual(diagnostics, [], "\(c.cell)")
            XCTAssertEqual(try values.numbers("m.backward.loss").first ?? .nan, c.expected.loss, accuracy: 1e-12)
            for (name, expected) in c.expected.gradients {
                assertClose(try values.numbers("m.backward.\(name)"), expected.flatMap { $0 }, "\(c.cell) ∂J/∂\(name)")
            }
            assertClose(
                try values.numbers("m.backward.dh0"), c.expected.initial_gradients["h0"]!.flatMap { $0 },
                "\(c.cell) ∂J/∂h0")
        }
    }

    /// Builds `lesson` (its model `m`, its `backward` under the default id) and compares the loss, every
    /// gradient, ∂J/∂h0 and (an LSTM) ∂J/∂c0 with the reference case's.
    func assertBackwardIsPyTorchs(_ c: Case, _ lesson: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let path = folder.appendingPathComponent("lesson.md")
        try Data(lesson.utf8).write(to: path)
        let (namespace, headlines) = try executeLesson(at: path)
        XCTAssertEqual(headlines, [], file: file, line: line)
        let values = ExecutedValues(namespace: namespace)
        XCTAssertEqual(
            try values.numbers("m.backward.loss").first ?? .nan, c.expected.loss, accuracy: 1e-12, file: file,
            line: line)
        for (name, expected) in c.expected.gradients {
            assertClose(
                try values.numbers("m.backward.\(name)"), expected.flatMap { $0 }, "∂J/∂\(name)", file: file, line: line
            )
        }
        for (state, name) in [("h0", "dh0"), ("c0", "dc0")] {
            guard let expected = c.expected.initial_gradients[state] else { continue }
            assertClose(
                try values.numbers("m.backward.\(name)"), expected.flatMap { $0 }, "∂J/∂\(state)", file: file,
                line: line)
        }
    }

    func testBackwardFromAGivenStateOfABidirectionalClassifierIsPyTorchs() throws {
        let c = try XCTUnwrap(
            try Self.cases().first { $0.shape == "many-to-one" && $0.cell == "gru" && !$0.initial.isEmpty })
        try JSONEncoder().encode(c.parameters).write(to: folder.appendingPathComponent("weights.json"))
        // The reference's token and label order, stated as a weights file needs.
        let tokens = (0..<c.sources).map { "t\($0)" }
        let lesson = """
            ```rnn dataset
            name: d
            layout: labelled
            text: |
              l0: \(tokens.joined(separator: " "))
              l1: \(tokens.reversed().joined(separator: " "))
            vocabulary: [\(tokens.joined(separator: ", "))]
            labels: [l0, l1]
            ```

            ```rnn model
            name: m
            dataset: d
            cell: gru
            layers: \(c.layers)
            bidirectional: true
            hidden: \(c.hidden)
            weights_file: weights.json
            ```

            ```rnn backward
            model: m
            input: [\(c.source.map { "t\($0)" }.joined(separator: ", "))]
            target: l\(c.target[0])
            h0: \(rows(c.initial["h0"]!))
            ```

            """
        try assertBackwardIsPyTorchs(c, lesson)
    }

    func testBackwardFromAGivenStateAndCellStateOfABidirectionalLSTMTaggerIsPyTorchs() throws {
        let c = try XCTUnwrap(
            try Self.cases().first { $0.shape == "many-to-many" && $0.cell == "lstm" && !$0.initial.isEmpty })
        try JSONEncoder().encode(c.parameters).write(to: folder.appendingPathComponent("weights.json"))
        // One sentence of every token and tag, in the reference's order, stated as a weights file needs.
        let tagged = (0..<c.sources).map { "t\($0)/g\($0 % 3)" }.joined(separator: " ")
        let lesson = """
            ```rnn dataset
            name: d
            layout: tagged
            text: \(tagged)
            vocabulary: [\((0..<c.sources).map { "t\($0)" }.joined(separator: ", "))]
            labels: [g0, g1, g2]
            ```

            ```rnn model
            name: m
            dataset: d
            cell: lstm
            layers: \(c.layers)
            bidirectional: true
            hidden: \(c.hidden)
            embedding: \(c.embedding!)
            weights_file: weights.json
            ```

            ```rnn backward
            model: m
            input: [\(c.source.map { "t\($0)" }.joined(separator: ", "))]
            target: [\(c.target.map { "g\($0)" }.joined(separator: ", "))]
            h0: \(rows(c.initial["h0"]!))
            c0: \(rows(c.initial["c0"]!))
            ```

            """
        try assertBackwardIsPyTorchs(c, lesson)
    }

    func testTheProbabilityOfASentenceUnderANetworkLanguageModelIsPyTorchs() throws {
        let c = try XCTUnwrap(
            try Self.cases().first { $0.shape == "language-model" && $0.source.first == -1 && $0.initial.isEmpty })
        let sentence = c.target.map { "t\($0)" }.joined(separator: ", ")
        let (values, diagnostics) = try build(
            c, "```rnn probability\nmodel: m\nsentence: [\(sentence)]\neos: false\n```\n")
        XCTAssertEqual(diagnostics, [])
        // PyTorch's mean loss over the T = 4 targets: P = exp(-4 · mean).
        let expected = -Double(c.target.count) * c.expected.loss
        XCTAssertEqual(
            try values.numbers("m.probability.log_probability").first ?? .nan, expected, accuracy: 1e-12 * abs(expected)
        )
    }
}
