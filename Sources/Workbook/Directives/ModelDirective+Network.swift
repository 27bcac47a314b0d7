import RNN

/// `rnn model` for networks: `cell` (rnn, lstm, gru, gru-original), `layers`, `bidirectional`, `dropout`, and a
/// `shape` with the `dataset` it learns from. The engine's `SequenceModel`, with PyTorch's parameter names.
extension ModelDirective {
    static let networkKeys = ["cell", "layers", "bidirectional", "dropout", "shape", "dataset", "pooling"]

    /// The network part of a model's keys, or nil for the notes' vanilla model (none of `networkKeys` given).
    /// Hidden and embedding sizes are filled in by `completed`.
    static func networkSpec(_ a: inout Arguments, _ context: inout PlanContext) -> NetworkSpec? {
        guard networkKeys.contains(where: { a.has($0) }) else { return nil }
        let cellName = a.choice("cell", among: ["rnn", "lstm", "gru", "gru-original"]) ?? "rnn"
        let cell: CellKind =
            cellName == "lstm"
            ? .lstm : cellName == "gru" ? .gru : cellName == "gru-original" ? .gruOriginal : .rnn(.tanh)
        let layers = a.int("layers", in: 1...16) ?? 1
        let bidirectional = a.bool("bidirectional") ?? false
        let dropout = a.double("dropout", in: 0...0.95) ?? 0
        if dropout > 0, layers == 1 {
            a.error(
                a.location(of: "dropout"),
                "dropout acts between layers (as PyTorch's 'dropout'); with layers: 1 it would do nothing")
        }
        let dataset = context.datasetReference(&a)
        let format = dataset.flatMap { context.datasets[$0] ?? nil }
        let shape =
            a.choice("shape", of: SequenceModel.Shape.self) ?? format?.defaultShape ?? .languageModel
        if a.has("dataset"), shape == .languageModel, !a.has("shape") || dataset != nil {
            a.error(
                a.location(of: a.has("shape") ? "shape" : "dataset"),
                "a language model learns from a corpus ('corpus' or a vocabulary); 'dataset' is for the other shapes")
        } else if shape != .languageModel, !a.has("dataset") {
            a.error(
                a.location(of: "shape"),
                "a \(shape.rawValue) model learns from a data set: add 'dataset: NAME' (a 'dataset' directive above)")
        } else if let format, !format.fits(shape) {
            a.error(
                a.location(of: a.has("shape") ? "shape" : "dataset"),
                "\(format.rawValue) data cannot train a \(shape.rawValue) model; it trains a \(format.defaultShape.rawValue) model"
            )
        }
        let pooling = a.choice("pooling", of: SequenceModel.Pooling.self)
        if pooling != nil, shape != .manyToOne {
            a.error(a.location(of: "pooling"), "'pooling' applies to shape: many-to-one only")
        }
        let configuration = SequenceModel.Configuration(
            shape: shape, cell: cell, hidden: 1, layers: layers, bidirectional: bidirectional,
            pooling: pooling ?? .last, dropout: dropout)
        if let problem = configuration.problem {
            a.error(a.location(of: a.has("bidirectional") ? "bidirectional" : "dropout"), problem)
        }
        return NetworkSpec(configuration: configuration, dataset: dataset)
    }

    static func cellName(_ cell: CellKind) -> String {
        switch cell {
        case .rnn(let activation): return "RNN (\(activation.rawValue))"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        case .gruOriginal: return "GRU (original form)"
        }
    }

    func executeNetwork(_ spec: NetworkSpec, _ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let c = spec.configuration
        let sources: Vocabulary
        let targets: Vocabulary
        var tokenization = self.tokenization
        var targetTokenization = self.tokenization
        if let dataset = spec.dataset, let data = context.datasets[dataset] {
            let examples = data.data.examples(for: c.shape)
            (sources, targets) = (examples.sources, examples.targets)
            tokenization = c.shape == .oneToMany ? .words : data.tokenization
            targetTokenization = c.shape == .oneToMany ? data.tokenization : data.targetTokenization
        } else {
            var tokens = vocabulary
            if let corpus, let source = context.corpora[corpus] {
                tokens = source.vocabulary.tokens
                tokenization = source.tokenization
                targetTokenization = tokenization
            }
            do { sources = try Vocabulary(tokens: tokens) } catch {
                throw context.error(context.block!.kindLocation, "duplicate token in the vocabulary")
            }
            targets = sources
        }
        let shapes = SequenceModel.parameterShapes(c, sources: sources.count, targets: targets.count)
        let count = shapes.reduce(0) { $0 + $1.1[0] * $1.1[1] }
        if count > context.limits.maxParameters {
            throw context.error(
                context.block!.kindLocation,
                "this model would have \(count) parameters; the limit maxParameters is \(context.limits.maxParameters)")
        }
        let initialization: Initialization
        switch initialWeights {
        case .generated(let i): initialization = i
        case .explicit: initialization = .uniform(seed: 1)
        }
        let drawn = initialization.parameters(shapes: shapes, hiddenSize: c.hidden)
        let parameters = try loadWeights(into: drawn, &context)
        let model = SequenceModel(c, sources: sources, targets: targets, parameters: parameters)
        let lesson = LessonModel(
            name: name, model: model, tokenization: tokenization, targetTokenization: targetTokenization,
            dataset: spec.dataset)
        context.models[name] = lesson
        context.namespace.define(name, Self.record(of: model))

        func list(_ tokens: [String]) -> [Span] {
            let shown = tokens.prefix(60).enumerated().flatMap { i, t -> [Span] in
                (i > 0 ? [.text(" ")] : []) + [.code(t == " " ? "␣" : t)]
            }
            return shown + (tokens.count > 60 ? [.text(" …")] : [])
        }
        var description: [Span] = [
            .strong("Model"), .text(" "), .code(name), .text(": \(lesson.summary), "), .math("H = \(c.hidden)"),
            .text(c.embedding.map { ", a learned embedding of size \($0)" } ?? ", one-hot input"),
        ]
        if c.dropout > 0 {
            description.append(.text(", dropout \(DirectiveSupport.short(c.dropout)) between layers in training"))
        }
        if c.shape == .manyToOne {
            description.append(
                .text(
                    c.pooling == .last
                        ? (c.bidirectional
                            ? ", classifying from the last states of both directions"
                            : ", classifying from the last state")
                        : ", classifying from the mean of the states"))
        }
        switch c.shape {
        case .languageModel:
            description +=
                [.text(". Vocabulary of "), .math("|V| = \(sources.count)"), .text(": ")] + list(sources.tokens)
        case .manyToMany, .manyToOne:
            description += [.text(". It reads "), .math("|V| = \(sources.count)"), .text(" tokens and predicts ")]
            description +=
                [.text("\(targets.count) \(c.shape == .manyToMany ? "tags" : "labels"): ")] + list(targets.tokens)
        case .oneToMany:
            description += [.text(". It starts from one of \(sources.count) labels (")] + list(sources.tokens)
            description += [.text(") and writes tokens from "), .math("|V| = \(targets.count)"), .text(".")]
        case .encoderDecoder:
            description += [
                .text(". The encoder reads "), .math("|V_{\\text{src}}| = \(sources.count)"),
                .text(" tokens; its final state starts the decoder, which writes "),
                .math("|V_{\\text{tgt}}| = \(targets.count)"), .text(" tokens up to "), .code(Vocabulary.endOfSentence),
                .text("."),
            ]
        }
        var blocks: [OutputBlock] = [
            .paragraph(description),
            parameterTable(parameters),
        ]
        for pname in show {
            blocks.append(
                Tables.parameter(
                    pname, parameters[pname]!, vocabulary: targets.tokens,
                    caption: [Tables.label(pname), .text(" of "), .code(name)], format: format))
        }
        return blocks
    }

    /// A network as lesson values: vocabularies, sizes and parameters (names with `.` written `_`).
}

extension ModelDirective.NetworkSpec {
    var isRNN: Bool { if case .rnn = configuration.cell { return true } else { return false } }
}

extension SequenceModel.Configuration {
    /// This configuration with the sizes and the RNN cell's activation the model's other keys give.
    func completed(hidden: Int, embedding: Int?, activation: Activation) -> Self {
        var c = self
        c.hidden = hidden
        c.embedding = embedding
        if case .rnn = cell { c.cell = .rnn(activation) }
        return c
    }
}
