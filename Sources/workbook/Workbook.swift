import ArgumentParser

@main
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Build RNN course handouts from Markdown lessons, computing and checking every number.",
        subcommands: [Build.self, Check.self, Bench.self],
        defaultSubcommand: Build.self)
}
