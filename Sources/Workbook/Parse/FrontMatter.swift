/// A lesson's front matter, as Hugo, Jekyll, Quarto, Jupyter Book and Obsidian write it: a YAML block between
/// `---` lines at the very top (closed by `---` or `...`), or Hugo's TOML between `+++` lines (read as far as
/// simple `key = value` lines go). What the workbook uses: the title block (`title`, `subtitle`, `author`,
/// `date`, `description`), `draft`, the lesson order (`weight` or `order`), `edition: instructor`,
/// `bibliography` and `slides`; the keys other tools use are accepted quietly, any other key is a warning naming it.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var subtitle: String?
    public var author: String?
    public var date: String?
    public var description: String?
    /// `draft: true`: left out of the build unless `--drafts`.
    public var draft = false
    /// `weight` or `order`: lessons with one come first, in increasing order; the others keep their file order.
    public var order: Double?
    /// `edition: instructor`: the whole lesson is in the instructor edition only.
    public var instructorOnly = false
    /// `bibliography`: BibTeX files (one, or a list), relative to the lesson; merged with the course's.
    public var bibliographies: [String] = []
    /// Where the `bibliography` value stands.
    public var bibliographyLocation: SourceLocation?
    /// `slides: true`: the lesson gets a slide deck too (`Output/<lesson>.slides.html`); nil: as the course says.
    public var slides: Bool?
    /// The lines the block takes, delimiters included (1-based, inclusive).
    public var lines: ClosedRange<Int> = 1...1

    /// Whether anything of the title block is given.
    public var hasTitleBlock: Bool { [title, subtitle, author, date, description].contains { $0 != nil } }

    static let usedKeys = [
        "title", "subtitle", "author", "date", "description", "draft", "weight", "order", "edition", "bibliography",
        "slides",
    ]
    /// Keys of Hugo, Jekyll, Quarto, Jupyter Book (MyST) and Obsidian that mean nothing here and are accepted quietly.
    static let quietKeys: Set<String> = [
        "katex", "math", "mathjax", "tags", "categories", "slug", "layout", "jupyter", "format", "aliases", "keywords",
        "summary", "lastmod", "publishDate", "expiryDate", "toc", "type", "url", "permalink", "published", "lang",
        "language", "kernelspec", "jupytext", "execute", "filters", "number-sections", "image", "cover", "series",
        "menu", "sidebar", "nav_order", "parent", "has_children", "excerpt", "comments", "share", "cssclass",
        "cssclasses", "tocdepth", "abstract", "editor", "engine", "knitr", "code-fold", "highlight-style", "theme",
        "authors", "affiliations", "license", "copyright", "citation", "csl", "link-citations", "reference-section-title",
        "header-includes", "documentclass", "geometry", "fontsize", "papersize", "linkcolor", "status", "created",
        "updated", "modified", "id", "alias", "publish", "hide", "showToc", "weight_", "mystnb", "myst", "exports",
        "downloads", "github", "venue", "subject", "short_title", "thumbnail", "banner", "draft_", "linkTitle",
        "headless", "outputs", "resources", "build", "markup", "notes",
    ]

    /// The front matter at the top of `file`, if it has one, and what is wrong in it.
    static func read(_ file: SourceFile) -> (FrontMatter?, [Diagnostic]) {
        // Every lesson is asked (by the build and by Parse): one without an opening line costs no split into lines.
        let start = file.text.drop { $0 == "\u{FEFF}" || $0 == " " || $0 == "\t" }
        guard start.hasPrefix("---") || start.hasPrefix("+++") else { return (nil, []) }
        // Swift reads CRLF as one character, which is not "\n": split at either.
        let lines = file.text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let first = lines.first.map({ $0.drop { $0 == "\u{FEFF}" } }) else { return (nil, []) }
        let opening = String(first).trimmingSpaces
        guard opening == "---" || opening == "+++" else { return (nil, []) }
        let closers = opening == "---" ? ["---", "..."] : ["+++"]
        guard let end = lines.indices.dropFirst().first(where: { closers.contains(String(lines[$0]).trimmingSpaces) }) else {
            return (nil, [])
        }
        // A thematic break followed by text is Markdown: front matter starts with a key. Two rules with nothing
        // between them are two thematic breaks too, as CommonMark says (Jekyll's empty front matter is not read).
        let body = lines[1..<end]
        let firstLine = body.first { !String($0).trimmingSpaces.isEmpty }.map { String($0).trimmingSpaces }
        guard let firstLine, Self.looksLikeKey(firstLine, toml: opening == "+++") else { return (nil, []) }
        var front = FrontMatter()
        front.lines = 1...(end + 1)
        let text = body.joined(separator: "\n")
        var diagnostics: [Diagnostic] = []
        let pairs = opening == "---" ? yamlPairs(text, file, &diagnostics) : tomlPairs(body, file, &diagnostics)
        for pair in pairs { front.take(pair, file, &diagnostics) }
        return (front, diagnostics)
    }

    private static func looksLikeKey(_ line: String, toml: Bool) -> Bool {
        if line.hasPrefix("#") { return true }
        let separator: Character = toml ? "=" : ":"
        guard let at = line.firstIndex(of: separator) else { return toml && line.hasPrefix("[") }
        let key = String(line[..<at]).trimmingSpaces
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "_-.\"'".contains($0) }
    }

    /// One key's value, as text (lists joined with ", ": several authors), with where it stands.
    struct Pair {
        var key: String
        var keyLocation: SourceLocation
        var value: String?
        var valueLocation: SourceLocation
        /// A list's items as text (`bibliography: [a.bib, b.bib]`); empty for a scalar.
        var items: [String] = []
        /// A mapping's keys (`format: {html: …, revealjs: …}`); empty for anything else.
        var keys: [String] = []
    }

    private static func yamlPairs(_ text: String, _ file: SourceFile, _ diagnostics: inout [Diagnostic]) -> [Pair] {
        let root: ConfigNode?
        do {
            root = try ConfigNode.parse(text, firstLine: 2, columnOffset: 0, file: file, what: "the front matter")
        } catch {
            diagnostics.append(error)
            return []
        }
        guard case .map(let entries, _)? = root else {
            if let root {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: root.location, "front matter is 'key: value' lines (YAML), e.g. 'title: RNNs'"))
            }
            return []
        }
        return entries.map { entry in
            var pair = Pair(
                key: entry.key, keyLocation: entry.keyLocation, value: Self.text(entry.value),
                valueLocation: entry.value.location)
            if case .list(let items, _) = entry.value { pair.items = items.compactMap { Self.text($0) } }
            if case .map(let pairs, _) = entry.value { pair.keys = pairs.map(\.key) }
            return pair
        }
    }

    /// A scalar's text, a list of scalars joined with ", " (or each item's `name`, as Quarto lists authors).
    private static func text(_ node: ConfigNode) -> String? {
        switch node {
        case .scalar(let text, _, _): return text
        case .list(let items, _):
            let names = items.compactMap { item -> String? in
                if case .map(let pairs, _) = item { return pairs.first { $0.key == "name" }.flatMap { text($0.value) } }
                return text(item)
            }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        case .map(let pairs, _): return pairs.first { $0.key == "name" }.flatMap { text($0.value) }
        }
    }

    /// Hugo's TOML as far as simple keys go: `key = "text"`, `key = 'text'`, numbers, booleans, dates and arrays of
    /// strings; tables (`[params]`) and what follows them are skipped. (A site's `hugo.toml` too: the title
    /// `workbook import` gives a course.)
    static func tomlPairs(_ body: ArraySlice<Substring>, _ file: SourceFile, _ diagnostics: inout [Diagnostic])
        -> [Pair]
    {
        var pairs: [Pair] = []
        for (offset, raw) in body.enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[") { break }
            let number = offset + 2
            guard let equals = line.firstIndex(of: "=") else {
                diagnostics.append(
                    Diagnostic(
                        .warning, in: file, at: SourceLocation(line: number, column: 1),
                        "front matter in TOML is 'key = value' lines; this line is left out"))
                continue
            }
            let key = String(line[..<equals]).trimmingSpaces
            let valueColumn = line.distance(from: line.startIndex, to: equals) + 2
            let value = String(line[line.index(after: equals)...]).trimmingSpaces
            var pair = Pair(
                key: key.trimmingCharacters(in: ["\"", "'"]),
                keyLocation: SourceLocation(line: number, column: 1 + line.prefix { $0 == " " }.count),
                value: tomlValue(value), valueLocation: SourceLocation(line: number, column: valueColumn))
            if value.hasPrefix("["), value.hasSuffix("]") {
                pair.items = value.dropFirst().dropLast().split(separator: ",").map {
                    String($0).trimmingSpaces.trimmingCharacters(in: ["\"", "'"])
                }
            }
            pairs.append(pair)
        }
        return pairs
    }

    private static func tomlValue(_ text: String) -> String {
        if text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q {
            return String(text.dropFirst().dropLast())
        }
        if text.hasPrefix("["), text.hasSuffix("]") {
            return text.dropFirst().dropLast().split(separator: ",").map {
                String($0).trimmingSpaces.trimmingCharacters(in: ["\"", "'"])
            }.joined(separator: ", ")
        }
        return text
    }

    private mutating func take(_ pair: Pair, _ file: SourceFile, _ diagnostics: inout [Diagnostic]) {
        func problem(_ message: String) {
            diagnostics.append(Diagnostic(.error, in: file, at: pair.valueLocation, message))
        }
        let value = pair.value
        switch pair.key {
        case "title": title = value
        case "subtitle": subtitle = value
        case "author", "authors": author = value
        case "date": date = value
        case "description": description = value
        case "bibliography":
            bibliographies = pair.items.isEmpty ? (value.map { [$0] } ?? []) : pair.items
            bibliographyLocation = pair.valueLocation
        case "slides":
            switch value?.lowercased() {
            case "true", "yes": slides = true
            case "false", "no": slides = false
            default: problem("'slides' is true (the lesson gets a slide deck too) or false; got '\(value ?? "")'")
            }
        case "format":
            // Quarto's presentations: `format: revealjs`, or a revealjs entry among the formats. `slides:` wins.
            if slides == nil, value == "revealjs" || pair.keys.contains("revealjs") { slides = true }
        case "draft":
            switch value?.lowercased() {
            case "true", "yes": draft = true
            case "false", "no": draft = false
            default: problem("'draft' is true or false; got '\(value ?? "")'")
            }
        case "weight", "order":
            if let value, let number = Double(value), number.isFinite {
                order = number
            } else {
                problem("'\(pair.key)' is a number that orders the lessons (smaller first); got '\(value ?? "")'")
            }
        case "edition":
            if value == "instructor" {
                instructorOnly = true
            } else if value != "all" {
                problem("'edition' is 'instructor' (the lesson is in the instructor edition only) or 'all'; got '\(value ?? "")'")
            }
        default:
            guard !Self.quietKeys.contains(pair.key) else { return }
            diagnostics.append(
                Diagnostic(
                    .warning, in: file, at: pair.keyLocation,
                    "front matter key '\(pair.key)' means nothing to the workbook and is left out"
                        + didYouMean(pair.key, among: Self.usedKeys) + "; it uses "
                        + Self.usedKeys.joined(separator: ", ")))
        }
    }

    /// The file with the front matter's bytes turned to spaces (newlines kept), so that every later position —
    /// line, column, byte offset — is the same as in the lesson, and Markdown sees blank lines there.
    func blanked(_ file: SourceFile) -> SourceFile {
        let end = file.byteOffset(ofLine: lines.upperBound + 1)
        var bytes = file.bytes
        for i in 0..<min(end, bytes.count) where bytes[i] != UInt8(ascii: "\n") && bytes[i] != UInt8(ascii: "\r") {
            bytes[i] = UInt8(ascii: " ")
        }
        return SourceFile(path: file.path, text: String(decoding: bytes, as: UTF8.self))
    }
}
