/// A part of a page as the site's search finds it: its heading's text and anchor (none: the page's start) and its
/// plain text.
public struct SearchSection: Sendable, Equatable, Codable {
    public var heading: String
    public var anchor: String
    public var text: String
}

/// The plain text of an executed lesson, section by section (each heading with an anchor starts one, wherever it
/// stands), written from its tree as the other writers write theirs: math as its TeX (what KaTeX reads), inline
/// values, citations and cross-references as their text, each directive's results as their text; its title
/// block first, its footnotes in the last section, its References section last. Images and raw HTML add nothing.
struct SearchText {
    let executed: ExecutedLesson

    private var lesson: ParsedLesson { executed.lesson }

    func sections() -> [SearchSection] {
        let document = lesson.document
        var sections = [SearchSection(heading: lesson.title, anchor: "", text: titleBlock())]
        var stack = Array(document.roots.reversed())
        while let index = stack.popLast() {
            // The heading that repeats the title is the title block's: the page's start already.
            if index == lesson.titleHeading { continue }
            let block = document.nodes[index]
            if case .heading(_, let anchor, let content) = block.kind, !anchor.isEmpty {
                sections.append(SearchSection(heading: Self.collapsed(inlines(content)), anchor: anchor, text: ""))
                continue
            }
            sections[sections.count - 1].text += " " + text(of: block, then: &stack)
        }
        for note in document.footnotes {
            stack = Array(note.blocks.reversed())
            while let index = stack.popLast() {
                sections[sections.count - 1].text += " " + text(of: document.nodes[index], then: &stack)
            }
        }
        if !document.holdsReferences, case let text = referencesText(), !text.isEmpty {
            sections.append(
                SearchSection(heading: "References", anchor: CitationHTML.referencesAnchor(lesson), text: text))
        }
        let collapsed = sections.map {
            SearchSection(heading: $0.heading, anchor: $0.anchor, text: String(Self.collapsed($0.text).prefix(4000)))
        }
        // The page's start is a section of its own only when it holds words.
        return collapsed[0].text.isEmpty ? Array(collapsed.dropFirst()) : collapsed
    }

    /// The works the lesson cites, each entry's text.
    private func referencesText() -> String {
        CitationHTML.references(of: lesson).map { ($0.label + $0.text).map(\.text).joined() }.joined(separator: " ")
    }

    private func titleBlock() -> String {
        guard let front = lesson.frontMatter else { return "" }
        return [front.title, front.subtitle, front.author, front.date, front.description].compactMap { $0 }.joined(
            separator: " ")
    }

    /// A leaf's text, or a container's own text with its children pushed onto `stack`.
    private func text(of block: Block, then stack: inout [Int]) -> String {
        switch block.kind {
        case .heading(_, _, let content), .paragraph(let content): return inlines(content)
        case .blockQuote(let children):
            stack += children.reversed()
        case .division(let division, let children):
            stack += children.reversed()
            // The reference list a `::: {#refs}` div places is in the section it stands in.
            if division.holdsReferences { return referencesText() }
        case .list(_, let items): stack += items.reversed().flatMap { $0.reversed() }
        case .definitionList(let items): stack += items.flatMap(\.blocks).reversed()
        case .panels: stack += lesson.document.children(of: block).reversed()
        case .callout(let callout, let children):
            stack += children.reversed()
            return callout.title.isEmpty ? callout.kind.defaultTitle : inlines(callout.title)
        case .captioned(let captioned):
            if let table = captioned.table { stack.append(table) }
            return (executed.numbering?.captionPrefix(captioned.label) ?? "") + inlines(captioned.caption)
        case .code(_, let literal): return literal
        case .table(let table):
            return (table.header + table.rows.flatMap { $0 }).map { cell in
                cell.roots.map { cell.nodes[$0] }.map { block -> String in
                    var ignored: [Int] = []
                    return SearchText(executed: executed).text(of: block, then: &ignored)
                }.joined(separator: " ")
            }.joined(separator: " ")
        case .directive(let index): return directive(index)
        case .html, .thematicBreak: break
        }
        return ""
    }

    private func directive(_ index: Int) -> String {
        guard let output = executed.outputs[index], !output.blocks.isEmpty else { return "" }
        let caption = executed.numbering.flatMap { numbering in numbering.floats[index].map(numbering.caption) }
        return (output.blocks.map(Self.text) + [caption ?? ""]).joined(separator: " ")
    }

    /// A directive's result as text: what its HTML shows as text (a plot's or a diagram's drawing adds nothing).
    static func text(_ block: OutputBlock) -> String {
        switch block {
        case .paragraph(let spans): return text(spans)
        case .preformatted(let text), .source(let text, _): return text
        case .plot(let plot): return plot.title
        case .diagram, .answerForm: return ""
        case .live(let figure): return figure.blocks.map(text).joined(separator: " ")
        case .highlight(let highlight): return highlight.title + " " + highlight.tokens.joined(separator: highlight.joiner)
        case .prose(let fragment): return SearchText(executed: fragment.executed).sections().map(\.text).joined(separator: " ")
        case .box(let title, _, let blocks): return ([text(title)] + blocks.map(text)).joined(separator: " ")
        case .reveal(let blocks): return blocks.map(text).joined(separator: " ")
        case .table(let table):
            let cells = [table.caption] + table.columns.map(\.header) + table.rows.flatMap { $0 }
            return cells.map(text).joined(separator: " ")
        }
    }

    private static func text(_ spans: [Span]) -> String {
        spans.map { span in
            switch span {
            case .text(let t), .code(let t), .math(let t), .strong(let t), .link(let t, _): return t
            }
        }.joined()
    }

    private func inlines(_ content: [Inline]) -> String {
        content.map { node -> String in
            switch node.kind {
            case .text(let text), .code(let text): return text
            case .softBreak, .lineBreak: return " "
            case .html, .image, .taskMarker, .anchor: return ""
            case .emphasis(let children), .strong(let children), .link(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children), .element(_, let children):
                return inlines(children)
            case .math(let index):
                guard index < lesson.math.count else { return "" }
                return lesson.math[index].tex { k in
                    TeXValue.inMath(k < executed.values.count ? executed.values[k] : "", lesson.values[k])
                }
            case .value(let index): return index < executed.values.count ? executed.values[index] : ""
            case .citation(let items, let bracketed):
                guard let formatter = lesson.citationFormatter else { return "" }
                return formatter.inline(items, bracketed: bracketed).map(\.text).joined()
            case .crossReference(let index):
                guard index < lesson.crossReferences.count else { return "" }
                let reference = lesson.crossReferences[index]
                return executed.numbering?.link(reference, pageExtension: "html")?.text ?? "?@" + reference.label
            case .footnoteReference(let reference): return String(reference.number)
            }
        }.joined()
    }

    /// Each run of white space (Unicode's White_Space) as one space, none at either end.
    static func collapsed(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            // ASCII's white space is tab to carriage return and the space; only other scalars need the table.
            let isWhitespace =
                scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            out += scalar.utf8
        }
        return String(decoding: out, as: UTF8.self)
    }
}
