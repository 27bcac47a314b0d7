import Foundation
import XCTest

@testable import RNN

/// The mean loss over examples after training (`SequenceModel.meanLoss`): a text read as one sequence (a stream
/// lesson's whole corpus) is run `evaluationRows` steps at a time with its state carried, the same numbers to the
/// last bit as one pass over all of it.
final class EvaluationTests: XCTestCase {
    /// A token sequence of `count` tokens drawn from `vocabulary` tokens by MT19937 (seed 7).
    private func tokens(_ count: Int, vocabulary: Int) -> [Int] {
        var generator = MT19937(seed: 7)
        return (0..<count).map { _ in Int(generator.nextDouble() * Double(vocabulary)) }
    }

    private func model(_ cell: CellKind, layers: Int, hidden: Int, vocabulary V: Int) -> SequenceModel {
        let words = try! Vocabulary(tokens: (0..<V).map { "t\($0)" })
        return SequenceModel(
            .init(shape: .languageModel, cell: cell, hidden: hidden, layers: layers), sources: words, targets: words,
            initialization: .uniform(seed: 3))
    }

    /// Three pieces (two whole, one shorter) against the batched pass over the whole sequence at once, from zeros
    /// and from a given state, for the notes' kind of RNN, a two-layer LSTM (cell states carried) and a GRU.
    func testALongSequenceInPiecesHasTheLossOfOnePass() {
        let n = 2 * SequenceModel.evaluationRows + 1234
        let text = tokens(n + 1, vocabulary: 11)
        let (x, y) = (Array(text.dropLast()), Array(text.dropFirst()))
        for (cell, layers) in [(CellKind.rnn(.tanh), 1), (.lstm, 2), (.gru, 1)] {
            let m = model(cell, layers: layers, hidden: 6, vocabulary: 11)
            let start = InitialState(
                hidden: (0..<layers).map { j in (0..<6).map { 0.1 * Double($0 - j) } },
                cell: cell == .lstm ? (0..<layers).map { j in (0..<6).map { 0.05 * Double(j - $0) } } : [])
            for initial in [nil, start] {
                let whole = m.parameters.withValuePointers { p in
                    let states = initial.map { StartingStates($0, rows: 1) }
                    let pass = m.runForward(
                        batch: [x], targets: [y], dropoutSeeds: nil, initial: states?.states, m.layout, p)
                    return pass.stepLosses([y])[0].reduce(0, +)
                }
                let mean = m.meanLoss(sources: [x], targets: [y], initial: initial)
                XCTAssertEqual(mean, whole / Double(n), "\(cell) L=\(layers) from \(initial == nil ? "zeros" : "h0")")
                // And near the one-example pass's (its own order of summation), which a slip in the carried
                // state would move far more than rounding.
                let single = m.run(source: x, target: y, initial: initial).stepLosses(y).reduce(0, +)
                XCTAssertEqual(mean, single / Double(n), accuracy: 1e-12 * abs(mean), "\(cell) against one example")
            }
        }
    }

    /// Many short examples: grouped into batches of at most `evaluationRows` rows, each example's loss as alone.
    func testShortExamplesInGroupsHaveTheirOwnLosses() {
        let m = model(.lstm, layers: 1, hidden: 5, vocabulary: 9)
        let text = tokens(40 * 150, vocabulary: 9)
        let sources = (0..<150).map { Array(text[($0 * 40)..<($0 * 40 + 20 + $0 % 17)]) }
        let targets = sources.map { Array($0.reversed()) }
        var total = 0.0
        for (x, y) in zip(sources, targets) {
            total += m.parameters.withValuePointers { p in
                m.runForward(batch: [x], targets: [y], dropoutSeeds: nil, m.layout, p).stepLosses([y])[0].reduce(0, +)
            }
        }
        let count = Double(targets.joined().count)
        XCTAssertEqual(m.meanLoss(sources: sources, targets: targets, initial: nil), total / count, accuracy: 1e-13)
    }

    /// The batches of the loss over examples: consecutive, every example once, at most 64 examples and 4,096
    /// rows (examples × the longest) but an example that is longer alone; over ragged lengths drawn by MT19937
    /// and the boundaries 4,095, 4,096, 4,097.
    func testTheEvaluationBatchesHoldAtMostEvaluationRows() {
        var generator = MT19937(seed: 11)
        var lengths = (0..<3000).map { _ in 1 + Int(generator.nextDouble() * generator.nextDouble() * 300) }
        lengths += [4095, 4096, 4097, 3, 9000, 2048, 2048, 2049, 1]
        let batches = SequenceModel.evaluationBatches(lengths: lengths)
        XCTAssertEqual(batches.map(\.lowerBound), [0] + batches.dropLast().map(\.upperBound))
        XCTAssertEqual(batches.last?.upperBound, lengths.count)
        for batch in batches {
            let rows = batch.count * lengths[batch].max()!
            XCTAssert(batch.count <= 64 && (rows <= 4096 || batch.count == 1), "\(batch): \(rows) rows")
        }
        // Batches stop where the next example would take them past 4,096 rows, not earlier.
        for (batch, next) in zip(batches, batches.dropFirst()) where batch.count < 64 {
            XCTAssertGreaterThan((batch.count + 1) * lengths[batch.lowerBound...next.lowerBound].max()!, 4096)
        }
        let alone = batches.filter { $0.count == 1 }.map { lengths[$0.lowerBound] }
        XCTAssertEqual(alone.filter { $0 > 4096 }, [4097, 9000])
    }

    /// What the memory estimate counts (`evaluationRowsHeld`), by hand from the batches: short examples 64 at a
    /// time (200 of 6 steps: 384 rows), a long one of a language model in pieces (4,096), a bidirectional
    /// tagger's long example whole, a shorter text whole.
    func testTheEvaluationHoldsTheRowsTheEstimateCounts() {
        let lm = model(.lstm, layers: 1, hidden: 4, vocabulary: 5)
        XCTAssertEqual(lm.evaluationRowsHeld(lengths: Array(repeating: 6, count: 200)), 384)
        XCTAssertEqual(lm.evaluationRowsHeld(lengths: [3, 20_000, 7]), 4096)
        XCTAssertEqual(lm.evaluationRowsHeld(lengths: [1000, 0]), 1000)
        XCTAssertEqual(lm.evaluationRowsHeld(lengths: Array(repeating: 100, count: 10)), 1000)
        XCTAssertEqual(lm.evaluationRowsHeld(lengths: [3000, 3000]), 3000)
        let words = try! Vocabulary(tokens: ["a", "b"])
        let tagger = SequenceModel(
            .init(shape: .manyToMany, cell: .gru, hidden: 3, bidirectional: true), sources: words, targets: words,
            initialization: .uniform(seed: 1))
        XCTAssertEqual(tagger.evaluationRowsHeld(lengths: [20_000, 5]), 20_000)
        XCTAssertEqual(tagger.evaluationRowsHeld(lengths: [50, 5]), 100)
    }

    /// The peak memory of the loss over a long sequence stays that of one piece: over 200,000 steps one pass held
    /// about 250 MB of activations (H=16, K=30); pieces of `evaluationRows` steps hold about 5 MB. Measured as the
    /// growth of the process's peak resident size (VmHWM, reset through /proc/self/clear_refs).
    func testTheLossOverALongTextDoesNotHoldEveryStep() throws {
        let m = model(.rnn(.tanh), layers: 1, hidden: 16, vocabulary: 30)
        let text = tokens(200_001, vocabulary: 30)
        let (x, y) = (Array(text.dropLast()), Array(text.dropFirst()))
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try peakResidentKB()
        let loss = m.meanLoss(sources: [x], targets: [y], initial: nil)
        let growth = try peakResidentKB() - before
        XCTAssert(loss.isFinite && loss > 0)
        XCTAssertLessThan(growth, 60_000, "peak resident size grew by \(growth) KB")
    }
}
