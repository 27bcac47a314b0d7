import Foundation
import XCTest

@testable import Workbook

/// Obsidian's `[[Note]]` links and `![[image.png]]` embeds (issue 30 item 2), in a real course folder: each
/// expected page text is written out by hand from the lessons' file names and titles.
final class WikiLinkTests: XCTestCase {
    var course: TemporaryCourse!
    var root: String { course.root }

    override func setUpWithError() throws {
        course = try TemporaryCourse(
            "wiki",
            files: [
                "Lessons/02-bidirectional-rnn.md": "# Bidirectional RNN\n\n## Two directions\n\nText.\n",
                "Lessons/03-lstm.md": "---\ntitle: Long Short-Term Memory RNN\n---\n\nText.\n",
                "Lessons/cell.png": "png",
            ])
    }

    override func tearDownWithError() throws { course.remove() }

    func testLinksResolveByFileNameOrTitleAndTheRestIsTextWithAWarning() throws {
        let lesson = """
            # Variants

            - [[Bidirectional RNN]] and [[Long Short-Term Memory RNN|LSTMs]], see [[02-bidirectional-rnn#Two directions]].
            - *[[Multi-Layer RNN]]* is not written yet.

            ![[cell.png]]

            """
        try course.write("Lessons/01-variants.md", lesson)
        let build = course.build()
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

    func testALinkOnAParagraphsLaterLineIsWarnedAboutOnItsLine() throws {
        let lesson = """
            # Variants

            The first line of a paragraph,
            then [[Nope]] on its second, and $x$ then [[Nope]] again,
            and $$a
            b$$ on a third, then [[Gone]].

            - an item
              continued by [[Missing]].

            """
        try course.write("Lessons/01-variants.md", lesson)
        let warnings = course.build().diagnostics.map { d in
            let target = d.message.firstMatch(of: #/named '([^']*)'/#).map { String($0.1) } ?? d.message
            return "\(d.location!.line):\(d.location!.column) " + target
        }
        XCTAssertEqual(warnings, ["4:6 Nope", "4:43 Nope", "6:22 Gone", "9:16 Missing"])
    }

    func testALessonAddedLaterResolvesTheLinkThroughTheCache() throws {
        try course.write("Lessons/01-variants.md", "# Variants\n\nSee [[Multi-Layer RNN]].\n")
        let cached: (inout BuildOptions) -> Void = {
            $0.cache = BuildCache(directory: self.root + "/cache", toolIdentity: "tool-1")
        }
        let first = course.build("Lessons", cached)
        XCTAssertEqual(first.diagnostics.count, 1)
        try course.write("Lessons/04-deep.md", "# Multi-Layer RNN\n")
        let second = course.build("Lessons", cached)
        XCTAssertEqual(second.diagnostics.map(\.headline), [])
        let page = try XCTUnwrap(second.lessons.first { $0.slug == "01-variants" }?.html)
        XCTAssertTrue(page.contains("<p>See <a href=\"04-deep.html\">Multi-Layer RNN</a>.</p>"), page)
    }

    /// `[[Note#^id]]` goes to the block of that id in the other lesson, which carries the anchor `^id`.
    func testALinkToAnotherLessonsBlockIDGoesToItsAnchor() throws {
        try course.write("Lessons/02-bidirectional-rnn.md", "# Bidirectional RNN\n\nTwo passes, one per direction. ^two-passes\n")
        try course.write("Lessons/01-variants.md", "# Variants\n\nSee [[Bidirectional RNN#^two-passes|the two passes]].\n")
        let build = course.build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let page = try XCTUnwrap(build.lessons.first { $0.slug == "01-variants" }?.html)
        XCTAssertTrue(page.contains("<p>See <a href=\"02-bidirectional-rnn.html#%5Etwo-passes\">the two passes</a>.</p>"), page)
        let target = try XCTUnwrap(build.lessons.first { $0.slug == "02-bidirectional-rnn" }?.html)
        XCTAssertTrue(target.contains("<p><a id=\"^two-passes\"></a>Two passes, one per direction.</p>"), target)
    }
}
