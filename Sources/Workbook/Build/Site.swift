import Foundation

/// What makes the handouts a site: on every lesson page a sidebar listing every lesson (the current one marked,
/// with its table of contents from its headings) under the course's title, author and term, and links to the
/// previous and next lessons. Added after all lessons are built (each lesson's page holds markers for them), so a
/// cached lesson's page is the same bytes whatever the other lessons are.
enum Site {
    static let sidebarMarker = "<!--wb-sidebar-->"
    static let pagerMarker = "<!--wb-pager-->"

    /// Every lesson page with its sidebar and pager.
    static func complete(_ lessons: [LessonProduct], course: CourseFile) -> [String: String] {
        let built = lessons.filter { $0.html != nil }
        var pages: [String: String] = [:]
        for (i, lesson) in built.enumerated() {
            let html = lesson.html!
            let sidebar = self.sidebar(built, current: i, course: course)
            var pager = "<nav class=\"wb-pager\" aria-label=\"Lessons\">"
            if i > 0 {
                pager +=
                    "<a rel=\"prev\" href=\"\(HTML.escape(built[i - 1].slug)).html\">← \(HTML.escape(built[i - 1].title))</a>"
            }
            if i + 1 < built.count {
                pager +=
                    "<a rel=\"next\" href=\"\(HTML.escape(built[i + 1].slug)).html\">\(HTML.escape(built[i + 1].title)) →</a>"
            }
            pager += "</nav>"
            pages[lesson.slug] = html.replacingOccurrences(of: sidebarMarker, with: sidebar)
                .replacingOccurrences(of: pagerMarker, with: pager)
        }
        return pages
    }

    static func sidebar(_ lessons: [LessonProduct], current: Int, course: CourseFile) -> String {
        var html = "<p class=\"wb-course\"><a href=\"index.html\">\(HTML.escape(course.title ?? "Course handouts"))</a>"
        let byline = [course.author, course.term].compactMap { $0 }.map(HTML.escape).joined(separator: " · ")
        if !byline.isEmpty { html += "<br><span class=\"wb-muted\">\(byline)</span>" }
        html += "</p>\n<ol class=\"wb-lessons\">\n"
        for (i, lesson) in lessons.enumerated() {
            let link =
                "<a href=\"\(HTML.escape(lesson.slug)).html\"\(i == current ? " aria-current=\"page\"" : "")>\(HTML.escape(lesson.title))</a>"
            if i == current {
                let toc = contents(lesson.html ?? "")
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
        return html + "</ol>"
    }

    /// The page's second- and third-level headings: level, anchor and inner HTML (math stays for KaTeX).
    static func contents(_ html: String) -> [(level: Int, id: String, html: String)] {
        let pattern = #"<h([23]) id="([^"]+)">(.*?) <a class="wb-anchor""#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return []
        }
        let ns = html as NSString
        return regex.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
            (
                Int(ns.substring(with: m.range(at: 1))) ?? 2, ns.substring(with: m.range(at: 2)),
                ns.substring(with: m.range(at: 3))
            )
        }
    }
}
