import XCTest

@testable import RNN

/// The training loops' pass over a window (losses from the log-sum-exp kept in its buffers, no trace) against
/// what lessons display (`forward`'s trace, `stepLosses` through `Softmax.logSumExp`, `backward` from the trace
/// copied back into buffers): the same operations in the same order, so equal to the last bit.
final class WindowPassTests: XCTestCase {
    func check(_ model: RNNLanguageModel, inputs: [Int], targets: [Int], h0: [Double], _ label: String) {
        let weights = (0..<inputs.count).map { 0.25 + Double($0) / 8 }
        let trace = model.forward(inputs, h0: h0)
        let losses = RNNLanguageModel.stepLosses(trace, targets: targets)
        let gradients = model.backward(trace, targets: targets, stepWeights: weights).parameters
        let pass = model.windowLossAndGradient(inputs: inputs, targets: targets, h0: h0, stepWeights: weights)
        XCTAssertEqual(pass.stepLosses, losses, label)
        XCTAssertEqual(pass.gradients, gradients, label)
        XCTAssertEqual(pass.last, trace.hidden.last ?? h0, label)
    }

    /// Every reference case (one-hot and embedding input; tanh, sigmoid and ReLU), from its h(0) and from a
    /// non-zero one, and with the notes' zero input x(1) = 0 at the start of a sentence.
    func testWindowPassEqualsForwardAndBackward() throws {
        let cases = try RNNCase.all()
        XCTAssertGreaterThan(cases.count, 3)
        for c in cases {
            let h0 = c.model.initialHidden
            check(c.model, inputs: c.inputs, targets: c.targets, h0: h0, c.name)
            check(
                c.model, inputs: c.inputs, targets: c.targets, h0: h0.indices.map { 0.3 - Double($0) / 10 },
                "\(c.name), non-zero h(0)")
            check(
                c.model, inputs: [RNNLanguageModel.noInput] + c.inputs.dropLast(), targets: c.targets, h0: h0,
                "\(c.name), zero first input")
        }
    }
}
