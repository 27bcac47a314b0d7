import Foundation
import XCTest

@testable import Workbook

/// Weight files are read strictly: half of nn.RNN's biases, two names for one parameter with different values,
/// or another cell's shapes are errors that say what is wrong.
final class StrictWeightFileTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("strict-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func square(_ n: Int, _ x: Double) -> [[Double]] { (0..<n).map { i in (0..<n).map { Double(i + $0) * x } } }

    /// The notes' model (V = 4, H = 4) loading `arrays` as JSON; its diagnostics as `line:column: message`.
    func load(_ arrays: [String: [[Double]]]) throws -> [String] {
        try JSONEncoder().encode(arrays).write(to: folder.appendingPathComponent("w.json"))
        let lesson = "```rnn model\nname: m\nvocabulary: [a, b, c, d]\nhidden: 4\nweights_file: w.json\n```\n"
        let product = buildLesson(lesson, path: folder.appendingPathComponent("lesson.md").path)
        return product.diagnostics.map { d in "\(d.location.map { "\($0.line):\($0.column): " } ?? "")\(d.message)" }
    }

    var torchNames: [String: [[Double]]] {
        [
            "weight_ih_l0": square(4, 0.1), "weight_hh_l0": square(4, 0.2), "bias_ih_l0": [[0.1], [0.2], [0.3], [0.4]],
            "bias_hh_l0": [[0.5], [0.6], [0.7], [0.8]], "U": square(4, 0.3), "b2": [[0], [0], [0], [0]],
        ]
    }

    func testNNRNNsNamesLoadAndOneBiasAloneIsAnErrorNamingTheOther() throws {
        XCTAssertEqual(try load(torchNames), [])
        var half = torchNames
        half["bias_hh_l0"] = nil
        XCTAssertEqual(
            try load(half),
            [
                "5:15: cannot read the weights in 'w.json': the file has bias_ih_l0 but no bias_hh_l0; nn.RNN has both (b1 is their sum): add bias_hh_l0, or, for a notebook's single bias, read it as b1 with 'names: {bias_ih_l0: b1}'"
            ])
    }

    func testTwoNamesForOneParameterWithDifferentValuesAreAnError() throws {
        var both = torchNames
        both["W_h"] = square(4, 0.25)
        XCTAssertEqual(
            try load(both),
            [
                "5:15: cannot read the weights in 'w.json': the file holds W_h and weight_hh_l0 with different values; keep one of them"
            ])
        both["W_h"] = square(4, 0.2)
        XCTAssertEqual(try load(both), [], "the same values under both names are one parameter")
    }

    func testAnotherCellsShapeGetsAHint() throws {
        var lstm = torchNames
        lstm["weight_ih_l0"] = (0..<16).map { _ in [0.1, 0.2, 0.3, 0.4] }
        XCTAssertEqual(
            try load(lstm),
            [
                "5:15: 'w.json' does not fit model 'm': parameter 'W_e' should be 4×4 but the file has 16×4 (16×4 is an LSTM's shape for H = 4: add 'cell: lstm'?)"
            ])
    }
}
