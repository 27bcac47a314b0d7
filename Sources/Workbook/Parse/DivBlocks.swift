/// The block a fenced div's blocks make (`FencedDivs` found it, `CommonMarkConverter` gathered its blocks).
enum DivBlocks {
    /// A callout, titled by its `title="…"` (read as one paragraph: emphasis, code, math and values work) or
    /// else by a first heading, which then leaves the lesson's flow and outline; any other div keeps only its
    /// children.
    static func block(
        _ div: FencedDivs.Div, children: [Int], nodes: inout [Block], parseTitle: (String) -> [Inline]
    ) -> Block {
        let at = SourceLocation(line: div.line, column: 1)
        guard let kind = div.attributes.calloutKind else {
            let division = Division(
                classes: div.attributes.classes, closingLine: div.closingLine, holdsReferences: div.holdsReferences)
            return Block(.division(division, children), at: at)
        }
        var kept = children
        var title: [Inline] = []
        if let source = div.attributes.pairs["title"] {
            title = parseTitle(source).map { $0.moved(lines: div.line - 1, columns: div.titleColumn - 1) }
        } else if let first = children.first, case .heading(_, _, let content) = nodes[first].kind {
            title = content
            kept.removeFirst()
            nodes[first].kind = .paragraph(content)
        }
        let callout = Callout(
            kind: kind, title: title, collapse: div.attributes.collapse, id: div.attributes.id)
        return Block(.callout(callout, kept), at: at)
    }
}
