import RNN
import XCTest

/// The one interface over every model gives, to the bit, what each model's own forward and backward give.
final class RecurrentModelTests: XCTestCase {
    func testTheNotesModelsPassIsItsOwnTrace() throws {
        for c in try RNNCase.all() {
            let m = c.model
            let model: any RecurrentModel = m
            let pass = model.pass(source: c.inputs, target: c.targets, initial: nil)
            let trace = m.forward(c.inputs)
            XCTAssertEqual(pass.probabilities, trace.probabilities, c.name)
            XCTAssertEqual(pass.hidden, [trace.hidden], c.name)
            XCTAssertEqual(pass.preActivations, trace.preActivations, c.name)
            XCTAssertEqual(pass.stepLosses(target: c.targets), RNNLanguageModel.stepLosses(trace, targets: c.targets))
            let weights = c.reduction.stepWeights(count: c.inputs.count)
            let g = model.backward(pass, target: c.targets, stepWeights: weights, recordContributions: false)
            let own = m.backward(trace, targets: c.targets, stepWeights: weights)
            XCTAssertEqual(g.parameters, own.parameters, c.name)
            XCTAssertEqual(g.hidden, [own.hidden], c.name)
            XCTAssertEqual(g.initialHidden, [own.initialHidden], c.name)
            // A given h(0) is used instead of the model's own.
            let zero = InitialState(hidden: [Array(repeating: 0, count: m.hiddenSize)])
            var zeroed = m
            zeroed.initialHidden = zero.hidden[0]
            XCTAssertEqual(
                model.pass(source: c.inputs, target: c.targets, initial: zero).probabilities,
                zeroed.forward(c.inputs).probabilities, c.name)
        }
    }

    func testANetworksPassIsItsOwnTraceForEveryShapeAndCell() throws {
        let sources = try Vocabulary(tokens: ["a", "b", "c", "d"])
        let targets = try Vocabulary(tokens: ["x", "y", "z"])
        for shape in SequenceModel.Shape.allCases {
            for (n, cell) in [CellKind.rnn(.tanh), .lstm, .gru].enumerated() {
                let configuration = SequenceModel.Configuration(
                    shape: shape, cell: cell, hidden: 3, layers: 2, bidirectional: !shape.generates && n != 1,
                    embedding: n == 2 ? 2 : nil)
                let net = SequenceModel(
                    configuration, sources: sources, targets: shape == .languageModel ? sources : targets,
                    initialization: .normal(scale: 0.7, seed: UInt32(3 + n)))
                let model: any RecurrentModel = net
                let source = shape == .oneToMany ? [1] : [1, 3, 0]
                let target = shape == .manyToOne ? [2] : shape == .languageModel ? [3, 0, 2] : [2, 0, 1]
                let label = "\(shape) \(cell)"
                let pass = model.pass(source: source, target: target, initial: nil)
                let trace = net.forward(source: source, target: target)
                XCTAssertEqual(pass.logits, trace.logits, label)
                XCTAssertEqual(pass.outputs, trace.network.outputs, label)
                let D = configuration.bidirectional ? 2 : 1
                XCTAssertEqual(pass.hidden.count, 2 * D, label)
                // The top layer's forward direction is the first half of every output row.
                XCTAssertEqual(
                    pass.hidden[2 * D - D].map { Array($0) }, trace.network.outputs.map { Array($0.prefix(3)) })
                XCTAssertEqual(pass.gates[0], trace.network.gates(), label)
                XCTAssertEqual(pass.stepLosses(target: target), net.stepLosses(trace, target: target), label)
                let weights = LossReduction.mean.stepWeights(count: target.count)
                let g = model.backward(pass, target: target, stepWeights: weights, recordContributions: false)
                let own = net.backward(trace, target: target, stepWeights: weights)
                XCTAssertEqual(g.parameters, own.parameters, label)
                XCTAssertEqual(g.hidden, own.network.hidden, label)
            }
        }
    }
}

/// Models cross to a lesson's Swift program as `ModelArchive` JSON and come back bit for bit.
final class ModelArchiveTests: XCTestCase {
    func roundTrip(_ model: any RecurrentModel) throws -> any RecurrentModel {
        let data = try JSONEncoder().encode(ModelArchive(model))
        return try JSONDecoder().decode(ModelArchive.self, from: data).model()
    }

    func testTheNotesModelAndEveryNetworkComeBackBitForBit() throws {
        for c in try RNNCase.all() {
            let back = try XCTUnwrap(try roundTrip(c.model) as? RNNLanguageModel)
            XCTAssertEqual(back, c.model, c.name)
        }
        let sources = try Vocabulary(tokens: ["a", "b", "c"])
        let targets = try Vocabulary(tokens: ["x", "y"])
        for shape in SequenceModel.Shape.allCases {
            for cell in [CellKind.rnn(.relu), .lstm, .gru, .gruOriginal] {
                var c = SequenceModel.Configuration(
                    shape: shape, cell: cell, hidden: 2, layers: 2, bidirectional: !shape.generates, embedding: 2,
                    pooling: shape == .manyToOne ? .mean : .last)
                c.dropout = 0.25
                let net = SequenceModel(
                    c, sources: sources, targets: shape == .languageModel ? sources : targets,
                    initialization: .normal(scale: 0.3, seed: 9))
                let back = try XCTUnwrap(try roundTrip(net) as? SequenceModel)
                XCTAssertEqual(back.configuration, net.configuration, "\(shape) \(cell)")
                XCTAssertEqual(back.parameters, net.parameters, "\(shape) \(cell)")
                XCTAssertEqual(back.sources, net.sources)
                XCTAssertEqual(back.targets, net.targets)
            }
        }
    }

    func testMatrixProductsAreTheDotProductsInOrder() {
        let a = Matrix(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, cols: 2, values: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(a * [1, 0, -1], [-2, -2])
        XCTAssertEqual((a * b).values, [58, 64, 139, 154])
        XCTAssertEqual(a.transposed.values, [1, 4, 2, 5, 3, 6])
    }
}
