/// Renders an executed lesson as a complete HTML page: the prose as cmark rendered it, math for KaTeX,
/// inline values, and each directive's blocks as tables and paragraphs. Everything from the lesson is escaped.
struct HTMLWriter {
    let assets: AssetLinks
    /// Where ids and links point: the lesson's own page, or its part of the course's print page.
    var scope = AnchorScope.page
    /// The size plots are drawn at: the page's, or a slide's (`SVGPlot.Canvas`).
    var plotCanvas = SVGPlot.Canvas.page

    func page(_ executed: ExecutedLesson) -> String {
        let lesson = executed.lesson
        let live = executed.outputs.values.contains { $0.blocks.contains(where: \.isLive) }
        return Self.document(
            title: lesson.title, assets: assets, extraHead: live ? LiveFigure.head : "",
            body: """
                <div class="wb-page">
                <aside class="wb-sidebar" id="wb-sidebar" aria-label="Course">\(SiteHTML.sidebarMarker)</aside>
                <div class="wb-content">
                <nav class="wb-nav">\(Self.menuButton)<a href="index.html">Course index</a><span class="wb-sep" aria-hidden="true"> · </span><a href="\(HTML.escape(lesson.slug)).md">Markdown version</a> \(Self.themeButton)</nav>
                <main class="wb-lesson">
                \(titleBlock(executed))\(body(executed))</main>
                \(SiteHTML.pagerMarker)
                \(Self.footer(lesson))
                </div>
                </div>

                """)
    }

    /// The line under a lesson: where it was built from.
    static func footer(_ lesson: ParsedLesson) -> String {
        "<footer class=\"wb-footer\">Built by RNN Workbook from <code>\(HTML.escape(lesson.file.path))</code>. Every number on this page was computed by the workbook's RNN engine.</footer>"
    }

    /// The button that opens the sidebar on a narrow screen (hidden on a wide one, and where scripts do not run).
    static let menuButton =
        "<button type=\"button\" class=\"wb-menu\" aria-controls=\"wb-sidebar\" aria-expanded=\"false\">☰ Contents</button> "
    static let themeButton =
        "<button type=\"button\" class=\"wb-theme\" aria-label=\"Switch between dark and light\">◐</button>"

    /// A complete page around `body` (already HTML), every page's head the same.
    static func document(title: String, assets: AssetLinks, extraHead: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">\(extraHead)
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="RNN Workbook">
        <title>\(HTML.escape(title))</title>
        \(assets.head)
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// The lesson's title block (`titleBlock(_:anchor:heading:)`), the title drawn as the heading that repeated it.
    func titleBlock(_ executed: ExecutedLesson) -> String {
        let lesson = executed.lesson
        let heading = lesson.titleContent.map {
            ProseHTML(lesson: lesson, values: executed.values, numbering: executed.numbering, scope: scope) { _ in "" }
                .inlines($0)
        }
        return titleBlock(lesson.frontMatter, anchor: lesson.titleAnchor, heading: heading)
    }

    /// The front matter's title, subtitle, author, date and description, as Quarto shows them above the lesson;
    /// the title with `anchor`, the id of the heading that repeated it (`ParsedLesson.titleHeading`), drawn as
    /// that heading's HTML when given (its math and code drawn, where the front matter's title is plain text).
    func titleBlock(_ front: FrontMatter?, anchor: String? = nil, heading: String? = nil) -> String {
        guard let front, front.hasTitleBlock else { return "" }
        var html = "<header class=\"wb-title-block\">\n"
        let id = anchor.map { " id=\"\(HTML.escape(scope.id($0)))\"" } ?? ""
        if let title = front.title { html += "<h1\(id)>\(heading ?? HTML.escape(title))</h1>\n" }
        if let subtitle = front.subtitle { html += "<p class=\"wb-subtitle\">\(HTML.escape(subtitle))</p>\n" }
        let byline = [front.author, front.date].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        if !byline.isEmpty { html += "<p class=\"wb-byline\">\(byline)</p>\n" }
        if let description = front.description {
            html += "<p class=\"wb-description\">\(HTML.escape(description))</p>\n"
        }
        return html + "</header>\n"
    }

    /// The lesson body: its prose tree, each directive's results where it stood, then the weights its live
    /// figures run, each set once.
    func body(_ executed: ExecutedLesson) -> String {
        ProseHTML(lesson: executed.lesson, values: executed.values, numbering: executed.numbering, scope: scope) {
            directive($0, executed)
        }.render(executed.lesson.shownDocument) + CitationHTML.references(executed.lesson, scope: scope)
            + LiveFigure.weightsHTML(executed)
    }

    /// The level-2 and level-3 headings, each with its anchor and its content's HTML.
    func outline(_ executed: ExecutedLesson) -> [OutlineEntry] {
        let prose = ProseHTML(lesson: executed.lesson, values: executed.values, numbering: executed.numbering) { _ in ""
        }
        return executed.lesson.document.nodes.compactMap { block in
            guard case .heading(let level, let anchor, let content) = block.kind, level == 2 || level == 3 else {
                return nil
            }
            return OutlineEntry(level: level, id: anchor, html: prose.inlines(content))
        } + CitationHTML.outlineEntry(executed.lesson)
    }

    func directive(_ i: Int, _ executed: ExecutedLesson) -> String {
        guard let block = executed.lesson.directive(i) else { return "" }
        // A directive that shows nothing (a Swift setup cell) leaves no trace in the page.
        if let output = executed.outputs[i], output.blocks.isEmpty, !output.echo { return "" }
        var html = "<div class=\"wb-directive wb-\(HTML.escape(block.kind))\" id=\"\(scope.id("line-\(block.fence.line)"))\">\n"
        if let output = executed.outputs[i] {
            if output.echo {
                html +=
                    "<pre class=\"wb-source\"><code>```rnn \(HTML.escape(block.kind))\n\(HTML.escape(block.body))```</code></pre>\n"
            }
            let blocks = output.blocks.map { block in
                guard case .live(let figure) = block else { return render(block) }
                // The lesson's own "In the HTML handout …" paragraph after a live figure stands for the built-in note
                // (looked for only here: a walk of the document per directive made 40,000 checks take 10 s).
                let note = !LiveFigure.isAuthorsNote(executed.lesson.document.block(after: i))
                return LiveFigure.html(figure, staticHTML: figure.blocks.map(render).joined(), note: note)
            }.joined()
            html += executed.numbering?.floats[i].map { figure(blocks, $0, executed.numbering!) } ?? blocks
        }
        return html + "</div>\n"
    }

    func render(_ block: OutputBlock) -> String {
        switch block {
        case .paragraph(let spans):
            return "<p>\(inline(spans))</p>\n"
        case .preformatted(let text):
            return "<pre class=\"wb-text\"><code>\(HTML.escape(text))</code></pre>\n"
        case .plot(let plot):
            return SVGPlot.render(plot, canvas: plotCanvas)
        case .diagram(let diagram):
            return DiagramSVG.render(diagram, scope: scope)
        case .highlight(let highlight):
            return HighlightHTML.render(highlight)
        case .prose(let fragment):
            return ProseHTML(lesson: fragment.lesson, values: fragment.values, numbering: fragment.numbering, scope: scope) {
                _ in ""
            }.render(
                fragment.lesson.document)
        case .answerForm(let form):
            // A text keyboard, not inputmode=decimal: a phone's decimal pad has no minus sign and no exponent.
            let fields = form.names.map { name in
                let id = HTML.escape(form.exercise + "." + name)
                return
                    "<label class=\"wb-answer\"><code>\(HTML.escape(name))</code> = <input type=\"text\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" data-wb-answer=\"\(id)\"></label>"
            }
            let name = form.studentName.isEmpty ? "" : " data-wb-student-name=\"\(HTML.escape(form.studentName))\""
            return
                "<form class=\"wb-answers\" data-wb-lesson=\"\(HTML.escape(form.lesson))\" data-wb-student=\"\(HTML.escape(form.student))\"\(name)>\(fields.joined(separator: " ")) <button type=\"button\" class=\"wb-save-answers\">Save answers</button></form>\n"
        case .box(let title, let kind, let blocks):
            return "<section class=\"wb-box wb-\(HTML.escape(kind))\"><h4>\(inline(title))</h4>\n"
                + blocks.map(render).joined() + "</section>\n"
        case .reveal(let blocks):
            // The slide runtime makes it a step of its slide; a page shows it as it stands.
            return "<div class=\"wb-reveal\">\n" + blocks.map(render).joined() + "</div>\n"
        case .live(let figure):
            return LiveFigure.html(figure, staticHTML: figure.blocks.map(render).joined())
        case .source(let code, let language):
            return
                "<pre class=\"wb-cell\"><code class=\"language-\(HTML.escape(language))\">\(HTML.escape(code))</code></pre>\n"
        case .table(let table):
            var html =
                "<figure class=\"wb-table\">\n<figcaption>\(inline(table.caption))</figcaption>\n<div class=\"wb-table-wrap\"><table>\n<thead><tr>"
            for column in table.columns {
                html += column.numeric ? "<th class=\"num\">" : "<th>"
                html += inline(column.header) + "</th>"
            }
            html += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                html += "<tr>"
                for (k, cell) in row.enumerated() {
                    let numeric = k < table.columns.count && table.columns[k].numeric
                    html += (numeric ? "<td class=\"num\">" : "<td>") + inline(cell) + "</td>"
                }
                html += "</tr>\n"
            }
            return html + "</tbody>\n</table></div>\n</figure>\n"
        }
    }

    private func inline(_ spans: [Span]) -> String {
        spans.map { span -> String in
            switch span {
            case .text(let t): return HTML.escape(t)
            case .code(let t): return t.isEmpty ? "" : "<code>\(HTML.escape(t))</code>"
            case .math(let t): return "<span class=\"math inline\">\(HTML.escape(t))</span>"
            case .strong(let t): return "<strong>\(HTML.escape(t))</strong>"
            case .link(let t, let href): return "<a href=\"\(HTML.escape(scope.href(href)))\">\(HTML.escape(t))</a>"
            }
        }.joined()
    }
}
