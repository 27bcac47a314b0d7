import ArgumentParser
import Workbook

/// The options `build` and `check` share.
struct CourseOptions: ParsableArguments {
    @Argument(help: "Lesson files or folders of lessons (default: Lessons).")
    var paths: [String] = []

    @Option(name: .long, help: "The output folder.")
    var out = "Output"

    @Flag(name: .long, help: "Pass raw HTML in lessons through to the HTML handouts (it is omitted by default).")
    var allowRawHTML = false

    @Flag(name: .long, help: "Build the lessons whose front matter says 'draft: true' too (they are left out by default).")
    var drafts = false

    @Flag(
        name: .long,
        help: "Also write <out>/<lesson>.slides.html, a slide deck, for every lesson whose front matter does not say 'slides: false'.")
    var slides = false

    @Flag(
        name: .long,
        help: "Make every warning an error (a missing image, an unresolved link, a construct left out), as Quarto's and Jupyter Book's --strict do."
    )
    var strict = false

    @Option(name: .long, help: "Where executed lessons and compiled Swift cells are cached by content hash.")
    var cacheDir = ".workbook-cache"

    @Option(
        name: .long,
        help: "How many lessons to build at once (default: the number of cores). The output is the same for any number."
    )
    var jobs: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Change a limit, e.g. --limit maxHidden=8192 (repeatable).", valueName: "name=value"))
    var limit: [String] = []

    @Option(
        name: .long,
        help:
            "instructor (everything, answers and solutions, in <out>/) or student (questions and hints only, in <out>/student/<id>/)."
    )
    var edition = "instructor"

    @Option(
        name: .long, help: "Build the variant of this id: models with 'vary: seed' draw from seeds derived from it.")
    var variant: String?

    @Option(
        name: .long,
        help:
            "A roster (CSV with an id column): each student's edition, a site of its own, in <out>/student/<id>/ (default: the course file's roster)."
    )
    var roster: String?

    func validate() throws {
        guard Edition(rawValue: edition) != nil else {
            throw ValidationError("--edition must be instructor or student, got '\(edition)'")
        }
        if let variant, !Roster.isValidID(variant) {
            throw ValidationError("--variant '\(variant)': letters, digits, '_', '-' and '.', not starting with '.'")
        }
        if variant == EditionFiles.everyone {
            throw ValidationError(
                "--variant \(EditionFiles.everyone): that folder holds the student edition without a variant")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        var limits = Limits()
        for assignment in limit {
            if let problem = limits.set(assignment) { throw ValidationError("--limit \(assignment): \(problem)") }
        }
    }

    var inputs: [String] { paths.isEmpty ? ["Lessons"] : paths }

    /// Refuses an output folder that is, contains or lies inside a lessons folder, and a cache folder (unless
    /// `cached` is false) that is or lies inside the output folder (before anything runs).
    func checkOutputFolder(cached: Bool = true) throws {
        do {
            try OutputWriter.validate(outputFolder: out, lessonInputs: inputs)
            if cached { try OutputWriter.validate(cacheFolder: cacheDir, outputFolder: out) }
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.allowRawHTML = allowRawHTML
        options.drafts = drafts
        options.slides = slides
        options.strict = strict
        if let jobs { options.jobs = jobs }
        options.swiftCells = SwiftCellEnvironment(directory: cacheDir + "/swift")
        for assignment in limit { _ = options.limits.set(assignment) }
        options.edition = Edition(rawValue: edition) ?? .instructor
        options.variant = variant
        options.roster = roster
        return options
    }

    /// The folder of the build's first edition: the output folder for the instructor's, else the student's own.
    func folder(of build: CourseBuild) -> String { build.folder.isEmpty ? out : out + "/" + build.folder }

    /// Prints every diagnostic to standard error, then a summary line.
    func report(_ build: CourseBuild) {
        for diagnostic in build.diagnostics { printError(diagnostic.formatted) }
        let errors = build.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { printError("\(errors) error\(errors == 1 ? "" : "s"); \(out)/ was left as it was.") }
    }
}

func printError(_ text: String) {
    var standardError = StandardError()
    print(text, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        for byte in string.utf8 { putc(Int32(byte), stderr) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
