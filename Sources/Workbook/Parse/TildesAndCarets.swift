import Foundation

/// GitHub's strikethrough `~~gone~~`, Obsidian's highlight `==marked==` and Pandoc's subscript `H~2~O` and
/// superscript `x^2^`, which plain cmark leaves as text, made nodes of a list of inlines (text only: code, math and
/// link destinations never reach here). `~~` and `==` open when a non-space follows and close when a non-space
/// precedes, and may span emphasis and links (the writers draw a highlight as `<mark>`, the Markdown handout
/// too, since GitHub has no `==`); a subscript or superscript holds no space and no second
/// `~` or `^` (Pandoc's rule). cmark has already removed a backslash before `~` or `^`, so such text is best
/// written in a code span.
enum TildesAndCarets {
    static func apply(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(where: { if case .text(let t) = $0.kind { hasMarker(t) } else { false } }) else {
            return inlines
        }
        let struck = paired(inlines, "~") { .strikethrough($0) }
        return paired(struck, "=") { .highlight($0) }.flatMap { inline -> [Inline] in
            guard case .text(let text) = inline.kind else { return [inline] }
            return scripts(text, at: inline.location)
        }
    }

    /// Checked on the bytes (Foundation's `contains` took a noticeable share of parsing a long lesson of prose).
    private static func hasMarker(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "^") || $0 == UInt8(ascii: "=") }
    }

    /// The spans between doubled `char`s (`~~`, `==`) made `node`s.
    private static func paired(_ inlines: [Inline], _ char: Character, _ node: ([Inline]) -> Inline.Kind) -> [Inline] {
        let marker = String(repeating: char, count: 2)
        var out: [Inline] = []
        // Each opening not yet closed, with how deep the spans made since it nest: a span nests at most
        // `InlineDepth.maxDepth` deep (the innermost are made; 20,000 nested `~~a ` overflowed the stack).
        var open: [(index: Int, deepest: Int)] = []
        func made(_ depth: Int) {
            if let last = open.indices.last { open[last].deepest = max(open[last].deepest, depth) }
        }
        for inline in inlines {
            guard case .text(let text) = inline.kind, ByteSearch.contains(marker, in: text) else {
                out.append(inline)
                continue
            }
            let pieces = text.components(separatedBy: marker)
            for (k, piece) in pieces.enumerated() {
                if !piece.isEmpty { out.append(Inline(.text(piece), at: inline.location)) }
                guard k < pieces.count - 1 else { break }
                let before = piece.last ?? (k == 0 ? previousCharacter(out.dropLast(piece.isEmpty ? 0 : 1)) : char)
                let after = pieces[k + 1].first
                let canClose = before.map { !$0.isWhitespace && $0 != char } ?? false
                let canOpen = after.map { !$0.isWhitespace } ?? false
                if canClose, let (start, deepest) = open.popLast() {
                    if deepest < InlineDepth.maxDepth {
                        let children = Array(out[(start + 1)...])
                        let at = out[start].location
                        out.removeSubrange(start...)
                        out.append(Inline(node(children), at: at))
                    } else {
                        out.append(Inline(.text(marker), at: inline.location))
                    }
                    made(min(deepest + 1, InlineDepth.maxDepth))
                } else {
                    if canOpen || after == nil { open.append((out.count, 0)) }
                    out.append(Inline(.text(marker), at: inline.location))
                }
            }
        }
        return out
    }

    /// The last character the inlines show, for whether a `~~` at a text's start follows a space.
    private static func previousCharacter(_ inlines: ArraySlice<Inline>) -> Character? {
        guard let last = inlines.last else { return nil }
        if case .text(let text) = last.kind { return text.last }
        return last.kind == .softBreak || last.kind == .lineBreak ? " " : "x"
    }

    nonisolated(unsafe) private static let pattern = #/~([^~\s]+)~|\^([^\^\s]+)\^/#

    /// A text's `~sub~` and `^sup^` as nodes.
    private static func scripts(_ text: String, at location: SourceLocation) -> [Inline] {
        var out: [Inline] = []
        var rest = text[...]
        while let match = rest.firstMatch(of: pattern) {
            if match.range.lowerBound > rest.startIndex {
                out.append(Inline(.text(String(rest[..<match.range.lowerBound])), at: location))
            }
            if let sub = match.output.1 {
                out.append(Inline(.sub([Inline(.text(String(sub)), at: location)]), at: location))
            } else if let sup = match.output.2 {
                out.append(Inline(.sup([Inline(.text(String(sup)), at: location)]), at: location))
            }
            rest = rest[match.range.upperBound...]
        }
        if !rest.isEmpty { out.append(Inline(.text(String(rest)), at: location)) }
        return out
    }
}
