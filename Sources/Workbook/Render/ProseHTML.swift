import Foundation

/// The HTML of a lesson's prose, written from its `Document` tree the way libcmark's HTML renderer writes it
/// (the same tags, line breaks and escaping, so prose without math reads as cmark would render it), with math for
/// KaTeX, inline values, an anchor on every heading, pipe tables, and each directive's results from `directive`.
struct ProseHTML {
    let lesson: ParsedLesson
    /// By inline-value index: the formatted value.
    let values: [String]
    /// The labels' numbers and the references' targets (none: references show as `?@label`, as Quarto's do).
    var numbering: LessonNumbering? = nil
    /// Where its ids and links point (the lesson's page, or its part of the print page).
    var scope = AnchorScope.page
    /// The HTML of directive `n`'s results.
    let directive: (Int) -> String

    /// One step of the walk: a block to write, or text that closes a container (after a `cr` when asked).
    private enum Step {
        case block(Int, tight: Bool)
        case text(String, newlineFirst: Bool)
    }

    /// The document's HTML, walked with an explicit stack (a lesson may nest 50,000 block quotes).
    func render(_ document: Document) -> String {
        var out = ""
        var steps: [Step] = document.roots.reversed().map { .block($0, tight: false) }
        while let step = steps.popLast() {
            switch step {
            case .text(let text, let newlineFirst):
                if newlineFirst { cr(&out) }
                out += text
            case .block(let index, let tight):
                render(document.nodes[index], tight: tight, into: &out, then: &steps)
            }
        }
        return out + footnotes(document)
    }

    /// A newline unless the output is empty or ends with one (cmark's `cr`). Asked of the bytes: the last
    /// Character is a newline when the last byte is and no carriage return precedes it (CR LF is one Character).
    private func cr(_ out: inout String) {
        guard let last = out.utf8.last else { return }
        let afterReturn = out.utf8.count > 1 && out.utf8[out.utf8.index(out.utf8.endIndex, offsetBy: -2)] == 0x0D
        if last != UInt8(ascii: "\n") || afterReturn { out += "\n" }
    }

    /// Writes a block's opening (a leaf entirely) and pushes what comes inside and after it onto `steps`.
    /// `tight`: the block stands directly in an item of a tight list, where paragraphs have no `<p>`.
    private func render(_ block: Block, tight: Bool, into out: inout String, then steps: inout [Step]) {
        // A slide's pause and its speaker's notes are the slides' alone (`SlideMarks`).
        if block.kind.isPause || block.kind.isSpeakerNotes { return }
        switch block.kind {
        case .heading(let level, let anchor, let content):
            cr(&out)
            out += anchor.isEmpty ? "<h\(level)>" : "<h\(level) id=\"\(HTML.escape(scope.id(anchor)))\">"
            out += inlines(content)
            if !anchor.isEmpty {
                out +=
                    " <a class=\"wb-anchor\" href=\"#\(HTML.escape(scope.id(anchor)))\" aria-label=\"Link to this section\">#</a>"
            }
            out += "</h\(level)>\n"
        case .paragraph(let content):
            if tight {
                out += inlines(content)
                return
            }
            cr(&out)
            out += "<p>" + inlines(content) + "</p>\n"
        case .blockQuote(let children):
            cr(&out)
            out += "<blockquote\(idAttribute(block))>\n"
            steps.append(.text("</blockquote>\n", newlineFirst: true))
            steps += children.reversed().map { .block($0, tight: false) }
        case .list(let style, let items):
            list(style, items, id: idAttribute(block), into: &out, then: &steps)
        case .definitionList(let items):
            definitionList(items, into: &out, then: &steps)
        case .captioned(let captioned):
            cr(&out)
            out += figureOpening(captioned)
            if let table = captioned.table {
                steps.append(.text("</figure>\n", newlineFirst: true))
                steps.append(.block(table, tight: false))
            }
        case .callout(var callout, let children):
            cr(&out)
            callout.id = block.anchor ?? callout.id
            out += calloutOpening(callout)
            steps.append(.text(calloutClosing(callout), newlineFirst: true))
            steps += children.reversed().map { .block($0, tight: false) }
        case .division(let division, let children):
            self.division(division, children, tight: tight, into: &out, then: &steps)
        case .panels(let panels):
            self.panels(panels, into: &out, then: &steps)
        default:
            leaf(block, tight: tight, into: &out)
        }
    }

    /// A div's children, and the reference list after them in the one that holds it (`::: {#refs}`).
    private func division(
        _ division: Division, _ children: [Int], tight: Bool, into out: inout String, then steps: inout [Step]
    ) {
        if division.isMarginNote {
            cr(&out)
            out += "<aside class=\"wb-margin\">\n"
            steps.append(.text("</aside>\n", newlineFirst: true))
            steps += children.reversed().map { .block($0, tight: false) }
            return
        }
        if division.holdsReferences {
            let (opening, closing) = CitationHTML.placedReferences(lesson, scope: scope)
            cr(&out)
            out += opening
            steps.append(.text(closing, newlineFirst: true))
        }
        steps += children.reversed().map { .block($0, tight: tight) }
    }

    /// Tabs: each panel under its label, one after the other (as they stay where scripts do not run, and on
    /// paper); the page's script makes them WAI-ARIA tabs (`Assets.script`'s `setUpTabs`). Columns: side by side,
    /// each with its share of the width (`--wb-width`), where the page is wide enough.
    private func panels(_ panels: Panels, into out: inout String, then steps: inout [Step]) {
        cr(&out)
        let tabs = panels.layout == .tabs
        out += tabs ? "<div class=\"wb-tabset\">\n" : "<div class=\"wb-columns\">\n"
        steps.append(.text("</div>\n", newlineFirst: true))
        for panel in panels.panels.reversed() {
            steps.append(.text(tabs ? "</section>\n" : "</div>\n", newlineFirst: true))
            steps += panel.children.reversed().map { .block($0, tight: false) }
            guard tabs else {
                let percent = panel.width.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }
                let width = percent.map { " style=\"--wb-width: \($0)%\"" } ?? ""
                steps.append(.text("<div class=\"wb-column\"\(width)>\n", newlineFirst: true))
                continue
            }
            steps.append(.text("</p>\n", newlineFirst: false))
            if let label = panel.label { steps.append(.block(label, tight: true)) }
            steps.append(.text("<section class=\"wb-tab-panel\">\n<p class=\"wb-tab-label\">", newlineFirst: true))
        }
    }

    private func leaf(_ block: Block, tight: Bool, into out: inout String) {
        switch block.kind {
        case .code(let info, let literal):
            cr(&out)
            let language = info.prefix { !" \t\n\r\u{0B}\u{0C}".contains($0) }
            out += info.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(CmarkEscape.html(String(language)))\">"
            out += CmarkEscape.html(literal) + "</code></pre>\n"
        case .html(let literal):
            cr(&out)
            out += lesson.rawHTMLAllowed ? literal : "<!-- raw HTML omitted -->"
            cr(&out)
        case .thematicBreak:
            cr(&out)
            out += "<hr />\n"
        case .table(let table):
            cr(&out)
            out += self.table(table, id: idAttribute(block))
        case .directive(let index):
            if !tight { cr(&out) }
            out += directive(index)
        default:
            break
        }
    }

    /// `<dl>`: each term a `<dt>` (with its anchor, a glossary's), each of its item's definitions a `<dd>` after them:
    /// a definition of one block tight (a paragraph without `<p>`), one of more blocks (a glossary's paragraphs a
    /// blank line apart) each block on its lines, as Pandoc writes them.
    private func definitionList(_ items: [DefinitionItem], into out: inout String, then steps: inout [Step]) {
        cr(&out)
        out += "<dl>\n"
        steps.append(.text("</dl>\n", newlineFirst: false))
        for item in items.reversed() {
            for definition in item.definitions.reversed() {
                let tight = definition.count == 1
                steps.append(.text("</dd>\n", newlineFirst: !tight))
                steps += definition.reversed().map { .block($0, tight: tight) }
                steps.append(.text(tight ? "<dd>" : "<dd>\n", newlineFirst: false))
            }
            for term in item.terms.reversed() {
                let opening = term.anchor.map { "<dt id=\"\(HTML.escape(scope.id($0)))\">" } ?? "<dt>"
                steps += [
                    .text("</dt>\n", newlineFirst: false), .block(term.paragraph, tight: true),
                    .text(opening, newlineFirst: false),
                ]
            }
        }
    }

    /// ` id="…"` for a block's own anchor (`Block.anchor`), or nothing.
    private func idAttribute(_ block: Block) -> String {
        block.anchor.map { " id=\"\(HTML.escape(scope.id($0)))\"" } ?? ""
    }

    private func list(
        _ style: ListStyle, _ items: [[Int]], id: String, into out: inout String, then steps: inout [Step]
    ) {
        cr(&out)
        switch style.start {
        case nil: out += "<ul\(id)>\n"
        case 1: out += "<ol\(id)>\n"
        case let start?: out += "<ol\(id) start=\"\(start)\">\n"
        }
        steps.append(.text(style.start == nil ? "</ul>\n" : "</ol>\n", newlineFirst: false))
        for item in items.reversed() {
            steps.append(.text("</li>\n", newlineFirst: false))
            steps += item.reversed().map { .block($0, tight: style.tight) }
            steps.append(.text("<li>", newlineFirst: true))
        }
    }

    /// The HTML the GFM spec gives a pipe table.
    private func table(_ table: ProseTable, id: String) -> String {
        func row(_ tag: String, _ cells: [Document]) -> String {
            var html = "<tr>\n"
            for (cell, alignment) in zip(cells, table.alignments) {
                let align: String
                switch alignment {
                case .none: align = ""
                case .left: align = " align=\"left\""
                case .center: align = " align=\"center\""
                case .right: align = " align=\"right\""
                }
                html += "<\(tag)\(align)>\(self.cell(cell))</\(tag)>\n"
            }
            return html + "</tr>\n"
        }
        var html = "<table\(id)>\n<thead>\n" + row("th", table.header) + "</thead>\n"
        if !table.rows.isEmpty { html += "<tbody>\n" + table.rows.map { row("td", $0) }.joined() + "</tbody>\n" }
        return html + "</table>\n"
    }

    /// A cell's content: its paragraph's inlines, or its blocks when it is something else.
    private func cell(_ document: Document) -> String {
        let html = render(document)
        if html.hasPrefix("<p>"), html.hasSuffix("</p>\n") { return String(html.dropFirst(3).dropLast(5)) }
        return html.trimmingCharacters(in: .newlines)
    }

    func inlines(_ content: [Inline]) -> String {
        // A loop, not `map(inline)`: a method passed as a function copies the writer, retaining all it holds,
        // at every call (a noticeable share of rendering a long lesson).
        var html = ""
        for node in content { html += inline(node) }
        return html
    }

    private func inline(_ node: Inline) -> String {
        switch node.kind {
        case .text(let text): return CmarkEscape.html(text)
        case .softBreak: return "\n"
        case .lineBreak: return "<br />\n"
        case .code(let text): return "<code>" + CmarkEscape.html(text) + "</code>"
        case .html(let literal): return lesson.rawHTMLAllowed ? literal : "<!-- raw HTML omitted -->"
        case .emphasis(let children): return "<em>" + inlines(children) + "</em>"
        case .strong(let children): return "<strong>" + inlines(children) + "</strong>"
        case .strikethrough(let children): return "<del>" + inlines(children) + "</del>"
        case .highlight(let children): return "<mark>" + inlines(children) + "</mark>"
        case .sub(let children): return "<sub>" + inlines(children) + "</sub>"
        case .sup(let children): return "<sup>" + inlines(children) + "</sup>"
        case .link(let url, let title, let children):
            return "<a href=\"\(href(scope.href(lessonPage(url) ?? url)))\"\(self.title(title))>" + inlines(children) + "</a>"
        case .image(let url, let title, let children):
            if lesson.imagePlacement.missing.contains(url.trimmingSpaces) { return missingImage(url, plain(children)) }
            return "<img src=\"\(imageHref(url))\" alt=\"\(plain(children))\"\(self.title(title)) />"
        case .math(let index): return math(index, inAttribute: false)
        case .value(let index): return value(index, inAttribute: false)
        case .citation(let items, let bracketed):
            return CitationHTML.inline(items, bracketed: bracketed, lesson.citationFormatter, scope: scope)
        case .crossReference(let index): return crossReference(index)
        case .footnoteReference(let reference): return footnoteReference(reference)
        case .element(let element, let children): return self.element(element, children)
        case .taskMarker(let checked):
            // As the GFM spec's task-list examples write them.
            return checked ? "<input checked=\"\" disabled=\"\" type=\"checkbox\">" : "<input disabled=\"\" type=\"checkbox\">"
        case .anchor(let id): return "<a id=\"\(HTML.escape(scope.id(id)))\"></a>"
        }
    }

    /// An element of the safe subset: its tags as written when raw HTML is allowed, else written from its checked
    /// attributes (`<font color>` as a `<span>` with that colour, since `<font>` is obsolete HTML).
    private func element(_ element: HTMLElement, _ children: [Inline]) -> String {
        if element.name == "img", let src = element.attributes.first(where: { $0.name == "src" })?.value,
            lesson.imagePlacement.missing.contains(src)
        {
            return missingImage(src, CmarkEscape.html(element.attributes.first { $0.name == "alt" }?.value ?? ""))
        }
        if lesson.rawHTMLAllowed { return element.openTag + inlines(children) + element.closeTag }
        let (open, close) = HTMLElementTags.checked(element, href: imageHref)
        return open + inlines(children) + close
    }

    /// An image's address: the copy's path when the build copied it elsewhere (`ImagePlacement`).
    private func imageHref(_ url: String) -> String { href(lesson.imagePlacement.moved[url.trimmingSpaces] ?? url) }

    /// What stands for an image the build could not find: its alt text (already escaped) in a dashed box, with
    /// the path as written, so the page reads as the notes do and says what is missing.
    private func missingImage(_ url: String, _ alt: String) -> String {
        let shown = alt.isEmpty ? "image" : alt
        return "<span class=\"wb-missing-image\" role=\"img\" aria-label=\"\(shown)\">\(shown) "
            + "<span class=\"wb-missing-image-path\">(image not included: \(CmarkEscape.html(url)))</span></span>"
    }

    /// The text of inlines inside an attribute (an image's alt text): no tags, as cmark writes it.
    private func plain(_ content: [Inline]) -> String {
        content.map { node -> String in
            switch node.kind {
            case .text(let text), .code(let text), .html(let text): return CmarkEscape.html(text)
            case .softBreak, .lineBreak: return " "
            case .emphasis(let children), .strong(let children), .link(_, _, let children), .image(_, _, let children),
                .strikethrough(let children), .highlight(let children), .sub(let children), .sup(let children), .element(_, let children):
                return plain(children)
            case .math(let index): return math(index, inAttribute: true)
            case .value(let index): return value(index, inAttribute: true)
            case .citation: return inline(node)
            case .crossReference(let index): return crossReferenceText(index)
            case .footnoteReference(let reference): return String(reference.number)
            case .taskMarker, .anchor: return ""
            }
        }.joined()
    }

    private func title(_ title: MarkedText) -> String {
        guard !title.isEmpty else { return "" }
        let text = title.pieces.map { piece -> String in
            switch piece {
            case .text(let text): return CmarkEscape.html(text)
            case .math(let index): return math(index, inAttribute: true)
            case .value(let index): return value(index, inAttribute: true)
            }
        }
        return " title=\"" + text.joined() + "\""
    }

    /// A link's destination as cmark writes it: left out when unsafe (unless raw HTML is allowed), else escaped.
    private func href(_ url: String) -> String {
        lesson.rawHTMLAllowed || !CmarkEscape.isDangerous(url) ? CmarkEscape.href(url) : ""
    }

    private func math(_ index: Int, inAttribute: Bool) -> String {
        guard index < lesson.math.count else { return "" }
        let span = lesson.math[index]
        let tex = HTML.escape(
            span.tex { k in TeXValue.inMath(k < values.count ? values[k] : "", lesson.values[k]) })
        if inAttribute { return tex }
        if let label = span.label { return equation(tex, label.id) }
        return span.display ? "<span class=\"math display\">\(tex)</span>" : "<span class=\"math inline\">\(tex)</span>"
    }

    private func value(_ index: Int, inAttribute: Bool) -> String {
        let text = HTML.escape(index < values.count ? values[index] : "")
        if inAttribute { return text }
        if index < lesson.values.count, lesson.values[index].isTeX {
            return "<span class=\"math inline\">\(text)</span>"
        }
        return "<span class=\"wb-value\">\(text)</span>"
    }
}

/// libcmark's escaping (its `houdini` functions), so prose reads byte for byte as cmark would write it.
enum CmarkEscape {
    /// Text and attributes: `&`, `<`, `>` and `"` (cmark leaves `'` alone, unlike `HTML.escape`).
    static func html(_ text: String) -> String { HTML.escape(text, apostrophe: false) }

    /// The bytes a URL keeps as they are; `&` and `'` become entities, the rest `%XX`.
    private static let hrefSafe: Set<UInt8> = Set(
        Array("-_.+!*(),%#@?=;:/$~".utf8) + Array("0123456789".utf8) + Array("abcdefghijklmnopqrstuvwxyz".utf8)
            + Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))

    static func href(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            if hrefSafe.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: "&") {
                out += "&amp;"
            } else if byte == UInt8(ascii: "'") {
                out += "&#x27;"
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// cmark's `scan_dangerous_url`: `javascript:`, `vbscript:`, `file:`, and `data:` other than four image types.
    static func isDangerous(_ url: String) -> Bool {
        let lowered = url.lowercased()
        if ["png", "gif", "jpeg", "webp"].contains(where: { lowered.hasPrefix("data:image/" + $0) }) { return false }
        return ["javascript:", "vbscript:", "file:", "data:"].contains { lowered.hasPrefix($0) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
