import Foundation
import RNN

/// `rnn train` for networks: mini-batches of examples from a data set (or of sentences from a corpus for a
/// network language model), with accuracy or exact-match figures on the training and held-out examples.
extension TrainDirective {
    func executeNetwork(
        _ lesson: inout LessonModel, _ start: SequenceModel, _ context: inout ExecutionContext
    ) throws(Diagnostic) -> [OutputBlock] {
        let at = context.block!.kindLocation
        var net = start
        let shape = net.configuration.shape
        if stream {
            throw context.error(
                at,
                "mode: stream is min-char-rnn's loop for the notes' model; '\(model)' trains on sentences or examples")
        }
        var training: [(source: [Int], target: [Int])]
        var heldOut: [(source: [Int], target: [Int])]
        if let dataset {
            guard let data = context.datasets[dataset]?.data, data.format.fits(shape) else {
                throw context.error(
                    at, "data set '\(dataset)' cannot train '\(model)', which is \(lesson.summary)")
            }
            let examples = data.examples(for: shape)
            guard examples.sources == net.sources, examples.targets == net.targets else {
                throw context.error(
                    at,
                    "data set '\(dataset)' has other tokens or labels than '\(model)' was defined with; define it with 'dataset: \(dataset)'"
                )
            }
            (training, heldOut) = (examples.training, examples.heldOut)
        } else {
            guard shape == .languageModel, let corpus, let data = context.corpora[corpus] else {
                throw context.error(at, "'\(model)' is \(lesson.summary): it trains on a data set ('dataset: NAME')")
            }
            guard data.vocabulary == net.sources else {
                throw context.error(
                    at,
                    "model '\(model)' has a different vocabulary from corpus '\(corpus)'; define the model with 'corpus: \(corpus)'"
                )
            }
            let pair = { (p: (inputs: [Int], targets: [Int])) in (source: p.inputs, target: p.targets) }
            training = data.trainingSentences.map(data.pair).map(pair).filter { !$0.source.isEmpty }
            heldOut = data.heldOutSentences.map(data.pair).map(pair).filter { !$0.source.isEmpty }
        }
        guard !training.isEmpty else { throw context.error(at, "there is no example to train on") }
        let updatesPerEpoch = (training.count + batch - 1) / batch
        let total = try totalUpdates(updatesPerEpoch: updatesPerEpoch, context)
        let before =
            heldOut.isEmpty ? nil : net.meanLoss(sources: heldOut.map(\.source), targets: heldOut.map(\.target))
        let config = configuration(steps: total)
        let record: TrainingLog
        do {
            let deadline = context.deadline
            record = try net.train(
                sources: training.map(\.source), targets: training.map(\.target), batchSize: batch, config
            ) { step in step % 16 != 0 || Date() < deadline }
        } catch {
            throw failure(error, total: total, context)
        }
        lesson.trained = true
        lesson.engine = .network(net)
        context.models[model] = lesson
        context.namespace.define(model, ModelDirective.record(of: net))
        let trainLoss = net.meanLoss(sources: training.map(\.source), targets: training.map(\.target))
        try requireFinitePerplexity(trainLoss, total: total, context)
        let after = heldOut.isEmpty ? nil : net.meanLoss(sources: heldOut.map(\.source), targets: heldOut.map(\.target))
        let trainScore = Self.score(net, training)
        let heldOutScore = heldOut.isEmpty ? nil : Self.score(net, heldOut)
        var fields = resultFields(record, total: total, trainLoss: trainLoss, heldOut: before.map { ($0, after!) })
        if let trainScore { fields.append(("accuracy", .number(trainScore))) }
        if let heldOutScore { fields.append(("heldout_accuracy", .number(heldOutScore))) }
        context.namespace.define(id, .record(Record(fields)))
        let per = shape == .manyToOne ? "example" : shape == .manyToMany ? "tag" : "token"
        var blocks = blocks(
            record, total: total, updatesPerEpoch: updatesPerEpoch, trainLoss: trainLoss,
            heldOut: before.map { ($0, after!) }, generating: shape.generates, perText: per)
        if let trainScore {
            let what =
                shape == .manyToOne
                ? "the most likely label is the right one"
                : shape == .manyToMany
                    ? "the most likely tag is the right one" : "greedy decoding reproduces the target exactly"
            let unit = shape == .manyToMany ? "tags" : "examples"
            var row: [Span] = [
                .strong("Accuracy"), .text(" (\(what)): \(Self.percent(trainScore)) of the training \(unit)"),
            ]
            if let heldOutScore { row.append(.text(", \(Self.percent(heldOutScore)) of the held-out \(unit)")) }
            row.append(.text("."))
            blocks.insert(.paragraph(row), at: 1)
        }
        return blocks
    }

    /// The share of labels (many-to-one), tags (many-to-many) or whole outputs (generating shapes, greedy
    /// decoding) the model gets right; nil for a language model.
    static func score(_ net: SequenceModel, _ examples: [(source: [Int], target: [Int])]) -> Double? {
        var right = 0
        var total = 0
        switch net.configuration.shape {
        case .languageModel: return nil
        case .manyToOne, .manyToMany:
            for e in examples {
                let predicted = net.predict(source: e.source)
                right += zip(predicted, e.target).filter { $0 == $1 }.count
                total += e.target.count
            }
        case .oneToMany, .encoderDecoder:
            var config = SamplingConfiguration(length: 0)
            config.greedy = true
            config.stopToken = net.targets.index(of: Vocabulary.endOfSentence)
            for e in examples {
                config.length = e.target.count + 1
                right += net.generate(source: e.source, config).map(\.token) == e.target ? 1 : 0
                total += 1
            }
        }
        return total == 0 ? nil : Double(right) / Double(total)
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
