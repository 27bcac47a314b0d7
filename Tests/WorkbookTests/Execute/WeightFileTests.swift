import Foundation
import XCTest

@testable import Workbook

/// `weights_file:` loads numpy/PyTorch weights (`Fixtures/weights/make_weights.py` wrote them and the loss numpy
/// computes with them); a file that does not fit is an error at the key's line naming the parameter and shapes.
final class WeightFileTests: XCTestCase {
    func build(_ file: String, extra: String = "") throws -> LessonProduct {
        let folder = try fixtureURL("weights")
        let expected = try String(contentsOf: folder.appendingPathComponent("expected_loss.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lesson = """
            ```rnn model
            name: m
            vocabulary: [h, e, l, o]
            hidden: 3
            weights_file: \(file)
            ```

            ```rnn loss
            model: m
            sequence: hello
            ```

            ```rnn check
            - label: the loss numpy computed with the same weights
              value: m.loss.mean
              equals: \(expected)
              rtol: 1e-13
            ```

            """ + extra
        return buildLesson(lesson, path: folder.appendingPathComponent("lesson.md").path)
    }

    func messages(_ product: LessonProduct) -> [String] {
        // The notes on directives skipped after the error are tested on their own (ExecutorSkipTests).
        product.diagnostics.filter { $0.severity != .note }.map { d in
            "\(d.location.map { "\($0.line):\($0.column): " } ?? "")\(d.message)"
        }
    }

    func testNumpyAndPyTorchNamedArchivesAndJSONGiveNumpysLoss() throws {
        for file in ["hello.npz", "hello-compressed.npz", "hello.json"] {
            let product = try build(file)
            XCTAssertEqual(messages(product), [], file)
            XCTAssertTrue(product.markdown?.contains("(loaded from \(file))") ?? false, file)
        }
    }

    func testAFileThatDoesNotFitIsAnErrorAtTheKey() throws {
        XCTAssertEqual(
            messages(try build("missing-U.npz")),
            [
                "5:15: 'missing-U.npz' does not fit model 'm': the file has no parameter 'U' (expected 4×3)"
            ])
        XCTAssertEqual(
            messages(try build("wrong-shape.npz")),
            [
                "5:15: 'wrong-shape.npz' does not fit model 'm': parameter 'W_h' should be 3×3 but the file has 2×2"
            ])
        XCTAssertEqual(
            messages(try build("corrupt.npz")),
            [
                "5:15: cannot read the weights in 'corrupt.npz': not a zip archive (.npz): no end of central directory"
            ])
        XCTAssertEqual(
            messages(try build("absent.npz")),
            [
                "5:15: cannot read 'absent.npz': there is no such file beside the lesson"
            ])
        XCTAssertEqual(
            messages(try build("weights.txt")), ["5:15: 'weights_file' must be a .npz or .json file, got 'weights.txt'"]
        )
    }
}
