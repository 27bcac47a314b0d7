import Foundation
import XCTest

@testable import Workbook

/// `workbook grade` over a small class whose grades are worked out by hand: every file graded or reported, one
/// file per student and lesson, the grade files Canvas, Moodle and Gradescope import, formulas neutralised,
/// and nothing echoed from a file that is not an answer file.
final class GradingTests: XCTestCase {
    var folder: URL!

    /// Answers a person can check: sums.x = 0.5 + 0.25 = 0.75 and sums.y = 2 · 1.5 = 3 share 4 points (2 each);
    /// ratio.z = 1/8 = 0.125 is worth the default 1 point, accepted within 0.001. The lesson is worth 5 points.
    static let lesson = """
        # Graded

        ```rnn exercise
        id: sums
        points: 4
        question: Add and multiply.
        answers:
          - name: x
            value: 0.5 + 0.25
          - name: y
            value: 2 * 1.5
        ```

        ```rnn exercise
        id: ratio
        question: Divide.
        answers:
          - name: z
            value: 1 / 8
            rtol: 0
            atol: 0.001
        ```

        """

    /// As Excel on Windows saves it: a byte-order mark, CRLF, quoted fields with commas and doubled quotes, and a
    /// name that a spreadsheet would run as a formula.
    static let roster =
        "\u{FEFF}id,name,email,sis_id,section\r\n"
        + "ada,\"Lovelace, Ada\",ada@uni.example,S001,A\r\n"
        + "alan,\"Alan \"\"Prof\"\" Turing\",alan@uni.example,S002,B\r\n"
        + "grace,\"=HYPERLINK(\"\"http://x\"\")\",,S003,\r\n"

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("grading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try write("Lessons/01-graded.md", Self.lesson)
        try write("roster.csv", Self.roster)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    func relative(_ text: String) -> String { text.replacingOccurrences(of: folder.path + "/", with: "") }

    func answers(_ student: String, _ lines: [String], submitted: String? = nil) -> String {
        "# RNN Workbook answer file\nstudent: \"\(student)\"\nlesson: \"01-graded\"\n"
            + (submitted.map { "submitted: \"\($0)\"\n" } ?? "") + "answers:\n"
            + lines.map { "  " + $0 + "\n" }.joined()
    }

    /// ada: x right, y = 2.9 off by 0.1 > 0.0005 + 0.01 · 3, z = 0.1254 within 0.001: 2 + 0 + 1 = 3 points.
    /// alan: x with a decimal comma (0), y right (2), z missing (0), and an answer the lesson lacks: 2 points.
    /// grace: two files; the later `submitted` counts though given first: x is '=1+1' (0), y and z right: 3.
    /// bob is not on the roster; key.pem is no answer file; link.yml is a symbolic link.
    func handIn() throws -> [String] {
        try write(
            "ada.yml", answers("ada", ["\"sums.x\": \"0.75\"", "\"sums.y\": \"2.9\"", "\"ratio.z\": \"0.1254\""]))
        try write("alan.yml", answers("alan", ["\"sums.x\": \"0,75\"", "\"sums.y\": \"3\"", "\"ratio.w\": \"1\""]))
        try write(
            "grace-new.yml",
            answers(
                "grace", ["\"sums.x\": \"=1+1\"", "\"sums.y\": \"3\"", "\"ratio.z\": \"0.125\""],
                submitted: "2025-03-01T11:00:00.000Z"))
        try write(
            "grace-old.yml",
            answers(
                "grace", ["\"sums.x\": \"0.75\"", "\"sums.y\": \"3\"", "\"ratio.z\": \"0.125\""],
                submitted: "2025-03-01T10:00:00Z"))
        try write("bob.yml", answers("bob", ["\"sums.x\": \"0.75\""]))
        try write(
            "key.pem",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n"
        )
        try FileManager.default.createSymbolicLink(atPath: path("link.yml"), withDestinationPath: path("key.pem"))
        return ["ada.yml", "alan.yml", "grace-new.yml", "grace-old.yml", "bob.yml", "key.pem", "link.yml"].map(path)
    }

    func grade() throws -> (Grading.Result, Roster) {
        let (roster, problems) = Roster.read(path("roster.csv"))
        XCTAssertEqual(problems.map(\.headline), [])
        let result = Grading.grade(
            answerFiles: try handIn(), inputs: [path("Lessons")], roster: roster, options: BuildOptions())
        return (result, try XCTUnwrap(roster))
    }

    func testEveryFileIsGradedOrReportedWithTheScoresWorkedOutByHand() throws {
        let (result, _) = try grade()
        XCTAssertFalse(result.succeeded)
        XCTAssertEqual(result.lessonPoints, ["01-graded": 5])
        let scores = Dictionary(grouping: result.rows.filter { !$0.student.isEmpty }, by: \.student).mapValues {
            $0.reduce(0) { $0 + $1.score }
        }
        XCTAssertEqual(scores, ["ada": 3, "alan": 2, "grace": 3, "bob": 0])
        XCTAssertEqual(
            relative(result.detailCSV),
            """
            student,lesson,exercise,answer,given,expected,correct,score,points,note,file\r
            ada,01-graded,sums,x,0.75,0.75,yes,2,2,,ada.yml\r
            ada,01-graded,sums,y,2.9,3,no,0,2,,ada.yml\r
            ada,01-graded,ratio,z,0.1254,0.125,yes,1,1,,ada.yml\r
            alan,01-graded,sums,x,"0,75",0.75,no,0,2,"the answer 'sums.x' is written with a decimal comma, '0,75'; write a decimal point: 0.75",alan.yml\r
            alan,01-graded,sums,y,3,3,yes,2,2,,alan.yml\r
            alan,01-graded,ratio,z,,0.125,no,0,1,no answer,alan.yml\r
            alan,01-graded,ratio,w,1,,no,0,0,exercise 'ratio' has no answer 'w'; it has z,alan.yml\r
            grace,01-graded,sums,x,'=1+1,0.75,no,0,2,"the answer 'sums.x' must be a number (such as -0.25 or 3.1e-4), got '=1+1'",grace-new.yml\r
            grace,01-graded,sums,y,3,3,yes,2,2,,grace-new.yml\r
            grace,01-graded,ratio,z,0.125,0.125,yes,1,1,,grace-new.yml\r
            bob,01-graded,,,,,no,0,0,student 'bob' is not on the roster roster.csv,bob.yml\r
            ,,,,,,no,0,0,"not an answer file (a YAML mapping with 'student', 'lesson' and 'answers', as the student page saves it); its lines are not shown",key.pem\r
            ,,,,,,no,0,0,"this is a symbolic link; links are refused, hand in the file itself",link.yml\r

            """)
        XCTAssertEqual(
            result.diagnostics.map { relative($0.headline) },
            [
                "alan.yml:5:13: error: the answer 'sums.x' is written with a decimal comma, '0,75'; write a decimal point: 0.75",
                "alan.yml:7:3: error: exercise 'ratio' has no answer 'w'; it has z",
                "grace-new.yml:6:13: error: the answer 'sums.x' must be a number (such as -0.25 or 3.1e-4), got '=1+1'",
                "grace-old.yml: warning: 'grace' handed in several files for '01-graded'; grace-new.yml counts (the latest submitted), not this one",
                "bob.yml:2:10: error: student 'bob' is not on the roster roster.csv",
                "key.pem: error: not an answer file (a YAML mapping with 'student', 'lesson' and 'answers', as the student page saves it); its lines are not shown",
                "link.yml: error: this is a symbolic link; links are refused, hand in the file itself",
            ])
        let feedback = result.feedback
        XCTAssertEqual(feedback.keys.sorted(), ["ada", "alan", "bob", "grace"])
        XCTAssertEqual(
            feedback["grace"],
            """
            Feedback for grace: 2 of 3 answers right.

            01-graded: 3 of 5 points.
            - sums.x: '=1+1', but the answer is 0.75 (the answer 'sums.x' must be a number (such as -0.25 or 3.1e-4), got '=1+1').
            - sums.y: 3, right.
            - ratio.z: 0.125, right.

            Note: 01-graded: 2 answer files were handed in; grace-new.yml counts (the latest submitted), not grace-old.yml.

            """)
    }

    func testNothingFromAFileThatIsNotAnAnswerFileIsEchoed() throws {
        try write("config.yml", "password: hunter2-SECRET\n")
        try write("broken.yml", "[\"SECRET-LINE\"\n  oops: {\n")
        try write("key.pem", "-----BEGIN SECRET KEY-----\nSECRET-KEY-LINE\n")
        try FileManager.default.createSymbolicLink(atPath: path("link.yml"), withDestinationPath: path("key.pem"))
        for file in ["config.yml", "broken.yml", "key.pem", "link.yml"] {
            let result = Grading.grade(
                answerFiles: [path(file)], inputs: [path("Lessons")], roster: nil, options: BuildOptions())
            let shown = result.diagnostics.map(\.formatted).joined() + result.detailCSV
            XCTAssertFalse(shown.contains("SECRET"), "\(file): \(shown)")
            XCTAssertEqual(result.rows.count, 1, file)
            XCTAssertFalse(result.succeeded, file)
        }
        // An answer file's own mistakes are shown with their line, as before.
        try write("typo.yml", "# RNN Workbook answer file\nstudent: ada\nlessn: 01-graded\n")
        let typo = Grading.grade(
            answerFiles: [path("typo.yml")], inputs: [path("Lessons")], roster: nil, options: BuildOptions())
        XCTAssertEqual(
            typo.diagnostics.map { relative($0.formatted) },
            [
                "typo.yml:3:1: error: unknown key 'lessn' in the answer file (did you mean 'lesson'?)\n 3 | lessn: 01-graded\n   | ^",
                "typo.yml: error: the answer file names no 'lesson'",
            ])
    }

    func testTheLastFileGivenCountsWhenNotEveryFileHasASubmittedTime() throws {
        try write("first.yml", answers("ada", ["\"ratio.z\": \"0.125\""], submitted: "2025-03-02T00:00:00Z"))
        try write("second.yml", answers("ada", ["\"ratio.z\": \"0.5\""]))
        let result = Grading.grade(
            answerFiles: [path("first.yml"), path("second.yml")], inputs: [path("Lessons")], roster: nil,
            options: BuildOptions())
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(Set(result.rows.map { relative($0.file) }), ["second.yml"])
        XCTAssertEqual(
            result.notes["ada"],
            [
                "01-graded: 2 answer files were handed in; second.yml counts (the last given, since not every file has a 'submitted' time), not first.yml."
            ])
    }

    func testALessonReferringToAnotherLessonsEquationIsGraded() throws {
        try write("Lessons/00-defs.md", "# Defs\n\n$$z = 1/8$$ {#eq-z}\n")
        try write("Lessons/01-graded.md", Self.lesson.replacingOccurrences(of: "# Graded\n", with: "# Graded\n\nAs @eq-z.\n"))
        try write("ada.yml", answers("ada", ["\"ratio.z\": \"0.125\""]))
        let result = Grading.grade(
            answerFiles: [path("ada.yml")], inputs: [path("Lessons")], roster: nil, options: BuildOptions())
        XCTAssertEqual(result.diagnostics.map(\.headline), [])
        XCTAssertEqual(result.lessonPoints, ["01-graded": 5])
        XCTAssertEqual(result.rows.filter { $0.answer == "z" }.map(\.score), [1])
    }

    func testTheGradeFilesCanvasMoodleAndGradescopeImport() throws {
        let (result, roster) = try grade()
        func text(_ format: GradeFormat) -> [String: String] {
            let (files, warnings) = result.files(format: format, grades: "grades.csv", roster: roster)
            XCTAssertEqual(warnings.map(\.headline), [])
            XCTAssertEqual(
                files.keys.filter { $0.hasPrefix("feedback/") }.sorted(),
                ["feedback/ada.txt", "feedback/alan.txt", "feedback/grace.txt"], "bob is not on the roster")
            return files.filter { !$0.key.hasPrefix("feedback/") }.mapValues { String(decoding: $0, as: UTF8.self) }
        }
        XCTAssertEqual(
            text(.canvas),
            [
                "grades.csv": """
                Student,ID,SIS User ID,SIS Login ID,Section,01-graded\r
                Points Possible,,,,,5\r
                "Lovelace, Ada",,S001,ada@uni.example,A,3\r
                "Alan ""Prof"" Turing",,S002,alan@uni.example,B,2\r
                "'=HYPERLINK(""http://x"")",,S003,,,3\r

                """
            ])
        XCTAssertEqual(
            text(.moodle),
            [
                "grades.csv": """
                Full name,Email address,ID number,01-graded\r
                "Lovelace, Ada",ada@uni.example,S001,3\r
                "Alan ""Prof"" Turing",alan@uni.example,S002,2\r
                "'=HYPERLINK(""http://x"")",,S003,3\r

                """
            ])
        XCTAssertEqual(
            text(.gradescope),
            [
                "grades-01-graded.csv": """
                Name,SID,Email,Score\r
                "Lovelace, Ada",S001,ada@uni.example,3\r
                "Alan ""Prof"" Turing",S002,alan@uni.example,2\r
                "'=HYPERLINK(""http://x"")",S003,,3\r

                """
            ])
        XCTAssertEqual(Set(text(.csv).keys), ["grades.csv"])
        // Without 'email' and 'sis_id', Moodle and Gradescope cannot match a student, and Canvas only by name.
        let bare = Roster(path: "r.csv", students: roster.students.map { Roster.Student(id: $0.id, name: $0.name) })
        XCTAssertEqual(
            result.files(format: .moodle, grades: "g.csv", roster: bare).warnings.map(\.headline),
            [
                "r.csv: warning: 3 students have neither 'email' nor 'sis_id' on the roster ('ada', 'alan', 'grace'): Moodle cannot match them"
            ])
    }

    func testEveryTextCellIsNeutralisedAgainstFormulas() {
        XCTAssertEqual(
            ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "ok", "a,b", "say \"hi\""].map { CSV.field(.text($0)) },
            ["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", "\"'\rx\"", "ok", "\"a,b\"", "\"say \"\"hi\"\"\""])
        XCTAssertEqual(CSV.field(.number("-0.25")), "-0.25")
    }

    func testTheNumberSyntaxOfAnswers() {
        let accepted: [(String, Double)] = [
            ("-0.25", -0.25), (" 1e-3 ", 0.001), ("−2.5", -2.5), ("+.5", 0.5), ("3.", 3), ("1E+2", 100), ("7", 7),
        ]
        for (text, value) in accepted { XCTAssertEqual(try AnswerFile.number(text).get(), value, text) }
        let refused: [(String, String)] = [
            ("0,31", "is written with a decimal comma, '0,31'; write a decimal point: 0.31"),
            ("-1,5e3", "is written with a decimal comma, '-1,5e3'; write a decimal point: -1.5e3"),
            ("abc", "must be a number (such as -0.25 or 3.1e-4), got 'abc'"),
            ("0x1p3", "must be a number (such as -0.25 or 3.1e-4), got '0x1p3'"),
            ("nan", "must be a number (such as -0.25 or 3.1e-4), got 'nan'"),
            ("1e400", "must be a number (such as -0.25 or 3.1e-4), got '1e400'"),
            ("1.2.3", "must be a number (such as -0.25 or 3.1e-4), got '1.2.3'"),
        ]
        for (text, message) in refused {
            guard case .failure(let problem) = AnswerFile.number(text) else { return XCTFail(text) }
            XCTAssertEqual(problem.message, message)
        }
    }

    func testAnExercisesPointsMustBePositive() throws {
        try write("Lessons/01-graded.md", Self.lesson.replacingOccurrences(of: "points: 4", with: "points: 0"))
        let expected = Grading.expected(
            lesson: path("Lessons/01-graded.md"), slug: "01-graded", student: "ada", options: BuildOptions())
        guard case .failure(let problem) = expected else { return XCTFail("points: 0 was accepted") }
        XCTAssertEqual(
            relative(problem.headline),
            "Lessons/01-graded.md:5:9: error: 'points' is what the exercise is worth, a number > 0; got '0'")
    }

    /// The real binary: the grades and the feedback are written, then the exit status is 1.
    func testTheCommandWritesEveryonesGradesThenExitsWithOne() throws {
        let files = try handIn().map { ($0 as NSString).lastPathComponent }
        let run = try workbook(["grade", "--answers"] + files + ["--roster", "roster.csv", "--out", "out/grades.csv"])
        XCTAssertEqual(run.status, 1, run.err)
        XCTAssertTrue(
            run.out.hasPrefix(
                "Graded 7 answer files: 5 of 9 answers right; wrote out/grades.csv and 3 feedback files in out/feedback/."
            ), run.out)
        XCTAssertTrue(run.err.contains("bob.yml:2:10: error: student 'bob' is not on the roster roster.csv"), run.err)
        let grades = try String(contentsOfFile: path("out/grades.csv"), encoding: .utf8)
        XCTAssertEqual(grades.components(separatedBy: "\r\n").count, 15, grades)
        XCTAssertNotNil(FileManager.default.contents(atPath: path("out/feedback/grace.txt")))
        XCTAssertNil(FileManager.default.contents(atPath: path("out/feedback/bob.txt")), "bob is not on the roster")

        let canvas = try workbook(["grade", "--answers", "ada.yml", "--format", "canvas", "--out", "c.csv"])
        XCTAssertEqual(canvas.status, 1)
        XCTAssertTrue(canvas.err.contains("--format canvas needs a roster"), canvas.err)
        let gradescope = try workbook(
            ["grade", "--answers", "ada.yml", "--roster", "roster.csv", "--format", "gradescope", "--out", "g.csv"])
        XCTAssertEqual(gradescope.status, 0, gradescope.err)
        XCTAssertEqual(
            try String(contentsOfFile: path("g-01-graded.csv"), encoding: .utf8),
            "Name,SID,Email,Score\r\n\"Lovelace, Ada\",S001,ada@uni.example,3\r\n")
    }

    func workbook(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try runWorkbook(arguments, in: folder, for: Self.self)
    }
}
