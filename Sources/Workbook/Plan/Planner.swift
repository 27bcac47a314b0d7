import Foundation

/// A directive ready to run: its block and its validated arguments.
struct PlannedStep: Sendable {
    let block: DirectiveBlock
    let directive: any Directive
    /// `echo` on the fence: the handout shows the directive's source above its results.
    let echo: Bool
    /// `instructor` on the fence: its results are shown in the instructor edition only.
    var instructorOnly = false
    /// The names it reads, declared while planning (`Arguments.reads`); a Swift cell's code is not read here, the
    /// executor looks for the names in its text.
    var reads: [String] = []
    /// The names it defines (a model, a corpus, its results), declared while planning.
    var defines: [String] = []
    /// A figure's or table's `label:` and `caption:`.
    var float: FloatKeys?
    /// The cross-references in the Markdown it holds (`Arguments.references`).
    var references: [CrossReferenceSpan] = []
}

/// A lesson whose every directive is known and valid, in document order.
struct LessonPlan: Sendable {
    let lesson: ParsedLesson
    let steps: [PlannedStep]
    /// All Swift cells of the lesson, which compile into one program.
    var swiftCells: [SwiftCell] = []
    /// Every name the lesson defines (models and results), with where.
    var definitions: [String: SourceLocation] = [:]
    /// The names each inline value reads, in the order of `lesson.values`.
    var valueReads: [[String]] = []
}

/// The Plan stage: each directive block to a typed directive, with every mistake reported at its line and
/// column (unknown directive or key, wrong type, out of range, a model used before it is defined, a name
/// used twice). Nothing runs here.
enum Planner {
    static let fenceOptions = ["echo", "instructor"]

    static func plan(_ lesson: ParsedLesson, limits: Limits) -> (LessonPlan, [Diagnostic]) {
        var context = PlanContext(file: lesson.file, limits: limits)
        var diagnostics: [Diagnostic] = []
        var steps: [PlannedStep] = []
        for block in lesson.directives {
            guard let type = DirectiveRegistry.lookup(block) else {
                let kinds = DirectiveRegistry.kinds.map { $0.kind }
                diagnostics.append(
                    Diagnostic(
                        .error, in: lesson.file, at: block.kindLocation,
                        "unknown directive '\(block.kind)'" + didYouMean(block.kind, among: kinds) + "; directives are "
                            + kinds.joined(separator: ", ")))
                continue
            }
            let (echo, instructorOnly, optionProblems) = options(block, type, lesson.file)
            diagnostics += optionProblems
            var arguments = Arguments(
                block: block, file: lesson.file, allowed: type.keys + FloatKeys.keys(type.float),
                acceptsList: type.acceptsList, parsesBody: !type.bodyIsCode)
            let float = arguments.hasErrors ? nil : FloatKeys.read(&arguments, kind: type.float)
            let definedBefore = context.definedInOrder.count
            let directive = arguments.hasErrors ? nil : type.plan(&arguments, &context)
            // A body that is not YAML still names what it defines: later directives that use the name get no
            // second error for it, so the lesson's other mistakes show in the same build.
            if arguments.hasErrors, !type.bodyIsCode { context.claimUnreadable(block) }
            diagnostics += arguments.diagnostics
            if let directive, optionProblems.isEmpty {
                let defines = context.definedInOrder[definedBefore...].sorted()
                steps.append(
                    PlannedStep(
                        block: block, directive: directive, echo: echo, instructorOnly: instructorOnly,
                        reads: arguments.reads, defines: defines, float: float, references: arguments.references))
            }
        }
        // A model defined below the directives that use it: say where, as a compiler points at a declaration.
        for name in context.modelsNotYetDefined {
            guard let defined = context.models[name] else { continue }
            diagnostics.append(
                Diagnostic(
                    .note, in: lesson.file, at: defined,
                    "model '\(name)' is defined here, below a directive that uses it; a directive sees only the models defined above it, so move this one up"
                ))
        }
        var valueReads: [[String]] = []
        for span in lesson.values {
            let (problem, reads) = inlineValue(span, lesson.file)
            if let problem { diagnostics.append(problem) }
            valueReads.append(reads)
        }
        return (
            LessonPlan(
                lesson: lesson, steps: steps, swiftCells: context.swiftCells,
                definitions: context.names.merging(context.models) { a, _ in a },
                valueReads: valueReads),
            diagnostics
        )
    }
}

extension Planner {
    /// The words after a directive's kind on its fence: `echo` (show the source too) and `instructor` (show it in
    /// the instructor edition only); another word is an error. A Swift cell's words are its own.
    static func options(_ block: DirectiveBlock, _ type: any Directive.Type, _ file: SourceFile)
        -> (echo: Bool, instructorOnly: Bool, [Diagnostic])
    {
        var echo = false
        var instructorOnly = false
        var diagnostics: [Diagnostic] = []
        for word in block.words where !type.bodyIsCode {
            if word == "echo" {
                echo = true
            } else if word == "instructor" {
                instructorOnly = true
            } else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: block.kindLocation,
                        "unknown fence option '\(word)' on '\(block.kind)'" + didYouMean(word, among: fenceOptions)
                            + "; options are " + fenceOptions.joined(separator: ", ")))
            }
        }
        return (echo, instructorOnly, diagnostics)
    }

    /// What is wrong with an inline value's writing (its expression's syntax, its format), found before anything
    /// runs, and the names its expression reads (from the same parse); names are resolved where the value stands,
    /// when the lesson executes.
    static func inlineValue(_ span: InlineValueSpan, _ file: SourceFile) -> (problem: Diagnostic?, reads: [String]) {
        if span.expression.isEmpty {
            return (Diagnostic(.error, in: file, at: span.location, "empty inline value '{{ }}'"), [])
        }
        let reads: [String]
        do {
            reads = try ExpressionParser.parse(span.expression).names
        } catch let error as ExpressionError {
            let at = span.expressionLocation
            return (
                Diagnostic(
                    .error, in: file, at: SourceLocation(line: at.line, column: at.column + error.offset), error.message),
                []
            )
        } catch {
            return (Diagnostic(.error, in: file, at: span.expressionLocation, "\(error)"), [])
        }
        if let spec = span.format, !span.isTeX, NumberFormat(spec: spec) == nil {
            return (
                Diagnostic(
                    .error, in: file, at: span.location,
                    "unknown format '\(spec)' in inline value; use .4f, .3e, .6g, d or .1%"), reads
            )
        }
        return (nil, reads)
    }
}

extension PlanContext {
    /// The name an unreadable `model`, `corpus` or `dataset` defines (its `name:` line), claimed as if the directive
    /// had planned, so that its uses are not reported as undefined too.
    mutating func claimUnreadable(_ block: DirectiveBlock) {
        guard ["model", "corpus", "dataset"].contains(block.kind),
            let line = block.body.split(separator: "\n").first(where: { $0.hasPrefix("name:") })
        else { return }
        let name = line.dropFirst("name:".count).trimmingCharacters(in: .whitespaces)
        guard DirectiveSupport.isName(name), names[name] == nil else { return }
        define(name: name, at: block.kindLocation)
        switch block.kind {
        case "model": define(model: name, at: block.kindLocation)
        case "corpus": corpora.insert(name)
        default: datasets[name] = .some(nil)
        }
    }
}
