import XCTest

@testable import Workbook

/// A build with a roster makes a student edition per student; an error that several editions share (the leak
/// guard's, for a number typed in the prose that is the answer of every variant) is reported once, naming them.
final class EditionErrorsTests: XCTestCase {
    let lesson = """
        # Typed

        The answer is 0.8000 or so.

        ```rnn exercise
        id: ex
        question: What is it?
        answers:
          - name: a
            value: 0.8
        ```

        """

    func testALeakInEveryStudentEditionIsOneError() throws {
        let course = try TemporaryCourse(
            "edition-errors",
            files: ["Lessons/01-typed.md": lesson, "roster.csv": "id,name\nada,Ada\nalan,Alan\ngrace,Grace\n"])
        defer { course.remove() }
        let leak =
            "Lessons/01-typed.md:3:15: error: %@the lesson's text shows 0.8000 in the student edition: the answer 'a' of exercise 'ex' (line 5)"
        func errors(_ build: CourseBuild) -> [String] {
            build.diagnostics.filter { $0.severity == .error }.map {
                $0.headline.replacingOccurrences(of: course.root + "/", with: "")
            }
        }
        // The instructor's build with every student's edition beside it.
        let all = course.build { $0.roster = course.root + "/roster.csv" }
        XCTAssertEqual(errors(all), [leak.replacingOccurrences(of: "%@", with: "in every student edition: ")])
        XCTAssertEqual(all.students.count, 3)
        // Only the students' editions: the build's own error, as a build of one edition says it.
        let students = course.build { ($0.roster, $0.edition) = (course.root + "/roster.csv", .student) }
        XCTAssertEqual(errors(students), [leak.replacingOccurrences(of: "%@", with: "")])
    }

    /// A lesson that shows the loss table of a model answers the exercise of another lesson on that model defined
    /// again (same definition and seed): before, each lesson's numbers were compared with its own answers only,
    /// and every student edition showed the answer (a new user's trial). Another seed, `instructor` on the table,
    /// or `reveals: allowed` on the exercise, and there is no leak.
    func testALessonThatShowsAnotherLessonsAnswerThroughTheSameModelIsAnError() throws {
        func model(_ name: String, seed: Int) -> String {
            "```rnn model\nname: \(name)\nvocabulary: [h, e, l, o]\nhidden: 3\nscale: 0.5\nseed: \(seed)\n```\n\n"
        }
        let exercise = "```rnn exercise\nid: first\nquestion: What is J?\nanswers:\n  - name: J1\n    value: bp.loss.J[1]\n"
        func build(seed: Int, table: String = "rnn loss", reveals: Bool = false) throws -> [String] {
            let course = try TemporaryCourse(
                "shared-model",
                files: [
                    "Lessons/01-a.md": "# A\n\n" + model("hello", seed: seed) + "```\(table)\nmodel: hello\nsequence: hello\n```\n",
                    "Lessons/02-b.md": "# B\n\n" + model("bp", seed: 7)
                        + "```rnn loss instructor\nmodel: bp\nsequence: hello\n```\n\n" + exercise
                        + (reveals ? "reveals: allowed\n" : "") + "```\n",
                    "roster.csv": "id,name\nada,Ada\n",
                ])
            defer { course.remove() }
            let build = course.build { $0.roster = course.root + "/roster.csv" }
            return build.diagnostics.filter { $0.severity == .error }.map {
                $0.headline.replacingOccurrences(of: course.root + "/", with: "")
            }
        }
        let shown = try build(seed: 7)
        XCTAssertEqual(shown.count, 1, "\(shown)")
        XCTAssertTrue(
            shown.first?.hasPrefix("Lessons/02-b.md:16:8: error: in the student edition of 'ada': Lessons/01-a.md shows 1.1653") == true,
            "\(shown)")
        XCTAssertTrue(
            shown.first?.hasSuffix(
                " in the student edition: the answer 'J1' of exercise 'first', computed there from a model with the same weights as the one the exercise asks about"
            ) == true, "\(shown)")
        XCTAssertEqual(try build(seed: 8), [])
        XCTAssertEqual(try build(seed: 7, table: "rnn loss instructor"), [])
        XCTAssertEqual(try build(seed: 7, reveals: true), [])
    }

    /// A loss table above an exercise on a model with `vary: seed` shows each student's own answer: one error
    /// with the first student's numbers, not one per student (a new user's trial: 3 students, 6 errors).
    func testALeakOfEachStudentsOwnNumbersIsOneError() throws {
        let varied = helloModel.replacingOccurrences(of: "seed: 7\n", with: "seed: 7\nvary: seed\n")
        let lesson =
            "# Varied\n\n" + varied + "\n```rnn loss\nmodel: hello\nsequence: hello\n```\n\n"
            + "```rnn exercise\nid: first\nquestion: What is J?\nanswers:\n  - name: J1\n    value: hello.loss.J[1]\n```\n"
        let course = try TemporaryCourse(
            "edition-numbers",
            files: ["Lessons/01-varied.md": lesson, "roster.csv": "id,name\nada,Ada\nalan,Alan\ngrace,Grace\n"])
        defer { course.remove() }
        let build = course.build { $0.roster = course.root + "/roster.csv" }
        let errors = build.diagnostics.filter { $0.severity == .error }.map {
            $0.headline.replacingOccurrences(of: course.root + "/", with: "")
        }
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(
            errors.first?.hasPrefix(
                "Lessons/01-varied.md:12:8: error: in every student edition (the numbers of 'ada'; each edition shows its own): this 'loss' block shows "
            ) == true, "\(errors)")
        // Errors of one shape at other places, or of other shapes, stay apart.
        let at = { (line: Int, message: String) in
            Diagnostic(.error, in: SourceFile(path: "a.md", text: "x\ny\n"), at: SourceLocation(line: line, column: 1), message)
        }
        let merged = EditionErrors.merged(
            [("s1", [at(1, "shows 0.25"), at(2, "shows 0.25")]), ("s2", [at(1, "shows 0.5"), at(2, "hides 0.5")])],
            onlyEditions: false)
        XCTAssertEqual(
            merged.map(\.headline),
            [
                "a.md:1:1: error: in every student edition (the numbers of 's1'; each edition shows its own): shows 0.25",
                "a.md:2:1: error: in the student edition of 's1': shows 0.25",
                "a.md:2:1: error: in the student edition of 's2': hides 0.5",
            ])
    }

    /// Every edition's assets are the same bytes in memory, read once per build: each edition read them again
    /// (KaTeX's scripts and fonts, ~0.65 MB an edition: a roster of 3,000 held 1.97 GB; 1,000 now peak at 69 MB
    /// instead of 666 MB).
    func testEveryEditionSharesTheAssetsItsBuildReadOnce() throws {
        let course = try TemporaryCourse(
            "edition-assets",
            files: ["Lessons/01-plain.md": "# Plain\n\nText.\n", "roster.csv": "id,name\nada,Ada\nalan,Alan\n"])
        defer { course.remove() }
        let build = course.build { $0.roster = course.root + "/roster.csv" }
        XCTAssertEqual(build.students.count, 2)
        func storage(_ files: [String: [UInt8]], _ path: String) -> UnsafeRawPointer? {
            files[path]?.withUnsafeBytes { $0.baseAddress }
        }
        let paths = build.files.keys.filter { $0.hasPrefix("assets/") }.sorted()
        XCTAssertTrue(paths.contains("assets/workbook.css"), "\(paths)")
        for path in paths {
            let first = try XCTUnwrap(storage(build.files, path), path)
            for student in build.students { XCTAssertEqual(storage(student.files, path), first, path) }
        }
    }

    /// An error some editions have names them; many are named by the first five and a count.
    func testAnErrorOfSomeEditionsNamesThem() {
        let error = Diagnostic(.error, path: "a.md", "it leaks")
        let other = Diagnostic(.error, path: "b.md", "another")
        let ids = (1...9).map { "s\($0)" }
        let found = ids.map { id in (id: id, errors: id == "s2" ? [other, error] : [error]) }
        XCTAssertEqual(
            EditionErrors.merged(found, onlyEditions: false).map(\.headline),
            ["a.md: error: in every student edition: it leaks", "b.md: error: in the student edition of 's2': another"])
        let some = found.map { ($0.id, ["s1", "s4"].contains($0.id) ? [error] : []) }
        XCTAssertEqual(
            EditionErrors.merged(some, onlyEditions: true).map(\.headline),
            ["a.md: error: in the student editions of 's1' and 's4': it leaks"])
        let many = found.map { ($0.id, $0.id == "s9" ? [] : [error]) }
        XCTAssertEqual(
            EditionErrors.merged(many, onlyEditions: true).map(\.headline),
            ["a.md: error: in the student editions of 's1', 's2', 's3', 's4', 's5' and 3 others: it leaks"])
        XCTAssertEqual(
            EditionErrors.merged(Array(found.prefix(1)), onlyEditions: false).map(\.headline),
            ["a.md: error: in the student edition of 's1': it leaks"])
    }
}
