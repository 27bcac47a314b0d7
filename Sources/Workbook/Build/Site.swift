import Foundation

/// What makes the handouts a site: on every lesson page a sidebar listing every lesson (the current one marked,
/// with its table of contents from its headings) under the course's title, author and term, and links to the
/// previous and next lessons. Added after all lessons are built (each lesson's page holds markers for them), so a
/// cached lesson's page is the same bytes whatever the other lessons are.
enum Site {
    static let sidebarMarker = "<!--wb-sidebar-->"
    static let pagerMarker = "<!--wb-pager-->"

    /// The key of the course's bibliography page among the pages `complete` returns (no lesson slug has a slash).
    static let bibliographyKey = "/references"

    /// Every lesson page with its sidebar and pager; with `bibliography`, its page too (under `bibliographyKey`),
    /// linked from every sidebar.
    static func complete(
        _ lessons: [LessonProduct], course: CourseFile, bibliography: CourseCitations? = nil,
        assets: AssetLinks? = nil
    ) -> [String: String] {
        let built = lessons.filter { $0.html != nil }
        var pages: [String: String] = [:]
        if let bibliography, let assets {
            let sidebar = self.sidebar(built, current: -1, course: course, bibliography: true)
            pages[bibliographyKey] = replacing(
                sidebarMarker, in: BibliographyPage.html(bibliography, lessons: built, assets: assets), with: sidebar)
        }
        for (i, lesson) in built.enumerated() {
            let html = lesson.html!
            let sidebar = self.sidebar(built, current: i, course: course, bibliography: bibliography != nil)
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
            pages[lesson.slug] = replacing(pagerMarker, in: replacing(sidebarMarker, in: html, with: sidebar), with: pager)
        }
        return pages
    }

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

    /// `search-index.js`: every section (a page's start, then each heading with an anchor) of every page, as
    /// `window.wbSearch = [{u: "page.html#anchor", t: page title, h: heading, x: text}]`, from the lessons' trees
    /// (`SearchText`: a student edition's index holds what its pages hold, and no more).
    static func searchIndex(_ pages: [(slug: String, title: String, sections: [SearchSection])]) -> String {
        var sections: [[String]] = []
        for page in pages {
            for section in page.sections {
                let url = "\(page.slug).html" + (section.anchor.isEmpty ? "" : "#" + section.anchor)
                sections.append([section.heading, page.title, url, section.text])
            }
        }
        return "window.wbSearch = \(json(sections, keys: ["h", "t", "u", "x"]));\n"
    }

    /// Objects of string values under `keys` (sorted), as JSON, in the bytes JSONEncoder writes with sorted keys and
    /// slashes unescaped. Written directly: JSONEncoder's containers and boxes per value were the larger part of
    /// the index's cost (a page of 100,000 headings: 2.2 s of CPU, 41% of it in the encoder).
    static func json(_ objects: [[String]], keys: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, values) in objects.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            for (k, (key, value)) in zip(keys, values).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendJSONString(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` quoted: `"` and `\\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as is.
    private static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case ..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Where `needle` first stands in `bytes`.
    private static func offset(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = bytes.startIndex
        while i + needle.count <= bytes.endIndex {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// `html` with every `marker` replaced (a page is large: this works on its UTF-8 bytes, once over them).
    static func replacing(_ marker: String, in html: String, with replacement: String) -> String {
        let bytes = Array(html.utf8)
        let needle = Array(marker.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacement.utf8.count)
        var copied = 0
        while let found = offset(of: needle, in: bytes[copied...]) {
            out += bytes[copied..<found]
            out += replacement.utf8
            copied = found + needle.count
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}
