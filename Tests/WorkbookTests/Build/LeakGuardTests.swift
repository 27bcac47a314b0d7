import Foundation
import XCTest

@testable import Workbook

/// The leak guard: a student edition that shows an exercise's answer, through any block or file, fails at the
/// block that shows it; `instructor` on that block or `reveals: allowed` on the exercise are the ways out.
final class LeakGuardTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("leaks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    let model = """
        # Leaks

        ```rnn model
        name: hello
        vocabulary: [h, e, l, o]
        hidden: 3
        init: normal
        scale: 0.5
        seed: 7
        vary: seed
        ```

        """

    /// An exercise asking for `value` (the model above is lines 1-12; what a test shows starts on line 13).
    func exercise(_ value: String, reveals: Bool = false) -> String {
        """
        ```rnn exercise
        id: q
        question: What is it?
        answers:
          - name: x
            value: \(value)
        \(reveals ? "reveals: allowed\n" : "")```

        """
    }

    /// The student edition of ada for a lesson of the model, `shown`, then the exercise; its errors' headlines.
    func studentErrors(_ shown: String, asking value: String, reveals: Bool = false) throws -> [String] {
        let path = folder.appendingPathComponent("Lessons/01-leak.md").path
        try Data((model + shown + "\n" + exercise(value, reveals: reveals)).utf8).write(to: URL(fileURLWithPath: path))
        var options = BuildOptions()
        (options.katexDirectory, options.edition, options.variant) = (nil, .student, "ada")
        options.roster = "/nonexistent-roster-is-not-read"
        let build = CourseBuilder.build(inputs: [path], options: options)
        return build.diagnostics.filter { $0.severity == .error }.map {
            $0.headline.replacingOccurrences(of: folder.path + "/", with: "")
        }
    }

    /// One error, at `location`, naming what shows the answer; `studentErrors`' headline without the number.
    func assertCaught(
        _ shown: String, asking value: String, at location: String, by what: String, line: UInt = #line
    ) throws {
        let errors = try studentErrors(shown, asking: value)
        XCTAssertEqual(errors.count, 1, "\(errors)", line: line)
        let prefix = "Lessons/01-leak.md:\(location): error: \(what) shows "
        XCTAssertTrue(errors.first?.hasPrefix(prefix) ?? false, "\(errors)", line: line)
    }

    func testAForwardTableThatShowsTheAnswerIsAnErrorAtItsBlock() throws {
        let forward = "```rnn forward\nmodel: hello\ninput: hell\nshow: [h]\n```\n"
        try assertCaught(forward, asking: "hello.forward.h[1, 1]", at: "12:8", by: "this 'forward' block")
        let message = try studentErrors(forward, asking: "hello.forward.h[1, 1]").first ?? ""
        XCTAssertTrue(message.hasSuffix("the answer 'x' of exercise 'q' (line 18)"), message)
        let hidden = forward.replacingOccurrences(of: "forward\n", with: "forward instructor\n")
        XCTAssertEqual(try studentErrors(hidden, asking: "hello.forward.h[1, 1]"), [])
        XCTAssertEqual(try studentErrors(forward, asking: "hello.forward.h[1, 1]", reveals: true), [])
    }

    func testALossTableIsCaught() throws {
        let loss = "```rnn loss\nmodel: hello\ninput: hell\ntarget: ello\n```\n"
        try assertCaught(loss, asking: "hello.loss.mean", at: "12:8", by: "this 'loss' block")
    }

    func testAnInlineValueIsCaughtAtItsBraces() throws {
        let shown =
            "```rnn loss instructor\nmodel: hello\ninput: hell\ntarget: ello\n```\n\nThe loss is {{ hello.loss.mean }}.\n"
        try assertCaught(shown, asking: "hello.loss.mean", at: "18:13", by: "this inline value")
        // Negated, it showed the answer but for its sign (a helper's hunt).
        try assertCaught(
            shown.replacingOccurrences(of: "{{ hello", with: "{{ -hello"), asking: "hello.loss.mean", at: "18:13",
            by: "this inline value")
    }

    func testANumberTypedInTheProseIsAnErrorWhereItIsTyped() throws {
        let prose = "Some prose first.\nThe answer is 0.1234, of course.\n"
        try assertCaught(prose, asking: "0.1234", at: "13:15", by: "the lesson's text")
        // Not inside a directive (the page shows it in that block's place), nor inside a longer number.
        let text = "```rnn check\nvalue: 0.1234\nequals: 1\n```\n\nNot 10.1234 but 0.1234.\n"
        let parsed = try XCTUnwrap(
            LessonParser.parse(SourceFile(path: "x.md", text: text), slug: "x", allowRawHTML: false).0)
        XCTAssertEqual(LeakGuard.place(of: "0.1234", in: parsed), SourceLocation(line: 6, column: 17))
    }

    func testATableIsCaught() throws {
        let table = """
            ```rnn loss instructor
            model: hello
            input: hell
            target: ello
            ```

            ```rnn table
            columns:
              J: hello.loss.J
            ```

            """
        try assertCaught(table, asking: "hello.loss.J[2]", at: "18:8", by: "this 'table' block")
    }

    func testADiagramLabelIsCaught() throws {
        let diagram = """
            ```rnn forward instructor
            model: hello
            input: hell
            ```

            ```rnn diagram
            model: hello
            input: hell
            format: .4f
            ```

            """
        try assertCaught(diagram, asking: "hello.forward.h[2, 1]", at: "17:8", by: "this 'diagram' block")
    }

    func testAHighlightHoverValueIsCaught() throws {
        let highlight = "```rnn highlight\nmodel: hello\nsequence: hello\nvalue: probability\nformat: .4f\n```\n"
        try assertCaught(highlight, asking: "hello.highlight.values[3]", at: "12:8", by: "this 'highlight' block")
    }

    func testAPlotIsCaught() throws {
        let plot = """
            ```rnn forward instructor
            model: hello
            input: hell
            ```

            ```rnn plot
            kind: bar
            value: hello.forward.yhat[4]
            ```

            """
        try assertCaught(plot, asking: "hello.forward.yhat[4, 2]", at: "17:8", by: "this 'plot' block")
    }

    func testASavedWeightFileIsCaughtAndSaveInstructorKeepsTheFileOut() throws {
        let save = "```rnn save\nmodel: hello\nfile: w.npz\n```\n"
        try assertCaught(
            save, asking: "hello.W_e[2, \"h\"]", at: "12:8", by: "the file 'w.npz' that this 'save' writes")
        let hidden = save.replacingOccurrences(of: "save\n", with: "save instructor\n")
        XCTAssertEqual(try studentErrors(hidden, asking: "hello.W_e[2, \"h\"]"), [])
        var options = BuildOptions()
        (options.katexDirectory, options.edition, options.variant) = (nil, .student, "ada")
        let path = folder.appendingPathComponent("Lessons/01-leak.md").path
        let build = CourseBuilder.build(inputs: [path], options: options)
        XCTAssertEqual(build.files.keys.filter { $0.hasSuffix(".npz") }, [], "save instructor writes no file")
    }

    func testTheSearchIndexOfAnEditionIsChecked() throws {
        var lesson = LessonProduct(
            path: "Lessons/01-leak.md", slug: "01-leak", title: "Leaks", html: "", markdown: "", diagnostics: [])
        lesson.answers = [LeakGuard.Answer(exercise: "q", name: "x", value: 0.123456, line: 20, column: 5)]
        let files = ["search-index.js": Array("var index = [{\"text\": \"J is 0.1235\"}]".utf8)]
        let errors = LeakGuard.check(edition: files, lessons: [lesson], limits: Limits()).map(\.headline)
        XCTAssertEqual(
            errors,
            [
                "Lessons/01-leak.md:20:5: error: the edition's 'search-index.js' shows 0.1235 in the student edition: the answer 'x' of exercise 'q' (line 20)"
            ])
        let other = ["search-index.js": Array("var index = [{\"text\": \"J is 0.1236 or 0.12\"}]".utf8)]
        XCTAssertEqual(LeakGuard.check(edition: other, lessons: [lesson], limits: Limits()).map(\.headline), [])
        // A number as another lesson's page writes it was checked with that lesson: no leak of this one's answer.
        let page = LessonProduct(
            path: "Lessons/02-other.md", slug: "02-other", title: "Other", html: "<p>0.1235</p>", markdown: "0.1235",
            diagnostics: [])
        XCTAssertEqual(LeakGuard.check(edition: files, lessons: [lesson, page], limits: Limits()).map(\.headline), [])
    }

    /// An image the edition copies is scanned too, a chunk at a time: an answer written in an SVG is caught even
    /// where it straddles the boundary of two chunks, and a number cut there is not read as two.
    func testACopiedImageIsScannedByChunks() throws {
        var lesson = LessonProduct(
            path: "Lessons/01-leak.md", slug: "01-leak", title: "Leaks", html: "", markdown: "", diagnostics: [])
        lesson.answers = [LeakGuard.Answer(exercise: "q", name: "x", value: 0.123456, line: 20, column: 5)]
        let path = folder.appendingPathComponent("figure.svg").path
        func copy(_ text: String) throws -> FileCopy {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return try LessonFile.copy(path, maxMB: 8, bound: .option("maxFileMB"))
        }
        // "<svg>" then padding so that the number starts 3 bytes before the end of the first chunk.
        let padding = String(repeating: " ", count: FileCopy.chunkBytes - 5 - 3)
        let leaking = try copy("<svg>" + padding + "0.1235</svg>")
        XCTAssertEqual(
            LeakGuard.check(edition: [:], copies: ["figures/f.svg": leaking], lessons: [lesson], limits: Limits()).map(
                \.headline),
            [
                "Lessons/01-leak.md:20:5: error: the edition's 'figures/f.svg' shows 0.1235 in the student edition: the answer 'x' of exercise 'q' (line 20)"
            ])
        // 10.1235 cut after "10.": neither "10." nor "1235" nor "0.1235" is read.
        let other = try copy("<svg>" + String(repeating: " ", count: FileCopy.chunkBytes - 5 - 3) + "10.1235</svg>")
        XCTAssertEqual(LeakGuard.numbers(in: other).map(\.text), ["10.1235"])
        XCTAssertEqual(
            LeakGuard.check(edition: [:], copies: ["figures/f.svg": other], lessons: [lesson], limits: Limits()).map(
                \.headline), [])
    }

    /// Equal at the digits shown, with at least 3 significant digits; half a unit of the last digit either way.
    func testANumberShowsAnAnswerAtTheDigitsItHas() {
        func shows(_ text: String, _ answer: Double) -> Bool {
            LeakGuard.numbers(in: text).contains { $0.shows(answer) }
        }
        XCTAssertTrue(shows("J = 0.3468", 0.34675))
        XCTAssertTrue(shows("0.347", 0.3468))
        XCTAssertFalse(shows("0.35", 0.3468), "two significant digits say too little")
        XCTAssertFalse(shows("0.3467", 0.34685))
        XCTAssertTrue(shows("-1.25e-03", -0.00125))
        XCTAssertTrue(shows("$1.25 \\times 10^{-3}$", 0.00125))
        XCTAssertTrue(shows("1.25", -1.25), "the answer but for its sign is the answer")
        XCTAssertTrue(shows("-0.3468", 0.34675))
        XCTAssertFalse(shows("W_h347", 347), "a number inside a name is not one")
        XCTAssertEqual(LeakGuard.numbers(in: "line-12.5,0.25").map(\.text), ["12.5", "0.25"])
    }
}
