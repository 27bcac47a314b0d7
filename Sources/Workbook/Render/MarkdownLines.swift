/// Markdown written line by line inside containers: each open container (a block quote's `> `, a list item's
/// `- ` then `  `, a footnote's `[^1]: ` then four spaces) is a prefix every line inside it starts with. Kept as a
/// stack, so 50,000 nested quotes cost one prefix per line written, never a copy of the lines per level.
struct MarkdownLines {
    /// What a container puts before its first line, and before every later one.
    struct Prefix {
        var first: String
        var rest: String

        static let quote = Prefix(first: "> ", rest: "> ")
    }

    private(set) var text = ""
    private var prefixes: [Prefix] = []
    /// The containers (a prefix of `prefixes`) whose first line has been written.
    private var used = 0
    /// A blank line asked for between two blocks, at this depth, written only when a line follows it there.
    private var blankDepth: Int?

    mutating func push(_ prefix: Prefix) { prefixes.append(prefix) }

    mutating func pop() {
        prefixes.removeLast()
        used = min(used, prefixes.count)
        if let depth = blankDepth, depth > prefixes.count { blankDepth = nil }
    }

    /// Asks for a blank line before the next block of the current container (none at its start or end).
    mutating func blank() {
        if used == prefixes.count, !text.isEmpty { blankDepth = prefixes.count }
    }

    /// Writes `lines` (separated by `\n`; a trailing newline ends the last) inside the open containers.
    mutating func write(_ lines: String) {
        guard !lines.isEmpty else { return }
        // Split at each newline's byte (a Character split is many times slower); a CR LF is one Character, and
        // is not split, as before.
        var start = lines.utf8.startIndex
        var previous: UInt8 = 0
        for index in lines.utf8.indices {
            let byte = lines.utf8[index]
            defer { previous = byte }
            guard byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") else { continue }
            write(line: lines[start..<index])
            start = lines.utf8.index(after: index)
        }
        if start != lines.endIndex { write(line: lines[start...]) }
    }

    /// One line; an empty one still gets its containers' prefixes (`>` of a quote, `-` of an empty item).
    mutating func write(line: Substring) {
        if let depth = blankDepth {
            blankDepth = nil
            text += trimmed(prefixes[..<depth].map(\.rest).joined()) + "\n"
        }
        var prefix = ""
        for (i, container) in prefixes.enumerated() { prefix += i < used ? container.rest : container.first }
        used = prefixes.count
        text += line.isEmpty ? trimmed(prefix) : prefix + line
        text += "\n"
    }

    private func trimmed(_ prefix: String) -> String {
        // Most prefixes are empty or end in `>`: nothing to trim, nothing to copy (a page of 170,000 headings
        // writes a blank line after each).
        guard prefix.utf8.last == UInt8(ascii: " ") else { return prefix }
        return String(prefix.reversed().drop { $0 == " " }.reversed())
    }
}
