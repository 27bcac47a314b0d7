/// MyST's citation roles (sphinxcontrib-bibtex's, as Jupyter Book writes them) read as Pandoc's citations:
/// `` {cite}`a` `` and `` {cite:p}`a,b` `` (and `{cite:ps}`) are parenthetical, as `[@a; @b]`; `` {cite:t}`a` ``
/// (and `{cite:ts}`) narrative, as `@a` (two keys, `@a, @b`). They go through the bibliography, the reference list
/// and the diagnostics for an unknown key as Pandoc's do; the other `cite` roles (`{cite:year}`, …) are not read.
enum MySTCitations {
    static let parenthetical: Set<String> = ["cite", "cite:p", "cite:ps"]
    static let narrative: Set<String> = ["cite:t", "cite:ts"]

    /// The role `{name}` with its content, written at `at` (its bytes `written`, when found, located by `cursor`),
    /// as citation inlines and the citations' uses (a narrative role's keys are one citation each, as `@a, @b`);
    /// nil for a role that is no citation, or one that names no key.
    static func citation(
        _ name: String, _ content: String, at: SourceLocation, written: WrittenRole?, _ cursor: inout LocationCursor
    ) -> (inlines: [Inline], uses: [CitationUse])? {
        let bracketed = parenthetical.contains(name)
        guard bracketed || narrative.contains(name) else { return nil }
        let keys = content.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        guard !keys.isEmpty else { return nil }
        // Each key where it is written (at the role when the role was not found in the source).
        let offsets = written?.offsets(of: keys, in: cursor.file)
        let items = keys.indices.map { k in
            CitationItem(key: keys[k], location: offsets.map { cursor.location(ofByte: $0[k]) } ?? at)
        }
        let bytes = written?.bytes ?? 0..<0
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
