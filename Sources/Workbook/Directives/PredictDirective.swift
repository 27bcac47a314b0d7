import RNN

/// `rnn predict`: what a tagger, a classifier or a sequence-to-sequence model outputs for given inputs, or for
/// the examples of its data set (training or held-out), with the expected answer and the share it gets right.
/// Classifiers and taggers take the most likely label; generating shapes decode greedily up to `<EOS>`.
struct PredictDirective: Directive {
    static let kind = "predict"
    static let keys = ["model", "inputs", "split", "limit", "format", "id"]

    let model: String
    let inputs: [(String, SourceLocation)]?
    let split: String?
    let limit: Int
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> PredictDirective? {
        let model = context.modelReference(&a)
        let inputs = a.strings("inputs", singleAllowed: true)
        let split = a.choice("split", among: ["training", "heldout"])
        if (inputs == nil) == (split == nil), !a.has("inputs") || a.has("split") {
            a.error(
                a.has("split") ? a.location(of: "split") : a.block.kindLocation,
                "give 'inputs' (a list) or 'split' (training or heldout, from the model's data set), one of them")
        }
        if let model, split != nil, context.modelDatasets[model] == nil {
            a.error(a.location(of: "split"), "'split' needs a model defined from a data set; '\(model)' has none")
        }
        let limit = a.int("limit", in: 1...10_000) ?? 20
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).predict") }
        a.finish()
        guard !a.hasErrors, let model, let id else { return nil }
        return PredictDirective(model: model, inputs: inputs, split: split, limit: limit, format: format, id: id)
    }

    /// One input to predict for: as shown, as token indices, and the expected output when known.
    struct Case {
        let shown: String
        let source: [Int]
        let expected: [Int]?
    }

    /// What the model output for one case, and how sure it was (a label's probability, a generated output's).
    struct Prediction {
        let output: [Int]
        let confidence: Double?
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        guard lesson.shape != .languageModel else {
            throw context.error(
                context.block!.kindLocation,
                "'predict' is for taggers, classifiers and sequence-to-sequence models; '\(model)' is \(lesson.summary): use 'sample' or 'forward'"
            )
        }
        if let n = lesson.model.inputSize {
            throw context.error(
                context.block!.kindLocation,
                "'predict' reads tokens or a data set; '\(model)' reads real-valued vectors of \(n) numbers: use 'forward' with 'inputs' (its 'predicted' and 'yhat')"
            )
        }
        let cases = try self.cases(lesson, context)
        let predictions = cases.map { predict($0.source, lesson.model, context) }
        let known = zip(cases, predictions).compactMap { c, p in c.expected.map { ($0, p.output) } }
        let exact = known.filter { $0.0 == $0.1 }.count
        var fields: [(String, Value)] = [("predictions", .texts(predictions.map { shown($0.output, lesson) }))]
        if !known.isEmpty {
            // Units (labels, tags, whole generated outputs) right, as `train`'s accuracy counts them.
            let units =
                lesson.shape == .manyToMany
                ? known.flatMap { zip($0.0, $0.1).map { $0 == $1 } } : known.map { $0.0 == $0.1 }
            fields.append(("accuracy", .number(Double(units.filter { $0 }.count) / Double(max(units.count, 1)))))
            fields.append(("exact_match", .number(Double(exact) / Double(known.count))))
        }
        context.namespace.define(id, .record(Record(fields)))
        return [table(cases, predictions, lesson, exact: exact, known: known.count)]
    }

    /// The inputs given, or up to `limit` examples of the model's data set split, with their targets.
    func cases(_ lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> [Case] {
        if let inputs {
            var cases: [Case] = []
            for (text, location) in inputs {
                let spec = SequenceSpec(
                    input: .init(tokens: nil, text: text, location: location), target: nil, teacherForcing: false)
                let steps = try spec.resolve(for: lesson, context)
                cases.append(
                    Case(
                        shown: DirectiveSupport.join(steps.inputTokens, lesson.tokenization), source: steps.inputs,
                        expected: nil))
            }
            return cases
        }
        guard let split, let name = lesson.dataset, let data = context.datasets[name] else { return [] }
        let examples = lesson.examples(of: data.data)
        let chosen = split == "heldout" ? examples.heldOut : examples.training
        guard !chosen.isEmpty else {
            throw context.error(
                context.block!.kindLocation,
                "data set '\(name)' has no \(split == "heldout" ? "held-out" : "training") examples")
        }
        return chosen.prefix(limit).map { e in
            let tokens = e.source.map { lesson.sources.tokens[$0] }
            return Case(shown: DirectiveSupport.join(tokens, lesson.tokenization), source: e.source, expected: e.target)
        }
    }

    /// The most likely label or tags, or the greedy decoding up to `<EOS>`.
    func predict(_ source: [Int], _ model: any RecurrentModel, _ context: ExecutionContext) -> Prediction {
        if model.shape.generates {
            let generated = model.decode(source: source, maxLength: min(100, context.limits.maxSampleLength))
            return Prediction(output: generated.map(\.token), confidence: generated.reduce(1) { $0 * $1.probability })
        }
        let pass = model.pass(source: source, target: [], initial: nil)
        let output = pass.mostLikely
        return Prediction(
            output: output, confidence: model.shape == .manyToOne ? pass.probabilities[0][output[0]] : nil)
    }

    /// An output as text: tags, a label, or generated tokens without the final `<EOS>`.
    func shown(_ output: [Int], _ lesson: LessonModel) -> String {
        let targets = lesson.targets.tokens
        switch lesson.shape {
        case .manyToMany: return output.map { targets[$0] }.joined(separator: " ")
        case .manyToOne: return targets[output[0]]
        default:
            let tokens = output.map { targets[$0] }
            let text = tokens.last == Vocabulary.endOfSentence ? Array(tokens.dropLast()) : tokens
            return DirectiveSupport.join(text, lesson.targetTokenization)
        }
    }

    /// A row per case: input, output, confidence and, when known, the expected output with ✓ or ✗.
    func table(_ cases: [Case], _ predictions: [Prediction], _ lesson: LessonModel, exact: Int, known: Int)
        -> OutputBlock
    {
        let shape = lesson.shape
        let rows = zip(cases, predictions).map { c, p -> [[Span]] in
            var row: [[Span]] = [[.code(c.shown)], [.code(shown(p.output, lesson))]]
            if shape != .manyToMany { row.append([.text(p.confidence.map { format.format($0) } ?? "")]) }
            if let expected = c.expected {
                row += [[.code(shown(expected, lesson))], [.text(expected == p.output ? "✓" : "✗")]]
            }
            return row
        }
        var columns: [OutputTable.Column] = [
            .init([.text("input")], numeric: false),
            .init(
                [
                    .text(
                        shape == .manyToMany
                            ? "predicted tags" : shape == .manyToOne ? "predicted label" : "greedy output")
                ],
                numeric: false),
        ]
        if shape != .manyToMany {
            columns.append(.init([.text(shape == .manyToOne ? "probability" : "probability of the output")]))
        }
        if known > 0 { columns += [.init([.text("expected")], numeric: false), .init([.text("")], numeric: false)] }
        var caption: [Span] = [.strong("Predictions"), .text(" of "), .code(model)]
        if let split {
            caption.append(.text(" on the \(split == "heldout" ? "held-out" : "training") examples"))
            if known > 0 {
                caption.append(
                    .text(
                        ": \(exact) of \(known) \(shape == .manyToMany ? "sentences tagged entirely right" : "right") (\(DirectiveSupport.percent(Double(exact) / Double(known))))"
                    ))
            }
        }
        return .table(OutputTable(caption: caption, columns: columns, rows: rows))
    }
}
