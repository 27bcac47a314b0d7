/// What a lesson marks for its slides, as Pandoc and Quarto mark it: a paragraph of `. . .` is a pause (what
/// follows appears on the next key press), a `::: notes` div holds the speaker's notes, and `::: incremental`
/// shows its lists' items one at a time (`::: nonincremental` is accepted and changes nothing). The handouts leave
/// the pauses and the notes out; the slide writer (`Render/SlidesWriter.swift`) uses them.
extension Block.Kind {
    /// The classes of the divs that mean something on slides (no warning that they are not drawn).
    static let slideClasses: Set<String> = ["notes", "incremental", "nonincremental"]

    /// A paragraph whose only text is `. . .`.
    var isPause: Bool {
        guard case .paragraph(let content) = self, content.count == 1, case .text(let text) = content[0].kind else {
            return false
        }
        return text == ". . ."
    }

    /// A `::: notes` div.
    var isSpeakerNotes: Bool {
        if case .division(let division, _) = self { return division.classes.contains("notes") }
        return false
    }

    /// A `::: incremental` div.
    var isIncremental: Bool {
        if case .division(let division, _) = self { return division.classes.contains("incremental") }
        return false
    }
}
