import Foundation
import XCTest

@testable import Workbook

/// MyST's and Quarto's boxes written inside a list item or a block quote are drawn inside it, as Jupyter Book
/// and Quarto draw them. Expected pages written by hand; on the code before, MyST's fences were code blocks with
/// a warning ("… is not run") and Quarto's fences text of a paragraph.
final class BoxesInContainersTests: XCTestCase {
    func deck(_ lesson: String) throws -> String {
        try XCTUnwrap(buildLesson("---\nslides: true\n---\n\n" + lesson).slides)
    }

    func testMySTBoxesInAListItemAndAQuoteAreDrawnThere() throws {
        let lesson = """
            - First, a < b.

              ```{margin}
              A side *note*.
              ```

            - Second.
              ```{dropdown} Why & how
              Folded.
              ```

            > Quoted.
            >
            > ```{note}
            > A **note**.
            > ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <ul>
            <li>
            <p>First, a &lt; b.</p>
            <aside class="wb-margin">
            <p>A side <em>note</em>.</p>
            </aside>
            </li>
            <li>
            <p>Second.</p>
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Why &amp; how</summary>
            <div class="wb-callout-body">
            <p>Folded.</p>
            </div>
            </details>
            </li>
            </ul>
            <blockquote>
            <p>Quoted.</p>
            <div class="wb-callout wb-callout-note" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Note</p>
            <div class="wb-callout-body">
            <p>A <strong>note</strong>.</p>
            </div>
            </div>
            </blockquote>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(
            product.markdown,
            """
            - First, a \\< b.

              A side *note*.

            - Second.

              > [!NOTE]
              > **Why & how**
              >
              > Folded.

            > Quoted.
            >
            > > [!NOTE]
            > > A **note**.

            """)
        let slides = try deck(lesson)
        XCTAssertTrue(slides.contains(html.dropLast()), slides)
    }

    /// Quarto's callouts and MyST's colon fence in a numbered item and a quote; a box inside a box in an item (the
    /// inner one a code block's text until the outer is read); a `{note}` inside a Python listing stays code.
    func testQuartoCalloutsNestedBoxesAndListingsInContainers() throws {
        let lesson = """
            1. Numbered.

               ::: {.callout-tip}
               A tip.
               :::

               :::{dropdown} Open me
               :open:
               Shown.
               :::

            > - Deep
            >
            >   ````{note} Outer
            >   ```{tip}
            >   Inner.
            >   ```
            >   ````
            >
            >   ```python
            >   ```{note}
            >   ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <ol>
            <li>
            <p>Numbered.</p>
            <div class="wb-callout wb-callout-tip" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Tip</p>
            <div class="wb-callout-body">
            <p>A tip.</p>
            </div>
            </div>
            <details class="wb-callout wb-callout-note" open>
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Open me</summary>
            <div class="wb-callout-body">
            <p>Shown.</p>
            </div>
            </details>
            </li>
            </ol>
            <blockquote>
            <ul>
            <li>
            <p>Deep</p>
            <div class="wb-callout wb-callout-note" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Outer</p>
            <div class="wb-callout-body">
            <div class="wb-callout wb-callout-tip" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Tip</p>
            <div class="wb-callout-body">
            <p>Inner.</p>
            </div>
            </div>
            </div>
            </div>
            <pre><code class="language-python">```{note}
            </code></pre>
            </li>
            </ul>
            </blockquote>

            """)
        XCTAssertEqual(
            product.markdown,
            """
            1. Numbered.

               > [!TIP]
               > A tip.

               > [!NOTE]
               > **Open me**
               >
               > Shown.

            > - Deep
            >
            >   > [!NOTE]
            >   > **Outer**
            >   >
            >   > > [!TIP]
            >   > > Inner.
            >
            >   ````python
            >   ```{note}
            >   ````

            """)
    }

    /// A box left open in a list item is an error at the author's fence (in the item), not at the `:::` line it
    /// was read as; so is a div whose `:::` stands in another item (that `:::` closes nothing: a warning).
    func testABoxLeftOpenInAnItemIsAnErrorAtTheAuthorsFence() {
        let product = buildLesson(
            """
            - One

              ```{margin}
              Never closed.
            - Two

              ::: {.callout-note}
              Open.
            - Three
              :::

            """)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:3:3: error: unclosed '```{margin}' box: add a line '```' where it ends, in the same list item or quote
                 3 |   ```{margin}
                   |   ^
                """,
                """
                Lessons/test.md:7:3: error: unclosed fenced div: add a line ':::' where it ends, in the same list item or quote
                 7 |   ::: {.callout-note}
                   |   ^
                """,
                """
                Lessons/test.md:10:3: warning: this ':::' closes no fenced div, so it shows as text
                 10 |   :::
                    |   ^
                """,
            ])
    }

    /// A box indented (up to three spaces) in a quote's text is a box, reported at its fence's own column; a closing
    /// fence that closes nothing is quoted as written (it was named ':::', the fence it is read as).
    func testAnIndentedBoxInAQuoteKeepsItsColumns() {
        let product = buildLesson(
            """
            > Quote.
            >
            >   ```{margin}
            >   Never closed.

            ```{note}
            ::::
            ```

            """)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:3:5: error: unclosed '```{margin}' box: add a line '```' where it ends, in the same list item or quote
                 3 | >   ```{margin}
                   |     ^
                """,
                """
                Lessons/test.md:8:1: warning: this '```' closes no fenced div, so it shows as text
                 8 | ```
                   | ^
                """,
            ])
    }

    /// Tabs count as cmark counts them (to the next multiple of four columns): a box under a tab-indented item and
    /// one in a quote whose text follows a tab are boxes, closed where cmark closes them.
    func testTabsIndentBoxesAsCmarkCountsThem() {
        let product = buildLesson("-\t```{note} Tabbed\n\tText.\n\t```\n\n> ```{tip}\n>\tQuoted.\n> ```\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            product.markdown,
            "- > [!NOTE]\n  > **Tabbed**\n  >\n  > Text.\n\n> > [!TIP]\n> > Quoted.\n")
    }
}
