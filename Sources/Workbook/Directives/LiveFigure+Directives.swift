import RNN

extension LiveFigure {
    /// What a live figure's field holds at first: the lesson's text, or its tokens joined as the model splits
    /// them; an error at the `live` key when it is longer than a reader may type.
    static func text(
        _ sequence: SequenceSpec, _ lesson: LessonModel, at location: SourceLocation, _ context: ExecutionContext
    ) throws(Diagnostic) -> String {
        let joiner = lesson.tokenization == .characters ? "" : " "
        return try typable(
            sequence.input.text ?? (sequence.input.tokens ?? []).joined(separator: joiner), at: location, context)
    }

    /// `text`, or an error at the `live` key when it is longer than a reader may type into the figure's field.
    static func typable(_ text: String, at location: SourceLocation, _ context: ExecutionContext) throws(Diagnostic)
        -> String
    {
        guard text.count <= maxInputLength else {
            throw context.error(
                location, "a live figure's text is at most \(maxInputLength) characters; this one has \(text.count)")
        }
        return text
    }
}

/// `live: true` on `forward` and `sample`: the figure's settings for the page, or an error at the `live` key
/// saying why this figure cannot be live.
extension ForwardDirective {
    func liveFigure(
        _ show: [String], _ run: Run, _ lesson: LessonModel, _ shown: [OutputBlock], at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> LiveFigure {
        let model = try LiveFigure.model(lesson, initial: run.pass.initial).mapError { context.error(location, $0.message) }
            .get()
        guard let spec = LiveFigure.formatSpec(format) else {
            throw context.error(location, LiveFigure.formatRefusal(format))
        }
        guard sequence.target == nil, sequence.vectors == nil else {
            throw context.error(location, "a live figure reads its text from 'input' or 'sequence', not 'target' or 'inputs'")
        }
        let text = try LiveFigure.text(sequence, lesson, at: location, context)
        var settings = LiveFigure.Settings(kind: "forward", model: model, text: text, maxLength: LiveFigure.maxInputLength)
        settings.show = show
        settings.top = run.ranked.first?.count ?? top
        settings.format = spec
        settings.lossFormat = LiveFigure.lossSpec(format)
        settings.notation = run.notation
        settings.teacher = sequence.teacherForcing
        settings.zeroFirst = run.steps.zeroFirst
        return LiveFigure(kind: .forward, models: [self.model], settings: settings, blocks: shown)
    }
}

extension SampleDirective {
    func liveFigure(
        _ lesson: LessonModel, _ start: Start, _ shown: [OutputBlock], at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> LiveFigure {
        guard lesson.shape == .languageModel, temperatures.isEmpty, !greedy, topK == nil, !showSteps else {
            throw context.error(
                location,
                "a live sample is a language model's, sampled at one temperature (no 'temperatures', 'greedy', 'top_k' or 'show: steps')"
            )
        }
        let model = try LiveFigure.model(lesson, initial: nil).mapError { context.error(location, $0.message) }.get()
        let joiner = lesson.tokenization == .characters ? "" : " "
        let text = start.prime?.givenTokens.joined(separator: joiner) ?? ""
        guard text.count <= LiveFigure.maxInputLength else {
            throw context.error(
                location, "a live sample's prime is at most \(LiveFigure.maxInputLength) characters; this one has \(text.count)")
        }
        var settings = LiveFigure.Settings(kind: "sample", model: model, text: text, maxLength: LiveFigure.maxInputLength)
        settings.temperature = temperature
        settings.seed = seed
        settings.length = length
        settings.stop = start.stopToken ?? -1
        settings.top = count
        settings.maxSample = max(length, 500)
        settings.zeroFirst = start.prime?.zeroFirst ?? false
        return LiveFigure(kind: .sample, models: [self.model], settings: settings, blocks: shown)
    }
}

extension HighlightDirective {
    /// A live highlight: the module's forward pass gives the top layer's h, layer 1's gates, ŷ and J(t).
    func liveFigure(
        _ shown: Highlight, _ zeroFirst: Bool, _ lesson: LessonModel, at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> LiveFigure {
        guard let value, value != "saliency" else {
            throw context.error(
                location, "a live highlight colours by 'value: probability', 'loss', 'unit' or 'gate' (not 'saliency' or 'values')")
        }
        let model = try LiveFigure.model(lesson, initial: nil).mapError { context.error(location, $0.message) }.get()
        guard value != "unit" || layer == lesson.model.layers, value != "gate" || layer == 1 else {
            throw context.error(
                location, "a live highlight follows a unit of the top layer's h or a gate of layer 1; this one is in layer \(layer)")
        }
        guard let spec = LiveFigure.formatSpec(format) else {
            throw context.error(location, LiveFigure.formatRefusal(format))
        }
        let text = try LiveFigure.typable(
            sequence.input.text ?? (sequence.input.tokens ?? []).joined(separator: shown.joiner), at: location, context)
        var settings = LiveFigure.Settings(kind: "highlight", model: model, text: text, maxLength: LiveFigure.maxInputLength)
        settings.format = spec
        settings.teacher = sequence.teacherForcing
        settings.zeroFirst = zeroFirst
        settings.highlight = LiveFigure.HighlightSettings(
            value: value, unit: unit, gate: gate.flatMap { ForwardDirective.gateNames(lesson.model.cell).firstIndex(of: $0) } ?? 0,
            title: shown.title, name: shown.valueName, range: shown.range.map { [$0.lowerBound, $0.upperBound] },
            guesses: guesses, joiner: shown.joiner)
        return LiveFigure(kind: .highlight, models: [self.model], settings: settings, blocks: [.highlight(shown)])
    }
}

extension DiagramDirective {
    /// A live diagram of a one-layer language model: the module's forward pass gives h and ŷ of every step. It
    /// reads a `sequence`, an `input`, or an `input` and the `target` that is the input shifted by one (the text
    /// field then holds the input and the target's last token).
    func liveFigure(
        _ shown: Diagram, _ steps: SequenceSpec.Steps, marked: Bool, _ lesson: LessonModel, at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> LiveFigure {
        let model = try LiveFigure.model(lesson, initial: nil).mapError { context.error(location, $0.message) }.get()
        guard model.layers == 1 else {
            throw context.error(location, "a live diagram draws a model of one layer; '\(model.name)' has \(model.layers)")
        }
        guard let spec = LiveFigure.formatSpec(format) else {
            throw context.error(location, LiveFigure.formatRefusal(format))
        }
        let given = Array(steps.givenTokens)
        let shifted = sequence.teacherForcing || steps.targetTokens.isEmpty || Array(steps.targetTokens.dropLast()) == Array(given.dropFirst())
        guard shifted, sequence.vectors == nil else {
            throw context.error(
                location, "a live diagram reads 'sequence', 'input', or 'input' with the 'target' that is the input shifted by one")
        }
        let tokens = given + steps.targetTokens.suffix(1)
        let text = try LiveFigure.typable(
            tokens.joined(separator: lesson.tokenization == .characters ? "" : " "), at: location, context)
        var settings = LiveFigure.Settings(kind: "diagram", model: model, text: text, maxLength: LiveFigure.maxInputLength)
        settings.format = spec
        settings.top = top
        settings.teacher = marked
        settings.zeroFirst = steps.zeroFirst
        settings.diagram = LiveFigure.DiagramSettings(
            title: title, input: shown.showInput, hidden: shown.showHidden, output: shown.showOutput, top: top,
            units: units, steps: range.map { [$0.lowerBound, $0.upperBound] }, marked: marked,
            weights: [shown.inputWeight, shown.recurrentWeight, shown.outputWeight])
        return LiveFigure(kind: .diagram, models: [self.model], settings: settings, blocks: [.diagram(shown)])
    }
}

extension GradientFlowDirective {
    /// The slider's range for the scale of the recurrent matrix: from 0 (no recurrence) to 4 times the model's.
    static let liveScale: ClosedRange<Double> = 0...4

    /// A live gradient flow of language models over a `sequence`: the module runs the forward pass and BPTT of
    /// J(T) for each model, with the top layer's recurrent matrix scaled by the reader's slider.
    func liveFigure(
        _ flows: [Flow], _ shown: [OutputBlock], at location: SourceLocation, _ context: ExecutionContext
    ) throws(Diagnostic) -> LiveFigure {
        guard sequence.teacherForcing, sequence.vectors == nil else {
            throw context.error(location, "a live gradient flow reads its text from 'sequence', not 'input' and 'target'")
        }
        guard let spec = LiveFigure.formatSpec(format) else {
            throw context.error(location, LiveFigure.formatRefusal(format))
        }
        var models: [LiveFigure.FlowSettings.FlowModel] = []
        for flow in flows {
            let lesson = context.models[flow.name]!
            let model = try LiveFigure.model(lesson, initial: nil).mapError { context.error(location, $0.message) }.get()
            let matrix = lesson.model.recurrentWeightName == "W_h" ? "W_h" : "W_hh"
            models.append(.init(model: model, zeroFirst: flow.zeroFirst, what: flow.what, matrix: matrix))
        }
        let text = try LiveFigure.text(sequence, context.models[flows[0].name]!, at: location, context)
        var settings = LiveFigure.Settings(kind: "gradient-flow", model: nil, text: text, maxLength: LiveFigure.maxInputLength)
        settings.format = spec
        settings.teacher = true
        settings.flow = LiveFigure.FlowSettings(
            models: models, scale: [Self.liveScale.lowerBound, Self.liveScale.upperBound], plot: plot)
        return LiveFigure(kind: .gradientFlow, models: flows.map(\.name), settings: settings, blocks: shown)
    }
}
