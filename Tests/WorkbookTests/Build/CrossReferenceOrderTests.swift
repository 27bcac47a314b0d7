import Foundation
import XCTest

@testable import Workbook

/// A label's number starts with its lesson's place in the order the course shows (front matter `weight` first,
/// then file names), not its file name's place: counted by hand from the lessons below.
final class CrossReferenceOrderTests: XCTestCase {
    func page(_ build: CourseBuild, _ name: String) -> String { String(decoding: build.files[name] ?? [], as: UTF8.self) }

    /// `01-late.md` has weight 2 and `02-early.md` weight 1, so the course shows 02 first: it is lesson 1, 01 is 2.
    func testLessonNumbersFollowTheCoursesOrderNotTheFileNames() throws {
        let course = try TemporaryCourse(
            "xref-order",
            files: [
                "Lessons/01-late.md": "---\nweight: 2\n---\n# Late\n\n$$a$$ {#eq-late}\n\nSee @eq-early.\n",
                "Lessons/02-early.md": "---\nweight: 1\n---\n# Early\n\n$$b$$ {#eq-early}\n\nSee @eq-late.\n",
                "Lessons/03-plain.md": "# Plain\n\n$$c$$ {#eq-plain}\n",
            ])
        defer { course.remove() }
        let build = course.build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.lessons.map(\.slug), ["02-early", "01-late", "03-plain"])
        let late = page(build, "01-late.html")
        XCTAssertTrue(late.contains("id=\"eq-late\">a\\tag{2.1}</span>"), late)
        XCTAssertTrue(late.contains("<p>See <a class=\"wb-xref\" href=\"02-early.html#eq-early\">Eq. 1.1</a>.</p>"))
        XCTAssertTrue(page(build, "02-early.html").contains("href=\"01-late.html#eq-late\">Eq. 2.1</a>"))
        XCTAssertTrue(page(build, "03-plain.html").contains("id=\"eq-plain\">c\\tag{3.1}</span>"))
        XCTAssertTrue(page(build, "01-late.md").contains("[Eq. 1.1](02-early.md#eq-early)"))
        // Built alone, a lesson keeps the number the course gives it.
        let alone = course.build("Lessons/01-late.md")
        XCTAssertTrue(page(alone, "01-late.html").contains("id=\"eq-late\">a\\tag{2.1}</span>"))
    }

    /// A draft the build leaves out takes no place: the lesson after it is lesson 1, and a reference to the
    /// draft's label says why it cannot be followed; with --drafts the draft is lesson 1 again.
    func testALeftOutDraftTakesNoNumberAndReferencesToItSayWhy() throws {
        let course = try TemporaryCourse(
            "xref-draft",
            files: [
                "Lessons/01-draft.md": "---\ndraft: true\n---\n# Draft\n\n$$a$$ {#eq-draft}\n",
                "Lessons/02-next.md": "# Next\n\n$$b$$ {#eq-next}\n\nAs in @eq-draft.\n",
            ])
        defer { course.remove() }
        let build = course.build()
        let path = course.lessons + "/02-next.md"
        XCTAssertEqual(
            build.diagnostics.filter { $0.severity == .error }.map(\.formatted),
            [
                "\(path):5:7: error: the cross-reference '@eq-draft' names a label of \(course.lessons)/01-draft.md, "
                    + "a draft this build leaves out: build with --drafts, or refer to it once the draft is published\n"
                    + " 5 | As in @eq-draft.\n   |       ^"
            ])
        try course.write("Lessons/02-next.md", "# Next\n\n$$b$$ {#eq-next}\n")
        XCTAssertTrue(page(course.build(), "02-next.html").contains("id=\"eq-next\">b\\tag{1.1}</span>"))
        let drafts = course.build { $0.drafts = true }
        XCTAssertEqual(drafts.diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        XCTAssertTrue(page(drafts, "02-next.html").contains("id=\"eq-next\">b\\tag{2.1}</span>"))
        XCTAssertTrue(page(drafts, "01-draft.html").contains("id=\"eq-draft\">a\\tag{1.1}</span>"))
    }
}
