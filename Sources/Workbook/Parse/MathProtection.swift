/// Math `$...$`, `$$...$$` and inline values `{{ expr | format }}` found in a lesson's prose.
public struct MathSpan: Equatable, Sendable {
    /// The TeX, with `valueMarker(k)` where inline value k stands (`$|V| = {{ lm.V }}$`).
    public var tex: String
    public let display: Bool
    public let location: SourceLocation
    /// A display equation's label (`{#eq-…}` or `\label{…}`, which `tex` no longer holds).
    public var label: EquationLabel?

    /// What stands in `tex` for inline value `k`: private-use characters no TeX contains.
    static func valueMarker(_ k: Int) -> String { "\u{E000}\(k)\u{E001}" }

    /// `tex` with each inline value's marker replaced by `replacement(k)`.
    func tex(replacingValues replacement: (Int) -> String) -> String {
        var out = ""
        var rest = tex[...]
        while let open = rest.firstIndex(of: "\u{E000}"), let close = rest[open...].firstIndex(of: "\u{E001}"),
            let k = Int(rest[rest.index(after: open)..<close])
        {
            out += rest[..<open] + replacement(k)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

public struct InlineValueSpan: Equatable, Sendable {
    /// The expression, e.g. `hello.loss.mean`.
    public let expression: String
    /// The format after `|`, e.g. `.4f`, if any.
    public let format: String?
    /// Where `{{` stands.
    public let location: SourceLocation
    /// Where the expression text starts (for errors inside it).
    public let expressionLocation: SourceLocation
    /// Whether it stands inside math, where it is written as TeX (`1.2 \times 10^{-5}`).
    public var inMath = false

    /// Whether its text is TeX already (`| vector`, `| matrix`), shown as math wherever it stands.
    public var isTeX: Bool { format.map { $0.hasPrefix("vector") || $0.hasPrefix("matrix") } ?? false }
}

/// Replaces math and inline values in a lesson's prose with placeholders before cmark sees it, so that
/// `$a*b*c$` is not emphasis and `$\hat{y}_w^{(t)}$` keeps its underscores.
///
/// The rules are Pandoc's `tex_math_dollars`: an opening `$` has a non-space right after it, a closing `$` a
/// non-space right before it and no digit right after it; `$$` opens display math; `\$` is a literal dollar;
/// math never spans a blank line. Code spans, code blocks, HTML blocks and inline HTML or autolinks are
/// left alone, so `$` and `{{` there stay literal.
struct MathProtection {
    struct Result {
        var text: String
        var math: [MathSpan] = []
        var values: [InlineValueSpan] = []
        var references: [CrossReferenceSpan] = []
        var diagnostics: [Diagnostic] = []
        /// The bytes of prose that is not text, in order: code spans, inline HTML and autolinks, math, inline
        /// values (where a citation cannot stand).
        var literal: [Range<Int>] = []
    }

    let file: SourceFile
    /// Lines that belong to code or HTML blocks (1-based), from cmark's first pass.
    let verbatimLines: Set<Int>
    /// The ends of site generators' tags found so far (searched once per line, however many tags open on it).
    let tagEnds = SiteTemplates.tagEnds()
    /// The ends of `\( … \)` and `\[ … \]` found so far (kinds 0 and 1).
    let closeEnds = RememberedSearches(kinds: 2)
    /// Block quotes' and list items' marks, for math over several of their lines.
    let marks: ContainerMarks
    /// The ends of `\end{…}` found so far, one kind per environment (`environmentKinds`).
    let environmentEnds = RememberedSearches(kinds: MathProtection.mathEnvironments.count)
    /// The last offset `inLinkDestination` was asked about, and its answer.
    private let linkScan = LinkScan()

    private final class LinkScan {
        var last = (offset: -1, answer: false)
    }

    init(file: SourceFile, verbatimLines: Set<Int>) {
        (self.file, self.verbatimLines) = (file, verbatimLines)
        marks = ContainerMarks(file.text)
    }

    private var bytes: [UInt8] { file.bytes }

    func run() -> Result {
        var scan = Scan(self)
        while scan.i < bytes.count { scan.step() }
        return scan.finished()
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func newlineCount(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    private func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
    }

    /// Whether the line starting at `start` is blank (ends a paragraph, so math cannot cross it). A line of `>`
    /// alone, after at most three spaces, is too: blank inside a block quote, and outside one it starts one, which
    /// ends a paragraph (indented further, it is a paragraph's text).
    private func isBlankLine(at start: Int) -> Bool {
        var (j, quoted) = (start, false)
        while j < bytes.count, bytes[j] != UInt8(ascii: "\n") {
            if bytes[j] == UInt8(ascii: ">"), quoted || j - start <= 3 {
                quoted = true
            } else if !isSpace(bytes[j]) {
                return false
            }
            j += 1
        }
        return true
    }

    /// The offset of `needle` at or after `from`, not escaped by a backslash, stopping at a blank line (or at
    /// the end of the line when `sameLine`).
    private func find(_ needle: String, from: Int, sameLine: Bool) -> Int? {
        search(needle, from: from, sameLine: sameLine).found
    }

    /// `find`, and the offset where the search stopped (the match, the line's end, or the end of the text).
    private func search(_ needle: String, from: Int, sameLine: Bool) -> (found: Int?, stop: Int) {
        let n = Array(needle.utf8)
        var j = from
        while j + n.count <= bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            if c == UInt8(ascii: "\n") {
                if sameLine || isBlankLine(at: j + 1) { return (nil, j) }
            }
            if c == n[0], Array(bytes[j..<(j + n.count)]) == n { return (j, j) }
            j += 1
        }
        return (nil, bytes.count)
    }

    /// The `}}` that closes an inline value whose text starts at `from`, on the same line.
    private func valueEnd(from: Int, _ last: inout LastSearch) -> Int? {
        if let known = last.answer(from: from) { return known }
        let (found, stop) = search("}}", from: from, sameLine: true)
        last = LastSearch(from: from, stop: stop, found: found)
        return found
    }

    /// The offset of each newline that ends a paragraph (the next line is blank), in order.
    private func paragraphEnds() -> [Int] {
        bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") && isBlankLine(at: $0 + 1) }
    }

    /// Whether inline math from `open` to `close` leaves the block quote or list item that it opens in (cmark's
    /// blocks come first: the next item or the quote's end closes the paragraph).
    private func leavesItsBlock(_ open: Int, _ close: Int) -> Bool {
        let (first, last) = (file.line(ofByte: open), file.line(ofByte: close))
        return first != last && marks.hasLeft(line: last, containerOf: first)
    }

    /// Pandoc's inline-math rule: the closing `$` for an opening one at `open`, if there is one.
    private func inlineMathClose(openingAt open: Int) -> Int? {
        guard open + 1 < bytes.count, !isSpace(bytes[open + 1]) else { return nil }
        var j = open + 1
        while j < bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            if c == UInt8(ascii: "\n"), isBlankLine(at: j + 1) { return nil }
            if c == UInt8(ascii: "$") {
                let before = bytes[j - 1]
                let after = j + 1 < bytes.count ? bytes[j + 1] : UInt8(ascii: " ")
                let closes = !isSpace(before) && !(after >= UInt8(ascii: "0") && after <= UInt8(ascii: "9"))
                return closes && !leavesItsBlock(open, j) ? j : nil
            }
            j += 1
        }
        return nil
    }

    /// `\( … \)` and `\[ … \]` (LaTeX's, MathJax's and Obsidian's delimiters): the closing delimiter's offset,
    /// in the same paragraph, and whether it is display math.
    private func backslashMathClose(at open: Int) -> (Int, Bool)? {
        guard open + 1 < bytes.count, bytes[open + 1] == UInt8(ascii: "(") || bytes[open + 1] == UInt8(ascii: "[")
        else { return nil }
        let display = bytes[open + 1] == UInt8(ascii: "[")
        let closer = display ? UInt8(ascii: "]") : UInt8(ascii: ")")
        guard !(open > 0 && isWordByte(bytes[open - 1])), !inLinkDestination(open) else { return nil }
        // The search steps over escaped pairs, so one from a later opener (which an earlier search stepped onto as
        // a pair's start, or the scan never asks) passes the same bytes: what the last one found holds for it
        // (many unclosed `\(` in a paragraph searched it once each: 80,000 took 8 s).
        let from = open + 2
        let found = closeEnds.find(display ? 1 : 0, from: from) {
            var j = from
            while j + 1 < bytes.count {
                if bytes[j] == UInt8(ascii: "\\") {
                    if bytes[j + 1] == closer { return (j, j) }
                    j += 2
                    continue
                }
                if bytes[j] == UInt8(ascii: "\n"), isBlankLine(at: j + 1) { break }
                j += 1
            }
            return (nil, j)
        }
        // Escaped punctuation (`\[\\\]`) is CommonMark's, not math: math holds a letter or a digit.
        guard let j = found, bytes[from..<j].contains(where: isWordByte), display || !leavesItsBlock(open, j) else {
            return nil
        }
        return (j, display)
    }

    private func isWordByte(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    /// Whether `offset` stands in a link's destination (`](…` with no space or `)` since), where `\(` is CommonMark's
    /// escaped parenthesis.
    private func inLinkDestination(_ offset: Int) -> Bool {
        var j = offset - 1
        // Back to the last offset asked (the scan asks from left to right), past which the answer is the one given
        // then: each `\(` of a long run without a space read it back to its start (80,000 took 5.2 s).
        let (last, answer) = linkScan.last
        while j > 0, bytes[j] != UInt8(ascii: "\n"), bytes[j] != UInt8(ascii: " "), bytes[j] != UInt8(ascii: ")") {
            if j == last - 1 {
                linkScan.last = (offset, answer)
                return answer
            }
            if bytes[j] == UInt8(ascii: "("), bytes[j - 1] == UInt8(ascii: "]") {
                linkScan.last = (offset, true)
                return true
            }
            j -= 1
        }
        linkScan.last = (offset, false)
        return false
    }

    /// The environments that stand as display math at the start of a line (those KaTeX typesets).
    static let mathEnvironments: Set<String> = [
        "equation", "equation*", "align", "align*", "gather", "gather*", "alignat", "alignat*", "multline",
        "multline*", "flalign", "flalign*", "eqnarray", "eqnarray*",
    ]

    /// An environment's TeX as display math holds it (KaTeX numbers nothing itself and takes `\tag` only outside
    /// an environment): `equation`'s body alone, `align` as `aligned`, `gather` and `multline` as `gathered`,
    /// `alignat` as `alignedat`.
    static func inDisplayMath(_ tex: String) -> String {
        guard tex.hasPrefix("\\begin{"), let close = tex.firstIndex(of: "}") else { return tex }
        let name = String(tex[tex.index(tex.startIndex, offsetBy: 7)..<close])
        let end = "\\end{" + name + "}"
        guard tex.hasSuffix(end) else { return tex }
        let body = String(tex[tex.index(after: close)..<tex.index(tex.endIndex, offsetBy: -end.count)])
        let base = name.hasSuffix("*") ? String(name.dropLast()) : name
        let replacement = ["align": "aligned", "flalign": "aligned", "eqnarray": "aligned", "gather": "gathered",
            "multline": "gathered", "alignat": "alignedat"][base]
        guard let replacement else { return body.trimmingSpaces }
        return "\\begin{\(replacement)}" + body + "\\end{\(replacement)}"
    }

    /// `\begin{equation}` (or `align` and the others) first on its line: the offset of its `\end{…}` and that
    /// closing's length, which the display math keeps.
    private func environmentClose(at open: Int) -> (Int, Int)? {
        let begin = Array("\\begin{".utf8)
        guard open + begin.count < bytes.count, Array(bytes[open..<(open + begin.count)]) == begin else { return nil }
        // An environment's name is short: its `}` is looked for no further (not to the end, for every `\begin{`).
        let nameEnd = min(open + begin.count + 16, bytes.count)
        guard firstOnItsLine(open), let brace = bytes[(open + begin.count)..<nameEnd].firstIndex(of: UInt8(ascii: "}"))
        else { return nil }
        let name = text(open + begin.count, brace)
        guard let kind = Self.environmentKinds[name] else { return nil }
        let needle = Array(("\\end{" + name + "}").utf8)
        // The search goes on to the paragraph's end, so one from a later `\begin{…}` of the same name finds what
        // this one found (20,000 unclosed in a paragraph each searched to its end: 10.5 s).
        let found = environmentEnds.find(kind, from: brace + 1) {
            var j = brace + 1
            while j + needle.count <= bytes.count {
                if bytes[j] == UInt8(ascii: "\n"), isBlankLine(at: j + 1) { return (nil, j) }
                if bytes[j] == needle[0], bytes[j..<(j + needle.count)].elementsEqual(needle) { return (j, j) }
                j += 1
            }
            return (nil, bytes.count)
        }
        return found.map { ($0, needle.count) }
    }

    /// Whether only spaces and the marks of block quotes and list items (`>`, `-`, `+`, `*`, `1.`, `1)`, each
    /// followed by a space) stand before `offset` on its line: an environment in a callout or an item starts
    /// its line there as at the margin.
    private func firstOnItsLine(_ offset: Int) -> Bool {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n"), offset - start < 64 { start -= 1 }
        guard start == 0 || bytes[start - 1] == UInt8(ascii: "\n") else { return false }
        var i = start
        while i < offset {
            let c = bytes[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: ">") {
                i += 1
                continue
            }
            var j = i
            while j < offset, j - i < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
            let isMarker =
                j > i ? j < offset && (bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: ")"))
                    : (c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: "*"))
            let after = j > i ? j + 1 : i + 1
            guard isMarker, after < offset, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t")
            else { return false }
            i = after
        }
        return true
    }

    /// Each of `mathEnvironments` as a kind of `environmentEnds`' searches.
    static let environmentKinds = Dictionary(uniqueKeysWithValues: mathEnvironments.sorted().enumerated().map { ($1, $0) })

    /// The start and end of the `{{< /katex >}}` that closes hugo-book's math, searched from `from` to the end of
    /// the paragraph.
    private func katexClose(from: Int, _ last: inout LastSearch) -> (start: Int, end: Int)? {
        let known = last.answer(from: from)
        if case .some(nil) = known { return nil }
        var found = known ?? nil
        if known == nil {
            var j = from
            while j + 1 < bytes.count, found == nil {
                if bytes[j] == UInt8(ascii: "\n"), isBlankLine(at: j + 1) { break }
                if bytes[j] == UInt8(ascii: "{"), SiteTemplates.mathClosing(bytes, at: j, tagEnds) != nil { found = j }
                j += 1
            }
            last = LastSearch(from: from, stop: found ?? j, found: found)
        }
        return found.flatMap { start in SiteTemplates.mathClosing(bytes, at: start, tagEnds).map { (start, $0) } }
    }

    /// The `$` after `open`, in its paragraph and in the list item or quote it opened in, that would close it but
    /// for the space before it (`$x = $`).
    private func spacedClose(after open: Int) -> Int? {
        var j = open + 1
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            if bytes[j] == UInt8(ascii: "\n"), isBlankLine(at: j + 1) { return nil }
            if bytes[j] == UInt8(ascii: "$") {
                // `$x $y`: a `$` before a word opens math rather than closing it.
                let after = j + 1 < bytes.count ? bytes[j + 1] : UInt8(ascii: "\n")
                let spaced = isSpace(bytes[j - 1]) && !isWordByte(after) && after != UInt8(ascii: "\\")
                return spaced && !leavesItsBlock(open, j) ? j : nil
            }
            j += 1
        }
        return nil
    }

    /// `text` as a CommonMark code span (a run of backticks longer than any inside it).
    private func codeSpan(_ text: String) -> String {
        let fence = ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: text, least: 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// One string for every such warning (a lesson may hold hundreds of thousands).
    private static let unclosedMessage =
        "unclosed inline math: this '$' has no closing '$' before a blank line, so it is shown as a dollar sign; close the math, or write '\\$' for a dollar sign"

    /// The warning for an opening `$` that nothing closes, saying how to close it.
    private func unclosedMath(at open: Int, spacedClose: Int?, _ cursor: inout LocationCursor) -> Diagnostic {
        let at = cursor.location(ofByte: open)
        guard let close = spacedClose else { return Diagnostic(.warning, in: file, at: at, Self.unclosedMessage) }
        let closeAt = cursor.location(ofByte: close)
        return Diagnostic(
            .warning, in: file, at: at,
            "unclosed inline math: the '$' at \(closeAt.line):\(closeAt.column) does not close this one, because a space stands before it (Pandoc's rule), so the math is shown as written; remove the space before it to close the math, or write '\\$' for a dollar sign"
        )
    }

    /// Skips inline HTML or an autolink, `<` then a letter, `/`, `!` or `?`, to the `>` on the same line.
    private func endOfInlineHTML(at start: Int, _ last: inout LastSearch) -> Int {
        guard start + 1 < bytes.count else { return start + 1 }
        let next = bytes[start + 1]
        let isLetter = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
        guard isLetter || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") else {
            return start + 1
        }
        if let known = last.answer(from: start + 1) { return known.map { $0 + 1 } ?? start + 1 }
        var j = start + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: "\n"), bytes[j] != UInt8(ascii: ">") { j += 1 }
        let found = j < bytes.count && bytes[j] == UInt8(ascii: ">") ? j : nil
        last = LastSearch(from: start + 1, stop: j, found: found)
        return found.map { $0 + 1 } ?? start + 1
    }

    /// The TeX of the bytes `start..<end`, each inline value in it (`{{ … }}` on one line) recorded and
    /// replaced by its marker.
    private func mathTeX(
        _ start: Int, _ end: Int, _ cursor: inout LocationCursor, _ values: inout [InlineValueSpan],
        _ valueClose: inout LastSearch
    ) -> String {
        var tex = ""
        var (j, last) = (start, start)
        while j + 1 < end {
            if bytes[j] == UInt8(ascii: "{"), bytes[j + 1] == UInt8(ascii: "{"),
                let close = valueEnd(from: j + 2, &valueClose), close + 2 <= end
            {
                tex += textWithoutMarks(last, j, opening: start)
                var span = inlineValue(range: j..<(close + 2), &cursor)
                span.inMath = true
                values.append(span)
                tex += MathSpan.valueMarker(values.count - 1)
                (j, last) = (close + 2, close + 2)
            } else {
                j += 1
            }
        }
        return tex + textWithoutMarks(last, end, opening: start)
    }

    /// The text from `start` to `end` of math whose TeX starts at `opening`, without the marks of the block quotes
    /// and list items it opened in that start its later lines.
    private func textWithoutMarks(_ start: Int, _ end: Int, opening: Int) -> String {
        let newline = UInt8(ascii: "\n")
        guard var n = bytes[start..<end].firstIndex(of: newline) else { return text(start, end) }
        var (out, j) = ([UInt8](), start)
        let openingLine = file.line(ofByte: opening)
        while true {
            out += bytes[j...n]
            let lineEnd = bytes[(n + 1)..<end].firstIndex(of: newline) ?? end
            j = min(n + 1 + marks.markLength(ofLine: file.line(ofByte: n + 1), opening: openingLine), lineEnd)
            guard let next = bytes[j..<end].firstIndex(of: newline) else { break }
            n = next
        }
        return String(decoding: out + bytes[j..<end], as: UTF8.self)
    }

    private func inlineValue(range: Range<Int>, _ cursor: inout LocationCursor) -> InlineValueSpan {
        let inner = (range.lowerBound + 2)..<(range.upperBound - 2)
        var expressionEnd = inner.upperBound
        var format: String?
        var depth = 0
        var quote: UInt8?
        for j in inner {
            let c = bytes[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") {
                depth -= 1
            } else if c == UInt8(ascii: "|"), depth == 0 {
                expressionEnd = j
                format = text(j + 1, inner.upperBound).trimmingSpaces
                break
            }
        }
        var exprStart = inner.lowerBound
        while exprStart < expressionEnd, isSpace(bytes[exprStart]) { exprStart += 1 }
        return InlineValueSpan(
            expression: text(exprStart, expressionEnd).trimmingSpaces, format: format,
            location: cursor.location(ofByte: range.lowerBound), expressionLocation: cursor.location(ofByte: exprStart))
    }
}

extension MathProtection {
    /// One pass over the lesson's bytes: the text is copied to `out` with each math span, inline value and
    /// reference swapped for its placeholder, and `result` records what each was.
    private struct Scan {
        let protection: MathProtection
        let b: [UInt8]
        var out: [UInt8] = []
        var result = Result(text: "")
        var cursor: LocationCursor
        /// The offset looked at, its line (1-based), and how far the text is copied to `out`.
        var i = 0
        var line = 1
        var copied = 0
        // What earlier searches on the line found, so that a line of unclosed `{{` or `<a` is searched once.
        var valueClose = LastSearch()
        var htmlClose = LastSearch()
        var katexClose = LastSearch()
        var backticks: BacktickRuns?

        init(_ protection: MathProtection) {
            self.protection = protection
            b = protection.file.bytes
            out.reserveCapacity(b.count)
            cursor = LocationCursor(file: protection.file)
        }

        /// Moves past the byte at `i`, or past the span that starts there.
        mutating func step() {
            let c = b[i]
            if c == UInt8(ascii: "\n") {
                line += 1
                i += 1
                return
            }
            if protection.verbatimLines.contains(line) {
                i += 1
                return
            }
            switch c {
            case UInt8(ascii: "\\"): backslash()
            case UInt8(ascii: "@"):
                if let (label, end) = Labels.quartoReference(b, at: i) { reference(label, .quarto, i..<end) }
                i = max(i + 1, Labels.labelEnd(b, from: i + 1))
            case UInt8(ascii: "`"): skipCodeSpan()
            case UInt8(ascii: "<"):
                let end = protection.endOfInlineHTML(at: i, &htmlClose)
                result.literal.append(i..<end)
                i = end
            case UInt8(ascii: "{"): brace()
            case UInt8(ascii: "$"): dollar()
            default: i += 1
            }
        }

        mutating func finished() -> Result {
            flush(to: b.count)
            result.text = String(decoding: out, as: UTF8.self)
            return result
        }

        /// `\`: a LaTeX reference, `\( … \)` or `\[ … \]`, an environment, or an escaped character.
        private mutating func backslash() {
            if let (label, form, end) = Labels.latexReference(b, at: i) {
                reference(label, form, i..<end)
                i = end
            } else if let (close, display) = protection.backslashMathClose(at: i) {
                i = display ? displayMath(i, close, delimiters: (2, 2)) : inlineMath(i, close, delimiters: (2, 2))
            } else if let (close, closeLength) = protection.environmentClose(at: i) {
                i = displayMath(i, close, delimiters: (0, closeLength))
            } else {
                i += (i + 1 < b.count && b[i + 1] != UInt8(ascii: "\n")) ? 2 : 1
            }
        }

        /// A code span, where `$` and `{{` stay literal.
        private mutating func skipCodeSpan() {
            if backticks == nil { backticks = BacktickRuns(b, paragraphEnds: protection.paragraphEnds()) }
            let end = backticks!.endOfCodeSpan(at: i)
            line += protection.newlineCount(i..<end)
            result.literal.append(i..<end)
            i = end
        }

        /// `{`: a MyST role, a site generator's tag or attribute line, an inline value `{{ … }}`, or a brace.
        private mutating func brace() {
            if let (label, form, end) = Labels.mystRole(b, at: i) {
                reference(label, form, i..<end)
                i = end
            } else if let (end, display) = SiteTemplates.mathOpening(b, at: i, protection.tagEnds) {
                katex(openingEnd: end, display: display)
            } else if let (end, tag) = SiteTemplates.tag(b, at: i, protection.tagEnds) {
                if let problem = tag.problem {
                    result.diagnostics.append(
                        Diagnostic(.warning, in: protection.file, at: cursor.location(ofByte: i), problem))
                }
                emit(tag.markdown, replacing: i..<end)
                i = end
            } else if i == 0 || b[i - 1] == UInt8(ascii: "\n"), let end = SiteTemplates.isAttributeLine(b, at: i) {
                // kramdown's `{: .class}` line says how its generator styles the block before: nothing to show.
                emit("", replacing: i..<end)
                i = end
            } else if i + 1 < b.count && b[i + 1] == UInt8(ascii: "{") {
                inlineValue()
            } else {
                i += 1
            }
        }

        /// hugo-book's `{{< katex >}}…{{< /katex >}}`: math as `$…$` is, or as `$$…$$` with `display=true`; an
        /// error when nothing closes it in its paragraph (as for `$$`), and the scan goes on after its tag.
        private mutating func katex(openingEnd end: Int, display: Bool) {
            guard let close = protection.katexClose(from: end, &katexClose) else {
                result.diagnostics.append(
                    Diagnostic(
                        .error, in: protection.file, at: cursor.location(ofByte: i),
                        "unterminated math: Hugo's '{{< katex >}}' has no '{{< /katex >}}' before a blank line"))
                // The tag goes, so that the page is not also told of raw HTML (`<katex>`).
                emit("", replacing: i..<end)
                i = end
                return
            }
            if let (at, problem) = katexBodyProblem(end..<close.start) {
                result.diagnostics.append(
                    Diagnostic(.error, in: protection.file, at: cursor.location(ofByte: at), problem))
                // All of it goes (its lines kept), so that no second diagnostic comes of its body.
                emit(String(repeating: "\n", count: protection.newlineCount(i..<close.end)), replacing: i..<close.end)
                i = close.end
                return
            }
            let delimiters = (open: end - i, close: close.end - close.start)
            i =
                display
                ? displayMath(i, close.start, delimiters: delimiters) : inlineMath(i, close.start, delimiters: delimiters)
        }

        /// What hugo-book's KaTeX could not typeset in a shortcode's body (TeX already): a `$` (KaTeX's "can't use
        /// function '$' in math mode"), or another `{{< katex >}}` opened inside; the offset and the message.
        private func katexBodyProblem(_ body: Range<Int>) -> (Int, String)? {
            var j = body.lowerBound
            while j < body.upperBound {
                if b[j] == UInt8(ascii: "\\") {
                    j += 2
                    continue
                }
                if b[j] == UInt8(ascii: "$") {
                    return (
                        j,
                        "a '$' inside Hugo's '{{< katex >}}': its body is TeX already, so write it without dollars "
                            + "(or \\$ for a dollar sign)"
                    )
                }
                if b[j] == UInt8(ascii: "{"), SiteTemplates.mathOpening(b, at: j, protection.tagEnds) != nil {
                    return (
                        j,
                        "a '{{< katex >}}' cannot stand inside another: close the first with '{{< /katex >}}' "
                            + "before opening the next"
                    )
                }
                j += 1
            }
            return nil
        }

        /// `{{ … }}`, or an error when nothing closes it on its line.
        private mutating func inlineValue() {
            guard let close = protection.valueEnd(from: i + 2, &valueClose) else {
                return unclosed("unterminated inline value: '{{' has no '}}' on its line")
            }
            result.values.append(protection.inlineValue(range: i..<(close + 2), &cursor))
            emit(Placeholder.make(.value, result.values.count - 1), replacing: i..<(close + 2))
            i = close + 2
        }

        /// `$$`: display math; `$`: inline math, a dollar, or math left open.
        private mutating func dollar() {
            if i + 1 < b.count && b[i + 1] == UInt8(ascii: "$") {
                guard let close = protection.find("$$", from: i + 2, sameLine: false) else {
                    return unclosed("unterminated display math: '$$' has no closing '$$' before a blank line")
                }
                i = displayMath(i, close, delimiters: (2, 2))
            } else if let close = protection.inlineMathClose(openingAt: i) {
                i = inlineMath(i, close, delimiters: (1, 1))
            } else {
                unclosedDollar()
            }
        }

        /// A two-byte opener (`{{`, `$$`) that nothing closes: an error at it, and the scan goes on after it.
        private mutating func unclosed(_ message: String) {
            result.diagnostics.append(Diagnostic(.error, in: protection.file, at: cursor.location(ofByte: i), message))
            i += 2
        }

        /// An opening `$` (a non-space after it) that nothing closes: most likely math left open, unless a digit
        /// follows (a dollar amount, "$20").
        private mutating func unclosedDollar() {
            if i + 1 < b.count, !protection.isSpace(b[i + 1]),
                !(b[i + 1] >= UInt8(ascii: "0") && b[i + 1] <= UInt8(ascii: "9"))
            {
                let spaced = protection.spacedClose(after: i)
                result.diagnostics.append(protection.unclosedMath(at: i, spacedClose: spaced, &cursor))
                if let spaced {
                    // The text to that '$' is shown as written, in a code span: its `<t>` is no HTML tag and its
                    // `^…^` no superscript.
                    emit(protection.codeSpan(protection.text(i, spaced + 1)), replacing: i..<(spaced + 1))
                    line += protection.newlineCount(i..<spaced)
                    i = spaced + 1
                    return
                }
            }
            i += 1
        }

        private mutating func flush(to end: Int) {
            if end > copied { out += b[copied..<end] }
            copied = end
        }

        private mutating func emit(_ placeholder: String, replacing range: Range<Int>) {
            flush(to: range.lowerBound)
            out += Array(placeholder.utf8)
            copied = range.upperBound
            result.literal.append(range)
        }

        private mutating func reference(_ label: String, _ form: CrossReferenceSpan.Form, _ range: Range<Int>) {
            result.references.append(
                CrossReferenceSpan(
                    label: label, form: form, location: cursor.location(ofByte: range.lowerBound),
                    written: String(decoding: b[range], as: UTF8.self)))
            emit(Placeholder.make(.reference, result.references.count - 1), replacing: range)
        }

        /// Display math from `open` to `close` (the closing delimiter's offset), the delimiters' lengths given
        /// (none for `\begin{…}`, which the TeX keeps); the offset after it.
        private mutating func displayMath(_ open: Int, _ close: Int, delimiters: (open: Int, close: Int)) -> Int {
            let label = Labels.equation(in: protection.file, open: open, close: close, delimiters: delimiters)
            // `\label{…}` is left out of the TeX (KaTeX has no labels); the writers add `\tag{3.2}`.
            let cut = label.map { $0.inTeX ? $0.attribute : close..<close } ?? close..<close
            let location = cursor.location(ofByte: open)
            let texEnd = close + (delimiters.open == 0 ? delimiters.close : 0)
            var span = MathSpan(
                tex: (protection.mathTeX(open + delimiters.open, cut.lowerBound, &cursor, &result.values, &valueClose)
                    + protection.mathTeX(cut.upperBound, texEnd, &cursor, &result.values, &valueClose))
                    .trimmingSpaces,
                display: true, location: location)
            if delimiters.open == 0 { span.tex = MathProtection.inDisplayMath(span.tex) }
            span.label = label
            let end = close + delimiters.close
            let range = open..<(label.map { $0.inTeX ? end : $0.attribute.upperBound } ?? end)
            let newlines = protection.newlineCount(range)
            result.math.append(span)
            emit(Placeholder.make(.displayMath, result.math.count - 1, newlines: newlines), replacing: range)
            line += newlines
            return range.upperBound
        }

        /// Inline math from `open` to `close` (the closing delimiter's offset), the delimiters' lengths given; the
        /// offset after it.
        private mutating func inlineMath(_ open: Int, _ close: Int, delimiters: (open: Int, close: Int)) -> Int {
            let range = open..<(close + delimiters.close)
            let newlines = protection.newlineCount(range)
            result.math.append(
                MathSpan(
                    tex: protection.mathTeX(open + delimiters.open, close, &cursor, &result.values, &valueClose)
                        .trimmingSpaces,
                    display: false, location: cursor.location(ofByte: open)))
            emit(Placeholder.make(.inlineMath, result.math.count - 1, newlines: newlines), replacing: range)
            line += newlines
            return range.upperBound
        }
    }
}

/// What a forward search found from `from`: a match at `found`, or none up to `stop`. A search for the same
/// thing that starts between the two looks at the same bytes from there on, so it finds the same.
struct LastSearch {
    var from = Int.max
    var stop = -1
    var found: Int?

    /// The earlier answer for a search from `start`, if it holds (`.some(nil)`: nothing is found).
    func answer(from start: Int) -> Int?? {
        guard start >= from, start <= (found ?? stop) else { return nil }
        return .some(found)
    }
}

/// The last answer of each of a few kinds of forward search in one text, asked from left to right: a search
/// whose answer the last one of its kind already holds (`LastSearch.answer`) is not run again, so that a run of
/// openers that nothing closes is searched once rather than once per opener.
final class RememberedSearches {
    private var last: [LastSearch]

    init(kinds: Int) { last = Array(repeating: LastSearch(), count: kinds) }

    /// Where search `kind` from `from` finds its match: the last answer when it holds, else what `search` finds
    /// (the match, or none, and the offset it stopped at), kept for the next.
    func find(_ kind: Int, from: Int, _ search: () -> (found: Int?, stop: Int)) -> Int? {
        if let known = last[kind].answer(from: from) { return known }
        let (found, stop) = search()
        last[kind] = LastSearch(from: from, stop: stop, found: found)
        return found
    }
}

/// Every run of backticks in the text, by length, for matching code spans (CommonMark: a run of n backticks
/// up to the next run of exactly n in the paragraph, else the run alone) without scanning the paragraph again
/// for each unmatched run.
private struct BacktickRuns {
    /// The start of every maximal run of backticks, by its length, in order.
    private var starts: [Int: [Int]] = [:]
    private let paragraphEnds: [Int]
    private let bytes: [UInt8]

    init(_ bytes: [UInt8], paragraphEnds: [Int]) {
        self.bytes = bytes
        self.paragraphEnds = paragraphEnds
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "`") else {
                i += 1
                continue
            }
            let start = i
            while i < bytes.count, bytes[i] == UInt8(ascii: "`") { i += 1 }
            starts[i - start, default: []].append(start)
        }
    }

    /// The end of the code span that the run at `start` opens, or of the run alone when none closes it.
    func endOfCodeSpan(at start: Int) -> Int {
        var j = start
        while j < bytes.count, bytes[j] == UInt8(ascii: "`") { j += 1 }
        let length = j - start
        let paragraphEnd = paragraphEnds.first(notBelow: j).map { paragraphEnds[$0] } ?? bytes.count
        guard let runs = starts[length], let next = runs.first(notBelow: j), runs[next] < paragraphEnd else {
            return j
        }
        return runs[next] + length
    }
}

extension Array where Element == Int {
    /// The index of the first element at least `value` in this sorted array, if any.
    fileprivate func first(notBelow value: Int) -> Int? {
        var (low, high) = (0, count)
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count ? low : nil
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
