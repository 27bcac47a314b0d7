/// Labels and cross-references, as Quarto writes them (`$$ … $$ {#eq-loss}`, `## BPTT {#sec-bptt}`,
/// `![caption](x.svg){#fig-net}`, `: Caption {#tbl-grads}` by a pipe table, `@eq-loss`) and as LaTeX does
/// (`\label{eq:loss}` inside display math, `\eqref{eq:loss}` and `\ref{…}` in prose). Parse finds them; the
/// numbers come when the course's labels are known (`Build/CrossReferences.swift`).

/// What a label names. Quarto's prefixes (`eq-`, `fig-`, `tbl-`, `sec-`) say it for `@` references.
public enum LabelKind: String, Sendable, Equatable, CaseIterable {
    case equation = "eq"
    case figure = "fig"
    case table = "tbl"
    case section = "sec"

    /// The word a reference and a caption show (`Eq. 3.2`, `Figure 3.1`, `Table 3.1`).
    var word: String {
        switch self {
        case .equation: return "Eq."
        case .figure: return "Figure"
        case .table: return "Table"
        case .section: return "Section"
        }
    }

    /// The kind a Quarto label's prefix gives (`fig-net` → figure), if any.
    static func ofQuartoLabel(_ label: String) -> LabelKind? {
        allCases.first { label.hasPrefix($0.rawValue + "-") && label.count > $0.rawValue.count + 1 }
    }
}

/// A figure (an image alone in its paragraph, with `{#fig-…}`) or a pipe table with a caption paragraph
/// (`: Caption {#tbl-…}`) before or after it.
public struct Captioned: Sendable, Equatable {
    public var kind: LabelKind
    /// The label, when it is numbered (a table's caption may have none).
    public var label: String?
    public var caption: [Inline]
    /// A figure's image (its description is the caption).
    public var image: Inline?
    /// A table's `.table` block, in `Document.nodes`.
    public var table: Int?
    /// Where a table's caption paragraph starts.
    public var captionLocation: SourceLocation?
}

/// A cross-reference in the prose, where it is written.
public struct CrossReferenceSpan: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        /// `@eq-loss`: `Eq. 3.2` (a section: its title).
        case quarto
        /// `\eqref{eq:loss}`: `(3.2)`, as LaTeX writes it.
        case eqref
        /// `\ref{fig:net}`: `3.1`.
        case ref
        /// MyST's `` {ref}`the loss <sec-loss>` ``: the text written, linked.
        case text(String)
        /// MyST's `` {numref}`fig-net` `` (`Figure 3.1`) or `` {numref}`Fig. %s <fig-net>` ``: the template with `%s`
        /// and `{number}` the number, `{name}` the caption or title.
        case numbered(template: String?)
    }

    public let label: String
    public let form: Form
    public let location: SourceLocation
    /// The reference as the lesson writes it (`{numref}\`fig-net\``), for messages. Taken when it is found, since
    /// `ForeignBoxes` may have rewritten the lines before it, so offsets into the lesson's own bytes would be off.
    public let written: String
}

/// A display equation's label: `{#eq-…}` after its closing `$$`, or `\label{…}` inside it.
public struct EquationLabel: Sendable, Equatable {
    public let id: String
    public let location: SourceLocation
    /// The offsets of the opening and the closing `$$`.
    let open: Int
    let close: Int
    /// The bytes of `{#eq-…}` (with the spaces before it) or of `\label{…}`.
    let attribute: Range<Int>
    let inTeX: Bool
}

/// A label the lesson defines, with where, and what the Markdown handout rewrites for it.
public struct LabelDefinition: Sendable, Equatable {
    public let id: String
    public let kind: LabelKind
    /// Where the label is written.
    public let location: SourceLocation
    /// A section's title (what a reference to it shows); a figure's or a table's caption.
    public var title = ""
    /// The directive whose results are the figure or table (`label:` and `caption:` on it).
    public var directive: Int?
    /// Whether only the instructor edition shows it (its directive is marked `instructor`, or its lesson is).
    public var instructorOnly = false
}

/// Finding labels and references in a lesson's bytes and in its tree.
enum Labels {
    /// The characters of a label after its first: letters, digits, `-`, `_`, `:` and `.` (the last two only
    /// between others, so `@eq-loss.` ends a sentence).
    static func labelEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, isLabelByte(bytes[end]) { end += 1 }
        while end > start, [UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-")].contains(bytes[end - 1]) {
            end -= 1
        }
        return end
    }

    static func isLabelByte(_ c: UInt8) -> Bool {
        isAlphanumeric(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
            || c == UInt8(ascii: ".")
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// `@eq-loss` at `at` (an `@`): not after a letter, digit or URL punctuation (an e-mail address, a path), and
    /// with one of Quarto's prefixes; anything else after `@` is a citation's.
    static func quartoReference(_ bytes: [UInt8], at: Int) -> (label: String, end: Int)? {
        if at > 0 {
            let before = bytes[at - 1]
            if isAlphanumeric(before) || "/@.:_~=&%+#\\".utf8.contains(before) || before >= 0x80 { return nil }
        }
        let end = labelEnd(bytes, from: at + 1)
        let label = String(decoding: bytes[(at + 1)..<end], as: UTF8.self)
        guard LabelKind.ofQuartoLabel(label) != nil else { return nil }
        return (label, end)
    }

    /// `\eqref{…}` or `\ref{…}` at `at` (a backslash).
    static func latexReference(_ bytes: [UInt8], at: Int) -> (label: String, form: CrossReferenceSpan.Form, end: Int)? {
        reference(bytes, at: at, [("\\eqref{", .eqref, ""), ("\\ref{", .ref, "")], closer: "}")
    }

    /// The first of `openers` written at `at`, then a label and `closer`: the label (after the opener's prefix),
    /// its form, and the offset after the closer; nil when no opener is there or the label is not closed.
    private static func reference(
        _ bytes: [UInt8], at: Int, _ openers: [(String, CrossReferenceSpan.Form, String)], closer: Unicode.Scalar
    ) -> (label: String, form: CrossReferenceSpan.Form, end: Int)? {
        for (opener, form, prefix) in openers {
            let word = Array(opener.utf8)
            guard at + word.count < bytes.count, Array(bytes[at..<(at + word.count)]) == word else { continue }
            let start = at + word.count
            var end = start
            while end < bytes.count, isLabelByte(bytes[end]) { end += 1 }
            guard end > start, end < bytes.count, bytes[end] == UInt8(ascii: closer) else { return nil }
            return (prefix + String(decoding: bytes[start..<end], as: UTF8.self), form, end + 1)
        }
        return nil
    }

    /// `{#label}` at `from` after spaces or tabs on the same line: the label and the bytes from `from`.
    static func attribute(_ bytes: [UInt8], from: Int) -> (label: String, range: Range<Int>)? {
        var i = from
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        guard i + 2 < bytes.count, bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "#") else {
            return nil
        }
        var end = i + 2
        while end < bytes.count, isLabelByte(bytes[end]) { end += 1 }
        guard end > i + 2, end < bytes.count, bytes[end] == UInt8(ascii: "}") else { return nil }
        return (String(decoding: bytes[(i + 2)..<end], as: UTF8.self), from..<(end + 1))
    }

    /// MyST's equation label, `(label)` after the closing `$$` and spaces, last on its line: the label and the
    /// bytes from `from`.
    static func mystEquationLabel(_ bytes: [UInt8], from: Int) -> (label: String, range: Range<Int>)? {
        var i = from
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "(") else { return nil }
        var end = i + 1
        while end < bytes.count, isLabelByte(bytes[end]) { end += 1 }
        guard end > i + 1, end < bytes.count, bytes[end] == UInt8(ascii: ")"),
            end + 1 == bytes.count || bytes[end + 1] == UInt8(ascii: "\n")
        else { return nil }
        return (String(decoding: bytes[(i + 1)..<end], as: UTF8.self), from..<(end + 1))
    }

    /// MyST's roles at `at`, a `{`: `` {eq}`label` `` (the equation's number in parentheses, as `\eqref`);
    /// `` {ref}`label` `` (the title of the heading a `(label)=` target names, as `@sec-label`; `ForeignBoxes`
    /// labels the heading `sec-label` and a `{figure}` named `net` `fig-net`; the name is kept as written and
    /// `CrossReferences.resolve` finds it) and
    /// `` {ref}`text <label>` `` (the text, linked); `` {numref}`label` `` (`Figure 3.1`) and
    /// `` {numref}`template <label>` ``. The role is one line.
    static func mystRole(_ bytes: [UInt8], at: Int) -> (label: String, form: CrossReferenceSpan.Form, end: Int)? {
        if let equation = reference(bytes, at: at, [("{eq}`", .eqref, "")], closer: "`") { return equation }
        for (opener, numbered) in [("{ref}`", false), ("{numref}`", true)] {
            let word = Array(opener.utf8)
            guard at + word.count < bytes.count, Array(bytes[at..<(at + word.count)]) == word else { continue }
            let start = at + word.count
            guard
                let close = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "\n") }),
                bytes[close] == UInt8(ascii: "`"), close > start
            else { return nil }
            let content = String(decoding: bytes[start..<close], as: UTF8.self)
            var (text, label): (String?, String) = (nil, content)
            if content.hasSuffix(">"), let open = content.range(of: "<", options: .backwards) {
                label = String(content[open.upperBound..<content.index(before: content.endIndex)])
                let written = content[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
                text = written.isEmpty ? nil : written
            }
            guard !label.isEmpty, label.utf8.allSatisfy(isLabelByte) else { return nil }
            // A name without Quarto's prefix is looked up when the course's labels are known
            // (`CrossReferences.resolve`: a section's `sec-name` first).
            if numbered { return (label, .numbered(template: text), close + 1) }
            return (label, text.map { .text($0) } ?? .quarto, close + 1)
        }
        return nil
    }

    /// `\label{…}` inside display math (`start..<end`): the label and its bytes.
    static func texLabel(_ bytes: [UInt8], in range: Range<Int>) -> (label: String, range: Range<Int>)? {
        let word = Array("\\label{".utf8)
        var i = range.lowerBound
        while i + word.count < range.upperBound {
            if bytes[i] == UInt8(ascii: "\\"), Array(bytes[i..<(i + word.count)]) == word {
                let start = i + word.count
                var end = start
                while end < range.upperBound, bytes[end] != UInt8(ascii: "}") { end += 1 }
                guard end < range.upperBound, end > start else { return nil }
                return (String(decoding: bytes[start..<end], as: UTF8.self), i..<(end + 1))
            }
            i += 1
        }
        return nil
    }

    /// The first `{#label}` (or `{#label` and more attributes up to its `}`; spaces may stand after the `{`, as
    /// Pandoc reads `{ #label }`) at or after `from` in the lesson and before `end`, with the spaces before it.
    static func attributeRange(of label: String, in bytes: [UInt8], from: Int, to end: Int? = nil) -> Range<Int>? {
        let needle = Array("#\(label)".utf8)
        let (brace, space, tab) = (UInt8(ascii: "}"), UInt8(ascii: " "), UInt8(ascii: "\t"))
        let end = min(end ?? bytes.count, bytes.count)
        var i = max(from, 0)
        while i < end {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "{") else { continue }
            var j = i + 1
            while j < end, bytes[j] == space || bytes[j] == tab { j += 1 }
            guard j + needle.count < end, bytes[j..<(j + needle.count)].elementsEqual(needle) else { continue }
            let after = bytes[j + needle.count]
            guard after == brace || after == space || after == tab,
                let close = bytes[(j + needle.count)..<end].firstIndex(where: { $0 == brace || $0 == UInt8(ascii: "\n") }),
                bytes[close] == brace
            else { continue }
            var start = i
            while start > from, bytes[start - 1] == space || bytes[start - 1] == tab { start -= 1 }
            return start..<(close + 1)
        }
        return nil
    }
}

extension Labels {
    /// A heading's content without its trailing attributes (`{#id}`, Quarto's `{#sec-x .unnumbered}` or
    /// `{.unnumbered}`), and the id.
    static func headingAttribute(_ content: [Inline]) -> ([Inline], String?) {
        guard let last = content.last, case .text(let text) = last.kind,
            let (label, rest) = trailingAttributes(text)
        else { return (content, nil) }
        var trimmed = Array(content.dropLast())
        if !rest.isEmpty { trimmed.append(Inline(.text(rest), at: last.location)) }
        return (trimmed, label)
    }

    /// `text` ending in `{#label}` (after spaces), or in Pandoc's attributes with such an id among them: the label
    /// and the text before them, its trailing spaces dropped.
    static func trailingAttribute(_ text: String) -> (String, String)? {
        guard let (label, rest) = trailingAttributes(text), let label else { return nil }
        return (label, rest)
    }

    /// `text` ending in Pandoc's attributes as Quarto writes them, `{#label}`, `{#fig-net width=60%}` or
    /// `{.unnumbered}` (after spaces): the id, if any, and the text before them, its trailing spaces dropped.
    /// Classes and key-value pairs (a width, `.unnumbered`) mean nothing in the handouts and are dropped.
    static func trailingAttributes(_ text: String) -> (String?, String)? {
        // The last byte that is not ASCII white space: when it is ASCII and not `}`, no attribute ends the text
        // (non-ASCII bytes, which may be Unicode spaces, take the full path).
        if let last = text.utf8.reversed().first(where: { !($0 == 0x20 || (0x09...0x0D).contains($0)) }),
            last < 0x80, last != UInt8(ascii: "}")
        {
            return nil
        }
        let trimmed = text.trimmingSpaces
        guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{", options: .backwards),
            let label = attributesID(String(trimmed[open.lowerBound...]))
        else { return nil }
        let before = String(trimmed[..<open.lowerBound])
        return (label, String(before.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
    }

    /// Pandoc's attributes, `{#id .class key=value}` (or `{-}`, Pandoc's `.unnumbered`), with at least one of them:
    /// `.some(id)` (nil without an id); nil when the braces hold anything else (`{a, b}`), or an id that is no label.
    static func attributesID(_ braces: String) -> String?? {
        if braces == "{-}" { return .some(nil) }
        guard braces.hasPrefix("{"), braces.count > 2, case .success(let attributes) = DivAttributes.parse(braces)
        else { return nil }
        guard let id = attributes.id else { return .some(nil) }
        return id.utf8.allSatisfy(isLabelByte) ? .some(id) : nil
    }

    /// `content` without the attributes written right after an image (`![x](a.png){width=60%}`): Quarto's sizes and
    /// classes, which the handouts have no use for. A figure's `{#fig-…}` is read before (`figure`).
    static func droppingImageAttributes(_ content: [Inline]) -> [Inline] {
        var out: [Inline] = []
        for inline in content {
            if case .image = out.last?.kind, case .text(let text) = inline.kind, text.hasPrefix("{"),
                let close = text.firstIndex(of: "}"), attributesID(String(text[...close])) != nil
            {
                let rest = String(text[text.index(after: close)...])
                if !rest.isEmpty { out.append(Inline(.text(rest), at: inline.location)) }
                continue
            }
            out.append(inline)
        }
        return out
    }

    /// A paragraph that is an image and `{#fig-…}` (spaces aside): a figure.
    static func figure(_ content: [Inline]) -> Captioned? {
        let meaningful = content.filter { inline in
            if case .text(let text) = inline.kind { return !text.trimmingSpaces.isEmpty }
            return inline.kind != .softBreak
        }
        guard meaningful.count == 2, case .image(_, _, let caption) = meaningful[0].kind,
            case .text(let text) = meaningful[1].kind, let (label, rest) = trailingAttribute(text), rest.isEmpty,
            LabelKind.ofQuartoLabel(label) == .figure
        else { return nil }
        return Captioned(kind: .figure, label: label, caption: caption, image: meaningful[0])
    }

    /// A paragraph that is a table's caption (`: Caption {#tbl-…}`, `Table: …`): its caption and label.
    static func tableCaption(_ content: [Inline]) -> (caption: [Inline], label: String?)? {
        guard let first = content.first, case .text(let text) = first.kind else { return nil }
        let prefix = [": ", "Table: ", "table: "].first { text.hasPrefix($0) }
        guard let prefix else { return nil }
        var caption = content
        caption[0].kind = .text(String(text.dropFirst(prefix.count)))
        if case .text(let t) = caption[0].kind, t.isEmpty { caption.removeFirst() }
        var label: String?
        if let last = caption.last, case .text(let t) = last.kind, let (found, rest) = trailingAttribute(t) {
            guard LabelKind.ofQuartoLabel(found) == .table else { return nil }
            label = found
            caption.removeLast()
            if !rest.isEmpty { caption.append(Inline(.text(rest), at: last.location)) }
        }
        return (caption, label)
    }

    /// A container's children with each pipe table's caption paragraph (just before or after it) joined to it as
    /// one `.captioned` block; the caption's paragraph is dropped from the children.
    static func captionTables(_ children: [Int], _ nodes: inout [Block]) -> [Int] {
        var out: [Int] = []
        var k = 0
        while k < children.count {
            let node = nodes[children[k]]
            if case .table = node.kind {
                let after = k + 1 < children.count ? caption(nodes[children[k + 1]]) : nil
                let before = after == nil ? out.last.flatMap { caption(nodes[$0]) } : nil
                if let (text, label) = after ?? before {
                    let paragraph = after != nil ? children[k + 1] : out.removeLast()
                    var captioned = Captioned(kind: .table, label: label, caption: text, table: children[k])
                    captioned.captionLocation = nodes[paragraph].location
                    nodes.append(Block(.captioned(captioned), at: node.location))
                    out.append(nodes.count - 1)
                    k += after != nil ? 2 : 1
                    continue
                }
            }
            out.append(children[k])
            k += 1
        }
        return out
    }

    private static func caption(_ block: Block) -> (caption: [Inline], label: String?)? {
        guard case .paragraph(let content) = block.kind else { return nil }
        return tableCaption(content)
    }
}

extension Labels {
    /// A display equation's label (`{#eq-…}` after the closing `$$` at `close`, or `\label{…}` inside).
    static func equation(in file: SourceFile, open: Int, close: Int, delimiters: (open: Int, close: Int) = (2, 2))
        -> EquationLabel?
    {
        let bytes = file.bytes
        if let (id, range) = texLabel(bytes, in: (open + delimiters.open)..<close) {
            return EquationLabel(
                id: id, location: file.location(ofByte: range.lowerBound), open: open, close: close, attribute: range,
                inTeX: true)
        }
        if delimiters.close == 2, let (id, range) = mystEquationLabel(bytes, from: close + 2) {
            let paren = range.lowerBound + bytes[range].prefix { $0 != UInt8(ascii: "(") }.count
            return EquationLabel(
                id: id, location: file.location(ofByte: paren), open: open, close: close, attribute: range,
                inTeX: false)
        }
        guard let (id, range) = attribute(bytes, from: close + delimiters.close),
            LabelKind.ofQuartoLabel(id) == .equation
        else {
            return nil
        }
        let brace = range.lowerBound + bytes[range].prefix { $0 != UInt8(ascii: "{") }.count
        return EquationLabel(
            id: id, location: file.location(ofByte: brace), open: open, close: close, attribute: range, inTeX: false)
    }

    /// Every label the prose defines (equations, sections, figures, captioned tables), with where.
    static func definitions(_ document: Document, math: [MathSpan], file: SourceFile) -> [LabelDefinition] {
        var found = math.compactMap { span in
            span.label.map { LabelDefinition(id: $0.id, kind: .equation, location: $0.location) }
        }
        for block in document.nodes {
            switch block.kind {
            case .heading(_, _, let content):
                // The label as written (a repeated one has a `-1` anchor, and is still a duplicate label).
                let (start, end) = (file.byteOffset(ofLine: block.location.line), file.byteOffset(ofLine: block.location.line + 1))
                guard let (id, _) = trailingAttribute(file.line(block.location.line)),
                    LabelKind.ofQuartoLabel(id) == .section,
                    let range = attributeRange(of: id, in: file.bytes, from: start, to: end)
                else { continue }
                var definition = LabelDefinition(id: id, kind: .section, location: braceLocation(range, file))
                definition.title = plainText(content, math: math)
                found.append(definition)
            case .captioned(let captioned):
                if var definition = captionedDefinition(captioned, at: block.location, file: file) {
                    definition.title = plainText(captioned.caption, math: math)
                    found.append(definition)
                }
            default:
                break
            }
        }
        return found
    }

    private static func captionedDefinition(_ captioned: Captioned, at location: SourceLocation, file: SourceFile)
        -> LabelDefinition?
    {
        guard let label = captioned.label else { return nil }
        let paragraph = captioned.captionLocation ?? location
        let start = file.byteOffset(ofLine: paragraph.line) + paragraph.column - 1
        guard let attribute = attributeRange(of: label, in: file.bytes, from: start) else { return nil }
        return LabelDefinition(id: label, kind: captioned.kind, location: braceLocation(attribute, file))
    }

    /// Where the `{` of an attribute found with the spaces before it stands.
    private static func braceLocation(_ range: Range<Int>, _ file: SourceFile) -> SourceLocation {
        file.location(ofByte: range.lowerBound + file.bytes[range].prefix { $0 != UInt8(ascii: "{") }.count)
    }

    /// Inlines as plain text (math as its TeX): a section's title in a reference.
    static func plainText(_ content: [Inline], math: [MathSpan]) -> String {
        content.map { inline -> String in
            switch inline.kind {
            case .text(let text), .code(let text): return text
            case .softBreak, .lineBreak: return " "
            case .math(let i): return i < math.count ? math[i].tex : ""
            case .emphasis(let children), .strong(let children), .link(_, _, let children), .image(_, _, let children):
                return plainText(children, math: math)
            default: return ""
            }
        }.joined()
    }
}
