/// Callout boxes in the HTML: an icon and a title over the content, a `<details>` box when it folds.
extension ProseHTML {
    /// The box's opening, up to where its content starts.
    func calloutOpening(_ callout: Callout) -> String {
        let kind = callout.kind.rawValue
        let id = callout.id.map { " id=\"\(HTML.escape(scope.id($0)))\"" } ?? ""
        let title = callout.title.isEmpty ? HTML.escape(callout.kind.defaultTitle) : inlines(callout.title)
        let heading = "<span class=\"wb-callout-icon\" aria-hidden=\"true\"></span>" + title
        switch callout.collapse {
        case .none:
            return "<div class=\"wb-callout wb-callout-\(kind)\"\(id) role=\"note\">\n"
                + "<p class=\"wb-callout-title\">\(heading)</p>\n<div class=\"wb-callout-body\">\n"
        case .folded, .open:
            return "<details class=\"wb-callout wb-callout-\(kind)\"\(id)\(callout.collapse == .open ? " open" : "")>\n"
                + "<summary class=\"wb-callout-title\">\(heading)</summary>\n<div class=\"wb-callout-body\">\n"
        }
    }

    func calloutClosing(_ callout: Callout) -> String {
        "</div>\n" + (callout.collapse == .none ? "</div>\n" : "</details>\n")
    }
}
