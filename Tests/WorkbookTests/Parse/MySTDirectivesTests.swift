import Foundation
import XCTest

@testable import Workbook

/// Jupyter Book's (MyST's) directives and roles that notes keep: `{dropdown}`, `{margin}`, `{glossary}` with
/// `{term}`, and `{cite}`. Expected pages and warnings written by hand; on the code before, each was shown as code
/// with a warning.
final class MySTDirectivesTests: XCTestCase {
    /// A deck of the lesson (front matter `slides: true` in front of it).
    func deck(_ lesson: String) throws -> String {
        try XCTUnwrap(buildLesson("---\nslides: true\n---\n\n" + lesson).slides)
    }

    func testADropdownIsAFoldedBoxTitledByItsArgumentAndOpenWithTheOpenOption() throws {
        let lesson = """
            ```{dropdown} Click: why a < b & c
            The gradient is *small*.
            ```

            :::{dropdown}
            :open:
            :color: info
            Shown.
            :::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Click: why a &lt; b &amp; c</summary>
            <div class="wb-callout-body">
            <p>The gradient is <em>small</em>.</p>
            </div>
            </details>
            <details class="wb-callout wb-callout-note" open>
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Details</summary>
            <div class="wb-callout-body">
            <p>Shown.</p>
            </div>
            </details>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(
            product.markdown,
            "> [!NOTE]\n> **Click: why a \\< b & c**\n>\n> The gradient is *small*.\n\n"
                + "> [!NOTE]\n> **Details**\n>\n> Shown.\n")
        XCTAssertTrue(try deck(lesson).contains(html.dropLast()))
    }

    /// MyST's margin note and Quarto's are an aside in the HTML (the stylesheet sets it beside the text on a wide
    /// page) and in a slide, and a plain block of the Markdown handout's flow.
    func testAMarginNoteIsAnAsideInHTMLAndAPlainBlockInMarkdown() throws {
        let lesson = """
            Text before.

            ```{margin}
            A side *note*: $h$ & a < b.
            ```

            ::: {.column-margin}
            Quarto's.
            :::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <aside class="wb-margin">
            <p>A side <em>note</em>: <span class="math inline">h</span> &amp; a &lt; b.</p>
            </aside>
            <aside class="wb-margin">
            <p>Quarto's.</p>
            </aside>

            """
        XCTAssertEqual(htmlBody(product), "<p>Text before.</p>\n" + html)
        XCTAssertEqual(product.markdown, "Text before.\n\nA side *note*: $h$ & a \\< b.\n\nQuarto's.\n")
        let slides = try deck(lesson)
        XCTAssertTrue(slides.contains(html), slides)
    }
}
