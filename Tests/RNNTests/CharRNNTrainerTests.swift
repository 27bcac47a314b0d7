import Foundation
import RNN
import XCTest

/// The batched, allocation-free min-char-rnn trainer against the numpy original and against the engine's
/// general training loop.
final class CharRNNTrainerTests: XCTestCase {
    /// With one stream it is min-char-rnn: 100 iterations give the numpy original's losses.
    func testOneStreamIsMinCharRNN() throws {
        let (reference, tokens, model) = try minCharRNN()
        let trainer = CharRNNTrainer(model: model, tokens: tokens, window: 25)
        var losses: [Double] = []
        var smoothed: [Double] = []
        for _ in 0..<100 {
            losses.append(trainer.step())
            smoothed.append(trainer.smoothLoss)
        }
        assertClose(losses, reference.losses, rtol: 1e-9, atol: 0, "losses")
        assertClose(smoothed, reference.smoothed, rtol: 1e-9, atol: 0, "smoothed losses")
    }

    /// With B streams the gradient is the mean of each stream's min-char-rnn gradient, computed by the
    /// engine's general BPTT from the stream's own offset; later windows carry each stream's state. B = 3 runs
    /// every product as loops; B = 40 (280 rows) sends the batched ones to OpenBLAS and gathers through W_xhᵀ.
    func testStreamsAverageTheirGradients() throws {
        try checkStreams(B: 3, T: 7)
        try checkStreams(B: 40, T: 7)
    }

    func checkStreams(B: Int, T: Int) throws {
        let (_, tokens, start) = try minCharRNN()
        let trainer = CharRNNTrainer(model: start, tokens: tokens, window: T, batch: B)
        let stride = (tokens.count - 1) / B
        var carried = [[Double]](repeating: [Double](repeating: 0, count: 100), count: B)
        for iteration in 0..<2 {
            let loss = trainer.computeGradients()
            var expected = start.parameters.zeros()
            var expectedLoss = 0.0
            for b in 0..<B {
                let p = b * stride + iteration * T
                let trace = start.forward(Array(tokens[p..<(p + T)]), h0: carried[b])
                let targets = Array(tokens[(p + 1)...(p + T)])
                expectedLoss += RNNLanguageModel.stepLosses(trace, targets: targets).reduce(0, +) / Double(B)
                let g = start.backward(
                    trace, targets: targets, stepWeights: [Double](repeating: 1 / Double(B), count: T)
                ).parameters
                for k in expected.items.indices {
                    for i in 0..<g.items[k].value.count {
                        expected.items[k].value.values[i] += g.items[k].value.values[i]
                    }
                }
                carried[b] = trace.hidden.last!
            }
            XCTAssertEqual(loss, expectedLoss, accuracy: 1e-12 * expectedLoss)
            for (mine, theirs) in zip(trainer.gradients.items, expected.items) {
                let clipped = theirs.value.values.map { min(max($0, -5), 5) }
                assertClose(
                    mine.value.values, clipped, rtol: 1e-9, atol: 1e-15, "B=\(B) ∂\(mine.name), window \(iteration + 1)"
                )
            }
        }
    }
}
