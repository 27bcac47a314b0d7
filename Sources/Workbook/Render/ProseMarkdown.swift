/// The Markdown of a lesson's prose, written from its `Document` tree in one walk (as `ProseHTML` writes its
/// HTML): CommonMark with GitHub's extensions, so GitHub and any Markdown viewer show it. Math stays `$…$` and
/// `$$…$$`, inline values are their text, directives their results (from `directive`), callouts GitHub's
/// `> [!NOTE]` alerts, footnotes `[^1]` with their notes at the end, labels anchors (`<a id="eq-loss"></a>`) with
/// their numbers, cross-references links (`[Eq. 3.2](#eq-loss)`, `[Figure 2.1](02-students.md#fig-net)`).
struct ProseMarkdown {
    let lesson: ParsedLesson
    /// By inline-value index: the formatted value.
    let values: [String]
    /// The labels' numbers and the references' targets (none: references show as `?@label`).
    let numbering: LessonNumbering?
    /// The Markdown of directive `n`'s results (empty: nothing stands there).
    let directive: (Int) -> String
    /// The ids of the sections with a label (`{#sec-…}`), whose headings get an anchor of that name.
    let sectionLabels: Set<String>
    /// Inside a pipe table's cell, where `|` ends the cell unless escaped (even in code).
    var inCell = false
    /// Inside a link's text, where an unbalanced bracket would end it.
    var inLink = false

    init(lesson: ParsedLesson, values: [String], numbering: LessonNumbering?, directive: @escaping (Int) -> String) {
        self.lesson = lesson
        self.values = values
        self.numbering = numbering
        self.directive = directive
        sectionLabels = Set(lesson.labels.filter { $0.kind == .section }.map(\.id))
    }

    /// One step of the walk: a block to write, a container to open or close, a blank line, or lines.
    private enum Step {
        case block(Int, tight: Bool, alternate: Bool)
        case open(MarkdownLines.Prefix)
        case close
        case blank
        case lines(String)
    }

    /// The document's Markdown (its footnotes at the end), walked with an explicit stack.
    func render(_ document: Document) -> String {
        var out = MarkdownLines()
        write(document, children(document, document.roots, tight: false), into: &out)
        for note in document.footnotes {
            out.blank()
            let label = "[^\(note.number)]: "
            var steps: [Step] = [.open(.init(first: label, rest: "    "))]
            steps += note.blocks.isEmpty ? [.lines("\n")] : children(document, note.blocks, tight: false)
            write(document, steps + [.close], into: &out)
        }
        return out.text
    }

    private func write(_ document: Document, _ steps: [Step], into out: inout MarkdownLines) {
        var stack = Array(steps.reversed())
        while let step = stack.popLast() {
            switch step {
            case .open(let prefix): out.push(prefix)
            case .close: out.pop()
            case .blank: out.blank()
            case .lines(let text): out.write(text)
            case .block(let index, let tight, let alternate):
                let steps = block(document, document.nodes[index], tight: tight, alternate: alternate, into: &out)
                stack += steps.reversed()
            }
        }
    }

    /// Siblings in order, a blank line between two (none in a tight list's item); a list right after a list
    /// of its kind takes the other marker, or the two would join.
    private func children(_ document: Document, _ indices: [Int], tight: Bool) -> [Step] {
        var steps: [Step] = []
        var previousList: Bool?
        var alternate = false
        for (i, index) in indices.enumerated() {
            if i > 0, !tight { steps.append(.blank) }
            var list: Bool?
            if case .list(let style, _) = document.nodes[index].kind { list = style.start == nil }
            alternate = list != nil && list == previousList ? !alternate : false
            previousList = list
            steps.append(.block(index, tight: tight, alternate: alternate))
        }
        return steps
    }

    /// Writes a leaf block, or returns the steps of a container's content.
    private func block(
        _ document: Document, _ block: Block, tight: Bool, alternate: Bool, into out: inout MarkdownLines
    ) -> [Step] {
        // A block's own anchor (a table's, a list's, a quote's) on a line of its own before it.
        if let anchor = block.anchor {
            out.write(Self.anchor(anchor) + "\n")
            out.blank()
        }
        switch block.kind {
        case .blockQuote(let children):
            return [.open(.quote)] + self.children(document, children, tight: false) + [.close]
        case .list(let style, let items):
            return list(document, style, items, alternate: alternate)
        case .callout(let callout, let children):
            return [.open(.quote), .lines(calloutHeading(callout))] + self.children(document, children, tight: false)
                + [.close]
        case .division(let division, let children):
            // A margin note too: GitHub has no margin, so it is a block of the flow.
            let list = division.holdsReferences ? CitationMarkdown.list(lesson) : ""
            guard !list.isEmpty else { return self.children(document, children, tight: tight) }
            return self.children(document, children, tight: tight) + (children.isEmpty || tight ? [] : [.blank])
                + [.lines(list)]
        case .captioned(let captioned):
            return self.captioned(captioned)
        case .definitionList(let items):
            return definitionList(document, items)
        case .panels(let panels):
            return self.panels(document, panels)
        default:
            out.write(leaf(block))
            return []
        }
    }

    private func list(_ document: Document, _ style: ListStyle, _ items: [[Int]], alternate: Bool) -> [Step] {
        var steps: [Step] = []
        for (i, item) in items.enumerated() {
            if i > 0, !style.tight { steps.append(.blank) }
            let marker = style.start.map { "\($0 + i)" + (alternate ? ")" : ".") } ?? (alternate ? "*" : "-")
            steps.append(.open(.init(first: marker + " ", rest: String(repeating: " ", count: marker.count + 1))))
            steps += item.isEmpty ? [.lines("\n")] : children(document, item, tight: style.tight)
            steps.append(.close)
        }
        return steps
    }

    /// GitHub has no definition lists: each term bold (a glossary's after its anchor), each term and definition on a
    /// line of its own after a line break, each definition's paragraph after `: `, the items a blank line apart. A
    /// definition's other blocks (a glossary's paragraphs a blank line apart, a list) follow as blocks of their own,
    /// indented two places (which shows them as written and keeps them apart from the text around them).
    private func definitionList(_ document: Document, _ items: [DefinitionItem]) -> [Step] {
        var steps: [Step] = []
        for (i, item) in items.enumerated() {
            if i > 0 { steps.append(.blank) }
            var text = item.terms.map {
                ($0.anchor.map(Self.anchor) ?? "") + "**" + paragraphText(document, $0.paragraph) + "**"
            }.joined(separator: "\\\n")
            var blocks: [Int] = []
            for definition in item.definitions {
                if blocks.isEmpty, let first = definition.first, case .paragraph = document.nodes[first].kind {
                    text += "\\\n: " + paragraphText(document, first)
                    blocks += definition.dropFirst()
                } else {
                    blocks += definition
                }
            }
            steps.append(.lines(text + "\n"))
            guard !blocks.isEmpty else { continue }
            steps += [.blank, .open(.init(first: "  ", rest: "  "))]
            steps += children(document, blocks, tight: false) + [.close]
        }
        return steps
    }

    /// GitHub has neither tabs nor columns: the panels one after the other, a tab's under its label in bold.
    private func panels(_ document: Document, _ panels: Panels) -> [Step] {
        var steps: [Step] = []
        for panel in panels.panels {
            if !steps.isEmpty { steps.append(.blank) }
            if let label = panel.label, case let text = paragraphText(document, label), !text.isEmpty {
                steps += [.lines("**" + text + "**\n")] + (panel.children.isEmpty ? [] : [.blank])
            }
            steps += children(document, panel.children, tight: false)
        }
        return steps
    }

    private func paragraphText(_ document: Document, _ index: Int) -> String {
        guard case .paragraph(let content) = document.nodes[index].kind else { return "" }
        return inlines(content)
    }

    /// GitHub's alert line, and the title (GitHub draws none of its own, nor a fold) as a bold line.
    private func calloutHeading(_ callout: Callout) -> String {
        let marker = "[!\(callout.kind.rawValue.uppercased())]\n"
        return callout.title.isEmpty ? marker : marker + "**" + inlines(callout.title) + "**\n\n"
    }

    /// A figure: its anchor and image, its numbered caption under it; a table: its caption above it.
    private func captioned(_ captioned: Captioned) -> [Step] {
        let anchor = captioned.label.map(Self.anchor) ?? ""
        let caption = "*" + (numbering?.captionPrefix(captioned.label) ?? "") + inlines(captioned.caption) + "*\n"
        if let image = captioned.image { return [.lines(anchor + inlines([image]) + "\n\n" + caption)] }
        guard let table = captioned.table else { return [.lines(anchor + caption)] }
        return [.lines(anchor + caption), .blank, .block(table, tight: false, alternate: false)]
    }

    static func anchor(_ id: String) -> String { "<a id=\"\(HTML.escape(id))\"></a>" }

    private func leaf(_ block: Block) -> String {
        switch block.kind {
        case .heading(let level, let anchor, let content):
            let label = sectionLabels.contains(anchor) ? " " + Self.anchor(anchor) : ""
            var text = inlines(content, lineBreak: " ")
            if text.hasSuffix("#") { text.insert("\\", at: text.index(before: text.endIndex)) }
            return String(repeating: "#", count: level) + " " + text + label + "\n"
        case .paragraph(let content):
            return inlines(content) + "\n"
        case .code(let info, let literal):
            return MarkdownWriter.fenced(literal, info: info)
        case .html(let literal):
            // A comment's text is dropped, the comment kept empty: it may be what ends a list before another.
            return !lesson.rawHTMLAllowed && InlineHTML.isComment(literal) ? "<!-- -->\n" : literal
        case .thematicBreak:
            return "***\n"
        case .table(let table):
            return self.table(table)
        case .directive(let index):
            return directive(index)
        default:
            return ""
        }
    }

    /// A GFM pipe table, each cell its prose on one line.
    private func table(_ table: ProseTable) -> String {
        var cellWriter = self
        cellWriter.inCell = true
        func row(_ cells: [Document]) -> String {
            "| "
                + cells.map { cell in
                    let text = cellWriter.render(cell).trimmingCharacters(in: .newlines)
                    return text.isEmpty ? " " : text.replacingOccurrences(of: "\n", with: " ")
                }.joined(separator: " | ") + " |\n"
        }
        let rule = table.alignments.map { alignment -> String in
            switch alignment {
            case .none: return "---|"
            case .left: return ":---|"
            case .center: return ":---:|"
            case .right: return "---:|"
            }
        }
        return row(table.header) + "|" + rule.joined() + "\n" + table.rows.map(row).joined()
    }
}
