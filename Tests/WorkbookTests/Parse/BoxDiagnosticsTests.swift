import Foundation
import XCTest

@testable import Workbook

/// The diagnostics about MyST's boxes quote the lesson as the author wrote it, at the author's line and column.
/// On the code before, an unclosed ```` ```{margin} ```` was reported on the `::: {.column-margin}` line the tool
/// had rewritten it into, and what the title of a ```` ```{note} Title ```` held was placed on that rewritten line
/// (its math not checked at all).
final class BoxDiagnosticsTests: XCTestCase {
    func testAnUnclosedBoxIsAnErrorAtTheAuthorsFenceNamingItsClosingLine() {
        let cases = [
            ("Text.\n\n```{margin}\nA side note never closed.\n", "```{margin}", "```"),
            ("Text.\n\n````{note} A title\nNever closed.\n", "````{note} A title", "````"),
            ("Text.\n\n:::{tip} Colon\nNever closed.\n", ":::{tip} Colon", ":::"),
        ]
        for (lesson, line, fence) in cases {
            let opening = line.prefix { $0 != " " }
            XCTAssertEqual(
                buildLesson(lesson).diagnostics.map(\.formatted),
                [
                    """
                    Lessons/test.md:3:1: error: unclosed '\(opening)' box: add a line '\(fence)' where it ends
                     3 | \(line)
                       | ^
                    """
                ])
        }
        XCTAssertEqual(
            buildLesson("<details>\n<summary>Why</summary>\n\nText.\n").diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:1:1: error: unclosed <details>: add a line '</details>' where it ends
                 1 | <details>
                   | ^
                """
            ])
    }

    /// A cross-reference and a citation in a box's title (after math, whose placeholder is longer than its
    /// text) are found where the author wrote them, in a box at a line's start and in one inside a list item.
    func testWhatATitleHoldsIsReportedAtItsOwnColumn() {
        let product = buildLesson(
            """
            ```{note} With $x_t$ and @fig-none
            Body.
            ```

            - Item

              ```{dropdown} See [@nokey]
              Body.
              ```

            """)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:1:26: error: unknown cross-reference '@fig-none': no lesson of the course defines the label 'fig-none'
                 1 | ```{note} With $x_t$ and @fig-none
                   |                          ^
                """,
                """
                Lessons/test.md:7:21: error: @nokey cites a work, but the course names no bibliography: add 'bibliography: refs.bib' (a BibTeX file, relative to it) to the course file, workbook.yml, or to the lesson's front matter
                 7 |   ```{dropdown} See [@nokey]
                   |                     ^
                """,
            ])
    }
}
