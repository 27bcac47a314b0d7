import Foundation
@testable import RNN
import XCTest

/// The four shapes and the language model against PyTorch float64 (`Reference/make_sequence_reference.py`),
/// and every shape's BPTT against finite differences.
final class SequenceModelTests: XCTestCase {
    struct Case: Decodable {
        struct Expected: Decodable {
            let logits: [[Double]]
            let loss: Double
            let gradients: [String: [[Double]]]
            let initial_gradients: [String: [[Double]]]
        }
        let shape: String
        let cell: String
        let layers: Int
        let bidirectional: Bool
        let embedding: Int?
        let pooling: String
        let hidden: Int
        let sources: Int
        let targets: Int
        let source: [Int]
        let target: [Int]
        let parameters: [String: [[Double]]]
        /// h0 (and c0), one row per layer and direction, when the case starts from a given state.
        let initial: [String: [[Double]]]
        let expected: Expected

        var initialState: InitialState? {
            initial["h0"].map { InitialState(hidden: $0, cell: initial["c0"] ?? []) }
        }

        var configuration: SequenceModel.Configuration {
            let kind: CellKind = cell == "lstm" ? .lstm : cell == "gru" ? .gru : .rnn(.tanh)
            return SequenceModel.Configuration(
                shape: SequenceModel.Shape(rawValue: shape)!, cell: kind, hidden: hidden, layers: layers,
                bidirectional: bidirectional, embedding: embedding, pooling: SequenceModel.Pooling(rawValue: pooling)!)
        }

        func model() throws -> SequenceModel {
            let shapes = SequenceModel.parameterShapes(configuration, sources: sources, targets: targets)
            XCTAssertEqual(Set(shapes.map(\.0)), Set(parameters.keys), "\(shape) \(cell): parameter names")
            return SequenceModel(
                configuration, sources: try Vocabulary(tokens: (0..<sources).map { "s\($0)" }),
                targets: try Vocabulary(tokens: (0..<targets).map { "t\($0)" }),
                parameters: ParameterSet(shapes.map { Parameter(name: $0.0, value: matrix(parameters[$0.0]!)) }))
        }
    }

    static func cases() throws -> [Case] {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Reference", withExtension: nil))
        struct File: Decodable { let cases: [Case] }
        return try nonEmpty(
            JSONDecoder().decode(
                File.self, from: Data(contentsOf: folder.appendingPathComponent("sequence_reference.json"))
            ).cases,
            "sequence_reference.json")
    }

    func testEveryShapeMatchesPyTorch() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 15)
        XCTAssertEqual(cases.filter { $0.initialState != nil }.count, 6)
        for c in cases {
            let label =
                "\(c.shape) \(c.cell) L=\(c.layers)\(c.bidirectional ? " bi" : "")\(c.initialState == nil ? "" : " h0")"
            let model = try c.model()
            let trace = model.forward(source: c.source, target: c.target, initial: c.initialState)
            XCTAssertEqual(trace.logits.count, c.expected.logits.count, label)
            assertClose(trace.logits.flatMap { $0 }, c.expected.logits.flatMap { $0 }, "\(label) logits")
            let losses = model.stepLosses(trace, target: c.target)
            XCTAssertEqual(LossReduction.mean.combine(losses), c.expected.loss, accuracy: 1e-12 * c.expected.loss)
            let g = model.backward(
                trace, target: c.target, stepWeights: LossReduction.mean.stepWeights(count: c.target.count))
            for p in g.parameters.items {
                assertClose(
                    p.value.values, matrix(c.expected.gradients[p.name]!).values, "\(label) ∂J/∂\(p.name)")
            }
            if let h0 = c.expected.initial_gradients["h0"] {
                assertClose(g.network.initialHidden.flatMap { $0 }, h0.flatMap { $0 }, "\(label) ∂J/∂h0")
                XCTAssertEqual(
                    model.loss(
                        source: c.source, target: c.target, reduction: .mean, initial: c.initialState),
                    c.expected.loss, accuracy: 1e-12 * c.expected.loss, "\(label) loss from h0")
            }
            if let c0 = c.expected.initial_gradients["c0"] {
                assertClose(g.network.initialCell.flatMap { $0 }, c0.flatMap { $0 }, "\(label) ∂J/∂c0")
            }
        }
    }

    /// The notes' vanilla model written as a one-layer `nn.RNN` language model (W_ih = W_e, W_hh = W_h,
    /// b_ih = b1, b_hh = 0) started from the notes' h(0): the same losses, gradients and ∂J/∂h(t) as PyTorch's
    /// reference numbers for the notes' model (`Reference/make_reference.py`).
    func testAVanillaNetworkFromAGivenStateIsTheNotesModel() throws {
        for c in try RNNCase.all() where c.model.activation != .sigmoid {
            let m = c.model
            let H = m.hiddenSize
            var embedding: Int?
            if case .embedding(let d) = m.input { embedding = d }
            let configuration = SequenceModel.Configuration(
                shape: .languageModel, cell: .rnn(m.activation), hidden: H, embedding: embedding)
            let weights: [String: Matrix] = [
                "E": m.parameters["E"] ?? Matrix(zeros: 0, 0), "weight_ih_l0": m.parameters["W_e"]!,
                "weight_hh_l0": m.parameters["W_h"]!, "bias_ih_l0": m.parameters["b1"]!,
                "bias_hh_l0": Matrix(zeros: H, 1), "U": m.parameters["U"]!, "b2": m.parameters["b2"]!,
            ]
            let names = SequenceModel.parameterShapes(
                configuration, sources: m.vocabulary.count, targets: m.vocabulary.count
            ).map(\.0)
            let network = SequenceModel(
                configuration, sources: m.vocabulary, targets: m.vocabulary,
                parameters: ParameterSet(names.map { Parameter(name: $0, value: weights[$0]!) }))
            let initial = InitialState(hidden: [m.initialHidden])
            let trace = network.forward(source: c.inputs, initial: initial)
            assertClose(network.stepLosses(trace, target: c.targets), c.expected.step_losses, "\(c.name) J(t)")
            let g = network.backward(
                trace, target: c.targets, stepWeights: c.reduction.stepWeights(count: c.inputs.count))
            for (engine, notes) in [("weight_hh_l0", "W_h"), ("weight_ih_l0", "W_e"), ("U", "U"), ("E", "E")] {
                guard let expected = c.expected.gradients[notes] else { continue }
                assertClose(g.parameters[engine]!.values, matrix(expected).values, "\(c.name) ∂J/∂\(notes)")
            }
            assertClose(
                g.network.hidden[0].flatMap { $0 }, c.expected.hidden_gradients.flatMap { $0 }, "\(c.name) ∂J/∂h(t)")
        }
    }

    func testEveryShapeAndCellPassesAFiniteDifferenceCheck() throws {
        let sources = try Vocabulary(tokens: ["a", "b", "c", "d"])
        let targets = try Vocabulary(tokens: ["x", "y", "z"])
        let cells: [CellKind] = [.rnn(.tanh), .lstm, .gru, .gruOriginal]
        for shape in SequenceModel.Shape.allCases {
            for (n, cell) in cells.enumerated() {
                var c = SequenceModel.Configuration(
                    shape: shape, cell: cell, hidden: 3, layers: 1 + n % 2, bidirectional: !shape.generates && n >= 2,
                    embedding: n % 2 == 0 ? 2 : nil, pooling: n == 1 ? .mean : .last)
                c.dropout = 0
                let model = SequenceModel(
                    c, sources: sources, targets: shape == .languageModel ? sources : targets,
                    initialization: .normal(scale: 0.8, seed: UInt32(10 + n)))
                let source = shape == .oneToMany ? [2] : [1, 3, 0, 2]
                let target: [Int] =
                    shape == .manyToOne ? [1] : shape == .languageModel ? [3, 0, 2, 1] : [2, 0, 1, 2]
                let trace = model.forward(source: source, target: target)
                let g = model.backward(
                    trace, target: target, stepWeights: LossReduction.mean.stepWeights(count: target.count))
                let entries = model.parameters.items.flatMap { p in
                    (0..<p.value.count).map { (p.name, $0 / p.value.cols, $0 % p.value.cols) }
                }
                let results = GradientCheck(step: 1e-6, tolerance: 1e-6).run(
                    model: model, analytic: g.parameters, entries: entries
                ) { $0.loss(source: source, target: target, reduction: .mean) }
                let failed = results.filter { !$0.passed }
                XCTAssertTrue(
                    failed.isEmpty,
                    "\(shape.rawValue) \(cell): \(failed.count) of \(results.count) entries failed, e.g. \(failed.first.map { "\($0)" } ?? "")"
                )
                XCTAssertGreaterThan(
                    results.map { abs($0.analytic) }.max()!, 1e-3, "\(shape.rawValue): gradients are not all zero")
            }
        }
    }

    /// Training's pass (`weightedLossAndGradient`, on flat buffers only) and the traced pass lessons display
    /// (`forward`, then `backward`) give the same loss and gradients to the bit, dropout masks included.
    func testTrainingPassEqualsTheTracedPass() throws {
        let sources = try Vocabulary(tokens: ["a", "b", "c", "d"])
        let targets = try Vocabulary(tokens: ["x", "y", "z"])
        let cells: [CellKind] = [.rnn(.relu), .lstm, .gru, .gruOriginal]
        for shape in SequenceModel.Shape.allCases {
            for (n, cell) in cells.enumerated() {
                let c = SequenceModel.Configuration(
                    shape: shape, cell: cell, hidden: 3, layers: 2, bidirectional: !shape.generates && n % 2 == 0,
                    embedding: n < 2 ? 2 : nil, pooling: n == 3 ? .mean : .last, dropout: 0.4)
                let model = SequenceModel(
                    c, sources: sources, targets: shape == .languageModel ? sources : targets,
                    initialization: .uniform(seed: UInt32(20 + n)))
                let source = shape == .oneToMany ? [1] : [2, 0, 3, 1, 1]
                let target: [Int] =
                    shape == .manyToOne ? [2] : shape == .languageModel ? [0, 3, 1, 1, 2] : [1, 0, 2, 2, 1]
                let label = "\(shape.rawValue) \(cell)"
                let weights = LossReduction.mean.stepWeights(count: target.count).map { $0 * 0.5 }
                let pass = model.lossAndGradient(source: source, target: target, stepWeights: weights, dropoutSeed: 9)
                let trace = model.forward(source: source, target: target, dropoutSeed: 9)
                XCTAssertEqual(pass.stepLosses, model.stepLosses(trace, target: target), label)
                XCTAssertEqual(
                    pass.gradients, model.backward(trace, target: target, stepWeights: weights).parameters, label)
                // The masks depend on the seed, so the comparison above is not between two passes without dropout.
                let other = model.lossAndGradient(
                    source: source, target: target, stepWeights: weights, dropoutSeed: 10)
                XCTAssertNotEqual(pass.gradients, other.gradients, label)
            }
        }
    }

    /// One-hot inputs are read as columns of W_ih, without the multiplications by zero: the numbers equal, to the
    /// bit, those of the same model reading the one-hot vectors densely through an identity embedding.
    func testOneHotInputsGiveTheDenseProductsExactly() throws {
        let words = try Vocabulary(tokens: ["a", "b", "c", "<EOS>"])
        let cases: [(SequenceModel.Shape, CellKind, Bool, [Int], [Int])] = [
            (.languageModel, .lstm, false, [RNNLanguageModel.noInput, 2, 0, 1], [2, 0, 1, 3]),
            (.manyToMany, .gruOriginal, true, [1, 3, 0, 2], [0, 0, 2, 1]),
            (.encoderDecoder, .gru, false, [0, 2, 1], [1, 2, 0, 3]),
            (.oneToMany, .rnn(.sigmoid), false, [2], [1, 0, 3]),
        ]
        for (shape, cell, bidirectional, source, target) in cases {
            let oneHot = SequenceModel.Configuration(
                shape: shape, cell: cell, hidden: 3, layers: 2, bidirectional: bidirectional)
            var dense = oneHot
            dense.embedding = words.count
            let model = SequenceModel(oneHot, sources: words, targets: words, initialization: .uniform(seed: 4))
            let identity = Matrix(
                rows: words.count, cols: words.count,
                values: (0..<(words.count * words.count)).map { $0 % (words.count + 1) == 0 ? 1 : 0 })
            let reference = SequenceModel(
                dense, sources: words, targets: words,
                parameters: ParameterSet(
                    SequenceModel.parameterShapes(dense, sources: words.count, targets: words.count).map {
                        Parameter(name: $0.0, value: $0.0.hasSuffix("E") ? identity : model.parameters[$0.0]!)
                    }))
            let label = "\(shape.rawValue) \(cell)"
            let (trace, expected) = (
                model.forward(source: source, target: target), reference.forward(source: source, target: target)
            )
            XCTAssertEqual(trace.logits, expected.logits, label)
            let weights = LossReduction.sum.stepWeights(count: target.count)
            let (g, h) = (
                model.backward(trace, target: target, stepWeights: weights).parameters,
                reference.backward(expected, target: target, stepWeights: weights).parameters
            )
            let pass = model.lossAndGradient(source: source, target: target, stepWeights: weights, dropoutSeed: 1)
            for p in model.parameters.items {
                XCTAssertEqual(g[p.name], h[p.name], "\(label) ∂J/∂\(p.name)")
                XCTAssertEqual(pass.gradients[p.name], h[p.name], "\(label) ∂J/∂\(p.name) in training")
            }
        }
    }

    func testBidirectionalGeneratingShapesAreRefused() {
        for shape in SequenceModel.Shape.allCases {
            let c = SequenceModel.Configuration(shape: shape, cell: .lstm, hidden: 2, bidirectional: true)
            XCTAssertEqual(c.problem != nil, shape.generates, shape.rawValue)
        }
    }

    /// Training drives every example's loss down, and the trained tagger and reverser get their examples right.
    func testTrainingLearnsATaggerAndAReverser() throws {
        let words = try Vocabulary(tokens: ["the", "cat", "dog", "runs", "sleeps"])
        let tags = try Vocabulary(tokens: ["D", "N", "V"])
        var tagger = SequenceModel(
            .init(shape: .manyToMany, cell: .gru, hidden: 6, bidirectional: true, embedding: 4), sources: words,
            targets: tags, initialization: .uniform(seed: 3))
        let sentences = [[0, 1, 3], [0, 2, 4], [0, 1, 4], [0, 2, 3]]
        let labels = [[0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 2]]
        let log = try tagger.train(
            sources: sentences, targets: labels, batchSize: 2,
            TrainingConfiguration(optimizer: .adam(learningRate: 0.05), steps: 150))
        XCTAssertLessThan(log.losses.last!, 0.05 * log.losses.first!)
        for (s, y) in zip(sentences, labels) { XCTAssertEqual(tagger.predict(source: s), y) }

        let letters = try Vocabulary(tokens: ["a", "b", "c"])
        let out = try Vocabulary(tokens: ["a", "b", "c", "<EOS>"])
        var reverser = SequenceModel(
            .init(shape: .encoderDecoder, cell: .lstm, hidden: 12, embedding: 4), sources: letters, targets: out,
            initialization: .uniform(seed: 5))
        var sources: [[Int]] = []
        for a in 0..<3 { for b in 0..<3 { sources.append([a, b]) } }
        let targets = sources.map { $0.reversed() + [3] }
        _ = try reverser.train(
            sources: sources, targets: targets, batchSize: 3,
            TrainingConfiguration(optimizer: .adam(learningRate: 0.05), steps: 400))
        var config = SamplingConfiguration(length: 5)
        config.greedy = true
        config.stopToken = 3
        for (s, t) in zip(sources, targets) {
            XCTAssertEqual(reverser.generate(source: s, config).map(\.token), t, "\(s)")
        }
    }
}
