/// A footnote (`[^label]: …`, Pandoc's and GitHub's syntax), numbered by its first reference.
public struct Footnote: Sendable, Equatable {
    public var label: String
    public var number: Int
    /// The note's blocks (`Document.nodes` indices).
    public var blocks: [Int]
    /// Where its definition starts (the `[^`).
    public var location: SourceLocation
    /// How many times the prose refers to it (each reference gets a link back).
    public var references: Int
}

/// A reference to a footnote: its number and which of the note's references it is (1 for the first).
public struct FootnoteReference: Sendable, Equatable {
    public var label: String
    public var number: Int
    public var occurrence: Int
}
