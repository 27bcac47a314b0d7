import CCmark
import Foundation

/// A fenced code block as cmark saw it: where it stands and what it holds.
struct FencedBlock: Sendable {
    /// The info string (`rnn forward` …).
    let info: String
    /// The block's text, without fences and without its container's indentation.
    let literal: String
    /// The line and column of the opening fence.
    let start: SourceLocation
    /// The last line of the block (the closing fence, or the document's end when the fence was never closed).
    let endLine: Int
    /// The block's place among the lesson's directives (its placeholder's number).
    var index = 0
    /// Set when the block was cut out of a directive left open (`UnclosedFences`): the line of the next
    /// directive's fence, before which a closing fence is missing.
    var endsBeforeNext: Int?
}

/// What the cmark pass hands on: immutable Swift values, never a cmark pointer.
struct ConvertedDocument: Sendable {
    /// The HTML body, with one `X<n>` placeholder where each directive stood.
    let html: String
    /// The directive blocks, in document order (`X<n>` is `directives[n]`).
    let directives: [FencedBlock]
    /// The plain text of the first level-1 heading, placeholders included.
    let title: String?
    /// The lines holding raw HTML that the HTML handout leaves out (none when raw HTML is allowed).
    var rawHTMLLines: [Int] = []
    /// Every link and image of the prose, in document order.
    var references: [Reference] = []
    /// The headings' anchors.
    var anchors: Set<String> = []
}

/// `02-other.md` or `02-other.md#part` (relative, no scheme): the other lesson's HTML handout, `02-other.html…`.
func lessonPage(_ url: String) -> String? {
    let (path, fragment) = splitFragment(url)
    guard path.hasSuffix(".md"), !path.hasPrefix("/"), !path.contains(":") else { return nil }
    return String(path.dropLast(3)) + ".html" + fragment
}

/// `a.md#b` → (`a.md`, `#b`).
func splitFragment(_ url: String) -> (String, String) {
    guard let hash = url.firstIndex(of: "#") else { return (url, "") }
    return (String(url[..<hash]), String(url[hash...]))
}

/// A link or an image in the prose, as cmark parsed it.
struct Reference: Sendable, Equatable {
    let isImage: Bool
    let url: String
    /// Whether an image has alt text (its description); always true for links.
    let hasText: Bool
    /// Where cmark says it starts (the line is exact; an inline value earlier on the line shifts the column).
    let location: SourceLocation
}

/// The only file that talks to libcmark. It walks trees with `cmark_iter` events (no recursion, so 50,000
/// nested block quotes cannot overflow the stack) and frees every tree and iterator with `defer`.
enum CommonMarkConverter {
    /// The lines that lie in code blocks and HTML blocks, where `$` and `{{` stay literal.
    static func verbatimLines(of text: String) -> Set<Int> {
        var lines = Set<Int>()
        withDocument(text, options: CMARK_OPT_SOURCEPOS) { root in
            forEachNode(root) { node, entering in
                guard entering else { return }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
                    let start = Int(cmark_node_get_start_line(node))
                    let end = Int(cmark_node_get_end_line(node))
                    if start > 0, end >= start { lines.formUnion(start...end) }
                }
            }
        }
        return lines
    }

    /// Parses `text`, lifts out the fenced blocks whose info string `isDirective` accepts, and
    /// renders the rest to HTML as libcmark does. Raw HTML is replaced by a comment unless `allowRawHTML`.
    static func convert(_ text: String, isDirective: (String) -> Bool, allowRawHTML: Bool) -> ConvertedDocument {
        var directives: [FencedBlock] = []
        var title: String?
        var html = ""
        var rawHTMLLines: [Int] = []
        var references: [Reference] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tables: [(OpaquePointer, PipeTable)] = []
        // Each heading's anchor, in document order, and the text it is made from while inside a heading.
        var anchors: [String] = []
        var usedAnchors = Anchors.Used()
        var anchorText: String?
        var lessonLinks: [(OpaquePointer, String)] = []
        withDocument(text, options: CMARK_OPT_SOURCEPOS) { root in
            var lifted: [OpaquePointer] = []
            var headingDepth = 0
            var headingText = ""
            forEachNode(root) { node, entering in
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HEADING {
                    if entering {
                        anchorText = ""
                    } else {
                        anchors.append(Anchors.unique(Anchors.slug(anchorText ?? ""), &usedAnchors))
                    }
                    anchorText = entering ? "" : nil
                } else if entering, anchorText != nil, let literal = cmark_node_get_literal(node),
                    type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE
                {
                    anchorText! += String(cString: literal)
                }
                if type == CMARK_NODE_HEADING, title == nil, cmark_node_get_heading_level(node) == 1 {
                    headingDepth += entering ? 1 : -1
                    if !entering { title = headingText }
                    return
                }
                if headingDepth > 0, entering {
                    if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                        headingText += " "
                    } else if type != CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) {
                        headingText += String(cString: literal)
                    }
                }
                if entering, !allowRawHTML, type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                    let line = Int(cmark_node_get_start_line(node))
                    if rawHTMLLines.last != line { rawHTMLLines.append(line) }
                }
                if entering, type == CMARK_NODE_LINK, let url = cmark_node_get_url(node).map({ String(cString: $0) }),
                    let page = lessonPage(url)
                {
                    // A link to another lesson points at its HTML handout in the HTML handout.
                    lessonLinks.append((node, page))
                }
                if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                    references.append(
                        Reference(
                            isImage: type == CMARK_NODE_IMAGE,
                            url: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                            hasText: type == CMARK_NODE_LINK || cmark_node_first_child(node) != nil,
                            location: SourceLocation(
                                line: Int(cmark_node_get_start_line(node)),
                                column: Int(cmark_node_get_start_column(node)))))
                }
                if entering, type == CMARK_NODE_PARAGRAPH, let table = PipeTable.parse(paragraphLines(node, lines)) {
                    tables.append((node, table))
                    return
                }
                guard entering, type == CMARK_NODE_CODE_BLOCK else { return }
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                guard isDirective(info) else { return }
                directives.append(
                    FencedBlock(
                        info: info,
                        literal: cmark_node_get_literal(node).map { String(cString: $0) } ?? "",
                        start: SourceLocation(
                            line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))),
                        endLine: Int(cmark_node_get_end_line(node))))
                lifted.append(node)
            }
            for (index, node) in lifted.enumerated() {
                let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)
                let marker = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(marker, Placeholder.make(.directive, index))
                cmark_node_append_child(paragraph, marker)
                cmark_node_insert_before(node, paragraph)
                cmark_node_free(node)
            }
            for (node, page) in lessonLinks { cmark_node_set_url(node, page) }
            let options = allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
            // A pipe table (GFM) is a paragraph to libcmark: it is replaced by a marker paragraph, and the marker
            // by the table's HTML, each cell's inline content rendered by libcmark.
            var tableHTML: [String] = []
            for (index, (node, table)) in tables.enumerated() {
                let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)
                let marker = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(marker, PipeTable.marker(index))
                cmark_node_append_child(paragraph, marker)
                cmark_node_insert_before(node, paragraph)
                cmark_node_free(node)
                tableHTML.append(table.html { inlineHTML($0, options: options) })
            }
            if let rendered = cmark_render_html(root, options) {
                defer { free(rendered) }
                html = String(cString: rendered)
            }
            for (index, table) in tableHTML.enumerated() {
                html = html.replacingOccurrences(of: "<p>" + PipeTable.marker(index) + "</p>\n", with: table)
            }
            html = Anchors.add(anchors, to: html)
        }
        return ConvertedDocument(
            html: html, directives: directives, title: title, rawHTMLLines: rawHTMLLines, references: references,
            anchors: Set(anchors))
    }

    /// The source lines of a top-level or list-item paragraph, without the container's indentation; nil for
    /// other containers (a table there stays a paragraph).
    private static func paragraphLines(_ node: OpaquePointer, _ lines: [String]) -> [String]? {
        guard let parent = cmark_node_parent(node) else { return nil }
        let parentType = cmark_node_get_type(parent)
        guard parentType == CMARK_NODE_DOCUMENT || parentType == CMARK_NODE_ITEM else { return nil }
        let (start, end) = (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_end_line(node)))
        let indent = Int(cmark_node_get_start_column(node)) - 1
        guard start >= 1, end >= start, end <= lines.count else { return nil }
        return lines[(start - 1)..<end].map { line in
            let lead = line.prefix(indent).prefix { $0 == " " }.count
            return String(line.dropFirst(lead))
        }
    }

    /// libcmark's HTML of one table cell's inline content, without the paragraph around it.
    private static func inlineHTML(_ text: String, options: Int32) -> String {
        guard !text.isEmpty else { return "" }
        var html = ""
        withDocument(text, options: CMARK_OPT_DEFAULT) { root in
            if let rendered = cmark_render_html(root, options) {
                defer { free(rendered) }
                html = String(cString: rendered)
            }
        }
        if html.hasPrefix("<p>"), html.hasSuffix("</p>\n") { return String(html.dropFirst(3).dropLast(5)) }
        return html.trimmingCharacters(in: .newlines)
    }

    /// libcmark's own HTML for `text`: the reference that prose must match.
    static func referenceHTML(_ text: String, allowRawHTML: Bool) -> String {
        var html = ""
        withDocument(text, options: CMARK_OPT_DEFAULT) { root in
            if let rendered = cmark_render_html(root, allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT) {
                defer { free(rendered) }
                html = String(cString: rendered)
            }
        }
        return html
    }

    private static func withDocument(_ text: String, options: Int32, _ body: (OpaquePointer) -> Void) {
        let parser = cmark_parser_new(options)!
        defer { cmark_parser_free(parser) }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        body(root)
    }

    private static func forEachNode(_ root: OpaquePointer, _ visit: (OpaquePointer, Bool) -> Void) {
        let iterator = cmark_iter_new(root)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            visit(cmark_iter_get_node(iterator)!, event == CMARK_EVENT_ENTER)
        }
    }
}
