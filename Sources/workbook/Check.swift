import ArgumentParser
import Workbook

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-execute the lessons; fail if a check fails or if the output folder differs from a fresh build.",
        discussion:
            "Prints a unified diff for every handout that is out of date (as `cog --check --diff` does). Writes nothing."
    )

    @OptionGroup var options: CourseOptions

    @Flag(
        name: .long,
        help:
            "Also require every lesson's PDF and course.pdf, printed from the pages as they are now (compared by the source each PDF records; no browser runs)."
    )
    var pdf = false

    func run() throws {
        Cleanup.shared.handleSignals()
        try options.checkOutputFolder()
        let build = CourseBuilder.build(inputs: options.inputs, options: options.buildOptions)
        Cleanup.shared.endOrphans()
        options.report(build)
        guard build.succeeded else { throw ExitCode.failure }
        let folder = options.folder(of: build)
        let current = PrintedHandouts.current(build, in: folder)
        var differences = OutputWriter.differences(
            build.fileSets(out: options.out, extra: current, complete: build.isWholeCourse))
        if pdf {
            for name in PrintedHandouts.names(build) where current[name] == nil {
                differences.append(
                    "\(folder)/\(name): missing, or printed from other pages (build --pdf would print it)")
            }
        }
        for difference in differences { print(difference) }
        guard differences.isEmpty else {
            printError(
                "\(options.out)/ is out of date: \(differences.count) file\(differences.count == 1 ? "" : "s") differ; run 'workbook build\(pdf ? " --pdf" : "")' and commit the result."
            )
            throw ExitCode.failure
        }
        print(
            (build.lessons.count == 1 ? "The lesson checks out" : "All \(build.lessons.count) lessons check out")
                + " and \(options.out)/ is up to date."
        )
    }
}
