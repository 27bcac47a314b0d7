import ArgumentParser
import Workbook

@main
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Build RNN course handouts from Markdown lessons, computing and checking every number.",
        version: WorkbookVersion.string,
        subcommands: [
            Build.self, Check.self, New.self, PreviewCommand.self, Grade.self, Bench.self, PrepareEngine.self,
        ],
        defaultSubcommand: Build.self)
}
