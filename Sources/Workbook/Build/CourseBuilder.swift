/// The whole build: every lesson, the index page and the assets, as files in memory keyed by their path
/// under the output folder. Nothing is written here; `OutputWriter` writes only a build without errors.
public struct CourseBuild: Sendable {
    public let files: [String: [UInt8]]
    public let lessons: [LessonProduct]
    public let diagnostics: [Diagnostic]
    /// Whether the build covers whole folders (then files in Output/ that it does not produce are stale).
    public let isWholeCourse: Bool

    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
}

public enum CourseBuilder {
    public static func build(inputs: [String], options: BuildOptions) -> CourseBuild {
        var diagnostics: [Diagnostic] = []
        var paths: [String] = []
        var isWholeCourse = true
        for input in inputs {
            do {
                let found = try LessonSource.files(for: input)
                if found == [input] { isWholeCourse = false }
                if found.isEmpty {
                    diagnostics.append(Diagnostic(.warning, path: input, "no lessons (.md files) in this folder"))
                }
                paths += found
            } catch {
                diagnostics.append(error)
            }
        }
        let assets = AssetLinks.make(katexDirectory: options.katexDirectory)
        var lessons: [LessonProduct] = []
        var slugs: [String: String] = [:]
        for path in paths {
            let slug = String(path.split(separator: "/").last!.dropLast(3))
            if let other = slugs[slug] {
                diagnostics.append(
                    Diagnostic(
                        .error, path: path, "two lessons would both write Output/\(slug).html (the other is \(other))"))
                continue
            }
            slugs[slug] = path
            do {
                let file = try LessonSource.read(path)
                lessons.append(Pipeline.build(file, slug: slug, options: options, assets: assets))
            } catch {
                diagnostics.append(error)
            }
        }
        var files = assets.files
        for lesson in lessons {
            diagnostics += lesson.diagnostics
            if let html = lesson.html, let markdown = lesson.markdown {
                files["\(lesson.slug).html"] = Array(html.utf8)
                files["\(lesson.slug).md"] = Array(markdown.utf8)
            }
        }
        if isWholeCourse {
            files["index.html"] = Array(IndexPage.html(lessons: lessons, assets: assets).utf8)
        }
        return CourseBuild(files: files, lessons: lessons, diagnostics: diagnostics, isWholeCourse: isWholeCourse)
    }
}

/// `index.html`: the course's lessons in order, with links to both handouts.
enum IndexPage {
    static func html(lessons: [LessonProduct], assets: AssetLinks) -> String {
        var items = ""
        for lesson in lessons {
            let slug = HTML.escape(lesson.slug)
            items +=
                "<li><a href=\"\(slug).html\">\(HTML.escape(lesson.title))</a> <span class=\"wb-muted\">(<a href=\"\(slug).md\">Markdown</a>, from <code>\(HTML.escape(lesson.path))</code>)</span></li>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="RNN Workbook">
            <title>Course handouts</title>
            \(assets.head)
            </head>
            <body>
            <main class="wb-lesson">
            <h1>Course handouts</h1>
            <p>Lessons on recurrent neural networks. Every number in them is computed and checked by RNN Workbook.</p>
            <ol>
            \(items)</ol>
            </main>
            </body>
            </html>

            """
    }
}
