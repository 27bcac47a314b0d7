import RNN

/// `rnn gradient-flow`: how the gradient of the last step's loss reaches earlier hidden states,
/// `‖∂J(T)/∂h(t)‖` for t = T down to 1, with σ_max(W_h): the vanishing and exploding gradient problem.
struct GradientFlowDirective: Directive {
    static let kind = "gradient-flow"
    static let float: LabelKind? = .figure
    static let keys = ["model", "models", "format", "plot", "id", "live"] + SequenceSpec.keys

    let models: [String]
    let sequence: SequenceSpec
    let format: NumberFormat
    let plot: Bool
    let id: String
    /// `live: true`: the HTML handout computes the flow again as the reader scales W_h or types (`LiveFigure`).
    var live: SourceLocation? = nil

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> GradientFlowDirective? {
        var models: [String] = []
        if a.has("models") {
            for (name, location) in a.strings("models", singleAllowed: true) ?? [] {
                if context.models[name] != nil {
                    models.append(name)
                    a.declareRead(name)
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
        let live = a.bool("live") == true ? a.location(of: "live") : nil
        a.finish()
        guard !a.hasErrors, !models.isEmpty, let sequence, let id else { return nil }
        return GradientFlowDirective(
            models: models, sequence: sequence, format: format, plot: plot, id: id, live: live)
    }

    /// One model's ‖∂J(T)/∂h(t)‖ at every step, and the largest singular value of its recurrent matrix.
    struct Flow {
        let name: String
        let norms: [Double]
        let sigma: Double
        /// The cell as named ("tanh", "LSTM") and the recurrent matrix in TeX.
        let what: String
        let matrixTeX: String
        /// Whether the model read the zero vector first.
        var zeroFirst = false
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var flows: [Flow] = []
        for name in models { flows.append(try flow(name, context)) }
        let records = flows.map { f in
            Record([
                ("norms", .tensor(Tensor(vector: f.norms))), ("sigma_max", .number(f.sigma)),
                ("ratio", .number(f.norms.first! / f.norms.last!)), ("T", .number(Double(f.norms.count))),
            ])
        }
        let fields: [(String, Value)] =
            models.count == 1
            ? records[0].fields.map { ($0.name, $0.value) } : zip(flows, records).map { ($0.name, .record($1)) }
        context.namespace.define(id, .record(Record(fields)))
        guard let live else { return blocks(flows) }
        return [.live(try liveFigure(flows, blocks(flows), at: live, context))]
    }

    /// BPTT of the last step's loss alone, J(T), through `name`: the norm of ∂J(T)/∂h(t) of the top layer's
    /// forward direction (what the output read) at every step.
    func flow(_ name: String, _ context: ExecutionContext) throws(Diagnostic) -> Flow {
        let lesson = context.models[name]!
        let steps = try sequence.resolve(for: lesson, context, backward: true)
        let T = steps.targets.count
        let weights = (0..<T).map { $0 == T - 1 ? 1.0 : 0.0 }
        let model = lesson.model
        let pass = model.pass(steps.input, target: steps.targets, initial: nil)
        let grads = model.backward(pass, target: steps.targets, stepWeights: weights, recordContributions: false)
        return Flow(
            name: name, norms: grads.hidden[(model.layers - 1) * model.directions].map(DirectiveSupport.norm),
            sigma: largestSingularValue(model.parameters[model.recurrentWeightName]!), what: lesson.cellText,
            matrixTeX: lesson.recurrentWeightTeX, zeroFirst: steps.zeroFirst)
    }

    func blocks(_ flows: [Flow]) -> [OutputBlock] {
        let T = flows.last?.norms.count ?? 0
        let sigmaText = flows.flatMap { f -> [Span] in
            [
                .code(f.name), .text(" (\(f.what)): "),
                .math("\\sigma_{\\max}(\(f.matrixTeX)) = \(NumberFormat.standard.format(f.sigma))"), .text("; "),
            ]
        }
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
            let series = flows.map {
                Plot.Series(name: "\($0.name) (\($0.what), σmax \(DirectiveSupport.short($0.sigma)))", y: $0.norms)
            }
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
                    columns: [.init([.math("t")])] + flows.map { .init([.code($0.name)]) },
                    rows: (0..<T).reversed().map { t in
                        [[.text("\(t + 1)")]] + flows.map { [.text(format.format($0.norms[t]))] }
                    })))
        return blocks
    }
}
