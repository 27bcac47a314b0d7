import Foundation

/// The PDFs of a build: `<lesson>.pdf` for every lesson, and for a whole course `course.pdf`, printed by
/// headless Chromium from the pages the build writes, after KaTeX has typeset them.
///
/// Each PDF records the SHA-256 of what it was printed from (its *source*: the page, the assets and the
/// lesson's images; for the course, every lesson's source and the course file's title, author and term).
/// A PDF whose source is the build's is current: it is kept as it is, by `build --pdf` (no browser runs) and
/// by a build without `--pdf`, which removes only stale ones; `workbook check` compares sources, so it needs no
/// browser. PDFs are also kept in the cache folder by source.
public enum PrintedHandouts {
    public static let courseName = "course.pdf"
    static let version = "workbook-pdf 1"
    /// A PDF larger than this, in the output folder or the cache, is not one the tool printed.
    static let maxBytes = 1 << 30

    public struct Options: Sendable {
        /// The browser's path, or nil to look for it on PATH.
        public var chromium: String?
        /// Where printed PDFs are kept by source (nil: no cache, and Output's PDFs are printed again too).
        public var cacheDirectory: String?
        public var jobs = ProcessInfo.processInfo.activeProcessorCount

        public init(chromium: String? = nil, cacheDirectory: String? = nil) {
            (self.chromium, self.cacheDirectory) = (chromium, cacheDirectory)
        }
    }

    /// One PDF the build makes.
    struct Job {
        let name: String
        let source: String
        let lesson: LessonProduct?
        /// The page printed (a lesson's page or its slides); nil for the course's PDF.
        var page: String? = nil
    }

    /// What the build prints: each lesson's PDF (and its slides' PDF, when it has slides), then the course's
    /// (for a whole course).
    static func jobs(_ build: CourseBuild) -> [Job] {
        var assets = ""
        for (path, bytes) in build.files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("assets/") {
            assets += path + " " + digest(bytes) + "\n"
        }
        var jobs: [Job] = []
        for lesson in build.lessons {
            guard let page = build.files["\(lesson.slug).html"] else { continue }
            var text = version + "\npage " + digest(page) + "\n" + assets
            for (path, copy) in lesson.images.sorted(by: { $0.key < $1.key }) {
                text += "image " + path + " " + copy.digest + "\n"
            }
            jobs.append(
                Job(name: "\(lesson.slug).pdf", source: digest(Array(text.utf8)), lesson: lesson, page: "\(lesson.slug).html"))
        }
        let slides = build.lessons.compactMap { lesson -> Job? in
            guard let page = build.files["\(lesson.slug).slides.html"],
                let handout = jobs.first(where: { $0.lesson?.slug == lesson.slug })
            else { return nil }
            let text = version + "\nslides " + digest(page) + "\n" + handout.source
            return Job(
                name: "\(lesson.slug).slides.pdf", source: digest(Array(text.utf8)), lesson: lesson,
                page: "\(lesson.slug).slides.html")
        }
        if build.isWholeCourse, !jobs.isEmpty {
            let course = [build.course.title, build.course.author, build.course.term].map { $0 ?? "-" }
            let text = ([version, "course"] + course.map { "meta " + $0 } + jobs.map(\.source)).joined(separator: "\n")
            jobs.append(Job(name: courseName, source: digest(Array(text.utf8)), lesson: nil))
        }
        return jobs + slides
    }

    /// The names of the PDFs `build --pdf` writes for this build.
    public static func names(_ build: CourseBuild) -> [String] {
        let lessons = build.lessons.filter { build.files["\($0.slug).html"] != nil }.map { "\($0.slug).pdf" }
        let slides = build.lessons.filter { build.files["\($0.slug).slides.html"] != nil }.map { "\($0.slug).slides.pdf" }
        return lessons + (build.isWholeCourse && !lessons.isEmpty ? [courseName] : []) + slides
    }

    /// The PDFs in `directory` that are current for this build (their recorded source is the build's), by name.
    /// Sources are computed only when there is a PDF to compare: every build and every preview rebuild asks.
    public static func current(_ build: CourseBuild, in directory: String) -> [String: [UInt8]] {
        guard let folder = try? ConfinedFolder.open(directory, creating: false),
            names(build).contains(where: { if case .file = folder.entry($0).entry { true } else { false } })
        else { return [:] }
        var found: [String: [UInt8]] = [:]
        for job in jobs(build) {
            if let bytes = existing(job.name, in: folder, source: job.source) { found[job.name] = bytes }
        }
        return found
    }

    /// Every PDF of the build, by name: current ones from `directory` or the cache, the others printed.
    public static func make(_ build: CourseBuild, reusing directory: String, options: Options) throws(Chromium
        .PrintError)
        -> [String: [UInt8]]
    {
        let all = jobs(build)
        var pdfs: [String: [UInt8]] = [:]
        var missing: [Job] = []
        for job in all {
            if let bytes = reused(job, directory: directory, options: options) {
                pdfs[job.name] = bytes
            } else {
                missing.append(job)
            }
        }
        guard !missing.isEmpty else { return pdfs }
        let chromium = try Chromium.locate(options.chromium)
        let folder = Cleanup.shared.temporaryFolder(prefix: "workbook-print")
        defer { Cleanup.shared.removeFolder(folder) }
        try stage(build, in: folder)
        let lessons = missing.filter { $0.lesson != nil }
        let printed = Locked<[Result<[UInt8], Chromium.PrintError>?]>(slots: lessons.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, options.jobs)
        for (i, job) in lessons.enumerated() {
            queue.addOperation {
                printed.set(
                    i,
                    Result { () throws(Chromium.PrintError) in
                        try stamped(chromium.print(page: job.page!, in: folder), job, folder: folder)
                    })
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        for (i, job) in lessons.enumerated() {
            guard let result = printed.value[i] else { continue }
            pdfs[job.name] = try result.get()
            keep(pdfs[job.name]!, job, options: options)
        }
        if let course = missing.first(where: { $0.lesson == nil }) {
            pdfs[course.name] = try printCourse(build, course, chromium: chromium, folder: folder)
            keep(pdfs[course.name]!, course, options: options)
        }
        return pdfs
    }

    /// `course.pdf`, printed until its contents give the pages where the lessons start: the first print has
    /// placeholders, and each next one the pages the last one put the lessons on (its named destinations), until
    /// they agree (at once, unless a page number's width moved a line).
    private static func printCourse(_ build: CourseBuild, _ job: Job, chromium: Chromium, folder: String)
        throws(Chromium.PrintError) -> [UInt8]
    {
        let lessons = build.lessons.compactMap { lesson in
            lesson.printPart.map { CoursePrintPage.Lesson(slug: lesson.slug, title: lesson.title, part: $0) }
        }
        let page = build.lessons.first.flatMap { build.files["\($0.slug).html"] } ?? []
        let assets = AssetLinks(head: head(of: String(decoding: page, as: UTF8.self)), files: [:])
        let name = ".wb-course.html"
        var numbers: [Int]? = nil
        for _ in 0..<4 {
            let html = CoursePrintPage.html(lessons, course: build.course, assets: assets, firstPages: numbers)
            try write(html, folder + "/" + name)
            let pdf = try chromium.print(page: name, in: folder)
            let pages = PDFFile.destinationPages(pdf)
            let found = lessons.compactMap { pages[$0.slug] }
            guard found.count == lessons.count else {
                throw Chromium.PrintError(
                    description: "course.pdf: the browser's PDF does not say on which page every lesson starts")
            }
            if found == numbers { return try stamped(pdf, job, folder: folder) }
            numbers = found
        }
        throw Chromium.PrintError(
            description: "course.pdf: the contents' page numbers did not settle after 4 prints; nothing was written")
    }

    /// The build's top-level files (pages, assets, images) in the folder the browser prints from.
    private static func stage(_ build: CourseBuild, in folder: String) throws(Chromium.PrintError) {
        for (path, bytes) in build.files {
            let final = folder + "/" + path
            try? FileManager.default.createDirectory(
                atPath: final.parentPath, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: final, contents: Data(bytes)) else {
                throw Chromium.PrintError(description: "\(final): cannot write the page to print")
            }
        }
        for (path, copy) in build.copies {
            let final = folder + "/" + path
            try? FileManager.default.createDirectory(
                atPath: final.parentPath, withIntermediateDirectories: true)
            let fd = open(final, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            let failure = fd < 0 ? ConfinedFolder.lastError() : copy.write(to: fd)
            if fd >= 0 { close(fd) }
            if let failure { throw Chromium.PrintError(description: "\(final): cannot copy the image: \(failure)") }
        }
    }

    private static func write(_ text: String, _ path: String) throws(Chromium.PrintError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw Chromium.PrintError(description: "\(path): cannot write the page to print")
        }
    }

    private static func stamped(_ pdf: [UInt8], _ job: Job, folder: String) throws(Chromium.PrintError) -> [UInt8] {
        guard let bytes = PDFFile.stamp(pdf, source: job.source, printedIn: folder) else {
            throw Chromium.PrintError(
                description: "\(job.name): the browser wrote a PDF without room in its creator field for the source")
        }
        return bytes
    }

    /// The page's stylesheet and script links (between its title and the end of its head).
    static func head(of page: String) -> String {
        guard let title = page.range(of: "</title>\n"), let end = page.range(of: "\n</head>") else { return "" }
        return String(page[title.upperBound..<end.lowerBound])
    }

    private static func reused(_ job: Job, directory: String, options: Options) -> [UInt8]? {
        guard let cache = options.cacheDirectory else { return nil }
        if let output = try? ConfinedFolder.open(directory, creating: false),
            let bytes = existing(job.name, in: output, source: job.source)
        {
            return bytes
        }
        guard let kept = try? ConfinedFolder.open(cache + "/pdf", creating: false) else { return nil }
        return existing(job.source + ".pdf", in: kept, source: job.source)
    }

    private static func keep(_ pdf: [UInt8], _ job: Job, options: Options) {
        guard let cache = options.cacheDirectory else { return }
        try? AtomicFile.write(pdf, to: cache + "/pdf/" + job.source + ".pdf")
    }

    /// The file `name` in `folder` if it is a regular file (not a link) of at most `maxBytes` holding a PDF
    /// printed from `source`. The folder may be a shared cache: what it holds is checked, never trusted.
    private static func existing(_ name: String, in folder: ConfinedFolder, source: String) -> [UInt8]? {
        guard let bytes = folder.read(name, maxBytes: maxBytes) else { return nil }
        return PDFFile.source(of: bytes) == source ? bytes : nil
    }

    private static func digest(_ bytes: [UInt8]) -> String { BuildCache.digest(Data(bytes)) }
}
