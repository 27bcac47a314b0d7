import ArgumentParser
import Workbook

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Execute the lessons and write their HTML and Markdown handouts.",
        discussion: "Nothing is written unless every lesson builds: a failed build leaves the output folder as it was.")

    @OptionGroup var options: CourseOptions

    func run() throws {
        OutputWriter.removeTemporariesOnInterrupt()
        let build = CourseBuilder.build(inputs: options.inputs, options: options.buildOptions)
        options.report(build)
        guard build.succeeded else { throw ExitCode.failure }
        do {
            let (written, removed) = try OutputWriter.write(
                build.files, to: options.out, removingStale: build.isWholeCourse)
            print(
                "Built \(build.lessons.count) lesson\(build.lessons.count == 1 ? "" : "s") into \(options.out)/: \(written.count) file\(written.count == 1 ? "" : "s") written, \(removed.count) removed."
            )
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
