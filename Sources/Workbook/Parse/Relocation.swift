/// Moving the positions of what was parsed on its own (a callout's title, a footnote's text) to where it stands
/// in the lesson.
extension Inline {
    /// This inline and its children moved: `line` lines down, and on its first line `column` columns right.
    func moved(lines: Int, columns: Int) -> Inline {
        var copy = self
        if location.line == 1 { copy.location.column += columns }
        copy.location.line += lines
        switch kind {
        case .emphasis(let children): copy.kind = .emphasis(children.map { $0.moved(lines: lines, columns: columns) })
        case .strong(let children): copy.kind = .strong(children.map { $0.moved(lines: lines, columns: columns) })
        case .link(let url, let title, let children):
            copy.kind = .link(url: url, title: title, children.map { $0.moved(lines: lines, columns: columns) })
        case .image(let url, let title, let children):
            copy.kind = .image(url: url, title: title, children.map { $0.moved(lines: lines, columns: columns) })
        default: break
        }
        return copy
    }
}
