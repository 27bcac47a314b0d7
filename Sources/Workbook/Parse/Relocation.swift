/// Moving the positions of what was parsed on its own (a callout's title, a footnote's text) to where it stands
/// in the lesson.
extension Inline {
    /// This inline and its children moved: `line` lines down, and on its first line `column` columns right.
    func moved(lines: Int, columns: Int) -> Inline {
        moved { SourceLocation(line: $0.line + lines, column: $0.column + ($0.line == 1 ? columns : 0)) }
    }

    /// This inline and its children with each position mapped by `move`.
    func moved(_ move: (SourceLocation) -> SourceLocation) -> Inline {
        var copy = self
        copy.location = move(location)
        switch kind {
        case .emphasis(let children): copy.kind = .emphasis(children.map { $0.moved(move) })
        case .strong(let children): copy.kind = .strong(children.map { $0.moved(move) })
        case .link(let url, let title, let children): copy.kind = .link(url: url, title: title, children.map { $0.moved(move) })
        case .image(let url, let title, let children): copy.kind = .image(url: url, title: title, children.map { $0.moved(move) })
        case .element(let element, let children): copy.kind = .element(element, children.map { $0.moved(move) })
        case .highlight(let children): copy.kind = .highlight(children.map { $0.moved(move) })
        default: break
        }
        return copy
    }
}

extension Block {
    /// This block with its positions mapped by `move` and its children's indices shifted by `offset` (its
    /// document's nodes appended to another's).
    func moved(_ move: (SourceLocation) -> SourceLocation, indexOffset offset: Int) -> Block {
        var copy = self
        copy.location = move(location)
        let shift = { (children: [Int]) in children.map { $0 + offset } }
        switch kind {
        case .heading(let level, let anchor, let content):
            copy.kind = .heading(level: level, anchor: anchor, content.map { $0.moved(move) })
        case .paragraph(let content): copy.kind = .paragraph(content.map { $0.moved(move) })
        case .blockQuote(let children): copy.kind = .blockQuote(shift(children))
        case .list(let style, let items): copy.kind = .list(style, items: items.map(shift))
        case .callout(let callout, let children): copy.kind = .callout(callout, shift(children))
        case .division(let division, let children): copy.kind = .division(division, shift(children))
        case .panels(var panels):
            for k in panels.panels.indices {
                panels.panels[k].label = panels.panels[k].label.map { $0 + offset }
                panels.panels[k].children = shift(panels.panels[k].children)
            }
            copy.kind = .panels(panels)
        case .definitionList(let items):
            copy.kind = .definitionList(
                items.map {
                    DefinitionItem(
                        terms: $0.terms.map { .init(paragraph: $0.paragraph + offset, anchor: $0.anchor) },
                        definitions: $0.definitions.map(shift))
                })
        default: break
        }
        return copy
    }
}
