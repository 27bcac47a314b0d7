/// Renders an executed lesson as Markdown, one walk of its tree (`ProseMarkdown`): its front matter as written,
/// its prose, each directive's results where it stood (pipe tables, paragraphs, plots in code blocks), its
/// footnotes and its References section.
struct MarkdownWriter {
    func document(_ executed: ExecutedLesson) -> String {
        let lesson = executed.lesson
        let prose = ProseMarkdown(lesson: lesson, values: executed.values, numbering: executed.numbering) {
            directive($0, executed)
        }
        var text = frontMatter(lesson)
        let body = prose.render(lesson.document)
        text += (text.isEmpty || body.isEmpty ? "" : "\n") + body
        return text + CitationMarkdown.references(lesson, after: text)
    }

    /// The front matter's lines as the lesson has them (GitHub shows them as a table; other viewers skip them).
    private func frontMatter(_ lesson: ParsedLesson) -> String {
        guard let lines = lesson.frontMatter?.lines else { return "" }
        return lines.map { lesson.file.line($0) + "\n" }.joined()
    }

    /// A directive's results (its source first when it echoes), with its figure's anchor and caption.
    private func directive(_ index: Int, _ executed: ExecutedLesson) -> String {
        guard let output = executed.outputs[index], let block = executed.lesson.directive(index) else { return "" }
        // A directive that shows nothing here (an instructor-only one in a student edition) leaves no trace, not
        // its figure's caption either.
        if output.blocks.isEmpty, !output.echo { return "" }
        var parts: [String] = []
        if output.echo { parts.append(fenced("rnn \(block.kind)\n" + block.body, info: "")) }
        parts += output.blocks.map { block in
            guard case .live(let figure) = block else { return render(block) }
            let authorsNote = LiveFigure.isAuthorsNote(executed.lesson.document.block(after: index))
            return render(figure, note: !authorsNote)
        }
        if let numbering = executed.numbering, let float = numbering.floats[index] {
            parts = figure(parts, float, numbering)
        }
        return parts.joined(separator: "\n")
    }

    func render(_ block: OutputBlock) -> String {
        switch block {
        case .paragraph(let spans):
            return inline(spans) + "\n"
        case .preformatted(let text):
            return fenced(text, info: "text")
        case .plot(let plot):
            return fenced(ASCIIPlot.render(plot), info: "text")
        case .diagram(let diagram):
            return render(.table(diagram.table))
        case .prose(let fragment):
            return String(document(fragment.executed).drop { $0 == "\n" })
        case .answerForm(let form):
            return "Your answers: " + form.names.map { "`\(form.exercise).\($0)` = ____" }.joined(separator: ", ")
                + "\n"
        case .box(let title, _, let blocks):
            return inline(title) + "\n\n" + blocks.map(render).joined(separator: "\n")
        case .reveal(let blocks):
            return blocks.map(render).joined(separator: "\n")
        case .highlight(let highlight):
            return fenced(highlight.text, info: "text") + "\n" + render(.table(highlight.table))
        case .source(let code, let language):
            return fenced(code, info: language)
        case .live(let figure):
            return render(figure, note: true)
        case .table(let table):
            var lines = ["", inline(table.caption), ""]
            lines.append("| " + table.columns.map { cell($0.header) }.joined(separator: " | ") + " |")
            lines.append("|" + table.columns.map { $0.numeric ? "---:|" : ":---|" }.joined())
            for row in table.rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
            return lines.dropFirst().joined(separator: "\n") + "\n"
        }
    }

    /// A live figure's static figure, and unless the lesson says it itself, the sentence that the HTML handout's is
    /// live.
    private func render(_ figure: LiveFigure, note: Bool) -> String {
        let sentence: [OutputBlock] = note ? [.paragraph([.text(LiveFigure.staticNote(figure.kind))])] : []
        return (figure.blocks + sentence).map(render).joined(separator: "\n")
    }

    /// A fenced code block whose fence no line of the text closes (tildes when the info string has a backtick).
    static func fenced(_ text: String, info: String) -> String {
        let fence = ByteSearch.fence(
            of: UInt8(ascii: info.contains("`") ? "~" : "`"), longerThanAnyIn: text, least: 3)
        return fence + info + "\n" + text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    private func fenced(_ text: String, info: String) -> String { Self.fenced(text, info: info) }

    private func cell(_ spans: [Span]) -> String {
        let text = inline(spans).replacingPipes
        return text.isEmpty ? " " : text
    }

    private func inline(_ spans: [Span]) -> String {
        spans.map { span -> String in
            switch span {
            case .text(let t): return escape(t)
            case .code(let t): return Self.code(t)
            case .math(let t): return "$\(t)$"
            case .strong(let t): return "**\(escape(t))**"
            case .link(let t, let href): return "[\(escape(t))](<\(href)>)"
            }
        }.joined()
    }

    /// A code span whose backticks the text does not close.
    static func code(_ t: String) -> String {
        guard !t.isEmpty else { return "" }
        let ticks = ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: t, least: 1)
        let pad =
            t.hasPrefix("`") || t.hasSuffix("`") || t.hasPrefix(" ") && t.hasSuffix(" ") && !t.allSatisfy({ $0 == " " })
            ? " " : ""
        return ticks + pad + t + pad + ticks
    }

    /// Backslash-escapes the punctuation that is Markdown syntax anywhere in a line (emphasis, code, links,
    /// HTML, entities, math, table pipes), so a value or token shows as itself.
    func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>$&~|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

extension String {
    fileprivate var replacingPipes: String {
        // Inside a table cell a pipe ends the cell unless escaped, even inside code spans (GFM).
        var out = ""
        var previous: Character?
        for c in self {
            if c == "|", previous != "\\" { out += "\\|" } else { out.append(c) }
            previous = c
        }
        return out
    }
}
