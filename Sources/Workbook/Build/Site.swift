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

    /// `search-index.js`: every section (a lesson's start, then each heading) of every page, as
    /// `window.wbSearch = [{u: "page.html#anchor", t: lesson title, h: heading, x: text}]`, from the pages as
    /// written (so a student edition's index holds what its pages hold, and no more).
    static func searchIndex(_ pages: [(slug: String, title: String, html: String)]) -> String {
        var sections: [[String]] = []
        for page in pages {
            let html = Array(page.html.utf8)
            let open = Array("<main class=\"wb-lesson\">".utf8)
            guard let start = offset(of: open, in: html[...]),
                let end = offset(of: Array("</main>".utf8), in: html[(start + open.count)...])
            else { continue }
            let body = Array(html[(start + open.count)..<end])
            // Sections start at headings with an anchor (`<h2 id="…">`); other tags starting "<h" (`<hr>`) stay inside.
            let starts = [0] + body.indices.filter { startsAnchoredHeading(body, at: $0) }
            var heading = page.title
            var anchor = ""
            for (i, from) in starts.enumerated() {
                let to = i + 1 < starts.count ? starts[i + 1] : body.count
                var textStart = from
                if i > 0, let (id, content) = headingTag(body, at: from, end: to) {
                    anchor = id
                    let close = offset(of: Array("</h".utf8), in: body[content..<to]) ?? to
                    // The heading's text ends at its anchor link (whose `#` is no part of it).
                    let textEnd = offset(of: anchorLink, in: body[content..<close]) ?? close
                    heading = plain(text(body[content..<textEnd]))
                    textStart = close
                }
                let words = plain(text(body[textStart..<to]))
                guard !words.isEmpty || i > 0 else { continue }
                sections.append([
                    heading, page.title, "\(page.slug).html" + (anchor.isEmpty ? "" : "#" + anchor),
                    String(words.prefix(4000)),
                ])
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

    /// Whether `<hN id="` (N from 1 to 6) starts at `i`.
    private static func startsAnchoredHeading(_ bytes: [UInt8], at i: Int) -> Bool {
        i + 8 <= bytes.count && bytes[i] == UInt8(ascii: "<") && bytes[i + 1] == UInt8(ascii: "h")
            && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[i + 2])
            && bytes[(i + 3)..<(i + 8)].elementsEqual(" id=\"".utf8)
    }

    /// The id of the heading tag `<hN id="…">` at `from` (before `end`), and where its content starts; nil when
    /// the tag is not written that way.
    private static func headingTag(_ bytes: [UInt8], at from: Int, end: Int) -> (id: String, content: Int)? {
        let idStart = from + 8
        guard let quote = bytes[idStart..<end].firstIndex(of: UInt8(ascii: "\"")), quote > idStart,
            quote + 1 < end, bytes[quote + 1] == UInt8(ascii: ">")
        else { return nil }
        return (String(decoding: bytes[idStart..<quote], as: UTF8.self), quote + 2)
    }

    /// Where `needle` first stands in `bytes`.
    private static func offset(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        // memchr for the first byte, memcmp for the rest (vectorised in glibc): a byte-by-byte loop over
        // slices was 4% of building a 1 MB page.
        return bytes.withUnsafeBytes { haystack -> Int? in
            needle.withUnsafeBytes { pattern -> Int? in
                let base = haystack.baseAddress!
                var from = 0
                while haystack.count - from >= pattern.count,
                    let hit = memchr(base + from, Int32(pattern[0]), haystack.count - from - pattern.count + 1)
                {
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 { return bytes.startIndex + at }
                    from = at + 1
                }
                return nil
            }
        }
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

    /// Text without tags, scripts, styles or SVG, entities decoded, spaces collapsed. Called for every section
    /// of every page, so the tags and spaces are taken out in one pass each rather than by regular expressions
    /// (whose set-up cost made a page of many headings slow).
    static func plain(_ html: String) -> String {
        var text = html
        // Each of the three starts `<s` (or `<S`).
        let utf8 = Array(text.utf8)
        if utf8.indices.dropLast().contains(where: { utf8[$0] == UInt8(ascii: "<") && utf8[$0 + 1] | 0x20 == UInt8(ascii: "s") }) {
            for regex in scriptsStylesAndSVG { text = replacing(regex, in: text, with: " ") }
        }
        return collapsingSpaces(decodingEntities(withoutTags(text)))
    }

    /// Scripts, styles and SVG (each on one line: `.` stops at a newline), compiled once.
    private static let scriptsStylesAndSVG = [#"<script\b.*?</script>"#, #"<style\b.*?</style>"#, #"<svg\b.*?</svg>"#]
        .map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    private static func replacing(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
    }

    /// Each `<…>` as a space (a `<` that no `>` follows stays).
    private static func withoutTags(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var closes = true
        var i = 0
        while i < scalars.count {
            if scalars[i] == "<", closes {
                if let close = scalars[(i + 1)...].firstIndex(of: ">") {
                    out.append(" ")
                    i = close + 1
                    continue
                }
                closes = false
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    /// Each run of white space (Unicode's White_Space, which is what ICU's `\s` matches) as one space, none at
    /// either end.
    private static func collapsingSpaces(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }

    /// `&lt;`, `&gt;`, `&quot;`, `&#39;` and `&amp;` (the entities the writers use) as their characters.
    private static func decodingEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let entities: [(String, Character)] = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            if let (entity, character) = entities.first(where: { rest.hasPrefix($0.0) }) {
                out.append(character)
                rest = rest.dropFirst(entity.count)
            } else {
                out.append("&")
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    /// What starts a heading's anchor link, after its text.
    private static let anchorLink = Array(#" <a class="wb-anchor""#.utf8)

    /// UTF-8 bytes as a string (through a buffer: a slice itself takes String's slow path, element by element).
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
