/// Obsidian's block ids: a paragraph, or a list item's, whose text ends in ` ^para-one` (Latin letters, digits and
/// dashes, as Obsidian allows them) gets the anchor `^para-one`, which `[[#^para-one]]`, `[[Other lesson#^para-one]]`
/// and `[para](#^para-one)` link to; the id is not shown. The anchor stands first in the paragraph
/// (`Inline.Kind.anchor`), so a link shows the paragraph from its start. A table, a list, a block quote or a callout
/// (without an id of its own) takes the id of a paragraph that is the id alone right after it, Obsidian's form for
/// them: the block carries the anchor (`Block.anchor`) and the paragraph leaves the tree. A caret the lesson escapes
/// (`\^six`) is text. An id on two blocks is an error at each, as a label defined twice is (`CrossReferences.check`).
enum BlockIDs {
    /// The id at the end of a paragraph's text, after a space (or alone on the paragraph's last line).
    nonisolated(unsafe) static let ending = #/(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/#

    /// An id found: the paragraph that ends with it and its inlines without it, the block it names (the paragraph,
    /// or the table, list or quote before it), and where its `^` stands.
    private struct Found {
        let id: String
        let location: SourceLocation
        let paragraph: Int
        let content: [Inline]
        let block: Int
    }

    /// `document` with each block id made an anchor, the anchors (`^para-one`), and an error at each id that names
    /// two blocks (the first keeps the anchor). `source` is the lesson as parsed (its lines as written), `file` the
    /// one diagnostics show.
    static func anchored(_ document: Document, source: SourceFile, file: SourceFile)
        -> (Document, Set<String>, [Diagnostic])
    {
        let found = ids(in: document, source)
        guard !found.isEmpty else { return (document, [], []) }
        var document = document
        var first: [String: Found] = [:]
        var removed = Set<Int>()
        for id in found where first[id.id] == nil { first[id.id] = id }
        for id in found {
            let anchored = first[id.id]?.location == id.location
            if id.block == id.paragraph {
                document.nodes[id.paragraph].kind = .paragraph(
                    (anchored ? [Inline(.anchor(id.id), at: document.nodes[id.paragraph].location)] : []) + id.content)
            } else {
                if anchored { document.nodes[id.block].anchor = id.id }
                document.nodes[id.paragraph].kind = .paragraph([])
                removed.insert(id.paragraph)
            }
        }
        if !removed.isEmpty { document.remove(removed) }
        return (document, Set(first.keys), duplicates(found, file))
    }

    /// Every id of the document's paragraphs in the lesson's order.
    private static func ids(in document: Document, _ source: SourceFile) -> [Found] {
        var found: [Found] = []
        var before: [Int: Int]?
        for i in document.nodes.indices {
            guard case .paragraph(var content) = document.nodes[i].kind,
                let (id, at, whole) = take(from: &content, source)
            else { continue }
            guard whole else {
                found.append(Found(id: id, location: at, paragraph: i, content: content, block: i))
                continue
            }
            if before == nil { before = previousSiblings(document) }
            guard let previous = before?[i], let block = named(previous, document) else { continue }
            found.append(Found(id: id, location: at, paragraph: i, content: [], block: block))
        }
        return found.sorted { $0.location < $1.location }
    }

    /// Each block's block before it in its run (`Document.siblings`).
    private static func previousSiblings(_ document: Document) -> [Int: Int] {
        var before: [Int: Int] = [:]
        for run in document.siblings where run.count > 1 {
            for k in run.indices.dropFirst() { before[run[k]] = run[k - 1] }
        }
        return before
    }

    /// The block an id alone after block `index` names: a table (a captioned one's table), a list, a block quote,
    /// or a callout without an id of its own; nil for any other.
    private static func named(_ index: Int, _ document: Document) -> Int? {
        switch document.nodes[index].kind {
        case .table, .list, .blockQuote: return index
        case .callout(let callout, _): return callout.id == nil ? index : nil
        case .captioned(let captioned): return captioned.table
        default: return nil
        }
    }

    /// An error at each id that another block has too, naming the first other one.
    private static func duplicates(_ found: [Found], _ file: SourceFile) -> [Diagnostic] {
        let byID = Dictionary(grouping: found, by: \.id)
        return found.compactMap { id in
            guard let other = byID[id.id]?.first(where: { $0.location != id.location }) else { return nil }
            let at = other.location
            return Diagnostic(
                .error, in: file, at: id.location,
                "duplicate block id '\(id.id)': it is also defined at line \(at.line), column \(at.column); "
                    + "a block id names one block")
        }
    }

    /// The id (`^para-one`) that ends `content`'s last run of text, where its `^` stands, and whether it is the
    /// paragraph's whole text; the id is taken out of `content` (with the line break before an id on a line of
    /// its own). Nil, and `content` unchanged, when it ends in none, or the lesson escapes its caret (`\^six`).
    private static func take(from content: inout [Inline], _ source: SourceFile)
        -> (id: String, location: SourceLocation, whole: Bool)?
    {
        let start = content.lastIndex { if case .text = $0.kind { false } else { true } }.map { $0 + 1 } ?? 0
        guard start < content.count else { return nil }
        let text = content[start...].map { if case .text(let text) = $0.kind { text } else { "" } }.joined()
        guard let match = text.firstMatch(of: ending) else { return nil }
        let kept = String(text[..<match.range.lowerBound])
        let alone = kept.isEmpty && match.output.0.first == "^"
        let whole = alone && start == 0
        guard !alone || whole || content[start - 1].kind == .softBreak,
            let location = caret(of: String(match.output.1), endingLine: content[start].location.line, in: source)
        else { return nil }
        let at = content[start].location
        content.removeSubrange(start...)
        if alone, !whole { content.removeLast() }
        if !kept.isEmpty { content.append(Inline(.text(kept), at: at)) }
        return ("^" + match.output.1, location, whole)
    }

    /// Where the `^` of `^id` stands when line `line` ends with it as written; nil when it does not, or when an
    /// odd number of backslashes escapes the caret (cmark drops the backslash, so only the lesson tells).
    private static func caret(of id: String, endingLine line: Int, in source: SourceFile) -> SourceLocation? {
        let written = source.line(line)
        let end = written.lastIndex { !$0.isWhitespace }.map(written.index(after:)) ?? written.startIndex
        let trimmed = written[..<end]
        guard trimmed.hasSuffix("^" + id) else { return nil }
        let caret = trimmed.unicodeScalars.index(trimmed.endIndex, offsetBy: -(id.unicodeScalars.count + 1))
        guard trimmed[..<caret].reversed().prefix(while: { $0 == "\\" }).count % 2 == 0 else { return nil }
        let column = trimmed.unicodeScalars.distance(from: trimmed.startIndex, to: caret) + 1
        return SourceLocation(line: line, column: column)
    }
}
