import Foundation
import XCTest

/// `workbook grade` writes as `build` does: only over files a grading wrote, never into a lessons folder or
/// through a link, everything checked before anything is written, and the CSV and every feedback file as one
/// set, interrupted or not.
final class GradeOutputTests: XCTestCase {
    var folder: URL!
    let manager = FileManager.default

    override func setUpWithError() throws {
        folder = manager.temporaryDirectory.appendingPathComponent("grade-out-\(UUID().uuidString)")
        try manager.createDirectory(at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("answers"), withIntermediateDirectories: true)
        try write(
            "Lessons/01-quiz.md",
            "# Quiz\n\n```rnn exercise\nid: q\nquestion: What is one plus one?\nanswers:\n  - name: x\n    value: 1 + 1\n```\n"
        )
    }

    override func tearDownWithError() throws { try? manager.removeItem(at: folder) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    func read(_ relative: String) -> String? {
        manager.contents(atPath: folder.appendingPathComponent(relative).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Answer files for `count` students, all answering `given`; their paths.
    func answers(_ count: Int, given: String) throws -> [String] {
        try (1...count).map { i in
            let id = String(format: "s%04d", i)
            try write("answers/\(id).yml", "student: \(id)\nlesson: 01-quiz\nanswers:\n  q.x: \(given)\n")
            return "answers/\(id).yml"
        }
    }

    func grade(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try runWorkbook(["grade"] + arguments, in: folder, for: Self.self)
    }

    func testGradesAreNeverWrittenIntoALessonsFolder() throws {
        let files = try answers(1, given: "2")
        let lesson = read("Lessons/01-quiz.md")
        for out in ["Lessons/01-quiz.md", "Lessons/grades.csv", "Lessons/sub/grades.csv"] {
            let result = try grade(["--answers"] + files + ["--out", out])
            XCTAssertEqual(result.status, 1, out)
            XCTAssertTrue(result.err.contains("error: 'Lessons"), result.err)
            XCTAssertTrue(
                result.err.contains("the lessons folder 'Lessons'; grade writes outside the lessons folders"),
                result.err)
        }
        XCTAssertEqual(read("Lessons/01-quiz.md"), lesson)
        XCTAssertEqual(
            try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("Lessons").path), ["01-quiz.md"])
        // Lessons in a folder named 'feedback': grades beside it would write into it.
        try manager.moveItem(
            at: folder.appendingPathComponent("Lessons"), to: folder.appendingPathComponent("feedback"))
        let beside = try grade(["feedback", "--answers"] + files)
        XCTAssertEqual(beside.status, 1)
        XCTAssertTrue(beside.err.contains("error: 'feedback' is the lessons folder 'feedback'"), beside.err)
        XCTAssertNil(read("grades.csv"))
    }

    func testGradeReplacesOnlyFilesAGradingWrote() throws {
        let files = try answers(2, given: "2")
        try write("grades.csv", "my own spreadsheet\n")
        let refused = try grade(["--answers"] + files)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.err.contains(
                "grades.csv: exists and was not written by workbook (it is not in .workbook-grades-manifest); grade would replace it"
            ), refused.err)
        XCTAssertEqual(read("grades.csv"), "my own spreadsheet\n")
        XCTAssertNil(read("feedback/s0001.txt"))
        try manager.removeItem(at: folder.appendingPathComponent("grades.csv"))
        XCTAssertEqual(try grade(["--answers"] + files).status, 0)
        _ = try answers(2, given: "3")
        let again = try grade(["--answers"] + files)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertTrue(read("feedback/s0002.txt")!.contains("3, but the answer is 2"))
        XCTAssertEqual(
            read(".workbook-grades-manifest"),
            "# Written by workbook grade: the files of this folder it may replace. Keep it with them.\nfeedback/s0001.txt\nfeedback/s0002.txt\ngrades.csv\n"
        )
    }

    /// A feedback folder that is a file, or a link out, or a record that is a folder: a diagnostic naming it
    /// before anything is written, never a raw system error.
    func testAFolderInTheWayIsNamedBeforeAnythingIsWritten() throws {
        let files = try answers(1, given: "2")
        try write("feedback", "a file")
        let file = try grade(["--answers"] + files)
        XCTAssertEqual(file.status, 1)
        XCTAssertEqual(
            file.err, "error: feedback: is a file, where workbook wants a folder\nnothing was written\n")
        XCTAssertNil(read("grades.csv"))
        try manager.removeItem(at: folder.appendingPathComponent("feedback"))
        try manager.createDirectory(at: folder.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("feedback").path, withDestinationPath: "elsewhere")
        let link = try grade(["--answers"] + files)
        XCTAssertEqual(link.status, 1)
        XCTAssertTrue(
            link.err.hasPrefix("error: feedback: is a symbolic link, where workbook wants a folder"), link.err)
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("elsewhere").path), [])
        XCTAssertNil(read("grades.csv"))
        try manager.removeItem(at: folder.appendingPathComponent("feedback"))
        try manager.createDirectory(
            at: folder.appendingPathComponent("marks/.workbook-grades-manifest"), withIntermediateDirectories: true)
        let record = try grade(["--answers"] + files + ["--out", "marks/grades.csv"])
        XCTAssertEqual(record.status, 1)
        XCTAssertTrue(record.err.hasPrefix("error: marks/.workbook-grades-manifest: is a folder"), record.err)
        XCTAssertEqual(
            try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("marks").path),
            [".workbook-grades-manifest"])
        XCTAssertFalse(file.err.contains("NSCocoaErrorDomain") || link.err.contains("NSCocoaErrorDomain"))
    }

    /// SIGINT the moment the first of the new files appears: the grades and every feedback file are all the
    /// old ones or all the new ones, never the new CSV beside old feedback.
    func testAnInterruptedGradingLeavesTheGradesAllOldOrAllNew() throws {
        let files = try answers(150, given: "2")
        XCTAssertEqual(try grade(["--answers"] + files).status, 0)
        let paths =
            ["grades.csv"]
            + files.map {
                "feedback/" + ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".yml", with: ".txt")
            }
        let old = paths.map(read)
        _ = try answers(150, given: "3")
        let process = Process()
        process.executableURL = workbookBinary(for: Self.self)
        process.arguments = ["grade", "--answers"] + files
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Watch the CSV and the last feedback file (the writer's first and last in either order).
        while process.isRunning, read(paths[0]) == old[0], read(paths[paths.count - 1]) == old[old.count - 1] {
            usleep(200)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let now = paths.map(read)
        let changed = zip(now, old).filter { $0 != $1 }.count
        XCTAssertTrue(changed == 0 || changed == paths.count, "\(changed) of \(paths.count) files are new")
        let leftovers = try manager.subpathsOfDirectory(atPath: folder.path).filter { $0.contains(".workbook-tmp-") }
        XCTAssertEqual(leftovers, [])
    }
}
