import ArgumentParser
import Foundation
import Workbook

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Execute the lessons and write their HTML and Markdown handouts.",
        discussion: "Nothing is written unless every lesson builds: a failed build leaves the output folder as it was.")

    @OptionGroup var options: CourseOptions

    @Flag(name: .long, help: "Execute every lesson, even those whose results are cached (and print every PDF again).")
    var noCache = false

    @Flag(
        name: .long,
        help: "Also print <out>/<lesson>.pdf for every lesson and <out>/course.pdf, with headless Chromium.")
    var pdf = false

    @Option(name: .long, help: "The Chromium to print PDFs with (default: chromium on PATH).")
    var chromium: String?

    func run() throws {
        Cleanup.shared.handleSignals()
        try options.checkOutputFolder(cached: !noCache)
        var buildOptions = options.buildOptions
        if !noCache { buildOptions.cache = BuildCache(directory: options.cacheDir) }
        buildOptions.printsCourse = pdf
        buildOptions.progress = { lesson, seconds in
            // One line per lesson that took a while, so a long build shows where its time goes.
            if seconds >= 1 { printError("\(lesson.path): " + String(format: "%.2f", seconds) + " s") }
        }
        let build = CourseBuilder.build(inputs: options.inputs, options: buildOptions)
        Cleanup.shared.endOrphans()
        options.report(build)
        guard build.succeeded else { throw ExitCode.failure }
        var pdfs: [String: [UInt8]] = [:]
        let folder = options.folder(of: build)
        if pdf {
            var printing = PrintedHandouts.Options(chromium: chromium, cacheDirectory: noCache ? nil : options.cacheDir)
            if let jobs = options.jobs { printing.jobs = jobs }
            do {
                pdfs = try PrintedHandouts.make(build, reusing: folder, options: printing)
            } catch {
                printError("error: \(error)")
                printError("\(options.out)/ was left as it was.")
                throw ExitCode.failure
            }
        } else {
            // PDFs printed before from the same pages stay; the others are stale, and go.
            pdfs = PrintedHandouts.current(build, in: folder)
        }
        do {
            let sets = build.fileSets(out: options.out, extra: pdfs, complete: build.isWholeCourse)
            let results = try OutputWriter.write(sets)
            let (written, removed) = (
                results.map(\.written.count).reduce(0, +), results.map(\.removed.count).reduce(0, +)
            )
            let cached = build.lessons.filter(\.fromCache).count
            let editions = sets.filter { !$0.retires }.map {
                $0.subfolder.isEmpty ? "\(options.out)/" : "\(options.out)/\($0.subfolder)/"
            }
            print(
                "Built \(build.lessons.count) lesson\(build.lessons.count == 1 ? "" : "s") into \(Self.shown(editions, out: options.out)): \(written) file\(written == 1 ? "" : "s") written, \(removed) removed, \(cached) lesson\(cached == 1 ? "" : "s") from the cache."
            )
            for set in sets where set.retires {
                let folder = "\(options.out)/\(set.subfolder)/"
                guard FileManager.default.fileExists(atPath: folder) else { continue }
                printError(
                    "warning: \(folder): the edition for everyone, from a build before the roster; workbook removed the files it wrote there, and the others stay: remove the folder yourself if it is not needed"
                )
            }
            for subfolder in build.foldersLeft(out: options.out, complete: build.isWholeCourse) {
                printError(
                    "warning: \(options.out)/\(subfolder)/: not an edition of this build's roster (a student's from before, or a folder of yours); workbook leaves it as it is: remove it yourself if it is not needed"
                )
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The editions a build wrote, as its summary line names them: each, up to four; beyond, how many students'
    /// editions went into `<out>/student/` (a roster of 3,000 printed every folder on one line).
    static func shown(_ editions: [String], out: String) -> String {
        guard editions.count > 1 else { return editions.first ?? "\(out)/" }
        guard editions.count > 4 else { return "\(editions.count) editions (\(editions.joined(separator: ", ")))" }
        let students = editions.filter { $0.hasPrefix("\(out)/\(EditionFiles.studentFolder)/") }.count
        let others = editions.filter { !$0.hasPrefix("\(out)/\(EditionFiles.studentFolder)/") }
        return "\(editions.count) editions (\((others + ["\(students) students' in \(out)/\(EditionFiles.studentFolder)/"]).joined(separator: ", ")))"
    }
}
