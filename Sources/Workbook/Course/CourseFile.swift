import Foundation

/// The optional course file, `workbook.yml`, beside the lessons folder: the course's title, author and term,
/// shown on the course's index page, its roster, the bibliography lessons cite from with the citation style, and
/// whether every lesson gets slides.
/// Its keys are checked as a directive's are.
public struct CourseFile: Sendable, Equatable {
    public static let name = "workbook.yml"
    static let keys = ["title", "author", "term", "roster", "bibliography", "citation-style", "slides"]

    public var title: String?
    public var author: String?
    public var term: String?
    /// The class list (a CSV file, relative to the course file): a student edition per student.
    public var roster: String?
    /// The BibTeX file lessons cite from (relative to the course file), read with `Bibliography.load(path:)`.
    public var bibliography: String?
    /// How citations read: `author-year` (the default) or `numeric`.
    public var citationStyle = CitationStyle.authorYear
    /// `slides: true`: every lesson gets a slide deck too, unless its front matter says `slides: false`.
    public var slides = false

    public init(title: String? = nil, author: String? = nil, term: String? = nil) {
        (self.title, self.author, self.term) = (title, author, term)
    }

    /// Where the course file of a build stands: beside the first lessons folder given (`Lessons` → `workbook.yml`,
    /// `course/Lessons` → `course/workbook.yml`), or beside the folder of the first lesson file given.
    public static func path(for inputs: [String]) -> String {
        guard let first = inputs.first else { return name }
        var folder = URL(fileURLWithPath: first).standardizedFileURL
        if first.hasSuffix(".md") { folder.deleteLastPathComponent() }
        let parent = folder.deletingLastPathComponent()
        let relative = parent.path == FileManager.default.currentDirectoryPath ? "" : parent.path + "/"
        return relative + name
    }

    /// Reads the course file at `path`; none there is an empty course file. Mistakes are diagnostics at their line.
    public static func read(_ path: String) -> (CourseFile, [Diagnostic]) {
        guard FileManager.default.fileExists(atPath: path) else { return (CourseFile(), []) }
        let file: SourceFile
        let root: ConfigNode?
        do {
            file = try text(path)
            root = try ConfigNode.parse(file.text, firstLine: 1, columnOffset: 0, file: file, what: "the course file")
        } catch {
            return (CourseFile(), [error])
        }
        var course = CourseFile()
        var diagnostics: [Diagnostic] = []
        guard let root else { return (course, []) }
        guard case .map(let pairs, _) = root else {
            return (
                course, [Diagnostic(.error, in: file, at: root.location, "the course file holds 'key: value' lines")]
            )
        }
        for pair in pairs {
            guard keys.contains(pair.key) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: pair.keyLocation,
                        "unknown key '\(pair.key)' in the course file" + didYouMean(pair.key, among: keys)
                            + "; it takes " + keys.joined(separator: ", ")))
                continue
            }
            guard case .scalar(let value, _, _) = pair.value, !value.isEmpty else {
                diagnostics.append(
                    Diagnostic(.error, in: file, at: pair.value.location, "'\(pair.key)' must be text"))
                continue
            }
            if let problem = course.set(pair.key, to: value, at: pair.value.location, path: path, file: file) {
                diagnostics.append(problem)
            }
        }
        return (course, diagnostics)
    }

    /// The course file's text (at most 1 MiB of UTF-8).
    private static func text(_ path: String) throws(Diagnostic) -> SourceFile {
        let data: Data
        do {
            data = try LessonFile.read(path, maxMB: 1, bound: .fixed("a course file"))
        } catch {
            throw Diagnostic(.error, path: path, "cannot read the course file: \(error.description)")
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.error, path: path, "the course file is not UTF-8 text")
        }
        return SourceFile(path: path, text: decoded)
    }

    /// Sets one key from its text; what is wrong with the value, if anything.
    private mutating func set(_ key: String, to value: String, at location: SourceLocation, path: String, file: SourceFile)
        -> Diagnostic?
    {
        switch key {
        case "title": title = value
        case "author": author = value
        case "roster": roster = Self.beside(path, value)
        case "bibliography": bibliography = Self.beside(path, value)
        case "slides":
            guard let on = ["true": true, "yes": true, "false": false, "no": false][value.lowercased()] else {
                return Diagnostic(
                    .error, in: file, at: location,
                    "'slides' is true (every lesson gets a slide deck too) or false; got '\(value)'")
            }
            slides = on
        case "citation-style":
            guard let style = CitationStyle(rawValue: value) else {
                let styles = CitationStyle.allCases.map(\.rawValue)
                return Diagnostic(
                    .error, in: file, at: location,
                    "unknown citation style '\(value)'" + didYouMean(value, among: styles) + "; it is "
                        + styles.joined(separator: " or "))
            }
            citationStyle = style
        default: term = value
        }
        return nil
    }

    /// `value`, a path relative to the course file at `path`.
    static func beside(_ path: String, _ value: String) -> String {
        let folder = path.parentPath
        return folder.isEmpty ? value : folder + "/" + value
    }
}
