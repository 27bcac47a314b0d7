import Foundation
import RNN
import XCTest

/// Real-valued inputs x(t) ∈ ℝⁿ with an output layer of K classes, and BPTT from a given upstream gradient
/// ∂L/∂h(t), against PyTorch float64 (`Reference/make_vector_reference.py`).
final class VectorInputTests: XCTestCase {
    struct Case: Decodable {
        struct Expected: Decodable {
            let logits: [[Double]]?
            let loss: Double?
            let gradients: [String: [[Double]]]
            let dx: [[Double]]
            let initial_gradients: [String: [[Double]]]?
            let dh0: [Double]?
        }
        let kind: String
        let shape: String?
        let cell: String?
        let layers: Int?
        let bidirectional: Bool?
        let pooling: String?
        let input_size: Int?
        let hidden: Int
        let classes: Int?
        let target: [Int]?
        let inputs: [[Double]]?
        let dh: [[Double]]?
        let parameters: [String: [[Double]]]
        let initial: [String: [[Double]]]?
        let vocabulary: Int?
        let tokens: [Int]?
        let h0: [Double]?
        let expected: Expected

        var label: String {
            "\(kind) \(shape ?? "") \(cell ?? "") L=\(layers ?? 1)\(bidirectional == true ? " bi" : "")"
        }

        func model() throws -> SequenceModel {
            let kind: CellKind = cell == "lstm" ? .lstm : cell == "gru" ? .gru : .rnn(.tanh)
            let configuration = SequenceModel.Configuration(
                shape: SequenceModel.Shape(rawValue: shape!)!, cell: kind, hidden: hidden, layers: layers!,
                bidirectional: bidirectional!, pooling: SequenceModel.Pooling(rawValue: pooling!)!,
                inputSize: input_size)
            XCTAssertNil(configuration.problem)
            let shapes = SequenceModel.parameterShapes(configuration, sources: 0, targets: classes!)
            var parameters = self.parameters
            // The upstream cases have no output layer in PyTorch: any values do, its gradient must be zero.
            for (name, shape) in shapes where parameters[name] == nil {
                parameters[name] = Array(repeating: Array(repeating: 0.25, count: shape[1]), count: shape[0])
            }
            XCTAssertEqual(Set(shapes.map(\.0)), Set(parameters.keys), label)
            return SequenceModel(
                configuration, sources: try Vocabulary(tokens: []),
                targets: try Vocabulary(tokens: (1...classes!).map { "\($0)" }),
                parameters: ParameterSet(shapes.map { Parameter(name: $0.0, value: matrix(parameters[$0.0]!)) }))
        }
    }

    static func cases() throws -> [Case] {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Reference", withExtension: nil))
        struct File: Decodable { let cases: [Case] }
        return try nonEmpty(
            JSONDecoder().decode(
                File.self, from: Data(contentsOf: folder.appendingPathComponent("vector_reference.json"))
            ).cases,
            "vector_reference.json")
    }

    func testRealValuedInputsMatchPyTorch() throws {
        let cases = try Self.cases().filter { $0.kind == "loss" }
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let model = try c.model()
            let pass = model.pass(vectors: c.inputs!, initial: nil)
            assertClose(pass.logits.flatMap { $0 }, c.expected.logits!.flatMap { $0 }, "\(c.label) logits")
            let target = c.target!
            let losses = pass.stepLosses(target: target)
            XCTAssertEqual(LossReduction.mean.combine(losses), c.expected.loss!, accuracy: 1e-12, c.label)
            let g = model.backward(
                pass, target: target, stepWeights: LossReduction.mean.stepWeights(count: losses.count),
                recordContributions: false)
            for p in g.parameters.items {
                assertClose(p.value.values, matrix(c.expected.gradients[p.name]!).values, "\(c.label) ∂J/∂\(p.name)")
            }
            assertClose(g.inputs.flatMap { $0 }, c.expected.dx.flatMap { $0 }, "\(c.label) ∂J/∂x")
        }
    }

    func testBackwardFromAnUpstreamGradientMatchesPyTorch() throws {
        let cases = try Self.cases().filter { $0.kind == "upstream" }
        XCTAssertEqual(cases.count, 3)
        for c in cases {
            let model = try c.model()
            let initial = InitialState(hidden: c.initial!["h0"]!, cell: c.initial!["c0"] ?? [])
            let pass = model.pass(vectors: c.inputs!, initial: initial)
            let g = model.backward(pass, upstream: c.dh!)
            for p in g.parameters.items {
                let expected = c.expected.gradients[p.name].map { matrix($0).values }
                // The output layer takes no part in L = Σ ⟨dh(t), h(t)⟩.
                assertClose(
                    p.value.values, expected ?? Array(repeating: 0, count: p.value.values.count),
                    "\(c.label) ∂L/∂\(p.name)")
            }
            assertClose(g.inputs.flatMap { $0 }, c.expected.dx.flatMap { $0 }, "\(c.label) ∂L/∂x")
            let states = c.expected.initial_gradients!
            assertClose(g.initialHidden.flatMap { $0 }, states["h0"]!.flatMap { $0 }, "\(c.label) ∂L/∂h0")
            if let c0 = states["c0"] {
                assertClose(g.initialCell.flatMap { $0 }, c0.flatMap { $0 }, "\(c.label) ∂L/∂c0")
            }
        }
    }

    func testTheNotesModelBackwardFromAnUpstreamGradientMatchesPyTorch() throws {
        let c = try XCTUnwrap(Self.cases().first { $0.kind == "notes" })
        let V = c.vocabulary!
        let names = ["W_e", "W_h", "b1", "U", "b2"]
        let model = RNNLanguageModel(
            vocabulary: try Vocabulary(tokens: (0..<V).map { "v\($0)" }), hiddenSize: c.hidden, activation: .tanh,
            input: .oneHot,
            parameters: ParameterSet(names.map { Parameter(name: $0, value: matrix(c.parameters[$0]!)) }),
            initialHidden: c.h0!)
        let pass = model.pass(source: c.tokens!, target: [], initial: nil)
        let g = model.backward(pass, upstream: c.dh!)
        for p in g.parameters.items {
            assertClose(p.value.values, matrix(c.expected.gradients[p.name]!).values, "notes ∂L/∂\(p.name)")
        }
        assertClose(g.inputs.flatMap { $0 }, c.expected.dx.flatMap { $0 }, "notes ∂L/∂x")
        assertClose(g.initialHidden[0], c.expected.dh0!, "notes ∂L/∂h0")
        // The upstream gradient is ∂L/∂h(t) through the output: the total ∂L/∂h(T) is dh(T) itself.
        assertClose(g.hidden[0].last!, c.dh!.last!, "notes ∂L/∂h(T)")
    }

    func testAModelReadsEitherTokensOrVectors() {
        var c = SequenceModel.Configuration(shape: .languageModel, cell: .lstm, hidden: 2, inputSize: 3)
        XCTAssertEqual(c.problem, "real-valued inputs are for many-to-many and many-to-one models")
        c.shape = .manyToOne
        c.embedding = 2
        XCTAssertEqual(c.problem, "real-valued inputs are read as they are, without an embedding")
        c.embedding = nil
        XCTAssertNil(c.problem)
        XCTAssertEqual(
            SequenceModel.parameterShapes(c, sources: 0, targets: 5).map(\.1),
            [[8, 3], [8, 2], [8, 1], [8, 1], [5, 2], [5, 1]])
    }
}
