/// MyST's glossary (```` ```{glossary} ````, `ForeignBoxes` and `DivBlocks`) and its role `` {term}`RNN` ``
/// (or `` {term}`recurrent nets <RNN>` ``): a link to the term's anchor. Terms are matched without regard to case,
/// as Sphinx matches them; a term the lesson's glossaries do not define is an error at the role.
enum Glossary {
    /// The text of a term's paragraph, as its anchor and the role name it.
    static func termText(_ block: Block) -> String {
        guard case .paragraph(let content) = block.kind else { return "" }
        return InlineMarkers.anchorText(content).trimmingSpaces
    }

    /// A glossary's blocks as one definition list: each entry as `ForeignBoxes` wrote it, its terms' paragraph (a
    /// term a line) followed by a list item holding its definition's blocks, and each item of a definition list
    /// written in Pandoc's form; every term gets an anchor, `term-` and its anchor text, unique among `anchors`.
    /// Other blocks stay where they stand.
    static func entries(
        _ children: [Int], _ nodes: inout [Block], _ anchors: inout Anchors.Used, termLines: Set<Int> = []
    ) -> [Int] {
        var kept: [Int] = []
        for child in children {
            var items: [DefinitionItem]
            if case .definitionList(let written) = nodes[child].kind {
                items = written
            } else if case .list(let style, let definitions) = nodes[child].kind, style.start == nil,
                let terms = kept.last, case .paragraph = nodes[terms].kind
            {
                kept.removeLast()
                items = split(lines(of: terms, &nodes), definitions, termLines: termLines, &nodes)
            } else {
                kept.append(child)
                continue
            }
            for k in items.indices {
                for t in items[k].terms.indices where items[k].terms[t].anchor == nil {
                    let text = termText(nodes[items[k].terms[t].paragraph])
                    items[k].terms[t].anchor = Anchors.unique("term-" + Anchors.slug(text), &anchors)
                }
            }
            if let last = kept.last, nodes[last].appendDefinitions(items) {
                // Left out of the tree, and holding nothing, so no walk of the nodes finds its blocks twice.
                nodes[child].kind = .definitionList([])
            } else {
                nodes[child].kind = .definitionList(items)
                kept.append(child)
            }
        }
        return kept
    }

    /// A glossary's list under its first terms as entries. Entries written without a blank line between them, as
    /// Sphinx reads them (a line at the terms' column after a definition starts the next entry), come from cmark
    /// as one list: each item after the first is the definition of terms that cmark took into the item before as
    /// the last lines of its last paragraph (a lazy continuation). Those lines, from the first of `termLines` (the
    /// lines `ForeignBoxes` found terms on right after a definition), are cut off and become the next entry's terms.
    private static func split(
        _ first: [DefinitionItem.Term], _ items: [[Int]], termLines: Set<Int>, _ nodes: inout [Block]
    ) -> [DefinitionItem] {
        var entries: [DefinitionItem] = []
        var terms = first
        for (k, item) in items.enumerated() {
            if terms.isEmpty, !entries.isEmpty {
                entries[entries.count - 1].definitions.append(item)
            } else {
                entries.append(DefinitionItem(terms: terms, definitions: [item]))
            }
            terms = []
            guard k + 1 < items.count, let last = lastParagraph(item, nodes), case .paragraph(let content) = nodes[last].kind,
                let cut = content.indices.dropLast().first(where: {
                    content[$0].kind == .softBreak && termLines.contains(content[$0 + 1].location.line)
                })
            else { continue }
            nodes[last].kind = .paragraph(Array(content[..<cut]))
            nodes.append(Block(.paragraph(Array(content[(cut + 1)...])), at: content[cut + 1].location))
            terms = lines(of: nodes.count - 1, &nodes)
        }
        return entries
    }

    /// The paragraph a lazy continuation line joins after `blocks`: the last block's, or the last paragraph of
    /// the list or block quote that ends them (a definition ending in a list).
    private static func lastParagraph(_ blocks: [Int], _ nodes: [Block]) -> Int? {
        var last = blocks.last
        while let index = last {
            switch nodes[index].kind {
            case .paragraph: return index
            case .list(_, let items): last = items.last?.last
            case .blockQuote(let children): last = children.last
            default: return nil
            }
        }
        return nil
    }

    /// A paragraph's lines as terms, each a paragraph: the first keeps the paragraph's node, the others are added.
    private static func lines(of paragraph: Int, _ nodes: inout [Block]) -> [DefinitionItem.Term] {
        guard case .paragraph(let content) = nodes[paragraph].kind else { return [] }
        let lines = content.split { $0.kind == .softBreak || $0.kind == .lineBreak }.map(Array.init)
        guard let first = lines.first else { return [DefinitionItem.Term(paragraph: paragraph)] }
        nodes[paragraph].kind = .paragraph(first)
        return [DefinitionItem.Term(paragraph: paragraph)]
            + lines.dropFirst().map { line in
                nodes.append(Block(.paragraph(line), at: line[0].location))
                return DefinitionItem.Term(paragraph: nodes.count - 1)
            }
    }

    /// Each term of the document's glossaries as written and its anchor, by the term in lower case (the first of
    /// two alike).
    static func anchors(in document: Document) -> [String: (term: String, anchor: String)] {
        var anchors: [String: (term: String, anchor: String)] = [:]
        for block in document.nodes {
            guard case .definitionList(let items) = block.kind else { continue }
            for term in items.flatMap(\.terms) {
                guard let anchor = term.anchor else { continue }
                let term = termText(document.nodes[term.paragraph])
                if anchors[term.lowercased()] == nil { anchors[term.lowercased()] = (term, anchor) }
            }
        }
        return anchors
    }

    /// A term a lesson's glossaries define again (in any case, as `{term}` matches them) is an error at the second
    /// definition, as Sphinx warns of a "duplicate term description": `{term}` can only link to the first, as a label
    /// or a footnote defined twice is an error.
    static func duplicates(in document: Document, _ file: SourceFile) -> [Diagnostic] {
        let terms = document.nodes.flatMap { block -> [Block] in
            guard case .definitionList(let items) = block.kind else { return [] }
            return items.flatMap(\.terms).filter { $0.anchor != nil }.map { document.nodes[$0.paragraph] }
        }
        var first: [String: Block] = [:]
        var diagnostics: [Diagnostic] = []
        for block in terms.sorted(by: { $0.location < $1.location }) {
            let term = termText(block)
            guard let earlier = first[term.lowercased()] else {
                first[term.lowercased()] = block
                continue
            }
            let (at, written) = (earlier.location, termText(earlier))
            let (how, why) = written == term ? ("", "") : (", as '\(written)',", " (terms match in any case)")
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: block.location,
                    "duplicate term '\(term)': it is also defined\(how) at line \(at.line), column \(at.column), where "
                        + "{term}`\(term)` links\(why); a term has one definition"))
        }
        return diagnostics
    }

    /// The role's content as the text shown and the term it names: `RNN`, or `recurrent nets <RNN>`.
    static func reference(_ content: String) -> (text: String, term: String) {
        guard content.hasSuffix(">"), let open = content.range(of: "<", options: .backwards) else {
            return (content.trimmingSpaces, content.trimmingSpaces)
        }
        let term = String(content[open.upperBound..<content.index(before: content.endIndex)]).trimmingSpaces
        let text = String(content[..<open.lowerBound]).trimmingSpaces
        return (text.isEmpty ? term : text, term)
    }

    /// The role as a link to its term's anchor, or its text alone with an error at `at` when no glossary of the
    /// lesson defines the term.
    static func link(
        _ content: String, at: SourceLocation, anchors: [String: (term: String, anchor: String)], near: Suggestions,
        file: SourceFile, _ diagnostics: inout [Diagnostic]
    ) -> Inline {
        let (text, term) = reference(content)
        guard !term.isEmpty else {
            diagnostics.append(Diagnostic(.error, in: file, at: at, "this {term} role names no term: write {term}`RNN`"))
            return Inline(.text(text), at: at)
        }
        guard let anchor = anchors[term.lowercased()]?.anchor else {
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: at,
                    "the term '\(term)' is in no glossary of this lesson\(near.didYouMean(term)): define it "
                        + "in a ```{glossary} block (the term alone on its line, its definition indented below)"))
            return Inline(.text(text), at: at)
        }
        return Inline(.link(url: "#" + anchor, title: MarkedText(pieces: []), [Inline(.text(text), at: at)]), at: at)
    }
}
