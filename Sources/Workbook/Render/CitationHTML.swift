/// Citations, a lesson's References section and the course's bibliography page in HTML, written from the
/// formatter's format-neutral runs; every piece of text escaped.
enum CitationHTML {
    /// A citation: "(<a>Werbos 1990</a>, p. 3)", each work linked to its entry in the References section.
    static func inline(
        _ items: [CitationItem], bracketed: Bool, _ formatter: CitationFormatter?, scope: AnchorScope = .page
    ) -> String {
        guard let formatter else {
            // Only a lesson with an error (it cites, and the course has no bibliography) has no formatter.
            return HTML.escape(items.map { "@" + $0.key }.joined(separator: "; "))
        }
        return "<span class=\"wb-citation\">" + runs(formatter.inline(items, bracketed: bracketed), scope: scope)
            + "</span>"
    }

    /// Runs with their marks: emphasis, links to the web, links to a reference entry (on `entryPage`, else on
    /// this page in `scope`).
    static func runs(_ runs: [TextRun], entryPage: String = "", scope: AnchorScope = .page) -> String {
        runs.map { run in
            var html = HTML.escape(run.text)
            for mark in run.marks {
                switch mark {
                case .emphasis: html = "<em>" + html + "</em>"
                case .link(let url): html = "<a href=\"\(HTML.escape(url))\">" + html + "</a>"
                case .reference(let key):
                    html =
                        "<a href=\"\(HTML.escape(entryPage))#\(HTML.escape(scope.id(ReferenceEntry.anchor(for: key))))\">"
                        + html
                        + "</a>"
                }
            }
            return html
        }.joined()
    }

    /// The References section that ends a lesson that cites: the works it cites, in the style's order (none when
    /// a `::: {#refs}` div places them: `placedReferences`).
    static func references(_ lesson: ParsedLesson, scope: AnchorScope = .page) -> String {
        let entries = references(of: lesson)
        guard !entries.isEmpty, !lesson.document.holdsReferences else { return "" }
        let anchor = HTML.escape(scope.id(referencesAnchor(lesson)))
        return "<section class=\"wb-references\">\n<h2 id=\"\(anchor)\">References"
            + " <a class=\"wb-anchor\" href=\"#\(anchor)\" aria-label=\"Link to this section\">#</a></h2>\n"
            + list(entries, scope: scope) { _ in "" } + "</section>\n"
    }

    /// The reference list where `::: {#refs}` stands: the div with Quarto's id and the list, under the author's
    /// heading (none of its own); nothing when the lesson cites nothing.
    static func placedReferences(_ lesson: ParsedLesson, scope: AnchorScope) -> (opening: String, closing: String) {
        let entries = references(of: lesson)
        guard !entries.isEmpty else { return ("", "") }
        return (
            "<div id=\"\(HTML.escape(scope.id("refs")))\" class=\"wb-references\">\n",
            list(entries, scope: scope) { _ in "" } + "</div>\n"
        )
    }

    /// The works `lesson` cites, in the style's order (none without a formatter).
    static func references(of lesson: ParsedLesson) -> [ReferenceEntry] {
        guard let formatter = lesson.citationFormatter else { return [] }
        return formatter.referenceList(cited: lesson.citations.flatMap { $0.items.map(\.key) })
    }

    /// The References section's entry in the sidebar's outline, for a lesson that cites.
    static func outlineEntry(_ lesson: ParsedLesson) -> [OutlineEntry] {
        guard !references(of: lesson).isEmpty, !lesson.document.holdsReferences else { return [] }
        return [OutlineEntry(level: 2, id: referencesAnchor(lesson), html: "References")]
    }

    /// `references`, or `references-1`… when a heading or a callout of the lesson already has it.
    static func referencesAnchor(_ lesson: ParsedLesson) -> String {
        var used = Set<String>()
        for node in lesson.document.nodes {
            if case .heading(_, let anchor, _) = node.kind { used.insert(anchor) }
            if case .callout(let callout, _) = node.kind, let id = callout.id { used.insert(id) }
        }
        var (candidate, n) = ("references", 0)
        while used.contains(candidate) {
            n += 1
            candidate = "references-\(n)"
        }
        return candidate
    }

    /// Entries as a list, each with its anchor, its label ("[1]" in the numeric style) and `after` it.
    static func list(
        _ entries: [ReferenceEntry], scope: AnchorScope = .page, after: (ReferenceEntry) -> String
    ) -> String {
        var html = "<ul class=\"wb-reference-list\">\n"
        for entry in entries {
            html += "<li id=\"\(HTML.escape(scope.id(entry.anchor)))\">"
            if !entry.label.isEmpty {
                html += "<span class=\"wb-reference-label\">" + runs(entry.label, scope: scope) + "</span> "
            }
            html += runs(entry.text, scope: scope) + after(entry) + "</li>\n"
        }
        return html + "</ul>\n"
    }
}

/// `references.html`: every work the course cites, in the style's order, each with links to the lessons citing it.
enum BibliographyPage {
    static let title = "References"

    static let introduction = "Every work the lessons cite, with the lessons that cite it."

    /// The page as the site's search finds it: one section, the introduction and every entry with the lessons
    /// citing it.
    static func searchSections(_ citations: CourseCitations, lessons: [LessonProduct]) -> [SearchSection] {
        let titles = Dictionary(lessons.map { ($0.slug, $0.title) }, uniquingKeysWith: { a, _ in a })
        let entries = citations.referenceList.map { entry in
            let citing = citations.cited.filter { $0.keys.contains(entry.key) }.compactMap { titles[$0.slug] }
            let text = (entry.label + entry.text).map(\.text).joined()
            return citing.isEmpty ? text : text + " Cited in " + citing.joined(separator: ", ") + "."
        }
        let text = SearchText.collapsed(([title, introduction] + entries).joined(separator: " "))
        return [SearchSection(heading: title, anchor: "", text: String(text.prefix(4000)))]
    }

    static func html(_ citations: CourseCitations, lessons: [LessonProduct], assets: AssetLinks) -> String {
        let titles = Dictionary(lessons.map { ($0.slug, $0.title) }, uniquingKeysWith: { a, _ in a })
        let list = CitationHTML.list(citations.referenceList) { entry in
            let citing = citations.cited.filter { $0.keys.contains(entry.key) && titles[$0.slug] != nil }.map {
                "<a href=\"\(HTML.escape($0.slug)).html\">\(HTML.escape(titles[$0.slug]!))</a>"
            }
            return citing.isEmpty
                ? "" : " <span class=\"wb-cited-in\">Cited in " + citing.joined(separator: ", ") + ".</span>"
        }
        return HTMLWriter.document(
            title: title, assets: assets,
            body: """
                <div class="wb-page">
                <aside class="wb-sidebar" id="wb-sidebar" aria-label="Course">\(SiteHTML.sidebarMarker)</aside>
                <div class="wb-content">
                <nav class="wb-nav">\(HTMLWriter.menuButton)<a href="index.html">Course index</a> \(HTMLWriter.themeButton)</nav>
                <main class="wb-lesson">
                <h1>\(title)</h1>
                <p>\(introduction)</p>
                \(list)</main>
                </div>
                </div>

                """)
    }
}

extension CitationFormatter {
    /// A citation of the tree (`Inline.Kind.citation`) as runs of text.
    func inline(_ items: [CitationItem], bracketed: Bool) -> [TextRun] {
        let use = CitationUse(
            items: items, bracketed: bracketed, location: SourceLocation(line: 0, column: 0), byteRange: 0..<0)
        return inline(use.span)
    }
}
