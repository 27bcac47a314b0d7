import Foundation

/// Recovery from a directive whose closing fence is missing. CommonMark ends a fenced block only at a bare fence,
/// so a directive left open swallows the next directive's opening line and body, up to that directive's own
/// closing fence: one forgotten line would hide the next directive (and its mistakes) inside a YAML error. An
/// opening line of a directive found inside a directive's body is where the author meant the first to end, so the
/// block is cut there into the directives the author wrote, each reported or planned on its own.
enum UnclosedFences {
    /// `block` cut at every directive opening line inside its body; all but the last piece end before the next
    /// one's fence (`endsBeforeNext`). Pieces after the first get indices from `nextIndex` on.
    static func split(
        _ block: FencedBlock, in file: SourceFile, nextIndex: inout Int, isDirective: (String) -> Bool
    ) -> [FencedBlock] {
        var lines = block.literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        // Only a fence that could close this block (its character, at least as long) shows it was left open; a
        // shorter one, as in a ```` block that shows a directive, is meant to be inside.
        let own = file.line(block.start.line).unicodeScalars.dropFirst(block.start.column - 1)
        let fence = (String(own.first.map(Character.init) ?? "`"), own.prefix(while: { $0 == own.first }).count)
        let openings = lines.indices.filter { k in
            opening(lines[k], isDirective: isDirective).map { $0.fence.0 == fence.0 && $0.fence.1 >= fence.1 } ?? false
        }
        guard !openings.isEmpty else { return [block] }
        var pieces: [FencedBlock] = []
        var info = block.info
        var start = block.start
        var bodyFrom = 0
        for k in openings + [lines.count] {
            let isLast = k == lines.count
            let nextFence = block.start.line + 1 + k
            var piece = FencedBlock(
                info: info, literal: lines[bodyFrom..<k].map { $0 + "\n" }.joined(), start: start,
                endLine: isLast ? block.endLine : nextFence - 1)
            piece.index = pieces.isEmpty ? block.index : nextIndex
            if !pieces.isEmpty { nextIndex += 1 }
            if !isLast {
                piece.endsBeforeNext = nextFence
                info = opening(lines[k], isDirective: isDirective)?.info ?? ""
                let text = file.line(nextFence)
                let fence = text.firstIndex(where: { $0 == "`" || $0 == "~" }) ?? text.startIndex
                start = SourceLocation(line: nextFence, column: text.distance(from: text.startIndex, to: fence) + 1)
                bodyFrom = k + 1
            }
            pieces.append(piece)
        }
        return pieces
    }

    /// The fence (its character and length) and info string of a line that opens a directive (three or more
    /// backticks or tildes, then `rnn …`), or nil.
    static func opening(_ line: String, isDirective: (String) -> Bool) -> (fence: (String, Int), info: String)? {
        let indented = line.prefix(while: { $0 == " " })
        guard indented.count <= 3 else { return nil }
        let rest = line.dropFirst(indented.count)
        guard let char = rest.first, char == "`" || char == "~" else { return nil }
        let run = rest.prefix(while: { $0 == char })
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
        guard !(char == "`" && info.contains("`")), isDirective(info) else { return nil }
        return ((String(char), run.count), info)
    }
}
