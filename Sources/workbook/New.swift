import ArgumentParser
import Workbook

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Create a course: a first lesson that builds, the course file, a .gitignore, a README and a CI script.",
        discussion: "The folder must be new or empty.")

    @Argument(help: "The course folder to create.")
    var directory: String

    @Option(name: .long, help: "The course's title (in workbook.yml and the README).")
    var title = "RNN course"

    func run() throws {
        Cleanup.shared.handleSignals()
        do {
            let files = try NewCourse.create(in: directory, title: title)
            print("Created \(directory)/ with \(files.joined(separator: ", ")).")
            print("Next: cd \(directory) && workbook build   (or workbook preview)")
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
