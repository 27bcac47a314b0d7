/// A .bib file's entries as BibTeX reads them: `@type{key, field = value, …}` (or with parentheses), values in
/// braces, in double quotes, bare numbers or `@string` macros (and the months `jan`…`dec`) joined with `#`;
/// `@comment` and `@preamble` are skipped, and text between entries is a comment. Whitespace in a value is
/// collapsed to single spaces, as BibTeX does. The text stays LaTeX: `LaTeXText` and `BibTeXNames` read it.
///
/// Everything in the file is untrusted: one pass over the bytes with no recursion, mistakes are diagnostics at
/// their line and column (the reader then skips to the next `@` that starts a line, as BibTeX does), and the
/// sizes are bounded (`Limits`). Written here rather than on libbtparse: see the README's "Dependencies".
struct BibTeXReader {
    struct Field: Sendable, Equatable {
        var name: String
        var value: String
        var location: SourceLocation
    }

    struct Entry: Sendable, Equatable {
        var type: String
        var key: String
        var location: SourceLocation
        var fields: [Field]
    }

    enum Limits {
        static let entries = 10_000
        static let fieldsPerEntry = 100
        /// A value after its macros are expanded and its pieces joined (a chain of `@string`s doubling each other
        /// would otherwise grow without bound).
        static let valueBytes = 64 << 10
        /// All the values of a file together, macros expanded (a macro of 64 KiB used in every field of every
        /// entry would otherwise fill the memory).
        static let totalValueBytes = 32 << 20
        static let diagnostics = 50
    }

    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    static let months = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]

    let file: SourceFile
    let bytes: [UInt8]
    var position = 0
    var macros = BibTeXReader.months
    var entries: [Entry] = []
    /// The line of each key read so far (a key given twice is an error).
    var keyLines: [String: Int] = [:]
    /// The bytes of all values read so far (`Limits.totalValueBytes`).
    var valueBytesRead = 0
    var diagnostics: [Diagnostic] = []
    var cursor: LocationCursor

    init(file: SourceFile) {
        self.file = file
        bytes = file.bytes
        cursor = LocationCursor(file: file)
    }

    /// Reads the whole file: its entries in order, and a diagnostic for each mistake.
    static func read(_ file: SourceFile) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        var reader = BibTeXReader(file: file)
        reader.readAll()
        return (reader.entries, reader.diagnostics)
    }

    mutating func readAll() {
        if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            report(SyntaxError(offset: bad, message: "a control character (byte \(bytes[bad])) is not BibTeX text"))
            return
        }
        while let at = bytes[position...].firstIndex(of: UInt8(ascii: "@")) {
            position = at
            do {
                try readItem()
            } catch {
                report(error)
                if diagnostics.count >= Limits.diagnostics { return }
                skipToNextItem(after: at)
            }
        }
    }

    mutating func report(_ error: SyntaxError) {
        guard diagnostics.count < Limits.diagnostics else { return }
        let location = cursor.location(ofByte: error.offset)
        var message = error.message
        if diagnostics.count == Limits.diagnostics - 1 { message += " (further mistakes in this file not shown)" }
        diagnostics.append(Diagnostic(.error, in: file, at: location, message))
    }

    /// Past the failed item that starts at `start`: to the next `@` that begins a line (after spaces), or the end;
    /// that may be inside what the failed item swallowed (a brace left open), so the next entry is still read.
    mutating func skipToNextItem(after start: Int) {
        var i = start + 1
        var lineStart = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "@") && lineStart { break }
            if b == UInt8(ascii: "\n") { lineStart = true } else if b != 0x20 && b != 0x09 { lineStart = false }
            i += 1
        }
        position = i
    }
}
