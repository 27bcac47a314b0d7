import RNN
import XCTest

final class NetworkLanguageModelTests: XCTestCase {
    /// The notes' vanilla model written as a one-layer `nn.RNN`-style network (W_ih = W_e, W_hh = W_h,
    /// b_ih = b1, b_hh = 0) gives the same losses and gradients as the engine's `RNNLanguageModel`, and so as
    /// PyTorch's reference numbers.
    func testAVanillaNetworkIsTheNotesModel() throws {
        for c in try RNNCase.all() where c.model.activation != .sigmoid {
            let m = c.model
            let H = m.hiddenSize
            let D: Int
            if case .embedding(let d) = m.input { D = d } else { D = m.vocabulary.count }
            let network = RecurrentNetwork(
                kind: .rnn(m.activation), inputSize: D, hiddenSize: H,
                parameters: ParameterSet([
                    Parameter(name: "weight_ih_l0", value: m.parameters["W_e"]!),
                    Parameter(name: "weight_hh_l0", value: m.parameters["W_h"]!),
                    Parameter(name: "bias_ih_l0", value: m.parameters["b1"]!),
                    Parameter(name: "bias_hh_l0", value: Matrix(zeros: H, 1)),
                ]))
            let lm = NetworkLanguageModel(
                vocabulary: m.vocabulary, network: network, embedding: m.parameters["E"], output: m.parameters["U"]!,
                outputBias: m.parameters["b2"]!.values)
            let trace = lm.forward(c.inputs, h0: [m.initialHidden])
            assertClose(lm.stepLosses(trace, targets: c.targets), c.expected.step_losses, "\(c.name) J(t)")
            let (grads, networkGradients) = lm.backward(
                trace, targets: c.targets, stepWeights: c.reduction.stepWeights(count: c.inputs.count))
            assertClose(grads["weight_hh_l0"]!.values, matrix(c.expected.gradients["W_h"]!).values, "\(c.name) ∂J/∂W_h")
            assertClose(grads["weight_ih_l0"]!.values, matrix(c.expected.gradients["W_e"]!).values, "\(c.name) ∂J/∂W_e")
            assertClose(grads["U"]!.values, matrix(c.expected.gradients["U"]!).values, "\(c.name) ∂J/∂U")
            if let dE = grads["E"] {
                assertClose(dE.values, matrix(c.expected.gradients["E"]!).values, "\(c.name) ∂J/∂E")
            }
            assertClose(
                networkGradients.hidden[0].flatMap { $0 }, c.expected.hidden_gradients.flatMap { $0 },
                "\(c.name) ∂J/∂h(t)")
        }
    }

    func testAnLSTMLanguageModelAgreesWithFiniteDifferences() throws {
        var generator = MT19937(seed: 8)
        let vocabulary = try Vocabulary(tokens: ["a", "b", "c", "<EOS>"])
        let shapes = RecurrentNetwork.parameterShapes(
            kind: .lstm, inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: false)
        func random(_ r: Int, _ c: Int) -> Matrix {
            Matrix(rows: r, cols: c, values: generator.normal(count: r * c).map { $0 * 0.5 })
        }
        let network = RecurrentNetwork(
            kind: .lstm, inputSize: 3, hiddenSize: 4, layers: 2,
            parameters: ParameterSet(shapes.map { Parameter(name: $0.0, value: random($0.1[0], $0.1[1])) }))
        let lm = NetworkLanguageModel(
            vocabulary: vocabulary, network: network, embedding: random(3, 4), output: random(4, 4),
            outputBias: [0.1, -0.2, 0, 0.3])
        let inputs = [RNNLanguageModel.noInput, 0, 1, 2, 1]
        let targets = [0, 1, 2, 1, 3]
        let weights = LossReduction.mean.stepWeights(count: 5)
        func loss(_ m: NetworkLanguageModel) -> Double {
            LossReduction.mean.combine(m.stepLosses(m.forward(inputs), targets: targets))
        }
        let (grads, _) = lm.backward(lm.forward(inputs), targets: targets, stepWeights: weights)
        var probe = lm
        for p in lm.parameters.items {
            for k in 0..<p.value.count {
                var params = probe.parameters
                let original = params[p.name]!.values[k]
                params[p.name]!.values[k] = original + 1e-6
                probe.parameters = params
                let plus = loss(probe)
                params[p.name]!.values[k] = original - 1e-6
                probe.parameters = params
                let minus = loss(probe)
                params[p.name]!.values[k] = original
                probe.parameters = params
                let numeric = (plus - minus) / 2e-6
                let analytic = grads[p.name]!.values[k]
                let error = abs(analytic - numeric)
                XCTAssertTrue(
                    error <= 1e-6 * max(abs(analytic), abs(numeric)) || error <= 1e-9,
                    "\(p.name)[\(k)]: \(analytic) vs \(numeric)")
            }
        }
    }
}
