/// Obsidian's block ids: a paragraph, or a list item's, whose text ends in ` ^para-one` (Latin letters, digits and
/// dashes, as Obsidian allows them) gets the anchor `^para-one`, which `[[#^para-one]]`, `[[Other lesson#^para-one]]`
/// and `[para](#^para-one)` link to; the id is not shown. The anchor stands first in the paragraph
/// (`Inline.Kind.anchor`), so a link shows the paragraph from its start.
enum BlockIDs {
    /// The id at the end of a paragraph's text, after a space (or alone on the paragraph's last line).
    nonisolated(unsafe) static let ending = #/(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/#

    /// `document` with each block id made an anchor, and the anchors (`^para-one`), the first of a name kept.
    static func anchored(_ document: Document) -> (Document, Set<String>) {
        var document = document
        var ids = Set<String>()
        for i in document.nodes.indices {
            guard case .paragraph(var content) = document.nodes[i].kind, let id = take(from: &content) else { continue }
            guard ids.insert(id).inserted else { continue }
            content.insert(Inline(.anchor(id), at: document.nodes[i].location), at: 0)
            document.nodes[i].kind = .paragraph(content)
        }
        return (document, ids)
    }

    /// The id (`^para-one`) that ends `content`'s last run of text, taken out of it (with the line break before
    /// an id on a line of its own); nil, and `content` unchanged, when it ends in none.
    private static func take(from content: inout [Inline]) -> String? {
        let start = content.lastIndex { if case .text = $0.kind { false } else { true } }.map { $0 + 1 } ?? 0
        guard start < content.count else { return nil }
        let text = content[start...].map { if case .text(let text) = $0.kind { text } else { "" } }.joined()
        guard let match = text.firstMatch(of: ending) else { return nil }
        let kept = String(text[..<match.range.lowerBound])
        let alone = kept.isEmpty && match.output.0.first == "^"
        guard !alone || start > 0 && content[start - 1].kind == .softBreak else { return nil }
        let location = content[start].location
        content.removeSubrange(start...)
        if alone { content.removeLast() }
        if !kept.isEmpty { content.append(Inline(.text(kept), at: location)) }
        return "^" + match.output.1
    }
}
