/// The block a fenced div's blocks make (`FencedDivs` found it, `CommonMarkConverter` gathered its blocks).
enum DivBlocks {
    /// A callout, titled by its `title="…"` (read as one line's inlines: emphasis, code, math and values work; a
    /// MyST title's raw HTML is text, `parseTitle`'s second argument, unless raw HTML is allowed) or
    /// else by a first heading, which then leaves the lesson's flow and outline; a tabset or columns div, its
    /// panels; a MyST tab item, its label (its `title`) and blocks; any other div keeps only its children.
    /// A glossary's blocks are its entries (`Glossary.entries`), each term with an anchor unique among `anchors`.
    static func block(
        _ div: FencedDivs.Div, children: [Int], nodes: inout [Block], anchors: inout Anchors.Used,
        parseTitle: (_ text: String, _ htmlAsText: Bool) -> [Inline]
    ) -> Block {
        let at = SourceLocation(line: div.line, column: div.column)
        let title = div.attributes.pairs["title"].map {
            parseTitle($0, div.titleIsText).map { $0.moved(lines: div.line - 1, columns: div.titleColumn - 1) }
        }
        let classes = div.attributes.classes
        if classes.contains(Division.tabsetClass) { return Block(.panels(tabs(children, &nodes)), at: at) }
        if classes.contains(Division.columnsClass) { return Block(.panels(columns(children, nodes)), at: at) }
        guard let kind = div.attributes.calloutKind else {
            let division = Division(
                classes: classes, closingLine: div.closingLine, holdsReferences: div.holdsReferences, width: div.width)
            guard !division.isGlossary else {
                let terms = (div.attributes.pairs[Division.glossaryTermsKey] ?? "").split(separator: " ").compactMap { Int($0) }
                return Block(
                    .division(division, Glossary.entries(children, &nodes, &anchors, termLines: Set(terms))), at: at)
            }
            guard division.classes.contains(Division.tabItemClass) else {
                return Block(.division(division, children), at: at)
            }
            // A tab item's label leads its blocks (`tabs` takes it from there).
            nodes.append(Block(.paragraph(title ?? []), at: at))
            return Block(.division(division, [nodes.count - 1] + children), at: at)
        }
        var kept = children
        var heading: [Inline] = []
        if title == nil, let first = children.first, case .heading(_, _, let content) = nodes[first].kind {
            heading = content
            kept.removeFirst()
            nodes[first].kind = .paragraph(content)
        }
        let callout = Callout(
            kind: kind, title: title ?? heading, collapse: div.attributes.collapse, id: div.attributes.id)
        return Block(.callout(callout, kept), at: at)
    }

    /// A tabset's panels: each MyST tab item, and each heading of the first heading's level with the blocks up to
    /// the next (the heading becomes its tab's label and leaves the lesson's outline). Blocks before the first
    /// label make a panel without one (an error, `PanelProblems`).
    private static func tabs(_ children: [Int], _ nodes: inout [Block]) -> Panels {
        var panels: [Panels.Panel] = []
        var level: Int?
        for child in children {
            switch nodes[child].kind {
            case .division(let division, let blocks) where division.classes.contains(Division.tabItemClass):
                panels.append(Panels.Panel(label: blocks.first, children: Array(blocks.dropFirst())))
                continue
            case .heading(let found, _, let content) where level == nil || level == found:
                level = found
                nodes[child].kind = .paragraph(content)
                panels.append(Panels.Panel(label: child, children: []))
                continue
            default:
                if panels.isEmpty { panels.append(Panels.Panel(label: nil, children: [])) }
            }
            panels[panels.count - 1].children.append(child)
        }
        return Panels(layout: .tabs, panels: panels)
    }

    /// A columns div's panels: each `.column` div with its width; any other block a column of its own; or, when
    /// hugo-book's `<--->` stands between them (`Division.columnBreak`), the blocks between two breaks.
    private static func columns(_ children: [Int], _ nodes: [Block]) -> Panels {
        func isBreak(_ child: Int) -> Bool {
            guard case .html(let text) = nodes[child].kind else { return false }
            return text.trimmingCharacters(in: .whitespacesAndNewlines) == Division.columnBreak
        }
        if children.contains(where: isBreak) {
            let groups = children.split(omittingEmptySubsequences: false, whereSeparator: isBreak)
            return Panels(layout: .columns, panels: groups.map { Panels.Panel(label: nil, children: Array($0)) })
        }
        let panels = children.map { child -> Panels.Panel in
            guard case .division(let division, let blocks) = nodes[child].kind,
                division.classes.contains(Division.columnClass)
            else { return Panels.Panel(label: nil, children: [child]) }
            return Panels.Panel(label: nil, width: division.width, children: blocks)
        }
        return Panels(layout: .columns, panels: panels)
    }
}
