import XCTest

@testable import RNN

/// The batched passes (`RecurrentNetwork+Batch`, `SequenceModel+Batch`) against the one-example passes, which
/// equal PyTorch float64 to 1e-10 (`SequenceModelTests`): a batch's step losses and gradient must be the sum of
/// its examples' to the rounding of a different order of summation, for every cell, with layers, both
/// directions, embeddings and dropout; and the batched loss passes a finite-difference check on its own.
final class BatchedPassTests: XCTestCase {
    struct Case {
        let cell: CellKind
        let layers: Int
        let bidirectional: Bool
        let embedding: Int?
        let dropout: Double
        let shape: SequenceModel.Shape
    }

    static let cases: [Case] = [
        Case(cell: .lstm, layers: 2, bidirectional: false, embedding: nil, dropout: 0, shape: .languageModel),
        Case(cell: .lstm, layers: 2, bidirectional: true, embedding: 3, dropout: 0.3, shape: .manyToMany),
        Case(cell: .gru, layers: 2, bidirectional: false, embedding: 3, dropout: 0, shape: .languageModel),
        Case(cell: .gru, layers: 1, bidirectional: true, embedding: nil, dropout: 0, shape: .manyToMany),
        Case(cell: .gruOriginal, layers: 2, bidirectional: false, embedding: nil, dropout: 0.2, shape: .languageModel),
        Case(cell: .rnn(.tanh), layers: 3, bidirectional: false, embedding: nil, dropout: 0, shape: .languageModel),
        Case(cell: .rnn(.relu), layers: 2, bidirectional: true, embedding: 2, dropout: 0, shape: .manyToMany),
    ]

    func model(_ c: Case, hidden: Int = 5) throws -> SequenceModel {
        let sources = try Vocabulary(tokens: ["a", "b", "c", "d", "e", "f", "g"])
        let targets = c.shape == .languageModel ? sources : try Vocabulary(tokens: ["N", "V", "D"])
        let configuration = SequenceModel.Configuration(
            shape: c.shape, cell: c.cell, hidden: hidden, layers: c.layers, bidirectional: c.bidirectional,
            embedding: c.embedding, dropout: c.dropout)
        return SequenceModel(configuration, sources: sources, targets: targets, initialization: .uniform(seed: 3))
    }

    /// B examples of T tokens from MT19937, targets in the model's target vocabulary.
    func examples(_ model: SequenceModel, count B: Int, steps T: Int) -> (sources: [[Int]], targets: [[Int]]) {
        var generator = MT19937(seed: 11)
        let draw = { (n: Int) in Int(generator.nextDouble() * Double(n)) }
        let sources = (0..<B).map { _ in (0..<T).map { _ in draw(model.sources.count) } }
        let targets = (0..<B).map { _ in (0..<T).map { _ in draw(model.targets.count) } }
        return (sources, targets)
    }

    func assertClose(_ a: [Double], _ b: [Double], _ what: String, relative: Double = 1e-12) {
        XCTAssertEqual(a.count, b.count, what)
        let scale = max(b.map(abs).max() ?? 0, 1e-300)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, relative * scale, "\(what): differs by \(worst) of \(scale)")
    }

    /// Of one length, and of several (padded to the longest, which is not the first).
    func testABatchIsTheSumOfItsExamplesForEveryCellLayersDirectionsEmbeddingsAndDropout() throws {
        for c in Self.cases {
            for lengths in [[6, 6, 6, 6], [3, 6, 1, 4]] {
                try checkBatch(c, lengths: lengths)
            }
        }
    }

    func checkBatch(_ c: Case, lengths: [Int]) throws {
        let model = try model(c)
        let (full, fullTargets) = examples(model, count: 4, steps: 6)
        let sources = zip(full, lengths).map { Array($0.prefix($1)) }
        let targets = zip(fullTargets, lengths).map { Array($0.prefix($1)) }
        let weights: [[Double]] = (0..<4).map { (b: Int) -> [Double] in
            (0..<lengths[b]).map { (t: Int) -> Double in 0.1 * Double(b + 1) + 0.01 * Double(t) }
        }
        let seeds: [UInt32] = [5, 6, 7, 8]
        XCTAssertTrue(model.batches(sources: sources, targets: targets))
        let batched = model.lossAndGradient(
            batch: sources, targets: targets, stepWeights: weights, dropoutSeeds: seeds)
        var sum = model.parameters.zeros()
        for b in 0..<4 {
            let one = model.lossAndGradient(
                source: sources[b], target: targets[b], stepWeights: weights[b],
                dropoutSeed: c.dropout > 0 ? seeds[b] : nil)
            assertClose(batched.stepLosses[b], one.stepLosses, "\(c) \(lengths) J(t) of example \(b)")
            for p in sum.items.indices {
                for i in 0..<sum.items[p].value.count {
                    sum.items[p].value.values[i] += one.gradients.items[p].value.values[i]
                }
            }
        }
        for (mine, theirs) in zip(batched.gradients.items, sum.items) {
            assertClose(mine.value.values, theirs.value.values, "\(c) \(lengths) ∂J/∂\(mine.name)")
            XCTAssertGreaterThan(theirs.value.values.map(abs).max()!, 1e-6, "\(c) ∂J/∂\(mine.name) is not zero")
        }
    }

    func testLargeProductsGiveTheSameBitsOnOneThreadAndOnSeveral() throws {
        // B = 32, H = 128, T = 3: the weights' gradients are 512 × 128 × 96 multiply-adds each, which
        // Products.general shares out over the threads; every element is summed in one order, so the gradients
        // are the same to the bit.
        let c = Case(cell: .lstm, layers: 1, bidirectional: false, embedding: nil, dropout: 0, shape: .languageModel)
        let model = try model(c, hidden: 128)
        let (sources, targets) = examples(model, count: 32, steps: 3)
        let weights = Array(repeating: LossReduction.mean.stepWeights(count: 3), count: 32)
        var sum = model.parameters.zeros()
        for b in 0..<32 {
            let one = model.lossAndGradient(
                source: sources[b], target: targets[b], stepWeights: weights[b], dropoutSeed: nil)
            for p in sum.items.indices {
                for i in 0..<sum.items[p].value.count {
                    sum.items[p].value.values[i] += one.gradients.items[p].value.values[i]
                }
            }
        }
        defer { Products.setThreads(ProcessInfo.processInfo.activeProcessorCount) }
        var first: [[Double]]?
        for threads in [1, 2, 3] {
            Products.setThreads(threads)
            let batched = model.lossAndGradient(
                batch: sources, targets: targets, stepWeights: weights, dropoutSeeds: nil)
            for (mine, theirs) in zip(batched.gradients.items, sum.items) {
                assertClose(mine.value.values, theirs.value.values, "\(threads) thread(s): ∂J/∂\(mine.name)")
            }
            let values = batched.gradients.items.map(\.value.values)
            if let first {
                XCTAssertEqual(values, first, "\(threads) threads against one")
            } else {
                first = values
            }
        }
    }

    func testTheBatchedLossPassesAFiniteDifferenceCheck() throws {
        for c in Self.cases where c.dropout == 0 {
            let model = try model(c, hidden: 3)
            let (sources, targets) = examples(model, count: 3, steps: 4)
            let weights = Array(repeating: LossReduction.mean.stepWeights(count: 4), count: 3)
            let analytic = model.lossAndGradient(
                batch: sources, targets: targets, stepWeights: weights, dropoutSeeds: nil
            ).gradients
            let entries = model.parameters.items.flatMap { p in
                stride(from: 0, to: p.value.count, by: 3).map { (p.name, $0 / p.value.cols, $0 % p.value.cols) }
            }
            let results = GradientCheck(step: 1e-6, tolerance: 1e-6).run(
                model: model, analytic: analytic, entries: entries
            ) { m in
                m.lossAndGradient(batch: sources, targets: targets, stepWeights: weights, dropoutSeeds: nil)
                    .stepLosses.enumerated().map { b, losses in
                        zip(losses, weights[b]).map { $0 * $1 }.reduce(0, +)
                    }.reduce(0, +)
            }
            let failed = results.filter { !$0.passed }
            XCTAssertTrue(
                failed.isEmpty,
                "\(c): \(failed.count) of \(results.count) failed, e.g. \(String(describing: failed.first))")
        }
    }

    func testTrainingAndTheHeldOutLossTakeTheBatchedPassWithTheSameNumbers() throws {
        let c = Self.cases[1]
        var batched = try model(c)
        let (sources, targets) = examples(batched, count: 8, steps: 5)
        var single = batched
        let config = TrainingConfiguration(
            optimizer: .adam(learningRate: 0.01), clipping: .globalNorm(5), steps: 6, seed: 4)
        let log = try batched.train(sources: sources, targets: targets, batchSize: 4, config)
        // The same updates, each batch's gradient summed by hand through the one-example passes.
        var state = OptimizerState(config.optimizer, for: single.parameters)
        var batches = EpochOrder(count: sources.count, batchSize: 4, seed: config.seed)
        for step in 1...config.steps {
            let batch = batches.next()
            var grads = single.parameters.zeros()
            var loss = 0.0
            for (k, s) in batch.enumerated() {
                let weights = LossReduction.mean.stepWeights(count: targets[s].count).map { $0 * 0.25 }
                let (l, g) = single.lossAndGradient(
                    source: sources[s], target: targets[s], stepWeights: weights,
                    dropoutSeed: EpochOrder.dropoutSeed(config.seed, step: step, example: k))
                loss += 0.25 * LossReduction.mean.combine(l)
                for p in grads.items.indices {
                    for i in 0..<grads.items[p].value.count {
                        grads.items[p].value.values[i] += g.items[p].value.values[i]
                    }
                }
            }
            _ = config.clipping.apply(to: &grads)
            state.update(&single.parameters, with: grads)
            XCTAssertEqual(log.losses[step - 1], loss, accuracy: 1e-10 * abs(loss), "loss of update \(step)")
        }
        for (a, b) in zip(batched.parameters.items, single.parameters.items) {
            assertClose(a.value.values, b.value.values, "\(a.name) after training", relative: 1e-10)
        }
        // Held out: batches of up to 64, the shorter examples padded.
        let ragged = sources + [Array(sources[0].prefix(3))]
        let raggedTargets = targets + [Array(targets[0].prefix(3))]
        var total = 0.0
        for (x, y) in zip(ragged, raggedTargets) {
            total += batched.run(source: x, target: y).stepLosses(y).reduce(0, +)
        }
        XCTAssertEqual(
            batched.meanLoss(sources: ragged, targets: raggedTargets), total / Double(raggedTargets.joined().count),
            accuracy: 1e-12)
    }
}
