import Foundation

/// What a model trains on.
public enum TrainingData: Sendable {
    /// One long token stream cut into windows of `window` tokens; step k trains on inputs
    /// `tokens[p..<p+T]` with targets `tokens[p+1...p+T]`, carrying h(T) of one window into the next, and
    /// starting over (p = 0, h = 0) when the next window would run past the end: min-char-rnn's truncated BPTT.
    case stream(tokens: [Int], window: Int)
    /// Sentences, each trained from h(0) with teacher forcing (`inputs[i]` → `targets[i]`), `batchSize`
    /// at a time; the gradient of a batch is the mean of its sentences' gradients. Each pass over the data
    /// (epoch) visits the sentences in a new order drawn from the seed.
    case sentences(inputs: [[Int]], targets: [[Int]], batchSize: Int)
}

public struct TrainingConfiguration: Sendable {
    public var optimizer: Optimizer
    public var clipping: GradientClipping
    /// How a sequence's J(t) combine (min-char-rnn: `.sum`).
    public var reduction: LossReduction
    /// Number of updates.
    public var steps: Int
    public var seed: UInt32
    /// The smoothed loss is `s ← smoothing · s + (1 - smoothing) · loss`, starting from the loss of a uniform
    /// guess (min-char-rnn: 0.999, starting at `-log(1/V) · T`).
    public var smoothing: Double
    /// Keep a copy of the parameters after every this many updates (0: none), for samples during training.
    public var snapshotEvery: Int = 0

    public init(
        optimizer: Optimizer, clipping: GradientClipping = .none, reduction: LossReduction = .mean, steps: Int,
        seed: UInt32 = 1, smoothing: Double = 0.999
    ) {
        self.optimizer = optimizer
        self.clipping = clipping
        self.reduction = reduction
        self.steps = steps
        self.seed = seed
        self.smoothing = smoothing
    }
}

/// The record of a training run: the loss of every update, raw and smoothed, and the gradient norms.
public struct TrainingLog: Sendable, Equatable {
    public var losses: [Double] = []
    public var smoothed: [Double] = []
    public var gradientNorms: [Double] = []
    /// The parameters after every `snapshotEvery` updates, with the update's 1-based number.
    public var snapshots: [Snapshot] = []

    public struct Snapshot: Sendable, Equatable {
        public let step: Int
        public let parameters: ParameterSet
    }

    mutating func record(_ step: Int, _ parameters: ParameterSet, every: Int) {
        if every > 0, step % every == 0 { snapshots.append(Snapshot(step: step, parameters: parameters)) }
    }
}

public enum TrainingError: Error, Equatable, Sendable {
    /// The loss, a gradient or a weight became NaN or infinite at this update (1-based).
    case diverged(step: Int, what: String)
    /// `progress` asked to stop after this update, or the thread's `Deadline` passed.
    case stopped(step: Int)
}

extension RNNLanguageModel {
    /// Trains the model in place. `progress` is called after every update with its 1-based number and
    /// returns whether to go on.
    public mutating func train(
        on data: TrainingData, _ config: TrainingConfiguration, progress: ((Int) -> Bool)? = nil
    ) throws(TrainingError) -> TrainingLog {
        var state = OptimizerState(config.optimizer, for: parameters)
        var record = TrainingLog()
        guard config.steps > 0 else { return record }
        let V = Double(vocabulary.count)
        switch data {
        case .stream(let tokens, let window):
            var smooth = -log(1 / V) * (config.reduction == .sum ? Double(window) : 1)
            var position = 0
            var carried = [Double](repeating: 0, count: hiddenSize)
            for step in 1...config.steps {
                if position + window + 1 >= tokens.count || step == 1 {
                    carried = [Double](repeating: 0, count: hiddenSize)
                    position = 0
                }
                let inputs = Array(tokens[position..<(position + window)])
                let targets = Array(tokens[(position + 1)...(position + window)])
                let pass = windowLossAndGradient(
                    inputs: inputs, targets: targets, h0: carried,
                    stepWeights: config.reduction.stepWeights(count: window))
                let loss = config.reduction.combine(pass.stepLosses)
                var grads = pass.gradients
                record.gradientNorms.append(config.clipping.apply(to: &grads))
                try TrainingGuard.finite(loss, grads, step: step)
                state.update(&parameters, with: grads)
                try TrainingGuard.finite(parameters, step: step)
                carried = pass.last
                position += window
                smooth = config.smoothing * smooth + (1 - config.smoothing) * loss
                record.losses.append(loss)
                record.smoothed.append(smooth)
                record.record(step, parameters, every: config.snapshotEvery)
                if Deadline.passed || progress.map({ !$0(step) }) == true { throw .stopped(step: step) }
            }
        case .sentences(let inputs, let targets, let batchSize):
            return try train(sources: inputs, targets: targets, batchSize: batchSize, config, progress: progress)
        }
        return record
    }

    /// The mean per-token loss over sequences, each from h(0): what a held-out split reports.
    public func meanTokenLoss(inputs: [[Int]], targets: [[Int]]) -> Double {
        var total = 0.0
        var count = 0
        for (x, y) in zip(inputs, targets) where !x.isEmpty {
            total += Self.stepLosses(forward(x), targets: y).reduce(0, +)
            count += x.count
        }
        return count == 0 ? .nan : total / Double(count)
    }
}

/// The NaN/infinity guard of every training loop.
enum TrainingGuard {
    static func finite(_ loss: Double, _ grads: ParameterSet, step: Int) throws(TrainingError) {
        guard loss.isFinite else {
            throw .diverged(step: step, what: loss.isNaN ? "the loss is NaN" : "the loss is infinite")
        }
        for p in grads.items where !p.value.values.allSatisfy(\.isFinite) {
            throw .diverged(step: step, what: "the gradient of \(p.name) is not finite")
        }
    }

    static func finite(_ parameters: ParameterSet, step: Int) throws(TrainingError) {
        for p in parameters.items where !p.value.values.allSatisfy(\.isFinite) {
            throw .diverged(step: step, what: "\(p.name) is not finite after the update")
        }
    }
}

/// A model trained on examples (a source and a target sequence), each from its initial state: what
/// `TrainingData.sentences` means for the notes' language model, and how every `SequenceModel` trains.
public protocol ExampleTrainable {
    var parameters: ParameterSet { get set }
    /// How many values the outputs range over (the smoothed loss starts at the loss of a uniform guess).
    var outputCount: Int { get }
    /// The example's loss under `reduction` times `weight`, and its gradient (also times `weight`);
    /// `dropoutSeed` draws the dropout masks where the model has dropout.
    func weightedLossAndGradient(
        source: [Int], target: [Int], reduction: LossReduction, weight: Double, dropoutSeed: UInt32
    ) -> (loss: Double, gradients: ParameterSet)
    /// The same for a whole batch at once (the sum over its examples, example k's masks drawn from
    /// `dropoutSeeds[k]`), or nil when the model takes these examples one at a time.
    func weightedLossAndGradient(
        batch sources: [[Int]], targets: [[Int]], reduction: LossReduction, weight: Double, dropoutSeeds: [UInt32]
    ) -> (loss: Double, gradients: ParameterSet)?
}

extension ExampleTrainable {
    public func weightedLossAndGradient(
        batch sources: [[Int]], targets: [[Int]], reduction: LossReduction, weight: Double, dropoutSeeds: [UInt32]
    ) -> (loss: Double, gradients: ParameterSet)? { nil }
}

extension ExampleTrainable {
    /// Mini-batch training: each update averages the gradients of `batchSize` examples; each pass over the
    /// data (epoch) visits the examples in a new order drawn from the seed. `progress` is called after every
    /// update with its 1-based number and returns whether to go on.
    public mutating func train(
        sources: [[Int]], targets: [[Int]], batchSize: Int, _ config: TrainingConfiguration,
        progress: ((Int) -> Bool)? = nil
    ) throws(TrainingError) -> TrainingLog {
        var state = OptimizerState(config.optimizer, for: parameters)
        var record = TrainingLog()
        guard config.steps > 0 else { return record }
        var smooth =
            -log(1 / Double(outputCount))
            * (config.reduction == .sum
                ? Double(targets.map(\.count).reduce(0, +)) / Double(max(targets.count, 1)) : 1)
        var batches = EpochOrder(count: sources.count, batchSize: batchSize, seed: config.seed)
        for step in 1...config.steps {
            let batch = batches.next()
            let share = 1 / Double(batch.count)
            let seeds = batch.indices.map { EpochOrder.dropoutSeed(config.seed, step: step, example: $0) }
            var loss = 0.0
            var grads: ParameterSet
            if let batched = weightedLossAndGradient(
                batch: batch.map { sources[$0] }, targets: batch.map { targets[$0] }, reduction: config.reduction,
                weight: share, dropoutSeeds: seeds)
            {
                (loss, grads) = batched
            } else {
                grads = parameters.zeros()
                for (k, s) in batch.enumerated() {
                    let (l, g) = weightedLossAndGradient(
                        source: sources[s], target: targets[s], reduction: config.reduction, weight: share,
                        dropoutSeed: seeds[k])
                    loss += l
                    for p in grads.items.indices {
                        grads.items[p].value.values.withUnsafeMutableBufferPointer { out in
                            g.items[p].value.values.withUnsafeBufferPointer { add in
                                for i in 0..<out.count { out[i] += add[i] }
                            }
                        }
                    }
                }
            }
            record.gradientNorms.append(config.clipping.apply(to: &grads))
            try TrainingGuard.finite(loss, grads, step: step)
            state.update(&parameters, with: grads)
            try TrainingGuard.finite(parameters, step: step)
            smooth = config.smoothing * smooth + (1 - config.smoothing) * loss
            record.losses.append(loss)
            record.smoothed.append(smooth)
            record.record(step, parameters, every: config.snapshotEvery)
            if Deadline.passed || progress.map({ !$0(step) }) == true { throw .stopped(step: step) }
        }
        return record
    }
}

/// The examples of each update: `batchSize` at a time (all, when there are fewer) from an order drawn anew from
/// MT19937 for each pass over the data (a Fisher–Yates shuffle, last position first), continuing across passes.
public struct EpochOrder: Sendable {
    private var generator: MT19937
    private var order: [Int] = []
    private var cursor = 0
    private let count, batchSize: Int

    public init(count: Int, batchSize: Int, seed: UInt32) {
        (self.count, self.batchSize, generator) = (count, batchSize, MT19937(seed: seed))
    }

    /// The next update's examples, by index.
    public mutating func next() -> [Int] {
        var batch: [Int] = []
        while batch.count < min(batchSize, count) {
            if cursor == order.count {
                order = Array(0..<count)
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(generator.nextDouble() * Double(i + 1)))
                }
                cursor = 0
            }
            batch.append(order[cursor])
            cursor += 1
        }
        return batch
    }

    /// The seed of the dropout masks of the `example`-th example (from 0) of update `step` (from 1).
    public static func dropoutSeed(_ seed: UInt32, step: Int, example: Int) -> UInt32 {
        seed &+ UInt32(truncatingIfNeeded: step &* 7919 &+ example)
    }
}

extension RNNLanguageModel: ExampleTrainable {
    public var outputCount: Int { vocabulary.count }

    public func weightedLossAndGradient(
        source: [Int], target: [Int], reduction: LossReduction, weight: Double, dropoutSeed: UInt32
    ) -> (loss: Double, gradients: ParameterSet) {
        let weights = reduction.stepWeights(count: source.count).map { $0 * weight }
        let pass = windowLossAndGradient(inputs: source, targets: target, h0: initialHidden, stepWeights: weights)
        return (weight * reduction.combine(pass.stepLosses), pass.gradients)
    }
}

extension SequenceModel: ExampleTrainable {
    public var outputCount: Int { targets.count }

    public func weightedLossAndGradient(
        source: [Int], target: [Int], reduction: LossReduction, weight: Double, dropoutSeed: UInt32
    ) -> (loss: Double, gradients: ParameterSet) {
        let weights = reduction.stepWeights(count: target.count).map { $0 * weight }
        let pass = lossAndGradient(source: source, target: target, stepWeights: weights, dropoutSeed: dropoutSeed)
        return (weight * reduction.combine(pass.stepLosses), pass.gradients)
    }

    public func weightedLossAndGradient(
        batch sources: [[Int]], targets: [[Int]], reduction: LossReduction, weight: Double, dropoutSeeds: [UInt32]
    ) -> (loss: Double, gradients: ParameterSet)? {
        guard batches(sources: sources, targets: targets) else { return nil }
        let weights = targets.map { reduction.stepWeights(count: $0.count).map { $0 * weight } }
        let pass = lossAndGradient(batch: sources, targets: targets, stepWeights: weights, dropoutSeeds: dropoutSeeds)
        var loss = 0.0
        for losses in pass.stepLosses { loss += weight * reduction.combine(losses) }
        return (loss, pass.gradients)
    }

    /// The mean loss per output over examples (no dropout): what a held-out split reports. Consecutive examples
    /// are run as batches of up to 64 where the model batches them.
    public func meanLoss(sources: [[Int]], targets: [[Int]]) -> Double {
        var total = 0.0
        var count = 0
        let examples = zip(sources, targets).filter { !$0.0.isEmpty && !$0.1.isEmpty }
        // Where the parameters are (it builds the networks): once, for every batch.
        let layout = self.layout
        var start = 0
        while start < examples.count {
            var end = start + 1
            while end < examples.count, end - start < 64 { end += 1 }
            let (x, y) = (examples[start..<end].map(\.0), examples[start..<end].map(\.1))
            if batches(sources: x, targets: y) {
                let losses = parameters.withValuePointers { p in
                    runForward(batch: x, targets: y, dropoutSeeds: nil, layout, p).stepLosses(y)
                }
                for l in losses { total += l.reduce(0, +) }
                count += y.joined().count
            } else {
                for (x, y) in zip(x, y) {
                    total += run(source: x, target: y).stepLosses(y).reduce(0, +)
                    count += y.count
                }
            }
            start = end
        }
        return count == 0 ? .nan : total / Double(count)
    }
}
