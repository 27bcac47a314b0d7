import RNN

/// `rnn diagram`: the unrolled network of a forward pass, drawn from the model's own numbers: one column per step
/// with the input token, the hidden state of every layer and direction, and the output distribution (the top
/// entries), the target's probability marked right (the most likely output) or wrong. The drawing follows the
/// model's shape: an encoder and a decoder, one output for many-to-one, one starting label for one-to-many.
struct DiagramDirective: Directive {
    static let kind = "diagram"
    static let float: LabelKind? = .figure
    static let keys = ["model", "show", "top", "format", "steps", "units", "title"] + SequenceSpec.keys
    static let failureLeavesStateIntact = true
    static let maxColumns = 40

    let model: String
    let sequence: SequenceSpec
    let show: Set<String>
    let top: Int
    let format: NumberFormat
    let range: ClosedRange<Int>?
    let units: Int
    let title: String?

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> DiagramDirective? {
        let model = context.modelReference(&a)
        // A target is optional: given, the diagram marks it right or wrong.
        let sequence = SequenceSpec.read(&a, needsTargets: a.has("target") || a.has("sequence"))
        let show = a.words("show", among: ["input", "hidden", "output"]) ?? ["input", "hidden", "output"]
        let top = a.int("top", in: 1...10) ?? 3
        let format = a.format() ?? NumberFormat(style: .fixed, precision: 2)
        var range: ClosedRange<Int>?
        if let (text, location, _) = a.scalar("steps") {
            let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2, let low = parts[0], let high = parts[1], low >= 1, high >= low {
                range = low...high
            } else if parts.count == 1, let one = parts[0], one >= 1 {
                range = one...one
            } else {
                a.error(location, "'steps' is a range of steps such as 1-8 (the first step is 1)")
            }
        }
        let units = a.int("units", in: 1...64) ?? 6
        let title = a.string("title")
        a.finish()
        guard !a.hasErrors, let model, let sequence else { return nil }
        return DiagramDirective(
            model: model, sequence: sequence, show: Set(show), top: top, format: format, range: range, units: units,
            title: title)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let m = lesson.model
        var steps = try sequence.resolve(for: lesson, context)
        let generating = m.shape == .oneToMany || m.shape == .encoderDecoder
        if generating, steps.targets.isEmpty {
            // No target: the decoder runs on its own greedy outputs, as `forward` shows it.
            let tokens = m.decode(source: steps.inputs, maxLength: min(context.limits.maxSampleLength, 30)).map(\.token)
            steps = SequenceSpec.Steps(
                inputTokens: steps.inputTokens, inputs: steps.inputs,
                targetTokens: tokens.map { m.targets.tokens[$0] }, targets: tokens)
        }
        let pass = m.pass(steps.input, target: steps.targets, initial: nil)
        let hasTargets = !steps.targets.isEmpty && !generating || (generating && sequence.target != nil)
        let (rows, backwards) = Self.rows(m)
        // The main columns: one per output row, or per input for many-to-one.
        let inputs = generating ? lesson.outputInputs(steps) : steps.inputTokens
        var columns = mainColumns(m, pass, inputs: inputs, targets: hasTargets ? steps.targets : [])
        if let range {
            guard range.lowerBound <= columns.count else {
                throw context.error(
                    context.block!.kindLocation,
                    "'steps' starts at \(range.lowerBound) but the input has \(columns.count) steps")
            }
            columns = Array(columns[(range.lowerBound - 1)..<min(range.upperBound, columns.count)])
        }
        var encoderColumns: [Diagram.Column] = []
        if m.shape == .encoderDecoder {
            encoderColumns = steps.inputTokens.indices.map { s in
                Diagram.Column(input: steps.inputTokens[s], hidden: pass.encoderHidden.map { $0[s] })
            }
        }
        let all = encoderColumns + columns
        guard all.count <= Self.maxColumns else {
            throw context.error(
                context.block!.kindLocation,
                "a diagram of \(all.count) steps would be unreadable; show at most \(Self.maxColumns), e.g. 'steps: 1-12'"
            )
        }
        let notes = m is RNNLanguageModel
        let shownInput = steps.vectors == nil ? steps.inputTokens : ["vectors"]
        var diagram = Diagram(
            title: title ?? "\(model) on “\(DirectiveSupport.join(shownInput, lesson.tokenization))”", rows: rows,
            backwards: backwards, columns: all)
        diagram.encoderColumns = encoderColumns.count
        diagram.condition = m.shape == .oneToMany ? steps.inputTokens.first : nil
        diagram.feedsBack = generating
        diagram.firstStep = range?.lowerBound ?? 1
        diagram.showInput = show.contains("input")
        diagram.showHidden = show.contains("hidden")
        diagram.showOutput = show.contains("output")
        diagram.maxUnits = units
        diagram.format = format
        if !notes { (diagram.inputWeight, diagram.recurrentWeight) = ("W_ih", "W_hh") }
        return [.diagram(diagram)]
    }

    /// One row per cell, layer by layer (`h layer 2 ←`), and whether it runs backwards (a second direction's).
    static func rows(_ m: any RecurrentModel) -> (names: [String], backwards: [Bool]) {
        let D = m.directions
        var rows: [String] = []
        var backwards: [Bool] = []
        for j in 0..<(m.layers * D) {
            let (layer, direction) = (j / D + 1, j % D)
            let arrow = D == 2 ? (direction == 0 ? " →" : " ←") : ""
            rows.append(m.layers == 1 ? "hidden h\(arrow)" : "h layer \(layer)\(arrow)")
            backwards.append(direction == 1)
        }
        return (rows, backwards)
    }

    /// A column per step: its input, every cell's state, the `top` most likely outputs, and the target's
    /// probability when `targets` are given (many-to-one: the output in the last column).
    func mainColumns(_ m: any RecurrentModel, _ pass: ModelPass, inputs: [String], targets: [Int]) -> [Diagram.Column] {
        let cells = m.layers * m.directions
        let T = pass.hidden.first?.count ?? 0
        var columns: [Diagram.Column] = (0..<T).map { t in
            Diagram.Column(input: t < inputs.count ? inputs[t] : nil, hidden: (0..<cells).map { pass.hidden[$0][t] })
        }
        let outputColumn = { (row: Int) in m.shape == .manyToOne ? T - 1 : row }
        for (row, p) in pass.probabilities.enumerated() where outputColumn(row) < columns.count {
            let ranked = p.indices.sorted { (p[$0], $1) > (p[$1], $0) }
            let c = outputColumn(row)
            columns[c].outputs = ranked.prefix(top).map { .init(token: m.targets.tokens[$0], probability: p[$0]) }
            if row < targets.count {
                let y = targets[row]
                columns[c].target = .init(token: m.targets.tokens[y], probability: p[y])
                columns[c].right = ranked.first == y
            }
        }
        return columns
    }
}
