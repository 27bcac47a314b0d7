/// How deep inlines nest. Every pass over the inline tree, and both writers, recurse into it, so the tree is kept
/// shallow where it is made: cmark nests emphasis, links and images as deep as the lesson writes them
/// (`**a ` 20,000 times made a tree whose writers overflowed their stack), and `TildesAndCarets` and `InlineHTML`
/// nest their own. Beyond `maxDepth` levels an inline's content is kept and its marks are not: the text of a
/// 40th nested emphasis shows as plain text, as a 40th nested `<u>` is left out.
enum InlineDepth {
    static let maxDepth = 32

    /// `inlines` with at most `levels` levels of inlines that hold others; deeper ones are replaced by what they
    /// hold, flattened. Returns `inlines` itself (no copy) when they are shallow enough, as nearly all are.
    static func capped(_ inlines: [Inline], levels: Int = maxDepth) -> [Inline] {
        exceeds(inlines, levels) ? rebuilt(inlines, levels) : inlines
    }

    /// Whether `inlines` nest deeper than `levels`; looks no deeper than `levels + 1`.
    private static func exceeds(_ inlines: [Inline], _ levels: Int) -> Bool {
        inlines.contains { inline in
            guard let children = inline.kind.children else { return false }
            return levels == 0 || exceeds(children, levels - 1)
        }
    }

    private static func rebuilt(_ inlines: [Inline], _ levels: Int) -> [Inline] {
        var out: [Inline] = []
        for inline in inlines {
            guard let children = inline.kind.children else {
                out.append(inline)
                continue
            }
            if levels == 0 {
                out += flattened(children)
            } else {
                var copy = inline
                copy.kind = inline.kind.replacingChildren(capped(children, levels: levels - 1))
                out.append(copy)
            }
        }
        return out
    }

    /// The inlines that hold nothing, in reading order, however deep: walked with a stack of its own, not by
    /// recursion.
    static func flattened(_ inlines: [Inline]) -> [Inline] {
        var out: [Inline] = []
        var pending: [IndexingIterator<[Inline]>] = [inlines.makeIterator()]
        while !pending.isEmpty {
            guard let inline = pending[pending.count - 1].next() else {
                pending.removeLast()
                continue
            }
            if let children = inline.kind.children {
                pending.append(children.makeIterator())
            } else {
                out.append(inline)
            }
        }
        return out
    }
}

extension Inline.Kind {
    /// What an inline that holds others holds (emphasis, a link's text, an element's content); nil for the
    /// others. A void element (`<br>`) holds nothing but is one of those that can.
    var children: [Inline]? {
        switch self {
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .highlight(let c), .sub(let c), .sup(let c),
            .link(_, _, let c), .image(_, _, let c):
            return c
        case .element(let element, let c): return element.closeTag.isEmpty ? nil : c
        default: return nil
        }
    }

    /// The same inline holding `children` instead.
    func replacingChildren(_ children: [Inline]) -> Inline.Kind {
        switch self {
        case .emphasis: return .emphasis(children)
        case .strong: return .strong(children)
        case .strikethrough: return .strikethrough(children)
        case .highlight: return .highlight(children)
        case .sub: return .sub(children)
        case .sup: return .sup(children)
        case .link(let url, let title, _): return .link(url: url, title: title, children)
        case .image(let url, let title, _): return .image(url: url, title: title, children)
        case .element(let element, _): return .element(element, children)
        default: return self
        }
    }
}
