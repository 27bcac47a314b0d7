/// Citations and the References section in the Markdown handout: a citation's text ("(Werbos 1990, p. 3)"), the
/// section at the end.
enum CitationMarkdown {
    /// `## References` and a list of the works the lesson cites, after a blank line (`text` is the handout so far).
    static func references(_ lesson: ParsedLesson, after text: String) -> String {
        let entries = CitationHTML.references(of: lesson)
        guard !entries.isEmpty else { return "" }
        var section = text.hasSuffix("\n") ? "\n" : "\n\n"
        section += "## References\n\n"
        for entry in entries {
            section += "- " + (entry.label.isEmpty ? "" : runs(entry.label) + " ") + runs(entry.text) + "\n"
        }
        return section
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
