/// A directive's figure or table in the Markdown handout (the prose's are `ProseMarkdown`'s): its anchor
/// (`<a id="fig-net"></a>`, which GitHub and Pandoc keep) and its numbered caption.
extension MarkdownWriter {
    /// A directive's results with `label:` and `caption:`: the anchor and caption under a figure, above a table.
    func figure(_ parts: [String], _ float: FloatKeys, _ numbering: LessonNumbering) -> [String] {
        let anchor = float.label.map(ProseMarkdown.anchor) ?? ""
        let caption = anchor + "*" + escape(numbering.caption(float)) + "*\n"
        return float.kind == .table ? [caption] + parts : parts + [caption]
    }
}
