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

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let net = lesson.model
        guard net.shape != .languageModel else {
            throw context.error(
                context.block!.kindLocation,
                "'predict' is for taggers, classifiers and sequence-to-sequence models; '\(model)' is \(lesson.summary): use 'sample' or 'forward'"
            )
        }
        let shape = net.shape
        // Each case: shown input, source indices, expected target (when known).
        var cases: [(shown: String, source: [Int], expected: [Int]?)] = []
        if let inputs {
            for (text, location) in inputs {
                let spec = SequenceSpec(
                    input: .init(tokens: nil, text: text, location: location), target: nil, teacherForcing: false)
                let steps = try spec.resolve(for: lesson, context)
                cases.append((DirectiveSupport.join(steps.inputTokens, lesson.tokenization), steps.inputs, nil))
            }
        } else if let split, let name = lesson.dataset, let data = context.datasets[name] {
            let examples = data.data.examples(for: shape)
            let chosen = split == "heldout" ? examples.heldOut : examples.training
            guard !chosen.isEmpty else {
                throw context.error(
                    context.block!.kindLocation,
                    "data set '\(name)' has no \(split == "heldout" ? "held-out" : "training") examples")
            }
            for e in chosen.prefix(limit) {
                let tokens = e.source.map { net.sources.tokens[$0] }
                cases.append((DirectiveSupport.join(tokens, lesson.tokenization), e.source, e.target))
            }
        }
        let targets = net.targets.tokens
        var config = SamplingConfiguration(length: min(100, context.limits.maxSampleLength))
        config.greedy = true
        config.stopToken = net.targets.index(of: Vocabulary.endOfSentence)
        func shown(_ output: [Int]) -> String {
            switch shape {
            case .manyToMany: return output.map { targets[$0] }.joined(separator: " ")
            case .manyToOne: return targets[output[0]]
            default:
                let tokens = output.map { targets[$0] }
                let text = tokens.last == Vocabulary.endOfSentence ? Array(tokens.dropLast()) : tokens
                return DirectiveSupport.join(text, lesson.targetTokenization)
            }
        }
        var rows: [[[Span]]] = []
        var predictions: [String] = []
        var right = 0
        var known = 0
        // Units (labels, tags, whole generated outputs) right, as `train`'s accuracy counts them.
        var unitsRight = 0
        var units = 0
        for c in cases {
            let output: [Int]
            var confidence: Double?
            if shape.generates {
                let generated = net.generate(source: c.source, config)
                output = generated.map(\.token)
                confidence = generated.reduce(1) { $0 * $1.probability }
            } else {
                let p = net.pass(source: c.source, target: [], initial: nil).probabilities
                output = p.map { row in row.indices.max { (row[$0], $1) < (row[$1], $0) }! }
                confidence = shape == .manyToOne ? p[0][output[0]] : nil
            }
            predictions.append(shown(output))
            var row: [[Span]] = [[.code(c.shown)], [.code(shown(output))]]
            if shape != .manyToMany { row.append([.text(confidence.map { format.format($0) } ?? "")]) }
            if let expected = c.expected {
                let correct = expected == output
                known += 1
                right += correct ? 1 : 0
                if shape == .manyToMany {
                    unitsRight += zip(expected, output).filter { $0 == $1 }.count
                    units += expected.count
                } else {
                    unitsRight += correct ? 1 : 0
                    units += 1
                }
                row += [[.code(shown(expected))], [.text(correct ? "✓" : "✗")]]
            }
            rows.append(row)
        }
        var fields: [(String, Value)] = [("predictions", .texts(predictions))]
        if known > 0 {
            fields.append(("accuracy", .number(Double(unitsRight) / Double(max(units, 1)))))
            fields.append(("exact_match", .number(Double(right) / Double(known))))
        }
        context.namespace.define(id, .record(Record(fields)))
        var columns: [OutputTable.Column] = [
            .init([.text("input")], numeric: false),
            .init(
                [
                    .text(
                        shape == .manyToMany
                            ? "predicted tags" : shape == .manyToOne ? "predicted label" : "greedy output")
                ], numeric: false),
        ]
        if shape != .manyToMany {
            columns.append(.init([.text(shape == .manyToOne ? "probability" : "probability of the output")]))
        }
        if known > 0 {
            columns += [.init([.text("expected")], numeric: false), .init([.text("")], numeric: false)]
        }
        var caption: [Span] = [.strong("Predictions"), .text(" of "), .code(model)]
        if let split {
            caption.append(.text(" on the \(split == "heldout" ? "held-out" : "training") examples"))
            if known > 0 {
                caption.append(
                    .text(
                        ": \(right) of \(known) \(shape == .manyToMany ? "sentences tagged entirely right" : "right") (\(DirectiveSupport.percent(Double(right) / Double(known))))"
                    ))
            }
        }
        return [.table(OutputTable(caption: caption, columns: columns, rows: rows))]
    }
}
