import Foundation

/// Markdown written inside a directive (an exercise's question, hint and solution, an `instructor` block):
/// parsed as prose is (cmark, math, inline values), its inline values computed where the directive stands, and
/// kept as a tree for the writers. The local images it shows are the lesson's too: the build copies them, or
/// warns and shows a placeholder, by the rule of the prose's (`Build/LessonImages`). Its diagnostics and images
/// stand where the text stands in the lesson (a YAML block scalar's indentation, or the key before a one-line
/// value, moves its columns).
enum Prose {
    /// `text`, written in the lesson with its first line at `line`, as a block for both handouts.
    static func render(_ text: String, line: Int, _ context: inout ExecutionContext) throws(Diagnostic) -> OutputBlock {
        guard !text.allSatisfy(\.isWhitespace) else { return .prose(.empty(context)) }
        // Blank lines in front keep the lesson's line numbers in what the fragment reports.
        let padded = String(repeating: "\n", count: max(0, line - 1)) + text
        let file = SourceFile(path: context.file.path, text: padded)
        let (parsed, problems) = LessonParser.parse(file, slug: context.slug, allowRawHTML: false)
        let lesson = context.file
        let move = { (location: SourceLocation) in inLesson(location, fragment: file, lesson: lesson) }
        let math = parsed.map { KaTeXCommands.diagnostics($0.math, in: file, known: context.katex) } ?? []
        let relocated = (problems + math).map { $0.moved(to: lesson, by: move) }
        if let error = relocated.first(where: { $0.severity == .error }) { throw error }
        for warning in relocated { context.report(warning) }
        guard let parsed else { return .prose(.empty(context)) }
        if !parsed.directives.isEmpty {
            throw context.error(
                move(parsed.directives[0].fence),
                "a directive cannot stand inside a question, a hint, a solution or an instructor block")
        }
        if let citation = parsed.citations.first {
            throw context.error(
                move(citation.location),
                "a citation cannot stand inside a question, a hint, a solution or an instructor block: cite in the lesson's prose")
        }
        // Its cross-references were checked with the lesson's (`Arguments.references`); the writers number them.
        // Shown in a student edition, none may lead to what only the instructor edition shows.
        if context.edition == .student, !context.hidden, let index = context.numbering?.index {
            let slug = context.slug
            if let problem = parsed.crossReferences.lazy.compactMap({ index.editionProblem($0, from: slug, file) })
                .first
            {
                throw problem.moved(to: lesson, by: move)
            }
        }
        if let label = parsed.labels.first {
            throw context.error(
                move(label.location),
                "a label cannot stand inside a question, a hint, a solution or an instructor block: label '\(label.id)' in the lesson's prose"
            )
        }
        context.images += parsed.localImages.map { ($0.path, move($0.location)) }
        var values: [String] = []
        do {
            for span in parsed.values { values.append(try Executor.formatInline(span, context)) }
        } catch {
            throw error.moved(to: lesson, by: move)
        }
        return .prose(ProseFragment(lesson: parsed, values: values, numbering: context.numbering))
    }

    /// Where a position in the fragment `fragment` stands in `lesson`: on the same line, moved right by what
    /// precedes the fragment's text there (the indentation of a block scalar, `question: ` before a one-line
    /// value), or through a quoted scalar's escapes (`"say \"hi\""`, `'it''s'`: `quotedColumn`). A line whose
    /// text the lesson does not hold so (a folded scalar's) keeps its column.
    static func inLesson(_ location: SourceLocation, fragment: SourceFile, lesson: SourceFile) -> SourceLocation {
        let text = fragment.line(location.line)
        let written = lesson.line(location.line)
        guard !text.isEmpty else { return location }
        let offset: Int
        if written.unicodeScalars.reversed().starts(with: text.unicodeScalars.reversed()) {
            offset = written.unicodeScalars.count - text.unicodeScalars.count
        } else if let range = written.range(of: text, options: .backwards) {
            offset = written.unicodeScalars.distance(from: written.unicodeScalars.startIndex, to: range.lowerBound)
        } else if let column = quotedColumn(location.column, of: text, in: written) {
            return SourceLocation(line: location.line, column: column)
        } else {
            return location
        }
        return SourceLocation(line: location.line, column: location.column + offset)
    }

    /// The column in `written` of the character at `column` of `text`, when `written` holds `text` as a YAML
    /// quoted scalar: in double quotes a backslash escape (`\"`, `\\`, `\t`, `\x41`, `\u00e9`) stands for one
    /// character, in single quotes `''` for one quote. Nil when no quote on the line opens such a scalar.
    static func quotedColumn(_ column: Int, of text: String, in written: String) -> Int? {
        let (w, t) = (Array(written.unicodeScalars), Array(text.unicodeScalars))
        for start in w.indices where w[start] == "\"" || w[start] == "'" {
            var (i, j, places) = (0, start + 1, [Int]())
            while i < t.count, j < w.count {
                var next = j + 1
                if w[start] == "\"", w[j] == "\\", j + 1 < w.count {
                    next = j + 2 + (["x": 2, "u": 4, "U": 8][Character(w[j + 1])] ?? 0)
                } else if w[start] == "'", w[j] == "'", j + 1 < w.count, w[j + 1] == "'" {
                    next = j + 2
                } else if w[j] != t[i] {
                    break
                }
                places.append(j)
                (i, j) = (i + 1, next)
            }
            if i == t.count, column >= 1, column <= places.count { return places[column - 1] + 1 }
        }
        return nil
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
