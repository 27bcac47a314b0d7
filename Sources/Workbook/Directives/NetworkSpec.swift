import RNN

/// The network keys of `rnn model`: `cell` (rnn, lstm, gru, gru-original), `layers`, `bidirectional`, `dropout`,
/// and a `shape` with the `dataset` it learns from; read into a `NetworkSpec`, which builds the engine's
/// `SequenceModel` (PyTorch's parameter names). The notes' vanilla model is built in ModelDirective.swift.
extension ModelDirective {
    static let networkKeys = [
        "cell", "layers", "bidirectional", "dropout", "shape", "dataset", "pooling", "input_size", "labels",
    ]

    /// The network part of a model's keys, or nil for the notes' vanilla model (none of `networkKeys` given).
    /// Hidden and embedding sizes are filled in by `completed`.
    static func networkSpec(_ a: inout Arguments, _ context: inout PlanContext) -> NetworkSpec? {
        guard networkKeys.contains(where: { a.has($0) }) else { return nil }
        let (cell, layers, bidirectional, dropout) = layout(&a)
        let (inputSize, labels) = inputsAndLabels(&a, maxEmbedding: context.limits.maxEmbedding)
        let dataset = context.datasetReference(&a)
        let format = dataset.flatMap { context.datasets[$0] ?? nil }
        let shape = modelShape(&a, dataset: dataset, format: format)
        let pooling = a.choice("pooling", of: SequenceModel.Pooling.self)
        if pooling != nil, shape != .manyToOne {
            a.error(a.location(of: "pooling"), "'pooling' applies to shape: many-to-one only")
        }
        var configuration = SequenceModel.Configuration(
            shape: shape, cell: cell, hidden: 1, layers: layers, bidirectional: bidirectional,
            pooling: pooling ?? .last, dropout: dropout)
        if bidirectional, shape == .languageModel {
            a.error(
                a.location(of: "bidirectional"),
                "a language model predicts each token from the ones before it, so it cannot be bidirectional (its backward direction would read the token it predicts); for a network that reads a sequence both ways, make it a tagger: a tagged data set whose tags are the next tokens (h/e e/l l/l l/o) with 'dataset', or real-valued inputs ('input_size' and 'labels') given one-hot with 'inputs'"
            )
        } else if let problem = configuration.problem {
            a.error(a.location(of: a.has("bidirectional") ? "bidirectional" : "dropout"), problem)
        }
        configuration.inputSize = inputSize
        return NetworkSpec(
            configuration: configuration, dataset: dataset, labels: labels ?? [],
            labelsLocation: labels == nil ? nil : a.location(of: "labels"))
    }

    /// The cell, the layers, the directions and the dropout between layers.
    private static func layout(_ a: inout Arguments) -> (CellKind, layers: Int, bidirectional: Bool, dropout: Double) {
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
        return (cell, layers, bidirectional, dropout)
    }

    /// `input_size` (real-valued inputs) and `labels` (the output classes), checked against each other, `dataset`
    /// and `embedding`.
    private static func inputsAndLabels(_ a: inout Arguments, maxEmbedding: Int) -> (Int?, [String]?) {
        let inputSize = a.int("input_size", in: 1...maxEmbedding, limitName: "maxEmbedding")
        let labels = a.strings("labels")?.map(\.0)
        if let labels, let dup = ModelDirective.duplicate(labels) {
            a.error(a.location(of: "labels"), "label '\(dup)' appears twice in 'labels'")
        }
        if a.has("input_size"), !a.has("labels") {
            a.error(
                a.location(of: "input_size"),
                "a model with 'input_size' needs 'labels', its K output classes (e.g. labels: [neg, pos])")
        } else if a.has("labels"), !a.has("input_size"), !a.has("dataset") {
            a.error(
                a.location(of: "labels"),
                "a language model predicts the next token, so its outputs are its vocabulary and it takes no 'labels'; for other outputs give a data set ('dataset': a tag per token or a label per sequence), or read real-valued vectors with 'input_size' and 'labels'"
            )
        }
        if a.has("input_size"), a.has("dataset") {
            a.error(
                a.location(of: "dataset"),
                "a data set holds tokens; a model with 'input_size' reads real-valued vectors given with 'inputs'")
        }
        if a.has("input_size"), a.has("embedding") {
            a.error(a.location(of: "embedding"), "real-valued inputs are read as they are, without an embedding")
        }
        return (inputSize, labels)
    }

    /// The model's shape: `shape`, else the data set's, else many-to-many for real-valued inputs and a language
    /// model otherwise; checked against the inputs and the data set it learns from.
    private static func modelShape(_ a: inout Arguments, dataset: String?, format: Dataset.Format?) -> SequenceModel.Shape {
        if format == .pairs, a.has("labels") {
            a.error(
                a.location(of: "labels"),
                "pairs have no labels: a sequence-to-sequence model's outputs are tokens, ordered with 'target_vocabulary' on the data set"
            )
        }
        let shape =
            a.choice("shape", of: SequenceModel.Shape.self) ?? format?.defaultShape
            ?? (a.has("input_size") ? .manyToMany : .languageModel)
        if a.has("input_size"), shape != .manyToMany, shape != .manyToOne {
            a.error(
                a.location(of: "shape"), "real-valued inputs are for many-to-many and many-to-one models")
        } else if a.has("input_size") {
            // Nothing to learn from: the model runs on the vectors directives give.
        } else if a.has("dataset"), shape == .languageModel, !a.has("shape") || dataset != nil {
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
        return shape
    }

    static func cellName(_ cell: CellKind) -> String {
        switch cell {
        case .rnn(let activation): return "RNN (\(activation.rawValue))"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        case .gruOriginal: return "GRU (original form)"
        }
    }

}

extension ModelDirective.NetworkSpec {
    var isRNN: Bool { if case .rnn = configuration.cell { return true } else { return false } }

    /// The network `directive` defines: its vocabularies from the data set, the corpus or the directive, its
    /// weights drawn (or from a file), and the paragraph that describes it.
    func build(_ directive: ModelDirective, _ context: inout ExecutionContext) throws(Diagnostic)
        -> ModelDirective.Built
    {
        let c = configuration
        let (sources, targets, tokenization, targetTokenization) = try vocabularies(directive, context)
        let shapes = SequenceModel.parameterShapes(c, sources: sources.count, targets: targets.count)
        let count = shapes.reduce(0) { $0 + $1.1[0] * $1.1[1] }
        if count > context.limits.maxParameters {
            throw context.error(
                context.block!.kindLocation,
                "this model would have \(count) parameters; the limit maxParameters is \(context.limits.maxParameters)")
        }
        let initialization: Initialization
        switch directive.initialWeights {
        case .generated(let i): initialization = directive.varied(i, context)
        case .explicit: initialization = .uniform(seed: 1)
        }
        let drawn = initialization.parameters(shapes: shapes, hiddenSize: c.hidden)
        let data = try orderedData(context)
        if let data, let (path, location) = directive.weightsFile {
            try requireKnownOrder(data, weights: path, at: location, context)
        }
        let parameters = try directive.loadWeights(into: drawn, &context)
        let model = SequenceModel(c, sources: sources, targets: targets, parameters: parameters)
        var lesson = LessonModel(
            name: directive.name, model: model, tokenization: tokenization, targetTokenization: targetTokenization,
            dataset: dataset)
        lesson.datasetOrders = data?.orders
        return ModelDirective.Built(lesson: lesson, description: description(directive.name, lesson))
    }

    /// The model's data set with the model's own `labels` order, if it gives one (checked against the data).
    func orderedData(_ context: ExecutionContext) throws(Diagnostic) -> Dataset? {
        guard configuration.inputSize == nil, let dataset, var data = context.datasets[dataset]?.data else {
            return nil
        }
        if let labelsLocation {
            let list = DatasetDirective.OrderList(key: "labels", entries: labels, location: labelsLocation)
            try DatasetDirective.requireCovers(list, used: data.items.flatMap(\.labels), of: dataset, context)
            data.orders.labels = labels
        }
        return data
    }

    /// A weights file holds rows and columns in the order of a vocabulary or of labels, which it does not record:
    /// loading one into a model whose order comes from the data (first appearance) would give weights to the wrong
    /// tokens without a word, so the author must state the order.
    func requireKnownOrder(
        _ data: Dataset, weights path: String, at location: SourceLocation, _ context: ExecutionContext
    )
        throws(Diagnostic)
    {
        let examples = data.examples(for: configuration.shape)
        let keys = DatasetDirective.orderKeys(for: configuration.shape)
        let needed = [
            (keys.read, examples.sources.tokens),
            (keys.predicted, examples.targets.tokens.filter { $0 != Vocabulary.endOfSentence }),
        ].filter { DatasetDirective.order(named: $0.0, in: data.orders) == nil }
        guard !needed.isEmpty else { return }
        let lists = needed.map { "'\($0.0): [\($0.1.joined(separator: ", "))]'" }.joined(separator: " and ")
        throw context.error(
            location,
            "'\(path)' does not say which token or label each of its rows and columns belongs to, and data set '\(dataset!)' orders them only as its examples first use them; state the file's order on the data set (labels also on the model): \(lists) is their order now"
        )
    }

    /// What the network reads and predicts, and how their text splits into tokens.
    func vocabularies(_ directive: ModelDirective, _ context: ExecutionContext) throws(Diagnostic) -> (
        Vocabulary, Vocabulary, LessonModel.Tokenization, LessonModel.Tokenization
    ) {
        let shape = configuration.shape
        if configuration.inputSize != nil {
            do {
                return (try Vocabulary(tokens: []), try Vocabulary(tokens: labels), .words, .words)
            } catch {
                throw context.error(context.block!.kindLocation, "duplicate label in 'labels'")
            }
        }
        if let dataset, let data = context.datasets[dataset], let ordered = try orderedData(context) {
            let examples = ordered.examples(for: shape)
            return (
                examples.sources, examples.targets, shape == .oneToMany ? .words : data.tokenization,
                shape == .oneToMany ? data.tokenization : data.targetTokenization
            )
        }
        var (tokens, tokenization) = (directive.vocabulary, directive.tokenization)
        if let corpus = directive.corpus, let source = context.corpora[corpus] {
            (tokens, tokenization) = (source.vocabulary.tokens, source.tokenization)
        }
        do {
            let sources = try Vocabulary(tokens: tokens)
            return (sources, sources, tokenization, tokenization)
        } catch {
            throw context.error(context.block!.kindLocation, "duplicate token in the vocabulary")
        }
    }

    /// "Model m: a 2-layer LSTM many-to-one model, H = 8, …", with what it reads and predicts.
    func description(_ name: String, _ lesson: LessonModel) -> [Span] {
        let c = configuration
        let (sources, targets) = (lesson.sources, lesson.targets)
        func list(_ tokens: [String]) -> [Span] {
            let shown = tokens.prefix(60).enumerated().flatMap { i, t -> [Span] in
                (i > 0 ? [.text(" ")] : []) + [.code(t == " " ? "␣" : t)]
            }
            return shown + (tokens.count > 60 ? [.text(" …")] : [])
        }
        var description: [Span] = [
            .strong("Model"), .text(" "), .code(name), .text(": \(lesson.summary), "), .math("H = \(c.hidden)"),
            .text(
                c.inputSize.map { _ in ", real-valued input" } ?? c.embedding.map {
                    ", a learned embedding of size \($0)"
                }
                    ?? ", one-hot input"),
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
            if let n = c.inputSize {
                description += [
                    .text(". It reads vectors "), .math("\\mathbf{x}^{\\langle t\\rangle} \\in \\mathbb{R}^{\(n)}"),
                    .text(" and predicts "),
                ]
            } else {
                description += [.text(". It reads "), .math("|V| = \(sources.count)"), .text(" tokens and predicts ")]
            }
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
        return description
    }
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
