import Foundation

/// The one training loop, for every model (the notes' model trains as its `SequenceModel` configuration) and
/// every mode (examples in mini-batches, or min-char-rnn's streams): each update runs the batch through the
/// networks' one pass (`RecurrentNetwork+Pass`) with the gradient added into flat buffers kept for the whole
/// run, then clips, checks and applies the update parameter buffer by parameter buffer (`Optimizer.update`).
/// Nothing per update is copied into arrays; what lessons see (`TrainingLog`) is recorded as it goes.
struct Trainer {
    var model: SequenceModel
    /// The state examples start from (the notes' h(0)), or nil for zeros.
    let initial: InitialState?
    let config: TrainingConfiguration
    /// Called with the update's number and the parameters after every `config.snapshotEvery` updates.
    let snapshot: ((Int, ParameterSet) -> Void)?
    /// One part per parameter: the gradient, and the optimizer's two memories.
    private let gradients, first, second: FlatBuffer
    private let counts: [Int]
    private var record = TrainingLog()

    init(
        _ model: SequenceModel, initial: InitialState?, _ config: TrainingConfiguration,
        snapshot: ((Int, ParameterSet) -> Void)? = nil
    ) {
        (self.model, self.initial, self.config, self.snapshot) = (model, initial, config, snapshot)
        counts = model.parameters.items.map(\.value.count)
        (gradients, first, second) = (FlatBuffer(parts: counts), FlatBuffer(parts: counts), FlatBuffer(parts: counts))
    }

    mutating func run(_ data: TrainingData, progress: ((Int) -> Bool)?) throws(TrainingError) -> TrainingLog {
        guard config.steps > 0 else { return record }
        switch data {
        case .stream(let tokens, let window, let streams):
            try runStreams(tokens, window: window, streams: streams, progress: progress)
        case .sentences(let sources, let targets, let batchSize):
            try runExamples(sources, targets, batchSize: batchSize, progress: progress)
        }
        return record
    }

    /// Mini-batches of examples, each from `initial`: in one batched pass where the model batches them, else
    /// example by example.
    private mutating func runExamples(
        _ sources: [[Int]], _ targets: [[Int]], batchSize: Int, progress: ((Int) -> Bool)?
    ) throws(TrainingError) {
        let (reduction, seed) = (config.reduction, config.seed)
        let meanLength = Double(targets.map(\.count).reduce(0, +)) / Double(max(targets.count, 1))
        var smooth = -Elementary.log(1 / Double(model.targets.count)) * (reduction == .sum ? meanLength : 1)
        var order = EpochOrder(count: sources.count, batchSize: batchSize, seed: seed)
        for step in 1...config.steps {
            let batch = order.next()
            let share = 1 / Double(batch.count)
            let seeds = batch.indices.map { EpochOrder.dropoutSeed(seed, step: step, example: $0) }
            let (x, y) = (batch.map { sources[$0] }, batch.map { targets[$0] })
            let initial = self.initial
            try update(step: step, smooth: &smooth, progress: progress) { model, p, grads in
                let layout = model.layout
                guard model.batches(sources: x, targets: y) else {
                    var loss = 0.0
                    for k in x.indices {
                        let a = model.runForward(
                            source: x[k], target: y[k], dropoutSeed: seeds[k], initial: initial, layout, p)
                        let weights = reduction.stepWeights(count: y[k].count).map { $0 * share }
                        _ = model.runBackward(
                            a, target: y[k], stepWeights: weights, layout, p, into: grads, keepsHidden: false)
                        loss += share * reduction.combine(a.stepLosses(y[k]))
                    }
                    return loss
                }
                let states = initial.map { StartingStates($0, rows: x.count) }
                let pass = model.runForward(
                    batch: x, targets: y, dropoutSeeds: seeds, initial: states?.states, layout, p)
                let weights = y.map { reduction.stepWeights(count: $0.count).map { $0 * share } }
                model.runBackward(batch: pass, targets: y, stepWeights: weights, layout, p, into: grads)
                var loss = 0.0
                for losses in pass.stepLosses(y) { loss += share * reduction.combine(losses) }
                return loss
            }
        }
    }

    /// min-char-rnn's windows over B streams, each stream's state carried from window to window.
    private mutating func runStreams(
        _ tokens: [Int], window T: Int, streams B: Int, progress: ((Int) -> Bool)?
    ) throws(TrainingError) {
        let (N, H, cells) = (tokens.count, model.configuration.hidden, model.configuration.layers)
        precondition(model.configuration.shape == .languageModel && !model.configuration.bidirectional)
        precondition(B >= 1 && T >= 1 && (N - 1) / B >= T, "streams too short for the window")
        let reduction = config.reduction
        var smooth = -Elementary.log(1 / Double(model.targets.count)) * (reduction == .sum ? Double(T) : 1)
        let starts = (0..<B).map { $0 * ((N - 1) / B) }
        var positions = starts
        let isLSTM = model.configuration.cell == .lstm
        let carried = StartingStates(nil, cells: cells, hidden: H, cellStates: isLSTM, rows: B)
        let states = carried.states
        let weights = [[Double]](repeating: reduction.stepWeights(count: T).map { $0 / Double(B) }, count: B)
        for step in 1...config.steps {
            for b in 0..<B where step == 1 || positions[b] + T + 1 >= N {
                positions[b] = starts[b]
                for j in 0..<cells {
                    (states.hidden + (j * B + b) * H).update(repeating: 0, count: H)
                    states.cell.map { ($0 + (j * B + b) * H).update(repeating: 0, count: H) }
                }
            }
            let x = positions.map { Array(tokens[$0..<($0 + T)]) }
            let y = positions.map { Array(tokens[($0 + 1)...($0 + T)]) }
            for b in 0..<B { positions[b] += T }
            let seeds = (0..<B).map { EpochOrder.dropoutSeed(config.seed, step: step, example: $0) }
            try update(step: step, smooth: &smooth, progress: progress) { model, p, grads in
                let layout = model.layout
                let pass = model.runForward(batch: x, targets: y, dropoutSeeds: seeds, initial: states, layout, p)
                pass.finalStates(into: states)
                model.runBackward(batch: pass, targets: y, stepWeights: weights, layout, p, into: grads)
                var loss = 0.0
                for losses in pass.stepLosses(y) { loss += reduction.combine(losses) / Double(B) }
                return loss
            }
        }
        withExtendedLifetime(carried) {}
    }

    /// One update: `lossAndGradient` adds the batch's gradient into the gradient buffers (zeros: the optimizer
    /// sets each value back to zero as it reads it) and returns its loss; then the norm (recorded), the guard
    /// against NaN and infinity, clipping and the optimizer, each parameter's buffers in one pass; then the log,
    /// snapshots, and whether to go on.
    private mutating func update(
        step: Int, smooth: inout Double, progress: ((Int) -> Bool)?,
        _ lossAndGradient: (SequenceModel, [UnsafePointer<Double>], [UnsafeMutablePointer<Double>]) -> Double
    ) throws(TrainingError) {
        let grads = counts.indices.map { gradients[$0] }
        // The model is handed to the pass rather than captured, so that no copy of it holds the parameters' storage
        // when the update writes into it.
        let loss = model.parameters.withValuePointers { lossAndGradient(model, $0, grads) }
        let norm = GradientClipping.norm(zip(grads, counts).map { (UnsafePointer($0), $1) })
        record.gradientNorms.append(norm)
        guard loss.isFinite else {
            throw .diverged(step: step, what: loss.isNaN ? "the loss is NaN" : "the loss is infinite")
        }
        // A gradient that is not finite may become so by clipping (an infinity clamped): checked after it.
        if !norm.isFinite {
            for k in counts.indices { config.clipping.clip(grads[k], count: counts[k], norm: norm) }
            if let k = counts.indices.first(where: { k in (0..<counts[k]).contains { !grads[k][$0].isFinite } }) {
                throw .diverged(step: step, what: "the gradient of \(model.parameters.items[k].name) is not finite")
            }
        }
        var finite = true
        for k in counts.indices where counts[k] > 0 {
            model.parameters.items[k].value.values.withUnsafeMutableBufferPointer { theta in
                let updated = config.optimizer.update(
                    theta.baseAddress!, gradient: grads[k], first: first[k], second: second[k], count: counts[k],
                    step: step, clipping: norm.isFinite ? config.clipping : .none, norm: norm, clearing: true)
                finite = updated && finite
            }
        }
        if !finite, let bad = model.parameters.items.first(where: { !$0.value.values.allSatisfy(\.isFinite) }) {
            throw .diverged(step: step, what: "\(bad.name) is not finite after the update")
        }
        smooth = config.smoothing * smooth + (1 - config.smoothing) * loss
        record.losses.append(loss)
        record.smoothed.append(smooth)
        if config.snapshotEvery > 0, step % config.snapshotEvery == 0 { snapshot?(step, model.parameters) }
        if Deadline.passed || progress.map({ !$0(step) }) == true { throw .stopped(step: step) }
    }
}
