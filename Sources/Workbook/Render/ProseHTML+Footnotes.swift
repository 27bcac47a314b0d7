/// Footnotes in the HTML, as Pandoc writes them: a superscript number linking to the note, and the notes in a
/// section at the end of the page, each with a link back to every reference.
extension ProseHTML {
    static func noteID(_ number: Int) -> String { "fn\(number)" }

    static func referenceID(_ number: Int, _ occurrence: Int) -> String {
        occurrence == 1 ? "fnref\(number)" : "fnref\(number)-\(occurrence)"
    }

    func footnoteReference(_ reference: FootnoteReference) -> String {
        "<sup class=\"footnote-ref\"><a href=\"#\(scope.id(Self.noteID(reference.number)))\" id=\"\(scope.id(Self.referenceID(reference.number, reference.occurrence)))\" role=\"doc-noteref\">\(reference.number)</a></sup>"
    }

    /// The section of notes at the end of the page; empty when the page has none.
    func footnotes(_ document: Document) -> String {
        guard !document.footnotes.isEmpty else { return "" }
        var html = "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr />\n<ol>\n"
        for note in document.footnotes {
            let backs = (1...max(note.references, 1)).map { k in
                "<a href=\"#\(scope.id(Self.referenceID(note.number, k)))\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference \(note.number)\(k > 1 ? "-\(k)" : "")\">↩\(k > 1 ? "<sup>\(k)</sup>" : "")</a>"
            }.joined(separator: " ")
            var body = render(Document(nodes: document.nodes, roots: note.blocks))
            if body.hasSuffix("</p>\n") {
                body = String(body.dropLast(5)) + " " + backs + "</p>\n"
            } else {
                body += "<p>" + backs + "</p>\n"
            }
            html += "<li id=\"\(scope.id(Self.noteID(note.number)))\">\n" + body + "</li>\n"
        }
        return html + "</ol>\n</section>\n"
    }
}
