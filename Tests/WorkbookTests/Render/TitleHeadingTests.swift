import XCTest

@testable import Workbook

/// A lesson whose front matter's `title` and first `# heading` say the same thing shows that title once: in the
/// title block, which keeps the heading's anchor for the links to it (Quarto takes a notebook's title heading
/// into its title block the same way). Titles that differ both show, as before.
final class TitleHeadingTests: XCTestCase {
    let lesson = """
        ---
        title: Hidden  states by hand
        slides: true
        ---

        # Hidden states by hand {#sec-intro}

        See @sec-intro.

        ## Next

        Text.

        """

    func testTheHandoutShowsARepeatedTitleOnceWithTheHeadingsAnchor() throws {
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertEqual(body.components(separatedBy: "<h1").count - 1, 1, body)
        XCTAssertTrue(
            body.hasPrefix(
                """
                <header class="wb-title-block">
                <h1 id="sec-intro">Hidden states by hand</h1>
                </header>
                <p>See <a class="wb-xref" href="#sec-intro">Hidden states by hand</a>.</p>
                """), body)
        // A title that differs from the heading shows both, as before; so does a heading after text.
        let differing = buildLesson(
            lesson.replacingOccurrences(of: "title: Hidden  states", with: "title: Lecture three,"))
        XCTAssertTrue(
            htmlBody(differing).hasPrefix(
                """
                <header class="wb-title-block">
                <h1>Lecture three, by hand</h1>
                </header>
                <h1 id="sec-intro">Hidden states by hand <a class="wb-anchor"
                """), htmlBody(differing))
        XCTAssertEqual(differing.search.map(\.anchor), ["", "sec-intro", "next"])
        // On the slides too: the heading starts a slide after the title slide, as a Quarto deck's does.
        let deck = try XCTUnwrap(differing.slides)
        XCTAssertTrue(deck.contains("<h1>Lecture three, by hand</h1>"), deck)
        XCTAssertTrue(deck.contains("<h2 id=\"sec-intro\">Hidden states by hand</h2>"), deck)
        let later = buildLesson("---\ntitle: Intro\n---\n\nFirst.\n\n# Intro\n")
        XCTAssertTrue(htmlBody(later).contains("<p>First.</p>\n<h1 id=\"intro\">Intro"), htmlBody(later))
    }

    func testTheSlidesAndTheSearchIndexShowItOnceToo() throws {
        let product = buildLesson(lesson)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertEqual(deck.components(separatedBy: "<h1").count - 1, 1, deck)
        XCTAssertTrue(deck.contains("<h1 id=\"sec-intro\">Hidden states by hand</h1>"), deck)
        XCTAssertEqual(
            product.search,
            [
                SearchSection(
                    heading: "Hidden  states by hand", anchor: "",
                    text: "Hidden states by hand See Hidden states by hand."),
                SearchSection(heading: "Next", anchor: "next", text: "Text."),
            ])
        // The Markdown handout is the lesson as written: its front matter is data to Markdown viewers (GitHub shows
        // it as a table, others not at all), so its heading is the only title most of them show, and it stays.
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(
            markdown.hasPrefix(
                "---\ntitle: Hidden  states by hand\nslides: true\n---\n\n"
                    + "# Hidden states by hand <a id=\"sec-intro\"></a>\n"), markdown)
    }

    /// A title with math, code or another case is still repeated by its heading (Quarto's titles are Markdown), and
    /// the title block draws the heading: its math and code, where the front matter's title is plain text.
    func testATitleWithMathCodeOrAnotherCaseIsShownOnceAsItsHeadingIsDrawn() throws {
        let product = buildLesson(
            "---\ntitle: The $\\tanh$ cell and `numpy`\nslides: true\n---\n\n# The $\\tanh$ Cell and `numpy`\n\nText.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertTrue(
            body.hasPrefix(
                """
                <header class="wb-title-block">
                <h1 id="the-cell-and-numpy">The <span class="math inline">\\tanh</span> Cell and <code>numpy</code></h1>
                </header>
                <p>Text.</p>
                """), body)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertEqual(deck.components(separatedBy: "<h1").count - 1, 1, deck)
        XCTAssertTrue(deck.contains("<code>numpy</code></h1>"), deck)
        // The lesson's name (the browser's tab, the index, the sidebar, the search) is the title as plain text.
        XCTAssertEqual(product.search.first?.heading, "The \\tanh cell and numpy")
        XCTAssertEqual(LessonParser.plainTitle("Costs in \\$ and `x` of $\\$ \\alpha$"), "Costs in $ and x of \\$ \\alpha")
        let other = buildLesson("---\ntitle: Recurrent networks\n---\n\n# Recurrent Networks\n")
        XCTAssertEqual(htmlBody(other).components(separatedBy: "<h1").count - 1, 1, htmlBody(other))
    }

    /// A title with an escaped dollar or backquote (`\$5`, as YAML and Markdown both keep it) is repeated by the
    /// heading that writes it so: the title shows once (it showed twice, the title block's as `\$5`).
    func testATitleWithAnEscapedDollarIsRepeatedByItsHeading() {
        let body = htmlBody(buildLesson("---\ntitle: 'Costs of \\$5 and \\`x'\n---\n\n# Costs of \\$5 and \\`x\n\nBody.\n"))
        XCTAssertEqual(
            body,
            """
            <header class="wb-title-block">
            <h1 id="costs-of-5-and-x">Costs of $5 and `x</h1>
            </header>
            <p>Body.</p>

            """)
    }

    /// A title no heading repeats is Markdown too, as Quarto reads it: its math typeset, its code and emphasis
    /// drawn (the title block showed `$\tanh$` and the backquotes); one without Markdown's marks, or whose
    /// parse warns (a `$` never closed), is the plain text it was.
    func testATitleNoHeadingRepeatsIsDrawnAsMarkdown() throws {
        let product = buildLesson(
            "---\ntitle: \"The $\\\\tanh$ cell, `numpy` and *all*\"\nslides: true\n---\n\nText.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            htmlBody(product).hasPrefix(
                """
                <header class="wb-title-block">
                <h1>The <span class="math inline">\\tanh</span> cell, <code>numpy</code> and <em>all</em></h1>
                </header>
                <p>Text.</p>
                """), htmlBody(product))
        let deck = try XCTUnwrap(product.slides)
        XCTAssertTrue(deck.contains("<h1>The <span class=\"math inline\">\\tanh</span> cell, <code>numpy"), deck)
        for (title, shown) in [("Costs of $5 and more", "Costs of $5 and more"), ("A <b> & `x", "A &lt;b&gt; &amp; `x")] {
            let plain = buildLesson("---\ntitle: \(title)\n---\n\nText.\n")
            XCTAssertTrue(htmlBody(plain).contains("<h1>\(shown)</h1>"), htmlBody(plain))
        }
    }
}

