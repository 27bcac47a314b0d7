import Foundation
import RNN
import XCTest

/// The recorded reference numbers (`Reference/make_reference.py`, PyTorch and numpy in float64).
/// Decoded with `JSONDecoder`, which rounds decimal text to the nearest double (as Python wrote it).
struct Reference: Decodable {
    struct MT: Decodable {
        let randn_seed1_5x3: [Double]
        let random_sample_seed42_then_uniform: [[Double]]
        let randn_seed4294967295: [Double]
    }

    struct Expected: Decodable {
        let hidden: [[Double]]
        let logits: [[Double]]
        let probabilities: [[Double]]
        let step_losses: [Double]
        let loss: Double
        let gradients: [String: [[Double]]]
        let hidden_gradients: [[Double]]
        let initial_hidden_gradient: [Double]
    }

    struct Case: Decodable {
        let name: String
        let vocabulary_size: Int
        let hidden_size: Int
        let embedding_size: Int?
        let activation: String
        let reduction: String
        let inputs: [Int]
        let targets: [Int]
        let h0: [Double]
        let parameters: [String: [[Double]]]
        let expected: Expected
    }

    struct Spectral: Decodable {
        let matrix: [[Double]]
        let largest_singular_value: Double
    }

    let mt19937: MT
    let rnn_cases: [Case]
    let spectral: [Spectral]

    static func load() throws -> Reference {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Reference"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}

func matrix(_ rows: [[Double]]) -> Matrix {
    Matrix(rows: rows.count, cols: rows.first?.count ?? 0, values: rows.flatMap { $0 })
}

/// Asserts `|a - e| <= rtol · |e| + atol` element-wise, naming the first entry that is off (llm.c's check_tensor).
func assertClose(
    _ actual: [Double], _ expected: [Double], rtol: Double = 1e-10, atol: Double = 1e-14, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "\(label): length", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > rtol * abs(e) + atol {
        XCTFail("\(label)[\(i)]: got \(a), expected \(e), difference \(abs(a - e))", file: file, line: line)
        return
    }
}

/// A reference case as an engine model plus its data.
struct RNNCase {
    let name: String
    let model: RNNLanguageModel
    let inputs: [Int]
    let targets: [Int]
    let reduction: LossReduction
    let expected: Reference.Expected

    init(_ c: Reference.Case) throws {
        name = c.name
        let input: RNNLanguageModel.Input = c.embedding_size.map { .embedding(size: $0) } ?? .oneHot
        let names = RNNLanguageModel.parameterNames(input: input)
        model = RNNLanguageModel(
            vocabulary: try Vocabulary(tokens: (0..<c.vocabulary_size).map { "t\($0)" }), hiddenSize: c.hidden_size,
            activation: Activation(rawValue: c.activation)!, input: input,
            parameters: ParameterSet(names.map { Parameter(name: $0, value: matrix(c.parameters[$0]!)) }),
            initialHidden: c.h0)
        inputs = c.inputs
        targets = c.targets
        reduction = LossReduction(rawValue: c.reduction)!
        expected = c.expected
    }

    static func all() throws -> [RNNCase] {
        try nonEmpty(Reference.load().rnn_cases.map(RNNCase.init), "reference.json")
    }
}

/// min-char-rnn's reference run (`Reference/min_char_rnn_reference.py`): the numpy original's losses, its text as
/// tokens, and the model it starts from (H=100, N(0, 0.01²) weights drawn with seed 42).
func minCharRNN() throws -> (reference: TrainingTests.MinCharRNN, tokens: [Int], model: RNNLanguageModel) {
    let folder = try XCTUnwrap(Bundle.module.url(forResource: "Reference", withExtension: nil))
    let reference = try JSONDecoder().decode(
        TrainingTests.MinCharRNN.self,
        from: Data(contentsOf: folder.appendingPathComponent("min_char_rnn_reference.json")))
    let text = try String(contentsOf: folder.appendingPathComponent("min_char_rnn_input.txt"), encoding: .utf8)
    let vocabulary = try Vocabulary(tokens: reference.vocabulary)
    let tokens = text.unicodeScalars.map { vocabulary.index(of: String($0))! }
    let shapes = RNNLanguageModel.parameterShapes(vocabularySize: vocabulary.count, hiddenSize: 100, input: .oneHot)
    let model = RNNLanguageModel(
        vocabulary: vocabulary, hiddenSize: 100, activation: .tanh, input: .oneHot,
        parameters: Initialization.normal(scale: 0.01, seed: 42).parameters(shapes: shapes, hiddenSize: 100))
    return (reference, tokens, model)
}

/// A reference file's cases, never none: a test that loops over an empty list would pass having checked nothing.
func nonEmpty<T>(_ cases: [T], _ file: String) throws -> [T] {
    guard !cases.isEmpty else { throw NoReferenceCases(file: file) }
    return cases
}

struct NoReferenceCases: Error, CustomStringConvertible {
    let file: String
    var description: String { "\(file) holds no cases: run its script in Tests/RNNTests/Reference again" }
}

/// The process's peak resident size in KB (VmHWM), which writing "5" to /proc/self/clear_refs resets: how much a
/// computation held at most is the growth of this across it.
func peakResidentKB() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
    return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
}
