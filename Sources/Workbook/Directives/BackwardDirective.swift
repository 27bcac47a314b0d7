import RNN

/// `rnn backward`: backpropagation through time. Shows ‖∂J/∂θ‖ for every parameter and ‖∂J/∂h(t)‖ for every
/// step; `show` prints whole gradient matrices. Results include each step's contribution to ∂J/∂W_h.
struct BackwardDirective: Directive {
    static let kind = "backward"
    static let keys = ["model", "reduction", "show", "format", "id"] + SequenceSpec.keys

    let model: String
    let sequence: SequenceSpec
    let reduction: LossReduction
    let show: [(String, SourceLocation)]
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> BackwardDirective? {
        let model = context.modelReference(&a)
        let sequence = SequenceSpec.read(&a, needsTargets: true)
        let reduction =
            a.choice("reduction", among: LossReduction.allCases.map(\.rawValue)).flatMap(LossReduction.init(rawValue:))
            ?? .mean
        let show = a.strings("show", singleAllowed: true) ?? []
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).backward") }
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return BackwardDirective(
            model: model, sequence: sequence, reduction: reduction, show: show, format: format, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lessonModel = context.models[model]!
        let rnn = try context.notesModel(
            model, for: "backward",
            instead: "'gradcheck' checks its gradients and 'gradient-flow' shows ∂J/∂h(t)")
        let names = rnn.parameters.names
        var shown: [String] = []
        for (name, location) in show {
            if name == "all" {
                shown = names
            } else if names.contains(name) {
                shown.append(name)
            } else {
                throw context.error(
                    location,
                    "'\(model)' has no parameter '\(name)'" + didYouMean(name, among: names) + "; it has "
                        + names.joined(separator: ", "))
            }
        }
        let steps = try sequence.resolve(for: lessonModel, context)
        let trace = rnn.forward(steps.inputs)
        let T = steps.inputs.count
        // Each step's contribution to ∂J/∂W_h is T·H² numbers: kept only while that fits maxParameters.
        let recordsContributions = T * rnn.hiddenSize * rnn.hiddenSize <= context.limits.maxParameters
        let grads = rnn.backward(
            trace, targets: steps.targets, stepWeights: reduction.stepWeights(count: T),
            recordContributions: recordsContributions)
        let vocabulary = rnn.vocabulary.tokens
        var fields: [(String, Value)] = [
            ("loss", .number(reduction.combine(RNNLanguageModel.stepLosses(trace, targets: steps.targets))))
        ]
        for p in grads.parameters.items { fields.append((p.name, Tables.value(of: p, vocabulary: vocabulary))) }
        let H = rnn.hiddenSize
        if recordsContributions {
            fields.append(
                ("W_h_at", .tensor(Tensor(stack: grads.recurrentWeightContributions.map(\.values), rows: H, cols: H))))
        }
        fields += [
            ("dh", .tensor(Tensor(rows: grads.hidden))),
            ("dh_norm", .tensor(Tensor(vector: grads.hidden.map(norm)))),
            ("dh0", .tensor(Tensor(vector: grads.initialHidden))),
        ]
        context.namespace.define(id, .record(Record(fields)))

        var blocks: [OutputBlock] = [
            .table(
                OutputTable(
                    caption: [
                        .strong("Gradients"), .text(" of "),
                        .math(reduction == .mean ? "J = \\frac{1}{T}\\sum_t J^{(t)}" : "J = \\sum_t J^{(t)}"),
                        .text(" for "), .code(model), .text(" by backpropagation through time"),
                    ],
                    columns: [
                        .init([.text("parameter")], numeric: false), .init([.text("shape")], numeric: false),
                        .init([.math("\\lVert \\partial J / \\partial \\theta \\rVert")]),
                    ],
                    rows: grads.parameters.items.map { p in
                        [
                            [.math(Tables.symbol(p.name))], [.text("\(p.value.rows) × \(p.value.cols)")],
                            [.text(format.format(norm(p.value.values)))],
                        ]
                    })),
            .table(
                OutputTable(
                    caption: [
                        .text("How much each hidden state matters: "),
                        .math("\\lVert \\partial J / \\partial \\mathbf{h}^{(t)} \\rVert"), .text(" (through "),
                        .math("\\hat{\\mathbf{y}}^{(t)}"), .text(" and through "), .math("\\mathbf{h}^{(t+1)}"),
                        .text(")"),
                    ],
                    columns: [
                        .init([.math("t")], numeric: false), .init([.math("x^{(t)}")], numeric: false),
                        .init([.math("\\lVert \\partial J / \\partial \\mathbf{h}^{(t)} \\rVert")]),
                    ],
                    rows: (0..<T).map { t in
                        [
                            [.text("\(t + 1)")], [.code(steps.inputTokens[t])],
                            [.text(format.format(norm(grads.hidden[t])))],
                        ]
                    })),
        ]
        for name in shown {
            blocks.append(
                Tables.parameter(
                    name, grads.parameters[name]!, vocabulary: vocabulary,
                    caption: [.math("\\partial J / \\partial " + Tables.symbol(name))], format: format))
        }
        return blocks
    }

    private func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
