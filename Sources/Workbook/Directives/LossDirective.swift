import Foundation
import RNN

/// `rnn loss`: the per-step cross-entropy `J(t) = -log ŷ(t)[x(t+1)]`, the sequence loss (mean as in the notes,
/// or sum as min-char-rnn) and the perplexity `exp(mean J(t))`.
struct LossDirective: Directive {
    static let kind = "loss"
    static let keys = ["model", "reduction", "format", "id"] + SequenceSpec.keys + InitialStateSpec.keys

    let model: String
    let sequence: SequenceSpec
    let initial: InitialStateSpec
    let reduction: LossReduction
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> LossDirective? {
        let model = context.modelReference(&a)
        let sequence = SequenceSpec.read(&a, needsTargets: true)
        let initial = InitialStateSpec.read(&a)
        let reduction =
            a.choice("reduction", of: LossReduction.self)
            ?? .mean
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).loss") }
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return LossDirective(
            model: model, sequence: sequence, initial: initial, reduction: reduction, format: format, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lessonModel = context.models[model]!
        let steps = try sequence.resolve(for: lessonModel, context)
        let (probabilities, losses) = lessonModel.stepLosses(
            steps, initial: try initial.resolve(for: lessonModel, context))
        let rowInputs = lessonModel.outputInputs(steps)
        let pTarget = zip(probabilities, steps.targets).map { $0[$1] }
        let mean = LossReduction.mean.combine(losses)
        let sum = LossReduction.sum.combine(losses)
        let loss = reduction.combine(losses)
        context.namespace.define(
            id,
            .record(
                Record([
                    ("inputs", .texts(steps.inputTokens)), ("targets", .texts(steps.targetTokens)),
                    ("J", .tensor(Tensor(vector: losses))), ("p_target", .tensor(Tensor(vector: pTarget))),
                    ("mean", .number(mean)), ("sum", .number(sum)), ("loss", .number(loss)),
                    ("perplexity", .number(Elementary.exp(mean))), ("T", .number(Double(losses.count))),
                ])))
        let rows = losses.indices.map { t -> [[Span]] in
            [
                [.text("\(t + 1)")], [.code(rowInputs[t])], [.code(steps.targetTokens[t])],
                [.text(format.format(pTarget[t]))], [.text(format.format(losses[t]))],
            ]
        }
        let lossFormula = DirectiveSupport.lossTeX(reduction, argument: "(\\theta)")
        return [
            .table(
                OutputTable(
                    caption: [
                        .strong("Loss"), .text(" of "), .code(model), .text(" per step"),
                        .text(
                            sequence.teacherForcing
                                ? " (teacher forcing: the target of step t is the true next token)" : ""),
                    ],
                    columns: [
                        .init([.math("t")]), .init([.text("input "), .math("x^{(t)}")], numeric: false),
                        .init([.text("target "), .math("y^{(t)}")], numeric: false),
                        .init([.math("\\hat{y}^{(t)}_{y^{(t)}}")]),
                        .init([.math("J^{(t)} = -\\log \\hat{y}^{(t)}_{y^{(t)}}")]),
                    ],
                    rows: rows)),
            .paragraph([
                .math(lossFormula), .text(" = "), .strong(format.format(loss)), .text(" over "),
                .math("T = \(losses.count)"),
                .text(" steps; perplexity "), .math("\\exp\\big(\\frac{1}{T}\\sum_t J^{(t)}\\big)"), .text(" = "),
                .strong(format.format(Elementary.exp(mean))), .text("."),
            ]),
        ]
    }
}
