import RNN

/// The token sequences a directive runs on: `input` and `target`, or `sequence` for teacher forcing
/// (inputs are its tokens but the last, targets its tokens but the first: x(t+1) is the target of step t).
/// A sequence is a string (split by the model's tokenization) or a list of tokens.
struct SequenceSpec: Sendable {
    struct Tokens: Sendable {
        let tokens: [String]?
        let text: String?
        let location: SourceLocation
    }

    let input: Tokens
    let target: Tokens?
    let teacherForcing: Bool
    /// `start: zero`: a language model reads the zero vector first, as the notes train on sentences and as
    /// `probability` reads one, so that the first target is the first token; `start: first` reads the first token
    /// first. Not given (nil): as the model was trained (`LessonModel.startsFromZero`).
    var start: Start?

    enum Start: String, CaseIterable, Sendable {
        case first
        case zero
    }
    /// `inputs:` instead of `input:`, with where it was given.
    var vectors: (MatrixSpec, SourceLocation)?

    static let keys = ["input", "inputs", "target", "sequence", "start"]

    /// The zero vector's token as shown in tables.
    static let zeroToken = "∅"

    /// The tokens under `key`: a string (split later by the model's tokenization) or a list of tokens.
    static func tokens(_ key: String, _ a: inout Arguments, required: Bool = false) -> Tokens? {
        guard let node = a.node(key, required: required) else { return nil }
        switch node {
        case .scalar(let text, _, let location): return Tokens(tokens: nil, text: text, location: location)
        case .list(_, let location):
            guard let list = a.strings(key) else { return nil }
            return Tokens(tokens: list.map(\.0), text: nil, location: location)
        case .map:
            a.error(node.location, "'\(key)' must be a string or a list of tokens")
            return nil
        }
    }

    /// One sequence of inputs under `key`, as `sample`'s prime and `probability`'s sentence are given.
    static func single(_ key: String, _ a: inout Arguments, required: Bool = false) -> SequenceSpec? {
        tokens(key, &a, required: required).map { SequenceSpec(input: $0, target: nil, teacherForcing: false) }
    }

    static func read(_ a: inout Arguments, needsTargets: Bool) -> SequenceSpec? {
        let start = a.choice("start", of: Start.self)
        if a.has("inputs") { return readVectors(&a, needsTargets: needsTargets, start: start) }
        var spec = readSequence(&a, needsTargets: needsTargets)
        if start == .zero, spec?.target != nil {
            a.error(
                a.location(of: "start"),
                "'start: zero' goes with 'sequence' (or 'input' alone in 'forward'): the zero vector comes first and every token is a target"
            )
        }
        spec?.start = start
        return spec
    }

    /// Whether the model reads the zero vector first: as `start` says, else as the model was trained (only for
    /// a sequence whose targets follow from it: `sequence`, or `input` alone).
    func startsFromZero(_ model: LessonModel) -> Bool {
        if let start { return start == .zero }
        return target == nil && model.shape == .languageModel && model.startsFromZero
    }

    private static func readSequence(_ a: inout Arguments, needsTargets: Bool) -> SequenceSpec? {
        let hasSequence = a.has("sequence")
        let hasInput = a.has("input")
        if needsTargets {
            if hasSequence && (hasInput || a.has("target")) {
                a.error(
                    a.location(of: "sequence"),
                    "give either 'sequence' (teacher forcing) or 'input' and 'target', not both")
                return nil
            }
            if hasSequence, let s = Self.tokens("sequence", &a) {
                return SequenceSpec(input: s, target: nil, teacherForcing: true)
            }
            if !hasInput {
                a.error(a.block.kindLocation, "missing key 'input' (with 'target') or 'sequence' in '\(a.block.kind)'")
                return nil
            }
            let input = Self.tokens("input", &a)
            let target = Self.tokens("target", &a)
            if target == nil, !a.has("target") {
                a.error(
                    a.block.kindLocation,
                    "missing key 'target' in '\(a.block.kind)' (or use 'sequence' for teacher forcing)")
            }
            guard let input, let target else { return nil }
            return SequenceSpec(input: input, target: target, teacherForcing: false)
        }
        if hasSequence, hasInput {
            a.error(a.location(of: "sequence"), "give either 'input' or 'sequence', not both")
            return nil
        }
        guard let input = Self.tokens(hasSequence ? "sequence" : "input", &a) else {
            if !hasSequence && !hasInput { a.error(a.block.kindLocation, "missing key 'input' in '\(a.block.kind)'") }
            return nil
        }
        return SequenceSpec(input: input, target: nil, teacherForcing: false)
    }

    /// `inputs:` (real vectors) with `target:`; neither `input` nor `sequence`, no `start: zero`.
    private static func readVectors(_ a: inout Arguments, needsTargets: Bool, start: Start?) -> SequenceSpec? {
        for other in ["input", "sequence"] where a.has(other) {
            _ = a.node(other)
            a.error(
                a.location(of: other),
                "give either 'inputs' (real-valued vectors) or '\(other)' (tokens), not both")
        }
        if start == .zero {
            a.error(a.location(of: "start"), "'start: zero' is for language models, which read tokens")
        }
        let vectors = MatrixSpec.read("inputs", &a)
        let target = needsTargets || a.has("target") ? Self.tokens("target", &a) : nil
        if needsTargets, target == nil, !a.has("target") {
            a.error(a.block.kindLocation, "missing key 'target' in '\(a.block.kind)' (the labels of the inputs)")
        }
        guard let vectors, !a.hasErrors else { return nil }
        var spec = SequenceSpec(
            input: Tokens(tokens: [], text: nil, location: vectors.1), target: target, teacherForcing: false)
        spec.vectors = vectors
        return spec
    }

    /// The resolved steps: tokens as shown, and indices for the engine (real-valued inputs in `vectors`).
    struct Steps: Sendable {
        let inputTokens: [String]
        let inputs: [Int]
        let targetTokens: [String]
        let targets: [Int]
        var vectors: [[Double]]? = nil
        /// Whether the model reads the zero vector (shown as `∅`) before the tokens given.
        var zeroFirst = false

        /// The tokens as given, without the zero vector read before them.
        var givenTokens: ArraySlice<String> { inputTokens.dropFirst(zeroFirst ? 1 : 0) }

        /// What the model reads.
        var input: ModelInput { vectors.map { .vectors($0) } ?? .tokens(inputs) }
    }

    /// The steps for `model`, once what a pass over them allocates (with its gradients when `backward`) and
    /// the tables the directive shows (`shown`: cells a step, and cells whatever the length) are known to fit
    /// maxMemoryMB.
    func resolve(
        for model: LessonModel, _ context: ExecutionContext, backward: Bool = false,
        shown: (perStep: Int, fixed: Int) = (0, 0)
    ) throws(Diagnostic) -> Steps {
        let steps = try resolveSteps(for: model, context)
        let count = max(steps.vectors?.count ?? steps.inputs.count, steps.targets.count)
        let tables = MemoryEstimate.tables(cells: shown.perStep * count + shown.fixed)
        try context.reserve(.pass(model.model, steps: count, backward: backward) + tables, at: input.location)
        return steps
    }

    private func resolveSteps(for model: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> Steps {
        if let n = model.model.inputSize, vectors == nil {
            throw context.error(
                input.location,
                "'\(model.name)' reads real-valued vectors of \(n) numbers: give 'inputs', a T×\(n) matrix (rows x(t)), instead of tokens"
            )
        }
        if let (vectors, location) = vectors { return try resolveVectors(vectors, at: location, for: model, context) }
        var (inputTokens, targetTokens) = try tokens(for: model, context)
        let zeroStart = startsFromZero(model)
        if zeroStart {
            guard model.shape == .languageModel else {
                throw context.error(
                    input.location, "'start: zero' is for language models; '\(model.name)' is \(model.summary)")
            }
            // Teacher forcing from the zero vector: every token of the sequence is a target.
            if teacherForcing, let first = inputTokens.first { targetTokens.insert(first, at: 0) }
        }
        if model.shape == .oneToMany, inputTokens.count != 1 {
            throw context.error(
                input.location,
                "'\(model.name)' is \(model.summary): 'input' is the one label it starts from, got \(inputTokens.count) tokens"
            )
        }
        if model.shape == .oneToMany || model.shape == .encoderDecoder, target != nil,
            targetTokens.last != Vocabulary.endOfSentence
        {
            targetTokens.append(Vocabulary.endOfSentence)
        }
        guard !inputTokens.isEmpty else { throw context.error(input.location, "the input sequence is empty") }
        guard inputTokens.count <= context.limits.maxSequenceLength,
            targetTokens.count <= context.limits.maxSequenceLength
        else {
            throw context.error(
                input.location,
                "the sequence has more than \(context.limits.maxSequenceLength) tokens, the limit maxSequenceLength"
            )
        }
        var inputs = try Self.indices(inputTokens, in: model.sources, of: model, at: input.location, context)
        if zeroStart {
            inputs.insert(RNNLanguageModel.noInput, at: 0)
            inputTokens.insert(Self.zeroToken, at: 0)
        }
        let targets = try Self.indices(
            targetTokens, in: model.targets, of: model, at: (target ?? input).location, context)
        return Steps(
            inputTokens: inputTokens, inputs: inputs, targetTokens: targetTokens, targets: targets, zeroFirst: zeroStart)
    }

    /// Real-valued inputs as the engine reads them, checked against the model, with their labels as targets.
    func resolveVectors(
        _ vectors: MatrixSpec, at location: SourceLocation, for model: LessonModel, _ context: ExecutionContext
    )
        throws(Diagnostic) -> Steps
    {
        guard let n = model.model.inputSize else {
            throw context.error(
                location,
                "'inputs' are real-valued vectors, for a model with 'input_size'; '\(model.name)' reads tokens: give 'input'"
            )
        }
        let rows = try vectors.resolve(key: "inputs", width: n, at: location, context) { step, count in
            "x(\(step)) has \(count) numbers but '\(model.name)' has input_size \(n)"
        }
        var targetTokens: [String] = []
        if let target {
            targetTokens = target.tokens ?? model.targetTokenization.tokens(of: target.text ?? "")
            let expected = model.shape == .manyToOne ? 1 : rows.count
            guard targetTokens.count == expected else {
                throw context.error(
                    target.location,
                    model.shape == .manyToOne
                        ? "'\(model.name)' is \(model.summary): 'target' is one label, got \(targetTokens.count)"
                        : "'target' has \(targetTokens.count) labels but 'inputs' has \(rows.count) steps; they need one per step"
                )
            }
        }
        let targets = try Self.indices(
            targetTokens, in: model.targets, of: model, at: (target ?? input).location, context)
        return Steps(
            inputTokens: (1...rows.count).map { "x(\($0))" },
            inputs: Array(repeating: RNNLanguageModel.noInput, count: rows.count),
            targetTokens: targetTokens, targets: targets, vectors: rows)
    }

    /// The input and target tokens: teacher forcing on one sequence (a language model), or both given, as many
    /// targets as the shape reads.
    func tokens(for model: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> ([String], [String]) {
        // Two more than the limit are enough to know a sequence passes it (teacher forcing drops one).
        let enough = context.limits.maxSequenceLength + 1
        func split(_ t: Tokens, _ how: Corpus.Tokenization) -> [String] {
            t.tokens ?? how.tokens(of: t.text ?? "", limit: enough)
        }
        let inputTokens = split(input, model.tokenization)
        if teacherForcing {
            guard model.shape == .languageModel else {
                throw context.error(
                    input.location,
                    "teacher forcing with 'sequence' is for language models; '\(model.name)' is \(model.summary): give 'input' and 'target'"
                )
            }
            guard inputTokens.count >= 2 else {
                throw context.error(
                    input.location, "teacher forcing needs a sequence of at least 2 tokens, got \(inputTokens.count)")
            }
            return (Array(inputTokens.dropLast()), Array(inputTokens.dropFirst()))
        }
        guard let target else { return (inputTokens, []) }
        let targetTokens = split(target, model.targetTokenization)
        switch model.shape {
        case .languageModel, .manyToMany:
            guard targetTokens.count == inputTokens.count else {
                throw context.error(
                    target.location,
                    "'target' has \(targetTokens.count) tokens but 'input' has \(inputTokens.count); they need one target per input"
                )
            }
        case .manyToOne:
            guard targetTokens.count == 1 else {
                throw context.error(
                    target.location,
                    "'\(model.name)' is \(model.summary): 'target' is one label, got \(targetTokens.count) tokens")
            }
        case .oneToMany, .encoderDecoder: break
        }
        return (inputTokens, targetTokens)
    }

    /// Each token's index in `vocabulary` (`<UNK>` for an unknown one when the vocabulary has it).
    static func indices(
        _ tokens: [String], in vocabulary: Vocabulary, of model: LessonModel, at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> [Int] {
        var out: [Int] = []
        for token in tokens {
            guard let i = vocabulary.indexOrUnknown(of: token) else {
                let vocab = vocabulary.tokens
                let shown = vocab.count <= 30 ? " (" + vocab.joined(separator: " ") + ")" : ""
                throw context.error(
                    location,
                    "token '\(token)' is not in the vocabulary of '\(model.name)'\(shown), which has no <UNK>; to read unknown tokens as <UNK>, define the model from a corpus with 'unk: true' (or 'min_count')"
                )
            }
            out.append(i)
        }
        return out
    }
}
