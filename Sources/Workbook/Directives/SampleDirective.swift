import RNN

/// `rnn sample`: generates text by repeated sampling, feeding each sampled token back as the next input.
struct SampleDirective: Directive {
    static let kind = "sample"
    static let keys = [
        "model", "prime", "input", "length", "temperature", "temperatures", "greedy", "top_k", "seed", "count", "stop",
        "show",
        "untrained",
        "id", "live",
    ]

    let model: String
    let prime: SequenceSpec?
    /// What a one-to-many or encoder-decoder model starts from.
    let input: SequenceSpec?
    let length: Int
    let temperature: Double
    /// One sample per temperature, side by side, all from the same seed.
    var temperatures: [Double] = []
    let greedy: Bool
    let topK: Int?
    let seed: UInt32
    let count: Int
    let stop: String?
    let showSteps: Bool
    let untrainedOnPurpose: Bool
    let id: String
    /// `live: true`: the HTML handout samples again as the reader changes the settings (`LiveFigure`).
    var live: SourceLocation? = nil

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> SampleDirective? {
        let model = context.modelReference(&a)
        let prime = SequenceSpec.single("prime", &a)
        let input = SequenceSpec.single("input", &a)
        if prime != nil, input != nil {
            a.error(a.location(of: "input"), "give 'prime' (language models) or 'input' (one-to-many, encoder-decoder)")
        }
        let length = a.int("length", in: 1...context.limits.maxSampleLength, limitName: "maxSampleLength") ?? 100
        let temperature = a.double("temperature", in: 1e-3...100) ?? 1
        var temperatures: [Double] = []
        if let (list, location) = a.numbers("temperatures") {
            if list.isEmpty || list.count > 12 || !list.allSatisfy({ (1e-3...100).contains($0) }) {
                a.error(location, "'temperatures' is a list of 1 to 12 temperatures, each from 0.001 to 100")
            }
            for other in ["temperature", "count", "greedy"] where a.has(other) {
                a.error(a.location(of: other), "'temperatures' gives one sample per temperature; leave out '\(other)'")
            }
            temperatures = list
        }
        let greedy = a.bool("greedy") ?? false
        let topK = a.int("top_k", in: 1...context.limits.maxVocabulary)
        let seed = a.int("seed", in: 0...Int(UInt32.max)) ?? 1
        let count = a.int("count", in: 1...100) ?? 1
        let stop = a.string("stop")
        let show = a.choice("show", among: ["text", "steps"]) ?? "text"
        let untrained = a.bool("untrained") ?? false
        if greedy, count > 1 {
            a.error(a.location(of: "count"), "greedy decoding gives the same text every time; use 'count: 1'")
        }
        let id = model.flatMap { context.resultName(&a, default: "\($0).sample") }
        let live = a.bool("live") == true ? a.location(of: "live") : nil
        a.finish()
        guard !a.hasErrors, let model, let id else { return nil }
        return SampleDirective(
            model: model, prime: prime, input: input, length: length, temperature: temperature,
            temperatures: temperatures, greedy: greedy, topK: topK, seed: UInt32(seed),
            count: temperatures.isEmpty ? count : temperatures.count, stop: stop, showSteps: show == "steps",
            untrainedOnPurpose: untrained, id: id, live: live)
    }

    /// What the model starts from: a language model's prime, a generating shape's input.
    struct Start {
        let prime: SequenceSpec.Steps?
        let input: SequenceSpec.Steps?
        let stopToken: Int?
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        if !lesson.trained, !untrainedOnPurpose {
            context.report(
                Diagnostic(
                    .warning, in: context.file, at: context.block!.kindLocation,
                    "sampling from '\(model)', which no 'train' directive has trained: its text is random; train it first, or add 'untrained: true' to show that on purpose"
                ))
        }
        let start = try self.start(lesson, context)
        let vocabulary = lesson.targets
        let joiner = lesson.targetTokenization == .characters ? "" : " "
        let source = start.input?.inputs ?? start.prime?.inputs ?? []
        let all = lesson.model.generate(
            sources: Array(repeating: source, count: count), (0..<count).map { configuration($0, start) })
        // In a character model that does not stop at <EOS>, an <EOS> ends a line (as a corpus split into lines
        // put it there): it is written as a line break.
        let lineBreak = joiner.isEmpty ? vocabulary.index(of: Vocabulary.endOfSentence) : nil
        let texts = all.map { sampled in
            ((start.prime?.givenTokens ?? [])
                + sampled.filter { $0.token != start.stopToken }.map {
                    $0.token == lineBreak ? "\n" : vocabulary.tokens[$0.token]
                }).joined(separator: joiner)
        }
        context.namespace.define(
            id,
            .record(
                Record([
                    ("text", .text(texts[0])), ("samples", .texts(texts)),
                    ("temperatures", .tensor(Tensor(vector: temperatures))),
                    ("tokens", .texts(all[0].map { vocabulary.tokens[$0.token] })),
                    ("probabilities", .tensor(Tensor(vector: all[0].map(\.probability)))),
                ])))
        let shown = blocks(texts, first: all[0], start, lesson)
        guard let live else { return shown }
        return [.live(try liveFigure(lesson, start, shown, at: live, context))]
    }

    /// The prime or input, checked against the model's shape, and the stop token.
    func start(_ lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> Start {
        let at = context.block!.kindLocation
        let primeSteps = try prime?.resolve(for: lesson, context)
        let inputSteps = try input?.resolve(for: lesson, context)
        switch lesson.shape {
        case .languageModel:
            if input != nil {
                throw context.error(at, "'\(model)' is a language model: give what it starts from as 'prime'")
            }
        case .oneToMany, .encoderDecoder:
            guard inputSteps != nil, prime == nil else {
                throw context.error(
                    at,
                    "'\(model)' is \(lesson.summary): give what it starts from as 'input', e.g. 'input: \(lesson.sources.tokens[0])'"
                )
            }
        case .manyToMany, .manyToOne:
            throw context.error(
                at, "'\(model)' is \(lesson.summary), which does not generate; 'predict' shows its outputs")
        }
        var stopToken = lesson.targets.index(of: Vocabulary.endOfSentence)
        if let stop {
            guard let i = lesson.targets.index(of: stop) else {
                throw context.error(at, "the stop token '\(stop)' is not in the vocabulary of '\(model)'")
            }
            stopToken = i
        }
        return Start(prime: primeSteps, input: inputSteps, stopToken: stopToken)
    }

    /// The sampling settings of sample `k` (its seed is `seed + k`).
    func configuration(_ k: Int, _ start: Start) -> SamplingConfiguration {
        var config = SamplingConfiguration(length: length)
        config.temperature = temperatures.isEmpty ? temperature : temperatures[k]
        config.greedy = greedy
        config.topK = topK
        config.seed = temperatures.isEmpty ? seed &+ UInt32(k) : seed
        config.stopToken = start.stopToken
        return config
    }

    /// How the text was made, the samples, and with `show: steps` each token of the first with its probability.
    func blocks(_ texts: [String], first: [SampledToken], _ start: Start, _ lesson: LessonModel) -> [OutputBlock] {
        let vocabulary = lesson.targets
        if !temperatures.isEmpty {
            return [
                .table(
                    OutputTable(
                        caption: [
                            .strong("Generated"), .text(" by "), .code(model),
                            .text(
                                " at each temperature (seed \(seed), at most \(length) tokens): lower is surer, higher is wilder"
                            ),
                        ],
                        columns: [.init([.text("temperature")]), .init([.text("sample")], numeric: false)],
                        rows: zip(temperatures, texts).map {
                            [
                                [.text(DirectiveSupport.short($0))],
                                [.code($1.replacingOccurrences(of: "\n", with: "↵"))],
                            ]
                        }))
            ]
        }
        let joiner = lesson.targetTokenization == .characters ? "" : " "
        var how = greedy ? "greedy decoding (the most likely token each time)" : "sampling"
        if !greedy {
            if temperature != 1 { how += " at temperature \(DirectiveSupport.short(temperature))" }
            if let topK { how += " from the \(topK) most likely tokens" }
            how += ", seed \(seed)"
        }
        var blocks: [OutputBlock] = [
            .paragraph([
                .strong("Generated"), .text(" by "), .code(model), .text(" (\(how); at most \(length) tokens"),
                .text(start.stopToken != nil ? ", stopping at " : ""),
                .code(start.stopToken.map { vocabulary.tokens[$0] } ?? ""),
                .text(start.prime != nil ? "; prime " : ""),
                .code(start.prime?.givenTokens.joined(separator: joiner) ?? ""),
                .text(start.input != nil ? "; from " : ""),
                .code(start.input?.inputTokens.joined(separator: " ") ?? ""), .text("):"),
            ]),
            // Samples of several lines are set apart by a blank line.
            .preformatted(texts.joined(separator: texts.contains { $0.contains("\n") } ? "\n\n" : "\n") + "\n"),
        ]
        if showSteps {
            blocks.append(
                .table(
                    OutputTable(
                        caption: [.text("Each step's token and its probability")],
                        columns: [
                            .init([.text("step")]), .init([.text("token")], numeric: false),
                            .init([.text("probability")]),
                        ],
                        rows: first.enumerated().map { i, s in
                            [
                                [.text("\(i + 1)")], [.code(vocabulary.tokens[s.token])],
                                [.text(NumberFormat.standard.format(s.probability))],
                            ]
                        })))
        }
        return blocks
    }
}
