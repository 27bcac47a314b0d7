/// MyST's glossary (```` ```{glossary} ````, `ForeignBoxes` and `DivBlocks`) and its role `` {term}`RNN` ``
/// (or `` {term}`recurrent nets <RNN>` ``): a link to the term's anchor. Terms are matched without regard to case,
/// as Sphinx matches them; a term the lesson's glossaries do not define is an error at the role.
enum Glossary {
    /// The text of a term's paragraph, as its anchor and the role name it.
    static func termText(_ block: Block) -> String {
        guard case .paragraph(let content) = block.kind else { return "" }
        return InlineMarkers.anchorText(content).trimmingSpaces
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
        _ content: String, at: SourceLocation, anchors: [String: (term: String, anchor: String)], file: SourceFile,
        _ diagnostics: inout [Diagnostic]
    ) -> Inline {
        let (text, term) = reference(content)
        guard !term.isEmpty else {
            diagnostics.append(Diagnostic(.error, in: file, at: at, "this {term} role names no term: write {term}`RNN`"))
            return Inline(.text(text), at: at)
        }
        guard let anchor = anchors[term.lowercased()]?.anchor else {
            let known = anchors.values.map(\.term).sorted()
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: at,
                    "the term '\(term)' is in no glossary of this lesson\(didYouMean(term, among: known)): define it "
                        + "in a ```{glossary} block (the term alone on its line, its definition indented below)"))
            return Inline(.text(text), at: at)
        }
        return Inline(.link(url: "#" + anchor, title: MarkedText(pieces: []), [Inline(.text(text), at: at)]), at: at)
    }
}
