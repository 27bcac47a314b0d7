import Foundation
import XCTest

@testable import Workbook

/// The roster read as RFC 4180 CSV, the way spreadsheets save it, with every mistake at its line.
final class RosterTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func read(_ text: String) throws -> (Roster?, [String]) {
        let file = folder.appendingPathComponent("roster.csv")
        try Data(text.utf8).write(to: file)
        let (roster, problems) = Roster.read(file.path)
        return (roster, problems.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") })
    }

    func testARosterAsExcelSavesItGivesEveryStudentWithTheirColumns() throws {
        let text =
            "\u{FEFF}ID,Name,Email,SIS_ID,Section,Notes\r\n"
            + "ada,\"Lovelace, Ada\",ada@uni.example,S001,A,\"likes \"\"maths\"\"\"\r\n"
            + "\r\n"
            + "alan,\"Turing,\r\nAlan\",,,,\r\n"
            + " grace , Grace Hopper ,grace@uni.example,,B"
        let (roster, problems) = try read(text)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(roster?.students.map(\.id), ["ada", "alan", "grace"])
        XCTAssertEqual(roster?.students.map(\.name), ["Lovelace, Ada", "Turing,\r\nAlan", "Grace Hopper"])
        XCTAssertEqual(roster?.students.map(\.email), ["ada@uni.example", nil, "grace@uni.example"])
        XCTAssertEqual(roster?.students.map(\.sisID), ["S001", nil, nil])
        XCTAssertEqual(roster?.students.map(\.section), ["A", nil, "B"])
    }

    func testLineEndingsOfEverySystemGiveTheSameStudents() throws {
        for end in ["\n", "\r\n", "\r"] {
            let (roster, problems) = try read(["id,name", "ada,Ada", "alan,Alan", ""].joined(separator: end))
            XCTAssertEqual(problems, [], end.debugDescription)
            XCTAssertEqual(roster?.students.map(\.id), ["ada", "alan"], end.debugDescription)
        }
    }

    /// At most a hundred errors, then a note: 100,000 repeated rows printed 8.5 MB of errors.
    func testManyMistakesStopAtAHundred() throws {
        let (roster, problems) = try read("id,name\nada,Ada\n" + String(repeating: "ada,Ada\n", count: 20_000))
        XCTAssertEqual(roster?.students.map(\.id), ["ada"])
        XCTAssertEqual(problems.count, 101)
        XCTAssertEqual(problems[99], "roster.csv:102:1: error: student 'ada' is already on line 2")
        XCTAssertEqual(problems[100], "roster.csv: note: more problems in this roster are not shown; fix these 100 first")
    }

    func testMistakesAreErrorsAtTheirLine() throws {
        let cases: [(String, [String])] = [
            (
                "id,name\nada,\"Lovelace, Ada\nalan,Alan\n",
                ["roster.csv:2:5: error: the quoted field that opens here is never closed (a missing '\"'?)"]
            ),
            (
                "id,name\nada,\"Ada\" Lovelace\n",
                [
                    "roster.csv:2:10: error: ' ' after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"
                ]
            ),
            (
                "id,name\n\n",
                [
                    "roster.csv: error: the roster lists no students: after the line naming the columns, one line per student"
                ]
            ),
            (
                "",
                [
                    "roster.csv:1:1: error: the roster's first line names its columns, one of them 'id' (e.g. 'id,name,email')"
                ]
            ),
            (
                "student,name\nada,Ada\n",
                [
                    "roster.csv:1:1: error: the roster's first line names its columns, one of them 'id' (e.g. 'id,name,email'); it names 'student', 'name'"
                ]
            ),
            ("id,name,ID\nada,Ada,x\n", ["roster.csv:1:1: error: the column 'id' is named twice"]),
            (
                "id,name\n\"Ada, L\",x\nada,Ada\nada,Again\n",
                [
                    "roster.csv:2:1: error: 'Ada, L' cannot be a student id: letters, digits, '_', '-' and '.', not starting with '.'",
                    "roster.csv:4:1: error: student 'ada' is already on line 3",
                ]
            ),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try read(text).1, expected, text.debugDescription)
        }
    }

    func testCSVRecordsKeepTheLineTheyStartOn() throws {
        XCTAssertEqual(
            try CSV.records("a,\"b\r\nc\"\r\nd,e\rf\n\"\"\n"),
            [
                CSV.Record(fields: ["a", "b\r\nc"], line: 1), CSV.Record(fields: ["d", "e"], line: 3),
                CSV.Record(fields: ["f"], line: 4), CSV.Record(fields: [""], line: 5),
            ])
        XCTAssertEqual(try CSV.records("x,"), [CSV.Record(fields: ["x", ""], line: 1)])
    }
}
