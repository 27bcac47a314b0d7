/// A message about a lesson in the compiler's shape, which editors and CI logs understand:
///
///     Lessons/03-loss.md:42:3: error: unknown key 'targt' in 'loss' (did you mean 'target'?)
///      42 | targt: ello
///         | ^
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Severity: String, Sendable {
        case error
        case warning
        case note
    }

    public let severity: Severity
    public let path: String
    public let location: SourceLocation?
    public let message: String
    /// The offending line (at most `SourceFile.excerptWidth` characters of it around the column), shown
    /// under the message with a caret at `caretColumn`.
    public let sourceLine: String?
    let caretColumn: Int
    /// Further lines (expected/got, a diff), printed after the caret.
    public let details: [String]

    public init(
        _ severity: Severity, in file: SourceFile, at location: SourceLocation?, _ message: String,
        details: [String] = []
    ) {
        self.severity = severity
        path = file.path
        self.location = location
        self.message = message
        let excerpt = location.map { file.excerpt(line: $0.line, column: $0.column) }
        sourceLine = excerpt?.text
        caretColumn = excerpt?.caretColumn ?? 1
        self.details = details
    }

    /// A diagnostic about a file as a whole (unreadable, not UTF-8, missing).
    public init(_ severity: Severity, path: String, _ message: String, details: [String] = []) {
        self.severity = severity
        self.path = path
        location = nil
        self.message = message
        sourceLine = nil
        caretColumn = 1
        self.details = details
    }

    init(
        _ severity: Severity, path: String, location: SourceLocation?, sourceLine: String?, caretColumn: Int,
        message: String,
        details: [String]
    ) {
        self.severity = severity
        self.path = path
        self.location = location
        self.sourceLine = sourceLine
        self.caretColumn = caretColumn
        self.message = message
        self.details = details
    }

    /// This diagnostic about text parsed on its own (Markdown inside a directive), at its place in `file` as
    /// `move` gives it, with `file`'s line under it.
    func moved(to file: SourceFile, by move: (SourceLocation) -> SourceLocation) -> Diagnostic {
        guard let location else { return self }
        return Diagnostic(severity, in: file, at: move(location), message, details: details)
    }

    /// A warning as the error `--strict` makes it (Quarto's and Jupyter Book's `--strict`/`-W`): the same place
    /// and words, saying why it stops the build.
    var strict: Diagnostic {
        guard severity == .warning else { return self }
        return Diagnostic(
            .error, path: path, location: location, sourceLine: sourceLine, caretColumn: caretColumn,
            message: message + " [--strict]", details: details)
    }

    public var headline: String {
        let position = location.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(path)\(position): \(severity.rawValue): \(message)"
    }

    /// The headline, the source line with a caret under the column, then the details.
    public var formatted: String {
        var lines = [headline]
        if let location, let sourceLine {
            let gutter = String(location.line)
            let prefix = sourceLine.unicodeScalars.prefix(max(0, caretColumn - 1))
            let pad = String(prefix.map { $0 == "\t" ? "\t" : " " })
            lines.append(" \(gutter) | \(sourceLine)")
            lines.append(" \(String(repeating: " ", count: gutter.count)) | \(pad)^")
        }
        lines += details
        return lines.joined(separator: "\n")
    }
}
