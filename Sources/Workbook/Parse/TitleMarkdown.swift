/// A front matter title is Markdown, as Quarto reads it: `title: "The $\tanh$ cell and `numpy`"` is drawn with its
/// math typeset and its code as code (the title block showed the dollars and backquotes).
extension LessonParser {
    /// The front matter's title parsed as a paragraph of its own: its inlines, its math appended to `math` and placed on the title's
    /// line of the front matter (where a diagnostic about it points). Nil for a title without Markdown's marks
    /// (drawn as the plain text it is), one the parse warns about (an unclosed `$`), and one holding more than
    /// text, code, emphasis and math (a link, a citation, a value): the plain title serves those.
    static func titleInlines(_ front: FrontMatter, in file: SourceFile, math: inout [MathSpan]) -> [Inline]? {
        guard let title = front.title else { return nil }
        guard title.contains(where: { "$`*_~=^".contains($0) }) else { return nil }
        let (parsed, problems) = parseOnce(SourceFile(path: file.path, text: title), slug: "", allowRawHTML: false)
        guard let parsed, problems.isEmpty, parsed.document.roots.count == 1, parsed.directives.isEmpty,
            case .paragraph(let content) = parsed.document.nodes[parsed.document.roots[0]].kind,
            let inlines = shifted(content, by: math.count)
        else { return nil }
        let line = titleLine(in: file, front.lines)
        let text = file.line(line)
        math += parsed.math.map { span in
            let column = text.range(of: span.tex).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
            return MathSpan(tex: span.tex, display: false, location: SourceLocation(line: line, column: max(1, column)))
        }
        return inlines
    }

    /// `inlines` with their math numbered `offset` further on; nil if one is not a title's (see `titleInlines`).
    private static func shifted(_ inlines: [Inline], by offset: Int) -> [Inline]? {
        func wrapped(_ children: [Inline], _ kind: ([Inline]) -> Inline.Kind) -> Inline.Kind? {
            shifted(children, by: offset).map(kind)
        }
        var out: [Inline] = []
        for inline in inlines {
            let kind: Inline.Kind?
            switch inline.kind {
            case .text, .code: kind = inline.kind
            case .softBreak: kind = .text(" ")
            case .math(let index): kind = .math(index: index + offset)
            case .emphasis(let children): kind = wrapped(children, Inline.Kind.emphasis)
            case .strong(let children): kind = wrapped(children, Inline.Kind.strong)
            case .strikethrough(let children): kind = wrapped(children, Inline.Kind.strikethrough)
            case .highlight(let children): kind = wrapped(children, Inline.Kind.highlight)
            case .sub(let children): kind = wrapped(children, Inline.Kind.sub)
            case .sup(let children): kind = wrapped(children, Inline.Kind.sup)
            default: kind = nil
            }
            guard let kind else { return nil }
            out.append(Inline(kind, at: inline.location))
        }
        return out
    }

    /// The line of the front matter (`lines`, delimiters included) that holds the title (`title:` in YAML,
    /// `title =` in TOML), else its first.
    private static func titleLine(in file: SourceFile, _ lines: ClosedRange<Int>) -> Int {
        lines.first { line in
            let text = file.line(line).trimmingSpaces
            return text.hasPrefix("title:") || text.hasPrefix("title =") || text.hasPrefix("title=")
        } ?? lines.lowerBound
    }
}
