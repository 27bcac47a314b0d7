/// The tags of the safe subset of inline HTML (`SafeHTML`) made elements of the tree: each allowed opening tag
/// with the closing tag that matches it among the same inlines (cmark gives each tag as its own node), and each
/// void tag (`<br>`, `<img>`) on its own. What is left as `.html` (other tags, a tag never closed or closed across
/// emphasis) the HTML handout leaves out, so what it writes is balanced whatever the lesson holds.
enum InlineHTML {
    /// Whether raw HTML is one comment and nothing else (`<!--more-->`, Hugo's summary break; `<!-- TODO … -->`,
    /// an author's note to self, over lines or in a line). Without `--allow-raw-html` a comment is left out of both
    /// handouts without a warning (the HTML handout shows libcmark's `<!-- raw HTML omitted -->`, as for all raw
    /// HTML; the Markdown handout, which keeps other raw HTML blocks, keeps it empty, `<!-- -->`, since it may be
    /// what separates two lists): a reader sees it in no tool, and what an author writes there is not for students.
    static func isComment(_ literal: String) -> Bool {
        let text = literal.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("<!--"), text.hasSuffix("-->"), !text.hasPrefix(FencedDivs.markerStart), text.count >= 7
        else { return false }
        return text.dropFirst(4).dropLast(3).range(of: "-->") == nil
    }

    /// A box's title with its raw HTML as the text it is (`<script>` shown as written, which the writers escape),
    /// in it and in its emphasis, links and elements; the safe subset's elements stay elements.
    static func asText(_ inlines: [Inline]) -> [Inline] {
        inlines.map { inline in
            var copy = inline
            switch inline.kind {
            case .html(let literal): copy.kind = .text(literal)
            case .emphasis(let children): copy.kind = .emphasis(asText(children))
            case .strong(let children): copy.kind = .strong(asText(children))
            case .link(let url, let title, let children): copy.kind = .link(url: url, title: title, asText(children))
            case .element(let element, let children): copy.kind = .element(element, asText(children))
            default: break
            }
            return copy
        }
    }

    /// Elements nest at most this deep: an opening tag deeper than that is left as it is (the HTML handout leaves
    /// it out), and its closing tag closes the next one out of that name, so that the tree stays shallow enough
    /// for the passes that walk it (10,000 nested `<u>` overflowed their stack).
    static let maxDepth = 32

    static func pair(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(where: { if case .html = $0.kind { true } else { false } }) else { return inlines }
        var out: [Inline] = []
        var open: [(index: Int, name: String)] = []
        // How many of each name are open: a closing tag that none opens is not looked for among them (40,000
        // unmatched closing tags after as many opening ones took 5.3 s); one that matches closes what it spans.
        var opened: [String: Int] = [:]
        for inline in inlines {
            guard case .html(let literal) = inline.kind, let tag = SafeHTML.tag(literal) else {
                out.append(inline)
                continue
            }
            if SafeHTML.void.contains(tag.name) {
                out.append(element(tag, open: literal, close: "", [], at: inline.location))
            } else if !tag.closing {
                guard open.count < maxDepth else {
                    out.append(inline)
                    continue
                }
                open.append((out.count, tag.name))
                opened[tag.name, default: 0] += 1
                out.append(inline)
            } else if opened[tag.name, default: 0] > 0, let k = open.lastIndex(where: { $0.name == tag.name }) {
                let start = open[k].index
                guard case .html(let opening) = out[start].kind, let openTag = SafeHTML.tag(opening) else { continue }
                let children = Array(out[(start + 1)...])
                let at = out[start].location
                out.removeSubrange(start...)
                out.append(element(openTag, open: opening, close: literal, children, at: at))
                for closed in open[k...] { opened[closed.name, default: 0] -= 1 }
                open.removeSubrange(k...)
            } else {
                out.append(inline)
            }
        }
        return out
    }

    private static func element(
        _ tag: SafeHTML.Tag, open: String, close: String, _ children: [Inline], at: SourceLocation
    )
        -> Inline
    {
        Inline(
            .element(HTMLElement(name: tag.name, attributes: tag.attributes, openTag: open, closeTag: close), children),
            at: at)
    }

    /// The `<img>` elements among `inlines` at any depth, as links and images are noted (`Reference`), so their
    /// local files are copied and checked as Markdown's images are.
    static func images(_ inlines: [Inline]) -> [Reference] {
        inlines.flatMap { inline -> [Reference] in
            switch inline.kind {
            case .element(let element, let children):
                guard element.name == "img", let src = element.attributes.first(where: { $0.name == "src" }) else {
                    return images(children)
                }
                let alt = element.attributes.first(where: { $0.name == "alt" })?.value ?? ""
                return [Reference(isImage: true, url: src.value, hasText: !alt.isEmpty, location: inline.location)]
            case .emphasis(let children), .strong(let children), .link(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children):
                return images(children)
            default: return []
            }
        }
    }

    /// The raw HTML the HTML handout leaves out, and the elements that lost attributes, among `inlines` at any
    /// depth: (where, the tag as written, the attributes left out; none for a tag left out whole).
    static func leftOut(_ inlines: [Inline]) -> [(SourceLocation, String, [String]?)] {
        inlines.flatMap { inline -> [(SourceLocation, String, [String]?)] in
            switch inline.kind {
            case .html(let literal): return isComment(literal) ? [] : [(inline.location, literal, nil)]
            case .element(let element, let children):
                let dropped = SafeHTML.tag(element.openTag)?.leftOut ?? []
                return (dropped.isEmpty ? [] : [(inline.location, element.openTag, dropped)]) + leftOut(children)
            case .emphasis(let children), .strong(let children), .link(_, _, let children), .image(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children):
                return leftOut(children)
            default: return []
            }
        }
    }
}
