/// A directive as it stands in the lesson: a fenced block whose info string is `rnn <kind> [words…]`.
public struct DirectiveBlock: Sendable {
    /// The position among the lesson's directives (its placeholder number).
    public let index: Int
    /// The directive's name, e.g. `forward` (`swift` for a Swift cell).
    public let kind: String
    /// Whether the fence was ```` ```swift run ```` or ```` ```swift setup ```` rather than ```` ```rnn … ````.
    public let isSwiftCell: Bool
    /// Words after the kind on the info string.
    public let words: [String]
    /// The block's text (YAML).
    public let body: String
    /// Where the opening fence stands; the kind word is reported at `kindLocation`.
    public let fence: SourceLocation
    public let kindLocation: SourceLocation
    /// The lesson line of the body's first line, and the columns the body is indented by in the lesson.
    public let bodyFirstLine: Int
    public let columnOffset: Int
    /// The closing fence's line.
    public let endLine: Int
    /// Whether the fence was ```` ```instructor ````: Markdown shown in the instructor edition only.
    public var isInstructorNotes = false
}

/// Everything the Parse stage learned of a lesson; later stages never see cmark.
public struct ParsedLesson: Sendable {
    public let file: SourceFile
    /// The output name (the lesson's file name without `.md`).
    public let slug: String
    /// The first level-1 heading's text, or the slug.
    public let title: String
    /// The front matter at the top of the lesson (title block, draft, order, edition), if it has one.
    public var frontMatter: FrontMatter?
    /// The lesson's first block when it is a level-1 heading saying what the front matter's `title` says: the
    /// title block shows that title once, with the heading's anchor, and the heading is not shown again (as
    /// Quarto takes a notebook's title heading into its title block).
    public var titleHeading: Int?
    /// The front matter's title as inline Markdown (`LessonParser.titleInlines`), when no heading repeats it and
    /// it has math, code or emphasis.
    public var titleMarkdown: [Inline]?
    /// The prose as a tree; `.math`, `.value` and `.directive` nodes index `math`, `values` and `directives`.
    public let document: Document
    public let math: [MathSpan]
    public let values: [InlineValueSpan]
    public let directives: [DirectiveBlock]
    /// Whether raw HTML in the prose reaches the HTML handout (else a comment stands for it, as cmark writes).
    public var rawHTMLAllowed = false
    /// The local images the prose shows (a path beside the lesson), with where, copied into the output folder.
    public var localImages: [(path: String, location: SourceLocation)] = []
    /// Where the handouts point each local image (set by the build once it has looked for the files).
    public var imagePlacement = ImagePlacement()
    /// The citations in the prose, in order (each is also a `.citation` node of `document`).
    public var citations: [CitationUse] = []
    /// How the writers show citations and the References section: the course's formatter, set by the pipeline
    /// once the bibliography is known (nil: no bibliography, and then a lesson that cites has an error).
    public var citationFormatter: CitationFormatter?
    /// The labels the prose defines (`Parse/Labels.swift`); a directive's come when it is planned.
    public var labels: [LabelDefinition] = []
    /// The cross-references in the prose; `.crossReference(n)` inlines index them.
    public var crossReferences: [CrossReferenceSpan] = []

    /// The directive of a `.directive(index:)` node. A fence that is no directive (an error) has no entry, so
    /// a later directive's place in `directives` can be below its index.
    public func directive(_ index: Int) -> DirectiveBlock? {
        directives.indices.contains(index) && directives[index].index == index
            ? directives[index] : directives.first { $0.index == index }
    }
}

/// Where the writers point the local images of a lesson, by their destination as written: at a copy elsewhere
/// in the output folder (an image of the course folder, `Build/LessonImages`), or at nothing (a placeholder with
/// the alt text stands for a missing image).
public struct ImagePlacement: Sendable, Equatable {
    /// The copy's path in the output folder, for an image not copied under the path written.
    public var moved: [String: String] = [:]
    /// The destinations that no file answers.
    public var missing: Set<String> = []

    public init() {}
}

extension ParsedLesson {
    /// The anchor of the heading the title block stands for (`titleHeading`), which the title carries instead.
    var titleAnchor: String? {
        guard let index = titleHeading, case .heading(_, let anchor, _) = document.nodes[index].kind, !anchor.isEmpty
        else { return nil }
        return anchor
    }

    /// The content of the heading the title block stands for (`titleHeading`), else the title's own Markdown
    /// (`titleMarkdown`): what the title block draws, where it would draw the front matter's plain text.
    var titleContent: [Inline]? {
        guard let index = titleHeading, case .heading(_, _, let content) = document.nodes[index].kind else {
            return titleMarkdown
        }
        return content
    }

    /// The prose as the handouts show it under the title block: without the heading that repeats the title.
    var shownDocument: Document {
        guard let index = titleHeading else { return document }
        var shown = document
        shown.roots.removeAll { $0 == index }
        return shown
    }
}
