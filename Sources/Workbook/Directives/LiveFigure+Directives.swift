import RNN

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
            throw context.error(location, "a live figure prints numbers with .Nf, .Ne or .N%; '\(model.name)' has another format")
        }
        guard sequence.target == nil, sequence.vectors == nil else {
            throw context.error(location, "a live figure reads its text from 'input' or 'sequence', not 'target' or 'inputs'")
        }
        let joiner = lesson.tokenization == .characters ? "" : " "
        let text = sequence.input.text ?? (sequence.input.tokens ?? []).joined(separator: joiner)
        guard text.count <= LiveFigure.maxInputLength else {
            throw context.error(
                location, "a live figure's text is at most \(LiveFigure.maxInputLength) characters; this one has \(text.count)")
        }
        var settings = LiveFigure.Settings(kind: "forward", model: model, text: text, maxLength: LiveFigure.maxInputLength)
        settings.show = show
        settings.top = run.ranked.first?.count ?? top
        settings.format = spec
        settings.notation = run.notation
        settings.teacher = sequence.teacherForcing
        settings.zeroFirst = run.steps.zeroFirst
        return LiveFigure(kind: .forward, model: self.model, data: LiveFigure.json(settings), blocks: shown)
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
        return LiveFigure(kind: .sample, model: self.model, data: LiveFigure.json(settings), blocks: shown)
    }
}
