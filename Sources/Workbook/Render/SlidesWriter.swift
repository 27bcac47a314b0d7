/// Renders an executed lesson as a slide deck (`<lesson>.slides.html`), as Pandoc and Quarto cut a document
/// into slides: a title slide from the front matter (or the lesson's title), then a slide at every heading of
/// level 1 or 2 and at every `---` rule. Each slide's blocks are the handout's (`ProseHTML`, and each directive's
/// results as `HTMLWriter` writes them, so an exercise shows its answer only where the edition has it); a
/// `. . .` paragraph starts a part shown on the next key press, a `::: notes` div becomes the speaker's notes, a
/// `::: incremental` div shows its lists' items one at a time (`SlideMarks`).
///
/// Whether a slide's content fits its 16:9 frame is known only once a browser lays it out: the slide runtime
/// (`SlideAssets`) shrinks a slide that is too full down to a legible minimum and carries what still does not fit
/// to a continuation slide (a table's rows with its header repeated).
struct SlidesWriter {
    let assets: AssetLinks

    /// One slide's worth of the lesson: the heading it starts at (none after a rule) and its top-level blocks.
    struct Section: Equatable {
        var heading: Int?
        var blocks: [Int] = []
    }

    func deck(_ executed: ExecutedLesson) -> String {
        let lesson = executed.lesson
        let html = HTMLWriter(assets: assets, plotCanvas: .slide)
        let prose = ProseHTML(lesson: lesson, values: executed.values, numbering: executed.numbering) {
            html.directive($0, executed)
        }
        let document = lesson.document
        // A first heading that differs from the front matter's title starts a slide of its own, as in Quarto.
        let sections = Self.sections(
            document, headingTitles: lesson.frontMatter?.title == nil || lesson.titleHeading != nil)
        var slides = [titleSlide(lesson, prose)]
        for section in sections.slides {
            slides.append(slide(section, document, prose))
        }
        let notes = prose.footnotes(document)
        if !notes.isEmpty { slides.append(Self.slide(heading: "Notes", body: notes, id: nil)) }
        let references = CitationHTML.references(lesson)
        if !references.isEmpty { slides.append(Self.slide(heading: nil, body: references, id: nil)) }
        return HTMLWriter.document(
            title: lesson.title, assets: AssetLinks(head: assets.head + Self.links, files: [:]),
            body: """
                <div class="wb-deck" role="region" aria-roledescription="slide deck" aria-label="\(HTML.escape(lesson.title))">
                \(slides.joined())</div>
                \(Self.controls(handout: lesson.slug + ".html"))\(LiveFigure.weightsHTML(executed))
                """)
    }

    /// The slide runtime's stylesheet and script, after the pages' own (whose script typesets the math first).
    static let links = """

        <link rel="stylesheet" href="assets/slides.css">
        <script defer src="assets/slides.js"></script>
        """

    /// The buttons under the slides (the keys do the same), the slide number and the progress bar.
    static func controls(handout: String) -> String {
        """
        <nav class="wb-slide-controls" aria-label="Slides">
        <button type="button" class="wb-prev" aria-label="Previous slide">‹</button>
        <span class="wb-slide-number" aria-live="polite"></span>
        <button type="button" class="wb-next" aria-label="Next slide">›</button>
        <button type="button" class="wb-overview-button" aria-label="Overview of the slides (o)">▦</button>
        <button type="button" class="wb-speaker-button" aria-label="Speaker view with the notes (s)">✎</button>
        \(HTMLWriter.themeButton)
        <a href="\(HTML.escape(handout))">Handout</a>
        </nav>
        <div class="wb-progress" aria-hidden="true"><div></div></div>

        """
    }

    /// The lesson's top-level blocks cut into slides: the first level-1 heading is the title slide's when
    /// `headingTitles` (the blocks before the first level-2 heading follow it on a slide of their own).
    static func sections(_ document: Document, headingTitles: Bool = true) -> (title: Int?, slides: [Section]) {
        var title: Int?
        var slides: [Section] = []
        var current = Section()
        func close() {
            if current.heading != nil || !current.blocks.isEmpty { slides.append(current) }
            current = Section()
        }
        for index in document.roots {
            switch document.nodes[index].kind {
            case .heading(1, _, _) where headingTitles && title == nil && slides.isEmpty && current.blocks.isEmpty:
                title = index
            case .heading(let level, _, _) where level <= 2:
                close()
                current.heading = index
            case .thematicBreak:
                close()
            default:
                current.blocks.append(index)
            }
        }
        close()
        return (title, slides)
    }

    /// The title slide: the front matter's title block, else the lesson's first level-1 heading, else its title;
    /// the title keeps the anchor of the heading it stands for, as the handout's does.
    private func titleSlide(_ lesson: ParsedLesson, _ prose: ProseHTML) -> String {
        var body: String
        if let front = lesson.frontMatter, front.title != nil {
            body = HTMLWriter(assets: assets).titleBlock(
                front, anchor: lesson.titleAnchor, heading: lesson.titleContent.map { prose.inlines($0) })
        } else if let index = Self.sections(lesson.document).title,
            case .heading(_, let anchor, let content) = lesson.document.nodes[index].kind
        {
            let id = anchor.isEmpty ? "" : " id=\"\(HTML.escape(anchor))\""
            body = "<header class=\"wb-title-block\">\n<h1\(id)>\(prose.inlines(content))</h1>\n"
            body += lesson.frontMatter.map { HTMLWriter(assets: assets).titleBlock($0) } ?? ""
            body += "</header>\n"
        } else {
            body = "<header class=\"wb-title-block\">\n<h1>\(HTML.escape(lesson.title))</h1>\n</header>\n"
        }
        return "<section class=\"wb-slide wb-title-slide\">\n<div class=\"wb-slide-body\">\n\(body)</div>\n</section>\n"
    }

    /// A slide: its heading, its blocks (each part after a pause in a `fragment`), its speaker's notes.
    private func slide(_ section: Section, _ document: Document, _ prose: ProseHTML) -> String {
        var heading: String?
        var id: String?
        if let index = section.heading, case .heading(_, let anchor, let content) = document.nodes[index].kind {
            (heading, id) = (prose.inlines(content), anchor.isEmpty ? nil : anchor)
        }
        var body = ""
        var notes = ""
        var inFragment = false
        for index in section.blocks {
            let kind = document.nodes[index].kind
            if kind.isPause {
                body += inFragment ? "</div>\n<div class=\"fragment\">\n" : "<div class=\"fragment\">\n"
                inFragment = true
                continue
            }
            if case .division(_, let children) = kind, kind.isSpeakerNotes {
                notes += prose.render(Document(nodes: document.nodes, roots: children))
                continue
            }
            let html = prose.render(Document(nodes: document.nodes, roots: [index]))
            body += kind.isIncremental ? "<div class=\"wb-incremental\">\n\(html)</div>\n" : html
        }
        if inFragment { body += "</div>\n" }
        return Self.slide(heading: heading, body: body, notes: notes, id: id, headingIsHTML: true)
    }

    /// A slide's HTML; `heading` is HTML when `headingIsHTML`, else text.
    static func slide(heading: String?, body: String, notes: String = "", id: String?, headingIsHTML: Bool = false)
        -> String
    {
        let anchor = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        var html = "<section class=\"wb-slide\">\n"
        if let heading { html += "<h2\(anchor)>\(headingIsHTML ? heading : HTML.escape(heading))</h2>\n" }
        html += "<div class=\"wb-slide-body\">\n\(body)</div>\n"
        if !notes.isEmpty { html += "<aside class=\"wb-notes\">\n\(notes)</aside>\n" }
        return html + "</section>\n"
    }
}
