import RNN

/// `rnn forward`: runs a model on an input sequence and shows h(t), the logits, ŷ(t) and the top-k next tokens.
struct ForwardDirective: Directive {
    static let kind = "forward"
    static let keys = ["model", "input", "sequence", "h0", "show", "top", "format", "id"]
    static let showable = ["z", "h", "logits", "yhat", "top", "gates", "cell"]

    let model: String
    let sequence: SequenceSpec
    let h0: ([Double], SourceLocation)?
    /// What to show; nil for the default (the notes' model: h, yhat, top; a network: top).
    var showGiven: [String]?
    var show: [String] { showGiven ?? ["h", "yhat", "top"] }
    let top: Int
    let format: NumberFormat
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> ForwardDirective? {
        let model = context.modelReference(&a)
        let sequence = SequenceSpec.read(&a, needsTargets: false)
        let h0 = a.numbers("h0")
        let show = a.words("show", among: showable)
        let top = a.int("top", in: 1...100) ?? 3
        let format = a.format() ?? .standard
        let id = model.flatMap { context.resultName(&a, default: "\($0).forward") }
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return ForwardDirective(
            model: model, sequence: sequence, h0: h0, showGiven: show, top: top, format: format, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lessonModel = context.models[model]!
        if case .network(let net) = lessonModel.engine {
            var forNetwork = self
            forNetwork.showGiven = showGiven ?? ["top"]
            return try forNetwork.executeNetwork(lessonModel, net, &context)
        }
        let rnn = try context.notesModel(model, for: "forward", instead: "")
        if show.contains("gates") || show.contains("cell") {
            throw context.error(
                context.block!.kindLocation,
                "'\(model)' is the notes' vanilla RNN, whose only gate is h(t) itself; gates and cell states are shown for networks defined with 'cell: lstm' or 'cell: gru'"
            )
        }
        let steps = try sequence.resolve(for: lessonModel, context)
        if let (values, location) = h0, values.count != rnn.hiddenSize {
            throw context.error(
                location,
                "'h0' must have \(rnn.hiddenSize) numbers (the hidden size of '\(model)'), got \(values.count)")
        }
        let trace = rnn.forward(steps.inputs, h0: h0?.0)
        let vocabulary = rnn.vocabulary.tokens
        let k = min(top, vocabulary.count)
        let ranked = trace.probabilities.map { p in p.indices.sorted { (p[$0], $1) > (p[$1], $0) }.prefix(k) }
        context.namespace.define(
            id,
            .record(
                Record([
                    ("tokens", .texts(steps.inputTokens)),
                    ("z", .tensor(Tensor(rows: trace.preActivations))),
                    ("h", .tensor(Tensor(rows: trace.hidden))),
                    ("logits", .tensor(Tensor(rows: trace.logits, columnLabels: vocabulary))),
                    ("yhat", .tensor(Tensor(rows: trace.probabilities, columnLabels: vocabulary))),
                    ("predicted", .texts(ranked.map { vocabulary[$0.first!] })),
                    ("h0", .tensor(Tensor(vector: trace.h0))),
                    ("T", .number(Double(steps.inputs.count))),
                ])))

        let stepLabels = Tables.stepLabels(steps.inputTokens)
        let corner: [Span] = [.math("t"), .text(" · "), .math("x^{(t)}")]
        var blocks: [OutputBlock] = [
            .paragraph(
                [.strong("Forward pass"), .text(" of "), .code(model), .text(" on ")]
                    + steps.inputTokens.flatMap { [.code($0), .text(" ")] } + [
                        .text("("), .math("T = \(steps.inputs.count)"), .text(")"),
                    ])
        ]
        for part in show {
            switch part {
            case "z":
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Pre-activations "),
                            .math(
                                "\\mathbf{z}^{(t)} = \\mathbf{W}_h \\mathbf{h}^{(t-1)} + \\mathbf{W}_e \\mathbf{e}^{(t)} + \\mathbf{b}_1"
                            ),
                        ],
                        corner: corner, rowLabels: stepLabels,
                        columnLabels: Tables.indexLabels(rnn.hiddenSize, symbol: "z"),
                        rows: trace.preActivations, format: format))
            case "h":
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Hidden states "), .math("\\mathbf{h}^{(t)} = \\sigma(\\mathbf{z}^{(t)})"),
                            .text(", "), .math("\\sigma = " + Tables.activationTeX(rnn.activation)),
                        ],
                        corner: corner, rowLabels: stepLabels,
                        columnLabels: Tables.indexLabels(rnn.hiddenSize, symbol: "h"),
                        rows: trace.hidden, format: format))
            case "logits":
                blocks.append(
                    Tables.matrix(
                        caption: [.text("Logits "), .math("\\mathbf{U}\\mathbf{h}^{(t)} + \\mathbf{b}_2")],
                        corner: corner, rowLabels: stepLabels, columnLabels: Tables.tokenLabels(vocabulary),
                        rows: trace.logits, format: format))
            case "yhat":
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Output distributions "),
                            .math(
                                "\\hat{\\mathbf{y}}^{(t)} = \\operatorname{softmax}(\\mathbf{U}\\mathbf{h}^{(t)} + \\mathbf{b}_2)"
                            ), .text(": row t is "), .math("P(x^{(t+1)} \\mid x^{(1)}, \\dots, x^{(t)})"),
                        ],
                        corner: corner, rowLabels: stepLabels, columnLabels: Tables.tokenLabels(vocabulary),
                        rows: trace.probabilities, format: format))
            default:
                blocks.append(
                    topTable(
                        ranked: ranked, probabilities: trace.probabilities, labels: stepLabels, tokens: vocabulary,
                        corner: corner, caption: "Most likely next tokens (top \(k))"))
            }
        }
        return blocks
    }
}
