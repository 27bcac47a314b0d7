import Foundation
import RNN
import XCTest

/// min-char-rnn's training through the one training loop (`TrainingData.stream`), as lessons and `bench charlm`
/// run it: against the numpy original, and with several streams against each stream's own gradient.
final class StreamTrainingTests: XCTestCase {
    /// With B streams one SGD update (learning rate 1, no clipping) moves every weight by the mean of each
    /// stream's gradient, computed by the engine's one-example BPTT from the stream's own offset; the second
    /// window starts from the state each stream's first ended in. The notes' model (one-hot, tanh) and an LSTM
    /// (whose cell states are carried too).
    func testStreamsAverageTheirGradientsAndCarryTheirStates() throws {
        let (_, tokens, notes) = try minCharRNN()
        try checkStreams(notes, tokens: Array(tokens.prefix(600)), B: 3, T: 7)
        let lstm = SequenceModel(
            .init(shape: .languageModel, cell: .lstm, hidden: 12, layers: 2), sources: notes.vocabulary,
            targets: notes.vocabulary, initialization: .uniform(seed: 4))
        try checkStreams(lstm, tokens: Array(tokens.prefix(600)), B: 4, T: 5)
    }

    func checkStreams<Model: RecurrentModel>(_ start: Model, tokens: [Int], B: Int, T: Int) throws {
        let stride = (tokens.count - 1) / B
        var model = start
        var carried: [InitialState?] = Array(repeating: nil, count: B)
        var config = TrainingConfiguration(optimizer: .sgd(learningRate: 1), reduction: .sum, steps: 1)
        for window in 0..<2 {
            let before = model
            config.steps = 1
            var expected = before.parameters
            var expectedLoss = 0.0
            for b in 0..<B {
                let p = b * stride + window * T
                let (x, y) = (Array(tokens[p..<(p + T)]), Array(tokens[(p + 1)...(p + T)]))
                let zeros = InitialState(
                    hidden: Array(repeating: Array(repeating: 0, count: before.hiddenSize), count: before.layers),
                    cell: before.cell == .lstm
                        ? Array(repeating: Array(repeating: 0, count: before.hiddenSize), count: before.layers) : [])
                let pass = before.pass(source: x, target: y, initial: carried[b] ?? zeros)
                expectedLoss += pass.stepLosses(target: y).reduce(0, +) / Double(B)
                let g = before.backward(
                    pass, target: y, stepWeights: Array(repeating: 1 / Double(B), count: T), recordContributions: false
                ).parameters
                for k in expected.items.indices {
                    for i in 0..<g.items[k].value.count { expected.items[k].value.values[i] -= g.items[k].value.values[i] }
                }
                carried[b] = InitialState(
                    hidden: pass.hidden.map { $0.last! }, cell: pass.cellStates.map { $0.last! })
            }
            // Training both windows from the start, then comparing after the second, checks the carried states.
            config.steps = window + 1
            var trained = start
            let log = try trained.train(on: .stream(tokens: tokens, window: T, streams: B), config)
            XCTAssertEqual(log.losses[window], expectedLoss, accuracy: 1e-12 * expectedLoss, "window \(window + 1)")
            for (mine, theirs) in zip(trained.parameters.items, expected.items) {
                assertClose(mine.value.values, theirs.value.values, rtol: 1e-9, atol: 1e-13, "B=\(B) \(mine.name)")
            }
            model = trained
        }
    }
}
