import Foundation

/// Options that change what a build produces.
public struct BuildOptions: Sendable {
    /// Pass raw HTML in lessons through to the HTML handouts (off: cmark replaces it with a comment).
    public var allowRawHTML = false
    /// Build the lessons whose front matter says `draft: true` (left out otherwise).
    public var drafts = false
    public var limits = Limits()
    /// Where Debian's KaTeX is; nil links KaTeX from a CDN.
    public var katexDirectory: String? = AssetLinks.debianKaTeX
    /// How many lessons build at once (the output is the same for any number).
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Where executed lessons are kept by content hash; nil executes every lesson.
    public var cache: BuildCache?
    /// Compiles and runs Swift cells; nil makes a Swift cell an error.
    public var swiftCells: SwiftCellEnvironment?
    /// Called as each lesson finishes, with the seconds it took.
    public var progress: (@Sendable (LessonProduct, Double) -> Void)?
    /// The instructor's handouts (everything) or the students' (no answers, no solutions).
    public var edition = Edition.instructor
    /// The variant (a student's id) that `vary: seed` derives seeds from; nil: the seeds as written.
    public var variant: String?
    /// The name of the student whose variant it is (the roster's), shown on their answer forms.
    public var studentName: String?
    /// A roster (CSV) whose every student gets a student edition of their variant in `student/<id>/`; nil:
    /// the course file's `roster`, if any.
    public var roster: String?
    /// Copy the local images lessons show (off for lessons that live in memory only: tests, the fuzzers).
    public var copiesImages = true
    /// The course's bibliography and citation style with every lesson's citations (`CourseBuilder` gathers
    /// them); nil: the course names no bibliography, and a lesson that cites has an error.
    public var citations: CourseCitations?
    /// The course's labels, collected before its lessons build (`CrossReferences.collect`); nil: each lesson
    /// knows only its own.
    public var crossReferences: CrossReferences?
    /// Every lesson gets a slide deck too (`--slides`, or the course file's `slides: true`), unless its front
    /// matter says `slides: false`.
    public var slides = false
    /// Every warning is an error (`--strict`), so a build that shows a placeholder or leaves something out fails.
    public var strict = false
    /// The slugs of the course whose print page (`course.pdf`) holds every lesson (links to them point inside
    /// it); nil: a build of single lessons, which has no course PDF.
    public var printedCourse: Set<String>?
    /// Each lesson writes its part of the course's print page (`build --pdf`, for the edition it prints). Other
    /// builds leave the part out: it is a second rendering of the lesson, for a long lesson a noticeable share of
    /// its build, and only `course.pdf` reads it.
    public var printsCourse = false

    /// The course whose print page the lessons write their parts of in this build, if they do.
    var printPartCourse: Set<String>? { printsCourse ? printedCourse : nil }

    public init() {}
}

/// One lesson's handouts, or why there are none.
public struct LessonProduct: Sendable {
    public let path: String
    public let slug: String
    public let title: String
    public let html: String?
    public let markdown: String?
    public let diagnostics: [Diagnostic]
    /// The files the lesson read (path as written → SHA-256), for the cache.
    public var filesRead: [String: String] = [:]
    /// Files written beside the handouts (`Output/<slug>.<name>`), by name.
    public var attachments: [String: Data] = [:]
    /// The local images the prose shows, copied into the output folder under the same relative path (streamed:
    /// never held whole).
    public var images: [String: FileCopy] = [:]
    /// Whether a placeholder stands for a missing image (then the lesson is not cached: the file may come).
    public var showsPlaceholders = false
    /// The answers of the edition's exercises, for the leak guard's look at the files of the whole edition.
    var answers: [LeakGuard.Answer] = []
    /// The live figures of a student edition, with the digests of their weights (the same look).
    var live: [LeakGuard.LiveWeights] = []
    /// The digests of the weights its models had in a student edition (the same look, for other lessons'
    /// exercises on the same model).
    var modelWeights: Set<String> = []
    /// Whether the handouts came from the cache instead of executing the lesson.
    public var fromCache = false
    /// The lesson's sections (level-2 and level-3 headings) for the site's sidebar, from its document tree.
    public var outline: [OutlineEntry] = []
    /// The lesson's sections with their text, for the site's search, from its document tree.
    public var search: [SearchSection] = []
    /// The slide deck (`<slug>.slides.html`), when the lesson or the build asks for slides.
    public var slides: String?
    /// The lesson's part of the course's print page (`CoursePrintPage.part`), in a build that prints a whole
    /// course (`BuildOptions.printsCourse`).
    public var printPart: String?

    public var succeeded: Bool { html != nil && !diagnostics.contains { $0.severity == .error } }
}

/// The stages of one lesson's build, in order (as Documenter's pipeline): Parse → Plan → Execute → Render.
/// A stage that reports an error ends the lesson's build before rendering; diagnostics from every stage
/// that ran are returned together.
public enum Pipeline {
    /// At most this many errors, and this many warnings, are kept per lesson; a note says how many more
    /// warnings there were, and that there were more errors. (A lesson of prose can hold a warning every few
    /// bytes; printing each would bury the first.)
    public static let maxDiagnostics = 100

    /// `diagnostics` of `file` (a lesson, or the file `what` names: "this roster"), capped as the type says.
    static func capped(_ diagnostics: [Diagnostic], _ file: SourceFile, in what: String = "this lesson") -> [Diagnostic] {
        var kept: [Diagnostic] = []
        var (shownErrors, shownOthers, hiddenErrors, hiddenOthers) = (0, 0, 0, 0)
        for diagnostic in diagnostics {
            if diagnostic.severity == .error {
                guard shownErrors < maxDiagnostics else {
                    hiddenErrors += 1
                    continue
                }
                kept.append(diagnostic)
                shownErrors += 1
            } else if shownOthers < maxDiagnostics {
                kept.append(diagnostic)
                shownOthers += 1
            } else {
                hiddenOthers += 1
            }
        }
        if hiddenErrors > 0 {
            kept.append(
                Diagnostic(
                    .note, path: file.path,
                    "more problems in \(what) are not shown; fix these \(maxDiagnostics) first"))
        }
        if hiddenOthers > 0 {
            kept.append(
                Diagnostic(
                    .note, path: file.path,
                    "\(hiddenOthers) more warning\(hiddenOthers == 1 ? "" : "s") in \(what) \(hiddenOthers == 1 ? "is" : "are") not shown"
                ))
        }
        return kept
    }

    /// The stage a run stops after (Render is the build's own).
    public enum Stage: Int, Sendable {
        case parse, plan, execute
    }

    /// How far a lesson got through the stages, with the diagnostics of every stage that ran.
    public struct Run: Sendable {
        public var parsed: ParsedLesson?
        var plan: LessonPlan?
        var executed: ExecutedLesson?
        public var diagnostics: [Diagnostic] = []
        /// The labels' numbers and the references' targets, once planned.
        var numbering: LessonNumbering?

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Parse → Plan → Execute, up to `last`: Plan runs on any parsed lesson; Execute only when no stage before it
    /// reported an error. The one place the stages' order is written (build, grade, the fuzzers and tests call it).
    /// The diagnostics come in the lesson's order, as a compiler gives them, whatever stage found them.
    public static func run(_ file: SourceFile, slug: String, through last: Stage, options: BuildOptions) -> Run {
        var run = stages(file, slug: slug, through: last, options: options)
        run.diagnostics = inSourceOrder(run.diagnostics, of: file)
        return run
    }

    /// The lesson's diagnostics by line and column (those at one place in the order found), then those of other
    /// files or of no place, in the order found.
    static func inSourceOrder(_ diagnostics: [Diagnostic], of file: SourceFile) -> [Diagnostic] {
        let here = diagnostics.indices.filter { diagnostics[$0].path == file.path && diagnostics[$0].location != nil }
        guard here.count > 1 else { return diagnostics }
        let placed = here.sorted { a, b in
            let (x, y) = (diagnostics[a].location!, diagnostics[b].location!)
            return (x.line, x.column, a) < (y.line, y.column, b)
        }
        let rest = Set(here)
        return placed.map { diagnostics[$0] } + diagnostics.indices.filter { !rest.contains($0) }.map { diagnostics[$0] }
    }

    private static func stages(_ file: SourceFile, slug: String, through last: Stage, options: BuildOptions) -> Run {
        var run = Run()
        var (parsed, parseDiagnostics) = LessonParser.parse(file, slug: slug, allowRawHTML: options.allowRawHTML)
        let katex = KaTeXCommands.known(katexDirectory: options.katexDirectory)
        if parsed != nil {
            append(CourseCitations.attach(options.citations, to: &parsed!), to: &parseDiagnostics)
            append(KaTeXCommands.diagnostics(parsed!.math, in: file, known: katex), to: &parseDiagnostics)
        }
        (run.parsed, run.diagnostics) = (parsed, parseDiagnostics)
        guard let parsed, last.rawValue >= Stage.plan.rawValue else { return run }
        let (plan, planDiagnostics) = Planner.plan(parsed, limits: options.limits)
        run.plan = plan
        append(planDiagnostics, to: &run.diagnostics)
        // Labels and references are checked once every directive is planned, before anything runs.
        let labels = options.crossReferences ?? CrossReferences.lesson(parsed, plan)
        append(labels.check(parsed, plan, edition: options.edition), to: &run.diagnostics)
        run.numbering = labels.numbering(parsed, plan)
        guard !run.hasErrors, last.rawValue >= Stage.execute.rawValue else { return run }
        var (executed, executeDiagnostics) = Executor.execute(
            plan, limits: options.limits, swift: options.swiftCells, edition: options.edition, variant: options.variant,
            studentName: options.studentName, katex: katex, numbering: run.numbering)
        executed.numbering = run.numbering
        run.executed = executed
        append(executeDiagnostics, to: &run.diagnostics)
        return run
    }

    /// Appends `more` to `diagnostics`, unless there are none: appending even nothing copies an array whose
    /// storage is shared (the parse's are kept for the build's next look), and a lesson of prose can hold a
    /// warning every few bytes (340,000 in a megabyte of unclosed `$`).
    private static func append(_ more: [Diagnostic], to diagnostics: inout [Diagnostic]) {
        if !more.isEmpty { diagnostics += more }
    }

    /// What the writers make of an executed lesson.
    struct Written {
        var html = "", markdown = "", slides: String?
        var outline: [OutlineEntry] = []
        var search: [SearchSection] = []
        var printPart: String?
    }

    /// The writers run side by side: a lesson's page, Markdown handout, deck, outline, search text and part of
    /// the course's print page are independent of each other, and for a long lesson each takes a noticeable share
    /// of its build. `printedCourse`: the course's slugs, when the build prints it.
    static func write(_ executed: ExecutedLesson, slides: Bool, printedCourse: Set<String>?, assets: AssetLinks)
        -> Written
    {
        let (html, markdown, deck) = (Locked(""), Locked(""), Locked<String?>(nil))
        let (outline, search) = (Locked<[OutlineEntry]>([]), Locked<[SearchSection]>([]))
        let part = Locked<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            switch index {
            case 0: html.value = HTMLWriter(assets: assets).page(executed)
            case 1: markdown.value = MarkdownWriter().document(executed)
            case 2: deck.value = slides ? SlidesWriter(assets: assets).deck(executed) : nil
            case 3: outline.value = HTMLWriter(assets: assets).outline(executed)
            case 4: part.value = printedCourse.map { CoursePrintPage.part(executed, lessons: $0) }
            default: search.value = SearchText(executed: executed).sections()
            }
        }
        return Written(
            html: html.value, markdown: markdown.value, slides: deck.value, outline: outline.value, search: search.value,
            printPart: part.value)
    }

    /// An executed lesson ready for the writers: its local images found, the files it read (its own and the
    /// images), and the diagnostics so far.
    struct Prepared {
        var executed: ExecutedLesson
        var images: [String: FileCopy] = [:]
        var filesRead: [String: String]
        var diagnostics: [Diagnostic]
    }

    /// Parse → Plan → Execute, then the local images the lesson shows, read as data files are (within
    /// maxFileMB) before the writers point at them. A lesson that fails comes back as its failed product.
    static func prepare(_ file: SourceFile, slug: String, options: BuildOptions) -> Result<Prepared, FailedLesson> {
        func failed(_ diagnostics: [Diagnostic], title: String = slug) -> Result<Prepared, FailedLesson> {
            .failure(FailedLesson(product: failedProduct(file, slug: slug, title: title, diagnostics)))
        }
        let run = run(file, slug: slug, through: .execute, options: options)
        guard let parsed = run.parsed else { return failed(run.diagnostics) }
        guard let executed = run.executed, !run.hasErrors else { return failed(run.diagnostics, title: parsed.title) }
        var prepared = Prepared(executed: executed, filesRead: executed.filesRead, diagnostics: run.diagnostics)
        guard options.copiesImages else { return .success(prepared) }
        let reader = ExecutionContext(file: file, limits: options.limits)
        do {
            let found = try LessonImages.resolve(parsed.localImages + executed.images, reader: reader)
            prepared.images = found.copies
            prepared.executed.place(found.placement)
            append(found.warnings, to: &prepared.diagnostics)
        } catch {
            return failed(
                prepared.diagnostics + [error.withMessage("image: " + error.message, details: error.details)],
                title: parsed.title)
        }
        prepared.filesRead.merge(reader.filesRead) { a, _ in a }
        return .success(prepared)
    }

    /// A lesson that did not build, as its product (no handouts, its diagnostics).
    struct FailedLesson: Error {
        let product: LessonProduct
    }

    static func failedProduct(_ file: SourceFile, slug: String, title: String, _ diagnostics: [Diagnostic])
        -> LessonProduct
    {
        LessonProduct(
            path: file.path, slug: slug, title: title, html: nil, markdown: nil, diagnostics: capped(diagnostics, file))
    }

    public static func build(_ file: SourceFile, slug: String, options: BuildOptions, assets: AssetLinks)
        -> LessonProduct
    {
        let prepared: Prepared
        switch prepare(file, slug: slug, options: options) {
        case .success(let ready): prepared = ready
        case .failure(let failed): return failed.product
        }
        let (executed, title) = (prepared.executed, prepared.executed.lesson.title)
        var diagnostics = prepared.diagnostics
        let written = write(
            executed, slides: executed.lesson.frontMatter?.slides ?? options.slides,
            printedCourse: options.printPartCourse, assets: assets)
        let (html, markdown, slides) = (written.html, written.markdown, written.slides)
        if options.edition == .student {
            diagnostics += LeakGuard.check(executed, page: html + "\n" + (slides ?? ""), markdown: markdown)
            if diagnostics.contains(where: { $0.severity == .error }) {
                return failedProduct(file, slug: slug, title: title, diagnostics)
            }
        }
        var product = LessonProduct(
            path: file.path, slug: slug, title: title, html: html, markdown: markdown,
            diagnostics: capped(diagnostics, file))
        product.answers = executed.answers
        product.modelWeights = executed.modelWeights
        product.live = options.edition == .student ? LeakGuard.liveFigures(executed) : []
        product.slides = slides
        product.printPart = written.printPart
        product.filesRead = prepared.filesRead
        product.outline = written.outline
        product.search = written.search
        product.attachments = executed.attachments
        product.images = prepared.images
        product.showsPlaceholders = !executed.lesson.imagePlacement.missing.isEmpty
        return product
    }

    /// The lesson's part of the course's print page alone (`BuildOptions.printPartCourse`), for a lesson whose
    /// other products come from the cache: the lesson is executed again (the cache keeps no tree), and only this
    /// writer runs. Nil when the build prints no course, or the lesson no longer builds.
    static func printPart(_ file: SourceFile, slug: String, options: BuildOptions) -> String? {
        guard let course = options.printPartCourse, case .success(let prepared) = prepare(file, slug: slug, options: options)
        else { return nil }
        return CoursePrintPage.part(prepared.executed, lessons: course)
    }
}
