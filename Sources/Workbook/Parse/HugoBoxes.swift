/// The boxes of Hugo's documentation themes, each shortcode on a line of its own, read as the callouts and tabs
/// they draw (as `ForeignBoxes` reads MyST's): hugo-book's `{{< hint info >}}` … `{{< /hint >}}` (`info` a note,
/// `success` a tip, `warning` a warning, `danger` a caution; a note without one), `{{< details "Title" open >}}`
/// (also `title="…"` and `open=true`) and the older `{{< expand "Title" >}}`, folding notes, and `{{< tabs "id" >}}`
/// with a `{{< tab "Name" >}}` … `{{< /tab >}}` per tab, a tab set, and `{{< columns >}}` with `<--->` between its
/// columns (Quarto's columns); Docsy's `{{% alert title="…" color="warning" %}}`
/// (`primary`, `info` and `secondary` notes, `success` a tip, `danger` a caution). `{{% … %}}` reads as `{{< … >}}`.
/// Each opening line becomes a div's opening fence and its closing shortcode `:::`, one line for one; a closing
/// shortcode that closes none stays, and `SiteTemplates` leaves it out with a warning, as every other shortcode.
enum HugoBoxes {
    /// The shortcodes that open boxes.
    static let names: Set<String> = ["hint", "details", "expand", "tabs", "tab", "alert", "columns"]

    /// The replacement of `line` when it opens a box or closes the one open last (`open` holds the open boxes'
    /// names, innermost last); nil when it is neither.
    static func rewrite(_ line: String, open: inout [String]) -> String? {
        if open.last == "columns", line.trimmingCharacters(in: .whitespaces) == "<--->" { return Division.columnBreak }
        // Up to three spaces before it, as before any Markdown block (the fence is written at the line's start).
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3, line.dropFirst(indent).hasPrefix("{{"),
            let (name, closing, arguments) = SiteTemplates.blockShortcode(String(line.dropFirst(indent)))
        else { return nil }
        if closing {
            guard open.last == name else { return nil }
            open.removeLast()
            return ":::"
        }
        guard let fence = opening(name, arguments) else { return nil }
        open.append(name)
        return fence
    }

    private static func opening(_ name: String, _ arguments: [String]) -> String? {
        func named(_ key: String) -> String? { SiteTemplates.argument(key, in: arguments) }
        let positional = arguments.filter { !$0.contains("=") }
        switch name {
        case "hint":
            let kinds: [String: Callout.Kind] = ["info": .note, "success": .tip, "warning": .warning, "danger": .caution]
            return ForeignBoxes.opening(positional.first.flatMap { kinds[$0] } ?? .note, title: "", folded: false)
        case "details", "expand":
            let title = named("title") ?? positional.first { $0 != "open" } ?? ""
            let opened = positional.contains("open") || named("open") == "true"
            return ForeignBoxes.opening(
                .note, title: title.isEmpty ? (name == "expand" ? "Expand" : "Details") : title, folded: !opened,
                folds: true)
        case "alert":
            let kinds: [String: Callout.Kind] = [
                "primary": .note, "info": .note, "secondary": .note, "success": .tip, "warning": .warning,
                "danger": .caution,
            ]
            return ForeignBoxes.opening(
                named("color").flatMap { kinds[$0] } ?? .note, title: named("title") ?? "", folded: false)
        case "tabs":
            return "::: {.\(Division.tabsetClass)}"
        case "columns":
            return "::: {.\(Division.columnsClass)}"
        case "tab":
            let title = named("title") ?? positional.first ?? ""
            return "::: {.\(Division.tabItemClass)" + (title.isEmpty ? "" : " title=\"\(ForeignBoxes.quoted(title))\"")
                + "}"
        default:
            return nil
        }
    }
}
