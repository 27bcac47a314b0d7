import Foundation
import XCTest

@testable import Workbook

/// The slide decks: where slides start, pauses, notes and incremental lists, who asks for a deck, and the
/// editions (docs/lesson-format.md, "Slides").
final class SlidesWriterTests: XCTestCase {
    let lesson = """
        ---
        slides: true
        ---

        # The title with $x$

        Before the first section.

        ::: notes
        Say NOTE-MARK first.
        :::

        ## First

        One.

        . . .

        Two.

        ### Still the first slide

        ---

        After the rule.

        ::: incremental
        - a
        - b
        :::

        # Second part

        Three.

        """

    /// The `<section class="wb-slide…">` openings of a deck, each with the text of its heading.
    func slides(_ deck: String) -> [String] {
        deck.components(separatedBy: "<section class=\"wb-slide").dropFirst().map { slide in
            guard let h = slide.range(of: "<h2"), let end = slide.range(of: "</h2>") else {
                return slide.contains("wb-title-slide") ? "title" : "-"
            }
            let inner = slide[h.upperBound..<end.lowerBound]
            return String(inner[inner.index(after: inner.firstIndex(of: ">")!)...])
        }
    }

    func testASlideStartsAtEveryHeadingOfLevelOneOrTwoAndAtEveryRule() throws {
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let deck = try XCTUnwrap(product.slides)
        // The title slide (from the first level-1 heading), the text before the first section (no title), First,
        // the slide after the rule (no title), Second part. The level-3 heading stays on First.
        XCTAssertEqual(slides(deck), ["title", "-", "First", "-", "Second part"])
        // The title keeps the heading's anchor, for the links to it.
        XCTAssertTrue(
            deck.contains("<h1 id=\"the-title-with\">The title with <span class=\"math inline\">x</span></h1>"), deck)
        XCTAssertTrue(deck.contains("<h2 id=\"first\">First</h2>"))
        XCTAssertTrue(deck.contains("<h3 id=\"still-the-first-slide\">"))
        XCTAssertTrue(deck.contains("<link rel=\"stylesheet\" href=\"assets/slides.css\">"))
        XCTAssertTrue(deck.contains("<script defer src=\"assets/slides.js\"></script>"))
        XCTAssertTrue(deck.contains("<a href=\"test.html\">Handout</a>"))
    }

    func testAPauseStartsAFragmentAndNotesAreTheSpeakersOnly() throws {
        let product = buildLesson(lesson)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertTrue(deck.contains("<p>One.</p>\n<div class=\"fragment\">\n<p>Two.</p>\n<h3"), deck)
        XCTAssertTrue(deck.contains("<aside class=\"wb-notes\">\n<p>Say NOTE-MARK first.</p>\n</aside>\n</section>"))
        XCTAssertTrue(deck.contains("<div class=\"wb-incremental\">\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>"))
        // The handout shows neither the pause nor the notes; the incremental list shows as a list.
        let html = try XCTUnwrap(product.html)
        XCTAssertFalse(html.contains(". . ."))
        XCTAssertFalse(html.contains("NOTE-MARK"))
        XCTAssertTrue(html.contains("<p>One.</p>\n<p>Two.</p>"), html)
        XCTAssertTrue(html.contains("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"))
    }

    func testFrontMatterWinsOverTheBuildsChoice() {
        let plain = "# T\n\nText.\n"
        XCTAssertNil(buildLesson(plain).slides)
        var options = BuildOptions()
        (options.katexDirectory, options.copiesImages, options.slides) = (nil, false, true)
        func build(_ text: String) -> LessonProduct {
            Pipeline.build(
                SourceFile(path: "Lessons/t.md", text: text), slug: "t", options: options,
                assets: AssetLinks.make(katexDirectory: nil))
        }
        XCTAssertNotNil(build(plain).slides)
        XCTAssertNil(build("---\nslides: false\n---\n" + plain).slides)
        XCTAssertEqual(
            buildLesson("---\nslides: maybe\n---\n" + plain).diagnostics.map(\.headline),
            [
                "Lessons/test.md:2:9: error: 'slides' is true (the lesson gets a slide deck too) or false; got 'maybe'"
            ])
    }

    func testTheCourseFileAsksForSlides() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slides-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# One\n\nText.\n".write(
            to: folder.appendingPathComponent("Lessons/01-one.md"), atomically: true, encoding: .utf8)
        var options = BuildOptions()
        options.katexDirectory = nil
        let input = folder.appendingPathComponent("Lessons").path
        let without = CourseBuilder.build(inputs: [input], options: options)
        XCTAssertNil(without.files["01-one.slides.html"])
        XCTAssertNil(without.files["assets/slides.js"], "no runtime without a deck")
        try "slides: true\n".write(to: folder.appendingPathComponent("workbook.yml"), atomically: true, encoding: .utf8)
        let with = CourseBuilder.build(inputs: [input], options: options)
        XCTAssertEqual(with.diagnostics.map(\.formatted), [])
        XCTAssertNotNil(with.files["01-one.slides.html"])
        XCTAssertEqual(with.files["assets/slides.js"], Array(SlideAssets.script.utf8))
        XCTAssertEqual(with.files["assets/slides.css"], Array(SlideAssets.stylesheet.utf8))
        try "slides: often\n".write(to: folder.appendingPathComponent("workbook.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(
            CourseBuilder.build(inputs: [input], options: options).diagnostics.map(\.message),
            ["'slides' is true (every lesson gets a slide deck too) or false; got 'often'"])
    }

    func testAnExercisesAnswerIsOnTheInstructorsSlidesOnly() throws {
        let text = """
            ---
            slides: true
            ---

            # Exercise

            ```rnn model
            name: hello
            vocabulary: [h, e, l, o]
            hidden: 3
            seed: 7
            ```

            ## Question

            ```rnn exercise
            id: first
            question: |
              Compute QUESTION-MARK.
            hint: HINT-MARK.
            answers:
              - name: J
                value: hello.H
            solution: |
              SOLUTION-MARK.
            ```

            """
        var options = BuildOptions()
        (options.katexDirectory, options.copiesImages) = (nil, false)
        func deck(_ edition: Edition) throws -> String {
            options.edition = edition
            let product = Pipeline.build(
                SourceFile(path: "Lessons/x.md", text: text), slug: "x", options: options,
                assets: AssetLinks.make(katexDirectory: nil))
            XCTAssertEqual(product.diagnostics.filter { $0.severity == .error }.map(\.formatted), [])
            return try XCTUnwrap(product.slides)
        }
        let instructor = try deck(.instructor)
        let student = try deck(.student)
        XCTAssertTrue(instructor.contains("QUESTION-MARK"))
        XCTAssertTrue(instructor.contains("SOLUTION-MARK"))
        XCTAssertTrue(student.contains("QUESTION-MARK"))
        XCTAssertFalse(student.contains("SOLUTION-MARK"))
        // The hint, the answers and the solution each come on a key press after the question (the slide runtime
        // makes each `wb-reveal` a step), so that the projected deck asks before it answers; the rehearsal found
        // the answer projected with its question.
        let exercise = try XCTUnwrap(instructor.range(of: "<section class=\"wb-box wb-exercise\">")).lowerBound
        let box = String(instructor[exercise...])
        XCTAssertEqual(
            box.components(separatedBy: "<div class=\"wb-reveal\">").map { part in
                ["QUESTION-MARK", "HINT-MARK", "<table>", "SOLUTION-MARK"].filter(part.contains)
            },
            [["QUESTION-MARK"], ["HINT-MARK"], ["<table>"], ["SOLUTION-MARK"]])
        XCTAssertEqual(student.components(separatedBy: "<div class=\"wb-reveal\">").count, 2)
        XCTAssertTrue(SlideAssets.script.contains(".wb-deck .wb-reveal"))
    }
}
