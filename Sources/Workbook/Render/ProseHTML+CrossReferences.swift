/// Numbered equations, figures, tables and cross-references in the HTML handout.
extension ProseHTML {
    /// A figure whole (`<figure>`, the image, `Figure 3.1: caption`), or a table's figure up to its table (the
    /// caption above it, as tables have theirs).
    func figureOpening(_ captioned: Captioned) -> String {
        let id = captioned.label.map { " id=\"\(HTML.escape(scope.id($0)))\"" } ?? ""
        let caption =
            "<figcaption>" + CmarkEscape.html(numbering?.captionPrefix(captioned.label) ?? "")
            + inlines(captioned.caption) + "</figcaption>\n"
        guard let image = captioned.image else { return "<figure class=\"wb-float\"\(id)>\n" + caption }
        return "<figure class=\"wb-figure\"\(id)>\n" + inlines([image]) + "\n" + caption + "</figure>\n"
    }

    /// Display math with its label: its anchor, and its number at the right (KaTeX's `\tag`).
    func equation(_ tex: String, _ id: String) -> String {
        let tag = numbering?.own(id).map { "\\tag{\($0.numberText)}" } ?? ""
        return "<span class=\"math display\" id=\"\(HTML.escape(scope.id(id)))\">\(tex)\(tag)</span>"
    }

    /// `<a class="wb-xref" href="#eq-loss">Eq. 3.2</a>`; a label the course lacks (an error, unless the prose is
    /// a directive's, checked elsewhere) shows as `?@label`.
    func crossReference(_ index: Int) -> String {
        guard index < lesson.crossReferences.count else { return "" }
        let reference = lesson.crossReferences[index]
        guard let (text, href) = numbering?.link(reference, pageExtension: "html") else {
            return crossReferenceText(index)
        }
        return "<a class=\"wb-xref\" href=\"\(CmarkEscape.href(scope.href(href)))\">\(CmarkEscape.html(text))</a>"
    }

    /// A reference's text alone (in an attribute).
    func crossReferenceText(_ index: Int) -> String {
        guard index < lesson.crossReferences.count else { return "" }
        let reference = lesson.crossReferences[index]
        return CmarkEscape.html(numbering?.link(reference, pageExtension: "html")?.text ?? "?@" + reference.label)
    }
}
