import Foundation

/// Inlines in the Markdown handout: text escaped where it would read as syntax, everything else in the form
/// GitHub shows (sub- and superscripts as `<sub>`/`<sup>`, which GitHub allows and Pandoc's `~`/`^` it lacks).
extension ProseMarkdown {
    /// `lineBreak` stands for soft and hard breaks where a line cannot end (a heading). Consecutive text nodes
    /// (cmark splits text at brackets) are escaped as one run, so a bracket sees what follows it.
    func inlines(_ content: [Inline], lineBreak: String? = nil) -> String {
        var out = ""
        var atLineStart = true
        var run = ""
        func flush(followed: Bool) {
            guard !run.isEmpty else { return }
            let text = escape(Self.collapsingSpaces(run), followed: followed)
            out += atLineStart ? escapeLineStart(text) : text
            atLineStart = false
            run = ""
        }
        for node in content {
            if case .text(let text) = node.kind {
                run += text
                continue
            }
            flush(followed: true)
            switch node.kind {
            case .softBreak: out += lineBreak ?? "\n"
            case .lineBreak: out += lineBreak ?? "\\\n"
            default: out += inline(node)
            }
            atLineStart = lineBreak == nil && (node.kind == .softBreak || node.kind == .lineBreak)
        }
        flush(followed: false)
        return out
    }

    private func inline(_ node: Inline) -> String {
        switch node.kind {
        case .text, .softBreak, .lineBreak: return inlines([node])
        case .code(let text): return code(text)
        case .html(let literal): return lesson.rawHTMLAllowed ? literal : "<!-- raw HTML omitted -->"
        case .element(let element, let children):
            if lesson.rawHTMLAllowed { return element.openTag + inlines(children) + element.closeTag }
            let (open, close) = HTMLElementTags.checked(element) {
                CmarkEscape.href(lesson.imagePlacement.moved[$0] ?? $0)
            }
            return open + inlines(children) + close
        case .emphasis(let children): return "*" + inlines(children) + "*"
        case .strong(let children): return "**" + inlines(children) + "**"
        case .strikethrough(let children): return "~~" + inlines(children) + "~~"
        // GitHub has no `==`: the tag of the safe subset.
        case .highlight(let children): return "<mark>" + inlines(children) + "</mark>"
        case .sub(let children): return "<sub>" + inlines(children) + "</sub>"
        case .sup(let children): return "<sup>" + inlines(children) + "</sup>"
        case .link(let url, let title, let children):
            if title.isEmpty, children.count == 1, case .text(let text) = children[0].kind,
                text == url || "mailto:" + text == url, !url.contains(where: { " <>\\".contains($0) })
            {
                return "<" + url + ">"
            }
            return "[" + linkText(children) + "](" + destination(url, title) + ")"
        case .image(let url, let title, let children):
            if lesson.imagePlacement.missing.contains(url.trimmingSpaces) {
                return "*[" + linkText(children) + "]* (image not included)"
            }
            return "![" + linkText(children) + "](" + destination(lesson.imagePlacement.moved[url.trimmingSpaces] ?? url, title) + ")"
        case .math(let index): return math(index)
        case .value(let index): return value(index)
        case .citation(let items, let bracketed): return citation(items, bracketed: bracketed)
        case .crossReference(let index): return crossReference(index)
        case .footnoteReference(let reference): return "[^\(reference.number)]"
        case .taskMarker(let checked): return checked ? "[x]" : "[ ]"
        case .anchor(let id): return ProseMarkdown.anchor(id)
        }
    }

    /// A link's text, where every bracket is escaped (an unbalanced one would end it).
    private func linkText(_ children: [Inline]) -> String {
        var writer = self
        writer.inLink = true
        return writer.inlines(children)
    }

    /// `url "title"`, the URL in pointy brackets when it holds spaces, parentheses or backslashes (they take any).
    private func destination(_ url: String, _ title: MarkedText) -> String {
        let plain = !url.isEmpty && !url.contains(where: { " ()<>\\".contains($0) || $0.isWhitespace })
        var out = plain ? url : "<" + backslashed(url, "<>\\") + ">"
        guard !title.isEmpty else { return out }
        let text = title.pieces.map { piece -> String in
            switch piece {
            case .text(let text): return text
            case .math(let index): return math(index)
            case .value(let index): return index < values.count ? values[index] : ""
            }
        }.joined()
        out += " \"" + backslashed(text, "\"\\") + "\""
        return out
    }

    private func backslashed(_ text: String, _ characters: String) -> String {
        var out = ""
        for c in text {
            if characters.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    private func code(_ text: String) -> String {
        MarkdownWriter.code(inCell ? text.replacingOccurrences(of: "|", with: "\\|") : text)
    }

    /// Inline `$…$`, display `$$…$$` (as the lessons write them); a labelled equation has its anchor before and
    /// `\tag{3.2}` at its end.
    private func math(_ index: Int) -> String {
        guard index < lesson.math.count else { return "" }
        let span = lesson.math[index]
        let tex = span.tex { k in TeXValue.inMath(k < values.count ? values[k] : "", lesson.values[k]) }
        guard span.display else { return "$" + tex + "$" }
        guard let label = span.label else { return "$$" + tex + "$$" }
        let tag = numbering?.own(label.id).map { " \\tag{\($0.numberText)}" } ?? ""
        return Self.anchor(label.id) + "$$" + tex + tag + "$$"
    }

    private func value(_ index: Int) -> String {
        let text = index < values.count ? values[index] : ""
        if index < lesson.values.count, lesson.values[index].isTeX { return "$" + text + "$" }
        return escape(text, followed: true)
    }

    private func citation(_ items: [CitationItem], bracketed: Bool) -> String {
        guard let formatter = lesson.citationFormatter else {
            return escape(items.map { "@" + $0.key }.joined(separator: "; "), followed: true)
        }
        return CitationMarkdown.runs(formatter.inline(items, bracketed: bracketed))
    }

    /// `[Eq. 3.2](#eq-loss)`, or `?@label` for a label the course lacks.
    private func crossReference(_ index: Int) -> String {
        guard index < lesson.crossReferences.count else { return "" }
        let reference = lesson.crossReferences[index]
        guard let link = numbering?.link(reference, pageExtension: "md") else { return escape("?@" + reference.label, followed: true) }
        return "[" + linkText([Inline(.text(link.text), at: SourceLocation(line: 0, column: 0))]) + "](" + link.href + ")"
    }

    /// Runs of three or more spaces in a text as one: Markdown draws them as one, and they are what an Obsidian
    /// `%%comment%%` left, blanked in place (`ObsidianComments`), which the handout would otherwise show as a gap.
    static func collapsingSpaces(_ text: String) -> String {
        guard text.contains("   ") else { return text }
        var (out, spaces) = ("", 0)
        for c in text {
            spaces = c == " " ? spaces + 1 : 0
            if c != " " || spaces < 3 { out.append(c) } else if spaces == 3 { out.removeLast() }
        }
        return out
    }

    /// Text with a backslash before what Markdown (GitHub's, with math) would read as syntax anywhere in a line:
    /// emphasis, code, HTML, math, strikethrough, sub- and superscripts, a `_` at a word's edge, an entity's `&`,
    /// a cell's `|`, a `[` that would start a footnote or an alert, a `]` that would end a link's text or a link
    /// definition's label (before `(` or `:`, or before another inline when `followed`; any bracket in a link).
    func escape(_ text: String, followed: Bool) -> String {
        // Every character escaped is ASCII: text without one comes back as it is (most prose).
        guard text.utf8.contains(where: Self.mayBeEscaped) else { return text }
        let characters = Array(text)
        var out = ""
        // Decided once per run of `_` (65,000 of them in a row stay linear).
        var underscores = false
        for (i, c) in characters.enumerated() {
            let next = i + 1 < characters.count ? characters[i + 1] : nil
            if c == "_", i == 0 || characters[i - 1] != "_" {
                underscores = Self.mayDelimit(underscoresAt: i, in: characters)
            }
            switch c {
            case "\\", "`", "*", "<", "$", "~", "^":
                out.append("\\")
            case "_" where underscores:
                out.append("\\")
            case "[" where inLink || next == "^" || next == "!":
                out.append("\\")
            case "]" where inLink || next == "(" || next == ":" || (next == nil && followed):
                out.append("\\")
            case "&" where next.map { $0 == "#" || $0.isLetter } ?? false:
                out.append("\\")
            case "|" where inCell:
                out.append("\\")
            default:
                break
            }
            out.append(c)
        }
        return out
    }

    private static func mayBeEscaped(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "<"), UInt8(ascii: "$"),
            UInt8(ascii: "~"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "&"), UInt8(ascii: "|"):
            true
        default: false
        }
    }

    /// Whether the run of `_` around `i` could open emphasis (text after it, no letter or digit before it) or
    /// close it (text before it, no letter or digit after it): `snake_case` and a lone `___` cannot.
    private static func mayDelimit(underscoresAt i: Int, in characters: [Character]) -> Bool {
        var start = i
        while start > 0, characters[start - 1] == "_" { start -= 1 }
        var end = i + 1
        while end < characters.count, characters[end] == "_" { end += 1 }
        let before = start > 0 ? characters[start - 1] : nil
        let after = end < characters.count ? characters[end] : nil
        func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
        func isText(_ c: Character?) -> Bool { c.map { !$0.isWhitespace } ?? false }
        return isText(after) && !isWord(before) || isText(before) && !isWord(after)
    }

    /// A line's text that would start a block (a heading, a list item, a rule, a setext underline) escaped.
    private func escapeLineStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        let rest = text.dropFirst()
        switch first {
        case "#", ">":
            return "\\" + text
        case "+", "-", "=":
            return rest.isEmpty || rest.first == " " || rest.allSatisfy({ $0 == first }) ? "\\" + text : text
        case "0"..."9":
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            let after = text.dropFirst(digits.count)
            guard digits.count <= 9, let mark = after.first, mark == "." || mark == ")",
                after.dropFirst().first.map({ $0 == " " }) ?? true
            else { return text }
            return digits + "\\" + after
        default:
            return text
        }
    }
}
