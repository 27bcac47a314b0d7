import RNN

/// `rnn model`: defines a named RNN language model (vocabulary, sizes, activation, input, initial weights).
struct ModelDirective: Directive {
    static let kind = "model"
    static let keys = [
        "name", "vocabulary", "characters", "text", "corpus", "tokens", "hidden", "activation", "embedding", "init",
        "scale",
        "seed", "h0", "weights", "weights_file", "show", "format", "cell", "layers", "bidirectional", "dropout",
        "shape", "dataset", "pooling", "input_size", "labels", "vary", "names",
    ]

    enum InitialWeights: Sendable {
        case generated(Initialization)
        case explicit
    }

    let name: String
    /// The vocabulary and tokenization, or nil when they come from `corpus` at execution.
    let vocabulary: [String]
    let tokenization: LessonModel.Tokenization
    let corpus: String?
    let hidden: Int
    let activation: Activation
    let input: RNNLanguageModel.Input
    let initialWeights: InitialWeights
    let explicitWeights: [String: (values: [[Double]], location: SourceLocation)]
    let h0: ([Double], SourceLocation)?
    /// A `.npz` or `.json` file beside the lesson whose arrays replace the drawn weights.
    let weightsFile: (String, SourceLocation)?
    /// `names:`, the file's names of parameters the model calls otherwise.
    var weightNames: [WeightFiles.Rename] = []
    let show: [String]
    let format: NumberFormat
    /// Set when the model is a `SequenceModel` (a cell other than the notes' RNN, layers, or a shape).
    let network: NetworkSpec?
    /// `vary: seed`: the seed is derived from the build's variant (a student's id), see `Variant.seed`.
    var variesSeed = false

    struct NetworkSpec: Sendable {
        let configuration: SequenceModel.Configuration
        let dataset: String?
        /// The output classes of a model with real-valued inputs, or the order of its data set's labels.
        var labels: [String] = []
        var labelsLocation: SourceLocation?
    }

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> ModelDirective? {
        let nameEntry = context.definitionName(&a, what: "model")
        let (vocabulary, tokenization) = planVocabulary(&a)
        let corpus = context.corpusReference(&a, required: false)
        if corpus != nil, a.has("weights") {
            a.error(
                a.location(of: "weights"),
                "explicit 'weights' need a vocabulary given in the model, not taken from a corpus")
        }
        let network = networkSpec(&a, &context)
        checkVocabulary(vocabulary, corpus: corpus, &a, context)
        let hidden = a.int("hidden", in: 1...context.limits.maxHidden, required: true, limitName: "maxHidden")
        let activation = a.choice("activation", of: Activation.self) ?? .tanh
        let embedding = a.int("embedding", in: 1...context.limits.maxEmbedding, limitName: "maxEmbedding")
        let input: RNNLanguageModel.Input = embedding.map { .embedding(size: $0) } ?? .oneHot
        let initialWeights = planInitialization(&a, network: network)
        let shapes = hidden.map {
            Dictionary(
                uniqueKeysWithValues: RNNLanguageModel.parameterShapes(
                    vocabularySize: vocabulary.count, hiddenSize: $0, input: input))
        }
        let explicit = planExplicitWeights(&a, shapes: shapes, input: input, initialWeights: initialWeights)
        let h0 = planH0(&a, hidden: hidden)
        let weightsFile = planWeightsFile(&a, initialWeights: initialWeights)
        let weightNames = WeightFiles.planNames(&a)
        let names =
            network.map {
                SequenceModel.parameterShapes(
                    $0.configuration.completed(hidden: hidden ?? 1, embedding: embedding, activation: activation),
                    sources: 1, targets: 1
                ).map(\.0)
            } ?? RNNLanguageModel.parameterNames(input: input)
        var show = a.words("show", among: ["all"] + names) ?? []
        if show.contains("all") { show = names }
        let format = a.format() ?? .standard
        let variesSeed = planVary(&a, initialWeights: initialWeights)
        if network == nil, let hidden, let shapes { checkSize(shapes, hidden: hidden, vocabulary.count, &a, context) }
        a.finish()
        // The name is claimed even when the model has errors, so later uses do not report it missing too.
        if context.claim(nameEntry, a), let name = nameEntry {
            context.define(model: name, at: a.block.kindLocation)
            if let dataset = network?.dataset { context.modelDatasets[name] = dataset }
            if let corpus { context.modelCorpora[name] = corpus }
        }
        guard !a.hasErrors, let name = nameEntry, let hidden, let initialWeights else { return nil }
        var directive = ModelDirective(
            name: name, vocabulary: vocabulary, tokenization: tokenization, corpus: corpus, hidden: hidden,
            activation: activation, input: input, initialWeights: initialWeights, explicitWeights: explicit, h0: h0,
            weightsFile: weightsFile, show: show, format: format,
            network: network.map {
                NetworkSpec(
                    configuration: $0.configuration.completed(
                        hidden: hidden, embedding: embedding, activation: activation), dataset: $0.dataset,
                    labels: $0.labels, labelsLocation: $0.labelsLocation)
            })
        directive.variesSeed = variesSeed
        directive.weightNames = weightNames
        return directive
    }

    /// `vary: seed`: each student's edition draws the weights from its own seed; only drawn weights can vary.
    private static func planVary(_ a: inout Arguments, initialWeights: InitialWeights?) -> Bool {
        let vary = a.words("vary", among: ["seed"]) ?? []
        if !vary.isEmpty, case .explicit? = initialWeights {
            a.error(
                a.location(of: "vary"), "'vary: seed' needs drawn weights (init: normal or uniform), not explicit ones")
        }
        if !vary.isEmpty, a.has("weights_file") {
            a.error(a.location(of: "vary"), "'vary: seed' draws the weights; a 'weights_file' replaces them")
        }
        return !vary.isEmpty
    }

    static let vocabularySources = ["vocabulary", "characters", "text", "corpus", "dataset"]

    /// The vocabulary given in the directive (empty when it comes from a corpus or a data set) and how text
    /// splits into its tokens.
    static func planVocabulary(_ a: inout Arguments) -> ([String], LessonModel.Tokenization) {
        let sources = vocabularySources.filter { a.has($0) }
        if a.has("input_size") {
            // A model that reads real vectors has no vocabulary; its outputs are the labels.
            for source in sources {
                _ = a.node(source)
                a.error(
                    a.location(of: source),
                    "a model with 'input_size' reads real-valued vectors, not tokens: give its outputs as 'labels' instead of '\(source)'"
                )
            }
            return ([], .words)
        }
        if sources.count != 1 {
            a.error(
                sources.count > 1 ? a.location(of: sources[1]) : a.block.kindLocation,
                "give the vocabulary exactly one way: 'vocabulary' (a list of tokens), 'characters' (a string), 'text', 'corpus' or 'dataset'"
            )
        }
        let tokens = a.choice("tokens", of: LessonModel.Tokenization.self)
        if let list = a.strings("vocabulary") {
            let vocabulary = list.map(\.0)
            return (vocabulary, tokens ?? (vocabulary.allSatisfy { $0.count == 1 } ? .characters : .words))
        } else if let chars = a.string("characters") {
            return (distinct(chars.map { String($0) }), .characters)
        } else if let text = a.string("text") {
            let tokenization = tokens ?? .words
            return (distinct(tokenization.tokens(of: text)), tokenization)
        }
        return ([], .words)
    }

    /// A vocabulary given in the directive is not empty, has no duplicate and fits maxVocabulary.
    static func checkVocabulary(_ vocabulary: [String], corpus: String?, _ a: inout Arguments, _ context: PlanContext) {
        let sources = vocabularySources.filter { a.has($0) }
        if a.has("input_size") { return }
        if vocabulary.isEmpty, sources.count == 1, corpus == nil, !a.has("corpus"), !a.has("dataset") {
            a.error(a.location(of: sources[0]), "the vocabulary is empty")
        }
        if let dup = duplicate(vocabulary) {
            a.error(a.location(of: sources.first ?? "vocabulary"), "token '\(dup)' appears twice in the vocabulary")
        }
        if vocabulary.count > context.limits.maxVocabulary {
            a.error(
                a.location(of: sources.first ?? "vocabulary"),
                "the vocabulary has \(vocabulary.count) tokens; the limit maxVocabulary is \(context.limits.maxVocabulary)"
            )
        }
    }

    /// `init` (normal with `scale`, uniform, explicit) and `seed`, and the keys a network does not take.
    static func planInitialization(_ a: inout Arguments, network: NetworkSpec?) -> InitialWeights? {
        let initKind =
            a.choice("init", among: ["normal", "uniform", "explicit"]) ?? (network == nil ? "normal" : "uniform")
        if let network, !network.isRNN, a.has("activation") {
            a.error(a.location(of: "activation"), "'activation' applies to cell: rnn only")
        }
        if network != nil {
            for key in ["h0", "weights"] where a.has(key) {
                a.error(
                    a.location(of: key),
                    "'\(key)' is for the notes' vanilla model; give a network's weights in 'weights_file' (.npz or .json)"
                )
            }
            if initKind == "explicit" {
                a.error(a.location(of: "init"), "init: explicit is for the notes' vanilla model; use 'weights_file'")
            }
        }
        let scale = a.double("scale", in: 0...1e6) ?? 0.01
        let seed = a.int("seed", in: 0...Int(UInt32.max)) ?? 1
        if initKind != "normal", a.has("scale") {
            a.error(a.location(of: "scale"), "'scale' applies to init: normal only")
        }
        switch initKind {
        case "uniform": return .generated(.uniform(seed: UInt32(seed)))
        case "explicit": return .explicit
        default: return .generated(.normal(scale: scale, seed: UInt32(seed)))
        }
    }

    /// `weights`: parameter values written in the lesson, each of its parameter's shape (a bias may be a flat
    /// list); with init: explicit every parameter must be there.
    static func planExplicitWeights(
        _ a: inout Arguments, shapes: [String: [Int]]?, input: RNNLanguageModel.Input, initialWeights: InitialWeights?
    ) -> [String: (values: [[Double]], location: SourceLocation)] {
        var explicit: [String: (values: [[Double]], location: SourceLocation)] = [:]
        if let node = a.node("weights") {
            guard case .map(let pairs, _) = node else {
                a.error(
                    node.location,
                    "'weights' maps parameter names to their values, e.g. 'W_h: [[0.1, 0.2], [0.3, 0.4]]'")
                return [:]
            }
            for pair in pairs {
                guard let shape = shapes?[pair.key] else {
                    let names = RNNLanguageModel.parameterNames(input: input)
                    a.error(
                        pair.keyLocation,
                        "this model has no parameter '\(pair.key)'" + didYouMean(pair.key, among: names)
                            + "; it has " + names.joined(separator: ", "))
                    continue
                }
                guard let rows = matrixRows(pair.value, name: pair.key, &a) else { continue }
                if let fitted = fit(rows, shape) {
                    explicit[pair.key] = (fitted, pair.value.location)
                } else {
                    a.error(
                        pair.value.location,
                        "'\(pair.key)' must be \(shape[0])×\(shape[1]), got \(rows.count)×\(rows.first?.count ?? 0)")
                }
            }
        }
        if case .explicit = initialWeights, let shapes {
            let missing = shapes.keys.filter { explicit[$0] == nil }.sorted()
            if !missing.isEmpty {
                a.error(
                    a.location(of: "init"),
                    "init: explicit needs every parameter under 'weights'; missing " + missing.joined(separator: ", "))
            }
        }
        return explicit
    }

    /// Rows that fit `shape`: as given, a column written one number per row, or a bias written flat.
    static func fit(_ rows: [[Double]], _ shape: [Int]) -> [[Double]]? {
        if [rows.count, rows.first?.count ?? 0] == shape || (shape[1] == 1 && rows.allSatisfy { $0.count == 1 }) {
            return rows
        }
        if shape[1] == 1, rows.count == 1, rows[0].count == shape[0] { return rows[0].map { [$0] } }
        return nil
    }

    /// The notes' model's own h(0), of H numbers.
    static func planH0(_ a: inout Arguments, hidden: Int?) -> ([Double], SourceLocation)? {
        guard let (values, location) = a.numbers("h0") else { return nil }
        if let hidden, values.count != hidden {
            a.error(location, "'h0' must have \(hidden) numbers (the hidden size), got \(values.count)")
        }
        return (values, location)
    }

    /// `weights_file`: a .npz or .json file, not together with init: explicit.
    static func planWeightsFile(_ a: inout Arguments, initialWeights: InitialWeights?) -> (String, SourceLocation)? {
        let weightsFile = a.scalar("weights_file").map { ($0.0, $0.1) }
        if let (path, location) = weightsFile, !(path.hasSuffix(".npz") || path.hasSuffix(".json")) {
            a.error(location, "'weights_file' must be a .npz or .json file, got '\(path)'")
        }
        if weightsFile != nil, case .explicit = initialWeights {
            a.error(
                a.location(of: "weights_file"),
                "give the weights either in the lesson (init: explicit) or in 'weights_file', not both")
        }
        return weightsFile
    }

    /// The notes' model's parameter count within maxParameters.
    static func checkSize(
        _ shapes: [String: [Int]], hidden: Int, _ V: Int, _ a: inout Arguments, _ context: PlanContext
    ) {
        let count = shapes.values.reduce(0) { $0 + $1[0] * $1[1] }
        if count > context.limits.maxParameters {
            a.error(
                a.location(of: "hidden"),
                "this model would have \(count) parameters (H = \(hidden), V = \(V)); the limit maxParameters is \(context.limits.maxParameters)"
            )
        }
    }

    /// A model built from the directive: the lesson's model and the paragraph that describes it.
    struct Built {
        let lesson: LessonModel
        let description: [Span]
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let built: Built
        if let network { built = try network.build(self, &context) } else { built = try buildNotesModel(&context) }
        let lesson = built.lesson
        context.models[name] = lesson
        context.noteWeights(of: lesson)
        context.namespace.define(name, Self.record(of: lesson.model))
        let parameters = lesson.parameters
        try context.reserve(.tables(cells: show.reduce(0) { $0 + parameters[$1]!.count }))
        return [.paragraph(built.description), parameterTable(parameters)]
            + show.map { pname in
                Tables.parameter(
                    pname, parameters[pname]!, vocabulary: lesson.targets.tokens,
                    caption: [Tables.label(pname), .text(" of "), .code(name)], format: format)
            }
    }

    /// The notes' vanilla model: drawn or explicit weights, then any weights file, over the vocabulary given
    /// or the corpus's.
    func buildNotesModel(_ context: inout ExecutionContext) throws(Diagnostic) -> Built {
        var vocabulary = self.vocabulary
        var tokenization = self.tokenization
        if let corpus, let source = context.corpora[corpus] {
            vocabulary = source.vocabulary.tokens
            tokenization = source.tokenization
        }
        let shapes = RNNLanguageModel.parameterShapes(
            vocabularySize: vocabulary.count, hiddenSize: hidden, input: input)
        let count = shapes.reduce(0) { $0 + $1.1[0] * $1.1[1] }
        if count > context.limits.maxParameters {
            throw context.error(
                context.block!.kindLocation,
                "this model would have \(count) parameters (H = \(hidden), V = \(vocabulary.count)); the limit maxParameters is \(context.limits.maxParameters)"
            )
        }
        var parameters: ParameterSet
        switch initialWeights {
        case .generated(let initialization):
            parameters = varied(initialization, context).parameters(shapes: shapes, hiddenSize: hidden)
        case .explicit:
            parameters = Initialization.normal(scale: 0, seed: 0).parameters(shapes: shapes, hiddenSize: hidden)
        }
        for (pname, given) in explicitWeights {
            let shape = shapes.first { $0.0 == pname }!.1
            parameters[pname] = Matrix(rows: shape[0], cols: shape[1], values: given.values.flatMap { $0 })
        }
        parameters = try loadWeights(into: parameters, &context)
        let vocab: Vocabulary
        do { vocab = try Vocabulary(tokens: vocabulary) } catch {
            throw context.error(context.block!.kindLocation, "duplicate token in the vocabulary")
        }
        let model = RNNLanguageModel(
            vocabulary: vocab, hiddenSize: hidden, activation: activation, input: input, parameters: parameters,
            initialHidden: h0?.0)
        let inputText: String
        switch input {
        case .oneHot: inputText = "one-hot input"
        case .embedding(let d): inputText = "a learned embedding of size \(d)"
        }
        let description: [Span] =
            [
                .strong("Model"), .text(" "), .code(name),
                .text(": a vanilla RNN language model, \(activation.rawValue) activation, "),
                .math("H = \(hidden)"), .text(", \(inputText), vocabulary of "), .math("|V| = \(vocabulary.count)"),
                .text(" (\(tokenization.rawValue)): "),
            ] + vocabulary.enumerated().flatMap { i, t -> [Span] in (i > 0 ? [.text(" ")] : []) + [.code(t)] }
        return Built(
            lesson: LessonModel(name: name, model: model, tokenization: tokenization), description: description)
    }

    /// Every parameter with its shape and count, and the total.
    func parameterTable(_ parameters: ParameterSet) -> OutputBlock {
        .table(
            OutputTable(
                caption: [.text("Parameters of "), .code(name), .text(" (\(describe(initialWeights)))")],
                columns: [
                    .init([.text("parameter")], numeric: false), .init([.text("shape")], numeric: false),
                    .init([.text("numbers")]),
                ],
                rows: parameters.items.map { p in
                    [[Tables.label(p.name)], [.text("\(p.value.rows) × \(p.value.cols)")], [.text("\(p.value.count)")]]
                } + [[[.strong("total")], [], [.strong("\(parameters.scalarCount)")]]]))
    }

    /// The drawn parameters with those of `weights_file` in their place, when the lesson names one.
    func loadWeights(into parameters: ParameterSet, _ context: inout ExecutionContext) throws(Diagnostic)
        -> ParameterSet
    {
        guard let (path, location) = weightsFile else { return parameters }
        let data = try context.readLessonData(path, at: location)
        let maxMB = context.limits.maxFileMB
        do {
            return try parameters.loading(
                WeightFiles.read(
                    data, path: path, maxMB: maxMB, names: weightNames, network: network?.configuration.cell))
        } catch let error as NumpyArchive.Error {
            throw context.error(location, "cannot read the weights in '\(path)': \(error)")
        } catch let error as WeightLoadingError {
            let cell = network?.configuration.cell ?? .rnn(activation)
            var hint = WeightFiles.cellHint(error, hidden: hidden, cell: cell)
            if case .missing = error, let arrays = try? WeightFiles.arrays(data, path: path, maxMB: maxMB) {
                hint += WeightFiles.conventionHint(arrays.keys.sorted(), cell: network?.configuration.cell)
            }
            throw context.error(
                location, "'\(path)' does not fit model '\(name)': \(WeightFiles.describe(error))\(hint)")
        } catch {
            throw context.error(location, "cannot load '\(path)': \(error)")
        }
    }

    /// The initialization with its seed derived from the build's variant when the model has `vary: seed`.
    func varied(_ initialization: Initialization, _ context: ExecutionContext) -> Initialization {
        guard variesSeed, let variant = context.variant else { return initialization }
        switch initialization {
        case .normal(let scale, let seed):
            return .normal(scale: scale, seed: Variant.seed(seed, name: name, variant: variant))
        case .uniform(let seed): return .uniform(seed: Variant.seed(seed, name: name, variant: variant))
        }
    }

    /// A model as a lesson value: its sizes, vocabularies and every parameter under its name (dots as
    /// underscores: `encoder_weight_hh_l0`), and the notes' h(0).
    static func record(of model: any RecurrentModel) -> Value {
        var fields: [(String, Value)] = [
            ("vocabulary", .texts(model.sources.tokens)), ("labels", .texts(model.targets.tokens)),
            ("V", .number(Double(model.sources.count))), ("K", .number(Double(model.targets.count))),
            ("H", .number(Double(model.hiddenSize))), ("layers", .number(Double(model.layers))),
        ]
        if let E = model.parameters["E"] { fields.append(("D", .number(Double(E.rows)))) }
        fields.append(("parameter_count", .number(Double(model.parameters.scalarCount))))
        for p in model.parameters.items {
            fields.append(
                (p.name.replacingOccurrences(of: ".", with: "_"), Tables.value(of: p, vocabulary: model.targets.tokens))
            )
        }
        if let h0 = model.ownInitialState?.hidden.first { fields.append(("h0", .tensor(Tensor(vector: h0)))) }
        return .record(Record(fields))
    }

    func describe(_ w: InitialWeights) -> String {
        var text: String
        switch w {
        case .generated(.normal(let scale, let seed)):
            text = "normal, scale \(NumberFormat(style: .general, precision: 6).format(scale)), seed \(seed)"
        case .generated(.uniform(let seed)): text = "uniform ±1/√H, seed \(seed)"
        case .explicit: text = "explicit values"
        }
        if variesSeed { text += ", varied per student (vary: seed)" }
        if let (path, _) = weightsFile { text = "loaded from \(path)" }
        if case .generated = w, !explicitWeights.isEmpty {
            text += "; " + explicitWeights.keys.sorted().joined(separator: ", ") + " given"
        }
        return text
    }

    private static func distinct(_ tokens: [String]) -> [String] {
        var seen = Set<String>()
        return tokens.filter { seen.insert($0).inserted }
    }

    static func duplicate(_ tokens: [String]) -> String? {
        var seen = Set<String>()
        return tokens.first { !seen.insert($0).inserted }
    }

    /// A matrix `[[…], […]]` or a vector `[…]` (one row) of numbers.
    private static func matrixRows(_ node: ConfigNode, name: String, _ a: inout Arguments) -> [[Double]]? {
        guard case .list(let items, _) = node else {
            a.error(node.location, "'\(name)' must be a list of numbers or a list of rows")
            return nil
        }
        if items.allSatisfy({ if case .list = $0 { return true } else { return false } }) {
            var rows: [[Double]] = []
            for item in items {
                guard let row = a.numberList(item, key: name) else { return nil }
                if let first = rows.first, first.count != row.count {
                    a.error(item.location, "the rows of '\(name)' differ in length (\(first.count) and \(row.count))")
                    return nil
                }
                rows.append(row)
            }
            return rows
        }
        return a.numberList(node, key: name).map { [$0] }
    }
}
