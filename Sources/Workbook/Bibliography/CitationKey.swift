/// What a citation key may be, Pandoc's rule: it starts with a letter, a digit or `_`, and holds letters, digits,
/// `_` and internal punctuation `:.#$%&-+?<>~/` (punctuation followed by a letter, digit or `_`, so
/// `@werbos1990.` ends before the full stop). The .bib reader refuses keys that could not be cited.
enum CitationKey {
    static let punctuation = Set(":.#$%&-+?<>~/".unicodeScalars)

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }

    /// The length (in scalars) of the key starting at `start` in `s`; 0 when none starts there.
    static func length(in s: [Unicode.Scalar], from start: Int) -> Int {
        guard start < s.count, isWordScalar(s[start]) else { return 0 }
        var end = start + 1
        while end < s.count {
            if isWordScalar(s[end]) {
                end += 1
                continue
            }
            var run = end
            while run < s.count, punctuation.contains(s[run]) { run += 1 }
            guard run > end, run < s.count, isWordScalar(s[run]) else { break }
            end = run
        }
        return end - start
    }

    static func isValid(_ key: String) -> Bool {
        let s = Array(key.unicodeScalars)
        return !s.isEmpty && length(in: s, from: 0) == s.count
    }
}
