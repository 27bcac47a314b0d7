import Foundation

/// One work cited: `@key` with what the author wrote around it.
public struct Citation: Sendable, Equatable {
    public var key: String
    /// Text before the key inside brackets ("see" in `[see @a]`).
    public var prefix: String
    /// Text after the key, its leading comma dropped ("p. 3" in `[@a, p. 3]`, or in `@a [p. 3]`).
    public var locator: String
    /// `[-@key]`: the year only, when the sentence already names the author.
    public var suppressAuthor: Bool
    /// Where `@key` stands in the text run: offsets in Unicode scalars from the run's start (add the run's
    /// column, minus one, for a diagnostic's columns), the `@` included.
    public var columns: Range<Int>

    public init(
        key: String, prefix: String = "", locator: String = "", suppressAuthor: Bool = false, columns: Range<Int>
    ) {
        (self.key, self.prefix, self.locator, self.suppressAuthor, self.columns) =
            (key, prefix, locator, suppressAuthor, columns)
    }
}

/// A citation in the text: a bracketed group `[see @a; @b, ch. 2]` or a narrative `@a` (`@a [p. 3]`).
public struct CitationSpan: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        /// `[@werbos1990]`: "(Werbos 1990)" or "[1]".
        case parenthetical
        /// `@werbos1990 shows`: "Werbos (1990) shows" or "Werbos [1] shows".
        case narrative
    }

    public var form: Form
    public var citations: [Citation]
    /// The text the span replaces, in Unicode scalars from the run's start.
    public var columns: Range<Int>
    /// The cross-references a bracketed group holds beside its citations (`[see @eq-loss; @werbos1990]`), each
    /// with its prefix: the key is the label.
    public var crossReferences: [Citation] = []

    public init(form: Form, citations: [Citation], columns: Range<Int>) {
        (self.form, self.citations, self.columns) = (form, citations, columns)
    }
}

/// Finds Pandoc's citations in one run of inline text (prose between code spans, math and links, which the
/// tree has already taken out):
///
/// - `[@a]`, `[@a, p. 3]`, `[see @a; @b, ch. 2]`, `[-@a]`: a bracketed group whose every `;`-separated item holds
///   exactly one `@key`, not followed by `(` or `[` (that is a link) nor after `^` (an inline note, `^[see @a]`);
/// - `@a` anywhere else after a character that is not a letter, digit or one of `@\`, optionally followed by a
///   space and a bracketed locator with no `@` in it (`@a [p. 3]`);
/// - not an e-mail address (`a@b.com`: a letter before the `@`), not `\@`, and not a cross-reference:
///   `@eq-…`, `@fig-…`, `@tbl-…`, `@sec-…` belong to cross-references. A bracketed group of cross-references
///   alone is no citation; one that mixes them with citations (`[see @eq-loss; @werbos1990]`) is a citation of
///   its citations, its cross-references kept beside them (`CitationSpan.crossReferences`).
///
/// The scan is linear: each `[` looks ahead at most to the next `[` or `]`.
public enum CitationScanner {
    public static let crossReferencePrefixes = ["eq-", "fig-", "tbl-", "sec-"]

    public static func isCrossReference(_ key: String) -> Bool {
        crossReferencePrefixes.contains { key.hasPrefix($0) }
    }

    public static func scan(_ text: String) -> [CitationSpan] {
        let s = Array(text.unicodeScalars)
        var spans: [CitationSpan] = []
        var i = 0
        while i < s.count {
            switch s[i] {
            case "\\":
                i += 2
            case "[" where i > 0 && s[i - 1] == "^":
                // `^[…]` is Pandoc's inline note, not a citation's brackets: what it holds is scanned as text.
                i += 1
            case "[", "@":
                if let span = s[i] == "[" ? bracketed(s, at: i) : narrative(s, at: i) {
                    spans.append(span)
                    i = span.columns.upperBound
                } else {
                    i += 1
                }
            default:
                i += 1
            }
        }
        return spans
    }

    /// `@key` at `at` if one starts there and may (see the type's comment).
    /// `crossReferences`: a cross-reference's label is taken too.
    static func key(_ s: [Unicode.Scalar], at: Int, crossReferences: Bool = false) -> (key: String, end: Int)? {
        guard at < s.count, s[at] == "@" else { return nil }
        if at > 0, CitationKey.isWordScalar(s[at - 1]) || s[at - 1] == "@" || s[at - 1] == "\\" { return nil }
        let length = CitationKey.length(in: s, from: at + 1)
        guard length > 0 else { return nil }
        let key = String(String.UnicodeScalarView(s[(at + 1)..<(at + 1 + length)]))
        guard crossReferences || !isCrossReference(key) else { return nil }
        return (key, at + 1 + length)
    }

    static func narrative(_ s: [Unicode.Scalar], at: Int) -> CitationSpan? {
        guard let (key, end) = key(s, at: at) else { return nil }
        var citation = Citation(key: key, columns: at..<end)
        var spanEnd = end
        if end + 1 < s.count, s[end] == " ", s[end + 1] == "[", let close = closing(s, from: end + 1) {
            let inner = text(s[(end + 2)..<close])
            if !inner.contains("@") {
                citation.locator = trimmedLocator(inner)
                spanEnd = close + 1
            }
        }
        return CitationSpan(form: .narrative, citations: [citation], columns: at..<spanEnd)
    }

    /// The bracketed group opening at `open`, when it is one.
    static func bracketed(_ s: [Unicode.Scalar], at open: Int) -> CitationSpan? {
        guard let close = closing(s, from: open) else { return nil }
        if close + 1 < s.count, s[close + 1] == "(" || s[close + 1] == "[" { return nil }
        var citations: [Citation] = []
        var crossReferences: [Citation] = []
        var itemStart = open + 1
        for i in (open + 1)...close where i == close || s[i] == ";" {
            guard let citation = item(s, from: itemStart, to: i) else { return nil }
            if isCrossReference(citation.key) {
                crossReferences.append(citation)
            } else {
                citations.append(citation)
            }
            itemStart = i + 1
        }
        guard !citations.isEmpty else { return nil }
        var span = CitationSpan(form: .parenthetical, citations: citations, columns: open..<(close + 1))
        span.crossReferences = crossReferences
        return span
    }

    /// One item of a group, `prefix [-]@key locator` in `s[from..<to]`: exactly one `@`, a citable key.
    static func item(_ s: [Unicode.Scalar], from: Int, to: Int) -> Citation? {
        let ats = (from..<to).filter { s[$0] == "@" }
        guard ats.count == 1, let at = ats.first else { return nil }
        let suppress = at > from && s[at - 1] == "-" && (at - 1 == from || s[at - 2] == " ")
        let prefixEnd = suppress ? at - 1 : at
        if prefixEnd > from, !s[prefixEnd - 1].properties.isWhitespace { return nil }
        guard let (key, end) = key(s, at: at, crossReferences: true) else { return nil }
        return Citation(
            key: key, prefix: text(s[from..<prefixEnd]).trimmingCharacters(in: .whitespaces),
            locator: trimmedLocator(text(s[end..<to])), suppressAuthor: suppress, columns: at..<end)
    }

    /// The `]` closing the `[` at `open`, when no other `[` comes first.
    static func closing(_ s: [Unicode.Scalar], from open: Int) -> Int? {
        var i = open + 1
        while i < s.count {
            if s[i] == "]" { return i }
            if s[i] == "[" { return nil }
            i += s[i] == "\\" ? 2 : 1
        }
        return nil
    }

    static func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }

    static func trimmedLocator(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix(",") { t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return t
    }
}
