import Foundation
import RNN
import XCTest

@testable import Workbook

/// Exercises, the two editions, per-student variants, rosters and grading.
final class ExerciseTests: XCTestCase {
    var folder: URL!

    let lesson = """
        # Exercises

        ```rnn model
        name: hello
        vocabulary: [h, e, l, o]
        hidden: 3
        init: normal
        scale: 0.5
        seed: 7
        vary: seed
        show: all
        ```

        ```rnn forward instructor
        model: hello
        input: hell
        show: [h]
        ```

        ```rnn loss instructor
        model: hello
        input: hell
        target: ello
        ```

        ```rnn exercise
        id: first
        question: |
          Compute $h^{(1)}_1$ for the input `h`.
        hint: The column of $\\mathbf{W}_e$ for `h`.
        answers:
          - name: h1
            value: hello.forward.h[1, 1]
          - name: J
            value: hello.loss.mean
            format: .6f
        solution: |
          $h^{(1)}_1 = \\tanh({{ hello.W_e[1, "h"] | .6f }}) = {{ hello.forward.h[1, 1] | .6f }}$ SOLUTION-MARK.
        ```

        ```instructor
        Teaching note NOTE-MARK: the mean loss is {{ hello.loss.mean | .6f }}.
        ```

        """

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("exercises-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try Data(lesson.utf8).write(to: folder.appendingPathComponent("Lessons/01-ex.md"))
        try Data("id,name\nada,Ada\nalan,Alan\n".utf8).write(to: folder.appendingPathComponent("roster.csv"))
        try Data("title: T\nroster: roster.csv\n".utf8).write(to: folder.appendingPathComponent("workbook.yml"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func build(_ edition: Edition, variant: String?, roster: Bool = false) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        options.variant = variant
        if !roster { options.roster = "/nonexistent-roster-is-not-read" }
        let inputs = [folder.appendingPathComponent(roster ? "Lessons" : "Lessons/01-ex.md").path]
        return CourseBuilder.build(inputs: inputs, options: options)
    }

    func text(_ build: CourseBuild, _ name: String) -> String {
        build.files[name].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The answers as the instructor edition of `variant` shows them, at full precision and formatted.
    func answers(_ variant: String) throws -> [Double] {
        let path = folder.appendingPathComponent("Lessons/01-ex.md").path
        let expected = try Grading.expected(lesson: path, slug: "01-ex", student: variant, options: BuildOptions())
            .get()
        XCTAssertEqual(expected.exercises.map(\.id), ["first"])
        return expected.exercises[0].answers.map(\.value)
    }

    func testTheStudentEditionHoldsNoAnswerAndNoSolution() throws {
        let instructor = build(.instructor, variant: "ada")
        let student = build(.student, variant: "ada")
        XCTAssertEqual(instructor.diagnostics.map(\.headline), [])
        XCTAssertEqual(student.diagnostics.map(\.headline), [])
        let values = try answers("ada")
        let shownInstructor = text(instructor, "01-ex.md") + text(instructor, "01-ex.html")
        let all = student.files.map { String(decoding: $0.value, as: UTF8.self) }.joined(separator: "\n")
        for (value, format) in zip(values, [NumberFormat.standard, NumberFormat(style: .fixed, precision: 6)]) {
            let shown = format.format(value)
            XCTAssertTrue(shownInstructor.contains(shown), "the instructor edition shows \(shown)")
            for digits in [shown, NumberFormat(style: .fixed, precision: 6).format(value), "\(value)"] {
                XCTAssertFalse(all.contains(digits), "the student edition leaks \(digits)")
            }
        }
        for mark in ["SOLUTION-MARK", "NOTE-MARK", "Instructor's notes", "**Answers**", "Hidden states"] {
            XCTAssertTrue(shownInstructor.contains(mark), mark)
            XCTAssertFalse(all.contains(mark), "the student edition holds \(mark)")
        }
        let page = text(student, "01-ex.html")
        XCTAssertTrue(page.contains("data-wb-answer=\"first.h1\"") && page.contains("data-wb-answer=\"first.J\""), page)
        XCTAssertTrue(page.contains("data-wb-student=\"ada\" ") || page.contains("data-wb-student=\"ada\">"), page)
        XCTAssertTrue(page.contains("The column of"), "the hint is shown")
        XCTAssertTrue(text(student, "01-ex.md").contains("`first.h1` = ____"))
    }

    func testVariantsGiveEachStudentTheirOwnNumbersByTheDocumentedRule() throws {
        // python3: int.from_bytes(hashlib.sha256(b"rnn-workbook-variant\0ada\0hello\0" + b"7").digest()[:4], "big")
        XCTAssertEqual(Variant.seed(7, name: "hello", variant: "ada"), 548_062_134)
        XCTAssertEqual(Variant.seed(7, name: "hello", variant: "alan"), 2_205_860_987)
        let ada = try answers("ada")
        XCTAssertEqual(ada, try answers("ada"))
        XCTAssertNotEqual(ada, try answers("alan"))
        // The variant's answers are the model drawn from the derived seed: h(1)₁ = tanh(W_e[1, h]), b1 = 0.
        let weights = Initialization.normal(scale: 0.5, seed: 548_062_134).parameters(
            shapes: [("W_e", [3, 4]), ("W_h", [3, 3]), ("b1", [3, 1]), ("U", [4, 3]), ("b2", [4, 1])], hiddenSize: 3)
        XCTAssertEqual(ada[0], tanh(weights["W_e"]!.values[0]), accuracy: 1e-15)
    }

    func testARosterBuildsEachStudentsEditionAsASiteOfItsOwn() throws {
        let course = build(.instructor, variant: nil, roster: true)
        XCTAssertEqual(course.diagnostics.map(\.headline), [])
        XCTAssertEqual(course.folder, "")
        XCTAssertFalse(
            course.files.keys.contains { $0.hasPrefix("student/") }, "the instructor's folder leaves student/")
        XCTAssertEqual(course.students.map(\.folder), ["student/ada", "student/alan"])
        for (id, edition) in zip(["ada", "alan"], course.students) {
            let page = String(decoding: edition.files["01-ex.html"] ?? [], as: UTF8.self)
            XCTAssertTrue(page.contains("href=\"assets/workbook.css\""), page)
            XCTAssertFalse(page.contains("../"), "a student's pages load nothing outside their folder")
            XCTAssertTrue(page.contains("data-wb-student=\"\(id)\""))
            let name = id == "ada" ? "Ada" : "Alan"
            XCTAssertTrue(page.contains("data-wb-student-name=\"\(name)\""), "the form says whose page it is")
            for own in ["index.html", "search-index.js", "assets/workbook.css", "assets/workbook.js", "01-ex.md"] {
                XCTAssertNotNil(edition.files[own], "\(id)'s edition has its own \(own)")
            }
            for (path, bytes) in edition.files {
                let text = String(decoding: bytes, as: UTF8.self)
                XCTAssertFalse(text.contains("SOLUTION-MARK") || text.contains("NOTE-MARK"), "\(id)/\(path)")
            }
        }
        XCTAssertNotEqual(course.students[0].files["01-ex.md"], course.students[1].files["01-ex.md"])
        let (roster, problems) = Roster.read(folder.appendingPathComponent("roster.csv").path)
        XCTAssertEqual(problems.count, 0)
        XCTAssertEqual(roster?.students.map(\.name), ["Ada", "Alan"])
        try Data("name,id\nX,ada\nY,../up\nZ,ada\nE,everyone\n".utf8).write(
            to: folder.appendingPathComponent("bad.csv"))
        XCTAssertEqual(
            Roster.read(folder.appendingPathComponent("bad.csv").path).1.map {
                $0.headline.replacingOccurrences(of: folder.path + "/", with: "")
            },
            [
                "bad.csv:3:1: error: '../up' cannot be a student id: letters, digits, '_', '-' and '.', not starting with '.'",
                "bad.csv:4:1: error: student 'ada' is already on line 2",
                "bad.csv:5:1: error: 'everyone' cannot be a student id: student/everyone/ holds the student edition without a variant",
            ])
    }

    func testGradingMarksEachAnswerAgainstTheStudentsOwnVariant() throws {
        let ada = try answers("ada")
        let file = folder.appendingPathComponent("ada.yml")
        // h1 rounded to three decimals is right; J off by 5 % is wrong.
        try Data(
            "student: ada\nlesson: 01-ex\nanswers:\n  first.h1: \"\(String(format: "%.3f", ada[0]))\"\n  first.J: \(ada[1] * 1.05)\n"
                .utf8
        ).write(to: file)
        let roster = Roster.read(folder.appendingPathComponent("roster.csv").path).0
        let lessons = [folder.appendingPathComponent("Lessons").path]
        let result = Grading.grade(answerFiles: [file.path], inputs: lessons, roster: roster, options: BuildOptions())
        XCTAssertEqual(result.diagnostics.map(\.headline), [])
        XCTAssertEqual(result.rows.map(\.correct), [true, false])
        XCTAssertEqual(result.rows.map(\.expected), ada.map(Optional.some))
        XCTAssertTrue(
            result.detailCSV.hasPrefix(
                "student,lesson,exercise,answer,given,expected,correct,score,points,note,file\r\nada,01-ex,first,h1,"))
        XCTAssertTrue(result.feedback["ada"]?.hasPrefix("Feedback for ada: 1 of 2 answers right.") ?? false)

        // A missing answer scores 0 with a note; the same file for alan is marked against alan's numbers.
        try Data("student: alan\nlesson: 01-ex\nanswers:\n  first.h1: \(ada[0])\n".utf8).write(to: file)
        let alan = Grading.grade(answerFiles: [file.path], inputs: lessons, roster: roster, options: BuildOptions())
        XCTAssertEqual(alan.rows.map(\.correct), [false, false])
        XCTAssertEqual(alan.rows.map(\.note), ["", "no answer"])

        // Mistakes: a value that is no number, an unknown exercise, an unknown student, an unknown lesson; each is
        // an error at its line and a row scoring 0.
        let cases: [(String, String)] = [
            (
                "student: ada\nlesson: 01-ex\nanswers:\n  first.h1: abc\n",
                "ada.yml:4:13: error: the answer 'first.h1' must be a number (such as -0.25 or 3.1e-4), got 'abc'"
            ),
            (
                "student: ada\nlesson: 01-ex\nanswers:\n  second.h1: 1\n",
                "ada.yml:4:3: error: lesson '01-ex' has no exercise 'second'"
            ),
            (
                "student: ada\nlesson: 01-ex\nanswers:\n  first.h2: 1\n",
                "ada.yml:4:3: error: exercise 'first' has no answer 'h2'; it has h1, J"
            ),
            (
                "student: bob\nlesson: 01-ex\nanswers: {}\n",
                "ada.yml:1:10: error: student 'bob' is not on the roster roster.csv"
            ),
            (
                "student: ada\nlesson: 01-exx\nanswers: {}\n",
                "ada.yml:2:9: error: no lesson '01-exx' (did you mean '01-ex'?)"
            ),
            (
                "student: ada\nlessn: 01-ex\n",
                "ada.yml:2:1: error: unknown key 'lessn' in the answer file (did you mean 'lesson'?)"
            ),
        ]
        for (content, expected) in cases {
            try Data(content.utf8).write(to: file)
            let graded = Grading.grade(
                answerFiles: [file.path], inputs: lessons, roster: roster, options: BuildOptions())
            XCTAssertEqual(
                graded.diagnostics.first.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") },
                expected, content)
            XCTAssertFalse(graded.succeeded)
            XCTAssertTrue(graded.rows.contains { $0.score == 0 && !$0.note.isEmpty }, content)
        }
    }
}
