import Foundation

/// The Parse stage: lesson text to a `ParsedLesson`.
///
/// 1. cmark finds the code and HTML blocks (where `$` stays literal);
/// 2. `MathProtection` swaps math and `{{ … }}` for placeholders;
/// 3. `FencedDivs` swaps the fences of `:::` divs (callouts) for markers, footnote definitions are left out
///    (`FootnoteDefinitions`), to be parsed on their own and put in the tree (`Footnotes`);
/// 4. cmark parses the protected text, lifts out the `rnn` directive blocks and renders the prose.
public enum LessonParser {
    public static let directiveWord = "rnn"
    /// ```` ```swift run ```` and ```` ```swift setup ```` are Swift cells; a plain ```` ```swift ```` block stays a listing.
    static let swiftCellModes = ["run", "setup"]
    /// ```` ```instructor ````: a block of Markdown for the instructor edition only.
    static let instructorWord = "instructor"

    static func words(_ info: String) -> [String] {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    static func isDirective(_ info: String) -> Bool {
        let w = words(info)
        return w.first == directiveWord || (w.first == "swift" && w.count >= 2 && swiftCellModes.contains(w[1]))
            || w == [instructorWord]
    }

    /// A lesson parsed once per build: the course-wide passes (cross-references' numbers, citations) and the
    /// lesson's own build all ask for the same parse, which `ParseMemo` keeps (by path, slug and the whole text).
    public static func parse(_ file: SourceFile, slug: String, allowRawHTML: Bool) -> (ParsedLesson?, [Diagnostic]) {
        ParseMemo.shared.parse(file, slug: slug, allowRawHTML: allowRawHTML) {
            parseOnce(file, slug: slug, allowRawHTML: allowRawHTML)
        }
    }

    static func parseOnce(_ file: SourceFile, slug: String, allowRawHTML: Bool) -> (ParsedLesson?, [Diagnostic]) {
        if file.text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return (nil, [Diagnostic(.error, path: file.path, "the lesson is empty")])
        }
        if let offset = file.bytes.firstIndex(of: 0) { return (nil, [nulByte(at: offset, in: file)]) }
        // Front matter is read on its own; the rest of Parse sees blank lines where it stood, and Windows' line
        // ends as line feeds (every line and column stays; Swift reads "\r\n" as one character, so a rewriting of
        // the lines split at "\n" would see none).
        let (front, frontProblems) = FrontMatter.read(file)
        let (body, openings) = ForeignBoxes.rewrite(ObsidianComments.blank(front?.blanked(file) ?? file).withLineFeeds)
        let notes = FootnoteDefinitions(body, verbatim: CommonMarkConverter.verbatimLines(of: body.text))
        let verbatim = notes.verbatim
        let protected = MathProtection(file: body, verbatimLines: verbatim).run()
        let divs = FencedDivs(
            FootnoteDefinitions.blanking(notes.lines, in: protected.text), skipping: verbatim.union(notes.lines),
            file: body, author: file, openings: openings)
        var diagnostics = frontProblems + protected.diagnostics + divs.diagnostics
        let document = CommonMarkConverter.convert(
            divs.text, isDirective: isDirective, allowRawHTML: allowRawHTML, divs: divs.divs)
        diagnostics += Alerts.unknownKinds(in: document.document, file)
        diagnostics += PanelProblems.diagnostics(in: document.document, file)
        diagnostics += Glossary.duplicates(in: document.document, file)
        let (notedProse, noteDiagnostics, noteImages) = Footnotes.attach(
            notes, protected: protected.text, to: document.document, file: body, allowRawHTML: allowRawHTML)
        let (prose, blockIDs, blockIDProblems) = BlockIDs.anchored(notedProse, source: body, file: file)
        let anchors = LessonAnchors(document.anchors.union(blockIDs))
        diagnostics += noteDiagnostics + blockIDProblems
        diagnostics += rawHTMLWarnings(document.rawHTML, file)
        diagnostics += document.references.flatMap { referenceWarnings($0, file, anchors: anchors) }
        let (directives, directiveProblems) = directiveBlocks(document.directives, in: file)
        diagnostics += directiveProblems
        // The title: the front matter's, else the first level-1 heading's, else the first heading's.
        let heading = (document.title ?? firstHeading(document.document)).map {
            substituteMath(in: $0, protected.math).trimmingSpaces
        }
        let title = front?.title.map { plainTitle($0).trimmingSpaces } ?? heading
        // Only a lesson that holds `[[` asks its folder for the other lessons.
        var wikiLinks = WikiLinks(file: file, looksBeside: ByteSearch.contains("[[", in: file.text), anchors: anchors)
        let linked = wikiLinks.lessons.isEmpty && !ByteSearch.contains("[[", in: file.text) ? prose : wikiLinks.resolve(prose)
        diagnostics += wikiLinks.diagnostics
        let (cited, citations) = CitationsInProse.resolve(
            linked, in: body, verbatimLines: verbatim, literal: protected.literal, references: protected.references)
        var math = protected.math
        let (tree, cellDiagnostics, roleCitations) = ForeignCells.resolve(cited, math: &math, file: file)
        diagnostics += cellDiagnostics + MathGroups.diagnostics(math, in: file)
        let repeated = titleHeading(tree, repeating: front?.title, math)
        let titleMarkdown = repeated == nil ? front.flatMap { titleInlines($0, in: file, math: &math) } : nil
        var lesson = ParsedLesson(
            file: file, slug: slug, title: (title?.isEmpty ?? true) ? slug : title!, document: tree,
            math: math, values: protected.values, directives: directives)
        lesson.frontMatter = front
        (lesson.titleHeading, lesson.titleMarkdown) = (repeated, titleMarkdown)
        lesson.citations = roleCitations.isEmpty ? citations : (citations + roleCitations).sorted { $0.location < $1.location }
        lesson.rawHTMLAllowed = allowRawHTML
        lesson.labels = Labels.definitions(document.document, math: math, file: body)
        lesson.crossReferences = protected.references
        lesson.localImages = localImages(document.references + noteImages) + wikiLinks.images
        return (lesson, diagnostics)
    }

    /// The directive blocks cmark lifted out, one left open cut where the next opens (`UnclosedFences`), each read
    /// from its fence; an unclosed fence, or one that names no directive, is an error at the fence.
    private static func directiveBlocks(_ found: [FencedBlock], in file: SourceFile) -> ([DirectiveBlock], [Diagnostic]) {
        var nextIndex = found.count
        let blocks = found.enumerated().flatMap { index, found -> [FencedBlock] in
            var block = found
            block.index = index
            return UnclosedFences.split(block, in: file, nextIndex: &nextIndex, isDirective: isDirective)
        }
        var directives: [DirectiveBlock] = []
        var diagnostics: [Diagnostic] = []
        for block in blocks {
            let (directive, problems) = directiveBlock(block, in: file)
            diagnostics += problems
            if let directive { directives.append(directive) }
        }
        return (directives, diagnostics)
    }

    /// One directive block: its kind (the word after `rnn`; `swift` for a Swift cell, `instructor` for notes), its
    /// other words, and where the kind stands on the fence line.
    private static func directiveBlock(_ block: FencedBlock, in file: SourceFile) -> (DirectiveBlock?, [Diagnostic]) {
        let words = Self.words(block.info)
        let isNotes = words.first == Self.instructorWord
        let isSwiftCell = words.first == "swift"
        let fenceLine = file.line(block.start.line)
        let fenceText = fenceLine.unicodeScalars.dropFirst(block.start.column - 1)
        let fenceChar = fenceText.first ?? "`"
        let fenceLength = fenceText.prefix(while: { $0 == fenceChar }).count
        let infoOffset = fenceText.dropFirst(fenceLength).prefix(while: { $0 == " " || $0 == "\t" }).count
        let kindColumn =
            block.start.column + fenceLength + infoOffset + (isSwiftCell || isNotes ? 0 : directiveWord.count + 1)
        var diagnostics: [Diagnostic] = []
        if let next = block.endsBeforeNext {
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: block.start,
                    "unclosed directive fence: add a closing \(String(repeating: String(fenceChar), count: fenceLength)) before line \(next), where the next directive starts"
                ))
        } else if !isClosingFence(file.line(block.endLine), char: fenceChar, length: fenceLength)
            || block.endLine == block.start.line
        {
            return (
                nil,
                [
                    Diagnostic(
                        .error, in: file, at: block.start,
                        "unclosed directive fence: add a closing \(String(repeating: String(fenceChar), count: fenceLength))"
                    )
                ]
            )
        }
        guard words.count >= 2 || isSwiftCell || isNotes else {
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: block.start,
                    "directive fence names no directive: write '\(directiveWord) <directive>', e.g. '\(directiveWord) forward'"
                ))
            return (nil, diagnostics)
        }
        let directive = DirectiveBlock(
            index: block.index, kind: isSwiftCell ? "swift" : isNotes ? Self.instructorWord : words[1],
            isSwiftCell: isSwiftCell, words: Array(words.dropFirst(isSwiftCell || isNotes ? 1 : 2)),
            body: block.literal,
            fence: block.start, kindLocation: SourceLocation(line: block.start.line, column: kindColumn),
            bodyFirstLine: block.start.line + 1, columnOffset: block.start.column - 1, endLine: block.endLine,
            isInstructorNotes: isNotes)
        return (directive, diagnostics)
    }

    /// The lesson's relative image paths (which the build copies beside its handouts), where each is written.
    private static func localImages(_ references: [Reference]) -> [(path: String, location: SourceLocation)] {
        references.compactMap { reference in
            guard reference.isImage, isRelativeImage(reference.url.trimmingSpaces) else { return nil }
            let location = reference.location
            return (reference.url.trimmingSpaces, SourceLocation(line: max(location.line, 1), column: max(location.column, 1)))
        }
    }

    /// One warning for each line holding raw HTML the HTML handout leaves out, at the first such tag, and one for
    /// each element of the safe subset that loses attributes. Placeholders move cmark's columns, so a tag's column
    /// is where its text stands on the line as written.
    private static func rawHTMLWarnings(_ found: [(SourceLocation, String, [String]?)], _ file: SourceFile)
        -> [Diagnostic]
    {
        var warned = Set<Int>()
        // One line's text, read once for all its HTML (reading it for each of 600,000 tags on one line of a 3.6 MB
        // lesson took 86 s), each tag looked for after the last (from the line's start, 20,000 tags that lose an
        // attribute took 51 s); a line already warned about is not read again for a tag that keeps no attribute.
        var line = ColumnSearch(file, line: 0)
        return found.sorted { $0.0 < $1.0 }.compactMap { location, literal, attributes -> Diagnostic? in
            guard location.line > 0, attributes != nil || !warned.contains(location.line) else { return nil }
            if line.line != location.line { line = ColumnSearch(file, line: location.line) }
            let first = literal.split(separator: "\n").first.map(String.init) ?? literal
            let column = line.next(first) ?? line.text.range(of: "<").map { line.text.distance(from: line.text.startIndex, to: $0.lowerBound) + 1 }
            let at = SourceLocation(line: location.line, column: column ?? 1)
            if let attributes {
                let name = SafeHTML.tag(literal)?.name ?? ""
                let allowed = SafeHTML.allowed[name, default: []].sorted().joined(separator: ", ")
                return Diagnostic(
                    .warning, in: file, at: at,
                    "the HTML handout leaves out \(attributes.map { "'\($0)'" }.joined(separator: ", ")) of this <\(name)> (it keeps \(allowed.isEmpty ? "no attributes" : allowed), with a checked value); build with --allow-raw-html to keep it")
            }
            guard warned.insert(location.line).inserted else { return nil }
            return Diagnostic(
                .warning, in: file, at: at,
                "raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it")
        }
    }

    /// A NUL byte is no text any editor shows, and would pass into the Markdown handout as it is: an error at its
    /// place, the line shown with U+2400 (␀) standing for it.
    private static func nulByte(at offset: Int, in file: SourceFile) -> Diagnostic {
        let location = file.location(ofByte: offset)
        let excerpt = file.excerpt(line: location.line, column: location.column)
        return Diagnostic(
            .error, path: file.path, location: location,
            sourceLine: excerpt.text.replacingOccurrences(of: "\u{0}", with: "\u{2400}"),
            caretColumn: excerpt.caretColumn,
            message: "the lesson holds a NUL byte (0x00) here; a lesson is text: remove it", details: [])
    }

    /// A closing fence: optional container markers and indentation, then `length` or more fence characters.
    private static func isClosingFence(_ line: String, char: Unicode.Scalar, length: Int) -> Bool {
        let body = line.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        let run = body.prefix(while: { $0 == char }).count
        return run >= length && body.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// The text of the lesson's first heading, of any level.
    private static func firstHeading(_ document: Document) -> String? {
        for block in document.nodes {
            if case .heading(_, _, let content) = block.kind { return InlineMarkers.titleText(content) }
        }
        return nil
    }

    /// The first block, when it is a level-1 heading that says what the front matter's title says: the same words
    /// whatever their case and spacing, the title's Markdown marks (`$`, `` ` ``, `*`) aside, so that
    /// `title: "The $\tanh$ cell"` is repeated by `# The $\tanh$ Cell`; the title is read as `plainTitle` reads it,
    /// so that its `\$5` is the heading's `$5`.
    private static func titleHeading(_ document: Document, repeating title: String?, _ math: [MathSpan]) -> Int? {
        guard let title, let first = document.roots.first, case .heading(1, _, let content) = document.nodes[first].kind
        else { return nil }
        let words = { (text: String) in
            text.lowercased().filter { !"$`*".contains($0) }.split(whereSeparator: \.isWhitespace)
        }
        let heading = substituteMath(in: InlineMarkers.titleText(content), math)
        return words(heading) == words(plainTitle(title)) ? first : nil
    }

    /// A front matter title (Markdown, as Quarto reads it) as the plain text a heading's title is (`firstHeading`):
    /// without the dollars around its math and the backquotes around its code (`\$` is a dollar). It names the
    /// lesson in the browser's tab, the course index, the sidebar and the search index.
    static func plainTitle(_ title: String) -> String {
        var (plain, inMath) = ("", false)
        var characters = title.makeIterator()
        while let character = characters.next() {
            if character == "$" { inMath.toggle() }
            if character == "$" || character == "`" { continue }
            guard character == "\\" else {
                plain.append(character)
                continue
            }
            // TeX's `\$` in math stays as it is; outside, `\$` and `` \` `` are the characters.
            let escaped = characters.next()
            if inMath || (escaped != "$" && escaped != "`") { plain.append(character) }
            if let escaped { plain.append(escaped) }
        }
        return plain
    }

    /// A title's placeholders back as their TeX source (titles are plain text).
    private static func substituteMath(in text: String, _ math: [MathSpan]) -> String {
        Placeholder.split(text).map { piece -> String in
            switch piece {
            case .text(let s): return String(s)
            case .marker(.inlineMath, let i), .marker(.displayMath, let i): return i < math.count ? math[i].tex : ""
            case .marker: return ""
            }
        }.joined()
    }
    /// The warnings for a link or an image the handouts cannot honour: no alt text, and a destination they cannot
    /// reach.
    static func referenceWarnings(
        _ reference: Reference, _ file: SourceFile, anchors: LessonAnchors = LessonAnchors([])
    ) -> [Diagnostic] {
        let at = SourceLocation(line: max(reference.location.line, 1), column: max(reference.location.column, 1))
        var warnings: [Diagnostic] = []
        if reference.isImage, !reference.hasText {
            warnings.append(
                Diagnostic(
                    .warning, in: file, at: at,
                    "this image has no alt text, which screen readers and text browsers show: write ![what it shows](…)"
                ))
        }
        let (path, fragment) = splitFragment(reference.url.trimmingSpaces)
        if !reference.isImage, lessonPage(reference.url.trimmingSpaces) != nil {
            // A link to another lesson: it must exist beside this one (its handout is then in the output folder).
            let folder = file.path.parentPath
            let target = folder.isEmpty ? path : folder + "/" + path
            if !FileManager.default.fileExists(atPath: target) {
                warnings.append(
                    Diagnostic(.error, in: file, at: at, "there is no lesson '\(path)' beside this one to link to"))
            }
            return warnings
        }
        if !reference.isImage, path.isEmpty, fragment.count > 1 {
            return warnings + [missingAnchor(fragment, anchors: anchors, file, at: at)].compactMap { $0 }
        }
        if let message = destinationProblem(reference) {
            warnings.append(Diagnostic(.warning, in: file, at: at, message))
        }
        return warnings
    }

    /// The warning for a link to `fragment` in this lesson (`#a-heading`, `#^block-id`) that no heading's anchor
    /// or block id (`BlockIDs`) has, with the nearest of its kind; nil when one has.
    static func missingAnchor(_ fragment: String, anchors: LessonAnchors, _ file: SourceFile, at: SourceLocation)
        -> Diagnostic?
    {
        let id = String(fragment.dropFirst())
        guard fragment.count > 1, !anchors.all.contains(id) else { return nil }
        let isBlock = id.hasPrefix("^")
        let message =
            isBlock
            ? "no block of this lesson has the block id '\(id)'"
            : "no heading of this lesson has the anchor '\(fragment)'"
        return Diagnostic(.warning, in: file, at: at, message + anchors.didYouMean(id))
    }

    static let imageExtensions: Set<String> = ["svg", "png", "jpg", "jpeg", "gif", "webp"]

    /// A relative path to an image file, which may climb out of the lesson's folder (`../img/x.svg`): the build
    /// looks for it (`Build/LessonImages`) and copies it, or warns and shows a placeholder.
    static func isRelativeImage(_ url: String) -> Bool {
        guard !url.isEmpty, !url.hasPrefix("/"), !url.hasPrefix("#"), !url.contains(":"), !url.contains("?"),
            !url.contains("#"),
            !url.split(separator: "/").contains(where: { $0.hasPrefix(".") && $0 != "." && $0 != ".." })
        else { return false }
        return imageExtensions.contains((url as NSString).pathExtension.lowercased())
    }

    /// A relative path to an image file beside the lesson (or below its folder), which the build copies into the
    /// output folder under the same path.
    static func isLocalImage(_ url: String) -> Bool {
        guard !url.isEmpty, !url.hasPrefix("/"), !url.hasPrefix("#"), !url.contains(":"), !url.contains("?"),
            !url.contains("#"), !url.split(separator: "/").contains(where: { $0.hasPrefix(".") })
        else { return false }
        return imageExtensions.contains((url as NSString).pathExtension.lowercased())
    }

    /// Why the handouts cannot honour a link's or an image's destination, or nil when they can.
    static func destinationProblem(_ reference: Reference) -> String? {
        let what = reference.isImage ? "image" : "link"
        let url = reference.url.trimmingSpaces
        let lowered = url.lowercased()
        if let colon = lowered.firstIndex(of: ":"),
            lowered[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }),
            lowered.first?.isLetter == true
        {
            let scheme = String(lowered[..<colon])
            let safeImage = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains {
                lowered.hasPrefix($0)
            }
            if ["javascript", "vbscript", "file"].contains(scheme) || (scheme == "data" && !safeImage) {
                return
                    "the \(what)'s \(scheme): URL is left out of the HTML handout (javascript:, vbscript:, file: and data: URLs other than images are unsafe)"
            }
            return nil
        }
        if url.isEmpty { return "this \(what) has an empty destination" }
        if url.hasPrefix("#") {
            return "headings have no anchors in the handouts yet, so the \(what) to '\(url)' goes nowhere"
        }
        if url.hasPrefix("//") { return nil }
        if url.hasPrefix("/") {
            // Hugo's `static/` images and Jekyll's are written from the site's root (`/img/x.png`).
            guard reference.isImage else { return nil }
            return "the image '\(url)' is a path from a web site's root: the handouts keep it as written, but the build "
                + "neither copies nor checks it, so it shows only on a site whose root holds it; write its path from the "
                + "lesson (the image in the course folder) to have it copied"
        }
        if reference.isImage {
            if isRelativeImage(url) { return nil }
            return
                "the local image '\(url)' is not copied into the output folder (only .svg, .png, .jpg, .gif and .webp files beside the lesson are), so the handouts cannot show it"
        }
        return
            "the link to '\(url)' points at a file the output folder does not hold (local files and other lessons are not linked from handouts); give an http(s) URL"
    }
}

/// A lesson's anchors, its headings' and its block ids (`^para-one`), for the links that name them, with the
/// nearest of the same kind for one that names none (`Suggestions`).
final class LessonAnchors {
    let all: Set<String>
    private lazy var headings = Suggestions(all.filter { !$0.hasPrefix("^") })
    private lazy var blocks = Suggestions(all.filter { $0.hasPrefix("^") })

    init(_ all: Set<String>) { self.all = all }

    /// " (did you mean 'x'?)" for `id`, among the anchors of its kind; else empty.
    func didYouMean(_ id: String) -> String { (id.hasPrefix("^") ? blocks : headings).didYouMean(id) }
}
