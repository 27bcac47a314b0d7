/// Comma-separated values as RFC 4180 defines them, read and written.
///
/// Reading: records end at CRLF, LF or a lone CR (spreadsheets on every system write one of these); a field in
/// double quotes may hold commas, line breaks and quotes written twice (`"Lovelace, Ada"`, `"say ""hi"""`);
/// a byte-order mark at the start (Excel writes one) is skipped. A quote left open, or text after a closing
/// quote, is an error at its line and column rather than a silently shifted column. Each record keeps the
/// line it starts on, so a roster's mistakes are reported where they are.
///
/// Writing: every record ends with CRLF; a field is quoted when it holds a comma, a quote or a line break; and a
/// text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, OWASP's rule against CSV injection, since ids, names and answers come from
/// students. Numbers the tool formats itself are written as they are, so they stay numbers.
enum CSV {
    struct Record: Equatable {
        var fields: [String]
        /// The line (from 1) the record starts on.
        var line: Int
    }

    struct ParseError: Error, Equatable {
        let location: SourceLocation
        let message: String
    }

    /// The records of `text`, in order; an empty line is a record with one empty field.
    static func records(_ text: String) throws(ParseError) -> [Record] {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var reader = Reader()
        for scalar in scalars { try reader.take(scalar) }
        return try reader.finish()
    }

    /// The state machine that reads one scalar at a time: where it is (line, column), the field being read,
    /// and whether it is inside quotes.
    private struct Reader {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var recordLine = 1
        var line = 1
        var column = 0
        /// Where the open quote of the current field is, while inside it.
        var openQuote: SourceLocation?
        /// The field was quoted and its closing quote read: only a comma or the record's end may follow.
        var closed = false
        /// A quote was read inside quotes: the next scalar decides whether it closed the field or was doubled.
        var pendingQuote = false
        var previousWasCR = false
        var recordHasContent = false

        mutating func take(_ scalar: Unicode.Scalar) throws(ParseError) {
            if previousWasCR, scalar == "\n", openQuote == nil {
                previousWasCR = false
                return  // the LF of a CRLF that already ended the record
            }
            advance(over: scalar)
            if pendingQuote {
                pendingQuote = false
                if scalar == "\"" {
                    field.append("\"")
                    return
                }
                openQuote = nil
                closed = true
            }
            if openQuote != nil {
                if scalar == "\"" { pendingQuote = true } else { field.append(scalar) }
                return
            }
            switch scalar {
            case ",": endField()
            case "\n", "\r": endRecord()
            case "\"" where field.isEmpty && !closed:
                openQuote = SourceLocation(line: line, column: column)
                recordHasContent = true
            default:
                guard !closed else {
                    throw ParseError(
                        location: SourceLocation(line: line, column: column),
                        message:
                            "'\(scalar)' after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"
                    )
                }
                field.append(scalar)
                recordHasContent = true
            }
        }

        /// Moves the line and column past `scalar` (a line break inside quotes moves the line too).
        mutating func advance(over scalar: Unicode.Scalar) {
            if previousWasCR && scalar == "\n" {
                previousWasCR = false
                return
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }

        mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            closed = false
        }

        mutating func endRecord() {
            endField()
            records.append(Record(fields: fields, line: recordLine))
            fields = []
            recordLine = line
            recordHasContent = false
        }

        mutating func finish() throws(ParseError) -> [Record] {
            if pendingQuote {
                openQuote = nil
                closed = true
            }
            if let openQuote {
                throw ParseError(
                    location: openQuote,
                    message: "the quoted field that opens here is never closed (a missing '\"'?)")
            }
            if recordHasContent || !fields.isEmpty || !field.isEmpty { endRecord() }
            return records
        }
    }

    /// One cell to write: text (neutralised against formulas, quoted as needed) or a number the tool formatted.
    enum Cell: Equatable {
        case text(String)
        case number(String)
    }

    /// The characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `cells` as one CSV record, CRLF-terminated.
    static func record(_ cells: [Cell]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .number(let text): return text
        case .text(var text):
            if let first = text.first, formulaStarts.contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
