import Foundation

/// What a model trains on.
public enum TrainingData: Sendable {
    /// One long token stream cut into windows of `window` tokens, min-char-rnn's truncated BPTT: each update
    /// trains on inputs `tokens[p..<p+T]` with targets `tokens[p+1...p+T]` from the state the previous window
    /// ended in, and starts over (p at the stream's start, zero state) when the next window would run past the
    /// end. With `streams` B > 1, B such streams at once (stream b starting at b·⌊(N-1)/B⌋ of the N tokens),
    /// the loss and gradient the mean of theirs. A language model only.
    case stream(tokens: [Int], window: Int, streams: Int = 1)
    /// Examples (sentences, windows or a data set's), each from the model's initial state with teacher forcing
    /// (`inputs[i]` → `targets[i]`), `batchSize` at a time; the gradient of a batch is the mean of its examples'
    /// gradients. Each pass over the data (epoch) visits the examples in a new order drawn from the seed.
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
    /// Hand the parameters to the run's `snapshot` callback after every this many updates (0: never), for samples
    /// during training; nothing is kept, so a run's memory does not grow with the number of snapshots.
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
}

public enum TrainingError: Error, Equatable, Sendable {
    /// The loss, a gradient or a weight became NaN or infinite at this update (1-based).
    case diverged(step: Int, what: String)
    /// `progress` asked to stop after this update, or the thread's `Deadline` passed.
    case stopped(step: Int)
}

extension RecurrentModel {
    /// Trains the model in place, whatever the model and the mode, through the one training loop (`Trainer`).
    /// `progress` is called after every update with its 1-based number and returns whether to go on; `snapshot`
    /// after every `config.snapshotEvery`-th update with its number and the parameters as they are then (a
    /// callback rather than a kept copy: 100 copies of a 13M-parameter LSTM's weights held 10 GB).
    public mutating func train(
        on data: TrainingData, _ config: TrainingConfiguration, progress: ((Int) -> Bool)? = nil,
        snapshot: ((Int, ParameterSet) -> Void)? = nil
    ) throws(TrainingError) -> TrainingLog {
        var trainer = Trainer(asSequenceModel, initial: ownInitialState, config, snapshot: snapshot)
        defer { parameters = trainer.model.parameters }
        return try trainer.run(data, progress: progress)
    }

    /// Mini-batch training on examples (`TrainingData.sentences`).
    public mutating func train(
        sources: [[Int]], targets: [[Int]], batchSize: Int, _ config: TrainingConfiguration,
        progress: ((Int) -> Bool)? = nil, snapshot: ((Int, ParameterSet) -> Void)? = nil
    ) throws(TrainingError) -> TrainingLog {
        try train(
            on: .sentences(inputs: sources, targets: targets, batchSize: batchSize), config, progress: progress,
            snapshot: snapshot)
    }
}

extension SequenceModel {
    /// How many rows (examples × steps) one evaluation pass holds at most: a batch of examples stops growing
    /// there, and one example longer than this (min-char-rnn's whole text read as one sequence) is run in pieces
    /// of this many steps, its state carried from piece to piece, when the model can be cut (`cutsExamples`).
    /// Without it the loss over a 1 MB text after training held the activations of every step at once (4.7 GB
    /// for the notes' model).
    public static let evaluationRows = 4096

    /// Whether one example's forward pass can run in pieces with the state carried: a network read in one
    /// direction, on tokens, of a shape whose passes batch (language model, many-to-many).
    var cutsExamples: Bool {
        let c = configuration
        return directions == 1 && c.inputSize == nil && (c.shape == .languageModel || c.shape == .manyToMany)
    }

    /// The batches the loss over examples of these lengths runs, as ranges of their indices: consecutive
    /// examples, up to 64 and `evaluationRows` rows (examples × the longest) in a batch; an example alone when it
    /// is longer than that (then in pieces, or whole when the model cannot be cut).
    static func evaluationBatches(lengths: [Int]) -> [Range<Int>] {
        var (batches, start) = ([Range<Int>](), 0)
        forEachEvaluationBatch(lengths, length: { $0 }) { batch, _ in
            batches.append(start..<(start + batch.count))
            start += batch.count
        }
        return batches
    }

    /// Cuts `items`, in order, into the batches of `evaluationBatches` (`length` an item's steps) and hands each
    /// to `body`, with its longest, once it is complete: so that a lazy sequence holds one batch at a time. A
    /// batch takes the next item while it has fewer than 64 and the rows stay within `evaluationRows`, and always
    /// takes a first one.
    static func forEachEvaluationBatch<Item>(
        _ items: some Sequence<Item>, length: (Item) -> Int, _ body: (_ batch: [Item], _ longest: Int) -> Void
    ) {
        var (batch, longest) = ([Item](), 0)
        for item in items {
            let n = length(item)
            if !batch.isEmpty, batch.count == 64 || (batch.count + 1) * max(longest, n) > evaluationRows {
                body(batch, longest)
                (batch, longest) = ([], 0)
            }
            batch.append(item)
            longest = max(longest, n)
        }
        if !batch.isEmpty { body(batch, longest) }
    }

    /// The most steps of examples the loss over examples of these lengths (`meanLoss`) holds at once: the largest
    /// of its batches (`evaluationBatches`), an example longer than `evaluationRows` counting as one piece when
    /// the model cuts it and whole when it cannot; a model whose examples run one at a time is counted as if they
    /// ran in batches, which holds more. Empty examples are not run.
    public func evaluationRowsHeld(lengths: some Sequence<Int>) -> Int {
        var held = 0
        Self.forEachEvaluationBatch(lengths.lazy.filter { $0 > 0 }, length: { $0 }) { batch, longest in
            held = max(
                held, batch.count == 1 && cutsExamples ? min(longest, Self.evaluationRows) : batch.count * longest)
        }
        return held
    }

    /// The mean loss per output over examples (no dropout), each from `initial` (zeros when nil): what a
    /// held-out split reports. The examples run in `evaluationBatches` (as one batched pass each where the model
    /// batches them); every output's loss is the same however the examples are grouped or cut. They are taken
    /// from `examples` as the batches fill, so that a lazy sequence (a corpus's sentences made indices on the
    /// way) holds one batch of them at a time; examples with no step or no target are skipped.
    func meanLoss(
        examples: some Sequence<(source: [Int], target: [Int])>, initial: InitialState?
    ) -> Double {
        var (total, count) = (0.0, 0)
        // Where the parameters are (it builds the networks): once, for every batch.
        let layout = self.layout
        let kept = examples.lazy.filter { !$0.source.isEmpty && !$0.target.isEmpty }
        Self.forEachEvaluationBatch(kept, length: { $0.source.count }) { batch, _ in
            count += addBatchLoss(batch.map(\.source), batch.map(\.target), initial: initial, layout, to: &total)
        }
        return count == 0 ? .nan : total / Double(count)
    }

    /// Adds one batch's losses of `meanLoss` to `total`, one example's sum after another (one example in pieces,
    /// a batched pass, or the examples one by one where the model does not batch them), and returns its number of
    /// outputs.
    private func addBatchLoss(
        _ x: [[Int]], _ y: [[Int]], initial: InitialState?, _ layout: Layout, to total: inout Double
    ) -> Int {
        if x.count == 1, let sum = pieceLossSum(source: x[0], target: y[0], initial: initial, layout) {
            total += sum
        } else if batches(sources: x, targets: y) {
            let states = initial.map { StartingStates($0, rows: x.count) }
            let losses = parameters.withValuePointers { p in
                runForward(batch: x, targets: y, dropoutSeeds: nil, initial: states?.states, layout, p)
                    .stepLosses(y)
            }
            for l in losses { total += l.reduce(0, +) }
        } else {
            for (x, y) in zip(x, y) {
                total += run(source: x, target: y, initial: initial).stepLosses(y).reduce(0, +)
            }
        }
        return y.reduce(0) { $0 + $1.count }
    }

    /// `meanLoss(examples:initial:)` over `sources[i]` → `targets[i]`.
    func meanLoss(sources: [[Int]], targets: [[Int]], initial: InitialState?) -> Double {
        meanLoss(examples: zip(sources, targets).lazy.map { (source: $0, target: $1) }, initial: initial)
    }

    /// The sum of one example's step losses (in order, as `reduce(0, +)` adds them), computed `evaluationRows`
    /// steps at a time with the states carried between pieces; nil for an example no longer than that, or one
    /// the model cannot cut (`cutsExamples`).
    private func pieceLossSum(source: [Int], target: [Int], initial: InitialState?, _ layout: Layout) -> Double? {
        let piece = Self.evaluationRows
        guard source.count > piece, cutsExamples, batches(sources: [source], targets: [target]) else { return nil }
        let carried = StartingStates(
            initial, cells: configuration.layers, hidden: configuration.hidden,
            cellStates: configuration.cell == .lstm, rows: 1)
        let states = carried.states
        var sum = 0.0
        for t in stride(from: 0, to: source.count, by: piece) {
            let steps = t..<min(source.count, t + piece)
            let (x, y) = ([Array(source[steps])], [Array(target[steps])])
            let losses = parameters.withValuePointers { p in
                let pass = runForward(batch: x, targets: y, dropoutSeeds: nil, initial: states, layout, p)
                pass.finalStates(into: states)
                return pass.stepLosses(y)[0]
            }
            for l in losses { sum += l }
        }
        return withExtendedLifetime(carried) { sum }
    }

    /// The mean loss per output over examples, each from the model's initial state (zeros).
    public func meanLoss(sources: [[Int]], targets: [[Int]]) -> Double {
        meanLoss(sources: sources, targets: targets, initial: nil)
    }
}

/// One initial state repeated for the B rows of a batch, in `SequenceModel.BatchStates`' layout: what a batch
/// starts from, and what a run that carries its states from pass to pass keeps them in (`finalStates(into:)`).
final class StartingStates {
    private let buffer: FlatBuffer
    let states: SequenceModel.BatchStates

    /// `initial` in every row, with cell states only if it has them.
    convenience init(_ initial: InitialState, rows B: Int) {
        let (cells, H) = (initial.hidden.count, initial.hidden.first?.count ?? 0)
        self.init(initial, cells: cells, hidden: H, cellStates: !initial.cell.isEmpty, rows: B)
    }

    /// `cells` states of H values in each of B rows, with cell states when `cellStates` (the LSTM's, to carry
    /// them): `initial`'s where given, else zeros.
    init(_ initial: InitialState?, cells: Int, hidden H: Int, cellStates: Bool, rows B: Int) {
        buffer = FlatBuffer(parts: [cells * B * H, cellStates ? cells * B * H : 0])
        for j in 0..<cells {
            for b in 0..<B {
                if let initial { (buffer[0] + (j * B + b) * H).update(from: initial.hidden[j], count: H) }
                if let cell = initial?.cell, !cell.isEmpty, cellStates {
                    (buffer[1] + (j * B + b) * H).update(from: cell[j], count: H)
                }
            }
        }
        states = SequenceModel.BatchStates(hidden: buffer[0], cell: cellStates ? buffer[1] : nil)
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
