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
