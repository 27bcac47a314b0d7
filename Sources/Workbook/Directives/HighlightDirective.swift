import RNN

/// `rnn highlight`: the input text with each token's background coloured by a computed per-step value: a hidden
/// unit, a gate, the probability the model gave the token, its loss, its saliency for the last output
/// (‖∂J^{(T)}/∂x^{(t)}‖), or any vector expression; optionally with the model's top guesses for the next token
/// under each token.
struct HighlightDirective: Directive {
    static let kind = "highlight"
    static let float: LabelKind? = .figure
    static let keys =
        [
            "model", "value", "unit", "gate", "layer", "direction", "values", "guesses", "format", "title", "id", "live",
        ]
        + SequenceSpec.keys
    static let failureLeavesStateIntact = true
    static let values = ["probability", "loss", "unit", "gate", "saliency"]

    let model: String
    let sequence: SequenceSpec
    let value: String?
    let expression: (String, SourceLocation)?
    let unit: Int
    let gate: String?
    let layer: Int
    let direction: Int
    let guesses: Int
    let format: NumberFormat
    let title: String?
    let id: String
    /// `live: true`: the HTML handout colours the text the reader types (`LiveFigure`); where it was.
    var live: SourceLocation? = nil

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> HighlightDirective? {
        let model = context.modelReference(&a)
        // A target is optional: given, the diagram marks it right or wrong.
        let sequence = SequenceSpec.read(&a, needsTargets: a.has("target") || a.has("sequence"))
        let value = a.choice("value", among: values)
        var expression: (String, SourceLocation)?
        if let node = a.node("values") {
            // An expression, or a YAML list of numbers read as the list it spells.
            var text = CheckDirective.spelled(node)
            var at = node.location
            if case .scalar(let spelled, let quoted, let location) = node {
                (text, at) = (spelled, SourceLocation(line: location.line, column: location.column + (quoted ? 1 : 0)))
            }
            if let text {
                DirectiveSupport.checkSyntax(text, at: at, &a)
                expression = (text, at)
            } else {
                a.error(node.location, "'values' is an expression giving one number per token")
            }
        }
        if (value == nil) == (expression == nil), !a.hasErrors {
            a.error(
                a.block.kindLocation,
                "give 'value' (probability, loss, unit, gate or saliency) or 'values' (an expression with one number per token), one of them"
            )
        }
        let unit = a.int("unit", in: 1...context.limits.maxHidden) ?? 1
        let gate = a.string("gate")
        if value == "unit" || value == "gate", !a.has("unit") {
            a.error(a.location(of: "value"), "'value: \(value!)' needs 'unit', the unit to follow (1 is the first)")
        }
        if value == "gate", gate == nil {
            a.error(a.location(of: "value"), "'value: gate' needs 'gate', e.g. 'gate: f'")
        }
        if value == "probability" || value == "loss" || value == "saliency", !a.has("sequence") {
            a.error(
                a.location(of: "value"),
                "'value: \(value!)' needs 'sequence', the text whose every next token the model predicts")
        }
        let layer = a.int("layer", in: 1...16) ?? 1
        let direction = a.choice("direction", among: ["forward", "backward"]) == "backward" ? 1 : 0
        let guesses = a.int("guesses", in: 0...5) ?? 0
        let format = a.format() ?? NumberFormat(style: .fixed, precision: 3)
        let title = a.string("title")
        let id = model.flatMap { context.resultName(&a, default: "\($0).highlight") }
        let live = a.bool("live") == true ? a.location(of: "live") : nil
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return HighlightDirective(
            model: model, sequence: sequence, value: value, expression: expression, unit: unit, gate: gate,
            layer: layer,
            direction: direction, guesses: guesses, format: format, title: title, id: id, live: live)
    }

    /// What the figure colours: a value per token, the scale's caption and its known range.
    struct Coloured {
        var values: [Double?]
        var name = ""
        var range: ClosedRange<Double>? = nil
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        guard lesson.model.inputSize == nil else {
            throw context.error(
                context.block!.kindLocation, "'highlight' colours tokens; '\(model)' reads real-valued vectors")
        }
        let steps = try sequence.resolve(for: lesson, context, backward: true)
        let pass = lesson.model.pass(steps.input, target: steps.targets, initial: nil)
        // With `sequence`, every token is shown: the first is only read, the last only predicted.
        var tokens = steps.inputTokens
        if sequence.teacherForcing, let last = steps.targetTokens.last { tokens.append(last) }
        let coloured = try colour(tokens.count, steps, pass, lesson, &context)
        let highlight = figure(tokens, coloured, pass, lesson)
        context.namespace.define(
            id,
            .record(
                Record([
                    ("tokens", .texts(tokens)),
                    ("values", .tensor(Tensor(vector: coloured.values.map { $0 ?? .nan }))),
                ])))
        guard let live else { return [.highlight(highlight)] }
        return [.live(try liveFigure(highlight, steps.zeroFirst, lesson, at: live, context))]
    }

    /// The values of `count` tokens: the expression's, or the value the directive names.
    func colour(
        _ count: Int, _ steps: SequenceSpec.Steps, _ pass: ModelPass, _ lesson: LessonModel,
        _ context: inout ExecutionContext
    ) throws(Diagnostic) -> Coloured {
        guard let (text, location) = expression else {
            switch value! {
            case "probability", "loss": return try predicted(count, steps, pass, lesson.model, context)
            case "saliency": return try saliency(count, steps, pass, lesson.model, context)
            default: return try state(count, steps.inputTokens.count, pass, lesson, context)
            }
        }
        let value = try context.evaluate(text, at: location)
        guard case .tensor(let t) = value, t.shape.count == 1,
            t.data.count == count || t.data.count == steps.inputTokens.count
        else {
            throw context.error(
                location, "'values' must be a vector with one number per token (\(count)), got \(value.typeName)")
        }
        var values: [Double?] = Array(repeating: nil, count: count)
        for (i, v) in t.data.enumerated() { values[i] = v }
        return Coloured(values: values, name: text)
    }

    /// `probability` or `loss`: what the model gave each token after the first, from the tokens before it.
    func predicted(
        _ count: Int, _ steps: SequenceSpec.Steps, _ pass: ModelPass, _ m: any RecurrentModel,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> Coloured {
        guard m.shape == .languageModel, sequence.teacherForcing else {
            throw context.error(
                context.block!.kindLocation, "'value: \(value!)' is for a language model reading a 'sequence'")
        }
        var out = Coloured(values: Array(repeating: nil, count: count))
        let losses = pass.stepLosses(target: steps.targets)
        for t in 0..<steps.inputTokens.count {
            out.values[t + 1] = value == "loss" ? losses[t] : pass.probabilities[t][steps.targets[t]]
        }
        out.name = value == "loss" ? "loss −log P(token | before)" : "P(token | before)"
        if value == "probability" { out.range = 0...1 }
        return out
    }

    /// `saliency`: ‖∂J⁽ᵀ⁾/∂x⁽ᵗ⁾‖, how much the last prediction depends on each input.
    func saliency(
        _ count: Int, _ steps: SequenceSpec.Steps, _ pass: ModelPass, _ m: any RecurrentModel,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> Coloured {
        guard steps.targets.count == pass.probabilities.count, !steps.targets.isEmpty else {
            throw context.error(
                context.block!.kindLocation,
                "'value: saliency' needs the targets: give 'sequence', or 'input' and 'target'")
        }
        let weights = LossReduction.last.stepWeights(count: steps.targets.count)
        let grads = m.backward(pass, target: steps.targets, stepWeights: weights, recordContributions: false)
        var out = Coloured(values: Array(repeating: nil, count: count), name: "saliency ‖∂J⁽ᵀ⁾/∂x⁽ᵗ⁾‖")
        for t in 0..<min(steps.inputTokens.count, grads.inputs.count) {
            out.values[t] = DirectiveSupport.norm(grads.inputs[t])
        }
        return out
    }

    /// `unit` or `gate`: a hidden unit's state, or one of its gates, at each of the `T` steps.
    func state(
        _ count: Int, _ T: Int, _ pass: ModelPass, _ lesson: LessonModel, _ context: ExecutionContext
    ) throws(Diagnostic) -> Coloured {
        let (m, at) = (lesson.model, context.block!.kindLocation)
        let cell = try self.cell(m, context)
        let H = m.hiddenSize
        guard unit <= H else { throw context.error(at, "'unit' is \(unit) but '\(model)' has \(H) hidden units") }
        var out = Coloured(values: Array(repeating: nil, count: count))
        if value == "unit" {
            for t in 0..<T { out.values[t] = pass.hidden[cell][t][unit - 1] }
            out.name = "unit \(unit) of h" + (m.layers > 1 ? " (layer \(layer))" : "")
            // tanh states (every LSTM and GRU, a tanh RNN) lie in (−1, 1); relu's have no bound.
            if case .rnn(let activation) = m.cell, activation != .tanh {} else { out.range = -1...1 }
            return out
        }
        let names = ForwardDirective.gateNames(m.cell)
        guard let k = names.firstIndex(of: gate!), m.cell.gates > 1, !pass.gates.isEmpty else {
            throw context.error(
                at,
                "'\(model)' (\(lesson.cellText)) has "
                    + (m.cell.gates > 1 && !pass.gates.isEmpty
                        ? "the gates " + names.joined(separator: ", ") : "no gates") + "; got '\(gate!)'")
        }
        for t in 0..<T { out.values[t] = pass.gates[cell][t][k * H + unit - 1] }
        out.name = "gate \(gate!), unit \(unit)"
        // σ gates lie in (0, 1); the LSTM's g and the GRU's n are tanh, in (−1, 1).
        out.range = gate == "g" || gate == "n" ? -1...1 : 0...1
        return out
    }

    /// The figure: the tokens coloured, and the model's guesses under them.
    func figure(_ tokens: [String], _ coloured: Coloured, _ pass: ModelPass, _ lesson: LessonModel) -> Highlight {
        var highlight = Highlight(
            title: title ?? "\(model) on its text", tokens: tokens, values: coloured.values, valueName: coloured.name)
        highlight.joiner = lesson.tokenization == .characters ? "" : " "
        highlight.range = coloured.range
        highlight.format = format
        if guesses > 0 {
            highlight.guesses = pass.probabilities.map { p in
                p.indices.sorted { (p[$0], $1) > (p[$1], $0) }.prefix(guesses).map {
                    Diagram.Output(token: lesson.model.targets.tokens[$0], probability: p[$0])
                }
            }
        }
        return highlight
    }

    /// The cell (layer·D + direction) whose state or gate is shown.
    func cell(_ m: any RecurrentModel, _ context: ExecutionContext) throws(Diagnostic) -> Int {
        guard layer <= m.layers else {
            throw context.error(context.block!.kindLocation, "'layer' is \(layer) but '\(model)' has \(m.layers)")
        }
        guard direction < m.directions else {
            throw context.error(context.block!.kindLocation, "'\(model)' has one direction; leave out 'direction'")
        }
        return (layer - 1) * m.directions + direction
    }
}
