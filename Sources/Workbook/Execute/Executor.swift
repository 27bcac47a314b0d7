import Foundation
import RNN

/// A lesson after execution: what each directive shows, and each inline value's text.
struct ExecutedLesson: Sendable {
    var lesson: ParsedLesson
    /// By directive index: the blocks it shows, and whether its source is echoed.
    var outputs: [Int: (blocks: [OutputBlock], echo: Bool)]
    /// By inline-value index: the formatted value.
    let values: [String]
    /// The files the lesson read, with their SHA-256.
    let filesRead: [String: String]
    /// Files the lesson wrote for download (`save`), by name, and the directive that wrote each.
    var attachments: [String: Data] = [:]
    var savedBy: [String: SourceLocation] = [:]
    /// The answers of the exercises this edition shows, as computed where each stands.
    var answers: [LeakGuard.Answer] = []
    /// The digests of the weights the lesson's models had (a student edition's: `ExecutionContext.modelWeights`).
    var modelWeights: Set<String> = []
    /// The local images the directives' Markdown shows in this edition.
    var images: [(path: String, location: SourceLocation)] = []
    /// Every result by name, as the last directive left them.
    var namespace = Namespace()
    /// The labels' numbers and the references' targets (`Build/CrossReferences.swift`), for the writers.
    var numbering: LessonNumbering?

    /// The live figures this edition shows, with the directive that made each, in the lesson's order.
    var liveFigures: [(block: DirectiveBlock, figure: LiveFigure)] {
        lesson.directives.flatMap { block in
            (outputs[block.index]?.blocks ?? []).compactMap { output in
                guard case .live(let figure) = output else { return nil }
                return (block, figure)
            }
        }
    }
}

/// The Execute stage: runs a lesson's directives in order against the engine, then fills in inline values.
/// A directive that cannot run is reported once; the directives and inline values that use what it should
/// have made (its results, the model it changes) are skipped with a note, and every other one still runs, as do
/// failed checks, so one build lists every independent problem.
enum Executor {
    static func execute(
        _ plan: LessonPlan, limits: Limits, swift: SwiftCellEnvironment? = nil, edition: Edition = .instructor,
        variant: String? = nil, studentName: String? = nil, katex: KaTeXCommands.Names? = nil,
        numbering: LessonNumbering? = nil
    ) -> (ExecutedLesson, [Diagnostic]) {
        var context = ExecutionContext(file: plan.lesson.file, limits: limits)
        context.katex = katex
        context.numbering = numbering
        context.edition = edition
        context.variant = variant
        context.studentName = studentName
        context.slug = plan.lesson.slug
        context.swiftCells = plan.swiftCells
        context.swiftEnvironment = swift
        context.definitions = plan.definitions
        var run = LessonRun(plan: plan, edition: edition, limits: limits, context: context)
        defer { run.context.finishSwift() }
        // Inline values and directives interleaved in document order: a value shows the lesson's state at the
        // point where it stands, so `{{ w }}` above a `train` is the untrained weight.
        for step in plan.steps {
            run.formatValues(before: step.block.fence)
            run.execute(step)
        }
        run.formatValues(before: nil)
        var executed = ExecutedLesson(
            lesson: plan.lesson, outputs: run.outputs, values: run.values, filesRead: run.context.filesRead,
            attachments: run.context.attachments, savedBy: run.savedBy, answers: run.context.answers,
            images: run.context.images, namespace: run.context.namespace)
        executed.modelWeights = run.context.modelWeights
        return (executed, run.diagnostics)
    }

    /// One execution of a lesson: the state its steps carry from one to the next.
    private struct LessonRun {
        let plan: LessonPlan
        let edition: Edition
        let limits: Limits
        var context: ExecutionContext
        var outputs: [Int: (blocks: [OutputBlock], echo: Bool)] = [:]
        var savedBy: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        var values: [String]
        /// Names a failed directive should have made (or changed): what uses one is skipped with a note, every
        /// other directive still runs, so one build reports every independent problem.
        var failed: [String: Int] = [:]
        /// The first inline value not formatted yet.
        var nextValue = 0

        init(plan: LessonPlan, edition: Edition, limits: Limits, context: ExecutionContext) {
            (self.plan, self.edition, self.limits, self.context) = (plan, edition, limits, context)
            values = Array(repeating: "", count: plan.lesson.values.count)
        }

        /// Formats the inline values that stand before `limit` (every one left, when nil).
        mutating func formatValues(before limit: SourceLocation?) {
            while nextValue < plan.lesson.values.count {
                let span = plan.lesson.values[nextValue]
                if let limit, !(span.location < limit) { return }
                nextValue += 1
                // Past the cap on diagnostics the lesson has failed anyway; stop paying for more messages.
                if diagnostics.count > Pipeline.maxDiagnostics { continue }
                if Executor.uses(plan.valueReads[nextValue - 1], failed) != nil { continue }
                do {
                    values[nextValue - 1] = try Executor.formatInline(span, context)
                } catch {
                    diagnostics.append(error)
                }
            }
        }

        /// Runs one directive, or skips it with a note when it uses what a failed one should have made.
        mutating func execute(_ step: PlannedStep) {
            if let (name, line) = Executor.uses(step, failed) {
                diagnostics.append(
                    Diagnostic(
                        .note, in: context.file, at: step.block.kindLocation,
                        "skipped: this directive uses '\(name)', which the directive at line \(line) could not make"))
                for name in Executor.names(madeBy: step, plan) { failed[name] = line }
                return
            }
            context.block = step.block
            context.hidden = step.instructorOnly && edition == .student
            context.noteComputed(step.defines, from: step.reads)
            let (imagesBefore, answersBefore) = (context.images.count, context.answers.count)
            let savedBefore = Set(context.attachments.keys)
            // The engine's long loops stop at the deadline; what a stopped loop computed is incomplete, so the
            // directive's result is replaced by the limit's error.
            let end = DispatchTime.now().uptimeNanoseconds + UInt64(limits.maxSecondsPerDirective * 1e9)
            let (result, reached) = Deadline.run(until: end) {
                Result { () throws(Diagnostic) -> [OutputBlock] in try step.directive.execute(&context) }
            }
            do {
                let blocks = try (reached ? .failure(context.timeLimitError()) : result).get()
                show(blocks, of: step, imagesBefore: imagesBefore, answersBefore: answersBefore, savedBefore: savedBefore)
            } catch {
                diagnostics.append(error)
                diagnostics += context.takeReports()
                if !type(of: step.directive).failureLeavesStateIntact {
                    for name in Executor.names(madeBy: step, plan) { failed[name] = step.block.fence.line }
                }
            }
            diagnostics += context.takeReports()
        }

        /// Records what a directive that ran shows, and the files it saved. An instructor-only directive runs in
        /// every edition (later ones may use it) but shows only there: nothing of it reaches a student edition, not
        /// its images, its files, or the answers of an exercise the students do not see.
        private mutating func show(
            _ blocks: [OutputBlock], of step: PlannedStep, imagesBefore: Int, answersBefore: Int,
            savedBefore: Set<String>
        ) {
            let hidden = context.hidden
            outputs[step.block.index] = hidden ? ([], false) : (blocks, step.echo)
            let saved = context.attachments.keys.filter { !savedBefore.contains($0) }
            for name in saved { savedBy[name] = step.block.kindLocation }
            if hidden {
                context.images.removeSubrange(imagesBefore...)
                context.answers.removeSubrange(answersBefore...)
                for name in saved { (context.attachments[name], savedBy[name]) = (nil, nil) }
            }
        }
    }

    /// The names a step defines (its results, its model), the model it changes (`train`'s), and `swift` for a
    /// Swift cell (all cells are one program).
    static func names(madeBy step: PlannedStep, _ plan: LessonPlan) -> [String] {
        var names = step.defines
        if step.block.isSwiftCell { names.append("swift") }
        if let model = step.directive.updatedModel { names.append(model) }
        return names
    }

    /// The first failed name `step` reads, as it declared when planned; a Swift cell uses the program of an
    /// earlier failed cell, and the names its code mentions.
    static func uses(_ step: PlannedStep, _ failed: [String: Int]) -> (String, Int)? {
        if step.block.isSwiftCell {
            if let line = failed["swift"] { return ("swift", line) }
            return mentions(step.block.body, failed)
        }
        return uses(step.reads, failed)
    }

    /// The first failed name among `reads`: a read is the failed name or a path inside it (`m.loss.mean` reads
    /// `m` and `m.loss`; the shortest failed one is named, the one the failure started from).
    static func uses(_ reads: [String], _ failed: [String: Int]) -> (String, Int)? {
        guard !failed.isEmpty else { return nil }
        for read in reads {
            var prefix = ""
            for component in read.split(separator: ".", omittingEmptySubsequences: false) {
                prefix += prefix.isEmpty ? String(component) : "." + component
                if let line = failed[prefix] { return (prefix, line) }
            }
        }
        return nil
    }

    /// The first failed name Swift code mentions as a whole name (`m` in `Workbook.model("m")`, not in `mm`).
    static func mentions(_ text: String, _ failed: [String: Int]) -> (String, Int)? {
        guard !failed.isEmpty else { return nil }
        let chars = Array(text)
        func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        for (name, line) in failed.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
            let n = Array(name)
            var i = 0
            while i + n.count <= chars.count {
                if Array(chars[i..<(i + n.count)]) == n,
                    i == 0 || !(isNameCharacter(chars[i - 1]) || chars[i - 1] == "."),
                    i + n.count == chars.count || !isNameCharacter(chars[i + n.count])
                {
                    return (name, line)
                }
                i += 1
            }
        }
        return nil
    }

    /// `{{ x | vector }}` (a column) or `{{ W | matrix }}`, optionally with a number format (`vector .2f`), as a
    /// TeX `bmatrix` of at most 12 × 12 numbers.
    private static func texArray(_ span: InlineValueSpan, _ context: ExecutionContext) throws(Diagnostic) -> String {
        let words = (span.format ?? "").split(separator: " ")
        let (kind, spec) = (String(words[0]), words.count > 1 ? String(words[1]) : ".4f")
        guard words.count <= 2, let format = NumberFormat(spec: spec) else {
            throw context.error(span.location, "write '\(kind)' or '\(kind) .3f' after '|' (a number format)")
        }
        let value = try context.evaluate(span.expression, at: span.expressionLocation)
        var rows: [[Double]]
        switch value {
        case .tensor(let t) where t.shape.count == 1 && kind == "vector": rows = t.data.map { [$0] }
        case .tensor(let t) where t.shape.count == 2 && kind == "matrix":
            rows = t.rows
        case .number(let x) where kind == "matrix": rows = [[x]]
        default:
            throw context.error(
                span.expressionLocation,
                "'| \(kind)' shows a \(kind == "vector" ? "vector" : "matrix"), but '\(span.expression)' is \(value.typeName)"
            )
        }
        guard rows.count <= 12, (rows.first?.count ?? 0) <= 12 else {
            throw context.error(
                span.expressionLocation,
                "'\(span.expression)' is \(value.typeName), too large to show inline (at most 12 × 12); a 'forward' or 'backward' table shows it whole"
            )
        }
        let body = rows.map { $0.map { TeXValue.tex(format.format($0)) }.joined(separator: " & ") }
        return "\\begin{bmatrix}" + body.joined(separator: " \\\\ ") + "\\end{bmatrix}"
    }

    /// `{{ expr | format }}`: a number in the given format (default `.4f`, whole numbers as integers), text as is.
    static func formatInline(_ span: InlineValueSpan, _ context: ExecutionContext) throws(Diagnostic) -> String {
        if span.isTeX { return try texArray(span, context) }
        var format: NumberFormat?
        if let spec = span.format {
            guard let f = NumberFormat(spec: spec) else {
                throw context.error(
                    span.location, "unknown format '\(spec)' in inline value; use .4f, .3e, .6g, d or .1%")
            }
            format = f
        }
        if span.expression.isEmpty { throw context.error(span.location, "empty inline value '{{ }}'") }
        switch try context.evaluate(span.expression, at: span.expressionLocation) {
        case .number(let x):
            if let format { return format.format(x) }
            return x == x.rounded() && abs(x) < 1e15
                ? NumberFormat(style: .integer, precision: 0).format(x) : NumberFormat.standard.format(x)
        case .text(let s):
            return s
        case let other:
            throw context.error(
                span.expressionLocation,
                "an inline value must be a number or text, but '\(span.expression)' is \(other.typeName)")
        }
    }
}
