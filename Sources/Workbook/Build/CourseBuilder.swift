import Foundation
import RNN

/// The whole build: every edition it makes, each a complete site (lessons, index page, assets, search index) in
/// a folder of its own under the output folder, as files in memory keyed by their path in that folder. Nothing
/// is written here; `OutputWriter` writes only a build without errors.
public struct CourseBuild: Sendable {
    /// The first edition's files (the instructor's, unless only student editions were asked for).
    public let files: [String: [UInt8]]
    /// The first edition's files copied as they are (the lessons' images), streamed when written.
    public var copies: [String: FileCopy] = [:]
    public let lessons: [LessonProduct]
    public internal(set) var diagnostics: [Diagnostic]
    /// Whether the build covers whole folders (then files in Output/ that it does not produce are stale).
    public let isWholeCourse: Bool
    /// The course file's title, author and term (empty when there is none).
    public var course = CourseFile()
    /// Where `files` go inside the output folder: "" for the instructor's edition, `student/<id>` for a student's.
    public var folder = ""
    /// The student editions built with the first, each in its own folder.
    public var students: [EditionFiles] = []
    /// Whether the build made every student edition the course has (the roster's): then `student/everyone/`, the
    /// edition an earlier build made without a roster, is stale (`fileSets` retires it), and any other folder in
    /// `student/` is not this build's (`foldersLeft`).
    public var makesEveryStudentEdition = false

    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }

    /// Every edition as a set for `OutputWriter` under `out`, the first with `extra` files (its PDFs). The
    /// instructor's edition leaves `student/` to the students' editions: it never lists nor removes a file there.
    public func fileSets(out: String, extra: [String: [UInt8]] = [:], complete: Bool) -> [OutputWriter.FileSet] {
        let first = OutputWriter.FileSet(
            folder: out, subfolder: folder, files: files.merging(extra) { $1 }, copies: copies, isComplete: complete,
            leaves: folder.isEmpty ? [EditionFiles.studentFolder] : [])
        let made =
            [first]
            + students.map {
                OutputWriter.FileSet(
                    folder: out, subfolder: $0.folder, files: $0.files, copies: $0.copies, isComplete: complete)
            }
        guard complete, makesEveryStudentEdition else { return made }
        let everyone = EditionFiles.folder(of: nil)
        guard Self.otherEditions(in: out, than: Set(made.map(\.subfolder))).contains(everyone) else { return made }
        var retired = OutputWriter.FileSet(folder: out, subfolder: everyone, files: [:], isComplete: true)
        retired.retires = true
        return made + [retired]
    }

    /// The folders in `<out>/student/` that a build making every student edition neither makes nor retires: a
    /// student's edition from before the roster lost them, or a folder of the user's (a copy of an edition, with
    /// its manifest, is one), which the build cannot tell apart and so leaves as they are.
    public func foldersLeft(out: String, complete: Bool) -> [String] {
        guard complete, makesEveryStudentEdition else { return [] }
        let made = Set([folder] + students.map(\.folder) + [EditionFiles.folder(of: nil)])
        return Self.otherEditions(in: out, than: made)
    }

    /// The folders in `<out>/student/` (reached without following links) that are not `made`'s editions.
    public static func otherEditions(in out: String, than made: Set<String>) -> [String] {
        let root = try? ConfinedFolder.open(out, creating: false)
        guard let students = try? root?.subfolder(EditionFiles.studentFolder, creating: false) else { return [] }
        return students.folders().map { EditionFiles.studentFolder + "/" + $0 }.filter { !made.contains($0) }
    }
}

/// One student edition's files, by their path inside its folder (`student/<id>`).
public struct EditionFiles: Sendable {
    /// The folder below the output folder that holds every student edition.
    public static let studentFolder = "student"
    /// The student edition without a variant (the course's own numbers), for a course without a roster.
    public static let everyone = "everyone"

    public let folder: String
    public let files: [String: [UInt8]]
    public var copies: [String: FileCopy] = [:]

    static func folder(of variant: String?) -> String { studentFolder + "/" + (variant ?? everyone) }
}

public enum CourseBuilder {
    /// The editions a build makes. The instructor edition (the default) at the top of the output folder, with,
    /// for a whole course with a roster (`options.roster` or the course file's), each student's edition of their
    /// own variant in `student/<id>/`. `--edition student`: the edition of `--variant` alone, else every roster
    /// student's, else the one without a variant in `student/everyone/`.
    public static func build(inputs: [String], options: BuildOptions) -> CourseBuild {
        var build = buildEditions(inputs: inputs, options: options)
        if options.strict { build.diagnostics = build.diagnostics.map(\.strict) }
        return build
    }

    /// The editions `build` makes, with their diagnostics as found.
    static func buildEditions(inputs: [String], options: BuildOptions) -> CourseBuild {
        // Every lesson's labels first (once for every edition), so that each lesson can refer to the others'.
        var options = options
        if options.crossReferences == nil {
            options.crossReferences = CrossReferences.collect(inputs, options: options)
        }
        // The course file is read once, for every edition built.
        let course = CourseFile.read(CourseFile.path(for: inputs))
        options.slides = options.slides || course.0.slides
        var roster: [Roster.Student] = []
        var problems: [Diagnostic] = []
        if let path = options.roster ?? course.0.roster {
            let read = Roster.read(path)
            (roster, problems) = (read.0?.students ?? [], read.1)
        }
        // A roster names every student edition of the course: others in student/ are stale (`fileSets`).
        let rosterEditions = options.variant == nil && !roster.isEmpty
        var first = options
        if options.edition == .student {
            // One student's edition (`--variant`, named as the roster names them), else every roster student's.
            if let variant = options.variant {
                first.studentName = roster.first { $0.id == variant }?.name
                (roster, problems) = ([], [])
            } else if !roster.isEmpty {
                (first.variant, first.studentName) = (roster[0].id, roster[0].name)
                roster.removeFirst()
            }
        }
        // The assets (KaTeX's fonts and scripts, the style sheet) are read once: every edition's files share them.
        let assets = AssetLinks.make(katexDirectory: options.katexDirectory)
        var (main, _) = buildEdition(inputs: inputs, options: first, course: course, assets: assets)
        main.course = course.0
        if options.edition == .student { main.folder = EditionFiles.folder(of: first.variant) }
        guard main.isWholeCourse else { return main }
        let mainStudent = options.edition == .student && options.variant == nil ? first.variant : nil
        let (students, studentErrors) = studentEditions(
            roster, beside: main, mainStudent: mainStudent, inputs: inputs, options: options, course: course,
            assets: assets)
        let kept = main.diagnostics.filter { mainStudent == nil || $0.severity != .error }
        let diagnostics = kept + problems + studentErrors
        var build = CourseBuild(
            files: main.files, lessons: main.lessons, diagnostics: diagnostics, isWholeCourse: true,
            course: course.0)
        (build.folder, build.students, build.copies) = (main.folder, students, main.copies)
        build.makesEveryStudentEdition = rosterEditions
        return build
    }

    /// Every roster student's edition but `main`'s, and their errors reported once each (`EditionErrors`): an error
    /// the instructor edition has is its own, and `main`'s are among the students' when it is one of theirs
    /// (`mainStudent`, its id).
    static func studentEditions(
        _ roster: [Roster.Student], beside main: CourseBuild, mainStudent: String?, inputs: [String],
        options: BuildOptions, course: (CourseFile, [Diagnostic]), assets: AssetLinks
    ) -> ([EditionFiles], [Diagnostic]) {
        var errors = mainStudent.map { [(id: $0, errors: main.diagnostics.filter { $0.severity == .error })] } ?? []
        var students: [EditionFiles] = []
        for student in roster {
            var own = options
            (own.edition, own.variant, own.studentName, own.progress) = (.student, student.id, student.name, nil)
            own.printsCourse = false  // `course.pdf` is the first edition's
            let (edition, _) = buildEdition(inputs: inputs, options: own, course: course, assets: assets)
            students.append(
                EditionFiles(folder: EditionFiles.folder(of: student.id), files: edition.files, copies: edition.copies))
            // Warnings are the main build's again.
            let found = edition.diagnostics.filter {
                $0.severity == .error && (mainStudent != nil || !main.diagnostics.contains($0))
            }
            errors.append((student.id, found))
        }
        return (students, EditionErrors.merged(errors, onlyEditions: mainStudent != nil))
    }

    static func buildEdition(
        inputs: [String], options: BuildOptions, course: (CourseFile, [Diagnostic]), assets: AssetLinks
    ) -> (CourseBuild, GeneratedFiles) {
        let (paths, isWholeCourse, pathProblems) = lessonPaths(inputs)
        var diagnostics = pathProblems
        let (unique, clashes) = slugged(paths)
        diagnostics += clashes
        let (citations, bibliographyDiagnostics) = CourseCitations.gather(
            course: course.0, lessons: unique, limits: options.limits)
        diagnostics += bibliographyDiagnostics
        var lessonOptions = options
        lessonOptions.citations = citations
        if isWholeCourse { lessonOptions.printedCourse = Set(unique.map(\.slug)) }
        let (results, orders, leftOut) = buildLessons(unique, options: lessonOptions, assets: assets)
        var built: [(product: LessonProduct, order: Double?)] = []
        for (result, order) in zip(results, orders) {
            switch result {
            case .success(let product?): built.append((product, order))
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            case .success(nil), nil: break
            }
        }
        let lessons = ordered(built)
        diagnostics += leftOut
        for lesson in lessons { diagnostics += lesson.diagnostics }
        let bibliography = isWholeCourse && !(citations?.cited.isEmpty ?? true) ? citations : nil
        let (pages, search) = pagesAndSearch(lessons, course: course.0, bibliography: bibliography, assets: assets)
        var generated = files(
            of: lessons, pages: pages, search: search, assets: assets, isWholeCourse: isWholeCourse,
            edition: options.edition)
        diagnostics += LiveModuleFiles.add(to: &generated, lessons: lessons, environment: options.swiftCells)
        if isWholeCourse {
            diagnostics += course.1
            generated.add(
                "index.html",
                Array(
                    IndexPage.html(
                        lessons: lessons, assets: assets, course: course.0, bibliography: bibliography != nil
                    )
                    .utf8), by: .index
            )
        }
        diagnostics += generated.diagnostics
        if options.edition == .student {
            diagnostics += LeakGuard.check(
                edition: generated.files, copies: generated.copies, lessons: lessons, limits: options.limits)
        }
        var build = CourseBuild(
            files: generated.files, lessons: lessons, diagnostics: diagnostics, isWholeCourse: isWholeCourse)
        build.copies = generated.copies
        return (build, generated)
    }

    /// The lessons the inputs name (a folder's `.md` files, or a lesson), and whether they are a whole course (no
    /// input names a single lesson).
    static func lessonPaths(_ inputs: [String]) -> (paths: [String], isWholeCourse: Bool, [Diagnostic]) {
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
        return (paths, isWholeCourse, diagnostics)
    }

    /// Each lesson with its slug (its file name without `.md`); a second lesson of the same slug is an error.
    static func slugged(_ paths: [String]) -> ([(path: String, slug: String)], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
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
        return (unique, diagnostics)
    }

    /// The pages `Site` completes (sidebars, pager, the bibliography page) and `search-index.js`, side by side: they
    /// are independent, and each is large for a long lesson.
    static func pagesAndSearch(
        _ lessons: [LessonProduct], course: CourseFile, bibliography: CourseCitations?, assets: AssetLinks
    ) -> (pages: [String: [UInt8]], search: [UInt8]) {
        let pages = Locked<[String: [UInt8]]>([:])
        let search = Locked<[UInt8]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                pages.value = Site.complete(lessons, course: course, bibliography: bibliography, assets: assets)
            } else {
                search.value = searchIndex(of: lessons, bibliography: bibliography)
            }
        }
        return (pages.value, search.value)
    }

    /// Builds the lessons on `options.jobs` threads, each result in its own slot, so the output does not depend on
    /// which thread finished first (lessons are independent), through the cache when there is one. A lesson its
    /// front matter leaves out (a draft, an instructor-only lesson in a student edition) has no product; a draft
    /// gets a note. Each lesson's `weight`/`order` comes back beside it.
    static func buildLessons(_ unique: [(path: String, slug: String)], options: BuildOptions, assets: AssetLinks)
        -> (results: [Result<LessonProduct?, Diagnostic>?], orders: [Double?], leftOut: [Diagnostic])
    {
        let results = Locked<[Result<LessonProduct?, Diagnostic>?]>(slots: unique.count)
        let orders = Locked<[Double??]>(slots: unique.count)
        let leftOut = Locked<[Diagnostic?]>(slots: unique.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, options.jobs)
        for (i, lesson) in unique.enumerated() {
            queue.addOperation {
                let start = Date()
                let result = Result { () throws(Diagnostic) -> LessonProduct? in
                    let file = try LessonSource.read(lesson.path, limits: options.limits)
                    // The front matter decides whether the lesson is in this build at all, and where.
                    let front = FrontMatter.read(file).0
                    if front?.draft == true, !options.drafts {
                        leftOut.set(
                            i,
                            Diagnostic(
                                .note, path: lesson.path,
                                "left out: its front matter says 'draft: true' (build with --drafts to include it)"))
                        return nil
                    }
                    if front?.instructorOnly == true, options.edition == .student { return nil }
                    orders.set(i, front?.order)
                    return product(of: file, slug: lesson.slug, options: options, assets: assets)
                }
                if case .success(let product?) = result { options.progress?(product, Date().timeIntervalSince(start)) }
                results.set(i, result)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        return (results.value, orders.value.map { $0 ?? nil }, leftOut.value.compactMap { $0 })
    }

    /// One lesson's product: from the cache when it holds the lesson, else built (and kept in the cache). A build
    /// that prints the course and finds a cached lesson without its part of the print page (stored by a build
    /// that did not print) executes the lesson again for that part alone, and keeps it with the entry.
    static func product(of file: SourceFile, slug: String, options: BuildOptions, assets: AssetLinks) -> LessonProduct {
        let key = options.cache?.key(for: file, slug: slug, options: options, assets: assets)
        if let cache = options.cache, let key,
            var cached = cache.lookup(key, file: file, slug: slug, limits: options.limits)
        {
            guard options.printPartCourse != nil, cached.printPart == nil else { return cached }
            if let part = Products.sharingProcessors({ Pipeline.printPart(file, slug: slug, options: options) }) {
                (cached.printPart, cached.fromCache) = (part, false)
                cache.store(cached, key: key)
                return cached
            }
        }
        let product = Products.sharingProcessors {
            Pipeline.build(file, slug: slug, options: options, assets: assets)
        }
        if let cache = options.cache, let key, product.succeeded, !product.showsPlaceholders {
            cache.store(product, key: key)
        }
        return product
    }

    /// The lessons in course order (`LessonOrder`).
    static func ordered(_ lessons: [(product: LessonProduct, order: Double?)]) -> [LessonProduct] {
        LessonOrder.ordered(lessons.map { (item: $0.product, order: $0.order) })
    }

    /// An edition's files, each claimed by what makes it (`GeneratedFiles`): the assets, each lesson's handouts,
    /// saved files and images, its page as `Site` completed it, the search index; the PDFs `build --pdf` prints
    /// are claimed too, so a lesson named `course.md` clashes whether or not they are printed.
    static func files(
        of lessons: [LessonProduct], pages: [String: [UInt8]], search: [UInt8], assets: AssetLinks,
        isWholeCourse: Bool, edition: Edition
    ) -> GeneratedFiles {
        var generated = GeneratedFiles()
        for (path, bytes) in assets.files.sorted(by: { $0.key < $1.key }) { generated.add(path, bytes, by: .assets) }
        if lessons.contains(where: { $0.slides != nil }) {
            for (path, bytes) in SlideAssets.files.sorted(by: { $0.key < $1.key }) {
                generated.add(path, bytes, by: .assets)
            }
        }
        generated.reserve("search-index.js", for: .search)
        if edition == .instructor { generated.reserve(EditionFiles.studentFolder, for: .studentEditions) }
        if isWholeCourse {
            generated.reserve("index.html", for: .index)
            if !lessons.isEmpty { generated.reserve(PrintedHandouts.courseName, for: .coursePDF) }
        }
        for lesson in lessons {
            guard let html = lesson.html, let markdown = lesson.markdown else { continue }
            generated.add("\(lesson.slug).html", pages[lesson.slug] ?? Array(html.utf8), by: .page(lesson.path))
            generated.add("\(lesson.slug).md", Array(markdown.utf8), by: .markdown(lesson.path))
            generated.reserve("\(lesson.slug).pdf", for: .pdf(lesson.path))
            if let slides = lesson.slides {
                generated.add("\(lesson.slug).slides.html", Array(slides.utf8), by: .slides(lesson.path))
                generated.reserve("\(lesson.slug).slides.pdf", for: .pdf(lesson.path))
            }
            for (name, data) in lesson.attachments.sorted(by: { $0.key < $1.key }) {
                generated.add("\(lesson.slug).\(name)", [UInt8](data), by: .saved(name, by: lesson.path))
            }
            for (path, copy) in lesson.images.sorted(by: { $0.key < $1.key }) {
                generated.add(path, copying: copy, by: .image(shownBy: lesson.path))
            }
        }
        if let page = pages[Site.bibliographyKey] {
            generated.add(CourseCitations.pageName, page, by: .bibliography)
        }
        generated.add("search-index.js", search, by: .search)
        return generated
    }

    /// `search-index.js`: every built lesson's sections, and the bibliography page's when there is one.
    static func searchIndex(of lessons: [LessonProduct], bibliography: CourseCitations?) -> [UInt8] {
        let built = lessons.filter { $0.html != nil }
        var searched = built.map { (slug: $0.slug, title: $0.title, sections: $0.search) }
        if let bibliography {
            searched.append(
                (
                    String(CourseCitations.pageName.dropLast(5)), BibliographyPage.title,
                    BibliographyPage.searchSections(bibliography, lessons: built)
                ))
        }
        return Array(SearchIndexScript.script(searched).utf8)
    }
}
