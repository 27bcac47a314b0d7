import RNN

/// `rnn gradient-flow`: how the gradient of the last step's loss reaches earlier hidden states,
/// `‖∂J(T)/∂h(t)‖` for t = T down to 1, with σ_max(W_h): the vanishing and exploding gradient problem.
struct GradientFlowDirective: Directive {
    static let kind = "gradient-flow"
    static let keys = ["model", "models", "format", "plot", "id"] + SequenceSpec.keys

    let models: [String]
    let sequence: SequenceSpec
    let format: NumberFormat
    let plot: Bool
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> GradientFlowDirective? {
        var models: [String] = []
        if a.has("models") {
            for (name, location) in a.strings("models", singleAllowed: true) ?? [] {
                if context.models[name] != nil {
                    models.append(name)
                } else {
                    a.error(
                        location,
                        "no model named '\(name)' is defined above this directive"
                            + didYouMean(name, among: context.models.keys.sorted()))
                }
            }
        } else if let model = context.modelReference(&a) {
            models = [model]
        }
        let sequence = SequenceSpec.read(&a, needsTargets: true)
        let format = a.format() ?? NumberFormat(style: .exponent, precision: 3)
        let plot = a.bool("plot") ?? true
        let id = models.first.flatMap {
            context.resultName(&a, default: models.count == 1 ? "\($0).gradient_flow" : "gradient_flow")
        }
        a.finish()
        guard !a.hasErrors, !models.isEmpty, let sequence, let id else { return nil }
        return GradientFlowDirective(models: models, sequence: sequence, format: format, plot: plot, id: id)
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var series: [Plot.Series] = []
        var fields: [(String, Value)] = []
        var columns: [OutputTable.Column] = [.init([.math("t")])]
        var perModel: [[Double]] = []
        var sigmaText: [Span] = []
        var T = 0
        for name in models {
            let lesson = context.models[name]!
            let steps = try sequence.resolve(for: lesson, context)
            T = steps.targets.count
            let weights = (0..<T).map { $0 == T - 1 ? 1.0 : 0.0 }
            let model = lesson.model
            let pass = model.pass(source: steps.inputs, target: steps.targets, initial: nil)
            let grads = model.backward(pass, target: steps.targets, stepWeights: weights, recordContributions: false)
            // The top layer's forward direction: what the output read at each step.
            let norms = grads.hidden[(model.layers - 1) * model.directions].map(Self.norm)
            let sigma = largestSingularValue(model.parameters[model.recurrentWeightName]!)
            let (what, matrixTeX) = (lesson.cellText, lesson.recurrentWeightTeX)
            T = norms.count
            perModel.append(norms)
            series.append(Plot.Series(name: "\(name) (\(what), σmax \(DirectiveSupport.short(sigma)))", y: norms))
            columns.append(.init([.code(name)]))
            sigmaText += [
                .code(name), .text(" (\(what)): "),
                .math("\\sigma_{\\max}(\(matrixTeX)) = \(NumberFormat.standard.format(sigma))"), .text("; "),
            ]
            let record = Record([
                ("norms", .tensor(Tensor(vector: norms))), ("sigma_max", .number(sigma)),
                ("ratio", .number(norms.first! / norms.last!)), ("T", .number(Double(norms.count))),
            ])
            if models.count == 1 {
                fields = record.fields.map { ($0.name, $0.value) }
            } else {
                fields.append((name, .record(record)))
            }
        }
        context.namespace.define(id, .record(Record(fields)))
        var blocks: [OutputBlock] = [
            .paragraph(
                [
                    .strong("Gradient flow"), .text(": how much the loss of the last step, "), .math("J^{(T)}"),
                    .text(", depends on each earlier hidden state, "),
                    .math("\\lVert \\partial J^{(T)} / \\partial \\mathbf{h}^{(t)} \\rVert"), .text(" for "),
                    .math("T = \(T)"), .text(". "),
                ]
                    + sigmaText.dropLast() + [.text(".")])
        ]
        if plot {
            blocks.append(
                .plot(
                    Plot(
                        title: "‖∂J(T)/∂h(t)‖ by step", xLabel: "t", yLabel: "gradient norm",
                        kind: .lines(series, logY: true))))
        }
        blocks.append(
            .table(
                OutputTable(
                    caption: [
                        .math("\\lVert \\partial J^{(T)} / \\partial \\mathbf{h}^{(t)} \\rVert"),
                        .text(" from the last step back to the first"),
                    ],
                    columns: columns,
                    rows: (0..<T).reversed().map { t in
                        [[.text("\(t + 1)")]] + perModel.map { [[.text(format.format($0[t]))]] }.flatMap { $0 }
                    })))
        return blocks
    }
}
