/// The placeholders `MathProtection` left in cmark's text nodes, made nodes of the tree: math and inline values
/// become `.math` and `.value` inlines. A placeholder that spans lines comes back from cmark as text, soft
/// breaks and text, so each run of text and soft breaks is joined before it is split.
enum InlineMarkers {
    /// `autolinks`: GitHub's bare links are found in the text (not inside a link's own text).
    static func resolve(_ inlines: [Inline], autolinks: Bool = true) -> [Inline] {
        if inlines.count == 1, case .text(let text) = inlines[0].kind, isPlain(text),
            !autolinks || !Autolinks.mayContain(text)
        {
            return inlines
        }
        var out: [Inline] = []
        var run = ""
        var runStart: SourceLocation?
        // Where each line of the run after its first starts in the lesson: cmark's place for the text after
        // each soft break (nil until that text comes).
        var lineStarts: [SourceLocation?] = []
        func flush() {
            if let start = runStart { out += split(run, at: start, lineStarts: lineStarts) }
            (run, runStart, lineStarts) = ("", nil, [])
        }
        for inline in inlines {
            switch inline.kind {
            case .text(let text):
                runStart = runStart ?? inline.location
                if let last = lineStarts.indices.last, lineStarts[last] == nil { lineStarts[last] = inline.location }
                run += text
            case .softBreak:
                runStart = runStart ?? inline.location
                lineStarts.append(nil)
                run += "\n"
            default:
                flush()
                out.append(inline)
            }
        }
        flush()
        return InlineDepth.capped(InlineHTML.pair(TildesAndCarets.apply(autolinks ? Autolinks.apply(out) : out)))
    }

    /// Text that `resolve` leaves as it is: no placeholder (U+E000-U+E002 start with the byte 0xEE), no `~`, `^`
    /// or `=` (`TildesAndCarets`), no newline. Checked on the bytes: a page of 170,000 headings resolves each one.
    private static func isPlain(_ text: String) -> Bool {
        !text.isEmpty
            && !text.utf8.contains {
                $0 == 0xEE || $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "^") || $0 == UInt8(ascii: "=") || $0 == 0x0A
            }
    }

    /// A run of text: its placeholders as nodes, its newlines as soft breaks. Each piece of text is placed on
    /// its own line of the lesson (`lineStarts`: where the run's second, third, … line starts), so a warning
    /// about a word on a paragraph's later line (an Obsidian link that names no lesson) is given on that line.
    private static func split(_ run: String, at start: SourceLocation, lineStarts: [SourceLocation?]) -> [Inline] {
        var out: [Inline] = []
        var (newlines, counted) = (0, run.startIndex)
        var location = start
        func moveTo(_ index: String.Index) {
            newlines += run[counted..<index].utf8.count { $0 == 0x0A }
            counted = index
            location =
                newlines == 0
                ? start
                : (lineStarts.indices.contains(newlines - 1) ? lineStarts[newlines - 1] : nil)
                    ?? SourceLocation(line: start.line + newlines, column: 1)
        }
        for piece in Placeholder.split(run) {
            switch piece {
            case .text(let text):
                for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if k > 0 { out.append(Inline(.softBreak, at: location)) }
                    moveTo(line.startIndex)
                    if !line.isEmpty { out.append(Inline(.text(String(line)), at: location)) }
                }
            case .marker(.inlineMath, let i), .marker(.displayMath, let i):
                out.append(Inline(.math(index: i), at: location))
            case .marker(.value, let i):
                out.append(Inline(.value(index: i), at: location))
            case .marker(.reference, let i):
                out.append(Inline(.crossReference(index: i), at: location))
            case .marker(.directive, _):
                break
            }
        }
        return out
    }

    /// A link's title: its placeholders as references to math and values.
    static func marked(_ text: String) -> MarkedText {
        MarkedText(
            pieces: Placeholder.split(text).compactMap { piece in
                switch piece {
                case .text(let text): return .text(String(text))
                case .marker(.inlineMath, let i), .marker(.displayMath, let i): return .math(index: i)
                case .marker(.value, let i): return .value(index: i)
                case .marker(.directive, _), .marker(.reference, _): return nil
                }
            })
    }

    /// The text a heading's anchor is made from: its text and code, without math and values.
    static func anchorText(_ inlines: [Inline]) -> String {
        inlines.map { inline -> String in
            switch inline.kind {
            case .text(let text), .code(let text): return text
            case .emphasis(let children), .strong(let children), .link(_, _, let children), .image(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children), .element(_, let children):
                return anchorText(children)
            default: return ""
            }
        }.joined()
    }

    /// A heading's plain text, with a placeholder for each piece of math (the title gets its TeX back).
    static func titleText(_ inlines: [Inline]) -> String {
        inlines.map { inline -> String in
            switch inline.kind {
            case .text(let text), .code(let text): return text
            case .softBreak, .lineBreak: return " "
            case .math(let i): return Placeholder.make(.inlineMath, i)
            case .emphasis(let children), .strong(let children), .link(_, _, let children), .image(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children), .element(_, let children):
                return titleText(children)
            default: return ""
            }
        }.joined()
    }
}
