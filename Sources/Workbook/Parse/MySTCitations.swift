/// MyST's citation roles (sphinxcontrib-bibtex's, as Jupyter Book writes them) read as Pandoc's citations:
/// `` {cite}`a` `` and `` {cite:p}`a,b` `` (and `{cite:ps}`) are parenthetical, as `[@a; @b]`; `` {cite:t}`a` ``
/// (and `{cite:ts}`) narrative, as `@a` (two keys, `@a, @b`). They go through the bibliography, the reference list
/// and the diagnostics for an unknown key as Pandoc's do; the other `cite` roles (`{cite:year}`, …) are not read.
enum MySTCitations {
    static let parenthetical: Set<String> = ["cite", "cite:p", "cite:ps"]
    static let narrative: Set<String> = ["cite:t", "cite:ts"]

    /// The role `{name}` with its content, written at `at`, as citation inlines and the citations' uses (a
    /// narrative role's keys are one citation each, as `@a, @b`); nil for a role that is no citation, or one
    /// that names no key.
    static func citation(_ name: String, _ content: String, at: SourceLocation, file: SourceFile)
        -> (inlines: [Inline], uses: [CitationUse])?
    {
        let bracketed = parenthetical.contains(name)
        guard bracketed || narrative.contains(name) else { return nil }
        // The keys, each where it stands: after `{name}` and the backtick, at its offset in the content.
        var items: [CitationItem] = []
        var offset = 0
        for part in content.split(separator: ",", omittingEmptySubsequences: false) {
            let lead = part.prefix { $0 == " " }.count
            let key = part.trimmingCharacters(in: .whitespaces)
            if !key.isEmpty {
                let column = at.column + name.count + 3 + offset + lead
                items.append(CitationItem(key: key, location: SourceLocation(line: at.line, column: column)))
            }
            offset += part.count + 1
        }
        guard !items.isEmpty else { return nil }
        let line = file.line(at.line)
        let start = file.byteOffset(ofLine: at.line) + line.prefix(max(0, at.column - 1)).utf8.count
        let bytes = start..<(start + "{\(name)}`\(content)`".utf8.count)
        if bracketed {
            let use = CitationUse(items: items, bracketed: true, location: at, byteRange: bytes)
            return ([Inline(.citation(items, bracketed: true), at: at)], [use])
        }
        var inlines: [Inline] = []
        for (k, item) in items.enumerated() {
            if k > 0 { inlines.append(Inline(.text(", "), at: at)) }
            inlines.append(Inline(.citation([item], bracketed: false), at: item.location))
        }
        return (inlines, items.map { CitationUse(items: [$0], bracketed: false, location: $0.location, byteRange: bytes) })
    }
}
