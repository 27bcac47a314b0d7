import Foundation
import XCTest

@testable import Workbook

/// The course-wide passes (the cross-references' numbering, the citations) and each lesson's build share one
/// parse of each lesson: a 1 MB lesson of headings was parsed three times per build.
final class ParseMemoTests: XCTestCase {
    func testABuildParsesEachLessonOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)")
        let lessons = folder.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("# A\n\n$$x$$ {#eq-x}\n".utf8).write(to: lessons.appendingPathComponent("01-a.md"))
        try Data("# B\n\nAs @eq-x says.\n".utf8).write(to: lessons.appendingPathComponent("02-b.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        let before = ParseMemo.shared.made
        let build = CourseBuilder.build(inputs: [lessons.path], options: options)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(ParseMemo.shared.made - before, 2)
        let page = String(decoding: build.files["02-b.html"] ?? [], as: UTF8.self)
        XCTAssertTrue(page.contains("Eq. 1.1"), page)
    }
}
