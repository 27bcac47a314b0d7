/// A run of text with its marks: the format-neutral inline content of a citation or a reference-list entry.
/// Writers render the marks their way (HTML `<em>`/`<a>`, Markdown `*…*`/`[…](…)`, the print page) and escape
/// the text; no run ever holds markup.
public struct TextRun: Sendable, Equatable {
    public enum Mark: Sendable, Equatable {
        /// Italic: a journal's or a book's title, `\emph{…}` in a field.
        case emphasis
        /// A link to the web (an entry's `url`, or `https://doi.org/…` for its `doi`).
        case link(String)
        /// A link to the reference-list entry of this key (the anchor `ReferenceEntry.anchor` names).
        case reference(String)
    }

    public var text: String
    public var marks: [Mark]

    public init(_ text: String, _ marks: [Mark] = []) {
        self.text = text
        self.marks = marks
    }
}

extension Array where Element == TextRun {
    /// The runs' text without marks (sorting, comparing, plain-text output).
    public var plainText: String { map(\.text).joined() }

    /// Appends a run, merging it into the last one when both carry the same marks.
    mutating func append(_ text: String, _ marks: [TextRun.Mark] = []) {
        guard !text.isEmpty else { return }
        if let last = self.last, last.marks == marks {
            self[count - 1].text += text
        } else {
            append(TextRun(text, marks))
        }
    }

    /// The runs with `mark` added to each (a title's emphasis, a citation's link to its entry).
    func marked(_ mark: TextRun.Mark) -> [TextRun] {
        map { TextRun($0.text, $0.marks.contains(mark) ? $0.marks : $0.marks + [mark]) }
    }
}
