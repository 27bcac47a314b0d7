import XCTest

@testable import Workbook

/// Quarto's `::: {#refs}` div: the reference list drawn where it stands, under the author's heading only, in both
/// handouts, the slides and the search (docs/lesson-format.md, "References"). The entries are
/// `CitationRenderTests`' hand-derived ones.
final class ReferencesDivTests: XCTestCase {
    static let lesson = """
        # T

        See [@elman1990] and @werbos1990.

        ## References

        ::: {#refs}
        :::

        ## After

        Appendix.

        """

    func build(_ text: String = lesson, slides: Bool = false) throws -> LessonProduct {
        var options = try citingOptions(.authorYear, order: ["elman1990", "werbos1990"])
        options.slides = slides
        return Pipeline.build(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    static let list = """
        <ul class="wb-reference-list">
        <li id="ref-elman1990">\(CitationRenderTests.elman)<em>Cognitive Science</em>, 14(2), 179–211. <a href="\(CitationRenderTests.elmanDOI)">\(CitationRenderTests.elmanDOI)</a></li>
        <li id="ref-werbos1990">\(CitationRenderTests.werbos)<em>Proceedings of the IEEE</em>, 78(10), 1550–1560.</li>
        </ul>

        """

    func testTheListIsDrawnWhereTheDivStandsUnderTheAuthorsHeadingOnly() throws {
        let product = try build()
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertTrue(
            body.hasSuffix(
                "<h2 id=\"references\">References <a class=\"wb-anchor\" href=\"#references\" aria-label=\"Link to this section\">#</a></h2>\n"
                    + "<div id=\"refs\" class=\"wb-references\">\n" + Self.list + "</div>\n"
                    + "<h2 id=\"after\">After <a class=\"wb-anchor\" href=\"#after\" aria-label=\"Link to this section\">#</a></h2>\n"
                    + "<p>Appendix.</p>\n"),
            body)
        XCTAssertEqual(body.components(separatedBy: ">References").count, 2, body)
        XCTAssertEqual(
            product.outline,
            [
                OutlineEntry(level: 2, id: "references", html: "References"),
                OutlineEntry(level: 2, id: "after", html: "After"),
            ])
        XCTAssertEqual(product.search.map(\.heading), ["T", "References", "After"])
        XCTAssertTrue(product.search[1].text.hasPrefix("Elman, Jeffrey L. (1990)."), product.search[1].text)
    }

    func testTheMarkdownHandoutPutsTheListUnderTheAuthorsHeading() throws {
        let markdown = try XCTUnwrap(try build().markdown)
        XCTAssertEqual(
            markdown,
            """
            # T

            See (Elman 1990) and Werbos (1990).

            ## References

            - \(CitationRenderTests.elman)*Cognitive Science*, 14(2), 179–211. <\(CitationRenderTests.elmanDOI)>
            - \(CitationRenderTests.werbos)*Proceedings of the IEEE*, 78(10), 1550–1560.

            ## After

            Appendix.

            """)
    }

    func testTheDivsOwnContentComesFirst() throws {
        let text = "# T\n\nSee [@elman1990].\n\n::: {#refs}\nWorks cited:\n:::\n"
        let product = try build(text)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            htmlBody(product).hasSuffix(
                "<div id=\"refs\" class=\"wb-references\">\n<p>Works cited:</p>\n<ul class=\"wb-reference-list\">\n"
                    + "<li id=\"ref-elman1990\">\(CitationRenderTests.elman)<em>Cognitive Science</em>, 14(2), 179–211. "
                    + "<a href=\"\(CitationRenderTests.elmanDOI)\">\(CitationRenderTests.elmanDOI)</a></li>\n</ul>\n</div>\n"),
            htmlBody(product))
        XCTAssertTrue(
            try XCTUnwrap(product.markdown).hasSuffix(
                "Works cited:\n\n- \(CitationRenderTests.elman)*Cognitive Science*, 14(2), 179–211. "
                    + "<\(CitationRenderTests.elmanDOI)>\n"),
            product.markdown ?? "")
    }

    func testTheSlidesDrawTheListOnTheAuthorsSlideAndAddNone() throws {
        let deck = try XCTUnwrap(try build(slides: true).slides)
        let slides = deck.components(separatedBy: "<section class=\"wb-slide")
        XCTAssertEqual(slides.filter { $0.contains("<ul class=\"wb-reference-list\">") }.count, 1)
        let references = try XCTUnwrap(slides.first { $0.contains("<h2 id=\"references\">References</h2>") })
        XCTAssertTrue(
            references.contains("<div class=\"wb-slide-body\">\n<div id=\"refs\" class=\"wb-references\">\n" + Self.list + "</div>\n</div>\n"),
            references)
    }

    func testASecondRefsDivIsAnError() throws {
        let product = try build(Self.lesson + "::: {.aside #refs}\n:::\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            ["Lessons/t.md:13:13: error: a second '::: {#refs}' div: the reference list goes at the first, on line 7; remove this one"])
    }

    /// The div's id is `refs`, so a heading whose anchor would be `refs` takes `refs-1` (the page had two elements
    /// with the id `refs`, and `#refs` went to the heading).
    func testAHeadingNamedRefsDoesNotTakeTheDivsID() throws {
        let body = htmlBody(try build("# Refs\n\nSee [@elman1990].\n\n::: {#refs}\n:::\n\n[The list](#refs).\n"))
        XCTAssertEqual(body.components(separatedBy: "id=\"refs\"").count - 1, 1, body)
        XCTAssertTrue(body.hasPrefix("<h1 id=\"refs-1\">Refs <a class=\"wb-anchor\" href=\"#refs-1\""), body)
        XCTAssertTrue(body.contains("<div id=\"refs\" class=\"wb-references\">"), body)
    }

    /// A callout `#refs` in a lesson whose `::: {#refs}` div holds the list: the div keeps `refs` (after the callout
    /// or before it), the callout is drawn without it, with a warning at its id, as Pandoc warns of a duplicate
    /// identifier (the page had two elements with the id `refs`). A second callout with an earlier one's id alike.
    func testACalloutDoesNotTakeTheRefsDivsIDNorAnotherCalloutsID() throws {
        let text = """
            See [@elman1990].

            ::: {.callout-note #refs}
            A note.
            :::

            ::: {#refs}
            :::

            ::: {.callout-tip #tip}
            One.
            :::

            ::: {.callout-tip #tip}
            Two.
            :::

            # Tip

            """
        let product = try build(text)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/t.md:3:20: warning: the id 'refs' is already where the reference list goes (the '::: {#refs}' div on line 7), and an id names one place in a page: this callout is drawn without it; give it another
                 3 | ::: {.callout-note #refs}
                   |                    ^
                """,
                """
                Lessons/t.md:14:19: warning: the id 'tip' is already the callout's on line 10, and an id names one place in a page: this callout is drawn without it; give it another
                 14 | ::: {.callout-tip #tip}
                    |                   ^
                """,
            ])
        let body = htmlBody(product)
        XCTAssertEqual(body.components(separatedBy: "id=\"refs\"").count - 1, 1, body)
        XCTAssertEqual(body.components(separatedBy: "id=\"tip\"").count - 1, 1, body)
        XCTAssertTrue(body.contains("<div class=\"wb-callout wb-callout-note\" role=\"note\">\n"), body)
        XCTAssertTrue(body.contains("<div id=\"refs\" class=\"wb-references\">"), body)
        XCTAssertTrue(body.contains("<div class=\"wb-callout wb-callout-tip\" id=\"tip\" role=\"note\">\n"), body)
        // The heading after the callouts does not take their id either.
        XCTAssertTrue(body.contains("<h1 id=\"tip-1\">Tip"), body)
    }

    /// Without a `{#refs}` div the list's own References heading does not take a callout's id.
    func testTheReferencesHeadingDoesNotTakeACalloutsID() throws {
        let body = htmlBody(try build("See [@elman1990].\n\n::: {.callout-note #references}\nA note.\n:::\n"))
        XCTAssertEqual(body.components(separatedBy: "id=\"references\"").count - 1, 1, body)
        XCTAssertTrue(body.contains("<h2 id=\"references-1\">References"), body)
    }
}
