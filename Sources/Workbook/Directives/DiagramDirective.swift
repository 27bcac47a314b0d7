import RNN

/// `rnn diagram`: the unrolled network of a forward pass, drawn from the model's own numbers: one column per step
/// with the input token, the hidden state of every layer and direction, and the output distribution (the top
/// entries), the target's probability marked right (the most likely output) or wrong. The drawing follows the
/// model's shape: an encoder and a decoder, one output for many-to-one, one starting label for one-to-many.
struct DiagramDirective: Directive {
    static let kind = "diagram"
    static let float: LabelKind? = .figure
    static let keys = ["model", "show", "top", "format", "steps", "units", "title", "live"] + SequenceSpec.keys
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
    /// `live: true`: the HTML handout draws the network again on the text the reader types (`LiveFigure`).
    var live: SourceLocation? = nil

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
        let live = a.bool("live") == true ? a.location(of: "live") : nil
        a.finish()
        guard !a.hasErrors, let model, let sequence else { return nil }
        return DiagramDirective(
            model: model, sequence: sequence, show: Set(show), top: top, format: format, range: range, units: units,
            title: title, live: live)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let m = lesson.model
        let steps = try resolve(lesson, context)
        let generating = m.shape == .oneToMany || m.shape == .encoderDecoder
        let pass = m.pass(steps.input, target: steps.targets, initial: nil)
        let hasTargets = !steps.targets.isEmpty && !generating || (generating && sequence.target != nil)
        var columns = self.columns(steps, pass, lesson, marked: hasTargets)
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
        guard encoderColumns.count + columns.count <= Self.maxColumns else {
            throw context.error(
                context.block!.kindLocation,
                "a diagram of \(encoderColumns.count + columns.count) steps would be unreadable; show at most \(Self.maxColumns), e.g. 'steps: 1-12'"
            )
        }
        let diagram = self.diagram(steps, encoderColumns, columns, lesson)
        guard let live else { return [.diagram(diagram)] }
        return [.live(try liveFigure(diagram, steps, marked: hasTargets, lesson, at: live, context))]
    }

    /// The steps drawn: a generating shape given no target runs on its own greedy outputs, as `forward` shows it.
    func resolve(_ lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> SequenceSpec.Steps {
        let m = lesson.model
        let steps = try sequence.resolve(for: lesson, context)
        guard m.shape == .oneToMany || m.shape == .encoderDecoder, steps.targets.isEmpty else { return steps }
        let tokens = m.decode(source: steps.inputs, maxLength: min(context.limits.maxSampleLength, 30)).map(\.token)
        return SequenceSpec.Steps(
            inputTokens: steps.inputTokens, inputs: steps.inputs,
            targetTokens: tokens.map { m.targets.tokens[$0] }, targets: tokens)
    }

    /// The main columns: one per output row, or per input for many-to-one; each with its top outputs and, when
    /// `marked`, its target right or wrong.
    func columns(_ steps: SequenceSpec.Steps, _ pass: ModelPass, _ lesson: LessonModel, marked: Bool)
        -> [Diagram.Column]
    {
        let m = lesson.model
        let cells = m.layers * m.directions
        let generating = m.shape == .oneToMany || m.shape == .encoderDecoder
        let inputs = generating ? lesson.outputInputs(steps) : steps.inputTokens
        let T = pass.hidden.first?.count ?? 0
        var columns: [Diagram.Column] = (0..<T).map { t in
            Diagram.Column(input: t < inputs.count ? inputs[t] : nil, hidden: (0..<cells).map { pass.hidden[$0][t] })
        }
        let outputColumn = { (row: Int) in m.shape == .manyToOne ? T - 1 : row }
        for (row, p) in pass.probabilities.enumerated() where outputColumn(row) < columns.count {
            let ranked = p.indices.sorted { (p[$0], $1) > (p[$1], $0) }
            let c = outputColumn(row)
            columns[c].outputs = ranked.prefix(top).map { .init(token: m.targets.tokens[$0], probability: p[$0]) }
            if marked, row < steps.targets.count {
                let y = steps.targets[row]
                columns[c].target = .init(token: m.targets.tokens[y], probability: p[y])
                columns[c].right = ranked.first == y
            }
        }
        return columns
    }

    /// The figure: its rows (a hidden row per layer and direction), columns and labels.
    func diagram(
        _ steps: SequenceSpec.Steps, _ encoderColumns: [Diagram.Column], _ columns: [Diagram.Column],
        _ lesson: LessonModel
    ) -> Diagram {
        let m = lesson.model
        let D = m.directions
        let cells = (0..<m.layers * D).map { ($0 / D + 1, $0 % D) }
        let rows = cells.map { layer, direction in
            let arrow = D == 2 ? (direction == 0 ? " →" : " ←") : ""
            return m.layers == 1 ? "hidden h\(arrow)" : "h layer \(layer)\(arrow)"
        }
        let shownInput = steps.vectors == nil ? steps.inputTokens : ["vectors"]
        var diagram = Diagram(
            title: title ?? "\(model) on “\(DirectiveSupport.join(shownInput, lesson.tokenization))”", rows: rows,
            backwards: cells.map { $0.1 == 1 }, columns: encoderColumns + columns)
        diagram.encoderColumns = encoderColumns.count
        diagram.condition = m.shape == .oneToMany ? steps.inputTokens.first : nil
        diagram.feedsBack = m.shape == .oneToMany || m.shape == .encoderDecoder
        diagram.firstStep = range?.lowerBound ?? 1
        diagram.showInput = show.contains("input")
        diagram.showHidden = show.contains("hidden")
        diagram.showOutput = show.contains("output")
        diagram.maxUnits = units
        diagram.format = format
        if !(m is RNNLanguageModel) { (diagram.inputWeight, diagram.recurrentWeight) = ("W_ih", "W_hh") }
        return diagram
    }
}
