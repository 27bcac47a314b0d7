/// Citations and the References section in the Markdown handout: a citation's text ("(Werbos 1990, p. 3)"), the
/// section at the end.
enum CitationMarkdown {
    /// `## References` and a list of the works the lesson cites, after a blank line (`text` is the handout so far);
    /// nothing when a `::: {#refs}` div places the list (`list`).
    static func references(_ lesson: ParsedLesson, after text: String) -> String {
        let list = self.list(lesson)
        guard !list.isEmpty, !lesson.document.holdsReferences else { return "" }
        return (text.hasSuffix("\n") ? "\n" : "\n\n") + "## References\n\n" + list
    }

    /// The works the lesson cites as a list, one line each (empty when it cites nothing).
    static func list(_ lesson: ParsedLesson) -> String {
        CitationHTML.references(of: lesson).map { entry in
            "- " + (entry.label.isEmpty ? "" : runs(entry.label) + " ") + runs(entry.text) + "\n"
        }.joined()
    }

    /// Runs as Markdown: emphasis `*…*`, a web address `<…>` (or `[text](<…>)`), a citation's link to its entry
    /// as plain text (a Markdown reader has no anchors to go to).
    static func runs(_ runs: [TextRun]) -> String {
        let escape = MarkdownWriter().escape
        return runs.map { run in
            var text = escape(run.text)
            for mark in run.marks {
                switch mark {
                case .emphasis: text = "*" + text + "*"
                case .link(let url): text = run.text == url ? "<" + url + ">" : "[" + text + "](<" + url + ">)"
                case .reference: break
                }
            }
            return text
        }.joined()
    }
}
