import Foundation

/// A GitHub-flavoured pipe table (the GFM spec's "Tables" extension): a header row, a delimiter row of
/// `---`, `:--`, `--:` or `:-:` cells (one per header cell), then body rows until the paragraph ends. Cells
/// split at unescaped `|`; `\|` is a literal pipe, inside code spans too. A body row with fewer cells gets empty
/// ones, extra cells are dropped. libcmark parses the whole thing as a paragraph; `CommonMarkConverter` makes it
/// a table block of the document tree.
struct PipeTable: Equatable {
    enum Alignment: Equatable {
        case none, left, center, right
    }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]]

    /// The table these paragraph lines spell, or nil when they are not one.
    static func parse(_ lines: [String]?) -> PipeTable? {
        guard let lines, lines.count >= 2 else { return nil }
        let header = cells(lines[0])
        let delimiter = cells(lines[1])
        guard hasPipe(lines[0]) || hasPipe(lines[1]), header.count == delimiter.count, !header.isEmpty else {
            return nil
        }
        var alignments: [Alignment] = []
        for cell in delimiter {
            let dashes = cell.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }), cell.count - dashes.count <= 2 else { return nil }
            let (left, right) = (cell.hasPrefix(":"), cell.hasSuffix(":"))
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        let rows = lines.dropFirst(2).map { line -> [String] in
            let found = cells(line)
            return (0..<header.count).map { $0 < found.count ? found[$0] : "" }
        }
        return PipeTable(header: header, alignments: alignments, rows: rows)
    }

    /// Whether a line holds an unescaped pipe.
    static func hasPipe(_ line: String) -> Bool {
        var escaped = false
        for c in line {
            if c == "|", !escaped { return true }
            escaped = c == "\\" && !escaped
        }
        return false
    }

    /// A row's cells: split at unescaped pipes, the outer pipes dropped, each cell trimmed and `\|` made `|`.
    static func cells(_ line: String) -> [String] {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|"), !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if c == "|", !escaped {
                cells.append(current)
                current = ""
            } else {
                current.append(c)
            }
            escaped = c == "\\" && !escaped
        }
        cells.append(current)
        return cells.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\|", with: "|") }
    }
}
