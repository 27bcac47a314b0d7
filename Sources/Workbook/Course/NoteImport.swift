import Foundation

/// `workbook import`: notes written for another tool copied into a course as lessons, converting only what must
/// be converted. A Markdown note (`.md`, `.markdown`, Quarto's `.qmd`; a `.txt` named on its own) is copied byte
/// for byte under a safe, numbered name (`Lessons/03-recurrent-neural-networks.md`): its front matter, wikilinks,
/// shortcodes and callouts are read by the build as they are, except its Obsidian links to notes the import
/// renames and to images in other folders, which are pointed at their new names (`VaultLinks`). A Jupyter notebook (`.ipynb`) becomes a lesson: its
/// Markdown cells as written, its code cells as ```` ```{python} ```` cells (shown, not run), their text outputs
/// as code blocks and their PNG outputs as images beside it. The images of a folder of notes are copied under
/// their path in it, so the notes' relative paths hold. Nothing is ever overwritten: a file already there stops
/// the import before anything is written.
public enum NoteImport {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// A problem at a place in a note (a notebook's JSON), in the compiler's shape with its line and caret.
        public var diagnostic: Diagnostic?

        init(description: String) { self.description = description }

        init(_ diagnostic: Diagnostic) {
            description = diagnostic.formatted
            self.diagnostic = diagnostic
        }
    }

    /// A file the import writes, relative to the course folder, with where it came from and what was done to it.
    public struct File: Sendable, Equatable {
        public let path: String
        public let bytes: [UInt8]
        public let source: String
        public let change: String
    }

    static let noteExtensions: Set<String> = ["md", "markdown", "qmd", "ipynb"]

    /// The files importing `inputs` writes into a course: notes in input order (a folder's sorted by path), then
    /// images; and, when the course has no `workbook.yml`, one titled after the first input.
    public static func plan(_ inputs: [String], course: String) throws(Failure) -> [File] {
        // Each note with its path in its vault (the folder named, or a file's own folder).
        var notes: [(path: String, inVault: String)] = []
        var images: [(path: String, relative: String)] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                throw Failure(description: "\(input): no such file or folder")
            }
            guard isFolder.boolValue else {
                notes.append((input, (input as NSString).lastPathComponent))
                continue
            }
            for relative in walk(input) {
                let ext = (relative as NSString).pathExtension.lowercased()
                if noteExtensions.contains(ext), !isEmptySection(input + "/" + relative) {
                    notes.append((input + "/" + relative, relative))
                }
                if LessonParser.imageExtensions.contains(ext) { images.append((input + "/" + relative, relative)) }
            }
        }
        guard !notes.isEmpty else { throw Failure(description: "no notes (.md, .markdown, .qmd, .ipynb) to import") }
        let slugs = notes.indices.map { k in
            // A Hugo bundle's page in a folder below the one imported is named after its folder.
            let bundle = isBundleIndex(notes[k].inVault) && notes[k].inVault.contains("/")
            return slug(notes[k].path, number: k + 1, of: notes.count, bundle: bundle)
        }
        let links = VaultLinks(
            notes: Dictionary(zip(notes.map(\.inVault), slugs.map { $0 + ".md" })) { first, _ in first },
            images: images.map(\.relative))
        var files: [File] = []
        // Each Markdown note's text as the lesson holds it (its links pointed elsewhere, its front matter as written).
        var texts: [(path: String, bytes: [UInt8])] = []
        for (note, slug) in zip(notes, slugs) {
            let made = try lesson(note.path, slug: slug, links: links, from: note.inVault)
            if !note.path.lowercased().hasSuffix(".ipynb"), let lesson = made.first {
                texts.append((note.path, lesson.bytes))
            }
            files += made
        }
        for image in images {
            files.append(
                File(
                    path: "Lessons/" + image.relative, bytes: try read(image.path), source: image.path,
                    change: "copied"))
        }
        files += try bibliographies(of: texts, besides: Set(files.map(\.path)))
        if !FileManager.default.fileExists(atPath: course + "/" + CourseFile.name) {
            let title =
                projectTitle(inputs[0]) ?? URL(fileURLWithPath: inputs[0]).deletingPathExtension().lastPathComponent
            let quoted =
                "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
            files.append(
                File(path: CourseFile.name, bytes: Array("title: \(quoted)\n".utf8), source: "", change: "written"))
        }
        return files
    }

    /// The BibTeX files the notes' front matter names (`bibliography: references.bib`, Quarto's and Pandoc's key),
    /// copied into `Lessons/` under the name the note gives: the lessons stand there, so the name still finds the
    /// file. A name that is absolute, climbs out with `..` or names no file beside the note is left to the build
    /// (which reports it at the note's front matter); one named by several notes is copied once, and two different
    /// files under one name stop the import.
    static func bibliographies(of notes: [(path: String, bytes: [UInt8])], besides planned: Set<String>) throws(Failure)
        -> [File]
    {
        var files: [File] = []
        for (note, bytes) in notes {
            guard let text = String(bytes: bytes, encoding: .utf8) else { continue }
            let (front, _) = FrontMatter.read(SourceFile(path: note, text: text))
            for name in front?.bibliographies ?? [] {
                let parts = name.split(separator: "/")
                guard !name.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { continue }
                let folder = note.parentPath
                let source = folder.isEmpty ? name : folder + "/" + name
                let relative = parts.filter { $0 != "." }.joined(separator: "/")
                guard FileManager.default.fileExists(atPath: source), !passesALink(relative, under: folder)
                else { continue }
                let path = "Lessons/" + relative
                let bytes = try read(source)
                if let earlier = files.first(where: { $0.path == path }) {
                    guard earlier.bytes == bytes else {
                        throw Failure(
                            description:
                                "\(source) and \(earlier.source) are different bibliographies that the notes name \(name): rename one and its note's bibliography"
                        )
                    }
                    continue
                }
                guard !planned.contains(path) else { continue }
                files.append(
                    File(
                        path: path, bytes: bytes, source: source,
                        change: "copied, the bibliography of \((note as NSString).lastPathComponent)"))
            }
        }
        return files
    }

    /// Whether `relative`, below `folder`, is or passes a symbolic link: such a bibliography is left alone, as
    /// linked notes and images are (a link to /etc/passwd was copied into the course).
    static func passesALink(_ relative: String, under folder: String) -> Bool {
        let folder = folder.isEmpty ? "." : folder
        let base = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: folder + "/" + relative).resolvingSymlinksInPath()
        return resolved.path != (base == "/" ? "" : base) + "/" + relative
    }

    /// The title the notes' own tool gives them, in the folder imported or the one above it (a Hugo site's
    /// `content/`): Quarto's `_quarto.yml` (`book:` or `website:` `title:`, else `title:`), Jupyter Book's
    /// `_config.yml` (`title:`), Hugo's `hugo.toml` or `config.toml` (`title = "…"`) or `hugo.yaml`/`config.yaml`;
    /// nil when none says one (the course is then titled after the folder).
    static func projectTitle(_ input: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        // The folder above, from the path made absolute (`.` has none of its own).
        let above = URL(fileURLWithPath: input).standardizedFileURL.deletingLastPathComponent().path
        for folder in [input, above] where !folder.isEmpty {
            for name in ["_quarto.yml", "_config.yml", "hugo.yaml", "config.yaml"] {
                guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
                    let root = try? ConfigNode.parse(
                        text, firstLine: 1, columnOffset: 0, file: SourceFile(path: name, text: text))
                else { continue }
                if let title = yamlTitle(root) { return title }
            }
            for name in ["hugo.toml", "config.toml"] {
                guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { continue }
                var ignored: [Diagnostic] = []
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let pairs = FrontMatter.tomlPairs(lines[...], SourceFile(path: name, text: text), &ignored)
                if let title = pairs.first(where: { $0.key == "title" })?.value, !title.isEmpty { return title }
            }
        }
        return nil
    }

    /// `title:` of a book's or website's section, else of the top level.
    private static func yamlTitle(_ root: ConfigNode) -> String? {
        guard case .map(let entries, _) = root else { return nil }
        func title(_ node: ConfigNode) -> String? {
            guard case .map(let entries, _) = node,
                case .scalar(let value, _, _)? = entries.first(where: { $0.key == "title" })?.value,
                !value.trimmingCharacters(in: .whitespaces).isEmpty
            else { return nil }
            return value
        }
        for section in ["book", "website"] {
            if let node = entries.first(where: { $0.key == section })?.value, let found = title(node) { return found }
        }
        return title(root)
    }

    /// The lesson file's name without `.md` for the note at `path`, numbered `number` of `count`. A Hugo page
    /// bundle's `index.md` (or a section's `_index.md`; `bundle`) is named after its folder, as Hugo names the page.
    static func slug(_ path: String, number: Int, of count: Int, bundle: Bool = false) -> String {
        let url = URL(fileURLWithPath: path)
        var name = url.deletingPathExtension().lastPathComponent
        if bundle { name = url.deletingLastPathComponent().lastPathComponent }
        let digits = max(2, String(count).count)
        return String(repeating: "0", count: max(0, digits - String(number).count)) + String(number) + "-"
            + safeName(name)
    }

    /// The lesson (and a notebook's output images) that the note at `path` (`inVault` in its vault) becomes, its
    /// Obsidian links, Markdown's relative links and images, and Hugo's `ref` shortcodes, pointed at what they named
    /// (`VaultLinks`).
    static func lesson(_ path: String, slug: String, links: VaultLinks, from inVault: String) throws(Failure) -> [File]
    {
        let bytes = try read(path)
        guard path.lowercased().hasSuffix(".ipynb") else {
            var change = (path as NSString).lastPathComponent == slug + ".md" ? "copied" : "copied, renamed"
            guard let text = String(bytes: bytes, encoding: .utf8),
                text.contains("[[") || text.contains("](") || text.contains("ref ")
            else {
                return [File(path: "Lessons/\(slug).md", bytes: bytes, source: path, change: change)]
            }
            let (rewritten, changed) = links.rewrite(text, from: inVault)
            if changed > 0 {
                change +=
                    ", \(changed) link\(changed == 1 ? "" : "s") pointed at the lessons' and images' new names"
            }
            return [File(path: "Lessons/\(slug).md", bytes: Array(rewritten.utf8), source: path, change: change)]
        }
        return try JupyterNotebook.lesson(bytes, path: path, slug: slug)
    }

    /// Whether the note at `path` is a Hugo bundle's page: `index.md` (a leaf bundle) or `_index.md` (a section).
    static func isBundleIndex(_ path: String) -> Bool {
        ["index.md", "_index.md"].contains((path as NSString).lastPathComponent.lowercased())
    }

    /// A Hugo section's `_index.md` with nothing but front matter: the list page Hugo fills with its section's
    /// pages, no lesson.
    static func isEmptySection(_ path: String) -> Bool {
        guard (path as NSString).lastPathComponent.lowercased() == "_index.md",
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return false }
        let file = SourceFile(path: path, text: text)
        let (front, _) = FrontMatter.read(file)
        return (front?.blanked(file) ?? file).text.allSatisfy(\.isWhitespace)
    }

    /// `Recurrent Neural Networks (RNN)` → `recurrent-neural-networks-rnn`; a leading number (`000_`, `02-`) is
    /// dropped, since the import numbers the lessons itself.
    static func safeName(_ name: String) -> String {
        var words: [String] = []
        var current = ""
        for c in name.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber {
                current.append(c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        if words.count > 1, words[0].allSatisfy(\.isNumber) { words.removeFirst() }
        let joined = words.joined(separator: "-")
        return joined.isEmpty ? "note" : joined
    }

    /// Every file below `folder`, relative to it, sorted; hidden files and folders (`.obsidian/`, `.git/`) and
    /// symbolic links are left alone.
    static func walk(_ folder: String) -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: folder), includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
            options: [.skipsHiddenFiles])
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        while let url = enumerator?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { found.append(String(path.dropFirst(base.count + 1))) }
        }
        return found.sorted()
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        do { return [UInt8](try LessonFile.read(path, maxMB: 64, bound: .fixed("an imported file"))) } catch
        {
            throw Failure(description: "\(path): cannot read: \(error.description)")
        }
    }

    /// Writes `files` under `course` (each component reached without following a link, each file staged and
    /// renamed into place); refuses, before writing anything, when any of them is already there (the import
    /// never replaces a file). Returns the lines that say what was done.
    public static func write(_ files: [File], course: String) throws(Failure) -> [String] {
        do {
            guard let root = try ConfinedFolder.open(course, creating: true) else {
                throw Failure(description: "\(course): cannot create the folder")
            }
            let taken = files.map(\.path).filter { root.entry($0).entry != .missing }
            guard taken.isEmpty else {
                throw Failure(
                    description:
                        "nothing imported: \(taken.map(root.display).joined(separator: ", ")) already exist\(taken.count == 1 ? "s" : ""); the import never replaces a file (import into another course, or move them)"
                )
            }
            // All or nothing: a file that cannot be written (a name too long, a full disk) takes back those this
            // import wrote before it (they were left half an import, which a second try refused).
            var written: [String] = []
            do {
                for file in files {
                    let temporary = try root.stage(file.bytes, for: file.path)
                    guard root.entry(file.path).entry == .missing else {
                        Cleanup.shared.discard(temporary, in: root)
                        throw Failure(description: "\(root.display(file.path)): appeared while importing; left as it is")
                    }
                    try root.commit(temporary, to: file.path)
                    written.append(file.path)
                }
            } catch {
                for path in written.reversed() { _ = root.removeFile(path) }
                throw error
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot write the lessons: \(error)")
        }
        return files.map { file in
            file.source.isEmpty ? "\(file.path): \(file.change)" : "\(file.path) ← \(file.source) (\(file.change))"
        }
    }
}
