import RNN

/// `rnn forward`: runs any model on an input sequence and shows its states (the notes' z(t) and h(t); a
/// network's h(t), every gate and the LSTM's cell states), the logits, ŷ(t) and the top-k outputs. A generating
/// shape given no target decodes greedily and shows the steps it took.
struct ForwardDirective: Directive {
    static let kind = "forward"
    static let keys = ["model", "input", "sequence", "show", "top", "format", "id", "live"] + InitialStateSpec.keys
    static let showable = ["z", "h", "logits", "yhat", "top", "gates", "cell"]

    let model: String
    let sequence: SequenceSpec
    let initial: InitialStateSpec
    /// What to show; nil for the default (the notes' model, small by design: h, yhat, top; a network: top).
    let showGiven: [String]?
    let top: Int
    let format: NumberFormat
    let id: String
    /// `live: true`: the HTML handout computes the figure again as the reader types (`LiveFigure`); where it was.
    var live: SourceLocation? = nil

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> ForwardDirective? {
        let model = context.modelReference(&a)
        let sequence = SequenceSpec.read(&a, needsTargets: false)
        let initial = InitialStateSpec.read(&a)
        let show = a.words("show", among: showable)
        let top = a.int("top", in: 1...100) ?? 3
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).forward") }
        let live = a.bool("live") == true ? a.location(of: "live") : nil
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return ForwardDirective(
            model: model, sequence: sequence, initial: initial, showGiven: show, top: top, format: format, id: id,
            live: live)
    }

    /// What one run computed, with the step labels it is shown with.
    struct Run {
        let pass: ModelPass
        let steps: SequenceSpec.Steps
        /// Whether a generating shape decoded its own targets.
        let decoded: Bool
        /// The k most likely outputs of every row.
        let ranked: [ArraySlice<Int>]
        /// The notes' model: shown with the notes' symbols (z, σ, W_h …).
        var notation: Bool { !pass.preActivations.isEmpty }
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let run = try compute(lesson, context)
        let show = showGiven ?? (run.notation ? ["h", "yhat", "top"] : ["top"])
        try check(show, run, lesson, context)
        context.namespace.define(id, record(run, lesson))
        let shown = blocks(show, run, lesson)
        guard let live else { return shown }
        return [.live(try liveFigure(show, run, lesson, shown, at: live, context))]
    }

    func compute(_ lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> Run {
        let model = lesson.model
        var steps = try sequence.resolve(for: lesson, context, shown: (shownPerStep(model), 0))
        let start = try initial.resolve(for: lesson, context)
        var decoded = false
        if model.shape == .oneToMany || model.shape == .encoderDecoder {
            let tokens = model.decode(source: steps.inputs, maxLength: min(context.limits.maxSampleLength, 100)).map(
                \.token)
            steps = SequenceSpec.Steps(
                inputTokens: steps.inputTokens, inputs: steps.inputs,
                targetTokens: tokens.map { model.targets.tokens[$0] }, targets: tokens)
            decoded = true
        }
        let pass = model.pass(steps.input, target: steps.targets, initial: start)
        let k = min(top, model.targets.count)
        let ranked = pass.probabilities.map { p in p.indices.sorted { (p[$0], $1) > (p[$1], $0) }.prefix(k) }
        return Run(pass: pass, steps: steps, decoded: decoded, ranked: ranked)
    }

    /// The numbers a step's rows show (with each row's label) in the tables of `show`.
    func shownPerStep(_ model: any RecurrentModel) -> Int {
        let (H, K) = (model.hiddenSize, model.targets.count)
        let show = showGiven ?? (model is RNNLanguageModel ? ["h", "yhat", "top"] : ["top"])
        return show.reduce(0) { cells, part in
            switch part {
            case "z", "cell": return cells + 1 + H
            case "h": return cells + 1 + model.directions * H
            case "gates": return cells + 1 + model.cell.gates * H
            case "logits", "yhat": return cells + 1 + K
            default: return cells + 1 + 2 * min(top, K)
            }
        }
    }

    /// Each part of `show` must exist for this model.
    func check(_ show: [String], _ run: Run, _ lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) {
        let at = context.block!.kindLocation
        if run.notation, show.contains("gates") || show.contains("cell") {
            throw context.error(
                at,
                "'\(model)' is the notes' vanilla RNN, whose only gate is h(t) itself; gates and cell states are shown for networks defined with 'cell: lstm' or 'cell: gru'"
            )
        }
        if !run.notation, show.contains("z") {
            throw context.error(
                at,
                "'show: z' is the notes' vanilla pre-activation; for '\(model)' show h, gates, cell, logits, yhat or top"
            )
        }
        if show.contains("cell"), run.pass.cellStates.isEmpty {
            throw context.error(at, "'show: cell' needs an LSTM; '\(model)' is \(lesson.summary)")
        }
    }

    /// The results: tokens, states, logits, ŷ, the predictions and their text, and what the model has of z(t),
    /// gates (all, and each on its own: LSTM i f g o, GRU r z n) and cell states.
    func record(_ run: Run, _ lesson: LessonModel) -> Value {
        let (pass, targets) = (run.pass, lesson.targets.tokens)
        let predicted = run.ranked.map { targets[$0.first!] }
        var fields: [(String, Value)] = [
            ("tokens", .texts(run.steps.inputTokens)), ("h", .tensor(Tensor(rows: pass.outputs))),
            ("logits", .tensor(Tensor(rows: pass.logits, columnLabels: targets))),
            ("yhat", .tensor(Tensor(rows: pass.probabilities, columnLabels: targets))),
            ("predicted", .texts(predicted)),
            (
                "text",
                .text(
                    DirectiveSupport.join(
                        predicted.filter { $0 != Vocabulary.endOfSentence }, lesson.targetTokenization))
            ),
            ("T", .number(Double(pass.outputs.count))),
        ]
        if let vectors = run.steps.vectors { fields.append(("x", .tensor(Tensor(rows: vectors)))) }
        if run.notation { fields.append(("z", .tensor(Tensor(rows: pass.preActivations)))) }
        if let start = pass.initial { fields.append(("h0", DirectiveSupport.states(start.hidden))) }
        if let gates = pass.gates.first {
            fields.append(("gates", .tensor(Tensor(rows: gates))))
            let H = lesson.model.hiddenSize
            for (k, gate) in Self.gateNames(lesson.model.cell).enumerated() where lesson.model.cell.gates > 1 {
                fields.append((gate, .tensor(Tensor(rows: gates.map { Array($0[(k * H)..<((k + 1) * H)]) }))))
            }
        }
        if let cells = pass.cellStates.first { fields.append(("c", .tensor(Tensor(rows: cells)))) }
        return .record(Record(fields))
    }

    static func gateNames(_ cell: CellKind) -> [String] {
        switch cell {
        case .lstm: return ["i", "f", "g", "o"]
        case .gru, .gruOriginal: return ["r", "z", "n"]
        case .rnn: return ["h"]
        }
    }

    /// The tables `show` asks for, in its order, with the notes' symbols for the notes' model.
    func blocks(_ show: [String], _ run: Run, _ lesson: LessonModel) -> [OutputBlock] {
        let steps = run.steps
        var intro: [Span] = [.strong("Forward pass"), .text(" of "), .code(self.model), .text(" on ")]
        intro += steps.inputTokens.flatMap { [.code($0), .text(" ")] }
        if run.notation { intro += [.text("("), .math("T = \(steps.inputs.count)"), .text(")")] }
        if run.decoded {
            intro.append(.text("— greedy decoding, each output fed back as the next input: "))
            intro += steps.targetTokens.flatMap { [.code($0), .text(" ")] }
        }
        return [.paragraph(intro)] + show.map { table($0, run, lesson) }
    }

    /// One table of the forward pass: `z`, `h`, `gates`, `cell`, `logits`, `yhat` or `top`.
    func table(_ part: String, _ run: Run, _ lesson: LessonModel) -> OutputBlock {
        let (pass, notes, model) = (run.pass, run.notation, lesson.model)
        let rowInputs = lesson.outputInputs(run.steps)
        let stateTokens = model.shape.generates && model.shape != .languageModel ? rowInputs : run.steps.inputTokens
        let corner: [Span] = notes ? [.math("t"), .text(" · "), .math("x^{(t)}")] : [.math("t"), .text(" · input")]
        let stateLabels = Tables.stepLabels(stateTokens)
        let outputLabels = notes ? stateLabels : Tables.stepLabels(rowInputs)
        let (H, targets) = (model.hiddenSize, model.targets.tokens)
        func matrix(_ caption: [Span], _ labels: [[Span]], _ columns: [[Span]], _ rows: [[Double]]) -> OutputBlock {
            Tables.matrix(
                caption: caption, corner: corner, rowLabels: labels, columnLabels: columns, rows: rows, format: format)
        }
        switch part {
        case "z":
            return matrix(Self.zCaption, stateLabels, Tables.indexLabels(H, symbol: "z"), pass.preActivations)
        case "h":
            return matrix(hiddenCaption(lesson, notes: notes), stateLabels, hiddenLabels(model), pass.outputs)
        case "gates":
            let names = Self.gateNames(model.cell)
            let caption: [Span] = [
                .text("Gate values of layer 1" + (model.directions > 1 ? ", forward direction" : "") + " ("),
                .text(names.joined(separator: ", ")),
                .text(model.cell == .lstm ? ": input, forget, candidate, output)" : ")"),
            ]
            return matrix(caption, stateLabels, names.flatMap { Tables.indexLabels(H, symbol: $0) }, pass.gates[0])
        case "cell":
            let caption: [Span] = [
                .text("Cell states of layer 1 "),
                .math(
                    "\\mathbf{c}^{(t)} = \\mathbf{f}^{(t)} \\odot \\mathbf{c}^{(t-1)} + \\mathbf{i}^{(t)} \\odot \\mathbf{g}^{(t)}"
                ),
            ]
            return matrix(caption, stateLabels, Tables.indexLabels(H, symbol: "c"), pass.cellStates[0])
        case "logits":
            let formula =
                notes ? "\\mathbf{U}\\mathbf{h}^{(t)} + \\mathbf{b}_2" : "\\mathbf{U}\\mathbf{h} + \\mathbf{b}_2"
            return matrix([.text("Logits "), .math(formula)], outputLabels, Tables.tokenLabels(targets), pass.logits)
        case "yhat":
            return matrix(
                Self.yhatCaption(notes: notes), outputLabels, Tables.tokenLabels(targets), pass.probabilities)
        default:
            return topTable(
                ranked: run.ranked, probabilities: pass.probabilities, labels: outputLabels, tokens: targets,
                corner: corner,
                caption: (notes ? "Most likely next tokens" : "Most likely outputs")
                    + " (top \(run.ranked.first?.count ?? 0))")
        }
    }

    static let zCaption: [Span] = [
        .text("Pre-activations "),
        .math(
            "\\mathbf{z}^{(t)} = \\mathbf{W}_h \\mathbf{h}^{(t-1)} + \\mathbf{W}_e \\mathbf{e}^{(t)} + \\mathbf{b}_1"),
    ]

    func hiddenCaption(_ lesson: LessonModel, notes: Bool) -> [Span] {
        if notes, case .rnn(let activation) = lesson.model.cell {
            return [
                .text("Hidden states "), .math("\\mathbf{h}^{(t)} = \\sigma(\\mathbf{z}^{(t)})"), .text(", "),
                .math("\\sigma = " + Tables.activationTeX(activation)),
            ]
        }
        let bidirectional = lesson.model.directions > 1
        return [
            .text("Hidden states " + (lesson.model.layers > 1 ? " of the top layer" : "")),
            .math(
                bidirectional
                    ? "[\\overrightarrow{\\mathbf{h}}^{(t)}; \\overleftarrow{\\mathbf{h}}^{(t)}]" : "\\mathbf{h}^{(t)}"),
        ]
    }

    func hiddenLabels(_ model: any RecurrentModel) -> [[Span]] {
        let H = model.hiddenSize
        guard model.directions > 1 else { return Tables.indexLabels(H, symbol: "h") }
        return Tables.indexLabels(H, symbol: "\\overrightarrow{h}")
            + Tables.indexLabels(H, symbol: "\\overleftarrow{h}")
    }

    static func yhatCaption(notes: Bool) -> [Span] {
        guard notes else {
            return [
                .text("Output distributions "),
                .math("\\hat{\\mathbf{y}} = \\operatorname{softmax}(\\mathbf{U}\\mathbf{h} + \\mathbf{b}_2)"),
            ]
        }
        return [
            .text("Output distributions "),
            .math("\\hat{\\mathbf{y}}^{(t)} = \\operatorname{softmax}(\\mathbf{U}\\mathbf{h}^{(t)} + \\mathbf{b}_2)"),
            .text(": row t is "), .math("P(x^{(t+1)} \\mid x^{(1)}, \\dots, x^{(t)})"),
        ]
    }

    /// The k most likely outputs of every row with their probabilities.
    func topTable(
        ranked: [ArraySlice<Int>], probabilities: [[Double]], labels: [[Span]], tokens: [String], corner: [Span],
        caption: String
    ) -> OutputBlock {
        let k = ranked.first?.count ?? 0
        var columns: [OutputTable.Column] = [.init(corner, numeric: false)]
        for r in 0..<k { columns += [.init([.text("#\(r + 1)")], numeric: false), .init([.text("p")])] }
        let rows = ranked.enumerated().map { t, best -> [[Span]] in
            [labels[t]]
                + best.flatMap { i -> [[Span]] in [[.code(Plot.shown(tokens[i]))], [.text(format.format(probabilities[t][i]))]] }
        }
        return .table(OutputTable(caption: [.text(caption)], columns: columns, rows: rows))
    }
}
