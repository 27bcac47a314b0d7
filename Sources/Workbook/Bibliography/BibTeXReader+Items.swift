/// The items of a .bib file: entries, `@string` macros, `@comment` and `@preamble`.
extension BibTeXReader {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    /// Bytes that end a name (entry type, field, macro): BibTeX's reserved characters and white space.
    static let nameStops = table("\"#%'(),={}@\\ \t\r\n")

    /// A lookup table of 256 entries, true for the bytes of `characters` (faster than a set, byte by byte).
    static func table(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for b in characters.utf8 { table[Int(b)] = true }
        return table
    }

    /// One item from its `@` at `position`.
    mutating func readItem() throws(SyntaxError) {
        let start = position
        position += 1
        skipSpace()
        let type = name().lowercased()
        guard !type.isEmpty else {
            throw SyntaxError(offset: start, message: "expected an entry type after '@' (such as @article{key, …})")
        }
        skipSpace()
        guard position < bytes.count, bytes[position] == Self.openBrace || bytes[position] == UInt8(ascii: "(")
        else { throw SyntaxError(offset: position, message: "expected '{' after '@\(type)'") }
        let close = bytes[position] == Self.openBrace ? Self.closeBrace : UInt8(ascii: ")")
        position += 1
        switch type {
        case "comment": try skipComment(close: close, open: start)
        case "preamble":
            _ = try value()
            try expect(close, "expected the end of the @preamble")
        case "string": try readMacro(close: close)
        default: try readEntry(type: type, start: start, close: close)
        }
    }

    mutating func readEntry(type: String, start: Int, close: UInt8) throws(SyntaxError) {
        let location = cursor.location(ofByte: start)
        guard entries.count < Limits.entries else {
            throw SyntaxError(offset: start, message: "more than \(Limits.entries) entries in one file")
        }
        skipSpace()
        let keyStart = position
        let key = take { !Self.keyStops[Int($0)] }
        guard !key.isEmpty else { throw SyntaxError(offset: keyStart, message: "expected the entry's key") }
        guard CitationKey.isValid(key) else {
            throw SyntaxError(
                offset: keyStart,
                message: "the key '\(key)' cannot be cited: a key starts with a letter, digit or '_' and holds "
                    + "letters, digits and single ':.#$%&-+?<>~/_' between them")
        }
        var entry = Entry(type: type, key: key, location: location, fields: [])
        while true {
            skipSpace()
            if try atEnd(close) { break }
            try expect(UInt8(ascii: ","), "expected ',' or the end of the entry '\(key)'")
            skipSpace()
            if try atEnd(close) { break }
            entry.fields.append(try field(of: entry))
        }
        if let line = keyLines[key] {
            throw SyntaxError(offset: keyStart, message: "duplicate key '\(key)' (first at line \(line))")
        }
        keyLines[key] = location.line
        entries.append(entry)
    }

    static let keyStops = table(",{}() \t\r\n")

    /// `name = value` inside `entry`.
    mutating func field(of entry: Entry) throws(SyntaxError) -> Field {
        let start = position
        let location = cursor.location(ofByte: start)
        let fieldName = name().lowercased()
        guard !fieldName.isEmpty else {
            throw SyntaxError(offset: start, message: "expected a field name (such as title = {…})")
        }
        skipSpace()
        try expect(UInt8(ascii: "="), "expected '=' after the field name '\(fieldName)'")
        let text = try value()
        guard entry.fields.count < Limits.fieldsPerEntry else {
            throw SyntaxError(offset: start, message: "more than \(Limits.fieldsPerEntry) fields in one entry")
        }
        if let first = entry.fields.first(where: { $0.name == fieldName }) {
            throw SyntaxError(
                offset: start,
                message:
                    "the field '\(fieldName)' is given twice in '\(entry.key)' (first at line \(first.location.line))")
        }
        return Field(name: fieldName, value: text, location: location)
    }

    /// `@string{name = value}`: later values may use `name`.
    mutating func readMacro(close: UInt8) throws(SyntaxError) {
        skipSpace()
        let start = position
        let macro = name().lowercased()
        guard !macro.isEmpty else { throw SyntaxError(offset: start, message: "expected the macro's name") }
        skipSpace()
        try expect(UInt8(ascii: "="), "expected '=' after the macro name '\(macro)'")
        macros[macro] = try value()
        try expect(close, "expected the end of the @string")
    }

    /// `@comment{…}`: skipped to its matching brace.
    mutating func skipComment(close: UInt8, open: Int) throws(SyntaxError) {
        var depth = 0
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == close && depth == 0 { return }
            if b == Self.openBrace { depth += 1 } else if b == Self.closeBrace { depth -= 1 }
        }
        throw SyntaxError(offset: open, message: "this @comment is never closed")
    }

    mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func name() -> String { take { !Self.nameStops[Int($0)] } }

    mutating func take(while accepted: (UInt8) -> Bool) -> String {
        let start = position
        while position < bytes.count, accepted(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws(SyntaxError) {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else {
            throw SyntaxError(offset: min(position, bytes.count), message: message)
        }
        position += 1
    }

    /// Whether the entry ends here (consuming its closing delimiter); the end of the file is an error.
    mutating func atEnd(_ close: UInt8) throws(SyntaxError) -> Bool {
        guard position < bytes.count else {
            throw SyntaxError(offset: bytes.count, message: "the file ends inside an entry (a missing '}'?)")
        }
        guard bytes[position] == close else { return false }
        position += 1
        return true
    }
}
