import Foundation

/// The local images a lesson shows, found and copied with one rule whatever their spelling (`x.png`, `./x.png`,
/// `a/../x.png`, `../img/x.svg`, `![[x.png]]`), as Quarto and Jupyter Book treat them:
/// - an image inside the lesson's folder is copied under the same path, so the page's address for it holds;
/// - an image elsewhere in the course folder (the folder holding the lesson's folder, where `workbook.yml`
///   stands) is copied to `course-files/<its path there>` and the handouts point at that copy;
/// - an image that is not there, or that lies outside the course folder (which the build never reads), is a
///   warning at its place, and the handouts show a placeholder with its alt text; `--strict` makes it an error.
enum LessonImages {
    /// The folder of the output folder that holds the course folder's images (outside every lessons folder).
    static let courseFolder = "course-files"

    /// Where a relative image path written in a lesson leads.
    enum Place: Equatable {
        /// A path inside the lesson's folder (also the copy's path in the output folder).
        case lesson(String)
        /// A path inside the course folder, outside the lesson's folder.
        case course(String)
        /// Above the course folder.
        case outside
    }

    /// The place of `url`, read from a lesson in the folder named `lessonFolder`; nil for a path that is no local
    /// image (a URL, an absolute path, no image extension, a hidden file).
    static func place(_ url: String, lessonFolder: String) -> Place? {
        guard LessonParser.isRelativeImage(url) else { return nil }
        guard let parts = RelativePath.components(url, from: [Substring(lessonFolder)]) else { return .outside }
        if parts.count > 1, parts[0] == lessonFolder { return .lesson(parts.dropFirst().joined(separator: "/")) }
        return parts.isEmpty ? nil : .course(parts.joined(separator: "/"))
    }

    /// The images' copies by their path in the output folder, where the handouts point (`ImagePlacement`), and the
    /// warnings for the images that cannot be shown. A file that is there but cannot be read (a link out of its
    /// folder, too large) is an error, as for any file a lesson reads.
    static func resolve(_ images: [(path: String, location: SourceLocation)], reader: ExecutionContext)
        throws(Diagnostic) -> (copies: [String: FileCopy], placement: ImagePlacement, warnings: [Diagnostic])
    {
        let lessonFolder = URL(fileURLWithPath: reader.file.path).standardizedFileURL.deletingLastPathComponent()
        let course = lessonFolder.deletingLastPathComponent().path
        var copies: [String: FileCopy] = [:]
        var placement = ImagePlacement()
        var warnings: [Diagnostic] = []
        for (url, location) in images {
            switch place(url, lessonFolder: lessonFolder.lastPathComponent) {
            case .lesson(let path) where FileManager.default.fileExists(atPath: lessonFolder.path + "/" + path):
                copies[path] = try reader.copyOfLessonFile(path, at: location)
            case .course(let path) where FileManager.default.fileExists(atPath: course + "/" + path):
                copies[courseFolder + "/" + path] = try reader.copyOfCourseImage("../" + path, at: location)
                placement.moved[url] = courseFolder + "/" + path
            case .lesson, .course:
                placement.missing.insert(url)
                warnings.append(
                    Diagnostic(
                        .warning, in: reader.file, at: location,
                        "the image '\(url)' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error"
                    ))
            case .outside:
                placement.missing.insert(url)
                warnings.append(
                    Diagnostic(
                        .warning, in: reader.file, at: location,
                        "the image '\(url)' is outside the course folder '\(course)', which the build never reads, so the handouts show its alt text in its place; copy it into the course folder and write its path from the lesson"
                    ))
            case nil: continue
            }
        }
        return (copies, placement, warnings)
    }

    /// The path in the output folder of a file a lesson read as an image (`filesRead`'s key): `../p`, read from
    /// the course folder, is `course-files/p`; a path in the lesson's folder is its own.
    static func outputPath(ofRead relative: String) -> String {
        relative.hasPrefix("../") ? courseFolder + "/" + relative.dropFirst(3) : relative
    }
}

extension ExecutedLesson {
    /// Points the handouts at the images' copies and placeholders: the prose's and those of the Markdown inside
    /// the directives (a question, a hint, a solution, an `instructor` block), which is parsed on its own.
    mutating func place(_ placement: ImagePlacement) {
        lesson.imagePlacement = placement
        outputs = outputs.mapValues { output in (output.blocks.map { $0.placing(placement) }, output.echo) }
    }
}

extension OutputBlock {
    /// This block with `placement` in each of its Markdown fragments. A live figure holds its directive's
    /// tables and plots, never Markdown.
    fileprivate func placing(_ placement: ImagePlacement) -> OutputBlock {
        switch self {
        case .prose(let fragment):
            var lesson = fragment.lesson
            lesson.imagePlacement = placement
            return .prose(ProseFragment(lesson: lesson, values: fragment.values, numbering: fragment.numbering))
        case .box(let title, let kind, let blocks):
            return .box(title: title, kind: kind, blocks: blocks.map { $0.placing(placement) })
        case .reveal(let blocks):
            return .reveal(blocks.map { $0.placing(placement) })
        default: return self
        }
    }
}
