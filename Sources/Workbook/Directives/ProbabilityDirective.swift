import Foundation
import RNN

/// `rnn probability`: the probability of a sentence as the product of the model's conditionals,
/// `P(y1) P(y2 | y1) P(y3 | y1, y2) …`. As in the notes, the first input is the zero vector, so the first
/// output is P(y1); with `<EOS>` in the vocabulary the sentence's end is a factor too.
struct ProbabilityDirective: Directive {
    static let kind = "probability"
    static let keys = ["model", "sentence", "eos", "format", "id"]

    let model: String
    let sentence: SequenceSpec
    let eos: Bool?
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> ProbabilityDirective? {
        let model = context.modelReference(&a)
        var sentence = SequenceSpec.single("sentence", &a, required: true)
        // The sentence is read as given: the directive puts the zero vector before it itself.
        sentence?.start = .first
        let eos = a.bool("eos")
        let format = a.format() ?? NumberFormat(style: .general, precision: 4)
        let id = model.flatMap { context.resultName(&a, default: "\($0).probability") }
        a.finish()
        guard !a.hasErrors, let model, let sentence, let id else { return nil }
        return ProbabilityDirective(model: model, sentence: sentence, eos: eos, format: format, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        guard lesson.shape == .languageModel else {
            throw context.error(
                context.block!.kindLocation,
                "'probability' is the probability of a sentence under a language model; '\(model)' is \(lesson.summary) ('loss' gives its per-step probabilities)"
            )
        }
        let vocabulary = lesson.sources
        let steps = try sentence.resolve(for: lesson, context)
        let eosIndex = vocabulary.index(of: Vocabulary.endOfSentence)
        let withEOS = eos ?? (eosIndex != nil)
        if withEOS, eosIndex == nil {
            throw context.error(
                context.block!.kindLocation, "'\(model)' has no <EOS> in its vocabulary; use 'eos: false'")
        }
        let targets = steps.inputs + (withEOS ? [eosIndex!] : [])
        // The notes start a sentence from the zero vector, so the first factor is P(y(1)).
        let inputs = [RNNLanguageModel.noInput] + targets.dropLast()
        let trace = lesson.model.pass(source: inputs, target: [], initial: nil)
        let factors = zip(trace.probabilities, targets).map { $0[$1] }
        let logProbability = factors.reduce(0) { $0 + Elementary.log($1) }
        let perplexity = Elementary.exp(-logProbability / Double(factors.count))
        context.namespace.define(
            id,
            .record(
                Record([
                    ("tokens", .texts(targets.map { vocabulary.tokens[$0] })),
                    ("factors", .tensor(Tensor(vector: factors))),
                    ("log_probability", .number(logProbability)), ("probability", .number(Elementary.exp(logProbability))),
                    ("perplexity", .number(perplexity)), ("T", .number(Double(factors.count))),
                ])))
        let targetTokens =
            steps.inputTokens.enumerated().map { i, t in
                vocabulary.tokens[steps.inputs[i]] == t ? t : "\(t) → \(vocabulary.tokens[steps.inputs[i]])"
            }
            + (withEOS ? [Vocabulary.endOfSentence] : [])
        return blocks(
            factors, targets: targets, shown: targetTokens, logProbability: logProbability, perplexity: perplexity,
            lesson)
    }

    /// The factors with what each is conditioned on, and the product, log-probability and perplexity.
    func blocks(
        _ factors: [Double], targets: [Int], shown targetTokens: [String], logProbability: Double,
        perplexity: Double, _ lesson: LessonModel
    ) -> [OutputBlock] {
        let vocabulary = lesson.sources
        let joiner = lesson.tokenization == .characters ? "" : " "
        let e = NumberFormat(style: .exponent, precision: 4)
        let rows = factors.indices.map { t -> [[Span]] in
            let context = targets[..<t].map { vocabulary.tokens[$0] }.joined(separator: joiner)
            return [
                [.text("\(t + 1)")], [.code(targetTokens[t])],
                [.text(t == 0 ? "—" : ""), .code(t == 0 ? "" : context)],
                [.text(format.format(factors[t]))], [.text(format.format(-Elementary.log(factors[t])))],
            ]
        }
        return [
            .table(
                OutputTable(
                    caption: [
                        .strong("Probability"), .text(" of a sentence under "), .code(model), .text(": "),
                        .math("P(y^{(1)}, \\dots, y^{(T)}) = \\prod_{t} P(y^{(t)} \\mid y^{(1)}, \\dots, y^{(t-1)})"),
                    ],
                    columns: [
                        .init([.math("t")]), .init([.math("y^{(t)}")], numeric: false),
                        .init([.text("given")], numeric: false),
                        .init([.math("P(y^{(t)} \\mid \\dots)")]), .init([.math("-\\log P")]),
                    ],
                    rows: rows)),
            .paragraph([
                .text("Product: "), .strong(e.format(Elementary.exp(logProbability))), .text("; log-probability "),
                .strong(format.format(logProbability)),
                .text(" over \(factors.count) tokens; perplexity "), .math("\\exp(-\\frac{1}{T}\\log P)"), .text(" = "),
                .strong(format.format(perplexity)), .text("."),
            ]),
        ]
    }
}
