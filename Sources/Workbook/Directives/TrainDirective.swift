import Foundation
import RNN

/// `rnn train`: trains a model on a corpus (SGD on batches of sentences, or min-char-rnn's truncated BPTT over
/// one stream), records the loss of every update, and leaves the trained model under its name.
struct TrainDirective: Directive {
    static let kind = "train"
    static let keys = [
        "model", "corpus", "dataset", "optimizer", "lr", "steps", "epochs", "batch", "mode", "window", "clip",
        "clip_norm",
        "reduction", "seed", "log_every", "smoothing", "plot", "samples_every", "sample_length", "id",
    ]

    let model: String
    /// What it trains on: a corpus (language models) or a data set (the other shapes).
    let corpus: String?
    let dataset: String?
    let optimizer: Optimizer
    let steps: Int?
    let epochs: Int?
    let batch: Int
    let stream: Bool
    /// Mode `windows`: the stream cut into windows of `window` tokens, each an example from the zero state.
    let windows: Bool
    let window: Int
    let clipping: GradientClipping
    let reduction: LossReduction
    let seed: UInt32
    let logEvery: Int?
    /// β of the smoothed loss; nil chooses it from the number of updates (`smoothing(for:)`).
    let smoothing: Double?
    let plot: Bool
    /// Sample from the model after every this many updates (0: never), `sampleLength` tokens each.
    var samplesEvery = 0
    var sampleLength = 60
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> TrainDirective? {
        let model = context.modelReference(&a)
        let (corpus, dataset) = trainingData(&a, &context, model: model)
        let optimizer = chosenOptimizer(&a)
        let steps = a.int("steps", in: 1...context.limits.maxTrainingSteps, limitName: "maxTrainingSteps")
        let epochs = a.int("epochs", in: 1...100_000)
        if (steps == nil) == (epochs == nil), !a.has("steps") || a.has("epochs") {
            a.error(
                a.has("epochs") ? a.location(of: "epochs") : a.block.kindLocation,
                "give exactly one of 'steps' (updates) and 'epochs' (passes over the corpus)")
        }
        let (batch, mode, window) = batching(&a, maxWindow: context.limits.maxSequenceLength)
        let clipping = gradientClipping(&a)
        let reduction =
            a.choice("reduction", of: LossReduction.self)
            ?? .mean
        let seed = a.int("seed", in: 0...Int(UInt32.max)) ?? 1
        let logEvery = a.int("log_every", in: 1...context.limits.maxTrainingSteps)
        let smoothing = a.double("smoothing", in: 0...0.999999)
        let plot = a.bool("plot") ?? true
        let (samplesEvery, sampleLength) = sampling(&a, context, model: model, dataset: dataset)
        let id = model.flatMap { context.resultName(&a, default: "\($0).train") }
        a.finish()
        guard !a.hasErrors, let model, corpus != nil || dataset != nil, let id else { return nil }
        return TrainDirective(
            model: model, corpus: corpus, dataset: dataset, optimizer: optimizer, steps: steps, epochs: epochs,
            batch: batch,
            stream: mode == "stream", windows: mode == "windows", window: window,
            clipping: clipping, reduction: reduction,
            seed: UInt32(seed), logEvery: logEvery, smoothing: smoothing, plot: plot, samplesEvery: samplesEvery,
            sampleLength: sampleLength, id: id)
    }

    /// What the model learns from: `dataset` or `corpus` (not both), else the data set or corpus it was made with.
    private static func trainingData(_ a: inout Arguments, _ context: inout PlanContext, model: String?)
        -> (corpus: String?, dataset: String?)
    {
        var corpus: String?
        var dataset: String?
        if a.has("dataset") {
            dataset = context.datasetReference(&a)
            if a.has("corpus") {
                a.error(a.location(of: "corpus"), "give 'corpus' (language models) or 'dataset', not both")
            }
        } else if !a.has("corpus"), let model, let own = context.modelDatasets[model] {
            dataset = own
        } else if !a.has("corpus"), let model, let own = context.modelCorpora[model] {
            corpus = own
        } else {
            corpus = context.corpusReference(&a)
        }
        return (corpus, dataset)
    }

    /// `optimizer` and its learning rate `lr` (0.01 for Adam, 0.1 otherwise).
    private static func chosenOptimizer(_ a: inout Arguments) -> Optimizer {
        let optimizerName = a.choice("optimizer", among: ["sgd", "adagrad", "adam"]) ?? "sgd"
        let lr = a.double("lr", in: 0...Double.greatestFiniteMagnitude) ?? (optimizerName == "adam" ? 0.01 : 0.1)
        let optimizer: Optimizer
        switch optimizerName {
        case "adagrad": optimizer = .adagrad(learningRate: lr)
        case "adam": optimizer = .adam(learningRate: lr)
        default: optimizer = .sgd(learningRate: lr)
        }
        return optimizer
    }

    /// How the examples are cut and grouped: `mode` (sentences, one stream, or windows of `window` tokens) and
    /// `batch` (examples per update).
    private static func batching(_ a: inout Arguments, maxWindow: Int) -> (batch: Int, mode: String, window: Int) {
        let batch = a.int("batch", in: 1...100_000) ?? 1
        let mode = a.choice("mode", among: ["sentences", "stream", "windows"]) ?? "sentences"
        let window = a.int("window", in: 1...maxWindow) ?? 25
        if mode == "sentences", a.has("window") {
            a.error(a.location(of: "window"), "'window' applies to mode: stream or windows")
        }
        if mode == "stream", a.has("batch") {
            a.error(a.location(of: "batch"), "'batch' applies to mode: sentences or windows")
        }
        return (batch, mode, window)
    }

    /// `clip` (each gradient entry) or `clip_norm` (the gradients' global norm), at most one.
    private static func gradientClipping(_ a: inout Arguments) -> GradientClipping {
        let clip = a.double("clip", in: 1e-12...1e12)
        let clipNorm = a.double("clip_norm", in: 1e-12...1e12)
        if clip != nil, clipNorm != nil {
            a.error(a.location(of: "clip_norm"), "give 'clip' (element-wise) or 'clip_norm' (global norm), not both")
        }
        return clip.map { .elementwise($0) } ?? clipNorm.map { .globalNorm($0) } ?? .none
    }

    /// `samples_every` and `sample_length`: samples a language model as it trains.
    private static func sampling(_ a: inout Arguments, _ context: PlanContext, model: String?, dataset: String?)
        -> (every: Int, length: Int)
    {
        let samplesEvery = a.int("samples_every", in: 1...context.limits.maxTrainingSteps) ?? 0
        let sampleLength =
            a.int("sample_length", in: 1...context.limits.maxSampleLength, limitName: "maxSampleLength") ?? 60
        if a.has("sample_length"), !a.has("samples_every") {
            a.error(a.location(of: "sample_length"), "'sample_length' goes with 'samples_every'")
        }
        if let model, samplesEvery > 0, dataset != nil || context.modelDatasets[model] != nil {
            a.error(
                a.location(of: "samples_every"),
                "'samples_every' samples a language model as it trains; '\(model)' learns from a data set")
        }
        return (samplesEvery, sampleLength)
    }

    /// What a run trains on: examples (a sentence and its next tokens, or a data set's source and target),
    /// or, in stream mode, one stream of tokens.
    struct TrainingSet {
        var training: [(source: [Int], target: [Int])]
        var heldOut: [(source: [Int], target: [Int])]
        var stream: [Int]?
    }

    var updatedModel: String? { model }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var lesson = context.models[model]!
        let examples = examplesHeld(context)
        try context.reserve(examples)
        let set = try trainingSet(for: lesson, context)
        let updatesPerEpoch = set.stream.map { ($0.count - 1) / window } ?? (set.training.count + batch - 1) / batch
        let total = try totalUpdates(updatesPerEpoch: updatesPerEpoch, context)
        try context.reserve(
            memoryNeeded(lesson.model, set, logged: logRows(total: total).rows).adding(examples))
        let before = set.heldOut.isEmpty ? nil : Self.meanLoss(lesson.model, set.heldOut)
        let sampler = SnapshotSampler(lesson, length: sampleLength, seed: seed, windows: windows)
        let record = try train(&lesson.model, on: set, total: total, snapshot: sampler.take, context)
        lesson.trained = true
        lesson.startsFromZero = lesson.shape == .languageModel && !stream && !windows
        context.models[model] = lesson
        context.noteWeights(of: lesson)
        context.namespace.define(model, ModelDirective.record(of: lesson.model))
        let trained = lesson.model
        let trainLoss = Self.meanLoss(trained, set.training)
        try requireFinitePerplexity(trainLoss, total: total, context)
        let heldOut = before.map { ($0, Self.meanLoss(trained, set.heldOut)) }
        let scores = (Self.score(trained, set.training), set.heldOut.isEmpty ? nil : Self.score(trained, set.heldOut))
        var fields = resultFields(record, total: total, trainLoss: trainLoss, heldOut: heldOut)
        if let score = scores.0 { fields.append(("accuracy", .number(score))) }
        if let score = scores.1 { fields.append(("heldout_accuracy", .number(score))) }
        let samples = sampler.samples
        if !samples.isEmpty {
            fields.append(("sample_steps", .tensor(Tensor(vector: samples.map { Double($0.step) }))))
            fields.append(("samples", .texts(samples.map(\.text))))
        }
        context.namespace.define(id, .record(Record(fields)))
        var shown = blocks(
            record, total: total, updatesPerEpoch: updatesPerEpoch, trainLoss: trainLoss, heldOut: heldOut,
            shape: trained.shape, scores: scores)
        if !samples.isEmpty { shown.append(samplesTable(samples, record)) }
        return shown
    }

    /// Samples the model after every `samplesEvery`-th update, from the parameters the run hands over then, keeping
    /// only the text (kept parameters grew with the run: 100 copies of a 13M-parameter LSTM's held 10 GB that
    /// maxMemoryMB never counted): the same seed each time, from the zero input, so the text changes only because
    /// the weights did.
    final class SnapshotSampler {
        let template: any RecurrentModel
        let tokenization: Corpus.Tokenization
        let config: SamplingConfiguration
        /// Trained on windows, the model read <EOS> as the end of a line inside its text: it goes on past it.
        let windows: Bool
        /// <EOS>, written as a line break.
        let eos: Int?
        private(set) var samples: [(step: Int, text: String)] = []

        init(_ lesson: LessonModel, length: Int, seed: UInt32, windows: Bool) {
            (template, tokenization, self.windows) = (lesson.model, lesson.targetTokenization, windows)
            eos = template.targets.index(of: Vocabulary.endOfSentence)
            var config = SamplingConfiguration(length: length)
            config.seed = seed
            config.stopToken = windows ? nil : eos
            self.config = config
        }

        func take(_ step: Int, _ parameters: ParameterSet) {
            var model = template
            model.parameters = parameters
            let tokens = model.generate(source: [], config).filter { windows || $0.token != config.stopToken }
            let text = DirectiveSupport.join(
                tokens.map { $0.token == eos ? "\n" : template.targets.tokens[$0.token] }, tokenization)
            samples.append((step, text))
        }
    }

    func samplesTable(_ samples: [(step: Int, text: String)], _ record: TrainingLog) -> OutputBlock {
        .table(
            OutputTable(
                caption: [
                    .strong("Samples during training"),
                    .text(
                        ": after every \(samples.first?.step ?? samplesEvery) updates, \(sampleLength) tokens at most, seed \(seed) each time"
                    ),
                ],
                columns: [
                    .init([.text("update")]), .init([.text("smoothed loss")]),
                    .init([.text("sample")], numeric: false),
                ],
                rows: samples.map { s in
                    [
                        [.text("\(s.step)")], [.text(NumberFormat.standard.format(record.smoothed[s.step - 1]))],
                        [.code(s.text.replacingOccurrences(of: "\n", with: "↵"))],
                    ]
                }))
    }

    /// What the run's examples hold as indices for the whole run (`MemoryEstimate.examples`), counted from the
    /// corpus or data set before they are made: a pair of arrays for every sentence or data set example, and in
    /// windows mode the windows besides (with the stream they are cut from), in stream mode the stream.
    func examplesHeld(_ context: ExecutionContext) -> MemoryEstimate {
        if let dataset, let data = context.datasets[dataset]?.data {
            let tokens = data.items.reduce(0) { $0 + $1.tokens.count + $1.labels.count + 2 }
            return .examples(count: data.items.count, tokens: tokens)
        }
        guard let corpus, let data = context.corpora[corpus] else { return .examples(count: 0, tokens: 0) }
        let (eos, sentences) = (data.endOfSentence ? 1 : 0, data.sentences.count)
        let tokens = data.sentences.reduce(0) { $0 + $1.count + eos }
        if windows { return .examples(count: sentences + tokens / window, tokens: tokens + tokens + tokens / 2) }
        return .examples(count: sentences, tokens: stream ? tokens + tokens / 2 : tokens)
    }

    /// What the run holds at once, the larger of: an update (a batch of examples or a window of the stream with
    /// its gradients, and the parameters with their gradients and the optimizer's moments) and the loss over the
    /// examples after training and the held-out ones (`SequenceModel.evaluationRowsHeld` steps at once).
    /// With the log's table (four numbers a logged update: a million of them with `log_every: 1` held about
    /// 900 MB), named in the message when it is a tenth of the whole or more.
    func memoryNeeded(_ model: any RecurrentModel, _ set: TrainingSet, logged: Int) -> MemoryEstimate {
        memoryNeeded(model, set).adding(.tables(cells: 4 * logged))
    }

    func memoryNeeded(_ model: any RecurrentModel, _ set: TrainingSet) -> MemoryEstimate {
        let lengths = set.stream.map { [$0.count - 1] } ?? (set.training + set.heldOut).map(\.source.count)
        let held = model.asSequenceModel.evaluationRowsHeld(lengths: lengths)
        let evaluation = MemoryEstimate.evaluation(model, steps: held)
        let update: MemoryEstimate
        if set.stream != nil {
            update = .training(model, rows: 1, steps: window)
        } else {
            let longest = set.training.map { max($0.source.count, $0.target.count) }.max() ?? 0
            update = .training(model, rows: min(batch, set.training.count), steps: longest)
        }
        return update.bytes >= evaluation.bytes ? update : evaluation
    }

    /// The examples (or the stream) of the run's corpus or data set, checked against the model.
    func trainingSet(for lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> TrainingSet {
        let at = context.block!.kindLocation
        let model = lesson.model
        if let dataset {
            guard let data = context.datasets[dataset]?.data, data.format.fits(model.shape) else {
                throw context.error(
                    at, "data set '\(dataset)' cannot train '\(self.model)', which is \(lesson.summary)")
            }
            let examples = lesson.examples(of: data)
            guard examples.sources == model.sources, examples.targets == model.targets else {
                throw context.error(
                    at,
                    "data set '\(dataset)' has other tokens or labels than '\(self.model)' was defined with; define it with 'dataset: \(dataset)'"
                )
            }
            guard !stream else { throw streamError(lesson, context) }
            return TrainingSet(training: examples.training, heldOut: examples.heldOut)
        }
        guard model.shape == .languageModel, let corpus, let data = context.corpora[corpus] else {
            throw context.error(at, "'\(self.model)' is \(lesson.summary): it trains on a data set ('dataset: NAME')")
        }
        guard data.vocabulary == model.sources else {
            throw context.error(
                at,
                "model '\(self.model)' has a different vocabulary from corpus '\(corpus)'; define the model with 'corpus: \(corpus)'"
            )
        }
        let pair = { (p: (inputs: [Int], targets: [Int])) in (source: p.inputs, target: p.targets) }
        var set = TrainingSet(
            training: data.trainingSentences.map(data.pair).map(pair).filter { !$0.source.isEmpty },
            heldOut: data.heldOutSentences.map(data.pair).map(pair).filter { !$0.source.isEmpty })
        if windows {
            let tokens = data.trainingStream()
            try requireWindow(tokens.count, context)
            set.training = Self.windows(of: tokens, length: window)
            set.heldOut = Self.windows(of: data.heldOutStream(), length: window)
        } else if stream {
            let tokens = data.trainingStream()
            try requireWindow(tokens.count, context)
            set.stream = tokens
        } else if set.training.isEmpty {
            throw context.error(at, "the corpus has no sentence long enough to train on")
        }
        return set
    }

    /// A window of `window` inputs needs one token more, the target after its last input: "hello" holds one window of
    /// four (hell → ello).
    func requireWindow(_ tokens: Int, _ context: ExecutionContext) throws(Diagnostic) {
        guard tokens <= window else { return }
        throw context.error(
            context.block!.kindLocation,
            "the corpus has \(tokens) tokens; a window of \(window) needs at least \(window + 1) (its \(window) inputs and the target after the last)"
        )
    }

    /// Consecutive windows of `length` tokens (inputs) and the same shifted by one (targets), as char-rnn cuts
    /// its text; what is left over at the end (fewer than `length` + 1 tokens) is not used.
    static func windows(of tokens: [Int], length: Int) -> [(source: [Int], target: [Int])] {
        guard tokens.count > length else { return [] }
        return (0..<((tokens.count - 1) / length)).map { i in
            (
                Array(tokens[(i * length)..<(i * length + length)]),
                Array(tokens[(i * length + 1)...(i * length + length)])
            )
        }
    }

    /// What the run's examples are called in its tables.
    var examplesText: String { dataset != nil ? "examples" : windows ? "windows" : "sentences" }

    func streamError(_ lesson: LessonModel, _ context: ExecutionContext) -> Diagnostic {
        context.error(
            context.block!.kindLocation,
            "mode: stream is min-char-rnn's loop over a corpus for a language model; '\(model)' learns from a data set")
    }

    /// Trains `model` in place: mini-batches of examples, or min-char-rnn's windows over the stream.
    func train(
        _ model: inout any RecurrentModel, on set: TrainingSet, total: Int,
        snapshot: @escaping (Int, ParameterSet) -> Void, _ context: ExecutionContext
    ) throws(Diagnostic) -> TrainingLog {
        let config = configuration(steps: total)
        do {
            if let tokens = set.stream {
                return try model.train(
                    on: .stream(tokens: tokens, window: window), config, progress: nil, snapshot: snapshot)
            }
            return try model.train(
                sources: set.training.map(\.source), targets: set.training.map(\.target), batchSize: batch, config,
                snapshot: snapshot)
        } catch {
            throw failure(error, total: total, context)
        }
    }

    static func meanLoss(_ model: any RecurrentModel, _ examples: [(source: [Int], target: [Int])]) -> Double {
        model.meanLoss(sources: examples.map(\.source), targets: examples.map(\.target))
    }

    /// The share of labels (many-to-one), tags (many-to-many) or whole outputs (generating shapes, greedy
    /// decoding) the model gets right; nil for a language model.
    static func score(_ model: any RecurrentModel, _ examples: [(source: [Int], target: [Int])]) -> Double? {
        var right = 0
        var total = 0
        switch model.shape {
        case .languageModel: return nil
        case .manyToOne, .manyToMany:
            for e in examples {
                let predicted = model.pass(source: e.source, target: [], initial: nil).mostLikely
                right += zip(predicted, e.target).filter { $0 == $1 }.count
                total += e.target.count
            }
        case .oneToMany, .encoderDecoder:
            for e in examples {
                right += model.decode(source: e.source, maxLength: e.target.count + 1).map(\.token) == e.target ? 1 : 0
                total += 1
            }
        }
        return total == 0 ? nil : Double(right) / Double(total)
    }

    /// The number of updates: `steps`, or `epochs` passes of `updatesPerEpoch`, within maxTrainingSteps.
    func totalUpdates(updatesPerEpoch: Int, _ context: ExecutionContext) throws(Diagnostic) -> Int {
        let total = steps ?? (epochs! * updatesPerEpoch)
        guard total <= context.limits.maxTrainingSteps else {
            throw context.error(
                context.block!.kindLocation,
                "this run would take \(total) updates; the limit maxTrainingSteps is \(context.limits.maxTrainingSteps)"
            )
        }
        // The log is a table on the page: at most maxTableRows rows (`log_every: 1` over a million updates made a
        // page of a million rows, 27 s and 826 MB).
        let (every, rows) = logRows(total: total)
        guard rows <= context.limits.maxTableRows else {
            throw context.error(
                context.block!.kindLocation,
                "the training log would have \(rows) rows (log_every: \(every) over \(total) updates), more than "
                    + "\(context.limits.maxTableRows), the limit maxTableRows; log every "
                    + "\((total - 1) / context.limits.maxTableRows + 1) updates or more")
        }
        return total
    }

    func configuration(steps total: Int) -> TrainingConfiguration {
        var config = TrainingConfiguration(
            optimizer: optimizer, clipping: clipping, reduction: reduction, steps: total, seed: seed,
            smoothing: smoothing ?? Self.smoothing(for: total))
        // At most 100 snapshots: one every max(samples_every, total / 100) updates.
        if samplesEvery > 0 { config.snapshotEvery = max(samplesEvery, (total + 99) / 100) }
        return config
    }

    /// The smoothed loss's β when none is given: an average over about a tenth of the run, β = 1 − 10/updates
    /// (0 for ten updates or fewer, at most min-char-rnn's 0.999), so the curve follows a short run's descent
    /// instead of staying near the first loss.
    static func smoothing(for updates: Int) -> Double { min(0.999, max(0, 1 - 10 / Double(updates))) }

    /// The results every run gives: the log, and the losses after training (held-out: before and after).
    func resultFields(_ record: TrainingLog, total: Int, trainLoss: Double, heldOut: (Double, Double)?)
        -> [(String, Value)]
    {
        var fields: [(String, Value)] = [
            ("losses", .tensor(Tensor(vector: record.losses))), ("smoothed", .tensor(Tensor(vector: record.smoothed))),
            ("gradient_norms", .tensor(Tensor(vector: record.gradientNorms))), ("steps", .number(Double(total))),
            ("final_loss", .number(record.losses.last ?? .nan)),
            ("final_smoothed", .number(record.smoothed.last ?? .nan)),
            ("train_loss", .number(trainLoss)), ("train_perplexity", .number(Elementary.exp(trainLoss))),
        ]
        if let (before, after) = heldOut {
            fields += [
                ("heldout_loss_before", .number(before)), ("heldout_loss", .number(after)),
                ("heldout_perplexity", .number(Elementary.exp(after))),
            ]
        }
        return fields
    }

    /// A training whose loss per token leaves double precision's range (the perplexity e^loss is infinite: the
    /// model gives the training text a probability that underflows to 0) diverged, even if every number in
    /// it is finite.
    func requireFinitePerplexity(_ trainLoss: Double, total: Int, _ context: ExecutionContext) throws(Diagnostic) {
        guard !Elementary.exp(trainLoss).isFinite else { return }
        throw context.error(
            context.block!.kindLocation,
            "training diverged: after \(total) updates the mean loss per token on the training data is \(NumberFormat.standard.format(trainLoss)), so the perplexity e^loss is infinite; lower 'lr' or clip the gradients ('clip' or 'clip_norm')"
        )
    }

    /// The diagnostic for a run that diverged or ran out of time.
    func failure(_ error: TrainingError, total: Int, _ context: ExecutionContext) -> Diagnostic {
        switch error {
        case .diverged(let step, let what):
            return context.error(
                context.block!.kindLocation,
                "training diverged at update \(step) of \(total): \(what); lower 'lr' or clip the gradients ('clip' or 'clip_norm')"
            )
        case .stopped:
            return context.timeLimitError()
        }
    }

    func blocks(
        _ record: TrainingLog, total: Int, updatesPerEpoch: Int, trainLoss: Double, heldOut: (Double, Double)?,
        shape: SequenceModel.Shape, scores: (Double?, Double?)
    ) -> [OutputBlock] {
        let perText = shape == .manyToOne ? "example" : shape == .manyToMany ? "tag" : "token"
        var blocks: [OutputBlock] = [
            summary(record, total: total, updatesPerEpoch: updatesPerEpoch, trainLoss: trainLoss, shape: shape)
        ]
        if plot {
            blocks.append(
                .plot(
                    Plot(
                        title: "Loss per update", xLabel: "update", yLabel: "loss",
                        kind: .lines(
                            [
                                Plot.Series(name: "loss", y: record.losses),
                                Plot.Series(name: "smoothed", y: record.smoothed),
                            ], logY: false))))
        }
        blocks.append(logTable(record, total: total))
        if let heldOut { blocks.append(heldOutTable(heldOut, perText: perText)) }
        if let accuracy = accuracyParagraph(shape: shape, scores: scores) { blocks.insert(accuracy, at: 1) }
        return blocks
    }

    /// "Training m on c: 160 updates (16.0 epochs) with SGD, …; loss … at the first update, … at the last; …".
    func summary(
        _ record: TrainingLog, total: Int, updatesPerEpoch: Int, trainLoss: Double, shape: SequenceModel.Shape
    ) -> OutputBlock {
        let f = NumberFormat.standard
        let perText = shape == .manyToOne ? "example" : shape == .manyToMany ? "tag" : "token"
        let optimizerText: String
        switch optimizer {
        case .sgd(let lr): optimizerText = "SGD, learning rate \(DirectiveSupport.short(lr))"
        case .adagrad(let lr, _):
            optimizerText = "Adagrad (min-char-rnn's), learning rate \(DirectiveSupport.short(lr))"
        case .adam(let lr, _, _, _): optimizerText = "Adam, learning rate \(DirectiveSupport.short(lr))"
        }
        let clipText: String
        switch clipping {
        case .none: clipText = "no clipping"
        case .elementwise(let c):
            clipText = "gradients clipped to [−\(DirectiveSupport.short(c)), \(DirectiveSupport.short(c))]"
        case .globalNorm(let c): clipText = "gradient norm clipped to \(DirectiveSupport.short(c))"
        }
        let dataText =
            stream
            ? "truncated BPTT over windows of \(window) tokens, hidden state carried from window to window"
            : windows
                ? "batches of \(batch) window\(batch == 1 ? "" : "s") of \(window) tokens, each from h(0) with teacher forcing"
                : dataset != nil
                    ? "batches of \(batch) example\(batch == 1 ? "" : "s"), each from its initial state"
                        + (shape.generates ? " with teacher forcing" : "")
                    : "batches of \(batch) sentence\(batch == 1 ? "" : "s"), each from h(0) with teacher forcing"
        let epochsText = String(format: "%.1f", Double(total) / Double(max(updatesPerEpoch, 1)))
        return .paragraph([
            .strong("Training"), .text(" "), .code(model), .text(" on "), .code(corpus ?? dataset ?? ""),
            .text(
                ": \(total) updates (\(epochsText) epochs) with \(optimizerText), \(dataText), \(clipText), \(reduction.rawValue) loss per sequence. "
            ),
            .text(
                "Loss \(f.format(record.losses.first ?? .nan)) at the first update, \(f.format(record.losses.last ?? .nan)) at the last; "
            ),
            .text(
                "after training the mean loss per \(perText) on the training \(examplesText) is \(f.format(trainLoss)) (perplexity \(f.format(Elementary.exp(trainLoss))))."
            ),
        ])
    }

    /// The updates the log shows: every `log_every`-th (a tenth by default) and the last.
    func logged(total: Int) -> (every: Int, updates: [Int]) {
        let every = logRows(total: total).every
        return (every, Array(stride(from: every, through: total, by: every)) + (total % every == 0 ? [] : [total]))
    }

    /// How often the log shows an update, and how many rows that makes (`logged`'s count, without listing them).
    func logRows(total: Int) -> (every: Int, rows: Int) {
        let every = logEvery ?? max(1, total / 10)
        return (every, total / every + (total % every == 0 ? 0 : 1))
    }

    /// The training log: loss, smoothed loss and gradient norm of the `logged` updates.
    func logTable(_ record: TrainingLog, total: Int) -> OutputBlock {
        let f = NumberFormat.standard
        let (every, logged) = logged(total: total)
        return .table(
            OutputTable(
                caption: [.text("Training log (every \(every) update\(every == 1 ? "" : "s"))")],
                columns: [
                    .init([.text("update")]), .init([.text("loss")]), .init([.text("smoothed")]),
                    .init([.text("gradient norm")]),
                ],
                rows: logged.map { s in
                    [
                        [.text("\(s)")], [.text(f.format(record.losses[s - 1]))],
                        [.text(f.format(record.smoothed[s - 1]))], [.text(f.format(record.gradientNorms[s - 1]))],
                    ]
                }))
    }

    /// The held-out loss and perplexity before and after training.
    func heldOutTable(_ heldOut: (before: Double, after: Double), perText: String) -> OutputBlock {
        let f = NumberFormat.standard
        return .table(
            OutputTable(
                caption: [
                    .text(
                        "Held-out \(examplesText) (never trained on): mean loss per \(perText) and perplexity"
                    )
                ],
                columns: [.init([.text("")], numeric: false), .init([.text("loss")]), .init([.text("perplexity")])],
                rows: [
                    [
                        [.text("before training")], [.text(f.format(heldOut.before))],
                        [.text(f.format(Elementary.exp(heldOut.before)))],
                    ],
                    [
                        [.text("after training")], [.text(f.format(heldOut.after))],
                        [.text(f.format(Elementary.exp(heldOut.after)))],
                    ],
                ]))
    }

    /// "Accuracy (…): 87.5% of the training examples, …", for the shapes that have a right answer.
    func accuracyParagraph(shape: SequenceModel.Shape, scores: (Double?, Double?)) -> OutputBlock? {
        guard let trainScore = scores.0 else { return nil }
        let what =
            shape == .manyToOne
            ? "the most likely label is the right one"
            : shape == .manyToMany
                ? "the most likely tag is the right one" : "greedy decoding reproduces the target exactly"
        let unit = shape == .manyToMany ? "tags" : "examples"
        var row: [Span] = [
            .strong("Accuracy"), .text(" (\(what)): \(DirectiveSupport.percent(trainScore)) of the training \(unit)"),
        ]
        if let heldOutScore = scores.1 {
            row.append(.text(", \(DirectiveSupport.percent(heldOutScore)) of the held-out \(unit)"))
        }
        row.append(.text("."))
        return .paragraph(row)
    }
}
