/// A lesson's text with the table that turns byte offsets into `line:column` (both 1-based; columns count
/// Unicode scalars, as editors and Yams do).
public struct SourceFile: Sendable {
    /// The path shown in diagnostics, relative to the folder the build ran in (e.g. `Lessons/01-hello.md`).
    public let path: String
    public let text: String
    public let bytes: [UInt8]
    private let lineStarts: [Int]
    /// How many Unicode scalars come before each line.
    private let lineStartScalars: [Int]
    /// The byte offset of every `checkpointInterval`-th scalar of the text (and of its end), so that a column
    /// on a long line is found without counting from the line's start.
    private let scalarCheckpoints: [Int]
    private let scalarTotal: Int
    static let checkpointInterval = 64

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        var startScalars = [0]
        var checkpoints: [Int] = []
        var scalars = 0
        for (i, b) in bytes.enumerated() where b & 0xC0 != 0x80 {
            if scalars % Self.checkpointInterval == 0 { checkpoints.append(i) }
            scalars += 1
            if b == UInt8(ascii: "\n") {
                starts.append(i + 1)
                startScalars.append(scalars)
            }
        }
        if scalars % Self.checkpointInterval == 0 { checkpoints.append(bytes.count) }
        lineStarts = starts
        lineStartScalars = startScalars
        scalarCheckpoints = checkpoints
        scalarTotal = scalars
    }

    public var lineCount: Int { lineStarts.count }

    /// The location of a byte offset.
    public func location(ofByte offset: Int) -> SourceLocation {
        let low = line(ofByte: offset) - 1
        let start = lineStarts[low]
        let end = min(offset, bytes.count)
        let column = bytes[start..<end].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return SourceLocation(line: low + 1, column: column)
    }

    /// The 1-based line of a byte offset (without its column, which counts the line's characters before it).
    public func line(ofByte offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The byte offset where a 1-based line starts: 0 before the first (a node cmark gave no position, line 0),
    /// the end after the last.
    public func byteOffset(ofLine line: Int) -> Int {
        guard line >= 1 else { return 0 }
        return line - 1 < lineStarts.count ? lineStarts[line - 1] : bytes.count
    }

    static let excerptWidth = 160

    /// The line for a diagnostic: the whole line when it is short, else `excerptWidth` characters around the
    /// column with `…` marking what was cut; and the caret's column in that text. Its cost does not grow with
    /// the column or the line's length.
    func excerpt(line number: Int, column: Int) -> (text: String, caretColumn: Int) {
        guard number >= 1, number <= lineStarts.count else { return ("", 1) }
        let lineScalars = scalarCount(ofLine: number)
        if lineScalars <= Self.excerptWidth { return (line(number), column) }
        let from = min(max(0, column - 1 - Self.excerptWidth / 2), lineScalars)
        let to = min(from + Self.excerptWidth, lineScalars)
        var text = String(
            decoding: bytes[byteOffset(line: number, scalar: from)..<byteOffset(line: number, scalar: to)],
            as: UTF8.self)
        var caret = column - from
        if from > 0 {
            text = "…" + text
            caret += 1
        }
        if to < lineScalars { text += "…" }
        return (text, caret)
    }

    /// How many Unicode scalars line `number` holds, without its newline.
    private func scalarCount(ofLine number: Int) -> Int {
        let next = number < lineStartScalars.count ? lineStartScalars[number] - 1 : scalarTotal
        return next - lineStartScalars[number - 1]
    }

    /// The byte offset of the scalar `scalar` scalars into line `number` (at most its length): counted from the
    /// nearest checkpoint before it, so at most `checkpointInterval` scalars are stepped over.
    private func byteOffset(line number: Int, scalar: Int) -> Int {
        let lineStart = lineStartScalars[number - 1]
        let target = lineStart + scalar
        let checkpoint = target / Self.checkpointInterval
        var (offset, index) = (scalarCheckpoints[checkpoint], checkpoint * Self.checkpointInterval)
        if index < lineStart { (offset, index) = (lineStarts[number - 1], lineStart) }
        return bytes.withUnsafeBufferPointer { bytes in
            while index < target {
                offset += 1
                while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                index += 1
            }
            return offset
        }
    }

    /// The file with each "\r\n" a "\n": the same lines and columns (a lone "\r" stays).
    var withLineFeeds: SourceFile {
        guard bytes.contains(UInt8(ascii: "\r")) else { return self }
        return SourceFile(path: path, text: text.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// Turns increasing byte offsets into locations in time proportional to the distance moved, where
/// `SourceFile.location(ofByte:)` counts from the line's start: a scanner reporting many places on one long
/// line stays linear.
struct LocationCursor {
    let file: SourceFile
    private var offset = 0
    private var location = SourceLocation(line: 1, column: 1)

    init(file: SourceFile) { self.file = file }

    mutating func location(ofByte target: Int) -> SourceLocation {
        if target < offset {
            offset = target
            location = file.location(ofByte: target)
            return location
        }
        let bytes = file.bytes
        while offset < min(target, bytes.count) {
            let b = bytes[offset]
            if b == UInt8(ascii: "\n") {
                location = SourceLocation(line: location.line + 1, column: 1)
            } else if b & 0xC0 != 0x80 {
                location.column += 1
            }
            offset += 1
        }
        return location
    }
}

/// A 1-based line and column in a lesson.
public struct SourceLocation: Hashable, Comparable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A line's text and how far along it a search for what a lesson's line holds, in order, has come: the index
/// and its column (1-based, in characters).
struct ColumnSearch {
    let line: Int
    let text: String
    var from: String.Index
    var column: Int

    /// Line `line` of `file`, searched from its start.
    init(_ file: SourceFile, line: Int) {
        (self.line, text) = (line, file.line(line))
        (from, column) = (text.startIndex, 1)
    }

    /// The column of `literal` after the last found, the search going on after it; else of its first place on
    /// the line; nil when the line does not hold it.
    mutating func next(_ literal: String) -> Int? {
        guard let range = text[from...].range(of: literal) else {
            return text.range(of: literal).map { text.distance(from: text.startIndex, to: $0.lowerBound) + 1 }
        }
        let found = column + text.distance(from: from, to: range.lowerBound)
        (from, column) = (range.upperBound, found + text.distance(from: range.lowerBound, to: range.upperBound))
        return found
    }
}
