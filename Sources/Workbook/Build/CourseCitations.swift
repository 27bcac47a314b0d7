import Foundation

/// The course's bibliography and how its citations read, gathered once per build before the lessons build: every
/// lesson's citations are found first (Parse alone), so that in the numeric style `[3]` means the same work in
/// every lesson and on the bibliography page, and author–year letters ("2014a") agree too.
public struct CourseCitations: Sendable {
    public let bibliography: Bibliography
    public let formatter: CitationFormatter
    /// The keys each lesson cites (by slug), in the order cited, for lessons in build order.
    public let cited: [(slug: String, keys: [String])]
    /// What a citing lesson's handouts depend on besides its own text: the .bib file's bytes, the style and the
    /// course's order of first citation. Part of such a lesson's cache key.
    public let digest: String

    /// The name of the course's bibliography page, in each edition's folder.
    public static let pageName = "references.html"

    /// Reads the course's bibliography (none: nil) and finds every lesson's citations. The diagnostics are the
    /// .bib file's, at its lines and columns; a lesson that cannot be read or parsed reports that when it builds.
    static func gather(course: CourseFile, lessons: [(path: String, slug: String)], limits: Limits) -> (
        CourseCitations?, [Diagnostic]
    ) {
        guard let path = course.bibliography else { return (nil, []) }
        let (bibliography, diagnostics) = Bibliography.load(path: path)
        var cited: [(slug: String, keys: [String])] = []
        for lesson in lessons {
            guard let file = try? LessonSource.read(lesson.path, limits: limits) else { continue }
            let (parsed, _) = LessonParser.parse(file, slug: lesson.slug, allowRawHTML: false)
            let keys = parsed?.citations.flatMap { $0.items.map(\.key) } ?? []
            if !keys.isEmpty { cited.append((lesson.slug, keys)) }
        }
        let order = cited.flatMap(\.keys)
        let formatter = CitationFormatter(
            style: course.citationStyle, bibliography: bibliography, citationOrder: order)
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        let digest = BuildCache.digest(
            Data(([BuildCache.digest(bytes), course.citationStyle.rawValue] + order).joined(separator: "\u{0}").utf8))
        return (
            CourseCitations(bibliography: bibliography, formatter: formatter, cited: cited, digest: digest), diagnostics
        )
    }

    /// The part of `slug`'s cache key that citations make: `digest` when it cites, else nothing (a lesson without
    /// citations is not built again when the .bib file changes).
    func cacheKey(slug: String) -> String { cited.contains { $0.slug == slug } ? digest : "" }

    /// Every work cited anywhere, in the style's order, with the lessons that cite it.
    var referenceList: [ReferenceEntry] { formatter.referenceList(cited: cited.flatMap(\.keys)) }

    /// `lesson` with the formatter its writers use, and its citations checked: an unknown key is an error at its
    /// column with the nearest key suggested; a citation in a course without a bibliography, an error at the first.
    static func attach(_ citations: CourseCitations?, to lesson: inout ParsedLesson) -> [Diagnostic] {
        guard let first = lesson.citations.first else { return [] }
        guard let citations else {
            let written = first.items.first.map { "@" + $0.key } ?? "a citation"
            return [
                Diagnostic(
                    .error, in: lesson.file, at: first.location,
                    "\(written) cites a work, but the course names no bibliography: add 'bibliography: refs.bib' "
                        + "(a BibTeX file, relative to it) to the course file, \(CourseFile.name)")
            ]
        }
        lesson.citationFormatter = citations.formatter
        let bibliography = citations.bibliography
        return lesson.citations.flatMap(\.items).filter { bibliography[$0.key] == nil }.map {
            bibliography.unknownKey($0.key, at: $0.location, in: lesson.file)
        }
    }
}
