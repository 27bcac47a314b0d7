/// The block a fenced div's blocks make (`FencedDivs` found it, `CommonMarkConverter` gathered its blocks).
enum DivBlocks {
    /// A callout, titled by its `title="…"` (read as one paragraph: emphasis, code, math and values work) or
    /// else by a first heading, which then leaves the lesson's flow and outline; any other div keeps only its
    /// children.
    /// A glossary's terms get anchors (`term-` and the term's slug), unique among `anchors`.
    static func block(
        _ div: FencedDivs.Div, children: [Int], nodes: inout [Block], anchors: inout Anchors.Used,
        parseTitle: (String) -> [Inline]
    ) -> Block {
        let at = SourceLocation(line: div.line, column: 1)
        guard let kind = div.attributes.calloutKind else {
            let division = Division(
                classes: div.attributes.classes, closingLine: div.closingLine, holdsReferences: div.holdsReferences)
            if division.isGlossary { anchorTerms(children, &nodes, &anchors) }
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

    private static func anchorTerms(_ children: [Int], _ nodes: inout [Block], _ anchors: inout Anchors.Used) {
        for child in children {
            guard case .definitionList(var items) = nodes[child].kind else { continue }
            for k in items.indices {
                let text = Glossary.termText(nodes[items[k].term])
                items[k].anchor = Anchors.unique("term-" + Anchors.slug(text), &anchors)
            }
            nodes[child].kind = .definitionList(items)
        }
    }
}
