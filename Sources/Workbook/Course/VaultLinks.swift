import Foundation

/// Obsidian's links in the notes `workbook import` renames (`My Note.md` becomes `03-my-note.md`), pointed at
/// what they named, so that every link that worked in Obsidian works in the course: `[[My Note]]`,
/// `[[my note|text]]`, `[[My Note#Heading]]` and `![[My Note#Heading]]` name the lesson's new file, keeping the
/// text the link showed, and `![[diagram.png]]`, which Obsidian finds anywhere in the vault, names the image's
/// path from the lessons folder (where the import copies it). A link is resolved as Obsidian resolves it: a
/// path (`[[sub/My Note]]`) by the end of a file's path, a bare name by a file's name (a note's without `.md`),
/// case ignored, and among files of one name the one in the linking note's folder, else the one with the
/// shortest path. A link that names nothing, or a note's own headings (`[[#Heading]]`), is left as written (the
/// build reports what names nothing). Markdown's own relative links and images are pointed at the same places
/// (`markdownLinks`). Code (fenced blocks and code spans) is never changed.
struct VaultLinks {
    /// The vault's notes by their path in it, each with the lesson file it becomes (`03-my-note.md`).
    let notes: [String: String]
    /// The names a link may give each file (its path, lowercased; a note's also without its extension), with
    /// the file's path in the vault (an image's is also its path in the lessons folder).
    private let names: [(name: String, path: String)]
    /// The files by their name's last component, for a link that names no folder.
    private let byName: [String: [String]]
    /// Every file the import copies (notes and images), by its path in the vault.
    private let files: Set<String>

    init(notes: [String: String], images: [String]) {
        self.notes = notes
        files = Set(notes.keys).union(images)
        let noteNames = notes.keys.flatMap { path in
            // A Hugo bundle's page is also named by its folder (`{{< ref "posts/lstm-gates" >}}`).
            let folder = path.parentPath.lowercased()
            let bundle = NoteImport.isBundleIndex(path) && !folder.isEmpty ? [(folder, path)] : []
            return [(path.lowercased(), path), (((path as NSString).deletingPathExtension).lowercased(), path)] + bundle
        }
        names = noteNames + images.map { ($0.lowercased(), $0) }
        byName = Dictionary(grouping: names) { String($0.name.split(separator: "/").last ?? "") }.mapValues {
            Array(Set($0.map(\.path)))
        }
    }

    /// The file `target` names, linked from the note at `source` (paths in the vault): a note's path or an image's.
    func resolve(_ target: String, from source: String) -> String? {
        var wanted = target.trimmingSpaces.lowercased()
        if wanted.hasPrefix("./") { wanted.removeFirst(2) }
        guard !wanted.isEmpty else { return nil }
        let matches =
            wanted.contains("/")
            ? Set(names.filter { $0.name == wanted || $0.name.hasSuffix("/" + wanted) }.map(\.path))
            : Set(byName[wanted] ?? [])
        let folder = source.parentPath
        return matches.min { a, b in
            let nearA = a.parentPath == folder
            let nearB = b.parentPath == folder
            if nearA != nearB { return nearA }
            return (a.count, a) < (b.count, b)
        }
    }

    /// `text`, the note at `source`, with its links to renamed notes and to images elsewhere pointed at their
    /// place in the course; and how many links were changed.
    func rewrite(_ text: String, from source: String) -> (text: String, changed: Int) {
        var lines: [String] = []
        var changed = 0
        var fence: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            let opener = line.dropFirst(indent).prefix { $0 == "`" || $0 == "~" }
            if let open = fence {
                if opener.count >= open.count, opener.first == open.first { fence = nil }
                lines.append(String(line))
            } else if opener.count >= 3, Set(opener).count == 1, indent < 4 {
                fence = opener
                lines.append(String(line))
            } else {
                lines.append(rewrite(line: line, from: source, changed: &changed))
            }
        }
        return (lines.joined(separator: "\n"), changed)
    }

    /// A line outside fenced code, its code spans left alone.
    private func rewrite(line: Substring, from source: String, changed: inout Int) -> String {
        var out = ""
        var rest = line
        while let tick = rest.firstIndex(of: "`") {
            out += links(in: rest[..<tick], from: source, changed: &changed)
            let run = rest[tick...].prefix { $0 == "`" }
            let after = rest[run.endIndex...]
            guard let close = after.range(of: String(run)) else {
                out += rest[tick...]
                return out
            }
            out += rest[tick..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return out + links(in: rest, from: source, changed: &changed)
    }

    private func links(in text: Substring, from source: String, changed: inout Int) -> String {
        var out = ""
        var rest = text
        while let match = rest.firstMatch(of: WikiLinks.pattern) {
            out += rest[..<match.range.lowerBound]
            rest = rest[match.range.upperBound...]
            // `[[[x]]]` is no link, in Obsidian nor in the build.
            if match.range.lowerBound > text.startIndex, text[text.index(before: match.range.lowerBound)] == "[" {
                out += match.output.0
                continue
            }
            let (embed, target) = (String(match.output.1), String(match.output.2))
            let heading = match.output.3.map(String.init) ?? ""
            guard let found = resolve(target, from: source) else {
                out += match.output.0
                continue
            }
            let alias = match.output.4.map { "|" + $0 }
            let written: String
            if let lesson = notes[found] {
                // The text the link showed, kept (an embedded note, which the build shows as a link, by its name).
                let section = heading.isEmpty ? nil : String(heading.dropFirst()).trimmingSpaces
                let text = alias ?? "|" + WikiLinks.shownText(target.trimmingSpaces, heading: section)
                written = embed + "[[" + ((lesson as NSString).deletingPathExtension) + heading + text + "]]"
            } else {
                written = embed + "[[" + found + heading + (alias ?? "") + "]]"
            }
            if written != String(match.output.0) { changed += 1 }
            out += written
        }
        return hugoReferences(
            in: markdownLinks(in: out + rest, from: source, changed: &changed), from: source, changed: &changed)
    }

    /// Hugo's `{{< ref "rnn-lm.md" >}}` and `relref` (with `%` too): the page it names (`rnn-lm.md`, `rnn-lm`,
    /// `/posts/rnn-lm.md`, with a `#section` kept) as the lesson it becomes, found as a link is; a page the vault
    /// does not have stays as written (the build reports it).
    nonisolated(unsafe) static let hugoReference = #/(\{\{[<%]\s*(?:rel)?ref\s+")([^"\n]+)("\s*[>%]\}\})/#

    private func hugoReferences(in text: String, from source: String, changed: inout Int) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let match = rest.firstMatch(of: Self.hugoReference) {
            out += rest[..<match.range.lowerBound]
            rest = rest[match.range.upperBound...]
            let written = String(match.output.2)
            let (page, fragment) = Self.splittingFragment(written)
            var name = page
            while name.hasPrefix("/") { name.removeFirst() }
            while name.hasSuffix("/") { name.removeLast() }
            guard !name.isEmpty, let found = resolve(name, from: source), let lesson = notes[found],
                lesson + fragment != written
            else {
                out += match.output.0
                continue
            }
            changed += 1
            out += match.output.1 + lesson + fragment + match.output.3
        }
        return out + rest
    }

    /// A Markdown link's or image's destination: `](img/a.png)`, `](<my pic.png> "title")`.
    nonisolated(unsafe) static let destination = #/\]\((\s*)(<[^<>\n]+>|[^\s<>()]+)((?:\s+"[^"\n]*")?\s*\))/#

    /// Markdown's own links and images (`![x](img/a.png)`, `[x](My%20Note.md#part)`) in a note the import moves
    /// out of its folder into the lessons folder or renames: a relative destination that names a file of the vault
    /// is written from the lessons folder (`sub/img/a.png`, where the import copies the image), a note's as the
    /// lesson it becomes. Other destinations (a URL, an anchor, a file the vault does not have) stay as written.
    private func markdownLinks(in text: String, from source: String, changed: inout Int) -> String {
        let folder = source.parentPath
        var out = ""
        var rest = Substring(text)
        while let match = rest.firstMatch(of: Self.destination) {
            out += rest[..<match.range.lowerBound]
            rest = rest[match.range.upperBound...]
            guard let moved = moved(String(match.output.2), folder: folder) else {
                out += match.output.0
                continue
            }
            changed += 1
            out += "](" + match.output.1 + moved + match.output.3
        }
        return out + rest
    }

    /// `written`, a destination in the note in `folder`, as the course must write it; nil when that is as written.
    private func moved(_ written: String, folder: String) -> String? {
        let bracketed = written.hasPrefix("<")
        let raw = bracketed ? String(written.dropFirst().dropLast()) : written
        guard !raw.contains(":"), !raw.hasPrefix("/"), !raw.hasPrefix("#") else { return nil }
        let (path, fragment) = Self.splittingFragment(raw)
        guard let inVault = Self.normalized(folder, path.removingPercentEncoding ?? path), files.contains(inVault)
        else { return nil }
        let result: String
        if let lesson = notes[inVault] {
            result = lesson + fragment
        } else {
            guard let fromLessons = Self.normalized(folder, path) else { return nil }
            result = fromLessons + fragment
        }
        let shown = bracketed ? "<" + result + ">" : result
        return shown == written ? nil : shown
    }

    /// A link's target and its `#fragment` (empty when it has none): `a.md#part` is `a.md` and `#part`.
    static func splittingFragment(_ target: String) -> (String, String) {
        target.firstIndex(of: "#").map { (String(target[..<$0]), String(target[$0...])) } ?? (target, "")
    }

    /// `path` from `folder` as one path in the vault (`RelativePath`); nil when it leaves the vault.
    static func normalized(_ folder: String, _ path: String) -> String? {
        RelativePath.components(path, from: folder.split(separator: "/")).map { $0.joined(separator: "/") }
    }
}
