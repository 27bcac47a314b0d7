import Foundation
import XCTest

@testable import Workbook

/// Obsidian's `[[Note]]` links and `![[image.png]]` embeds (issue 30 item 2), in a real course folder: each
/// expected page text is written out by hand from the lessons' file names and titles.
final class WikiLinkTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wiki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Lessons", withIntermediateDirectories: true)
        let files = [
            "02-bidirectional-rnn.md": "# Bidirectional RNN\n\n## Two directions\n\nText.\n",
            "03-lstm.md": "---\ntitle: Long Short-Term Memory RNN\n---\n\nText.\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/Lessons/" + name)) }
        try Data("png".utf8).write(to: URL(fileURLWithPath: root + "/Lessons/cell.png"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testLinksResolveByFileNameOrTitleAndTheRestIsTextWithAWarning() throws {
        let lesson = """
            # Variants

            - [[Bidirectional RNN]] and [[Long Short-Term Memory RNN|LSTMs]], see [[02-bidirectional-rnn#Two directions]].
            - *[[Multi-Layer RNN]]* is not written yet.

            ![[cell.png]]

            """
        try Data(lesson.utf8).write(to: URL(fileURLWithPath: root + "/Lessons/01-variants.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                root + "/Lessons/01-variants.md:4:4: warning: no lesson beside this one is named 'Multi-Layer RNN' (by file name or title), so this Obsidian link is shown as the text 'Multi-Layer RNN'"
            ])
        let page = try XCTUnwrap(build.lessons.first { $0.slug == "01-variants" }?.html)
        XCTAssertTrue(
            page.contains(
                "<li><a href=\"02-bidirectional-rnn.html\">Bidirectional RNN</a> and <a href=\"03-lstm.html\">LSTMs</a>, see <a href=\"02-bidirectional-rnn.html#two-directions\">02-bidirectional-rnn › Two directions</a>.</li>"
            ), page)
        XCTAssertTrue(page.contains("<li><em>Multi-Layer RNN</em> is not written yet.</li>"), page)
        XCTAssertTrue(page.contains("<img src=\"cell.png\" alt=\"\" />"), page)
        XCTAssertEqual(build.copies.keys.sorted(), ["cell.png"])
    }

    func testALessonAddedLaterResolvesTheLinkThroughTheCache() throws {
        try Data("# Variants\n\nSee [[Multi-Layer RNN]].\n".utf8).write(
            to: URL(fileURLWithPath: root + "/Lessons/01-variants.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        options.cache = BuildCache(directory: root + "/cache", toolIdentity: "tool-1")
        let first = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(first.diagnostics.count, 1)
        try Data("# Multi-Layer RNN\n".utf8).write(to: URL(fileURLWithPath: root + "/Lessons/04-deep.md"))
        let second = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(second.diagnostics.map(\.headline), [])
        let page = try XCTUnwrap(second.lessons.first { $0.slug == "01-variants" }?.html)
        XCTAssertTrue(page.contains("<p>See <a href=\"04-deep.html\">Multi-Layer RNN</a>.</p>"), page)
    }
}
