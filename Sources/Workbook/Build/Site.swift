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
    ) -> [String: String] {
        let built = lessons.filter { $0.html != nil }
        var pages: [String: String] = [:]
        if let bibliography, let assets {
            let sidebar = SiteHTML.sidebar(built, current: -1, course: course, bibliography: true)
            pages[bibliographyKey] = replacing(
                SiteHTML.sidebarMarker, in: BibliographyPage.html(bibliography, lessons: built, assets: assets),
                with: sidebar)
        }
        for (i, lesson) in built.enumerated() {
            let sidebar = SiteHTML.sidebar(built, current: i, course: course, bibliography: bibliography != nil)
            let pager = SiteHTML.pager(
                previous: i > 0 ? built[i - 1] : nil, next: i + 1 < built.count ? built[i + 1] : nil)
            pages[lesson.slug] = replacing(
                SiteHTML.pagerMarker, in: replacing(SiteHTML.sidebarMarker, in: lesson.html!, with: sidebar),
                with: pager)
        }
        return pages
    }

    /// `html` with every `marker` replaced (a page is large: this works on its UTF-8 bytes, once over them).
    static func replacing(_ marker: String, in html: String, with replacement: String) -> String {
        let bytes = Array(html.utf8)
        let needle = Array(marker.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacement.utf8.count)
        var copied = 0
        while let found = ByteSearch.offset(of: needle, in: bytes[copied...]) {
            out += bytes[copied..<found]
            out += replacement.utf8
            copied = found + needle.count
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}
