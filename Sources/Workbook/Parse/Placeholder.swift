/// Markers that stand for math, inline values and directives while cmark parses a lesson.
///
/// A placeholder is `U+E000`, a kind letter, a decimal index, then one line per newline of what it replaced
/// (each starting with `U+E002`, so no line becomes blank or block syntax), and `U+E001`. Private-use characters
/// are neither punctuation nor space to CommonMark, so cmark treats a placeholder as a word, never as markup,
/// and line numbers after it stay those of the lesson.
enum Placeholder {
    enum Kind: Character, CaseIterable, Sendable {
        case inlineMath = "M"
        case displayMath = "D"
        case value = "V"
        case directive = "X"
        case reference = "R"
    }

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"
    static let continuation: Character = "\u{E002}"

    static func make(_ kind: Kind, _ index: Int, newlines: Int = 0) -> String {
        var s = "\(open)\(kind.rawValue)\(index)"
        for _ in 0..<newlines { s += "\n\(continuation)" }
        return s + String(close)
    }

    /// A piece of rendered text: literal text, or a placeholder found in it.
    enum Piece: Equatable {
        case text(Substring)
        case marker(Kind, Int)
    }

    /// Splits text that cmark produced into literal runs and placeholders (a placeholder's continuation lines
    /// may have come back with a soft break's spaces or line-ending changes, which are ignored). Works on the
    /// text's Unicode scalars: comparing Characters (grapheme clusters) cost a string comparison each, which
    /// made a page of many headings slow.
    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        let scalars = text.unicodeScalars
        let (open, close, continuation) = (open.unicodeScalars.first!, close.unicodeScalars.first!,
            continuation.unicodeScalars.first!)
        var rest = scalars.startIndex
        while let start = scalars[rest...].firstIndex(of: open) {
            if start > rest { pieces.append(.text(text[rest..<start])) }
            var i = scalars.index(after: start)
            guard i < scalars.endIndex, let kind = Kind(rawValue: Character(scalars[i])) else {
                pieces.append(.text(text[start..<i]))
                rest = i
                continue
            }
            i = scalars.index(after: i)
            let digitsStart = i
            while i < scalars.endIndex, ("0"..."9").contains(scalars[i]) { i = scalars.index(after: i) }
            let index = Int(text[digitsStart..<i]) ?? -1
            while i < scalars.endIndex, scalars[i] == continuation || scalars[i].properties.isWhitespace {
                i = scalars.index(after: i)
            }
            if i < scalars.endIndex, scalars[i] == close, index >= 0 {
                pieces.append(.marker(kind, index))
                rest = scalars.index(after: i)
            } else {
                pieces.append(.text(text[start..<i]))
                rest = i
            }
        }
        if rest < scalars.endIndex { pieces.append(.text(text[rest...])) }
        return pieces
    }
}
