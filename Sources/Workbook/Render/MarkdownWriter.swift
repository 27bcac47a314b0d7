/// Renders an executed lesson as Markdown: the lesson's own text, with each directive block replaced by its
/// results (pipe tables, paragraphs, plots in code blocks) and each inline value by its text. Math stays `$…$`.
struct MarkdownWriter {
    func document(_ executed: ExecutedLesson) -> String {
        let lesson = executed.lesson
        let file = lesson.file
        // Replacements by byte range, applied in order.
        var edits: [(range: Range<Int>, text: String)] = []
        for block in lesson.directives {
            let start = file.byteOffset(ofLine: block.fence.line)
            let end = file.byteOffset(ofLine: block.endLine + 1)
            let prefix = containerPrefix(file.line(block.fence.line), column: block.fence.column)
            var text = ""
            if let output = executed.outputs[block.index] {
                var parts: [String] = []
                if output.echo { parts.append(fenced("rnn \(block.kind)\n" + block.body, info: "")) }
                parts += output.blocks.map(render)
                if let numbering = executed.numbering, let float = numbering.floats[block.index] {
                    parts = figure(parts, float, numbering)
                }
                text = parts.joined(separator: "\n")
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                text.hasSuffix("\n") ? 1 : 0)
            var indented =
                lines.map { $0.isEmpty ? prefix.trimmingTrailingSpaces : prefix + $0 }.joined(separator: "\n") + "\n"
            if end >= file.bytes.count, !file.text.hasSuffix("\n") { indented.removeLast() }
            edits.append((start..<end, indented))
        }
        for (i, span) in lesson.values.enumerated() {
            let value = i < executed.values.count ? executed.values[i] : ""
            // Inside math the value is TeX, which Markdown leaves alone between the dollars.
            let text = span.inMath ? TeXValue.inMath(value, span) : span.isTeX ? "$" + value + "$" : escape(value)
            edits.append((span.byteRange, text))
        }
        edits += CitationMarkdown.edits(lesson)
        edits += crossReferenceEdits(executed)
        let callouts = MarkdownCallouts.edits(lesson)
        let out = MarkdownCallouts.apply(edits + callouts.edits, to: file.bytes, quoting: callouts.quoted)
        let text = String(decoding: out, as: UTF8.self)
        return text + CitationMarkdown.references(lesson, after: text)
    }

    /// What stands before a fence in its container (`> `, list indentation), to repeat on every output line.
    private func containerPrefix(_ line: String, column: Int) -> String {
        String(line.unicodeScalars.prefix(column - 1).map { $0 == ">" ? ">" : " " })
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
        case .highlight(let highlight):
            return fenced(highlight.text, info: "text") + "\n" + render(.table(highlight.table))
        case .source(let code, let language):
            return fenced(code, info: language)
        case .live(let figure):
            return (figure.blocks + [.paragraph([.text(LiveFigure.staticNote(figure.kind))])]).map(render)
                .joined(separator: "\n")
        case .table(let table):
            var lines = ["", inline(table.caption), ""]
            lines.append("| " + table.columns.map { cell($0.header) }.joined(separator: " | ") + " |")
            lines.append("|" + table.columns.map { $0.numeric ? "---:|" : ":---|" }.joined())
            for row in table.rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
            return lines.dropFirst().joined(separator: "\n") + "\n"
        }
    }

    private func fenced(_ text: String, info: String) -> String {
        var fence = "```"
        while text.contains(fence) { fence += "`" }
        return fence + info + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    private func cell(_ spans: [Span]) -> String {
        let text = inline(spans).replacingPipes
        return text.isEmpty ? " " : text
    }

    private func inline(_ spans: [Span]) -> String {
        spans.map { span -> String in
            switch span {
            case .text(let t): return escape(t)
            case .code(let t): return t.isEmpty ? "" : code(t)
            case .math(let t): return "$\(t)$"
            case .strong(let t): return "**\(escape(t))**"
            case .link(let t, let href): return "[\(escape(t))](<\(href)>)"
            }
        }.joined()
    }

    private func code(_ t: String) -> String {
        var ticks = "`"
        while t.contains(ticks) { ticks += "`" }
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

    fileprivate var trimmingTrailingSpaces: String {
        String(self.reversed().drop(while: { $0 == " " }).reversed())
    }
}
