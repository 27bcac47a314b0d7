import Foundation
import XCTest

@testable import Workbook

/// A lesson reproduces min-char-rnn from its seed: `order: sorted` gives numpy's `sorted(set(data))`, so
/// `init: normal, scale: 0.01, seed: 42` draws the numpy original's weights on the same characters, and training
/// as min-char-rnn trains gives its losses (`Tests/RNNTests/Reference/min_char_rnn_reference.py`).
final class MinCharRNNLessonTests: XCTestCase {
    struct Reference: Decodable {
        let vocabulary: [String]
        let losses: [Double]
        let smoothed: [Double]
    }

    func testASortedCorpusAndTheSeedGiveMinCharRNNsLosses() throws {
        let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("RNNTests/Reference")
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: references.appendingPathComponent("min_char_rnn_reference.json")))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("min-char-rnn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: references.appendingPathComponent("min_char_rnn_input.txt"),
            to: folder.appendingPathComponent("input.txt"))
        let lesson = """
            ```rnn corpus
            name: c
            file: input.txt
            split: none
            tokens: characters
            eos: false
            order: sorted
            ```

            ```rnn model
            name: m
            corpus: c
            hidden: 100
            init: normal
            scale: 0.01
            seed: 42
            ```

            ```rnn train
            model: m
            corpus: c
            mode: stream
            window: 25
            optimizer: adagrad
            lr: 0.1
            clip: 5
            reduction: sum
            steps: 100
            ```

            """
        let path = folder.appendingPathComponent("lesson.md")
        try Data(lesson.utf8).write(to: path)
        let (namespace, headlines) = try executeLesson(at: path)
        XCTAssertEqual(headlines, [])
        func values(_ expression: String) throws -> Value {
            try Evaluator(namespace: namespace).evaluate(ExpressionParser.parse(expression))
        }
        guard case .texts(let vocabulary) = try values("c.vocabulary"),
            case .tensor(let losses) = try values("m.train.losses")
        else { return XCTFail("no vocabulary or losses") }
        XCTAssertEqual(vocabulary, reference.vocabulary)
        XCTAssertEqual(losses.data.count, reference.losses.count)
        for (a, b) in zip(losses.data, reference.losses) { XCTAssertEqual(a, b, accuracy: 1e-9 * abs(b)) }
    }
}
