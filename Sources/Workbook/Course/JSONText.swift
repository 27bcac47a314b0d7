/// JSON text (RFC 8259) read into values that keep the byte offset where each starts, so that a notebook's
/// problems are reported at their line and column in the file, with a caret: Foundation's `JSONSerialization`
/// gives neither the place of a value nor, dependably, of a syntax error. Hand-written (about 150 lines) because
/// no JSON library packaged for Swift on Linux keeps positions. Nesting deeper than `maxDepth` is an error, not a
/// stack overflow; a string's bytes must be UTF-8.
struct JSONText {
    indirect enum Value {
        case object([(key: String, node: Node)])
        case array([Node])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// A value and the byte offset of its first character.
    struct Node {
        let value: Value
        let offset: Int

        /// The member `key` of an object (nil for a missing one or a value that is no object).
        subscript(key: String) -> Node? {
            guard case .object(let members) = value else { return nil }
            return members.first { $0.key == key }?.node
        }

        /// What the value is, as a message names it.
        var kind: String {
            switch value {
            case .object: return "an object"
            case .array: return "a list"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "true or false"
            case .null: return "null"
            }
        }
    }

    struct Failure: Error {
        let offset: Int
        let message: String
    }

    static let maxDepth = 256

    private let bytes: [UInt8]
    private var at = 0

    /// The one value `bytes` holds.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Node {
        var reader = JSONText(bytes: bytes)
        let node = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.at < bytes.count { throw Failure(offset: reader.at, message: "unexpected text after the JSON value") }
        return node
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 {
            at += 1
        }
    }

    private func unexpected(_ expected: String) -> Failure {
        guard at < bytes.count else { return Failure(offset: at, message: "the JSON ends here; expected \(expected) (is the file cut short?)") }
        let byte = bytes[at]
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return Failure(offset: at, message: "unexpected \(shown); expected \(expected)")
    }

    private mutating func value(depth: Int) throws(Failure) -> Node {
        skipSpace()
        let start = at
        guard depth < Self.maxDepth else {
            throw Failure(offset: start, message: "JSON nested more than \(Self.maxDepth) deep")
        }
        guard at < bytes.count else { throw unexpected("a value") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return Node(value: try object(depth: depth), offset: start)
        case UInt8(ascii: "["): return Node(value: try array(depth: depth), offset: start)
        case UInt8(ascii: "\""): return Node(value: .string(try string()), offset: start)
        case UInt8(ascii: "t"): try word("true"); return Node(value: .bool(true), offset: start)
        case UInt8(ascii: "f"): try word("false"); return Node(value: .bool(false), offset: start)
        case UInt8(ascii: "n"): try word("null"); return Node(value: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return Node(value: .number(try number()), offset: start)
        default: throw unexpected("a value (an object, a list, a string, a number, true, false or null)")
        }
    }

    private mutating func word(_ literal: String) throws(Failure) {
        for byte in literal.utf8 {
            guard at < bytes.count, bytes[at] == byte else { throw unexpected("'\(literal)'") }
            at += 1
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> Value {
        at += 1
        var members: [(key: String, node: Node)] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object([])
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw unexpected("a member's name in double quotes") }
            let key = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw unexpected("':' after the member's name") }
            at += 1
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ",") || bytes[at] == UInt8(ascii: "}") else {
                throw unexpected("',' or '}'")
            }
            at += 1
            if bytes[at - 1] == UInt8(ascii: "}") { return .object(members) }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> Value {
        at += 1
        var items: [Node] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array([])
        }
        while true {
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ",") || bytes[at] == UInt8(ascii: "]") else {
                throw unexpected("',' or ']'")
            }
            at += 1
            if bytes[at - 1] == UInt8(ascii: "]") { return .array(items) }
        }
    }

    /// A string from its opening quote: escapes resolved, its bytes checked as UTF-8.
    private mutating func string() throws(Failure) -> String {
        let start = at
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw Failure(offset: start, message: "this string is not valid UTF-8")
                }
                return text
            }
            guard byte >= 0x20 else { throw unexpected("'\"' to close the string (a line break or control character must be escaped)") }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &out)
            } else {
                out.append(byte)
                at += 1
            }
        }
        throw Failure(offset: start, message: "this string is never closed (is the file cut short?)")
    }

    /// `\"`, `\n`, … by the byte after the backslash.
    private static let escapes: [UInt8: UInt8] = [
        0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09,
    ]

    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        at += 1
        guard at < bytes.count else { throw unexpected("an escape") }
        if let byte = Self.escapes[bytes[at]] {
            out.append(byte)
            at += 1
            return
        }
        guard bytes[at] == UInt8(ascii: "u") else { throw unexpected("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)") }
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar), bytes[at...].starts(with: Array("\\u".utf8)) {
            at += 1
            let low = try hex4()
            scalar = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
        }
        out += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
    }

    /// The four hex digits after `u` (at `at`), as a number.
    private mutating func hex4() throws(Failure) -> UInt32 {
        at += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard at < bytes.count, let digit = Character(Unicode.Scalar(bytes[at])).hexDigitValue else {
                throw unexpected("four hex digits after \\u")
            }
            value = value * 16 + UInt32(digit)
            at += 1
        }
        return value
    }

    private mutating func number() throws(Failure) -> Double {
        let start = at
        let bytes = self.bytes
        let digits = { (j: Int) in j < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) }
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        guard digits(at) else { throw unexpected("a digit") }
        if bytes[at] == UInt8(ascii: "0") { at += 1 } else { while digits(at) { at += 1 } }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard digits(at) else { throw unexpected("a digit after '.'") }
            while digits(at) { at += 1 }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits(at) else { throw unexpected("a digit in the exponent") }
            while digits(at) { at += 1 }
        }
        return Double(String(decoding: bytes[start..<at], as: UTF8.self)) ?? .nan
    }
}
