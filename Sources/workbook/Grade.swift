import ArgumentParser
import Foundation
import Workbook

extension GradeFormat: ExpressibleByArgument {}

struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark students' answer files against each student's own variant of the lessons.",
        discussion: """
            Writes the grades (--format csv: one row per student and answer, with the reason for every score \
            of 0; canvas, moodle or gradescope: files those systems import) and a feedback file per student in \
            a 'feedback' folder beside them. Every file is graded or reported: a file that is not an answer \
            file, an unknown student, lesson or exercise, or an answer that is not a number is an error at its \
            line and scores 0; everyone else's grades are written, and the exit status is then 1. When a \
            student hands in several files for one lesson, the latest 'submitted' counts (else the last given). \
            Only files an earlier grading wrote there are replaced (.workbook-grades-manifest lists them), and \
            all are written or none.
            """)

    @Argument(help: "Lesson files or folders of lessons (default: Lessons).")
    var paths: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "The answer files (YAML, as the student pages save them).")
    var answers: [String] = []

    @Option(name: .long, help: "The roster: every answer file's student must be on it (default: the course file's).")
    var roster: String?

    @Option(name: .long, help: "The grades file (for gradescope, one file per lesson: <name>-<lesson>.csv).")
    var out = "grades.csv"

    @Option(name: .long, help: "csv (a row per answer), canvas, moodle or gradescope (these need a roster).")
    var format: GradeFormat = .csv

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
        let rosterFile = try readRoster(inputs)
        let result = Grading.grade(answerFiles: answers, inputs: inputs, roster: rosterFile, options: options)
        for d in result.diagnostics { printError(d.formatted) }
        let (folder, name) = Grading.place(csv: out)
        let (files, warnings) = result.files(format: format, grades: name, roster: rosterFile)
        for w in warnings { printError(w.formatted) }
        do {
            try Grading.write(files, into: folder)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        report(result, files: files)
        if !result.succeeded { throw ExitCode.failure }
    }

    /// The roster given or the course file's; the LMS formats need one, for names and institution ids.
    func readRoster(_ inputs: [String]) throws -> Roster? {
        guard let path = roster ?? CourseFile.read(CourseFile.path(for: inputs)).0.roster else {
            if format.needsRoster {
                printError(
                    "error: --format \(format.rawValue) needs a roster (its names and 'email' or 'sis_id' columns): give --roster or 'roster:' in workbook.yml"
                )
                throw ExitCode.failure
            }
            return nil
        }
        let (found, problems) = Roster.read(path)
        for p in problems { printError(p.formatted) }
        guard problems.allSatisfy({ $0.severity != .error }) else { throw ExitCode.failure }
        return found
    }

    func report(_ result: Grading.Result, files: [String: [UInt8]]) {
        let marked = result.rows.filter { $0.expected != nil }
        let right = marked.filter(\.correct).count
        let folder = out.parentPath
        let place = { (path: String) in folder.isEmpty ? path : folder + "/" + path }
        let grades = files.keys.filter { !$0.hasPrefix("feedback/") }.sorted().map(place)
        let feedback = files.count - grades.count
        print(
            "Graded \(answers.count) answer file\(answers.count == 1 ? "" : "s"): \(right) of \(marked.count) answers right; wrote \(grades.joined(separator: ", ")) and \(feedback) feedback file\(feedback == 1 ? "" : "s") in \(place("feedback/"))."
        )
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            printError(
                "\(errors) error\(errors == 1 ? "" : "s"): what could not be graded scores 0, with the reason, in the grades and the feedback."
            )
        }
    }
}
