import RNN

/// `rnn forward` on a network: its states, the LSTM's cell states and every gate, and the outputs; a generating
/// shape given no target decodes greedily and shows the steps it took.
extension ForwardDirective {
    func executeNetwork(
        _ lesson: LessonModel, _ net: SequenceModel, _ context: inout ExecutionContext
    ) throws(Diagnostic) -> [OutputBlock] {
        if let (_, location) = h0 {
            throw context.error(location, "'h0' is for the notes' vanilla model; '\(model)' is \(lesson.summary)")
        }
        if show.contains("z") {
            throw context.error(
                context.block!.kindLocation,
                "'show: z' is the notes' vanilla pre-activation; for '\(model)' show h, gates, cell, logits, yhat or top"
            )
        }
        var steps = try sequence.resolve(for: lesson, context)
        let c = net.configuration
        var decoded = false
        if c.shape == .oneToMany || c.shape == .encoderDecoder {
            var config = SamplingConfiguration(length: min(context.limits.maxSampleLength, 100))
            config.greedy = true
            config.stopToken = net.targets.index(of: Vocabulary.endOfSentence)
            let tokens = net.generate(source: steps.inputs, config).map(\.token)
            steps = SequenceSpec.Steps(
                inputTokens: steps.inputTokens, inputs: steps.inputs,
                targetTokens: tokens.map { net.targets.tokens[$0] }, targets: tokens)
            decoded = true
        }
        let trace = net.forward(source: steps.inputs, target: steps.targets)
        let targets = net.targets.tokens
        let rowInputs = lesson.outputInputs(steps)
        let k = min(top, targets.count)
        let ranked = trace.probabilities.map { p in p.indices.sorted { (p[$0], $1) > (p[$1], $0) }.prefix(k) }
        let stateTokens = c.shape.generates && c.shape != .languageModel ? rowInputs : steps.inputTokens
        let H = c.hidden
        let gates = trace.network.gates()
        let cells = c.cell == .lstm ? trace.network.cellStates() : []
        var fields: [(String, Value)] = [
            ("tokens", .texts(steps.inputTokens)), ("h", .tensor(Tensor(rows: trace.network.outputs))),
            ("logits", .tensor(Tensor(rows: trace.logits, columnLabels: targets))),
            ("yhat", .tensor(Tensor(rows: trace.probabilities, columnLabels: targets))),
            ("predicted", .texts(ranked.map { targets[$0.first!] })),
            (
                "text",
                .text(
                    CorpusDirective.join(
                        ranked.map { targets[$0.first!] }.filter { $0 != Vocabulary.endOfSentence },
                        lesson.targetTokenization))
            ),
            ("gates", .tensor(Tensor(rows: gates))), ("T", .number(Double(trace.network.outputs.count))),
        ]
        if !cells.isEmpty { fields.append(("c", .tensor(Tensor(rows: cells)))) }
        // Each gate on its own (LSTM i f g o, GRU r z n), T × H.
        for (k, gate) in Self.gateNames(c.cell).enumerated() where c.cell.gates > 1 {
            fields.append((gate, .tensor(Tensor(rows: gates.map { Array($0[(k * H)..<((k + 1) * H)]) }))))
        }
        context.namespace.define(id, .record(Record(fields)))

        var intro: [Span] = [.strong("Forward pass"), .text(" of "), .code(model), .text(" on ")]
        intro += steps.inputTokens.flatMap { [.code($0), .text(" ")] }
        if decoded {
            intro.append(.text("— greedy decoding, each output fed back as the next input: "))
            intro += steps.targetTokens.flatMap { [.code($0), .text(" ")] }
        }
        var blocks: [OutputBlock] = [.paragraph(intro)]
        let corner: [Span] = [.math("t"), .text(" · input")]
        let stateLabels = Tables.stepLabels(stateTokens)
        let outputLabels = Tables.stepLabels(rowInputs)
        let layerText = c.layers > 1 ? " of the top layer" : ""
        for part in show {
            switch part {
            case "h":
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Hidden states " + layerText),
                            .math(
                                c.bidirectional
                                    ? "[\\overrightarrow{\\mathbf{h}}^{(t)}; \\overleftarrow{\\mathbf{h}}^{(t)}]"
                                    : "\\mathbf{h}^{(t)}"),
                        ],
                        corner: corner, rowLabels: stateLabels,
                        columnLabels: c.bidirectional
                            ? Tables.indexLabels(H, symbol: "\\overrightarrow{h}")
                                + Tables.indexLabels(H, symbol: "\\overleftarrow{h}")
                            : Tables.indexLabels(H, symbol: "h"),
                        rows: trace.network.outputs, format: format))
            case "gates":
                let names = Self.gateNames(c.cell)
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Gate values of layer 1" + (c.bidirectional ? ", forward direction" : "") + " ("),
                            .text(names.joined(separator: ", ")),
                            .text(c.cell == .lstm ? ": input, forget, candidate, output)" : ")"),
                        ],
                        corner: corner, rowLabels: stateLabels,
                        columnLabels: names.flatMap { Tables.indexLabels(H, symbol: $0) },
                        rows: gates, format: format))
            case "cell":
                guard c.cell == .lstm else {
                    throw context.error(
                        context.block!.kindLocation, "'show: cell' needs an LSTM; '\(model)' is \(lesson.summary)")
                }
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Cell states of layer 1 "),
                            .math(
                                "\\mathbf{c}^{(t)} = \\mathbf{f}^{(t)} \\odot \\mathbf{c}^{(t-1)} + \\mathbf{i}^{(t)} \\odot \\mathbf{g}^{(t)}"
                            ),
                        ],
                        corner: corner, rowLabels: stateLabels, columnLabels: Tables.indexLabels(H, symbol: "c"),
                        rows: cells, format: format))
            case "logits":
                blocks.append(
                    Tables.matrix(
                        caption: [.text("Logits "), .math("\\mathbf{U}\\mathbf{h} + \\mathbf{b}_2")], corner: corner,
                        rowLabels: outputLabels, columnLabels: Tables.tokenLabels(targets), rows: trace.logits,
                        format: format))
            case "yhat":
                blocks.append(
                    Tables.matrix(
                        caption: [
                            .text("Output distributions "),
                            .math(
                                "\\hat{\\mathbf{y}} = \\operatorname{softmax}(\\mathbf{U}\\mathbf{h} + \\mathbf{b}_2)"),
                        ],
                        corner: corner, rowLabels: outputLabels, columnLabels: Tables.tokenLabels(targets),
                        rows: trace.probabilities, format: format))
            default:
                blocks.append(
                    topTable(
                        ranked: ranked, probabilities: trace.probabilities, labels: outputLabels, tokens: targets,
                        corner: corner, caption: "Most likely outputs (top \(k))"))
            }
        }
        return blocks
    }

    static func gateNames(_ cell: CellKind) -> [String] {
        switch cell {
        case .lstm: return ["i", "f", "g", "o"]
        case .gru, .gruOriginal: return ["r", "z", "n"]
        case .rnn: return ["h"]
        }
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
                + best.flatMap { i -> [[Span]] in [[.code(tokens[i])], [.text(format.format(probabilities[t][i]))]] }
        }
        return .table(OutputTable(caption: [.text(caption)], columns: columns, rows: rows))
    }
}
