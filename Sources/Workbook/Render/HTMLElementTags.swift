/// The tags of an element of the safe inline-HTML subset (`SafeHTML`), written from its checked attributes:
/// `<font color>` as a `<span>` with that colour (`<font>` is obsolete HTML), a void element (`<br>`, `<img>`)
/// with no closing tag. The HTML and the Markdown handouts write them alike.
enum HTMLElementTags {
    /// `href` writes an image's checked `src` (the HTML handout points it at the copied image).
    static func checked(_ element: HTMLElement, href: (String) -> String) -> (open: String, close: String) {
        let name = element.name == "font" ? "span" : element.name
        let attributes = element.attributes.map { attribute -> String in
            switch (element.name, attribute.name) {
            case ("font", "color"): return " style=\"color: \(CmarkEscape.html(attribute.value))\""
            case (_, "open"): return " open"
            case (_, "src"): return " src=\"\(href(attribute.value))\""
            default: return " \(attribute.name)=\"\(CmarkEscape.html(attribute.value))\""
            }
        }.joined()
        if element.name == "img" { return ("<img\(attributes) />", "") }
        if element.name == "br" { return ("<br />", "") }
        return ("<\(name)\(attributes)>", "</\(name)>")
    }
}
