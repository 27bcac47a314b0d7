import Foundation

/// The course's bibliography and how its citations read, gathered once per build before the lessons build: every
/// lesson's citations are found first (Parse alone), so that in the numeric style `[3]` means the same work in
/// every lesson and on the bibliography page, and author–year letters ("2014a") agree too.
///
/// A lesson may name BibTeX files of its own in its front matter (`bibliography: chapter.bib`, relative to the
/// lesson, or a list), as a Quarto document does: they are merged with the course's for that lesson, and a key
/// both define is the lesson's entry there. That is Pandoc's rule (of several bibliographies the later one's entry
/// wins) with Quarto's order (a project's `bibliography` list first, then the document's); the bibliography page
/// lists the course's entry.
public struct CourseCitations: Sendable {
    /// The course's bibliography, which every lesson cites from (nil: the course file names none).
    public let bibliography: Bibliography?
    /// The style, over every work the course can cite (the course's, then each lesson's own that the course
    /// lacks), numbered course-wide; each lesson's writers get it over the lesson's own bibliography.
    public let formatter: CitationFormatter
    /// The keys each lesson cites (by slug), in the order cited, for lessons in build order.
    public let cited: [(slug: String, keys: [String])]
    /// What a citing lesson's handouts depend on besides its own text: every .bib file's bytes, the style and the
    /// course's order of first citation. Part of such a lesson's cache key.
    public let digest: String
    /// Each lesson's own bibliography, by slug: its front matter's files merged, over the course's.
    var own: [String: Bibliography] = [:]

    /// The name of the course's bibliography page, in each edition's folder.
    public static let pageName = "references.html"

    /// Reads the course's bibliography and the lessons' own (none at all: nil) and finds every lesson's citations.
    /// The diagnostics are the .bib files', at their lines and columns (a lesson's file that cannot be read, at
    /// its front matter's `bibliography`); a lesson that cannot be read or parsed reports that when it builds.
    static func gather(course: CourseFile, lessons: [(path: String, slug: String)], limits: Limits) -> (
        CourseCitations?, [Diagnostic]
    ) {
        var (sources, diagnostics): ([Bibliography], [Diagnostic]) = ([], [])
        var bytes: [Data] = []
        var courseBibliography: Bibliography?
        if let path = course.bibliography {
            let (bibliography, problems) = Bibliography.load(path: path)
            (sources, diagnostics, courseBibliography) = ([bibliography], problems, bibliography)
            bytes.append(FileManager.default.contents(atPath: path) ?? Data())
        }
        var cited: [(slug: String, keys: [String])] = []
        var own: [String: Bibliography] = [:]
        for lesson in lessons {
            guard let file = try? LessonSource.read(lesson.path, limits: limits) else { continue }
            let (parsed, _) = LessonParser.parse(file, slug: lesson.slug, allowRawHTML: false)
            let keys = parsed?.citations.flatMap { $0.items.map(\.key) } ?? []
            if !keys.isEmpty { cited.append((lesson.slug, keys)) }
            guard let front = parsed?.frontMatter, !front.bibliographies.isEmpty else { continue }
            let (files, problems) = lessonBibliographies(front, of: file)
            diagnostics += problems
            bytes += files.map { FileManager.default.contents(atPath: $0.path) ?? Data() }
            own[lesson.slug] = Bibliography.merged(files.reversed() + (courseBibliography.map { [$0] } ?? []))
            sources += files
        }
        // A lesson whose own files are all missing (reported above) still has its entry, so it is not read again.
        guard !sources.isEmpty || !own.isEmpty else { return (nil, diagnostics) }
        let order = cited.flatMap(\.keys)
        let every = Bibliography.merged(sources)
        let formatter = CitationFormatter(style: course.citationStyle, bibliography: every, citationOrder: order)
        let digest = BuildCache.digest(
            Data((bytes.map(BuildCache.digest) + [course.citationStyle.rawValue] + order).joined(separator: "\u{0}").utf8))
        var citations = CourseCitations(
            bibliography: courseBibliography, formatter: formatter, cited: cited,
            digest: digest)
        citations.own = own
        return (citations, diagnostics)
    }

    /// The .bib files a lesson's front matter names (relative to the lesson), each read once however often it is
    /// named (a file named 300 times was read 300 times: over a minute and 2.4 GB); one that cannot be read is an
    /// error at the front matter's `bibliography`.
    static func lessonBibliographies(_ front: FrontMatter, of file: SourceFile) -> ([Bibliography], [Diagnostic]) {
        let folder = file.path.parentPath
        var (files, diagnostics): ([Bibliography], [Diagnostic]) = ([], [])
        var read: Set<String> = []
        for name in front.bibliographies {
            let path = name.hasPrefix("/") || folder.isEmpty ? name : folder + "/" + name
            guard read.insert(path).inserted else { continue }
            guard FileManager.default.fileExists(atPath: path) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: front.bibliographyLocation,
                        "the front matter names the bibliography '\(name)', but there is no \(path) (a BibTeX file, relative to the lesson)"))
                continue
            }
            let (bibliography, problems) = Bibliography.load(path: path)
            files.append(bibliography)
            diagnostics += problems
        }
        return (files, diagnostics)
    }

    /// The part of `slug`'s cache key that citations make: `digest` when it cites, else nothing (a lesson without
    /// citations is not built again when the .bib file changes).
    func cacheKey(slug: String) -> String { cited.contains { $0.slug == slug } ? digest : "" }

    /// Every work cited anywhere, in the style's order, with the lessons that cite it.
    var referenceList: [ReferenceEntry] { formatter.referenceList(cited: cited.flatMap(\.keys)) }

    /// `lesson` with the formatter its writers use, and its citations checked: an unknown key is an error at its
    /// column with the nearest key suggested; a citation where neither the course nor the lesson names a
    /// bibliography, an error at the first. A lesson built outside a course build (`citations` nil) that names a
    /// bibliography of its own reads it here.
    static func attach(_ citations: CourseCitations?, to lesson: inout ParsedLesson) -> [Diagnostic] {
        guard let first = lesson.citations.first else { return [] }
        var (citations, diagnostics) = (citations, [Diagnostic]())
        if citations == nil, let front = lesson.frontMatter, !front.bibliographies.isEmpty {
            let (files, problems) = lessonBibliographies(front, of: lesson.file)
            let keys = lesson.citations.flatMap { $0.items.map(\.key) }
            let merged = Bibliography.merged(files.reversed())
            var alone = CourseCitations(
                bibliography: nil,
                formatter: CitationFormatter(style: .authorYear, bibliography: merged, citationOrder: keys),
                cited: [(lesson.slug, keys)], digest: "")
            alone.own[lesson.slug] = merged
            (citations, diagnostics) = (alone, problems)
        }
        guard let citations, let bibliography = citations.own[lesson.slug] ?? citations.bibliography else {
            let written = first.items.first.map { "@" + $0.key } ?? "a citation"
            return [
                Diagnostic(
                    .error, in: lesson.file, at: first.location,
                    "\(written) cites a work, but the course names no bibliography: add 'bibliography: refs.bib' "
                        + "(a BibTeX file, relative to it) to the course file, \(CourseFile.name), or to the lesson's front matter")
            ]
        }
        lesson.citationFormatter = citations.formatter.with(bibliography)
        // No file was read (the lesson's own are missing, which is an error at its front matter): its citations
        // are not each an error against nothing.
        guard !bibliography.path.isEmpty else { return diagnostics }
        let unknown = lesson.citations.flatMap(\.items).filter { bibliography[$0.key] == nil }
        guard !unknown.isEmpty else { return diagnostics }
        let near = Suggestions(bibliography.keys)
        return diagnostics + unknown.map { bibliography.unknownKey($0.key, at: $0.location, in: lesson.file, near: near) }
    }
}
