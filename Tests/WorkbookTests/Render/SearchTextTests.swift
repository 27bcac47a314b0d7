import XCTest

@testable import Workbook

/// The search index's sections come from the lesson's tree: each heading with an anchor starts one, wherever it
/// stands; math is its TeX, references their text; footnotes end the last section. Expected text written out by
/// hand from the lesson below (its title is its first level-1 heading; GitHub's anchor of "Loss & gain" drops the
/// `&` and makes each space a `-`).
final class SearchTextTests: XCTestCase {
    func testSectionsFollowTheAnchoredHeadingsWithTheirPlainText() throws {
        let lesson = """
            ---
            subtitle: A start
            ---

            # Loss & gain

            Intro *text* with $x_1$ and a [link](https://example.org).[^n]

            > ## C # and 'T' {#sec-c}
            >
            > Say "hi" `a<b` and @sec-c.

            ::: {.callout-note}
            Inside.
            :::

            | a | b |
            |---|---|
            | 1 | **2** |

            [^n]: A note.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            product.search,
            [
                SearchSection(heading: "Loss & gain", anchor: "", text: "A start"),
                SearchSection(heading: "Loss & gain", anchor: "loss--gain", text: "Intro text with x_1 and a link.1"),
                SearchSection(
                    heading: "C # and 'T'", anchor: "sec-c",
                    text: "Say \"hi\" a<b and C # and 'T'. Note Inside. a b 1 2 A note."),
            ])
    }

    /// A directive's results as text: a table's caption, headers and cells; a box's title and blocks.
    func testDirectiveResultsAsText() {
        let table = OutputTable(
            caption: [.text("Loss of "), .code("he")],
            columns: [.init([.math("t")]), .init([.strong("J")])],
            rows: [[[.text("1")], [.text("0.5")]]])
        XCTAssertEqual(SearchText.text(.table(table)), "Loss of he t J 1 0.5")
        XCTAssertEqual(
            SearchText.text(.box(title: [.text("Exercise")], kind: "exercise", blocks: [.preformatted("abc")])),
            "Exercise abc")
    }
}
