import RNN
import XCTest

/// Forward values, losses and every gradient against PyTorch float64 (`Reference/make_reference.py`).
final class RNNLanguageModelTests: XCTestCase {
    func cases() throws -> [RNNCase] { try RNNCase.all() }

    func testForwardMatchesPyTorch() throws {
        for c in try cases() {
            let trace = c.model.forward(c.inputs)
            assertClose(trace.hidden.flatMap { $0 }, c.expected.hidden.flatMap { $0 }, "\(c.name) h(t)")
            assertClose(trace.logits.flatMap { $0 }, c.expected.logits.flatMap { $0 }, "\(c.name) logits")
            assertClose(
                trace.probabilities.flatMap { $0 }, c.expected.probabilities.flatMap { $0 }, "\(c.name) ŷ(t)")
        }
    }

    func testStepLossesAndReducedLossMatchPyTorch() throws {
        for c in try cases() {
            let trace = c.model.forward(c.inputs)
            let steps = RNNLanguageModel.stepLosses(trace, targets: c.targets)
            assertClose(steps, c.expected.step_losses, "\(c.name) J(t)")
            assertClose([c.reduction.combine(steps)], [c.expected.loss], "\(c.name) J")
        }
    }

    func testBackpropagationThroughTimeMatchesAutogradForEveryParameter() throws {
        for c in try cases() {
            let trace = c.model.forward(c.inputs)
            let grads = c.model.backward(
                trace, targets: c.targets, stepWeights: c.reduction.stepWeights(count: c.inputs.count))
            let expected = c.expected.gradients
            XCTAssertEqual(Set(grads.parameters.names), Set(expected.keys), c.name)
            for name in grads.parameters.names {
                assertClose(grads.parameters[name]!.values, matrix(expected[name]!).values, "\(c.name) ∂J/∂\(name)")
            }
            assertClose(
                grads.hidden.flatMap { $0 }, c.expected.hidden_gradients.flatMap { $0 }, "\(c.name) ∂J/∂h(t)")
            assertClose(grads.initialHidden, c.expected.initial_hidden_gradient, "\(c.name) ∂J/∂h(0)")
        }
    }

    func testPerStepContributionsSumToTheRecurrentWeightGradient() throws {
        for c in try cases() {
            let trace = c.model.forward(c.inputs)
            let grads = c.model.backward(
                trace, targets: c.targets, stepWeights: c.reduction.stepWeights(count: c.inputs.count),
                recordContributions: true)
            XCTAssertEqual(grads.recurrentWeightContributions.count, c.inputs.count)
            var sum = [Double](repeating: 0, count: c.model.hiddenSize * c.model.hiddenSize)
            for contribution in grads.recurrentWeightContributions {
                for k in sum.indices { sum[k] += contribution.values[k] }
            }
            let expected = matrix(c.expected.gradients["W_h"]!).values
            assertClose(sum, expected, "\(c.name) Σ_i ∂J/∂W_h|(i)")
            // The first step's contribution is δ(1) h(0)ᵀ: zero exactly when h(0) = 0.
            if c.model.initialHidden.allSatisfy({ $0 == 0 }) {
                XCTAssertEqual(grads.recurrentWeightContributions[0].values.map(abs).max(), 0)
            }
        }
    }

    func testSoftmaxIsStableForHugeLogits() {
        let p = Softmax.probabilities([1000, 1000, -1000])
        XCTAssertEqual(p[0], 0.5)
        XCTAssertEqual(p[1], 0.5)
        XCTAssertEqual(p[2], 0)
        XCTAssertEqual(Softmax.logSumExp([1000, 1000]), 1000 + log(2.0), accuracy: 1e-12)
    }
}
