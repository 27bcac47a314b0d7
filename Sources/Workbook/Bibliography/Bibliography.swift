import Foundation

/// The works a course or a lesson can cite, read from a BibTeX file (`bibliography: refs.bib` in the course file or
/// a lesson's front matter). Entries keep the file's order; `subscript(key)` finds one.
///
/// How a document tree uses this folder:
/// 1. `Bibliography.load(path: course.bibliography)` once per build (and per lesson naming its own); any
///    diagnostic fails the build like a lesson's.
/// 2. For each run of prose text (outside code, math and links): `CitationScanner.scan(text)` gives the spans with
///    their columns; `bibliography.diagnostics(for:inRun:at:in:)` reports unknown keys at their columns.
/// 3. Collect every cited key in build order (lessons in order, spans in order) and make one
///    `CitationFormatter(style: course.citationStyle, bibliography:, citationOrder:)` for the whole build.
/// 4. Replace each span by an inline node holding `formatter.inline(span)`; end a lesson that cites with a
///    References section of `formatter.referenceList(cited: keysOfThatLesson)` and the course bibliography page
///    with `referenceList(cited: allKeys)`. The writers render `TextRun`s and their marks, and escape the text.
public struct Bibliography: Sendable, Equatable {
    /// The path diagnostics name.
    public var path: String
    /// The other files `merged` took entries from, named after `path` in diagnostics.
    public var alsoFrom: [String] = []
    public private(set) var entries: [BibEntry]
    private var index: [String: Int]

    public init(path: String, entries: [BibEntry]) {
        self.path = path
        self.entries = entries
        index = Dictionary(entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(key: String) -> BibEntry? { index[key].map { entries[$0] } }

    /// The entries of several bibliographies as one; of entries with the same key, the first's (Pandoc lets the
    /// later of two bibliography files win: pass them last first).
    public static func merged(_ bibliographies: [Bibliography]) -> Bibliography {
        var seen = Set<String>()
        let entries = bibliographies.flatMap(\.entries).filter { seen.insert($0.key).inserted }
        var merged = Bibliography(path: bibliographies.first?.path ?? "", entries: entries)
        var paths = [merged.path]
        for path in bibliographies.dropFirst().flatMap({ [$0.path] + $0.alsoFrom }) where !paths.contains(path) {
            paths.append(path)
        }
        merged.alsoFrom = Array(paths.dropFirst())
        return merged
    }

    public var keys: [String] { entries.map(\.key) }

    /// The largest .bib file read, in MiB.
    public static let maxMB = 8

    /// Reads the .bib file at `path` (at most `maxMB` MiB, UTF-8). Every mistake is a diagnostic at its line and
    /// column; the entries read without one are kept, so a lesson citing them still builds its other citations,
    /// but a caller should treat any diagnostic as a failed build.
    public static func load(path: String) -> (Bibliography, [Diagnostic]) {
        let empty = Bibliography(path: path, entries: [])
        let data: Data
        do {
            data = try LessonFile.read(path, maxMB: maxMB, bound: .fixed("a bibliography"))
        } catch {
            return (empty, [Diagnostic(.error, path: path, "cannot read the bibliography: \(error.description)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (empty, [Diagnostic(.error, path: path, "the bibliography is not UTF-8 text")])
        }
        return parse(SourceFile(path: path, text: text))
    }

    /// The bibliography in `file`'s text; the diagnostics in the order of their places in the file.
    public static func parse(_ file: SourceFile) -> (Bibliography, [Diagnostic]) {
        let (raw, syntaxErrors) = BibTeXReader.read(file)
        var diagnostics = syntaxErrors
        var entries: [BibEntry] = []
        for entry in raw {
            var problems: [(SourceLocation, String)] = []
            let converted = BibEntry(entry, problems: &problems)
            for (location, message) in problems where diagnostics.count < BibTeXReader.Limits.diagnostics {
                diagnostics.append(Diagnostic(.error, in: file, at: location, message))
            }
            if problems.isEmpty { entries.append(converted) }
        }
        let ordered = diagnostics.enumerated().sorted {
            ($0.element.location ?? SourceLocation(line: 0, column: 0), $0.offset)
                < ($1.element.location ?? SourceLocation(line: 0, column: 0), $1.offset)
        }
        return (Bibliography(path: file.path, entries: entries), ordered.map(\.element))
    }
}

extension BibEntry {
    /// `raw`'s fields read; what makes it uncitable (no author, no year, a bad link) goes to `problems`.
    init(_ raw: BibTeXReader.Entry, problems: inout [(SourceLocation, String)]) {
        func field(_ name: String) -> BibTeXReader.Field? { raw.fields.first { $0.name == name } }
        func runs(_ name: String) -> [TextRun] { field(name).map { LaTeXText.runs($0.value) } ?? [] }
        func plain(_ name: String) -> String { field(name).map { LaTeXText.plain($0.value) } ?? "" }
        key = raw.key
        type = raw.type
        location = raw.location
        (authors, authorsEtAl) = ([], false)
        if let people = field("author") ?? field("editor") {
            let split = BibTeXNames.split(people.value)
            (authors, authorsEtAl) = (split.names, split.others)
            for problem in split.problems {
                problems.append(
                    (
                        people.location,
                        "cannot read the name '\(problem)' in '\(raw.key)': a name is 'First von Last', "
                            + "'von Last, First' or 'von Last, Jr, First', names separated by 'and'"
                    ))
            }
        }
        year = plain("year")
        if year.isEmpty, let date = field("date") { year = String(date.value.prefix { $0 != "-" }) }
        title = runs("title")
        container = field("journal") != nil ? runs("journal") : runs("booktitle")
        (volume, number, pages) = (plain("volume"), plain("number"), plain("pages"))
        publisher = runs("publisher")
        note = field("howpublished") != nil ? runs("howpublished") : runs("note")
        url = field("url")?.value
        doi = field("doi")?.value
        check(raw, field: field, problems: &problems)
    }

    private func check(
        _ raw: BibTeXReader.Entry, field: (String) -> BibTeXReader.Field?,
        problems: inout [(SourceLocation, String)]
    ) {
        if authors.isEmpty && field("author") == nil && field("editor") == nil {
            problems.append((location, "the entry '\(key)' has no author or editor (a citation shows the authors)"))
        }
        if year.isEmpty { problems.append((location, "the entry '\(key)' has no year (a citation shows it)")) }
        if title.isEmpty { problems.append((location, "the entry '\(key)' has no title")) }
        if let url, let f = field("url"), !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(" ")
        {
            problems.append((f.location, "the url of '\(key)' must be an http:// or https:// address without spaces"))
        }
        if let doi, let f = field("doi"), !doi.hasPrefix("10.") || doi.contains(" ") {
            problems.append((f.location, "the doi of '\(key)' must be a DOI such as 10.1162/neco.1997.9.8.1735"))
        }
    }
}

extension Bibliography {
    /// An error at its column for each citation in `spans` whose key this bibliography lacks ("did you mean" the
    /// nearest key). The spans were scanned from `run`, whose first character stands at `start` in `file`; a
    /// column after a line break in `run` counts from that line's start.
    public func diagnostics(
        for spans: [CitationSpan], inRun run: String, at start: SourceLocation, in file: SourceFile
    ) -> [Diagnostic] {
        let scalars = Array(run.unicodeScalars)
        var diagnostics: [Diagnostic] = []
        var (location, offset) = (start, 0)
        lazy var near = Suggestions(keys)
        for citation in spans.flatMap(\.citations) where self[citation.key] == nil {
            // Spans come in the order of the text, so the location moves forward only.
            if citation.columns.lowerBound < offset { (location, offset) = (start, 0) }
            while offset < min(citation.columns.lowerBound, scalars.count) {
                location =
                    scalars[offset] == "\n"
                    ? SourceLocation(line: location.line + 1, column: 1)
                    : SourceLocation(line: location.line, column: location.column + 1)
                offset += 1
            }
            diagnostics.append(unknownKey(citation.key, at: location, in: file, near: near))
        }
        return diagnostics
    }

    /// The error for a citation of `key`, which this bibliography lacks, at `location` in `file`, with the nearest
    /// of `near` (made from `keys` once for all of a lesson's citations: 5,000 unknown keys among 5,000 took 48 s).
    func unknownKey(_ key: String, at location: SourceLocation, in file: SourceFile, near: Suggestions) -> Diagnostic {
        Diagnostic(.error, in: file, at: location, "unknown citation key '\(key)': " + whoLacks + near.didYouMean(key))
    }

    /// "refs.bib has no such entry", "neither a.bib nor refs.bib has such an entry", "none of a.bib, b.bib, refs.bib …".
    private var whoLacks: String {
        switch alsoFrom.count {
        case 0: return "\(path) has no such entry"
        case 1: return "neither \(path) nor \(alsoFrom[0]) has such an entry"
        default: return "none of " + ([path] + alsoFrom).joined(separator: ", ") + " has such an entry"
        }
    }
}

extension Bibliography {
    /// The fuzzing front end for .bib files (`Tests/Fuzz/run-fuzzer.sh SECONDS bibtex`, and the replay of
    /// `bibtex-*` inputs): the bytes read as a bibliography, their text scanned for citations, every citation
    /// formatted in both styles. Returns the diagnostics.
    public static func fuzz(_ bytes: [UInt8]) -> [Diagnostic] {
        let text = String(decoding: bytes, as: UTF8.self)
        let (bibliography, diagnostics) = parse(SourceFile(path: "fuzz.bib", text: text))
        let spans = CitationScanner.scan(text)
        for style in CitationStyle.allCases {
            let formatter = CitationFormatter(
                style: style, bibliography: bibliography, citationOrder: spans.flatMap { $0.citations.map(\.key) })
            _ = spans.map(formatter.inline)
            _ = formatter.referenceList(cited: bibliography.keys)
        }
        return diagnostics
    }
}
