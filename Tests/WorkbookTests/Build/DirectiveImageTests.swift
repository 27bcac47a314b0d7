import Foundation
import XCTest

@testable import Workbook

/// The image rule of the prose (`ImagePathTests`) wherever an image can stand: in an exercise's question, hint
/// and solution, in an `instructor` block and in a footnote. A lesson-folder image is copied, a course-folder
/// one copied to `course-files/` with the handouts pointing there, a missing or outside one a warning at its
/// line and column in the lesson with a placeholder. An image only an instructor-only part shows never reaches
/// a student edition. Other warnings about a fragment are reported at their place too.
final class DirectiveImageTests: XCTestCase {
    var course: TemporaryCourse!
    var root: String { course.root }

    override func setUpWithError() throws {
        course = try TemporaryCourse(
            "directive-images",
            files: [
                "Lessons/q.svg": "<svg>q</svg>", "Lessons/hint.svg": "<svg>hint</svg>",
                "Lessons/sol.svg": "<svg>sol</svg>", "Lessons/notes.svg": "<svg>notes</svg>",
                "Lessons/foot.svg": "<svg>foot</svg>", "img/shared.svg": "<svg>shared</svg>",
                "img/secret.svg": "<svg>secret</svg>",
            ])
    }

    override func tearDownWithError() throws { course.remove() }

    /// Lines 6-8 hold the question (a block scalar indented by two), line 9 the one-line hint.
    static let exercise = """
        # Images

        ```rnn exercise
        id: look
        question: |
          Compare ![q](q.svg) with ![shared](../img/shared.svg).
          Then ![gone](gone.svg) and ![far](../../far.svg).
          Done.
        hint: See ![hint](hint.svg) and ![lost](lost.svg).
        solution: |
          ![sol](sol.svg)
        answers:
          - name: x
            value: 2
        ```

        ```instructor
        ![notes](notes.svg) and ![secret](../img/secret.svg)
        ```

        """

    func warnings(_ build: CourseBuild) -> [String] {
        build.diagnostics.map { $0.formatted.replacingOccurrences(of: root + "/", with: "") }
    }

    func testAQuestionsAndAHintsImagesAreCopiedOrWarnedAtTheirPlaceInTheLesson() throws {
        try course.write("Lessons/01-a.md", Self.exercise)
        let build = course.build()
        let missing = "is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error"
        XCTAssertEqual(
            warnings(build),
            [
                "Lessons/01-a.md:7:8: warning: the image 'gone.svg' \(missing)\n 7 |   Then ![gone](gone.svg) and ![far](../../far.svg).\n   |        ^",
                "Lessons/01-a.md:7:30: warning: the image '../../far.svg' is outside the course folder '\(root)', which the build never reads, so the handouts show its alt text in its place; copy it into the course folder and write its path from the lesson\n 7 |   Then ![gone](gone.svg) and ![far](../../far.svg).\n   |                              ^",
                "Lessons/01-a.md:9:33: warning: the image 'lost.svg' \(missing)\n 9 | hint: See ![hint](hint.svg) and ![lost](lost.svg).\n   |                                 ^",
            ])
        XCTAssertEqual(
            build.copies.keys.sorted(),
            ["course-files/img/secret.svg", "course-files/img/shared.svg", "hint.svg", "notes.svg", "q.svg", "sol.svg"])
        let page = htmlBody(build.lessons[0])
        XCTAssertTrue(
            page.contains(
                "<p>Compare <img src=\"q.svg\" alt=\"q\" /> with <img src=\"course-files/img/shared.svg\" alt=\"shared\" />.\nThen <span class=\"wb-missing-image\" role=\"img\" aria-label=\"gone\">gone <span class=\"wb-missing-image-path\">(image not included: gone.svg)</span></span> and <span class=\"wb-missing-image\" role=\"img\" aria-label=\"far\">far <span class=\"wb-missing-image-path\">(image not included: ../../far.svg)</span></span>.\nDone.</p>"
            ), page)
        XCTAssertTrue(page.contains("<img src=\"course-files/img/secret.svg\" alt=\"secret\" />"), page)
        let markdown = build.lessons[0].markdown!
        XCTAssertTrue(
            markdown.contains(
                "Compare ![q](q.svg) with ![shared](course-files/img/shared.svg).\nThen *[gone]* (image not included) and *[far]* (image not included).\nDone.\n"
            ), markdown)
        XCTAssertTrue(markdown.contains("See ![hint](hint.svg) and *[lost]* (image not included).\n"), markdown)
    }

    func testAQuestionsOtherWarningsAreReportedAtTheirColumnInTheLesson() throws {
        try course.write(
            "Lessons/01-a.md",
            "# A\n\n```rnn exercise\nid: e\nquestion: |\n    Read [[Nowhere]] and <b onclick=\"x()\">this</b>.\nanswers:\n  - name: x\n    value: 1\n```\n")
        XCTAssertEqual(
            course.build().diagnostics.map { $0.formatted.replacingOccurrences(of: root + "/", with: "") },
            [
                "Lessons/01-a.md:6:10: warning: no lesson beside this one is named 'Nowhere' (by file name or title), so this Obsidian link is shown as the text 'Nowhere'\n 6 |     Read [[Nowhere]] and <b onclick=\"x()\">this</b>.\n   |          ^",
                "Lessons/01-a.md:6:26: warning: raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it\n 6 |     Read [[Nowhere]] and <b onclick=\"x()\">this</b>.\n   |                          ^"
            ])
    }

    func testStrictMakesAMissingImageInAQuestionAnError() throws {
        try course.write("Lessons/01-a.md", "# A\n\n```rnn exercise\nid: e\nquestion: Where is ![it](it.png)?\nanswers:\n  - name: x\n    value: 1\n```\n")
        let build = course.build { $0.strict = true }
        XCTAssertFalse(build.succeeded)
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                root + "/Lessons/01-a.md:5:20: error: the image 'it.png' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error [--strict]"
            ])
    }

    func testAFootnotesImageIsCopiedAndAMissingOneIsWarnedAboutWithAPlaceholder() throws {
        try course.write(
            "Lessons/01-a.md",
            "# A\n\nText.[^n]\n\n[^n]: See ![foot](foot.svg), ![shared](../img/shared.svg) and ![gone](gone.svg).\n\n[^unused]: ![q](q.svg)\n")
        let build = course.build()
        XCTAssertEqual(
            build.diagnostics.map { $0.headline.replacingOccurrences(of: root + "/", with: "") },
            [
                "Lessons/01-a.md:7:1: warning: the footnote '[^unused]' is never referred to, so it is left out; refer to it with [^unused]",
                "Lessons/01-a.md:5:63: warning: the image 'gone.svg' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error",
            ])
        // The note left out shows nothing, so its image is not copied.
        XCTAssertEqual(build.copies.keys.sorted(), ["course-files/img/shared.svg", "foot.svg"])
        let page = htmlBody(build.lessons[0])
        XCTAssertTrue(
            page.contains(
                "See <img src=\"foot.svg\" alt=\"foot\" />, <img src=\"course-files/img/shared.svg\" alt=\"shared\" /> and <span class=\"wb-missing-image\" role=\"img\" aria-label=\"gone\">gone <span class=\"wb-missing-image-path\">(image not included: gone.svg)</span></span>."
            ), page)
        XCTAssertTrue(
            build.lessons[0].markdown!.contains(
                "[^1]: See ![foot](foot.svg), ![shared](course-files/img/shared.svg) and *[gone]* (image not included).\n"),
            build.lessons[0].markdown!)
    }

    func testImagesOnlyAnInstructorPartShowsStayOutOfTheStudentEdition() throws {
        try course.write("Lessons/01-a.md", Self.exercise)
        // A hidden exercise (`instructor` on its fence) and an instructor-only lesson show images too.
        try course.write(
            "Lessons/02-b.md",
            "# B\n\n```rnn exercise instructor\nid: hidden\nquestion: See ![q](q.svg)\nanswers:\n  - name: y\n    value: 3\n```\n")
        try course.write("Lessons/03-c.md", "---\nedition: instructor\n---\n# C\n\n![secret](../img/secret.svg)\n")
        let student = course.build { $0.edition = .student }
        // The question's missing images are warned about as in the instructor edition; the solution's and the
        // instructor block's are not looked at.
        XCTAssertEqual(
            student.diagnostics.map { $0.headline.replacingOccurrences(of: root + "/", with: "") },
            [
                "Lessons/01-a.md:7:8: warning: the image 'gone.svg' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error",
                "Lessons/01-a.md:7:30: warning: the image '../../far.svg' is outside the course folder '\(root)', which the build never reads, so the handouts show its alt text in its place; copy it into the course folder and write its path from the lesson",
                "Lessons/01-a.md:9:33: warning: the image 'lost.svg' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error",
            ])
        XCTAssertEqual(student.copies.keys.sorted(), ["course-files/img/shared.svg", "hint.svg", "q.svg"])
        for (path, bytes) in student.files {
            let text = String(decoding: bytes, as: UTF8.self)
            for name in ["sol.svg", "notes.svg", "secret.svg"] { XCTAssertFalse(text.contains(name), "\(path) names \(name)") }
        }
        XCTAssertEqual(student.lessons.map(\.slug), ["01-a", "02-b"])
        let instructor = course.build()
        XCTAssertEqual(
            instructor.copies.keys.sorted(),
            ["course-files/img/secret.svg", "course-files/img/shared.svg", "hint.svg", "notes.svg", "q.svg", "sol.svg"])
    }
}
