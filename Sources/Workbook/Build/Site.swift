import Foundation

/// What makes the handouts a site: on every lesson page a sidebar listing every lesson (the current one marked,
/// with its table of contents from its headings) under the course's title, author and term, and links to the
/// previous and next lessons. Added after all lessons are built (each lesson's page holds markers for them), so a
/// cached lesson's page is the same bytes whatever the other lessons are. The build decides what goes where;
/// `Render/SiteHTML.swift` writes it.
enum Site {
    /// The key of the course's bibliography page among the pages `complete` returns (no lesson slug has a slash).
    static let bibliographyKey = "/references"

    /// Every lesson page with its sidebar and pager; with `bibliography`, its page too (under `bibliographyKey`),
    /// linked from every sidebar.
    static func complete(
        _ lessons: [LessonProduct], course: CourseFile, bibliography: CourseCitations? = nil,
        assets: AssetLinks? = nil
    ) -> [String: [UInt8]] {
        let built = lessons.filter { $0.html != nil }
        var pages: [String: [UInt8]] = [:]
        if let bibliography, let assets {
            let sidebar = SiteHTML.sidebar(built, current: -1, course: course, bibliography: true)
            pages[bibliographyKey] = replacing(
                [(SiteHTML.sidebarMarker, sidebar)], in: BibliographyPage.html(bibliography, lessons: built, assets: assets))
        }
        for (i, lesson) in built.enumerated() {
            let sidebar = SiteHTML.sidebar(built, current: i, course: course, bibliography: bibliography != nil)
            let pager = SiteHTML.pager(
                previous: i > 0 ? built[i - 1] : nil, next: i + 1 < built.count ? built[i + 1] : nil)
            pages[lesson.slug] = replacing(
                [(SiteHTML.sidebarMarker, sidebar), (SiteHTML.pagerMarker, pager)], in: lesson.html!)
        }
        return pages
    }

    /// The UTF-8 bytes of `html` with every occurrence of each marker replaced by its text. A page is large
    /// (megabytes for a long lesson): it is searched once per marker and copied once, into the bytes the file gets.
    static func replacing(_ replacements: [(marker: String, text: String)], in html: String) -> [UInt8] {
        var html = html
        return html.withUTF8 { bytes in
            var hits: [(at: Int, length: Int, text: String)] = []
            for (marker, text) in replacements {
                let needle = Array(marker.utf8)
                var from = 0
                while let at = ByteSearch.offset(of: needle, in: bytes, from: from) {
                    hits.append((at, needle.count, text))
                    from = at + needle.count
                }
            }
            hits.sort { $0.at < $1.at }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + hits.reduce(0) { $0 + $1.text.utf8.count })
            var copied = 0
            // Markers do not overlap (each is a whole comment); one inside another's span is skipped.
            for hit in hits where hit.at >= copied {
                out += bytes[copied..<hit.at]
                out += hit.text.utf8
                copied = hit.at + hit.length
            }
            out += bytes[copied...]
            return out
        }
    }
}
