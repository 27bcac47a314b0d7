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
    /// may have come back with a soft break's spaces or line-ending changes, which are ignored).
    static func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let start = rest.firstIndex(of: open) {
            if start > rest.startIndex { pieces.append(.text(rest[rest.startIndex..<start])) }
            var i = rest.index(after: start)
            guard i < rest.endIndex, let kind = Kind(rawValue: rest[i]) else {
                pieces.append(.text(rest[start..<i]))
                rest = rest[i...]
                continue
            }
            i = rest.index(after: i)
            let digitsStart = i
            while i < rest.endIndex, rest[i].isASCII, rest[i].isNumber { i = rest.index(after: i) }
            let index = Int(rest[digitsStart..<i]) ?? -1
            while i < rest.endIndex, rest[i] == continuation || rest[i].isWhitespace { i = rest.index(after: i) }
            if i < rest.endIndex, rest[i] == close, index >= 0 {
                pieces.append(.marker(kind, index))
                rest = rest[rest.index(after: i)...]
            } else {
                pieces.append(.text(rest[start..<i]))
                rest = rest[i...]
            }
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces
    }
}
