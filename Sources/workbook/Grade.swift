import ArgumentParser
import Foundation
import Workbook

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark students' answer files against each student's own variant of the lessons.",
        discussion: """
            Writes one CSV row per student and answer (student, lesson, exercise, answer, given, expected, correct, \
            score, note) and a feedback file per student in a 'feedback' folder beside the CSV. A malformed answer \
            file, an unknown lesson, exercise or student is an error, and nothing is written. Only files an earlier \
            grading wrote there are replaced (.workbook-grades-manifest lists them), and all are written or none.
            """)

    @Argument(help: "Lesson files or folders of lessons (default: Lessons).")
    var paths: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "The answer files (YAML, as the student pages save them).")
    var answers: [String] = []

    @Option(name: .long, help: "The roster: every answer file's student must be on it (default: the course file's).")
    var roster: String?

    @Option(name: .long, help: "The grades (CSV).")
    var out = "grades.csv"

    @Option(name: .long, help: "Where compiled Swift cells are kept.")
    var cacheDir = ".workbook-cache"

    func validate() throws {
        if answers.isEmpty { throw ValidationError("give the answer files with --answers FILE…") }
    }

    func run() throws {
        Cleanup.shared.handleSignals()
        let inputs = paths.isEmpty ? ["Lessons"] : paths
        do { try Grading.validateOutput(csv: out, lessonInputs: inputs) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        var options = BuildOptions()
        options.swiftCells = SwiftCellEnvironment(directory: cacheDir + "/swift")
        var rosterFile: Roster?
        if let path = roster ?? CourseFile.read(CourseFile.path(for: inputs)).0.roster {
            let (found, problems) = Roster.read(path)
            for p in problems { printError(p.formatted) }
            guard problems.allSatisfy({ $0.severity != .error }) else { throw ExitCode.failure }
            rosterFile = found
        }
        let result = Grading.grade(answerFiles: answers, inputs: inputs, roster: rosterFile, options: options)
        for d in result.diagnostics { printError(d.formatted) }
        guard result.succeeded else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            printError("\(errors) error\(errors == 1 ? "" : "s"); nothing was written.")
            throw ExitCode.failure
        }
        do {
            let folder = try result.write(csv: out)
            let right = result.rows.filter(\.correct).count
            print(
                "Graded \(answers.count) answer file\(answers.count == 1 ? "" : "s"): \(right) of \(result.rows.count) answers right; wrote \(out) and \(folder)/."
            )
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
