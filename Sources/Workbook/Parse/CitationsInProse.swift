import Foundation

/// A citation as it stands in the lesson: the tree's `.citation` node with the bytes it replaces in the lesson's
/// text (for the Markdown handout, which edits the lesson's own text).
public struct CitationUse: Sendable, Equatable {
    public var items: [CitationItem]
    public var bracketed: Bool
    /// Where it starts (the `[`, or the `@` of a narrative citation).
    public var location: SourceLocation
    public var byteRange: Range<Int>

    /// The citation as `CitationFormatter` reads it.
    var span: CitationSpan {
        CitationSpan(
            form: bracketed ? .parenthetical : .narrative,
            citations: items.map {
                Citation(
                    key: $0.key, prefix: $0.prefix, locator: $0.locator ?? "", suppressAuthor: $0.suppressAuthor,
                    columns: 0..<0)
            }, columns: 0..<0)
    }
}

/// Pandoc's citations (`[@a, p. 3]`, `[see @a; @b]`, `[-@a]`, `@a`) in a lesson's prose made `.citation` nodes of
/// its tree, after cmark, from text only: never in code, math, raw HTML, a link's text or destination, or an
/// autolink. `CitationScanner` finds them in each run of text; cross-references (`@eq-…`, `@fig-…`, `@tbl-…`,
/// `@sec-…`) and e-mail addresses are left as text.
///
/// cmark's text has its backslash escapes and entities resolved, so where a citation stands in the lesson is found
/// by scanning the lesson's own text too and matching the two in order: the first citation in the text at or after
/// the line the tree gives, with the same keys and form. One the text shows escaped (`\@a`) stays text.
enum CitationsInProse {
    /// A citation found in the lesson's text.
    struct Found {
        let span: CitationSpan
        let bytes: Range<Int>
        let location: SourceLocation
        let keyLocations: [SourceLocation]
        /// `\@key`: matched like a citation, then left as text.
        var escaped = false
    }

    /// How many citations in the text one in the tree is compared with before it is left as text (a lesson of
    /// many look-alikes in code spans stays linear).
    static let window = 256

    /// `literal`: the bytes of code spans, inline HTML, math and inline values (`MathProtection`), in order.
    /// `references`: the lesson's cross-references, which the tree's `.crossReference` inlines point into.
    static func resolve(
        _ document: Document, in file: SourceFile, verbatimLines: Set<Int>, literal: [Range<Int>] = [],
        references: [CrossReferenceSpan] = []
    ) -> (Document, [CitationUse])
    {
        guard file.bytes.contains(UInt8(ascii: "@")) else { return (document, []) }
        var resolver = Resolver(
            found: found(in: file, verbatimLines: verbatimLines, literal: literal), references: references)
        guard !resolver.found.isEmpty else { return (document, []) }
        let resolved = resolver.document(document, cellLine: nil)
        return (resolved, resolver.uses)
    }

    /// Every citation in the lesson's text outside code and HTML blocks and the `literal` ranges, and every
    /// `\@key`, in order.
    static func found(in file: SourceFile, verbatimLines: Set<Int>, literal: [Range<Int>]) -> [Found] {
        let scalars = Array(file.text.unicodeScalars)
        var byteOf: [Int] = []
        byteOf.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            byteOf.append(offset)
            offset += UTF8.width(scalar)
        }
        byteOf.append(offset)
        var cursor = LocationCursor(file: file)
        var found: [Found] = []
        var escapes = escapedKeys(scalars)[...]
        for span in CitationScanner.scan(file.text) where !inLinkText(scalars, after: span) {
            while let escape = escapes.first, escape.columns.lowerBound < span.columns.lowerBound {
                found.append(make(escape, byteOf, &cursor, escaped: true))
                escapes = escapes.dropFirst()
            }
            found.append(make(span, byteOf, &cursor, escaped: false))
        }
        for escape in escapes { found.append(make(escape, byteOf, &cursor, escaped: true)) }
        var ranges = literal[...]
        return found.filter { citation in
            while let range = ranges.first, range.upperBound <= citation.bytes.lowerBound {
                ranges = ranges.dropFirst()
            }
            let inLiteral = ranges.first?.contains(citation.bytes.lowerBound) ?? false
            return !inLiteral && !verbatimLines.contains(citation.location.line)
        }
    }

    private static func make(_ span: CitationSpan, _ byteOf: [Int], _ cursor: inout LocationCursor, escaped: Bool)
        -> Found
    {
        let location = cursor.location(ofByte: byteOf[span.columns.lowerBound])
        let keys = span.citations.map { cursor.location(ofByte: byteOf[$0.columns.lowerBound]) }
        var found = Found(
            span: span, bytes: byteOf[span.columns.lowerBound]..<byteOf[span.columns.upperBound], location: location,
            keyLocations: keys)
        found.escaped = escaped
        return found
    }

    /// How far after a narrative citation a `]` that closes a link's text is looked for.
    static let linkTextLookahead = 1000

    /// Whether the narrative citation `span` stands in a link's text (`[see @a](…)`, `[@a][ref]`): a `]` comes
    /// before any `[` after it, and a `(` or `[` right after that.
    private static func inLinkText(_ s: [Unicode.Scalar], after span: CitationSpan) -> Bool {
        guard span.form == .narrative else { return false }
        var i = span.columns.upperBound
        while i < min(s.count, span.columns.upperBound + linkTextLookahead), s[i] != "[" {
            if s[i] == "]" { return i + 1 < s.count && (s[i + 1] == "(" || s[i + 1] == "[") }
            i += s[i] == "\\" ? 2 : 1
        }
        return false
    }

    /// `\@key` (which cmark's text shows as `@key`), as narrative spans starting at the `@`.
    private static func escapedKeys(_ s: [Unicode.Scalar]) -> [CitationSpan] {
        var spans: [CitationSpan] = []
        var i = 0
        while i + 1 < s.count {
            if s[i] == "\\", s[i + 1] == "@" {
                let length = CitationKey.length(in: s, from: i + 2)
                if length > 0 {
                    let key = String(String.UnicodeScalarView(s[(i + 2)..<(i + 2 + length)]))
                    spans.append(
                        CitationSpan(
                            form: .narrative, citations: [Citation(key: key, columns: (i + 1)..<(i + 2 + length))],
                            columns: (i + 1)..<(i + 2 + length)))
                }
                i += 2
            } else {
                i += s[i] == "\\" ? 2 : 1
            }
        }
        return spans
    }
}

/// The walk over the tree: each run of text and soft breaks in paragraphs, headings, table cells, table captions
/// and callout titles (through emphasis, never into links or images) scanned, and each citation in it matched with
/// the lesson's text. Blocks are walked in the order they stand in the lesson, footnotes' blocks where their
/// definitions stand and an inline note's (`^[…]`) where it is referred to, so that each citation in the tree meets
/// its own in the text.
private struct Resolver {
    let found: [CitationsInProse.Found]
    /// The lesson's cross-references (the tree's `.crossReference` inlines point into it).
    let references: [CrossReferenceSpan]
    var next = 0
    var uses: [CitationUse] = []
    /// The document being walked (a table's cell is walked as a document of its own).
    private var tree = Document()
    /// The blocks of each inline note, by its label, until the walk reaches its reference.
    private var inlineNotes: [String: [Int]] = [:]

    init(found: [CitationsInProse.Found], references: [CrossReferenceSpan]) {
        (self.found, self.references) = (found, references)
    }

    /// `cellLine`: the line of the table the document is a cell of (a cell's own lines count from 1).
    mutating func document(_ document: Document, cellLine: Int?) -> Document {
        let (outerTree, outerNotes) = (tree, inlineNotes)
        tree = document
        inlineNotes = Dictionary(
            document.footnotes.filter { $0.label.contains(" ") }.map { ($0.label, $0.blocks) },
            uniquingKeysWith: { first, _ in first })
        let deferred = Set(inlineNotes.values.joined())
        let order = document.nodes.indices.filter { !deferred.contains($0) && Self.holdsProse(document.nodes[$0].kind) }
            .sorted { (Self.start(document.nodes[$0]), $0) < (Self.start(document.nodes[$1]), $1) }
        for i in order { block(i, cellLine: cellLine) }
        let resolved = tree
        (tree, inlineNotes) = (outerTree, outerNotes)
        return resolved
    }

    private static func holdsProse(_ kind: Block.Kind) -> Bool {
        switch kind {
        case .paragraph, .heading, .table, .captioned, .callout: return true
        default: return false
        }
    }

    /// Where a block's prose starts: a table caption's paragraph, else the block.
    private static func start(_ block: Block) -> SourceLocation {
        if case .captioned(let captioned) = block.kind, captioned.image == nil {
            return captioned.captionLocation ?? block.location
        }
        return block.location
    }

    private mutating func block(_ i: Int, cellLine: Int?) {
        let line = cellLine ?? tree.nodes[i].location.line
        switch tree.nodes[i].kind {
        case .paragraph(let content):
            tree.nodes[i].kind = .paragraph(inlines(content, cellLine: cellLine))
        case .heading(let level, let anchor, let content):
            tree.nodes[i].kind = .heading(level: level, anchor: anchor, inlines(content, cellLine: cellLine))
        case .table(var table):
            table.header = table.header.map { self.document($0, cellLine: line) }
            table.rows = table.rows.map { $0.map { self.document($0, cellLine: line) } }
            tree.nodes[i].kind = .table(table)
        case .captioned(var captioned) where captioned.image == nil:
            captioned.caption = inlines(captioned.caption, cellLine: cellLine)
            tree.nodes[i].kind = .captioned(captioned)
        case .callout(var callout, let children):
            callout.title = inlines(callout.title, cellLine: cellLine)
            tree.nodes[i].kind = .callout(callout, children)
        default:
            break
        }
    }

    mutating func inlines(_ content: [Inline], cellLine: Int?) -> [Inline] {
        var out: [Inline] = []
        var run: [Inline] = []
        for inline in content {
            switch inline.kind {
            case .text, .softBreak, .crossReference:
                run.append(inline)
                continue
            default:
                break
            }
            out += cite(run, cellLine: cellLine)
            run = []
            switch inline.kind {
            case .emphasis(let children):
                out.append(Inline(.emphasis(inlines(children, cellLine: cellLine)), at: inline.location))
            case .strong(let children):
                out.append(Inline(.strong(inlines(children, cellLine: cellLine)), at: inline.location))
            case .footnoteReference(let reference):
                out.append(inline)
                // An inline note's text stands here in the lesson: its citations come next.
                if let blocks = inlineNotes.removeValue(forKey: reference.label) {
                    for block in blocks { self.block(block, cellLine: cellLine) }
                }
            default:
                out.append(inline)
            }
        }
        return out + cite(run, cellLine: cellLine)
    }

    /// A run of text, soft breaks and cross-references with its citations as nodes. A cross-reference stands in
    /// the scanned text as it was written (`@eq-loss`; `\eqref{…}` and MyST's roles as a character no citation
    /// holds), so that a bracket mixing cross-references and citations (`[see @eq-loss; @werbos1990]`) is found:
    /// it becomes its cross-references (each with its prefix, joined by commas), then the citation of the rest.
    mutating func cite(_ run: [Inline], cellLine: Int?) -> [Inline] {
        guard let first = run.first else { return [] }
        var pieces = RunPieces()
        for inline in run { pieces.append(inline, references: references) }
        guard pieces.text.contains("@") else { return run }
        let spans = CitationScanner.scan(pieces.text)
        guard !spans.isEmpty else { return run }
        let scalars = Array(pieces.text.unicodeScalars)
        var out: [Inline] = []
        var (copied, newlines, counted) = (0, 0, 0)
        // Where the text before the next citation stands: the run's first node cmark placed (not a soft break,
        // which it gives no position), then each citation's place (a MyST role after it is found on that line).
        var at = run.first { $0.location.line >= 1 }?.location ?? first.location
        for span in spans {
            // Counted on from the last span, so a paragraph of many citations stays linear.
            newlines += scalars[counted..<span.columns.lowerBound].filter { $0 == "\n" }.count
            counted = span.columns.lowerBound
            let line = cellLine ?? first.location.line + newlines
            guard let match = match(span, fromLine: line) else { continue }
            out += pieces.inlines(scalars, copied..<span.columns.lowerBound, at: at)
            for (k, reference) in span.crossReferences.enumerated() {
                let prefix = (k > 0 ? ", " : "") + (reference.prefix.isEmpty ? "" : Self.oneLine(reference.prefix) + " ")
                if !prefix.isEmpty { out.append(Inline(.text(prefix), at: match.location)) }
                out += pieces.inlines(scalars, reference.columns, at: match.location)
            }
            if !span.crossReferences.isEmpty { out.append(Inline(.text(" "), at: match.location)) }
            let items = zip(span.citations, match.keyLocations).map { citation, location in
                CitationItem(
                    key: citation.key, locator: citation.locator.isEmpty ? nil : Self.oneLine(citation.locator),
                    prefix: Self.oneLine(citation.prefix), suppressAuthor: citation.suppressAuthor, location: location)
            }
            let bracketed = span.form == .parenthetical
            out.append(Inline(.citation(items, bracketed: bracketed), at: match.location))
            uses.append(
                CitationUse(items: items, bracketed: bracketed, location: match.location, byteRange: match.bytes))
            copied = span.columns.upperBound
            at = match.location
        }
        guard copied > 0 else { return run }
        return out + pieces.inlines(scalars, copied..<scalars.count, at: at)
    }

    /// The citation in the lesson's text that `span` (from cmark's text, on `fromLine` or after) is, if any.
    mutating func match(_ span: CitationSpan, fromLine line: Int) -> CitationsInProse.Found? {
        // Later citations in the tree stand on this line or after, so what lies before it is passed for good.
        while next < found.count, found[next].location.line < line { next += 1 }
        let i = next
        for j in i..<min(found.count, i + CitationsInProse.window) where Self.same(found[j], span) {
            next = j + 1
            return found[j].escaped ? nil : found[j]
        }
        return nil
    }

    static func same(_ found: CitationsInProse.Found, _ span: CitationSpan) -> Bool {
        if found.escaped { return found.span.citations.first?.key == span.citations.first?.key }
        return found.span.form == span.form && found.span.citations.map(\.key) == span.citations.map(\.key)
            && found.span.citations.map(\.suppressAuthor) == span.citations.map(\.suppressAuthor)
    }

    /// A prefix or locator that a line break cut, on one line.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
    }

    /// Text back as text and soft-break nodes.
    static func textInlines(_ scalars: ArraySlice<Unicode.Scalar>, at location: SourceLocation) -> [Inline] {
        let text = String(String.UnicodeScalarView(scalars))
        var out: [Inline] = []
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { out.append(Inline(.softBreak, at: location)) }
            if !line.isEmpty { out.append(Inline(.text(String(line)), at: location)) }
        }
        return out
    }
}

/// A run of inlines as the text `CitationScanner` reads, with where each cross-reference stands in it, and back.
private struct RunPieces {
    private(set) var text = ""
    private var length = 0
    /// Each cross-reference's inline and the length of its text, by the offset (in Unicode scalars) where it starts.
    private var references: [Int: (inline: Inline, length: Int)] = [:]

    mutating func append(_ inline: Inline, references spans: [CrossReferenceSpan]) {
        let piece: String
        switch inline.kind {
        case .text(let literal): piece = literal
        case .crossReference(let index):
            let isQuarto = index < spans.count && spans[index].form == .quarto
            // U+FFFC, the object replacement character: no citation holds it.
            piece = isQuarto ? "@" + spans[index].label : "\u{FFFC}"
            references[length] = (inline, piece.unicodeScalars.count)
        default: piece = "\n"
        }
        text += piece
        length += piece.unicodeScalars.count
    }

    /// The inlines `range` of the text stands for: text and soft breaks, and the cross-references as they were.
    func inlines(_ scalars: [Unicode.Scalar], _ range: Range<Int>, at location: SourceLocation) -> [Inline] {
        var out: [Inline] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            guard let reference = references[i] else {
                i += 1
                continue
            }
            out += Resolver.textInlines(scalars[start..<i], at: location)
            out.append(reference.inline)
            // Never past the range: a key covers its reference's whole text, but a slice past the end would trap.
            i = min(i + reference.length, range.upperBound)
            start = i
        }
        return out + Resolver.textInlines(scalars[start..<range.upperBound], at: location)
    }
}
