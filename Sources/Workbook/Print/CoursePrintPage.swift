import Foundation

/// The page `course.pdf` is printed from: a title page, the contents with each lesson's first page, and every
/// lesson's handout in order, each starting on a new page. A lesson's part is its page's `<main>` and footer,
/// laid out as on its own page. Chromium has no `target-counter`, so the contents' page numbers come from the
/// printed PDF itself: the named destination of each lesson's part (`PDFFile.destinationPages`). Ids are made unique by the
/// lesson's slug, and links to lessons and their sections point inside the document.
enum CoursePrintPage {
    struct Lesson {
        let slug: String
        let title: String
        let page: String
    }

    /// The whole document; `firstPages` are the lessons' first pages (nil: placeholders).
    static func html(_ lessons: [Lesson], course: CourseFile, assets: AssetLinks, firstPages: [Int]?) -> String {
        var body = front(lessons, course: course, firstPages: firstPages)
        let slugs = Set(lessons.map(\.slug))
        for lesson in lessons {
            body +=
                "<section class=\"wb-print-lesson\" id=\"\(HTML.escape(lesson.slug))\">\n"
                + scoped(part(of: lesson.page), slug: lesson.slug, lessons: slugs) + "</section>\n"
        }
        return HTMLWriter.document(title: title(course), assets: assets, body: body)
    }

    static func title(_ course: CourseFile) -> String { course.title ?? "Course handouts" }

    /// The title page and the contents.
    static func front(_ lessons: [Lesson], course: CourseFile, firstPages: [Int]?) -> String {
        let byline = [course.author, course.term].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        var html = """
            <div class="wb-print-title">
            <h1>\(HTML.escape(title(course)))</h1>
            \(byline.isEmpty ? "" : "<p class=\"wb-print-byline\">\(byline)</p>\n")<p class="wb-muted">\(lessons.count) lesson\(lessons.count == 1 ? "" : "s"). Every number in them was computed and checked by RNN Workbook.</p>
            </div>
            <nav class="wb-print-contents" aria-label="Contents">
            <h2>Contents</h2>
            <ol>

            """
        for (i, lesson) in lessons.enumerated() {
            let number = firstPages.map { String($0[i]) } ?? "000"
            html +=
                "<li><a href=\"#\(HTML.escape(lesson.slug))\"><span>\(HTML.escape(lesson.title))</span><span class=\"wb-print-page\">\(number)</span></a></li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    /// A lesson page's `<main>` (as a `<div>`, one `main` per document) and footer.
    static func part(of page: String) -> String {
        guard let start = page.range(of: "<main class=\"wb-lesson\">"),
            let end = page.range(of: "</main>", range: start.upperBound..<page.endIndex)
        else { return "" }
        var html = "<div class=\"wb-lesson\">" + page[start.upperBound..<end.lowerBound] + "</div>\n"
        if let footer = page.range(of: "<footer class=\"wb-footer\">"),
            let close = page.range(of: "</footer>", range: footer.upperBound..<page.endIndex)
        {
            html += page[footer.lowerBound..<close.upperBound] + "\n"
        }
        return html
    }

    /// `html` with every id prefixed by `slug--`, and references to them (`href="#…"`, `url(#…)`,
    /// `aria-labelledby`) and links to lessons of the course (`x.html`, `x.html#part`) pointing inside the document.
    static func scoped(_ html: String, slug: String, lessons: Set<String>) -> String {
        var text = html
        let prefix = slug + "--"
        text = text.replacingOccurrences(of: " id=\"", with: " id=\"" + prefix)
        text = text.replacingOccurrences(of: "href=\"#", with: "href=\"#" + prefix)
        text = text.replacingOccurrences(of: "url(#", with: "url(#" + prefix)
        text = text.replacingOccurrences(of: "aria-labelledby=\"", with: "aria-labelledby=\"" + prefix)
        let pattern = #"href="([A-Za-z0-9._-]+)\.html(#[^"]*)?""#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let ns = text as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let target = ns.substring(with: match.range(at: 1))
            guard lessons.contains(target) else { continue }
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            let anchor =
                match.range(at: 2).location == NSNotFound
                ? target : target + "--" + ns.substring(with: match.range(at: 2)).dropFirst()
            out += "href=\"#\(anchor)\""
            last = match.range.location + match.range.length
        }
        return out + ns.substring(from: last)
    }
}
