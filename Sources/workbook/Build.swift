import ArgumentParser
import Workbook

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Execute the lessons and write their HTML and Markdown handouts.",
        discussion: "Nothing is written unless every lesson builds: a failed build leaves the output folder as it was.")

    @OptionGroup var options: CourseOptions

    @Flag(name: .long, help: "Execute every lesson, even those whose results are cached.")
    var noCache = false

    func run() throws {
        Cleanup.shared.handleSignals()
        try options.checkOutputFolder()
        var buildOptions = options.buildOptions
        if !noCache { buildOptions.cache = BuildCache(directory: options.cacheDir) }
        buildOptions.progress = { lesson, seconds in
            // One line per lesson that took a while, so a long build shows where its time goes.
            if seconds >= 1 { printError("\(lesson.path): " + String(format: "%.2f", seconds) + " s") }
        }
        let build = CourseBuilder.build(inputs: options.inputs, options: buildOptions)
        Cleanup.shared.endOrphans()
        options.report(build)
        guard build.succeeded else { throw ExitCode.failure }
        do {
            let (written, removed) = try OutputWriter.write(
                build.files, to: options.out, wholeCourse: build.isWholeCourse)
            let cached = build.lessons.filter(\.fromCache).count
            print(
                "Built \(build.lessons.count) lesson\(build.lessons.count == 1 ? "" : "s") into \(options.out)/: \(written.count) file\(written.count == 1 ? "" : "s") written, \(removed.count) removed, \(cached) lesson\(cached == 1 ? "" : "s") from the cache."
            )
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
