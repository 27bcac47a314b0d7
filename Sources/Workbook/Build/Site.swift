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
        var html =
            "<input type=\"search\" class=\"wb-search\" placeholder=\"Search the course\" aria-label=\"Search the course\">\n<ol class=\"wb-results\" aria-live=\"polite\"></ol>\n"
        html += "<p class=\"wb-course\"><a href=\"index.html\">\(HTML.escape(course.title ?? "Course handouts"))</a>"
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

    /// `search-index.js`: every section (a lesson's start, then each heading) of every page, as
    /// `window.wbSearch = [{u: "page.html#anchor", t: lesson title, h: heading, x: text}]`, from the pages as
    /// written (so a student edition's index holds what its pages hold, and no more).
    static func searchIndex(_ pages: [(slug: String, title: String, html: String)]) -> String {
        var sections: [[String: String]] = []
        for page in pages {
            guard let start = page.html.range(of: "<main class=\"wb-lesson\">"),
                let end = page.html.range(of: "</main>", range: start.upperBound..<page.html.endIndex)
            else { continue }
            let body = String(page.html[start.upperBound..<end.lowerBound])
            // Sections start at headings with an anchor (`<h2 id="…">`); other tags starting "<h" (`<hr>`) stay inside.
            var parts: [String] = []
            for piece in body.components(separatedBy: "<h") {
                if parts.isEmpty || piece.range(of: #"^[1-6] id=""#, options: .regularExpression) != nil {
                    parts.append(piece)
                } else {
                    parts[parts.count - 1] += "<h" + piece
                }
            }
            var heading = page.title
            var anchor = ""
            for (i, part) in parts.enumerated() {
                var text = i == 0 ? part : "<h" + part
                if i > 0, let match = text.range(of: #"^<h[1-6] id="([^"]+)">"#, options: .regularExpression) {
                    let tag = String(text[match])
                    anchor = String(tag.split(separator: "\"")[1])
                    let close = text.range(of: "</h")?.lowerBound ?? text.endIndex
                    heading = plain(String(text[match.upperBound..<close])).replacingOccurrences(of: " #", with: "")
                    text = String(text[close...])
                }
                let words = plain(text)
                guard !words.isEmpty || i > 0 else { continue }
                sections.append([
                    "u": "\(page.slug).html" + (anchor.isEmpty ? "" : "#" + anchor), "t": page.title, "h": heading,
                    "x": String(words.prefix(4000)),
                ])
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(sections)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return "window.wbSearch = \(json);\n"
    }

    /// Text without tags, scripts, styles or SVG, entities decoded, spaces collapsed.
    static func plain(_ html: String) -> String {
        var text = html
        for pattern in [#"<script\b.*?</script>"#, #"<style\b.*?</style>"#, #"<svg\b.*?</svg>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression, .caseInsensitive])
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
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
