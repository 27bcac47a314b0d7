extension HTMLWriter {
    /// A directive's results as a figure or table with `label:` and `caption:`: its anchor and `Figure 3.1:
    /// caption` (under a figure, above a table).
    func figure(_ blocks: String, _ float: FloatKeys, _ numbering: LessonNumbering) -> String {
        let id = float.label.map { " id=\"\(HTML.escape(scope.id($0)))\"" } ?? ""
        let caption = "<figcaption>" + HTML.escape(numbering.caption(float)) + "</figcaption>\n"
        if float.kind == .table { return "<figure class=\"wb-float\"\(id)>\n" + caption + blocks + "</figure>\n" }
        return "<figure class=\"wb-figure\"\(id)>\n" + blocks + caption + "</figure>\n"
    }
}
