/// Where a MyST role, `` {name}`content` ``, stands in the lesson's bytes, found from the code span cmark read
/// (whose text differs from the source: a line ending in it is a space, one space at each end may be gone, and its
/// backticks may be two or more), so that a diagnostic at the role or at one of its keys has the column every
/// diagnostic has, counted in Unicode scalars, and the line a key is written on.
struct WrittenRole {
    /// From the `{` to the end of the closing backticks.
    let bytes: Range<Int>
    /// The code span's content as written, between its backticks.
    let content: Range<Int>

    private static let backtick = UInt8(ascii: "`")

    /// The first role `{name}` on line `line`, at or after byte `from`, whose code span reads `code`; nil when
    /// there is none.
    static func find(_ name: String, _ code: String, line: Int, from: Int, in file: SourceFile) -> WrittenRole? {
        let bytes = file.bytes
        let opening = Array("{\(name)}".utf8)
        var i = max(from, file.byteOffset(ofLine: line))
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            defer { i += 1 }
            if bytes[i...].starts(with: opening), let role = codeSpan(bytes, at: i + opening.count, reading: code) {
                return WrittenRole(bytes: i..<role.end, content: role.content)
            }
        }
        return nil
    }

    /// The byte offset of each of `keys` in the content, in order (each searched after the one before); the
    /// content's start for a key not found.
    func offsets(of keys: [String], in file: SourceFile) -> [Int] {
        var from = content.lowerBound
        return keys.map { key in
            let key = Array(key.utf8)
            var i = from
            while i + key.count <= content.upperBound, !file.bytes[i...].starts(with: key) { i += 1 }
            guard i + key.count <= content.upperBound else { return content.lowerBound }
            from = i + key.count
            return i
        }
    }

    /// The code span whose backticks start at `start` when it reads `code`: its content and the end of its
    /// closing backticks. Its content is as long as `code` or two bytes longer (the spaces cmark drops), so only
    /// those two places are looked at for the closing run, as long as the opening one.
    private static func codeSpan(_ bytes: [UInt8], at start: Int, reading code: String)
        -> (content: Range<Int>, end: Int)?
    {
        let ticks = bytes[start...].prefix { $0 == backtick }.count
        guard ticks > 0 else { return nil }
        let contentStart = start + ticks
        for length in [code.utf8.count, code.utf8.count + 2] {
            let close = contentStart + length
            let end = close + ticks
            guard end <= bytes.count, bytes[close..<end].allSatisfy({ $0 == backtick }),
                end == bytes.count || bytes[end] != backtick, length == 0 || bytes[close - 1] != backtick,
                read(bytes[contentStart..<close]) == code
            else { continue }
            return (contentStart..<close, end)
        }
        return nil
    }

    /// A code span's content as cmark reads it: line endings as spaces, and one space off each end when both ends
    /// have one and it is not all spaces.
    private static func read(_ written: ArraySlice<UInt8>) -> String {
        let text = String(decoding: written, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        guard text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}
