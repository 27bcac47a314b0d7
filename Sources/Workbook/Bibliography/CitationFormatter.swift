import Foundation

/// Citations and reference lists in a style, as format-neutral runs (see docs/lesson-format.md, "Citations",
/// for the rules and examples).
///
/// Numbers and the letters that tell apart one author's works of one year ("Cho et al. 2014a") are fixed by
/// `citationOrder`, the keys in the order they are first cited: pass the whole course's order, so `[3]` and
/// "2014a" mean the same work in every lesson and on the course's bibliography page.
public struct CitationFormatter: Sendable {
    public let style: CitationStyle
    public private(set) var bibliography: Bibliography
    private var numbers: [String: Int] = [:]
    private var suffixes: [String: String] = [:]

    public init(style: CitationStyle, bibliography: Bibliography, citationOrder: [String]) {
        self.style = style
        self.bibliography = bibliography
        for key in citationOrder where bibliography[key] != nil && numbers[key] == nil {
            numbers[key] = numbers.count + 1
        }
        let cited = numbers.keys.sorted { numbers[$0]! < numbers[$1]! }.compactMap { bibliography[$0] }
        let groups = Dictionary(grouping: cited) { Self.authors($0) + "\u{0}" + $0.year }
        for group in groups.values where group.count > 1 {
            let ordered = group.map { (Self.sortText($0.title.plainText), $0.key) }.sorted { $0 < $1 }
            for (i, entry) in ordered.enumerated() { suffixes[entry.1] = Self.letters(i) }
        }
    }

    /// The same style, numbers and letters over `bibliography` (a lesson's own entries over the course's).
    public func with(_ bibliography: Bibliography) -> CitationFormatter {
        var formatter = self
        formatter.bibliography = bibliography
        return formatter
    }

    /// The citation's text: "(Werbos 1990, p. 3)", "Werbos (1990)", "[1, p. 3]", "Werbos [1]". Keys must be
    /// in the bibliography (check them with `Bibliography.diagnostics(for:…)` first); an unknown one shows as `?`.
    public func inline(_ span: CitationSpan) -> [TextRun] {
        var runs: [TextRun] = []
        switch (style, span.form) {
        case (.authorYear, .parenthetical):
            runs.append("(")
            for (i, citation) in span.citations.enumerated() {
                if i > 0 { runs.append("; ") }
                if !citation.prefix.isEmpty { runs.append(citation.prefix + " ") }
                let label =
                    citation.suppressAuthor ? year(citation.key) : author(citation.key) + " " + year(citation.key)
                runs += [TextRun(label, [.reference(citation.key)])]
                if !citation.locator.isEmpty { runs.append(", " + citation.locator) }
            }
            runs.append(")")
        case (.numeric, .parenthetical):
            let plain = span.citations.allSatisfy { $0.prefix.isEmpty && $0.locator.isEmpty }
            runs.append("[")
            for (i, citation) in span.citations.enumerated() {
                if i > 0 { runs.append(plain ? ", " : "; ") }
                if !citation.prefix.isEmpty { runs.append(citation.prefix + " ") }
                runs += [TextRun(number(citation.key), [.reference(citation.key)])]
                if !citation.locator.isEmpty { runs.append(", " + citation.locator) }
            }
            runs.append("]")
        case (_, .narrative):
            guard let citation = span.citations.first else { return [] }
            let locator = citation.locator.isEmpty ? "" : ", " + citation.locator
            let text =
                style == .authorYear
                ? author(citation.key) + " (" + year(citation.key) + locator + ")"
                : author(citation.key) + " [" + number(citation.key) + locator + "]"
            runs.append(TextRun(text, [.reference(citation.key)]))
        }
        return runs
    }

    /// The reference list of the works `cited` (unknown keys and repeats left out): in the author–year style
    /// sorted by the first author's name as cited (von part and last name), first name, the cited authors, then year and letter; in the numeric style by number.
    public func referenceList(cited: [String]) -> [ReferenceEntry] {
        var seen = Set<String>()
        let entries = cited.filter { seen.insert($0).inserted }.compactMap { bibliography[$0] }
        let sorted: [BibEntry]
        switch style {
        case .numeric: sorted = entries.sorted { (numbers[$0.key] ?? .max, $0.key) < (numbers[$1.key] ?? .max, $1.key) }
        case .authorYear:
            sorted = entries.map { ($0, sortKey($0)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
        }
        return sorted.map { entry in
            ReferenceEntry(
                key: entry.key, anchor: ReferenceEntry.anchor(for: entry.key),
                label: style == .numeric ? [TextRun("[" + number(entry.key) + "]")] : [],
                text: ReferenceText.runs(entry, year: year(entry.key)))
        }
    }

    /// "Werbos", "Hochreiter and Schmidhuber", "Cho et al." (three or more authors, or "and others").
    static func authors(_ entry: BibEntry) -> String {
        let names = entry.authors.map(\.citationName)
        switch (names.count, entry.authorsEtAl) {
        case (1, false): return names[0]
        case (2, false): return names[0] + " and " + names[1]
        case (0, _): return "?"
        default: return names[0] + " et al."
        }
    }

    func author(_ key: String) -> String { bibliography[key].map(Self.authors) ?? "?" }

    /// The year and, when needed, its letter: "2014a". In the numeric style the letter is left out (the
    /// number already tells the works apart).
    func year(_ key: String) -> String {
        guard let entry = bibliography[key] else { return "?" }
        return entry.year + (style == .authorYear ? suffixes[key] ?? "" : "")
    }

    func number(_ key: String) -> String { numbers[key].map(String.init) ?? "?" }

    func sortKey(_ entry: BibEntry) -> [String] {
        let first = entry.authors.first
        return [
            Self.sortText(first?.citationName ?? ""), Self.sortText(first?.first ?? ""),
            Self.sortText(Self.authors(entry)), entry.year, suffixes[entry.key] ?? "", entry.key,
        ]
    }

    /// Text compared without case or accents ("Müller" sorts with "Muller").
    static func sortText(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// a, b, …, z, then aa, ab, …
    static func letters(_ index: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(alphabet[index]) : letters(index / 26 - 1) + String(alphabet[index % 26])
    }
}
