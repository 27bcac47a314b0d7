import Foundation

/// Obsidian's links, `[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`, `[[Note#^block-id]]` (`BlockIDs`), and its
/// embedded images, `![[image.png]]`, made links and images of the tree: a note is a lesson beside this one named so
/// (its file name, with or without the number in front, or its title, compared as their anchors are: `Bidirectional
/// RNN` finds `02-bidirectional-rnn.md`). A link that names no lesson shows its text, without brackets, and is
/// warned about at its column, as a link to a heading or block id this lesson lacks (`[[#Nope]]`) is. Plain cmark
/// leaves the brackets as text, so they are found in the tree's text.
struct WikiLinks {
    /// The lessons beside this one, by the keys a link may name them with.
    let lessons: [String: String]
    let file: SourceFile
    /// The lesson's headings' anchors and block ids (`^para-one`), which `[[#…]]` must name.
    let anchors: LessonAnchors
    var diagnostics: [Diagnostic] = []
    var images: [(path: String, location: SourceLocation)] = []
    /// The line the last link was placed on (`column(of:near:)`).
    private var placed: ColumnSearch?

    /// Not inside more brackets (`[[[foo]]]`), nor before a colon (`[[foo]]: /url`, a link definition cmark
    /// refused), which CommonMark shows as written.
    nonisolated(unsafe) static let pattern =
        #/(!?)\[\[([^\[\]\n|#]*)(#[^\[\]\n|]*)?(?:\|([^\[\]\n]*))?\]\](?![\]:])/#

    init(file: SourceFile, looksBeside: Bool, anchors: LessonAnchors) {
        self.file = file
        self.anchors = anchors
        lessons = looksBeside ? Self.lessonsBeside(file.path) : [:]
    }

    /// The `.md` files in the lesson's folder, this one too (a note may link to itself, as Obsidian's do), each
    /// under its file name's, its unnumbered name's and its title's anchor form.
    static func lessonsBeside(_ path: String) -> [String: String] {
        let folder = path.parentPath
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        var found: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".md") {
            let stem = String(name.dropLast(3))
            let unnumbered = String(stem.drop { $0.isNumber }.drop { $0 == "-" || $0 == "_" || $0 == " " })
            let full = folder.isEmpty ? name : folder + "/" + name
            for key in [stem, unnumbered, title(of: full)].compactMap({ $0 }) where !key.isEmpty {
                found[Anchors.slug(key)] = found[Anchors.slug(key)] ?? name
            }
        }
        return found
    }

    /// What a lesson's parse depends on besides its text: the lessons beside it its Obsidian links may name (a
    /// file added or retitled changes a link); empty for a lesson without `[[`.
    static func fingerprint(_ file: SourceFile) -> String {
        guard ByteSearch.contains("[[", in: file.text) else { return "" }
        return lessonsBeside(file.path).sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: ",")
    }

    /// A lesson's title as its first lines give it: front matter's `title:`, else its first `# ` heading.
    static func title(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 16_384)) ?? Data(), as: UTF8.self)
        for line in head.split(separator: "\n").prefix(40) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("title:") {
                return text.dropFirst(6).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            }
            if text.hasPrefix("# ") { return String(text.dropFirst(2)).trimmingSpaces }
        }
        return nil
    }

    mutating func resolve(_ document: Document) -> Document {
        var document = document
        for i in document.nodes.indices {
            switch document.nodes[i].kind {
            case .paragraph(let content): document.nodes[i].kind = .paragraph(inlines(content))
            case .heading(let level, let anchor, let content):
                document.nodes[i].kind = .heading(level: level, anchor: anchor, inlines(content))
            default: break
            }
        }
        return document
    }

    private mutating func inlines(_ content: [Inline]) -> [Inline] {
        content.flatMap { inline -> [Inline] in
            switch inline.kind {
            case .text(let text) where ByteSearch.contains("[[", in: text): return links(in: text, at: inline.location)
            case .emphasis(let children): return [Inline(.emphasis(inlines(children)), at: inline.location)]
            case .strong(let children): return [Inline(.strong(inlines(children)), at: inline.location)]
            case .element(let element, let children):
                return [Inline(.element(element, inlines(children)), at: inline.location)]
            case .highlight(let children): return [Inline(.highlight(inlines(children)), at: inline.location)]
            default: return [inline]
            }
        }
    }

    private mutating func links(in text: String, at location: SourceLocation) -> [Inline] {
        var out: [Inline] = []
        var rest = text[...]
        while let match = rest.firstMatch(of: Self.pattern) {
            if match.range.lowerBound > rest.startIndex {
                out.append(Inline(.text(String(rest[..<match.range.lowerBound])), at: location))
            }
            if match.range.lowerBound > text.startIndex, text[text.index(before: match.range.lowerBound)] == "[" {
                out.append(Inline(.text(String(match.output.0)), at: location))
                rest = rest[match.range.upperBound...]
                continue
            }
            let at = column(of: String(match.output.0), near: location)
            let target = String(match.output.2).trimmingSpaces
            let heading = match.output.3.map { String($0.dropFirst()).trimmingSpaces }
            let label = match.output.4.map { String($0).trimmingSpaces }
            out.append(link(embed: !match.output.1.isEmpty, target, heading, label, at: at))
            rest = rest[match.range.upperBound...]
        }
        if !rest.isEmpty { out.append(Inline(.text(String(rest)), at: location)) }
        return out
    }

    private mutating func link(embed: Bool, _ target: String, _ heading: String?, _ label: String?, at: SourceLocation)
        -> Inline
    {
        let shown = label ?? Self.shownText(target, heading: heading)
        let text = [Inline(.text(shown), at: at)]
        // A block id (`#^para-one`) is its anchor as written (`BlockIDs`); a heading, its text's anchor.
        let fragment = heading.map { "#" + ($0.hasPrefix("^") ? $0 : Anchors.slug($0)) } ?? ""
        if embed, LessonParser.isRelativeImage(target) {
            images.append((target, at))
            let alt = label.map { Self.isImageSize($0) ? [] : text } ?? []
            return Inline(.image(url: target, title: MarkedText(pieces: []), alt), at: at)
        }
        if target.isEmpty, heading != nil {
            if let missing = LessonParser.missingAnchor(fragment, anchors: anchors, file, at: at) {
                diagnostics.append(missing)
            }
            return Inline(.link(url: fragment, title: MarkedText(pieces: []), text), at: at)
        }
        if let lesson = lessons[Anchors.slug(target)] {
            if embed {
                diagnostics.append(
                    Diagnostic(
                        .warning, in: file, at: at,
                        "Obsidian's embedded notes are not shown in the handouts, so '![[\(target)\(heading.map { "#" + $0 } ?? "")]]' is a link to the lesson \(lesson)"
                    ))
            }
            return Inline(.link(url: lesson + fragment, title: MarkedText(pieces: []), text), at: at)
        }
        if embed {
            diagnostics.append(
                Diagnostic(
                    .warning, in: file, at: at,
                    "'![[\(target)]]' names no image (Obsidian's embedded notes are not shown), so it is shown as written"))
            return Inline(.text("![[" + target + (heading.map { "#" + $0 } ?? "") + (label.map { "|" + $0 } ?? "") + "]]"), at: at)
        }
        diagnostics.append(
            Diagnostic(
                .warning, in: file, at: at,
                "no lesson beside this one is named '\(target)' (by file name or title), so this Obsidian link is shown as the text '\(shown)'"
            ))
        return Inline(.text(shown), at: at)
    }

    /// Obsidian's size after an embedded image's bar, `![[x.png|200]]` or `|640x480`: a width (and height) in
    /// pixels, not a description.
    static func isImageSize(_ label: String) -> Bool {
        let parts = label.split(separator: "x", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// The text a link without its own (`[[Note#Heading]]`) shows: `Note › Heading`.
    static func shownText(_ target: String, heading: String?) -> String {
        ([target] + (heading.map { [$0] } ?? [])).filter { !$0.isEmpty }.joined(separator: " › ")
    }

    /// Where `literal` stands on its line as written (placeholders move cmark's columns): looked for after the
    /// last one placed on the line (links come in order), the line read once (20,000 links on one line, each
    /// looked for from the line's start in a fresh copy of it, took 28 s).
    private mutating func column(of literal: String, near location: SourceLocation) -> SourceLocation {
        if placed?.line != location.line { placed = ColumnSearch(file, line: location.line) }
        return placed!.next(literal).map { SourceLocation(line: location.line, column: $0) } ?? location
    }
}
