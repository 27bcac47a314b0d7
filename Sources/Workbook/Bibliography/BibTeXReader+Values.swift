/// Field values: `{…}`, `"…"`, numbers and macros, joined with `#`.
extension BibTeXReader {
    /// A value at `position` (spaces before it skipped), its pieces joined and its white space collapsed.
    mutating func value() throws(SyntaxError) -> String {
        skipSpace()
        let start = position
        var text: [UInt8] = []
        var single: String?
        while true {
            skipSpace()
            let pieceStart = position
            switch try piece() {
            case .text(let bytes): text += bytes
            case .macro(let value):
                if text.isEmpty && single == nil { single = value } else { text += value.utf8 }
            }
            if let value = single, !text.isEmpty { (text, single) = (Array(value.utf8) + text, nil) }
            guard text.count <= Limits.valueBytes else {
                throw SyntaxError(
                    offset: pieceStart, message: "the value is longer than \(Limits.valueBytes >> 10) KiB")
            }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "#") else { break }
            position += 1
        }
        valueBytesRead += single?.utf8.count ?? text.count
        guard valueBytesRead <= Limits.totalValueBytes else {
            throw SyntaxError(
                offset: start,
                message:
                    "the file's values come to more than \(Limits.totalValueBytes >> 20) MiB once their macros are expanded"
            )
        }
        // A macro alone is its value as already read (collapsed), not copied.
        return single ?? Self.collapsed(text)
    }

    /// A piece of a value: text from the file, or a macro's value.
    enum Piece {
        case text(ArraySlice<UInt8>)
        case macro(String)
    }

    /// The text with each run of white space (space, tab, line break) made one space, none at the ends.
    static func collapsed(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        for b in bytes {
            if isSpace(b) {
                space = !out.isEmpty
                continue
            }
            if space { out.append(0x20) }
            space = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func piece() throws(SyntaxError) -> Piece {
        guard position < bytes.count else {
            throw SyntaxError(offset: position, message: "the file ends where a value was expected")
        }
        let start = position
        switch bytes[position] {
        case Self.openBrace: return .text(try delimited(quoted: false))
        case UInt8(ascii: "\""): return .text(try delimited(quoted: true))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while position < bytes.count, bytes[position] >= 0x30 && bytes[position] <= 0x39 { position += 1 }
            return .text(bytes[start..<position])
        default:
            let macro = name()
            guard !macro.isEmpty else {
                throw SyntaxError(
                    offset: start, message: "expected a value: {…}, \"…\", a number or an @string macro")
            }
            guard let text = macros[macro.lowercased()] else {
                throw SyntaxError(
                    offset: start,
                    message: "undefined macro '\(macro)' (braces make it text: {\(macro)}; or define it first "
                        + "with @string{\(macro) = {…}})")
            }
            return .macro(text)
        }
    }

    /// The text inside `{…}` or `"…"` starting at `position`, inner braces kept (they protect case and hold
    /// accents); a quoted value ends at a `"` outside braces.
    mutating func delimited(quoted: Bool) throws(SyntaxError) -> ArraySlice<UInt8> {
        let open = position
        var depth = 0
        position += 1
        while position < bytes.count {
            let b = bytes[position]
            if b == Self.openBrace {
                depth += 1
            } else if b == Self.closeBrace {
                if depth == 0 {
                    if !quoted { break }
                    throw SyntaxError(offset: position, message: "a '}' that no '{' opened, inside a quoted value")
                }
                depth -= 1
            } else if quoted, b == UInt8(ascii: "\""), depth == 0 {
                break
            }
            position += 1
        }
        guard position < bytes.count else {
            throw SyntaxError(
                offset: open,
                message: "this \(quoted ? "'\"'" : "'{'") is never closed (the value runs to the end of the file)")
        }
        position += 1
        return bytes[(open + 1)..<(position - 1)]
    }
}
