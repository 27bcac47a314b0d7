/// What a directive shows, independent of the output format: each writer renders the same blocks.
public enum OutputBlock: Sendable, Equatable {
    case paragraph([Span])
    case table(OutputTable)
    /// Fixed-width text (generated samples), shown as a code block.
    case preformatted(String)
    /// A figure: text in the Markdown handout, SVG in the HTML handout.
    case plot(Plot)
    /// Source code in a language (a Swift cell's code).
    case source(String, language: String)
    /// An unrolled network: SVG in the HTML handout, a table in the Markdown handout.
    case diagram(Diagram)
    /// Text coloured token by token: HTML with a colour scale, a table in the Markdown handout.
    case highlight(Highlight)
    /// Markdown from the lesson (a question, a solution): its tree and its inline values, for each writer.
    case prose(ProseFragment)
    /// Where a student types an exercise's answers (the student edition's HTML; a list in Markdown).
    case answerForm(AnswerForm)
    /// A titled box around other blocks (an exercise), with a CSS class.
    case box(title: [Span], kind: String, blocks: [OutputBlock])
    /// Blocks the slides show on a key press after what comes before them (an exercise's hint, answers and
    /// solution, so that a lecturer asks the question first); every other output shows them in place.
    case reveal([OutputBlock])
    /// A figure the HTML handout computes again as the reader types (`live: true`); its static blocks elsewhere.
    case live(LiveFigure)
}

/// Inline content; everything in it is text from the lesson or the engine and is escaped by the writers.
public enum Span: Sendable, Equatable {
    case text(String)
    /// Code text; an empty one renders as nothing.
    case code(String)
    case math(String)
    case strong(String)
    /// A link to a file the build wrote beside the handout (a relative path).
    case link(String, href: String)
}

public struct OutputTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var header: [Span]
        public var numeric: Bool

        public init(_ header: [Span], numeric: Bool = true) {
            self.header = header
            self.numeric = numeric
        }
    }

    public var caption: [Span]
    public var columns: [Column]
    public var rows: [[[Span]]]

    public init(caption: [Span], columns: [Column], rows: [[[Span]]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// The answer fields of one exercise in the student edition: the page's "Save answers" button writes every
/// field into an answer file (YAML: `student`, `lesson`, `answers: {exercise.name: value}`).
public struct AnswerForm: Sendable, Equatable {
    public var exercise: String
    public var names: [String]
    /// The lesson (its slug) and the student (the variant built for; empty when none) the file names.
    public var lesson: String
    public var student: String
    /// The student's name as the roster gives it (empty: none), shown on the form.
    public var studentName = ""
}

/// Prose written inside a directive, parsed as a lesson's prose is, with its inline values computed.
public struct ProseFragment: Sendable, Equatable {
    public let lesson: ParsedLesson
    public let values: [String]
    /// The lesson's numbering, for the fragment's cross-references.
    var numbering: LessonNumbering? = nil

    /// As an executed lesson of its own (no directives), for the writers.
    var executed: ExecutedLesson {
        ExecutedLesson(
            lesson: lesson, outputs: [:], values: values, filesRead: [:], attachments: [:], namespace: Namespace(),
            numbering: numbering)
    }

    public static func == (a: ProseFragment, b: ProseFragment) -> Bool {
        a.values == b.values && a.lesson.document == b.lesson.document && a.lesson.math == b.lesson.math
            && a.lesson.values == b.lesson.values && a.lesson.file.text == b.lesson.file.text
    }
}

/// A section of a lesson as the site's table of contents lists it: its heading's level, anchor and content (HTML).
public struct OutlineEntry: Sendable, Equatable, Codable {
    public var level: Int
    public var id: String
    public var html: String
}
