/// How citations read, the course option `citation-style:`.
public enum CitationStyle: String, Sendable, CaseIterable {
    /// "(Werbos 1990)", "Werbos (1990) shows": the default.
    case authorYear = "author-year"
    /// "[1]", "Werbos [1] shows", numbered in the order of first citation.
    case numeric
}

/// One item of a reference list, format-neutral: a writer puts `label` (the number, in the numeric style) and
/// `text` in a list item with the anchor `anchor`, which citations link to (`TextRun.Mark.reference`).
public struct ReferenceEntry: Sendable, Equatable {
    public var key: String
    public var anchor: String
    /// "[1]" in the numeric style, empty in the author–year style.
    public var label: [TextRun]
    public var text: [TextRun]

    /// The anchor of the entry of `key`: `ref-` and the key (Pandoc's).
    public static func anchor(for key: String) -> String { "ref-" + key }
}
