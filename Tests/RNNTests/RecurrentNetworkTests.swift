import Foundation
import RNN
import XCTest

/// LSTM, GRU and RNN stacks, one and two directions, against PyTorch float64
/// (`Reference/make_recurrent_reference.py`).
final class RecurrentNetworkTests: XCTestCase {
    struct Expected: Decodable {
        let outputs: [[Double]]
        let final_hidden: [[Double]]
        let final_cell: [[Double]]
        let gradients: [String: [[Double]]]
        let input_gradients: [[Double]]
        let initial_hidden_gradients: [[Double]]
        let initial_cell_gradients: [[Double]]
    }

    struct Case: Decodable {
        let kind: String
        let nonlinearity: String?
        let layers: Int
        let bidirectional: Bool
        let input_size: Int
        let hidden_size: Int
        let parameters: [String: [[Double]]]
        let x: [[Double]]
        let h0: [[Double]]
        let c0: [[Double]]
        let dOutputs: [[Double]]
        let dFinalHidden: [[Double]]
        let dFinalCell: [[Double]]
        let expected: Expected

        var cell: CellKind {
            switch kind {
            case "lstm": return .lstm
            case "gru": return .gru
            default: return .rnn(Activation(rawValue: nonlinearity ?? "tanh")!)
            }
        }

        var name: String {
            "\(kind)\(nonlinearity.map { "-" + $0 } ?? "") L=\(layers)\(bidirectional ? " bidirectional" : "")"
        }

        func network() -> RecurrentNetwork {
            let shapes = RecurrentNetwork.parameterShapes(
                kind: cell, inputSize: input_size, hiddenSize: hidden_size, layers: layers, bidirectional: bidirectional
            )
            return RecurrentNetwork(
                kind: cell, inputSize: input_size, hiddenSize: hidden_size, layers: layers,
                bidirectional: bidirectional,
                parameters: ParameterSet(shapes.map { Parameter(name: $0.0, value: matrix(parameters[$0.0]!)) }))
        }
    }

    static func cases() throws -> [Case] {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Reference", withExtension: nil))
        struct File: Decodable { let cases: [Case] }
        return try nonEmpty(
            JSONDecoder().decode(
                File.self, from: Data(contentsOf: folder.appendingPathComponent("recurrent_reference.json"))
            ).cases,
            "recurrent_reference.json")
    }

    func testForwardMatchesPyTorch() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 8)
        for c in cases {
            let trace = c.network().forward(c.x, h0: c.h0, c0: c.kind == "lstm" ? c.c0 : nil)
            assertClose(trace.outputs.flatMap { $0 }, c.expected.outputs.flatMap { $0 }, "\(c.name) outputs")
            assertClose(trace.finalHidden.flatMap { $0 }, c.expected.final_hidden.flatMap { $0 }, "\(c.name) h_n")
            assertClose(trace.finalCell.flatMap { $0 }, c.expected.final_cell.flatMap { $0 }, "\(c.name) c_n")
        }
    }

    func testBackpropagationThroughTimeMatchesAutograd() throws {
        for c in try Self.cases() {
            let network = c.network()
            let isLSTM = c.kind == "lstm"
            let trace = network.forward(c.x, h0: c.h0, c0: isLSTM ? c.c0 : nil)
            let grads = network.backward(
                trace, dOutputs: c.dOutputs, dFinalHidden: c.dFinalHidden, dFinalCell: isLSTM ? c.dFinalCell : nil)
            XCTAssertEqual(Set(grads.parameters.names), Set(c.expected.gradients.keys), c.name)
            for name in grads.parameters.names {
                assertClose(
                    grads.parameters[name]!.values, matrix(c.expected.gradients[name]!).values, "\(c.name) ∂L/∂\(name)")
            }
            assertClose(grads.inputs.flatMap { $0 }, c.expected.input_gradients.flatMap { $0 }, "\(c.name) ∂L/∂x")
            assertClose(
                grads.initialHidden.flatMap { $0 }, c.expected.initial_hidden_gradients.flatMap { $0 },
                "\(c.name) ∂L/∂h0")
            assertClose(
                grads.initialCell.flatMap { $0 }, c.expected.initial_cell_gradients.flatMap { $0 }, "\(c.name) ∂L/∂c0")
        }
    }
}

/// Every cell kind, including the GRU of the original paper (which PyTorch lacks), against central finite
/// differences of L = Σ out ⊙ R + Σ h_n ⊙ S (+ Σ c_n ⊙ Q).
final class RecurrentNetworkGradientCheckTests: XCTestCase {
    func testEveryCellKindAgreesWithFiniteDifferences() {
        let kinds: [(CellKind, Int, Bool, Double)] = [
            (.gruOriginal, 1, false, 0), (.gruOriginal, 2, true, 0), (.lstm, 2, true, 0), (.gru, 1, false, 0),
            (.rnn(.sigmoid), 2, false, 0), (.lstm, 3, false, 0.4), (.gru, 2, true, 0.3),
        ]
        for (kind, layers, bidirectional, dropout) in kinds {
            // With dropout the masks are the same in every evaluation (same seed), so L is a smooth function.
            let drop: (probability: Double, seed: UInt32)? = dropout > 0 ? (dropout, 17) : nil
            var generator = MT19937(seed: 5)
            let (I, H, T) = (3, 4, 5)
            let D = bidirectional ? 2 : 1
            let shapes = RecurrentNetwork.parameterShapes(
                kind: kind, inputSize: I, hiddenSize: H, layers: layers, bidirectional: bidirectional)
            let parameters = ParameterSet(
                shapes.map {
                    Parameter(
                        name: $0.0,
                        value: Matrix(
                            rows: $0.1[0], cols: $0.1[1],
                            values: generator.normal(count: $0.1[0] * $0.1[1]).map { $0 * 0.5 }))
                })
            let network = RecurrentNetwork(
                kind: kind, inputSize: I, hiddenSize: H, layers: layers, bidirectional: bidirectional,
                parameters: parameters)
            let x = (0..<T).map { _ in generator.normal(count: I) }
            let h0 = (0..<(layers * D)).map { _ in generator.normal(count: H).map { $0 * 0.5 } }
            let R = (0..<T).map { _ in generator.normal(count: D * H) }
            let S = (0..<(layers * D)).map { _ in generator.normal(count: H) }
            func loss(_ n: RecurrentNetwork) -> Double {
                let t = n.forward(x, h0: h0, c0: h0, dropout: drop)
                var total = 0.0
                for (o, r) in zip(t.outputs, R) { for (a, b) in zip(o, r) { total += a * b } }
                for (h, s) in zip(t.finalHidden, S) { for (a, b) in zip(h, s) { total += a * b } }
                for (c, s) in zip(t.finalCell, S) { for (a, b) in zip(c, s) { total += 0.5 * a * b } }
                return total
            }
            let trace = network.forward(x, h0: h0, c0: h0, dropout: drop)
            if dropout > 0 {
                // Some units of the lower layers were dropped: the same network without dropout differs.
                XCTAssertNotEqual(trace.outputs, network.forward(x, h0: h0, c0: h0).outputs)
            }
            let grads = network.backward(trace, dOutputs: R, dFinalHidden: S, dFinalCell: S.map { $0.map { 0.5 * $0 } })
            var worst = 0.0
            var probe = network
            for p in network.parameters.items {
                for k in 0..<p.value.count {
                    let original = p.value.values[k]
                    probe.parameters[p.name]!.values[k] = original + 1e-6
                    let plus = loss(probe)
                    probe.parameters[p.name]!.values[k] = original - 1e-6
                    let minus = loss(probe)
                    probe.parameters[p.name]!.values[k] = original
                    let numeric = (plus - minus) / 2e-6
                    let analytic = grads.parameters[p.name]!.values[k]
                    let error = abs(analytic - numeric)
                    XCTAssertTrue(
                        error <= 1e-6 * max(abs(analytic), abs(numeric)) || error <= 1e-8,
                        "\(kind) \(p.name)[\(k)]: \(analytic) vs \(numeric)")
                    worst = max(worst, error)
                }
            }
            XCTAssertLessThan(worst, 1e-7, "\(kind)")
        }
    }
}
