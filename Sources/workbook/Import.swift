import ArgumentParser
import Workbook

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy notes written for another tool (Hugo, Jekyll, Quarto, Jupyter Book, Obsidian) into a course.",
        discussion: """
            Markdown notes are copied as they are under safe, numbered names in Lessons/; a Jupyter notebook becomes \
            a lesson; a folder's images are copied under their path in it. A file already there stops the import \
            before anything is written.
            """)

    @Argument(help: "Note files or folders of notes.")
    var paths: [String]

    @Option(name: .long, help: "The course folder to import into (its Lessons/ and workbook.yml).")
    var course = "."

    func run() throws {
        Cleanup.shared.handleSignals()
        do {
            let files = try NoteImport.plan(paths, course: course)
            for line in try NoteImport.write(files, course: course) { print(line) }
            print("Next: workbook build   (what the notes use that the handouts cannot show is reported as warnings)")
        } catch let failure as NoteImport.Failure where failure.diagnostic != nil {
            printError(failure.description)
            throw ExitCode.failure
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
