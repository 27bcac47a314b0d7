import Foundation
import RNN

/// A lesson after execution: what each directive shows, and each inline value's text.
struct ExecutedLesson: Sendable {
    let lesson: ParsedLesson
    /// By directive index: the blocks it shows, and whether its source is echoed.
    let outputs: [Int: (blocks: [OutputBlock], echo: Bool)]
    /// By inline-value index: the formatted value.
    let values: [String]
    /// The files the lesson read, with their SHA-256.
    let filesRead: [String: String]
    /// Files the lesson wrote for download (`save`), by name.
    var attachments: [String: Data] = [:]
    /// Every result by name, as the last directive left them.
    var namespace = Namespace()
}

/// The Execute stage: runs a lesson's directives in order against the engine, then fills in inline values.
/// A directive that cannot run stops the lesson (later ones would read results that do not exist); failed
/// checks are reported and execution goes on, so one build lists them all.
enum Executor {
    static func execute(_ plan: LessonPlan, limits: Limits, swift: SwiftCellEnvironment? = nil) -> (
        ExecutedLesson, [Diagnostic]
    ) {
        var context = ExecutionContext(file: plan.lesson.file, limits: limits)
        context.slug = plan.lesson.slug
        context.swiftCells = plan.swiftCells
        context.swiftEnvironment = swift
        context.definitions = plan.definitions
        defer { context.finishSwift() }
        var outputs: [Int: (blocks: [OutputBlock], echo: Bool)] = [:]
        var diagnostics: [Diagnostic] = []
        var values = Array(repeating: "", count: plan.lesson.values.count)
        var stopped = false
        // Inline values and directives interleaved in document order: a value shows the lesson's state at the
        // point where it stands, so `{{ w }}` above a `train` is the untrained weight.
        var nextValue = 0
        func formatValues(before limit: SourceLocation?) {
            while nextValue < plan.lesson.values.count {
                let span = plan.lesson.values[nextValue]
                if let limit, !(span.location < limit) { return }
                nextValue += 1
                // Past the cap on diagnostics the lesson has failed anyway; stop paying for more messages.
                if stopped || diagnostics.count > Pipeline.maxDiagnostics { continue }
                do {
                    values[nextValue - 1] = try formatInline(span, context)
                } catch {
                    diagnostics.append(error)
                }
            }
        }
        for step in plan.steps {
            formatValues(before: step.block.fence)
            if stopped { break }
            context.block = step.block
            context.deadline = Date(timeIntervalSinceNow: limits.maxSecondsPerDirective)
            // The engine's long loops stop at the deadline; what a stopped loop computed is incomplete, so the
            // directive's result is replaced by the limit's error.
            let end = DispatchTime.now().uptimeNanoseconds + UInt64(limits.maxSecondsPerDirective * 1e9)
            let (result, reached) = Deadline.run(until: end) {
                Result { () throws(Diagnostic) -> [OutputBlock] in try step.directive.execute(&context) }
            }
            do {
                outputs[step.block.index] = (
                    try (reached ? .failure(context.timeLimitError()) : result).get(), step.echo
                )
            } catch {
                diagnostics.append(error)
                diagnostics += context.takeReports()
                if !type(of: step.directive).failureLeavesStateIntact {
                    stopped = true
                }
            }
            diagnostics += context.takeReports()
        }
        formatValues(before: nil)
        return (
            ExecutedLesson(
                lesson: plan.lesson, outputs: outputs, values: values, filesRead: context.filesRead,
                attachments: context.attachments, namespace: context.namespace),
            diagnostics
        )
    }

    /// `{{ expr | format }}`: a number in the given format (default `.4f`, whole numbers as integers), text as is.
    private static func formatInline(_ span: InlineValueSpan, _ context: ExecutionContext) throws(Diagnostic) -> String
    {
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
