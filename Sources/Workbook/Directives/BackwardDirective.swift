import RNN

/// `rnn backward`: backpropagation through time, for any model. Shows ‖∂J/∂θ‖ for every parameter and
/// ‖∂J/∂h(t)‖ for every step; `show` prints whole gradient matrices. Results hold every gradient under its
/// parameter's name, ∂J/∂h(t) per layer, ∂J/∂h0 (∂J/∂c0), and for the notes' model each step's contribution to
/// ∂J/∂W_h.
struct BackwardDirective: Directive {
    static let kind = "backward"
    static let keys = ["model", "reduction", "dh", "show", "format", "id"] + SequenceSpec.keys + InitialStateSpec.keys

    let model: String
    let sequence: SequenceSpec
    let initial: InitialStateSpec
    let reduction: LossReduction
    /// `dh:` — the upstream gradient ∂L/∂h(t) of every step, given instead of a loss over targets.
    var upstream: (MatrixSpec, SourceLocation)? = nil
    let show: [(String, SourceLocation)]
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> BackwardDirective? {
        let model = context.modelReference(&a)
        let upstream = MatrixSpec.read("dh", &a)
        let sequence = SequenceSpec.read(&a, needsTargets: upstream == nil && !a.has("dh"))
        let initial = InitialStateSpec.read(&a)
        let reduction =
            a.choice("reduction", of: LossReduction.self)
            ?? .mean
        if a.has("dh") {
            for key in ["target", "reduction"] where a.has(key) {
                a.error(
                    a.location(of: key),
                    "'dh' gives the gradient ∂L/∂h(t) itself, so there is no loss over targets: leave out '\(key)'")
            }
        }
        let show = a.strings("show", singleAllowed: true) ?? []
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).backward") }
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return BackwardDirective(
            model: model, sequence: sequence, initial: initial, reduction: reduction, upstream: upstream, show: show,
            format: format, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let shown = try shownParameters(lesson.model.parameters.names, context)
        let gradientCells = shown.reduce(0) { $0 + (lesson.model.parameters[$1]?.count ?? 0) }
        let steps = try sequence.resolve(for: lesson, context, backward: true, shown: (0, gradientCells))
        let pass = lesson.model.pass(
            steps.input, target: steps.targets, initial: try initial.resolve(for: lesson, context))
        let stateTokensShown =
            lesson.shape.generates && lesson.shape != .languageModel ? lesson.outputInputs(steps) : steps.inputTokens
        if let (given, location) = upstream {
            let width = lesson.model.hiddenSize * lesson.model.directions
            let rows = try given.resolve(key: "dh", width: width, at: location, context) { step, count in
                "row \(step) of 'dh' has \(count) numbers; ∂L/∂h(t) of '\(model)' has \(width)"
                    + (width == lesson.model.hiddenSize ? "" : " (H for each direction, side by side)")
            }
            guard rows.count == pass.outputs.count else {
                throw context.error(
                    location,
                    "'dh' has \(rows.count) rows but the input has \(pass.outputs.count) steps; give ∂L/∂h(t) for each")
            }
            let grads = lesson.model.backward(pass, upstream: rows)
            let (results, norms) = record(grads, loss: nil, lesson.model)
            context.namespace.define(id, results)
            return blocks(grads, lesson, stateTokens: stateTokensShown, norms: norms, shown: shown, upstream: true)
        }
        let H = lesson.model.hiddenSize
        // Each step's contribution to ∂J/∂W_h is T·H² numbers: kept only while that fits maxParameters.
        let recordsContributions = pass.inputs.count * H * H <= context.limits.maxParameters
        let losses = pass.stepLosses(target: steps.targets)
        let grads = lesson.model.backward(
            pass, target: steps.targets, stepWeights: reduction.stepWeights(count: losses.count),
            recordContributions: recordsContributions)
        let (results, norms) = record(grads, loss: reduction.combine(losses), lesson.model)
        context.namespace.define(id, results)
        return blocks(grads, lesson, stateTokens: stateTokensShown, norms: norms, shown: shown)
    }

    /// The parameters `show` names (`all`: every one), each checked against the model's.
    func shownParameters(_ names: [String], _ context: ExecutionContext) throws(Diagnostic) -> [String] {
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
        return shown
    }

    /// The results: the loss, every parameter's gradient under its name, ∂J/∂h(t) of the top layer (both
    /// directions side by side) and of every layer (`dh_l1`, …), their norms, ∂J/∂h0 (and ∂J/∂c0), and for the
    /// notes' model each step's contribution to ∂J/∂W_h. Also returns ‖∂J/∂h(t)‖ of the top layer, for the
    /// table (each layer's T × D·H gradients are copied once: at H = 1500 over 20,000 steps a copy is 240 MB).
    func record(_ grads: ModelGradients, loss: Double?, _ model: any RecurrentModel) -> (Value, norms: [Double]) {
        var fields: [(String, Value)] = loss.map { [("loss", .number($0))] } ?? []
        for p in grads.parameters.items {
            fields.append(
                (p.name.replacingOccurrences(of: ".", with: "_"), Tables.value(of: p, vocabulary: model.targets.tokens))
            )
        }
        let H = model.hiddenSize
        if !grads.recurrentContributions.isEmpty {
            fields.append(
                (
                    "W_h_at",
                    .tensor(Tensor(stack: grads.recurrentContributions.map(\.values), rows: H, cols: H))
                ))
        }
        let layers = (0..<model.layers).map { layerGradients(grads, layer: $0, model) }
        let norms = layers.last!.map(DirectiveSupport.norm)
        fields += [
            ("dh", .tensor(Tensor(rows: layers.last!))),
            ("dh_norm", .tensor(Tensor(vector: norms))),
            ("dh0", DirectiveSupport.states(grads.initialHidden)),
        ]
        if model.layers > 1 {
            for (l, rows) in layers.enumerated() { fields.append(("dh_l\(l + 1)", .tensor(Tensor(rows: rows)))) }
        }
        if !grads.initialCell.isEmpty { fields.append(("dc0", DirectiveSupport.states(grads.initialCell))) }
        if !grads.inputs.isEmpty {
            // Saliency: how much J depends on each input, ‖∂J/∂x(t)‖ (with `reduction: last`, of the last output).
            fields.append(("dx", .tensor(Tensor(rows: grads.inputs))))
            fields.append(("saliency", .tensor(Tensor(vector: grads.inputs.map(DirectiveSupport.norm)))))
        }
        return (.record(Record(fields)), norms)
    }

    /// ∂J/∂h(t) of one layer, both directions side by side (T × D·H).
    func layerGradients(_ grads: ModelGradients, layer: Int, _ model: any RecurrentModel) -> [[Double]] {
        let cells = (0..<model.directions).map { grads.hidden[layer * model.directions + $0] }
        return cells[0].indices.map { t in cells.flatMap { $0[t] } }
    }

    /// The norms of every parameter's gradient, ‖∂J/∂h(t)‖ of the top layer at every step, and the gradients
    /// `show` names in full.
    func blocks(
        _ grads: ModelGradients, _ lesson: LessonModel, stateTokens: [String], norms: [Double], shown: [String],
        upstream: Bool = false
    ) -> [OutputBlock] {
        let model = lesson.model
        let layerText = model.layers > 1 ? " of the top layer" : ""
        var blocks: [OutputBlock] = [
            .table(
                OutputTable(
                    caption: upstream
                        ? [
                            .strong("Gradients"), .text(" for "), .code(self.model),
                            .text(" by backpropagation through time from the given "),
                            .math("\\partial J / \\partial \\mathbf{h}^{(t)}"),
                            .text(" (the output layer takes no part)"),
                        ]
                        : [
                            .strong("Gradients"), .text(" of "),
                            .math(DirectiveSupport.lossTeX(reduction)),
                            .text(" for "), .code(self.model), .text(" by backpropagation through time"),
                        ],
                    columns: [
                        .init([.text("parameter")], numeric: false), .init([.text("shape")], numeric: false),
                        .init([.math("\\lVert \\partial J / \\partial \\theta \\rVert")]),
                    ],
                    rows: grads.parameters.items.map { p in
                        [
                            [Tables.label(p.name)], [.text("\(p.value.rows) × \(p.value.cols)")],
                            [.text(format.format(DirectiveSupport.norm(p.value.values)))],
                        ]
                    })),
            .table(
                OutputTable(
                    caption: [
                        .text("How much each hidden state\(layerText) matters: "),
                        .math("\\lVert \\partial J / \\partial \\mathbf{h}^{(t)} \\rVert"), .text(" (through "),
                        upstream ? .text("the given gradient") : .math("\\hat{\\mathbf{y}}^{(t)}"),
                        .text(" and through "), .math("\\mathbf{h}^{(t+1)}"), .text(")"),
                    ],
                    columns: [
                        .init([.math("t")], numeric: false), .init([.math("x^{(t)}")], numeric: false),
                        .init([.math("\\lVert \\partial J / \\partial \\mathbf{h}^{(t)} \\rVert")]),
                    ],
                    rows: norms.indices.map { t in
                        [
                            [.text("\(t + 1)")], [.code(stateTokens[t])],
                            [.text(format.format(norms[t]))],
                        ]
                    })),
        ]
        for name in shown {
            blocks.append(
                Tables.parameter(
                    name, grads.parameters[name]!, vocabulary: model.targets.tokens,
                    caption: [.math("\\partial J / \\partial " + Tables.symbol(name))], format: format))
        }
        return blocks
    }

}
