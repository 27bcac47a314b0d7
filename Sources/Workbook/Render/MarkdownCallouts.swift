/// Callouts in the Markdown handout, as GitHub's alerts (which GitHub and most Markdown viewers draw): a fenced
/// div's fences become `> [!NOTE]` (and its title a bold line) and every line between them is quoted, directive
/// results included; an alert's Obsidian title or fold sign moves to a bold line of its own. Other divs lose
/// their fences.
enum MarkdownCallouts {
    typealias Edit = (range: Range<Int>, text: String)

    /// The edits of the lesson's fenced divs and alerts, and the byte ranges whose lines get a `> ` each.
    static func edits(_ lesson: ParsedLesson) -> (edits: [Edit], quoted: [Range<Int>]) {
        let file = lesson.file
        var edits: [Edit] = []
        var quoted: [Range<Int>] = []
        func lineRange(_ line: Int) -> Range<Int> { file.byteOffset(ofLine: line)..<file.byteOffset(ofLine: line + 1) }
        func blankLine(_ line: Int) -> Edit { (lineRange(line), line >= file.lineCount ? "" : "\n") }
        for block in lesson.document.nodes {
            let at = block.location
            switch block.kind {
            case .callout(let callout, _):
                switch callout.form {
                case .fencedDiv(let closingLine, let titleSource):
                    let alert = "> [!\(callout.kind.rawValue.uppercased())]\n"
                    edits.append((lineRange(at.line), alert + (titleSource.map { "> **\($0)**\n>\n" } ?? "")))
                    edits.append(blankLine(closingLine))
                    quoted.append(lineRange(at.line).upperBound..<file.byteOffset(ofLine: closingLine))
                case .alert(let marker):
                    if let edit = alertTitle(file, marker) { edits.append(edit) }
                }
            case .division(let division, _):
                edits += [blankLine(at.line), blankLine(division.closingLine)]
            default:
                break
            }
        }
        return (edits, quoted)
    }

    /// `> [!TIP]- A title` → `> [!TIP]`, `> **A title**`, `>`: GitHub draws no title and no fold sign.
    private static func alertTitle(_ file: SourceFile, _ marker: SourceLocation) -> Edit? {
        let lineStart = file.byteOffset(ofLine: marker.line)
        let lineEnd = file.byteOffset(ofLine: marker.line + 1)
        let bytes = file.bytes[(lineStart + marker.column - 1)..<lineEnd]
        guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let restEnd = bytes.last == UInt8(ascii: "\n") ? lineEnd - 1 : lineEnd
        let rest = String(decoding: file.bytes[(close + 1)..<restEnd], as: UTF8.self)
        let title = rest.drop { "+-".contains($0) }.trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { return nil }
        let line = file.line(marker.line)
        let prefix = String(line.unicodeScalars.prefix(marker.column - 1).map { $0 == ">" ? ">" : " " })
        let blank = String(prefix.reversed().drop { $0 == " " }.reversed())
        return ((close + 1)..<restEnd, title.isEmpty ? "" : "\n\(prefix)**\(title)**\n\(blank)")
    }

    /// The lesson's bytes with the edits applied in order (an edit inside an earlier one is dropped), each line
    /// that starts inside a quoted range prefixed with a `> ` per range.
    static func apply(_ edits: [Edit], to bytes: [UInt8], quoting: [Range<Int>]) -> [UInt8] {
        var out: [UInt8] = []
        var atLineStart = true
        func emit(_ chunk: ArraySlice<UInt8>, from position: Int, moving: Bool) {
            var p = position
            for byte in chunk {
                if atLineStart, !quoting.isEmpty {
                    let depth = quoting.filter { $0.contains(p) }.count
                    let prefix = String(repeating: "> ", count: depth)
                    out += Array((byte == UInt8(ascii: "\n") ? String(prefix.dropLast()) : prefix).utf8)
                }
                out.append(byte)
                atLineStart = byte == UInt8(ascii: "\n")
                if moving { p += 1 }
            }
        }
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
        where edit.range.lowerBound >= position {
            emit(bytes[position..<edit.range.lowerBound], from: position, moving: true)
            emit(ArraySlice(Array(edit.text.utf8)), from: edit.range.lowerBound, moving: false)
            position = edit.range.upperBound
        }
        emit(bytes[min(position, bytes.count)...], from: position, moving: true)
        return out
    }
}
