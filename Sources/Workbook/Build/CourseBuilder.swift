import Foundation
import RNN

/// The whole build: every lesson, the index page and the assets, as files in memory keyed by their path
/// under the output folder. Nothing is written here; `OutputWriter` writes only a build without errors.
public struct CourseBuild: Sendable {
    public let files: [String: [UInt8]]
    public let lessons: [LessonProduct]
    public let diagnostics: [Diagnostic]
    /// Whether the build covers whole folders (then files in Output/ that it does not produce are stale).
    public let isWholeCourse: Bool
    /// The course file's title, author and term (empty when there is none).
    public var course = CourseFile()

    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
}

public enum CourseBuilder {
    /// The course in `options.edition`, and for a whole course with a roster (`options.roster` or the course
    /// file's), each student's student edition of their own variant under `student/<id>/`.
    public static func build(inputs: [String], options: BuildOptions) -> CourseBuild {
        // The course file is read once, for every edition built.
        let course = CourseFile.read(CourseFile.path(for: inputs))
        var (main, generated) = buildEdition(inputs: inputs, options: options, course: course)
        main.course = course.0
        guard main.isWholeCourse else { return main }
        guard let rosterPath = options.roster ?? course.0.roster else { return main }
        let (roster, problems) = Roster.read(rosterPath)
        var diagnostics = main.diagnostics + problems
        for student in roster?.students ?? [] {
            var own = options
            (own.edition, own.variant, own.progress, own.assetPrefix) = (.student, student.id, nil, "../../")
            let (edition, _) = buildEdition(inputs: inputs, options: own, course: course)
            for (path, bytes) in edition.files.sorted(by: { $0.key < $1.key }) where !path.hasPrefix("assets/") {
                generated.add("student/\(student.id)/" + path, bytes, by: .edition(of: student.id))
            }
            // Warnings are the main build's again; an error is this student's variant's own.
            diagnostics += edition.diagnostics.filter { $0.severity == .error }.map {
                $0.withMessage("in the student edition of '\(student.id)': " + $0.message, details: $0.details)
            }
        }
        diagnostics += generated.diagnostics.filter { !main.diagnostics.contains($0) }
        return CourseBuild(
            files: generated.files, lessons: main.lessons, diagnostics: diagnostics, isWholeCourse: true,
            course: course.0)
    }

    static func buildEdition(inputs: [String], options: BuildOptions, course: (CourseFile, [Diagnostic])) -> (
        CourseBuild, GeneratedFiles
    ) {
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
        let assets = AssetLinks.make(katexDirectory: options.katexDirectory, prefix: options.assetPrefix)
        var unique: [(path: String, slug: String)] = []
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
            unique.append((path, slug))
        }
        // Lessons are independent: build them on `jobs` threads, each result in its own slot, so the output
        // does not depend on which thread finished first.
        let results = ResultSlots<Result<LessonProduct, Diagnostic>>(count: unique.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, options.jobs)
        for (i, lesson) in unique.enumerated() {
            queue.addOperation {
                let start = Date()
                let result = Result { () throws(Diagnostic) -> LessonProduct in
                    let file = try LessonSource.read(lesson.path, limits: options.limits)
                    let key = options.cache?.key(for: file, slug: lesson.slug, options: options, assets: assets)
                    if let cache = options.cache, let key,
                        let cached = cache.lookup(key, file: file, slug: lesson.slug, limits: options.limits)
                    {
                        return cached
                    }
                    let product = Products.sharingProcessors {
                        Pipeline.build(file, slug: lesson.slug, options: options, assets: assets)
                    }
                    if let cache = options.cache, let key, product.succeeded { cache.store(product, key: key) }
                    return product
                }
                if case .success(let product) = result { options.progress?(product, Date().timeIntervalSince(start)) }
                results.set(i, result)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        var lessons: [LessonProduct] = []
        for result in results.values {
            switch result {
            case .success(let product): lessons.append(product)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            case nil: break
            }
        }
        for lesson in lessons { diagnostics += lesson.diagnostics }
        let pages = Site.complete(lessons, course: course.0)
        var generated = files(of: lessons, pages: pages, assets: assets, isWholeCourse: isWholeCourse)
        if isWholeCourse {
            diagnostics += course.1
            generated.add(
                "index.html", Array(IndexPage.html(lessons: lessons, assets: assets, course: course.0).utf8), by: .index
            )
        }
        diagnostics += generated.diagnostics
        let files = generated.files
        return (
            CourseBuild(files: files, lessons: lessons, diagnostics: diagnostics, isWholeCourse: isWholeCourse),
            generated
        )
    }

    /// An edition's files, each claimed by what makes it (`GeneratedFiles`): the assets, each lesson's handouts,
    /// saved files and images, its page as `Site` completed it, the search index; the PDFs `build --pdf` prints
    /// are claimed too, so a lesson named `course.md` clashes whether or not they are printed.
    static func files(of lessons: [LessonProduct], pages: [String: String], assets: AssetLinks, isWholeCourse: Bool)
        -> GeneratedFiles
    {
        var generated = GeneratedFiles()
        for (path, bytes) in assets.files.sorted(by: { $0.key < $1.key }) { generated.add(path, bytes, by: .assets) }
        generated.reserve("search-index.js", for: .search)
        if isWholeCourse {
            generated.reserve("index.html", for: .index)
            if !lessons.isEmpty { generated.reserve(PrintedHandouts.courseName, for: .coursePDF) }
        }
        for lesson in lessons {
            guard let html = lesson.html, let markdown = lesson.markdown else { continue }
            generated.add("\(lesson.slug).html", Array((pages[lesson.slug] ?? html).utf8), by: .page(lesson.path))
            generated.add("\(lesson.slug).md", Array(markdown.utf8), by: .markdown(lesson.path))
            generated.reserve("\(lesson.slug).pdf", for: .pdf(lesson.path))
            for (name, data) in lesson.attachments.sorted(by: { $0.key < $1.key }) {
                generated.add("\(lesson.slug).\(name)", [UInt8](data), by: .saved(name, by: lesson.path))
            }
            for (path, data) in lesson.images.sorted(by: { $0.key < $1.key }) {
                generated.add(path, [UInt8](data), by: .image(shownBy: lesson.path))
            }
        }
        generated.add(
            "search-index.js",
            Array(Site.searchIndex(lessons.compactMap { l in pages[l.slug].map { (l.slug, l.title, $0) } }).utf8),
            by: .search)
        return generated
    }
}

/// Slots filled from several threads, each exactly once, read after all are done.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

/// `index.html`: the course's title (from the course file), its lessons in order, with links to both handouts.
enum IndexPage {
    static func html(lessons: [LessonProduct], assets: AssetLinks, course: CourseFile = CourseFile()) -> String {
        var items = ""
        for lesson in lessons {
            let slug = HTML.escape(lesson.slug)
            items +=
                "<li><a href=\"\(slug).html\">\(HTML.escape(lesson.title))</a> <span class=\"wb-muted\">(<a href=\"\(slug).md\">Markdown</a>, from <code>\(HTML.escape(lesson.path))</code>)</span></li>\n"
        }
        let title = HTML.escape(course.title ?? "Course handouts")
        let byline = [course.author, course.term].compactMap { $0 }.map { HTML.escape($0) }.joined(separator: " · ")
        return HTMLWriter.document(
            title: course.title ?? "Course handouts", assets: assets,
            body: """
                <main class="wb-lesson">
                <h1>\(title)</h1>
                \(byline.isEmpty ? "" : "<p class=\"wb-muted\">\(byline)</p>\n")<p>Lessons on recurrent neural networks. Every number in them is computed and checked by RNN Workbook.</p>
                <ol>
                \(items)</ol>
                </main>

                """)
    }
}
