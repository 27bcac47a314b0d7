import RNN

/// `rnn exercise`: a question whose answers the engine computes where the exercise stands, like a check. The
/// instructor edition shows the question, the hint, every answer with its tolerance, and the solution; the
/// student edition the question, the hint and fields for the answers, which the page saves as an answer file
/// that `workbook grade` marks against the student's own variant.
struct ExerciseDirective: Directive {
    static let kind = "exercise"
    static let keys = ["id", "title", "question", "answers", "hint", "solution", "points", "reveals", "live"]
    static let answerKeys = ["name", "value", "rtol", "atol", "format"]
    static let failureLeavesStateIntact = true
    /// A student's answer is right when |given − expected| ≤ atol + rtol · |expected|.
    static let defaultRtol = 0.01
    static let defaultAtol = 0.0005

    struct Answer: Sendable {
        let name: String
        let value: (String, SourceLocation)
        let rtol: Double
        let atol: Double
        let format: NumberFormat
    }

    let id: String
    /// The title as written (`$…$` in it is math), and where its value stands.
    let title: (String, SourceLocation)?
    /// What the exercise is worth, shared equally among its answers: one point per answer unless given.
    let points: Double
    let question: (String, Int)
    let answers: [Answer]
    let hint: (String, Int)?
    let solution: (String, Int)?
    /// `reveals: allowed`: the answers may be seen in student editions (the leak guard does not look for them).
    var revealsAllowed = false
    /// `live: allowed`: a live figure may carry the weights of a model the exercise asks about (`LeakGuard`).
    var liveAllowed = false

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> ExerciseDirective? {
        var id: String?
        if let (given, location, _) = a.scalar("id", required: true) {
            if !DirectiveSupport.isName(given) {
                a.error(location, "an exercise's id is letters, digits and '_', starting with a letter; got '\(given)'")
            } else if let first = context.names[given] ?? context.models[given] {
                a.error(location, "the name '\(given)' is already used by the directive at line \(first.line)")
            }
            id = given
        }
        let title = a.scalar("title").map { ($0.0, $0.1) }
        var points: Double?
        if let (given, location, _) = a.scalar("points") {
            if let x = Double(given), x > 0, x.isFinite {
                points = x
            } else {
                a.error(location, "'points' is what the exercise is worth, a number > 0; got '\(given)'")
            }
        }
        let question = prose("question", &a, required: true)
        let hint = prose("hint", &a)
        let solution = prose("solution", &a)
        var revealsAllowed = false
        if let (given, location, _) = a.scalar("reveals") {
            revealsAllowed = given == "allowed"
            if !revealsAllowed {
                a.error(
                    location, "'reveals' takes 'allowed' (the answers may be seen in student editions); got '\(given)'")
            }
        }
        var liveAllowed = false
        if let (given, location, _) = a.scalar("live") {
            liveAllowed = given == "allowed"
            if !liveAllowed {
                a.error(
                    location,
                    "'live' takes 'allowed' (live figures may carry the weights of the models it asks about); got '\(given)'")
            }
        }
        var answers: [Answer] = []
        if let node = a.node("answers", required: true) {
            if case .list(let items, _) = node, !items.isEmpty {
                answers = items.compactMap { answer($0, &a) }
                var seen: Set<String> = []
                for (answer, item) in zip(answers, items) where !seen.insert(answer.name).inserted {
                    a.error(item.location, "two answers are named '\(answer.name)'")
                }
            } else {
                a.error(node.location, "'answers' is a list of answers, each with 'name' and 'value'")
            }
        }
        a.finish()
        let claimed = context.claim(id, a)
        guard !a.hasErrors, claimed, let id, let question else { return nil }
        return ExerciseDirective(
            id: id, title: title, points: points ?? Double(answers.count), question: question, answers: answers,
            hint: hint, solution: solution, revealsAllowed: revealsAllowed, liveAllowed: liveAllowed)
    }

    /// A Markdown text under `key` and the lesson line its text starts on.
    static func prose(_ key: String, _ a: inout Arguments, required: Bool = false) -> (String, Int)? {
        guard let (text, location, _) = a.scalar(key, required: required) else { return nil }
        // A block scalar (`question: |`) starts on the line after its key, where libyaml places it.
        let keyLine = a.file.line(location.line).trimmingCharacters(in: .whitespaces)
        let block = ["|", ">", "|-", ">-", "|+", ">+"].contains { keyLine.hasSuffix($0) }
        DirectiveSupport.declareProseReads(text, line: location.line + (block ? 1 : 0), &a)
        return (text, location.line + (block ? 1 : 0))
    }

    static func answer(_ item: ConfigNode, _ a: inout Arguments) -> Answer? {
        guard case .map(let pairs, let location) = item else {
            a.error(item.location, "each answer is a mapping with 'name' and 'value'")
            return nil
        }
        var found: [String: ConfigNode] = [:]
        for pair in pairs {
            if answerKeys.contains(pair.key) {
                found[pair.key] = pair.value
            } else {
                a.error(
                    pair.keyLocation,
                    "unknown key '\(pair.key)' in an answer" + didYouMean(pair.key, among: answerKeys)
                        + "; an answer takes "
                        + answerKeys.joined(separator: ", "))
            }
        }
        guard case .scalar(let name, _, let nameLocation)? = found["name"] else {
            a.error(location, "missing key 'name' in this answer")
            return nil
        }
        if !DirectiveSupport.isName(name) {
            a.error(nameLocation, "an answer's name is letters, digits and '_', starting with a letter; got '\(name)'")
        }
        guard let valueNode = found["value"], let text = CheckDirective.spelled(valueNode) else {
            a.error(location, "missing key 'value' (an expression) in answer '\(name)'")
            return nil
        }
        DirectiveSupport.checkSyntax(text, at: valueNode.location, &a)
        func number(_ key: String, _ fallback: Double) -> Double {
            guard let node = found[key] else { return fallback }
            guard case .scalar(let t, _, _) = node, let x = Double(t), x >= 0, x.isFinite else {
                a.error(node.location, "'\(key)' must be a number ≥ 0")
                return fallback
            }
            return x
        }
        var format = NumberFormat.standard
        if let node = found["format"] {
            if case .scalar(let spec, _, _) = node, let f = NumberFormat(spec: spec) {
                format = f
            } else {
                a.error(node.location, "'format' must be a format such as .4f, .3e, .6g, d or .1%")
            }
        }
        return Answer(
            name: name, value: (text, valueNode.location), rtol: number("rtol", defaultRtol),
            atol: number("atol", defaultAtol), format: format)
    }

    /// Every answer's value, computed here: what the instructor sees and what grading compares with.
    func expected(_ context: ExecutionContext) throws(Diagnostic) -> [Double] {
        var values: [Double] = []
        for answer in answers {
            switch try context.evaluate(answer.value.0, at: answer.value.1) {
            case .number(let x) where x.isFinite: values.append(x)
            case .number(let x):
                throw context.error(
                    answer.value.1, "answer '\(answer.name)' is \(x); an answer must be a finite number")
            case let other:
                throw context.error(
                    answer.value.1,
                    "answer '\(answer.name)' must be a number, but '\(answer.value.0)' is \(other.typeName)")
            }
        }
        return values
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let values = try expected(context)
        context.namespace.define(id, .record(Record(zip(answers, values).map { ($0.name, .number($1)) })))
        if !revealsAllowed, let fence = context.block?.kindLocation {
            let models = liveAllowed ? [] : LeakGuard.models(named: [question.0] + answers.map(\.value.0), context)
            let weights =
                context.edition == .student ? models.compactMap { context.models[$0].flatMap(LiveFigure.weightsDigest) } : []
            context.answers += zip(answers, values).map {
                LeakGuard.Answer(
                    exercise: id, name: $0.name, value: $1, line: fence.line, column: fence.column, models: models,
                    weights: weights)
            }
        }
        var blocks = [try Prose.render(question.0, line: question.1, &context)]
        // On the slides the hint, the answers and the solution each come on a key press after the question.
        if let hint {
            blocks.append(.reveal([.paragraph([.strong("Hint")]), try Prose.render(hint.0, line: hint.1, &context)]))
        }
        let worth = NumberFormat(style: .general, precision: 6).format(points)
        // A title's math is typeset as a table header's is, and checked against KaTeX where the title stands.
        if let title = self.title { try DirectiveSupport.checkMath([title], context) }
        let title: [Span] =
            [.strong("Exercise"), .text(" "), .code(id)]
            + (self.title.map { [.text(": ")] + DirectiveSupport.spans($0.0) } ?? [])
            + [.text(" (\(worth) point\(points == 1 ? "" : "s"))")]
        guard context.edition == .instructor else {
            blocks.append(
                .answerForm(
                    AnswerForm(
                        exercise: id, names: answers.map(\.name), lesson: context.slug, student: context.variant ?? "",
                        studentName: context.studentName ?? ""))
            )
            return [.box(title: title, kind: "exercise", blocks: blocks)]
        }
        let e = NumberFormat.error
        blocks.append(
            .reveal([.table(
                OutputTable(
                    caption: [.strong("Answers"), .text(" (instructor edition), computed here by the engine")],
                    columns: [
                        .init([.text("answer")], numeric: false), .init([.text("value")]),
                        .init([.text("accepted within")], numeric: false),
                    ],
                    rows: zip(answers, values).map { answer, value in
                        [
                            [.code(answer.name)], [.text(answer.format.format(value))],
                            [.text("atol \(e.format(answer.atol)) + rtol \(e.format(answer.rtol)) · |value|")],
                        ]
                    }))]))
        if let solution {
            blocks.append(
                .reveal([.paragraph([.strong("Solution")]), try Prose.render(solution.0, line: solution.1, &context)]))
        }
        return [.box(title: title, kind: "exercise", blocks: blocks)]
    }
}

/// ```` ```instructor ````: Markdown (math and inline values allowed) shown in the instructor edition only,
/// for a worked example or teaching notes.
struct InstructorNotesDirective: Directive {
    static let kind = "instructor"
    static let keys: [String] = []
    static let bodyIsCode = true
    static let failureLeavesStateIntact = true

    let text: String
    let line: Int

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> InstructorNotesDirective? {
        DirectiveSupport.declareProseReads(a.block.body, line: a.block.bodyFirstLine, &a)
        return InstructorNotesDirective(text: a.block.body, line: a.block.bodyFirstLine)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        guard context.edition == .instructor else { return [] }
        return [
            .box(
                title: [.strong("Instructor's notes")], kind: "instructor",
                blocks: [try Prose.render(text, line: line, &context)])
        ]
    }
}
