import Foundation
import XCTest

@testable import Workbook

/// What a build generates: a lesson whose file would land where the build writes something else is an error
/// naming both, and the images that Markdown inside directives shows are copied like the prose's.
final class GeneratedFilesTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Lessons/figures", withIntermediateDirectories: true)
        try write("Lessons/figures/note.svg", "<svg>note</svg>")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
    }

    func build(_ edition: Edition = .instructor, roster: String? = nil) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        options.roster = roster
        return CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
    }

    func errors(_ build: CourseBuild) -> [String] {
        build.diagnostics.filter { $0.severity == .error }.map {
            $0.headline.replacingOccurrences(of: root + "/", with: "")
        }
    }

    func testALessonNamedLikeAGeneratedFileIsAnErrorNamingBoth() throws {
        try write("Lessons/01-a.md", "# A\n\nText.\n")
        try write("Lessons/index.md", "# Index\n\nMine.\n")
        try write("Lessons/course.md", "# Course\n\nMine.\n")
        XCTAssertEqual(
            errors(build()),
            [
                "Lessons/course.md: error: Output/course.pdf would be both the course's PDF and the PDF of Lessons/course.md; rename the lesson",
                "Lessons/index.md: error: Output/index.html would be both the course's index page and the page of Lessons/index.md; rename the lesson",
            ])
    }

    func testAnImageWhereAPageOrAnEditionGoesIsAnErrorNamingBoth() throws {
        try FileManager.default.createDirectory(
            atPath: root + "/Lessons/01-a.html", withIntermediateDirectories: true)
        try write("Lessons/01-a.html/x.svg", "<svg/>")
        try write("Lessons/01-a.md", "# A\n\n![x](01-a.html/x.svg)\n")
        XCTAssertEqual(
            errors(build()),
            [
                "Lessons/01-a.md: error: Output/01-a.html would be the page of Lessons/01-a.md, and a folder holding an image that Lessons/01-a.md shows; rename the image"
            ])
        // An image in the folder the student editions own, with a roster or without (a later build may have one).
        try write("Lessons/figures/x.svg", "<svg>course</svg>")
        try FileManager.default.createDirectory(
            atPath: root + "/Lessons/student/ada/figures", withIntermediateDirectories: true)
        try write("Lessons/student/ada/figures/x.svg", "<svg>ada</svg>")
        try write("Lessons/01-a.md", "# A\n\n![a](figures/x.svg) ![b](student/ada/figures/x.svg)\n")
        try write("roster.csv", "name,id\nAda,ada\n")
        let clash =
            "Lessons/01-a.md: error: Output/student would be the folder of the student editions, and a folder holding an image that Lessons/01-a.md shows; rename the image"
        XCTAssertEqual(errors(build(roster: root + "/roster.csv")), [clash])
        XCTAssertEqual(errors(build()), [clash])
    }

    /// Two lessons of two folders may show an image at the same path when it holds the same bytes (compared by
    /// size and digest: the images are not held); different bytes there are an error naming both.
    func testTwoLessonsShowTheSameImageOnlyWhenItHoldsTheSameBytes() throws {
        for folder in ["A/figures", "B/figures"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try write("A/01-a.md", "# A\n\n![x](figures/x.svg)\n")
        try write("B/02-b.md", "# B\n\n![x](figures/x.svg)\n")
        try write("A/figures/x.svg", "<svg>same</svg>")
        try write("B/figures/x.svg", "<svg>same</svg>")
        var options = BuildOptions()
        options.katexDirectory = nil
        let same = CourseBuilder.build(inputs: [root + "/A", root + "/B"], options: options)
        XCTAssertEqual(errors(same), [])
        XCTAssertEqual(same.copies["figures/x.svg"]?.digest, BuildCache.digest(Data("<svg>same</svg>".utf8)))
        try write("B/figures/x.svg", "<svg>other</svg>")
        XCTAssertEqual(
            errors(CourseBuilder.build(inputs: [root + "/A", root + "/B"], options: options)),
            [
                "B/02-b.md: error: Output/figures/x.svg would be both an image that A/01-a.md shows and an image that B/02-b.md shows; rename the image"
            ])
    }

    func testAnImageInsideAnInstructorBlockIsCopiedIntoTheInstructorEditionOnly() throws {
        try write(
            "Lessons/01-a.md",
            "# A\n\nText.\n\n```instructor\nThe worked answer: ![the answer](figures/note.svg)\n```\n")
        let instructor = build()
        XCTAssertEqual(errors(instructor), [])
        XCTAssertEqual(instructor.copies["figures/note.svg"]?.digest, BuildCache.digest(Data("<svg>note</svg>".utf8)))
        let student = build(.student)
        XCTAssertEqual(errors(student), [])
        XCTAssertNil(student.copies["figures/note.svg"])
        XCTAssertNil(student.files["figures/note.svg"])
        // A missing one is a warning at its place, as in prose.
        try write("Lessons/01-a.md", "# A\n\n```instructor\nSee ![the answer](figures/none.svg).\n```\n")
        XCTAssertEqual(
            build().diagnostics.map { $0.headline.replacingOccurrences(of: root + "/", with: "") },
            [
                "Lessons/01-a.md:4:5: warning: the image 'figures/none.svg' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error"
            ])
    }
}
