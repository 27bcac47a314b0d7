import Foundation
import XCTest

@testable import Workbook

/// Image paths as other tools write them (issue 30 item 5), with one rule whatever the spelling: `./x.png` and
/// `a/../x.png` are local images like `x.png`, copied under their path; `../img/x.svg` inside the course folder
/// is copied to `course-files/img/x.svg`; a missing image, or one outside the course folder (never read), is a
/// warning with a placeholder showing its alt text, and `--strict` makes it an error.
final class ImagePathTests: XCTestCase {
    var course: TemporaryCourse!
    var root: String { course.root }

    override func setUpWithError() throws {
        course = try TemporaryCourse(
            "paths", files: ["Lessons/rnn_model.png": "png-bytes", "Lessons/img/cell.svg": "svg-bytes"])
    }

    override func tearDownWithError() throws { course.remove() }

    func build(_ lesson: String, strict: Bool = false) throws -> CourseBuild {
        try course.write("Lessons/01-notes.md", lesson)
        return course.build { $0.strict = strict }
    }

    func testDotSlashAndInnerDotDotPathsAreCopiedAsLocalImages() throws {
        let build = try build(
            "# Notes\n\n![RNN Model](./rnn_model.png)\n\n![Cell](img/../img/./cell.svg)\n\n<img src=\"./img/cell.svg\" alt=\"cell\">\n")
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.copies.keys.sorted(), ["img/cell.svg", "rnn_model.png"])
        let page = build.lessons[0].html!
        XCTAssertTrue(page.contains("<img src=\"./rnn_model.png\" alt=\"RNN Model\" />"), page)
        XCTAssertTrue(page.contains("<img src=\"./img/cell.svg\" alt=\"cell\" />"), page)
    }

    func testAMissingImageIsAWarningWithAPlaceholderHoweverItIsSpelled() throws {
        for spelling in ["missing.png", "./missing.png", "img/../missing.png"] {
            let build = try build("# Notes\n\n![RNN & \"Model\"](\(spelling))\n")
            XCTAssertEqual(
                build.diagnostics.map(\.headline),
                [
                    root + "/Lessons/01-notes.md:3:1: warning: the image '\(spelling)' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error"
                ], spelling)
            XCTAssertTrue(build.succeeded)
            XCTAssertEqual(build.copies.keys.sorted(), [])
            let page = htmlBody(build.lessons[0])
            XCTAssertTrue(
                page.contains(
                    "<p><span class=\"wb-missing-image\" role=\"img\" aria-label=\"RNN &amp; &quot;Model&quot;\">RNN &amp; &quot;Model&quot; <span class=\"wb-missing-image-path\">(image not included: \(spelling))</span></span></p>"
                ), page)
            XCTAssertTrue(build.lessons[0].markdown!.contains("*[RNN & \"Model\"]* (image not included)"), build.lessons[0].markdown!)
        }
    }

    func testStrictMakesAMissingImageAnErrorAndTheBuildFails() throws {
        let build = try build("# Notes\n\n![gone](./gone.png)\n", strict: true)
        XCTAssertEqual(
            build.diagnostics.map(\.formatted),
            [
                root + "/Lessons/01-notes.md:3:1: error: the image './gone.png' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error [--strict]\n 3 | ![gone](./gone.png)\n   | ^"
            ])
        XCTAssertFalse(build.succeeded)
    }

    func testAnImageElsewhereInTheCourseFolderIsCopiedIntoCourseFiles() throws {
        try course.write("img/typesrnn.svg", "<svg>types</svg>")
        let build = try build("# Notes\n\n![types](../img/typesrnn.svg)\n\n<img src=\"../img/typesrnn.svg\" alt=\"t\">\n")
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.copies.keys.sorted(), ["course-files/img/typesrnn.svg"])
        XCTAssertEqual(build.copies["course-files/img/typesrnn.svg"]?.size, 16)
        let page = htmlBody(build.lessons[0])
        XCTAssertTrue(page.contains("<img src=\"course-files/img/typesrnn.svg\" alt=\"types\" />"), page)
        XCTAssertTrue(page.contains("<img src=\"course-files/img/typesrnn.svg\" alt=\"t\" />"), page)
        XCTAssertTrue(build.lessons[0].markdown!.contains("![types](course-files/img/typesrnn.svg)"))
    }

    func testACourseImageComesBackFromTheCacheAndAMissingOneIsFoundWhenItArrives() throws {
        try course.write("img/typesrnn.svg", "<svg>types</svg>")
        try course.write("Lessons/01-notes.md", "# Notes\n\n![types](../img/typesrnn.svg)\n\n![later](later.png)\n")
        let cached: (inout BuildOptions) -> Void = {
            $0.cache = BuildCache(directory: self.root + "/cache", toolIdentity: "tool-1")
        }
        XCTAssertEqual(course.build("Lessons", cached).diagnostics.count, 1)
        try course.write("Lessons/later.png", "png")
        let second = course.build("Lessons", cached)
        XCTAssertEqual(second.diagnostics.map(\.headline), [])
        XCTAssertFalse(second.lessons[0].fromCache)
        let third = course.build("Lessons", cached)
        XCTAssertTrue(third.lessons[0].fromCache)
        XCTAssertEqual(third.copies.keys.sorted(), ["course-files/img/typesrnn.svg", "later.png"])
        XCTAssertEqual(third.lessons[0].html, second.lessons[0].html)
    }

    func testAnImageOutsideTheCourseFolderIsNeverReadAndWarnsNamingTheFolder() throws {
        // The course is root/notes (its lessons root/notes/Lessons); root/img lies outside it, and exists.
        try course.write("img/typesrnn.svg", "<svg>types</svg>")
        try course.write("notes/Lessons/01-notes.md", "# Notes\n\n![types](../../img/typesrnn.svg)\n")
        let build = course.build("notes/Lessons")
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                root + "/notes/Lessons/01-notes.md:3:1: warning: the image '../../img/typesrnn.svg' is outside the course folder '\(root)/notes', which the build never reads, so the handouts show its alt text in its place; copy it into the course folder and write its path from the lesson"
            ])
        XCTAssertEqual(build.copies.keys.sorted(), [])
        XCTAssertEqual(build.lessons[0].filesRead, [:])
        XCTAssertTrue(htmlBody(build.lessons[0]).contains("(image not included: ../../img/typesrnn.svg)"))
    }
}
