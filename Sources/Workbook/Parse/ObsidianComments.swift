/// Obsidian's comments, `%%…%%` in a line or over lines (a `%%` line, the comment, a `%%` line), which
/// Obsidian's reading view hides: the author's notes to self ("TODO before Tuesday"), never meant for a reader.
/// Each is blanked, a space for every character and the line breaks kept (every later line and column stays),
/// before anything else reads the lesson, so no handout, search index or slide shows it. `%%` in code blocks and
/// code spans (`printf("%%d")`) is text, and a `%%` that nothing closes stays as written.
enum ObsidianComments {
    private static let percent = UInt8(ascii: "%")
    private static let backtick = UInt8(ascii: "`")
    private static let newline = UInt8(ascii: "\n")

    /// `file` with its comments blanked (the same file when it has none).
    static func blank(_ file: SourceFile) -> SourceFile {
        guard ByteSearch.contains("%%", in: file.text) else { return file }
        let comments = ranges(in: file.bytes, verbatim: CommonMarkConverter.verbatimLines(of: file.text))
        guard !comments.isEmpty else { return file }
        var out: [UInt8] = []
        out.reserveCapacity(file.bytes.count)
        var copied = 0
        for range in comments {
            out += file.bytes[copied..<range.lowerBound]
            for b in file.bytes[range] where b & 0xC0 != 0x80 { out.append(b == newline ? newline : 0x20) }
            copied = range.upperBound
        }
        out += file.bytes[copied...]
        return SourceFile(path: file.path, text: String(decoding: out, as: UTF8.self))
    }

    /// The byte ranges of the comments, each from its opening `%%` to after its closing one. Lines of code blocks
    /// (`verbatim`, 1-based) neither open nor close one; a code span's backticks are skipped whole.
    static func ranges(in bytes: [UInt8], verbatim: Set<Int>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var open: Int?
        var line = 1
        var i = 0
        while i < bytes.count {
            if bytes[i] == newline {
                line += 1
                i += 1
            } else if verbatim.contains(line) {
                while i < bytes.count, bytes[i] != newline { i += 1 }
            } else if bytes[i] == percent, i + 1 < bytes.count, bytes[i + 1] == percent {
                if let start = open {
                    found.append(start..<(i + 2))
                    open = nil
                } else {
                    open = i
                }
                i += 2
            } else if bytes[i] == backtick, open == nil {
                i = afterCodeSpan(bytes, at: i)
            } else {
                i += 1
            }
        }
        return found
    }

    /// The offset after the code span whose opening backticks start at `at` (closed by a run of as many on the
    /// same line), or after the run when nothing closes it.
    private static func afterCodeSpan(_ bytes: [UInt8], at: Int) -> Int {
        var i = at
        while i < bytes.count, bytes[i] == backtick { i += 1 }
        let count = i - at
        var j = i
        while j < bytes.count, bytes[j] != newline {
            guard bytes[j] == backtick else {
                j += 1
                continue
            }
            let run = j
            while j < bytes.count, bytes[j] == backtick { j += 1 }
            if j - run == count { return j }
        }
        return i
    }
}
