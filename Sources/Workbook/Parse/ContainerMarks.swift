/// What math that goes on over several lines needs to know of block quotes and list items, from cmark's first
/// pass over the lesson (made once, when a math span first crosses a line): the marks at the start of a line
/// (each quote's `>` and a space, an item's indentation), which a paragraph's text leaves out and so does the
/// TeX (`> $$`, `> a = b`, `> $$` in a quote or an Obsidian callout is `a = b`), and whether a line has left the
/// container a line stands in, past which inline math does not go (`- \(a` does not close at `\)` in the next
/// item).
final class ContainerMarks {
    private let text: String
    private var made: Made?

    private struct Made {
        let layout: ContainerLines
        let lines: [Substring]
        /// The leaf (an index into `layout.leaves`) that holds each line inside a container.
        let leafOf: [Int: Int]
    }

    init(_ text: String) { self.text = text }

    private var state: Made {
        if let made { return made }
        let layout = CommonMarkConverter.containerLines(of: text)
        var leafOf: [Int: Int] = [:]
        for (k, leaf) in layout.leaves.enumerated() {
            for line in leaf.line...leaf.endLine where leafOf[line] == nil { leafOf[line] = k }
        }
        let state = Made(layout: layout, lines: text.split(separator: "\n", omittingEmptySubsequences: false), leafOf: leafOf)
        made = state
        return state
    }

    /// The bytes of marks (and up to three spaces) before the text of line `line` (1-based) of math that opened on
    /// line `opening`: those of the containers of the block it opened in (none outside containers), so that a
    /// line's own `-` or `>` past them stays TeX.
    func markLength(ofLine line: Int, opening: Int) -> Int {
        let state = state
        guard let k = state.leafOf[opening] else { return 0 }
        let column = state.layout.column(ofLine: line, under: state.layout.leaves[k], lines: state.lines)
        return max((column ?? 1) - 1, 0)
    }

    /// Whether line `line` (1-based) has left the container that the block holding line `opening` stands in: it
    /// belongs to no block inside it or one of its containers (a sibling item, a quote's end). A block nested
    /// deeper in it, which a line of TeX starting with `-`, `+` or `>` makes in cmark's first pass, has not; nor
    /// has any line when `opening` stands outside containers.
    func hasLeft(line: Int, containerOf opening: Int) -> Bool {
        let state = state
        guard let k = state.leafOf[opening] else { return false }
        let home = state.layout.leaves[k].container
        var next = state.leafOf[line].map { state.layout.leaves[$0].container }
        while let container = next {
            if container == home { return false }
            next = state.layout.containers[container].parent
        }
        return true
    }
}
