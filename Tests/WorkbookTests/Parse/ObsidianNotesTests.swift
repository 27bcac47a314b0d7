import XCTest

@testable import Workbook

/// What an Obsidian note holds besides links and callouts of GitHub's five types: comments, Obsidian's other
/// callout types, an embedded image's size and highlights. The expected pages are written out by hand from
/// Obsidian's help (Callouts, Embed files, Basic formatting syntax).
final class ObsidianNotesTests: XCTestCase {
    /// `%%…%%` is hidden in Obsidian's reading view: the author's notes to self must not reach a handout (they
    /// did, as text, in both). Code keeps its `%%`; a `%%` never closed stays; what follows a comment keeps its
    /// line and column.
    func testCommentsReachNoHandoutAndLaterPositionsStay() throws {
        let lesson = """
            # T

            Shared weights%%TODO: the slide from Tuesday%% at every step, `printf("%%d")`.

            %%
            A block comment

            the students must never see.
            %%

            ```
            %% code keeps it %%
            ```

            After %%x%% a word. See @eq-none.

            Left %% open.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:15:25: error: unknown cross-reference '@eq-none': no lesson of the course defines the label 'eq-none'"
            ])
        let built = buildLesson(lesson.replacingOccurrences(of: " See @eq-none.", with: ""))
        let body = htmlBody(built)
        XCTAssertEqual(
            body,
            """
            <h1 id="t">T <a class="wb-anchor" href="#t" aria-label="Link to this section">#</a></h1>
            <p>Shared weights                                 at every step, <code>printf(&quot;%%d&quot;)</code>.</p>
            <pre><code>%% code keeps it %%
            </code></pre>
            <p>After       a word.</p>
            <p>Left %% open.</p>

            """)
        let markdown = try XCTUnwrap(built.markdown)
        XCTAssertFalse(markdown.contains("TODO") || markdown.contains("never see"), markdown)
        XCTAssertTrue(markdown.contains("%% code keeps it %%\n") && markdown.contains("Left %% open."), markdown)
        // The Markdown handout shows no gap where a comment was (Markdown draws the spaces as one anyway).
        XCTAssertTrue(
            markdown.contains("Shared weights at every step,") && markdown.contains("\n\nAfter a word.\n"), markdown)
        XCTAssertEqual(ProseMarkdown.collapsingSpaces("a  b   c    d"), "a  b c d")
    }

    /// Obsidian's own types (`info`, `question`, `danger`, …) are boxes of the nearest of the five kinds titled
    /// with the word, as Obsidian titles them; they were block quotes showing `[!info]`.
    func testObsidiansCalloutTypesAreBoxesTitledWithTheirWord() throws {
        let product = buildLesson(
            "> [!info]\n> See this.\n\n> [!question]- Why not a window?\n> Too small.\n\n> [!danger]\n> Hot.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <div class="wb-callout wb-callout-note" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Info</p>
            <div class="wb-callout-body">
            <p>See this.</p>
            </div>
            </div>
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Why not a window?</summary>
            <div class="wb-callout-body">
            <p>Too small.</p>
            </div>
            </details>
            <div class="wb-callout wb-callout-caution" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Danger</p>
            <div class="wb-callout-body">
            <p>Hot.</p>
            </div>
            </div>

            """)
        XCTAssertEqual(
            product.markdown,
            "> [!NOTE]\n> **Info**\n>\n> See this.\n\n> [!NOTE]\n> **Why not a window?**\n>\n> Too small.\n\n"
                + "> [!CAUTION]\n> **Danger**\n>\n> Hot.\n")
    }

    /// `![[x.png|200]]` and `![[x.png|640x480]]` give a size, not a description (the alt text was "200").
    func testAnEmbeddedImagesSizeIsNoDescription() {
        let body = htmlBody(buildLesson("![[cell.png|200]] ![[cell.png|640x480]] ![[cell.png|The cell]]\n"))
        XCTAssertEqual(
            body,
            "<p><img src=\"cell.png\" alt=\"\" /> <img src=\"cell.png\" alt=\"\" /> <img src=\"cell.png\" alt=\"The cell\" /></p>\n"
        )
    }

    /// `==text==` is highlighted (`<mark>`, which the Markdown handout keeps as the tag); `a == b` is text.
    func testHighlightsAreMarked() throws {
        let product = buildLesson("Model size ==does *not* grow==, but a == b and x==y stay.\n")
        XCTAssertEqual(
            htmlBody(product), "<p>Model size <mark>does <em>not</em> grow</mark>, but a == b and x==y stay.</p>\n")
        XCTAssertEqual(product.markdown, "Model size <mark>does *not* grow</mark>, but a == b and x==y stay.\n")
        // A paragraph or list item of plain text alone (one text node, which InlineMarkers passes over quickly).
        XCTAssertEqual(
            htmlBody(buildLesson("- ==Model size does not increase== for longer input\n\n==Shared weights==\n")),
            "<ul>\n<li><mark>Model size does not increase</mark> for longer input</li>\n</ul>\n<p><mark>Shared weights</mark></p>\n")
    }

    /// A paragraph or list item ending in ` ^id` is Obsidian's block: the id is not shown (it was, as `\^para-one`
    /// in the Markdown handout), the block gets the anchor `^id` (first in it, so a link shows it from its start),
    /// and `[[#^id]]`, `![[#^id]]` and `[…](#^id)` go there; a link to an id the lesson lacks is warned about at its
    /// column, with the nearest id, as a link to a missing heading is.
    func testBlockIDsAreAnchorsThatLinksReach() throws {
        let lesson = """
            ---
            slides: true
            ---

            A paragraph with a block id. ^para-one

            - an item ^item-1
            - another
              ^item-2

            See [[#^para-one]], ![[#^item-1]] and [the item](#^item-2); [[#^para-onf]] and [x](#^nope) name none,
            nor does [[#No heading]]; 2 ^ 3 and x^2 are text.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:11:61: warning: no block of this lesson has the block id '^para-onf' (did you mean '^para-one'?)",
                "Lessons/test.md:11:80: warning: no block of this lesson has the block id '^nope'",
                "Lessons/test.md:12:10: warning: no heading of this lesson has the anchor '#no-heading'",
            ])
        XCTAssertEqual(
            htmlBody(product),
            """
            <p><a id="^para-one"></a>A paragraph with a block id.</p>
            <ul>
            <li><a id="^item-1"></a>an item</li>
            <li><a id="^item-2"></a>another</li>
            </ul>
            <p>See <a href="#%5Epara-one">^para-one</a>, <a href="#%5Eitem-1">^item-1</a> and <a href="#%5Eitem-2">the item</a>; \
            <a href="#%5Epara-onf">^para-onf</a> and <a href="#%5Enope">x</a> name none,
            nor does <a href="#no-heading">No heading</a>; 2 ^ 3 and x^2 are text.</p>

            """)
        XCTAssertEqual(
            product.markdown,
            """
            ---
            slides: true
            ---

            <a id="^para-one"></a>A paragraph with a block id.

            - <a id="^item-1"></a>an item
            - <a id="^item-2"></a>another

            See [\\^para-one](#^para-one), [\\^item-1](#^item-1) and [the item](#^item-2); [\\^para-onf](#^para-onf) and \
            [x](#^nope) name none,
            nor does [No heading](#no-heading); 2 \\^ 3 and x\\^2 are text.

            """)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertTrue(deck.contains("<p><a id=\"^para-one\"></a>A paragraph with a block id.</p>"), deck)
    }

    /// One id on two blocks is an error at each, naming the other, as a label defined twice is (the `^` of each,
    /// counted by hand). On the code before, the second `^one` was shown, without a diagnostic.
    func testABlockIDOnTwoBlocksIsAnErrorAtEach() throws {
        let product = buildLesson("First ^one\n\n- Second *item* ^one\n")
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:1:7: error: duplicate block id '^one': it is also defined at line 3, column 17; a block id names one block
                 1 | First ^one
                   |       ^
                """,
                """
                Lessons/test.md:3:17: error: duplicate block id '^one': it is also defined at line 1, column 7; a block id names one block
                 3 | - Second *item* ^one
                   |                 ^
                """,
            ])
        XCTAssertNil(product.html)
        XCTAssertNil(product.markdown)
    }

    /// Obsidian's id of a table, a list, a block quote or a callout is a paragraph of the id alone right after it:
    /// the block gets the anchor (an `id` on its element; an anchor line before it in the Markdown handout), the id
    /// is not shown, and links reach it. A caret escaped in the lesson (`\^six`) is text, shown as `^six`. On the
    /// code before, each id was shown, `\^six` was an id, and the links to `^tbl`, `^lst`, `^quo`, `^note` warned.
    func testAnIDAloneAfterATableAListOrAQuoteNamesIt() throws {
        let lesson = """
            ---
            slides: true
            ---

            | a < b | c |
            |---|---|
            | 1 | 2 |

            ^tbl

            - x & y

            ^lst

            > quoted

            ^quo

            > [!NOTE]
            > Noted.

            ^note

            Escaped \\^six

            ^alone

            See [[#^tbl]], [[#^lst]], [[#^quo]], [[#^note]]; [[#^six]] and [[#^alone]] name none.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:28:50: warning: no block of this lesson has the block id '^six'",
                "Lessons/test.md:28:64: warning: no block of this lesson has the block id '^alone'",
            ])
        let html = """
            <table id="^tbl">
            <thead>
            <tr>
            <th>a &lt; b</th>
            <th>c</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>1</td>
            <td>2</td>
            </tr>
            </tbody>
            </table>
            <ul id="^lst">
            <li>x &amp; y</li>
            </ul>
            <blockquote id="^quo">
            <p>quoted</p>
            </blockquote>
            <div class="wb-callout wb-callout-note" id="^note" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Note</p>
            <div class="wb-callout-body">
            <p>Noted.</p>
            </div>
            </div>
            <p>Escaped ^six</p>
            <p>^alone</p>
            <p>See <a href="#%5Etbl">^tbl</a>, <a href="#%5Elst">^lst</a>, <a href="#%5Equo">^quo</a>, \
            <a href="#%5Enote">^note</a>; <a href="#%5Esix">^six</a> and <a href="#%5Ealone">^alone</a> name none.</p>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(
            product.markdown,
            """
            ---
            slides: true
            ---

            <a id="^tbl"></a>

            | a \\< b | c |
            |---|---|
            | 1 | 2 |

            <a id="^lst"></a>

            - x & y

            <a id="^quo"></a>

            > quoted

            <a id="^note"></a>

            > [!NOTE]
            > Noted.

            Escaped \\^six

            \\^alone

            See [\\^tbl](#^tbl), [\\^lst](#^lst), [\\^quo](#^quo), [\\^note](#^note); [\\^six](#^six) and \
            [\\^alone](#^alone) name none.

            """)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertTrue(deck.contains(html.prefix(through: html.range(of: "</blockquote>\n")!.upperBound)), deck)
    }
}
