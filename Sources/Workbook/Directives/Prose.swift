import Foundation

/// Markdown written inside a directive (an exercise's question, hint and solution, an `instructor` block):
/// parsed as prose is (cmark, math, inline values), its inline values computed where the directive stands, and
/// kept as a tree for the writers. The local images it shows are the lesson's too: the build copies them.
enum Prose {
    /// `text`, written in the lesson with its first line at `line`, as a block for both handouts.
    static func render(_ text: String, line: Int, _ context: inout ExecutionContext) throws(Diagnostic) -> OutputBlock {
        guard !text.allSatisfy(\.isWhitespace) else { return .prose(.empty(context)) }
        // Blank lines in front keep the lesson's line numbers in what the fragment reports.
        let padded = String(repeating: "\n", count: max(0, line - 1)) + text
        let file = SourceFile(path: context.file.path, text: padded)
        let (parsed, problems) = LessonParser.parse(file, slug: context.slug, allowRawHTML: false)
        if let error = problems.first(where: { $0.severity == .error }) { throw error }
        guard let parsed else { return .prose(.empty(context)) }
        if !parsed.directives.isEmpty {
            throw context.error(
                parsed.directives[0].fence,
                "a directive cannot stand inside a question, a hint, a solution or an instructor block")
        }
        if let citation = parsed.citations.first {
            throw context.error(
                citation.location,
                "a citation cannot stand inside a question, a hint, a solution or an instructor block: cite in the lesson's prose")
        }
        // A fragment is parsed while the lesson runs, after the course's labels were checked and numbered.
        if let reference = parsed.crossReferences.first {
            throw context.error(
                reference.location,
                "a cross-reference cannot stand inside a question, a hint, a solution or an instructor block: refer to '\(reference.label)' in the lesson's prose"
            )
        }
        if let label = parsed.labels.first {
            throw context.error(
                label.location,
                "a label cannot stand inside a question, a hint, a solution or an instructor block: label '\(label.id)' in the lesson's prose"
            )
        }
        context.images += parsed.localImages
        var values: [String] = []
        for span in parsed.values { values.append(try Executor.formatInline(span, context)) }
        return .prose(ProseFragment(lesson: parsed, values: values))
    }
}

extension ProseFragment {
    /// No prose (a question left empty): nothing in either handout.
    static func empty(_ context: ExecutionContext) -> ProseFragment {
        let lesson = ParsedLesson(
            file: SourceFile(path: context.file.path, text: ""), slug: context.slug, title: "", document: Document(),
            math: [], values: [], directives: [])
        return ProseFragment(lesson: lesson, values: [])
    }
}
