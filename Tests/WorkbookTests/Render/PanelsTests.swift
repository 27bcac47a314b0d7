import Foundation
import XCTest

@testable import Workbook

/// Quarto's tabsets (`::: {.panel-tabset}`) and columns (`:::: {.columns}`), MyST's (sphinx-design's)
/// `{tab-set}` / `{tab-item}`: one node of the tree, tabs in the HTML handout and the slides, panels one after
/// the other in the Markdown handout. Expected pages written by hand; on the code before, each div was shown as
/// its content with a warning ("only callout divs are drawn") and the tab headings as headings.
final class PanelsTests: XCTestCase {
    func deck(_ lesson: String) throws -> String {
        try XCTUnwrap(buildLesson("---\nslides: true\n---\n\n" + lesson).slides)
    }

    static let tabset = """
        Before.

        ::: {.panel-tabset}
        ## Python & a < b

        Use `x < y` and $h$.

        ## Swift

        ::: {.callout-tip}
        Tip *inside*.
        :::

        ### Deeper

        Deeper text.
        :::

        """

    static let tabsetHTML = """
        <p>Before.</p>
        <div class="wb-tabset">
        <section class="wb-tab-panel">
        <p class="wb-tab-label">Python &amp; a &lt; b</p>
        <p>Use <code>x &lt; y</code> and <span class="math inline">h</span>.</p>
        </section>
        <section class="wb-tab-panel">
        <p class="wb-tab-label">Swift</p>
        <div class="wb-callout wb-callout-tip" role="note">
        <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Tip</p>
        <div class="wb-callout-body">
        <p>Tip <em>inside</em>.</p>
        </div>
        </div>
        <h3 id="deeper">Deeper <a class="wb-anchor" href="#deeper" aria-label="Link to this section">#</a></h3>
        <p>Deeper text.</p>
        </section>
        </div>

        """

    static let tabsetMarkdown = """
        Before.

        **Python & a \\< b**

        Use `x < y` and $h$.

        **Swift**

        > [!TIP]
        > Tip *inside*.

        ### Deeper

        Deeper text.

        """

    func testAQuartoTabsetIsOnePanelPerHeadingOfTheFirstHeadingsLevel() throws {
        let product = buildLesson(Self.tabset)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(htmlBody(product), Self.tabsetHTML)
        XCTAssertEqual(product.markdown, Self.tabsetMarkdown)
        let slides = try deck(Self.tabset)
        XCTAssertTrue(slides.contains(Self.tabsetHTML.dropFirst("<p>Before.</p>\n".count).dropLast()), slides)
        // The search finds a panel's words (and its label's) in the section the tabset stands in.
        XCTAssertEqual(
            product.search.map(\.text),
            ["Before. Python & a < b Use x < y and h. Swift Tip Tip inside.", "Deeper text."])
    }

    func testMySTTabSetsWithBackticksAndColonsAreTheSameTabs() throws {
        let backticks = """
            `````{tab-set}
            ````{tab-item} One *a* & b
            :sync: one
            First.
            ````
            ````{tab-item} Two
            Second.
            ````
            `````

            """
        let colons = """
            ::::{tab-set}
            :::{tab-item} One *a* & b
            :sync: one
            First.
            :::
            :::{tab-item} Two
            Second.
            :::
            ::::

            """
        let html = """
            <div class="wb-tabset">
            <section class="wb-tab-panel">
            <p class="wb-tab-label">One <em>a</em> &amp; b</p>
            <p>First.</p>
            </section>
            <section class="wb-tab-panel">
            <p class="wb-tab-label">Two</p>
            <p>Second.</p>
            </section>
            </div>

            """
        for lesson in [backticks, colons] {
            let product = buildLesson(lesson)
            XCTAssertEqual(product.diagnostics.map(\.headline), [])
            XCTAssertEqual(htmlBody(product), html)
            XCTAssertEqual(product.markdown, "**One *a* & b**\n\nFirst.\n\n**Two**\n\nSecond.\n")
        }
    }

    /// A MyST label's quotes and backslashes survive the rewriting into a div's `title="…"`, and are escaped.
    func testAMySTTabLabelKeepsItsQuotesAndBackslashesEscaped() {
        let product = buildLesson("::::{tab-set}\n:::{tab-item} Say \"hi\" \\\\ & a < b\nBody.\n:::\n::::\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            htmlBody(product).contains("<p class=\"wb-tab-label\">Say &quot;hi&quot; \\ &amp; a &lt; b</p>"),
            htmlBody(product))
        XCTAssertEqual(product.markdown, "**Say \"hi\" \\\\ & a \\< b**\n\nBody.\n")
    }

    /// A directive in a tab runs in the lesson's order (the forward pass in the second tab uses the model the
    /// first defines) and its results show in its panel: the same HTML as the lesson without tabs writes.
    func testADirectiveInATabRunsInOrderAndItsResultsShowInItsPanel() throws {
        let lesson = "::: {.panel-tabset}\n## Model\n\n" + helloModel + "## Forward\n\n"
            + helloModelOnHell.dropFirst(helloModel.count) + ":::\n"
        // The same lesson with blank lines for the fences and headings (its results' ids are line numbers).
        let plain = htmlBody(buildLesson("\n\n\n" + helloModel + "\n\n" + helloModelOnHell.dropFirst(helloModel.count)))
        let split = try XCTUnwrap(plain.range(of: "<div class=\"wb-directive wb-forward\""))
        let (plainModel, forward) = (plain[..<split.lowerBound], plain[split.lowerBound...])
        XCTAssertTrue(forward.contains("<td class=\"num\">0.6886</td>"), String(forward))
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            "<div class=\"wb-tabset\">\n<section class=\"wb-tab-panel\">\n<p class=\"wb-tab-label\">Model</p>\n"
                + plainModel + "</section>\n<section class=\"wb-tab-panel\">\n<p class=\"wb-tab-label\">Forward</p>\n"
                + forward + "</section>\n</div>\n")
    }

    func testColumnsStandSideBySideWithTheirWidthsInHTMLAndOneAfterTheOtherInMarkdown() throws {
        let lesson = """
            :::: {.columns}
            ::: {.column width="40%"}
            Left & $x$.
            :::
            ::: {.column width='62.5%'}
            Right.
            :::
            ::: {.column}
            Third.
            :::
            ::::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <div class="wb-columns">
            <div class="wb-column" style="--wb-width: 40%">
            <p>Left &amp; <span class="math inline">x</span>.</p>
            </div>
            <div class="wb-column" style="--wb-width: 62.5%">
            <p>Right.</p>
            </div>
            <div class="wb-column">
            <p>Third.</p>
            </div>
            </div>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(product.markdown, "Left & $x$.\n\nRight.\n\nThird.\n")
        XCTAssertTrue(try deck(lesson).contains(html.dropLast()))
    }

    func testBadTabsAndColumnsAreErrorsAtTheirLineAndColumn() {
        XCTAssertEqual(
            headlines("Text.\n\n::: {.panel-tabset}\nNo heading.\n:::\n"),
            ["Lessons/test.md:3:1: error: a tabset with no heading inside: each tab starts with a heading (## Label), "
                + "whose text is the tab's label"])
        XCTAssertEqual(
            headlines("::: {.panel-tabset}\nStray.\n\n## A\n\nIn A.\n:::\n"),
            ["Lessons/test.md:2:1: error: this stands before the tabset's first heading, so it belongs to no tab: "
                + "move it into a tab or out of the tabset"])
        XCTAssertEqual(
            headlines("Text.\n\n```{tab-item} Lost\nContent.\n```\n"),
            ["Lessons/test.md:3:1: error: a {tab-item} outside a {tab-set}: put it between a '{tab-set}' fence and "
                + "its closing fence"])
        XCTAssertEqual(
            headlines("````{tab-set}\n```{tab-item} A\nContent.\n```\n"),
            [
                "Lessons/test.md:1:1: error: unclosed '````{tab-set}' box: add a line '````' where it ends",
                "Lessons/test.md:2:1: error: a {tab-item} outside a {tab-set}: put it between a '{tab-set}' fence "
                    + "and its closing fence",
            ])
        let width = buildLesson(":::: {.columns}\n::: {.column width=\"300px\"}\nA.\n:::\n::::\n").diagnostics
        XCTAssertEqual(
            width.map(\.formatted),
            [
                "Lessons/test.md:2:21: error: a column's width is a percentage of the page's width, above 0% and at "
                    + "most 100% (width=\"40%\"), not '300px'\n 2 | ::: {.column width=\"300px\"}\n   | "
                    + String(repeating: " ", count: 20) + "^"
            ])
    }
}
