import ArgumentParser
import Workbook

@main
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Build RNN course handouts from Markdown lessons, computing and checking every number.",
        discussion: SwiftCellEnvironment.lessonFormatReference.map { "The lesson format is described in \($0)." }
            ?? "The lesson format is described in lesson-format.md, which make install puts in PREFIX/share/doc/workbook/.",
        version: WorkbookVersion.string,
        subcommands: [
            Build.self, Check.self, New.self, Import.self, PreviewCommand.self, Grade.self, Bench.self,
            PrepareEngine.self,
        ],
        defaultSubcommand: Build.self)

    /// As ArgumentParser's, except that a command interrupted by SIGINT or SIGTERM ends with the clean-up's
    /// status (128 + the signal) even when the interruption made it fail or return first.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            Cleanup.shared.holdIfStopping()
            exit(withError: error)
        }
        Cleanup.shared.holdIfStopping()
    }
}
