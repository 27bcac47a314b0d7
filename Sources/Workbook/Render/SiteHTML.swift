/// The HTML that makes the handouts a site (`Build/Site.swift` decides where it goes): the sidebar and the pager
/// every lesson page gets in place of its markers.
enum SiteHTML {
    static let sidebarMarker = "<!--wb-sidebar-->"
    static let pagerMarker = "<!--wb-pager-->"

    /// The sidebar: the search field, the course's title and byline, every lesson (the current one with its
    /// outline; none current: -1), the bibliography page's link.
    static func sidebar(_ lessons: [LessonProduct], current: Int, course: CourseFile, bibliography: Bool = false)
        -> String
    {
        var html =
            "<input type=\"search\" class=\"wb-search\" placeholder=\"Search the course\" aria-label=\"Search the course\">\n<ol class=\"wb-results\" aria-live=\"polite\"></ol>\n"
        html += "<p class=\"wb-course\"><a href=\"index.html\">\(HTML.escape(course.title ?? "Course handouts"))</a>"
        let byline = [course.author, course.term].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        if !byline.isEmpty { html += "<br><span class=\"wb-muted\">\(byline)</span>" }
        html += "</p>\n<ol class=\"wb-lessons\">\n"
        for (i, lesson) in lessons.enumerated() {
            let link =
                "<a href=\"\(HTML.escape(lesson.slug)).html\"\(i == current ? " aria-current=\"page\"" : "")>\(HTML.escape(lesson.title))</a>"
            if i == current {
                let toc = lesson.outline
                html += "<li class=\"wb-current\">\(link)"
                if !toc.isEmpty {
                    html +=
                        "\n<ol class=\"wb-toc\">\n"
                        + toc.map { "<li class=\"wb-toc-\($0.level)\"><a href=\"#\($0.id)\">\($0.html)</a></li>\n" }
                        .joined()
                        + "</ol>"
                }
                html += "</li>\n"
            } else {
                html += "<li>\(link)</li>\n"
            }
        }
        html += "</ol>"
        if bibliography {
            let current = current < 0 ? " aria-current=\"page\"" : ""
            html += "\n<p class=\"wb-bibliography\"><a href=\"\(CourseCitations.pageName)\"\(current)>References</a></p>"
        }
        return html
    }

    /// Links to the previous and next lessons.
    static func pager(previous: LessonProduct?, next: LessonProduct?) -> String {
        var pager = "<nav class=\"wb-pager\" aria-label=\"Lessons\">"
        if let previous {
            pager += "<a rel=\"prev\" href=\"\(HTML.escape(previous.slug)).html\">← \(HTML.escape(previous.title))</a>"
        }
        if let next {
            pager += "<a rel=\"next\" href=\"\(HTML.escape(next.slug)).html\">\(HTML.escape(next.title)) →</a>"
        }
        return pager + "</nav>"
    }
}
