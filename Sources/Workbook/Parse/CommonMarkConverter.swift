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
    /// The prose as a tree, a `.directive(n)` block where each directive stood (`directives[n]`).
    let document: Document
    /// The directive blocks, in document order.
    let directives: [FencedBlock]
    /// The plain text of the first level-1 heading, placeholders included.
    let title: String?
    /// The raw HTML that the HTML handout leaves out (none when raw HTML is allowed): where, as written, and for
    /// an element of the safe subset the attributes it loses (`InlineHTML.leftOut`).
    var rawHTML: [(SourceLocation, String, [String]?)] = []
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

    /// The block quotes and list items of `text` and the blocks inside them (`ContainerLines`); none when `text`
    /// has a lone carriage return, where cmark ends a line too, so that its line numbers are not the text's lines
    /// split at line feeds, which the callers index (a box in a list item then stays code).
    static func containerLines(of text: String) -> ContainerLines {
        var layout = ContainerLines()
        guard !hasLoneCarriageReturn(text) else { return layout }
        var open: [(node: OpaquePointer, index: Int)] = []
        withDocument(text, options: CMARK_OPT_SOURCEPOS) { root in
            forEachNode(root) { node, entering in
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM {
                    guard entering else {
                        open.removeLast()
                        return
                    }
                    layout.containers.append(
                        container(node, isQuote: type == CMARK_NODE_BLOCK_QUOTE, parent: open.last?.index))
                    open.append((node, layout.containers.count - 1))
                } else if entering, let parent = open.last?.index,
                    [
                        CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK,
                    ].contains(type)
                {
                    let line = max(Int(cmark_node_get_start_line(node)), 1)
                    layout.leaves.append(
                        ContainerLines.Leaf(
                            container: parent, line: line, column: max(Int(cmark_node_get_start_column(node)), 1),
                            endLine: max(Int(cmark_node_get_end_line(node)), line),
                            fenceInfo: type == CMARK_NODE_CODE_BLOCK
                                ? TreeBuilder.string(cmark_node_get_fence_info(node)) : nil))
                }
            }
        }
        return layout
    }

    static func hasLoneCarriageReturn(_ text: String) -> Bool {
        var afterReturn = false
        for byte in text.utf8 {
            if afterReturn && byte != UInt8(ascii: "\n") { return true }
            afterReturn = byte == UInt8(ascii: "\r")
        }
        return afterReturn
    }

    /// A quote or an item; an item's text starts where its first block does, when that is on its first line
    /// (else one space after its marker).
    private static func container(_ node: OpaquePointer, isQuote: Bool, parent: Int?) -> ContainerLines.Container {
        let line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        if !isQuote, let child = cmark_node_first_child(node), Int(cmark_node_get_start_line(child)) == line {
            column = Int(cmark_node_get_start_column(child))
        } else if !isQuote, let list = cmark_node_parent(node) {
            let ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST
            column += ordered ? String(cmark_node_get_list_start(list)).count + 2 : 2
        }
        return ContainerLines.Container(isQuote: isQuote, line: line, contentColumn: column, parent: parent)
    }

    /// Parses `text` into a `Document`, lifting out the fenced blocks whose info string `isDirective` accepts.
    /// Raw HTML is noted (`rawHTMLLines`) unless `allowRawHTML`.
    /// `divs` are the fenced divs whose markers the text holds (`FencedDivs`).
    static func convert(
        _ text: String, isDirective: @escaping (String) -> Bool, allowRawHTML: Bool, divs: [FencedDivs.Div] = []
    ) -> ConvertedDocument {
        var builder = TreeBuilder(
            lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            isDirective: isDirective, allowRawHTML: allowRawHTML)
        builder.divs = divs
        // The reference list's div has the id `refs` (`CitationHTML.placedReferences`), a callout its `#id`
        // (`FencedDivs` kept each once): no heading takes them.
        if divs.contains(where: \.holdsReferences) { builder.usedAnchors.ids.insert("refs") }
        builder.usedAnchors.ids.formUnion(
            divs.compactMap { $0.attributes.calloutClass == nil ? nil : $0.attributes.id })
        var document = Document()
        withDocument(text, options: CMARK_OPT_SOURCEPOS) { root in document = builder.build(root) }
        return ConvertedDocument(
            document: document, directives: builder.directives, title: builder.title,
            rawHTML: builder.rawHTML, references: builder.references, anchors: builder.usedAnchors.ids)
    }

    /// A callout's title: its text read as the inlines of one paragraph, whatever it starts with (`<script>`,
    /// `# `, `- ` would start another block): it is read after an escaped `!` (punctuation, so emphasis right
    /// after it opens as at a line's start), which is then taken off; positions are the text's own.
    fileprivate static func titleInlines(_ text: String) -> [Inline] {
        guard !text.isEmpty, let first = cellBlocks("\\!" + text).blocks.first,
            case .paragraph(var content) = first.kind, case .text(let lead)? = content.first?.kind, lead.hasPrefix("!")
        else { return [] }
        if lead.count == 1 { content.removeFirst() } else { content[0].kind = .text(String(lead.dropFirst())) }
        return content.map { $0.moved(lines: 0, columns: -2) }
    }

    /// The blocks of a pipe table's cell, parsed on their own (no anchors, tables or directives inside).
    fileprivate static func cellBlocks(_ text: String) -> Document {
        guard !text.isEmpty else { return Document() }
        var builder = TreeBuilder(lines: [], isDirective: { _ in false }, allowRawHTML: true, isCell: true)
        var document = Document()
        withDocument(text, options: CMARK_OPT_DEFAULT) { root in document = builder.build(root) }
        return document
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

    fileprivate static func forEachNode(_ root: OpaquePointer, _ visit: (OpaquePointer, Bool) -> Void) {
        let iterator = cmark_iter_new(root)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            visit(cmark_iter_get_node(iterator)!, event == CMARK_EVENT_ENTER)
        }
    }
}

/// Turns a cmark tree into `Block`s and `Inline`s on `cmark_iter` events with an explicit stack of open
/// containers, noting what Parse reports (directives, links and images, raw HTML, anchors, the title).
private struct TreeBuilder {
    /// An open container and what has been built inside it so far.
    struct Frame {
        let node: OpaquePointer
        var blocks: [Int] = []
        var inlines: [Inline] = []
        var items: [[Int]] = []
        /// The pipe table a paragraph spells, built when the paragraph closes.
        var table: PipeTable?
    }

    let lines: [String]
    let isDirective: (String) -> Bool
    let allowRawHTML: Bool
    var isCell = false
    /// How many emphases, links and images are open. Those nested deeper than `InlineDepth.maxDepth` get no
    /// frame: their content goes to the frame they stand in, as if their marks were not there.
    private var inlineFrames = 0
    var directives: [FencedBlock] = []
    var title: String?
    var rawHTML: [(SourceLocation, String, [String]?)] = []
    var references: [Reference] = []
    var usedAnchors = Anchors.Used()
    var divs: [FencedDivs.Div] = []
    /// For each fenced div open, the container it stands in (its depth and node) and where its blocks start
    /// among the container's.
    private var openDivs: [(depth: Int, node: OpaquePointer, start: Int)] = []
    private var stack: [Frame] = []
    private var nodes: [Block] = []

    init(lines: [String], isDirective: @escaping (String) -> Bool, allowRawHTML: Bool, isCell: Bool = false) {
        (self.lines, self.isDirective, self.allowRawHTML, self.isCell) = (lines, isDirective, allowRawHTML, isCell)
    }

    mutating func build(_ root: OpaquePointer) -> Document {
        (stack, nodes) = ([], [])
        CommonMarkConverter.forEachNode(root) { node, entering in
            if !entering {
                close(node)
            } else if Self.isContainer(cmark_node_get_type(node)) {
                open(node)
            } else {
                leaf(node)
            }
        }
        return Document(nodes: nodes, roots: stack.first?.blocks ?? [])
    }

    static func isContainer(_ type: cmark_node_type) -> Bool {
        [
            CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM, CMARK_NODE_HEADING,
            CMARK_NODE_PARAGRAPH, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE,
        ].contains(type)
    }

    static func isInline(_ type: cmark_node_type) -> Bool {
        type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE
    }

    static func location(_ node: OpaquePointer) -> SourceLocation {
        SourceLocation(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

    private mutating func open(_ node: OpaquePointer) {
        var frame = Frame(node: node)
        let type = cmark_node_get_type(node)
        if Self.isInline(type) {
            inlineFrames += 1
            if inlineFrames > InlineDepth.maxDepth { return }
        }
        if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { noteReference(node) }
        if type == CMARK_NODE_PARAGRAPH, !isCell { frame.table = PipeTable.parse(paragraphLines(node)) }
        stack.append(frame)
    }

    private mutating func leaf(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        let at = Self.location(node)
        let literal = Self.string(cmark_node_get_literal(node))
        if type == CMARK_NODE_HTML_BLOCK, divMarker(literal) { return }
        if type == CMARK_NODE_HTML_BLOCK, !isCell, !allowRawHTML, let paragraph = Self.safeParagraph(literal, at: at) {
            noteRawHTML(paragraph)
            if case .paragraph(let content) = paragraph.kind { references += InlineHTML.images(content) }
            appendBlock(paragraph)
            return
        }
        if type == CMARK_NODE_HTML_BLOCK, !allowRawHTML, !InlineHTML.isComment(literal) {
            rawHTML.append((at, literal, nil))
        }
        switch type {
        case CMARK_NODE_CODE_BLOCK: appendBlock(codeBlock(node, literal: literal, at: at))
        case CMARK_NODE_HTML_BLOCK: appendBlock(Block(.html(literal), at: at))
        case CMARK_NODE_THEMATIC_BREAK: appendBlock(Block(.thematicBreak, at: at))
        case CMARK_NODE_TEXT: stack[stack.count - 1].inlines.append(Inline(.text(literal), at: at))
        case CMARK_NODE_SOFTBREAK: stack[stack.count - 1].inlines.append(Inline(.softBreak, at: at))
        case CMARK_NODE_LINEBREAK: stack[stack.count - 1].inlines.append(Inline(.lineBreak, at: at))
        case CMARK_NODE_CODE: stack[stack.count - 1].inlines.append(Inline(.code(literal), at: at))
        case CMARK_NODE_HTML_INLINE: stack[stack.count - 1].inlines.append(Inline(.html(literal), at: at))
        default: break
        }
    }

    /// A fenced div's marker: its opening notes where the div's blocks start in the container it stands in (the
    /// document, a list item, a block quote), its closing in that same container wraps them in the div's block.
    private mutating func divMarker(_ literal: String) -> Bool {
        guard let marker = FencedDivs.marker(literal), marker.index < divs.count else { return false }
        if marker.opens {
            openDivs.append((stack.count, stack[stack.count - 1].node, stack[stack.count - 1].blocks.count))
        } else if let open = openDivs.last, open.depth == stack.count, open.node == stack[stack.count - 1].node {
            openDivs.removeLast()
            let children = Array(stack[stack.count - 1].blocks[open.start...])
            stack[stack.count - 1].blocks.removeSubrange(open.start...)
            appendBlock(
                DivBlocks.block(
                    divs[marker.index], children: children, nodes: &nodes, anchors: &usedAnchors,
                    parseTitle: { [allowRawHTML] text, htmlAsText in
                        let title = CommonMarkConverter.titleInlines(text)
                        return htmlAsText && !allowRawHTML ? InlineHTML.asText(title) : title
                    })
            )
        }
        return true
    }

    private mutating func appendBlock(_ block: Block) {
        nodes.append(block)
        stack[stack.count - 1].blocks.append(nodes.count - 1)
    }

    /// A code block, or the directive it is (lifted out: the tree keeps its index).
    private mutating func codeBlock(_ node: OpaquePointer, literal: String, at: SourceLocation) -> Block {
        let info = Self.string(cmark_node_get_fence_info(node))
        guard isDirective(info) else { return Block(.code(info: info, literal: literal), at: at) }
        directives.append(
            FencedBlock(info: info, literal: literal, start: at, endLine: Int(cmark_node_get_end_line(node))))
        return Block(.directive(index: directives.count - 1), at: at)
    }

    private mutating func close(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        if Self.isInline(type) {
            inlineFrames -= 1
            if inlineFrames >= InlineDepth.maxDepth { return }
        }
        var frame = stack.removeLast()
        let at = Self.location(node)
        if !isCell { frame.blocks = Labels.captionTables(frame.blocks, &nodes) }
        if type == CMARK_NODE_DOCUMENT {
            stack.append(frame)
        } else if type == CMARK_NODE_ITEM {
            stack[stack.count - 1].items.append(frame.blocks)
        } else if let block = block(type, frame, at: at) {
            if !allowRawHTML { noteRawHTML(block) }
            if case .paragraph(let content) = block.kind { references += InlineHTML.images(content) }
            appendBlock(block)
        } else if let inline = inline(type, frame, at: at) {
            stack[stack.count - 1].inlines.append(inline)
        }
    }

    private mutating func block(_ type: cmark_node_type, _ frame: Frame, at: SourceLocation) -> Block? {
        switch type {
        case CMARK_NODE_BLOCK_QUOTE:
            if !isCell, let callout = Alerts.callout(quote: frame.blocks, nodes: &nodes) {
                return Block(callout, at: at)
            }
            return Block(.blockQuote(frame.blocks), at: at)
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(frame.node) == CMARK_ORDERED_LIST
            let style = ListStyle(
                start: ordered ? Int(cmark_node_get_list_start(frame.node)) : nil,
                tight: cmark_node_get_list_tight(frame.node) != 0)
            return Block(.list(style, items: frame.items), at: at)
        case CMARK_NODE_HEADING:
            return heading(frame, at: at)
        case CMARK_NODE_PARAGRAPH:
            if let table = frame.table { return Block(.table(proseTable(table)), at: at) }
            var content = InlineMarkers.resolve(frame.inlines)
            if !isCell, isFirstInItem(frame.node), let marked = TaskMarkers.marked(content) { content = marked }
            if !isCell, let figure = Labels.figure(content) { return Block(.captioned(figure), at: at) }
            if !isCell { content = Labels.droppingImageAttributes(content) }
            if !isCell, let item = DefinitionLists.item(content) { return definitionList(item, at: at) }
            return Block(.paragraph(content), at: at)
        default:
            return nil
        }
    }

    /// Whether a paragraph is its list item's first block (where a task list's box stands).
    private func isFirstInItem(_ node: OpaquePointer) -> Bool {
        guard let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_ITEM else { return false }
        return cmark_node_first_child(parent) == node
    }

    /// A definition list of one item, or nil when the item joins the list just before it (Pandoc's items are
    /// paragraphs in a row).
    private mutating func definitionList(_ item: (term: [Inline], definitions: [[Inline]]), at: SourceLocation)
        -> Block?
    {
        var indices: [Int] = []
        for content in [item.term] + item.definitions {
            let paragraph = Block(.paragraph(content), at: content.first?.location ?? at)
            if !allowRawHTML { noteRawHTML(paragraph) }
            references += InlineHTML.images(content)
            nodes.append(paragraph)
            indices.append(nodes.count - 1)
        }
        let new = DefinitionItem(
            terms: [DefinitionItem.Term(paragraph: indices[0])], definitions: indices.dropFirst().map { [$0] })
        if let last = stack[stack.count - 1].blocks.last, nodes[last].appendDefinitions([new]) { return nil }
        return Block(.definitionList([new]), at: at)
    }

    private func inline(_ type: cmark_node_type, _ frame: Frame, at: SourceLocation) -> Inline? {
        let children = InlineMarkers.resolve(
            frame.inlines, autolinks: type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
        switch type {
        case CMARK_NODE_EMPH: return Inline(.emphasis(children), at: at)
        case CMARK_NODE_STRONG: return Inline(.strong(children), at: at)
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let url = Self.string(cmark_node_get_url(frame.node))
            let title = InlineMarkers.marked(Self.string(cmark_node_get_title(frame.node)))
            return Inline(
                type == CMARK_NODE_LINK
                    ? .link(url: url, title: title, children) : .image(url: url, title: title, children),
                at: at)
        default: return nil
        }
    }

    /// A heading with its anchor; the first level-1 heading gives the lesson its title.
    private mutating func heading(_ frame: Frame, at: SourceLocation) -> Block {
        let level = Int(cmark_node_get_heading_level(frame.node))
        var content = InlineMarkers.resolve(frame.inlines)
        var anchor = ""
        if !isCell {
            let explicit: String?
            (content, explicit) = Labels.headingAttribute(content)
            anchor = Anchors.unique(explicit ?? Anchors.slug(InlineMarkers.anchorText(content)), &usedAnchors)
            if title == nil, level == 1 { title = InlineMarkers.titleText(content) }
        }
        return Block(.heading(level: level, anchor: anchor, content), at: at)
    }

    /// An HTML block holding only tags of the safe subset (`<img …>` or `<kbd>Ctrl</kbd> …` first on its line, which
    /// cmark takes for a block), read as the paragraph it would be after a word.
    static func safeParagraph(_ literal: String, at: SourceLocation) -> Block? {
        let tags = literal.matches(of: #/<[^<>]*>?/#).map { String($0.output) }
        guard !tags.isEmpty, tags.allSatisfy({ SafeHTML.tag($0) != nil }) else { return nil }
        let content = CommonMarkConverter.titleInlines(literal)
        guard !content.isEmpty else { return nil }
        return Block(.paragraph(content.map { $0.moved(lines: at.line - 1, columns: at.column - 1) }), at: at)
    }

    /// The inline HTML a paragraph or heading holds that the HTML handout leaves out.
    private mutating func noteRawHTML(_ block: Block) {
        switch block.kind {
        case .paragraph(let content), .heading(_, _, let content): rawHTML += InlineHTML.leftOut(content)
        case .captioned(let captioned): rawHTML += InlineHTML.leftOut(captioned.caption)
        default: break
        }
    }

    private func proseTable(_ table: PipeTable) -> ProseTable {
        let alignments = table.alignments.map { alignment -> ProseTable.Alignment in
            switch alignment {
            case .none: return .none
            case .left: return .left
            case .center: return .center
            case .right: return .right
            }
        }
        return ProseTable(
            alignments: alignments, header: table.header.map(CommonMarkConverter.cellBlocks),
            rows: table.rows.map { $0.map(CommonMarkConverter.cellBlocks) })
    }

    private mutating func noteReference(_ node: OpaquePointer) {
        let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
        references.append(
            Reference(
                isImage: isImage, url: Self.string(cmark_node_get_url(node)),
                hasText: !isImage || cmark_node_first_child(node) != nil, location: Self.location(node)))
    }

    /// The source lines of a top-level or list-item paragraph, without the container's indentation; nil for
    /// other containers (a table there stays a paragraph).
    private func paragraphLines(_ node: OpaquePointer) -> [String]? {
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
}
