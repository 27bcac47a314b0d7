import XCTest

@testable import Workbook

/// Citations wherever prose is: in a footnote defined before later citations, in an inline note `^[…]`, and in a
/// bracket mixed with cross-references (`[see @eq-a; @werbos1990]`), in both handouts, each key at its column.
/// The expected text is derived by hand from Lessons/refs.bib and docs/lesson-format.md, "Citations".
final class CitationPlacesTests: XCTestCase {
    static let lesson = """
        # T

        Elman's network[^elman] feeds the state back.

        [^elman]: As @elman1990 shows [@werbos1990, p. 3].

        BPTT^[see @werbos1990 and [@hochreiter1997]] sums over steps, then @elman1990 again.

        $$J = \\sum_t J_t$$ {#eq-sum}

        The sum [see @eq-sum; @werbos1990, p. 2] and [@eq-sum; @elman1990].

        """

    func build(_ text: String = lesson) throws -> LessonProduct {
        let product = Pipeline.build(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t",
            options: try citingOptions(.authorYear, order: ["elman1990", "werbos1990", "hochreiter1997"]),
            assets: AssetLinks.make(katexDirectory: nil))
        return product
    }

    func testFootnotesAndInlineNotesCite() throws {
        let product = try build()
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        let elman = "<span class=\"wb-citation\"><a href=\"#ref-elman1990\">Elman (1990)</a></span>"
        XCTAssertTrue(
            body.contains(
                "<li id=\"fn1\">\n<p>As \(elman) shows <span class=\"wb-citation\">(<a href=\"#ref-werbos1990\">Werbos 1990</a>, p. 3)</span>."),
            body)
        XCTAssertTrue(
            body.contains(
                "<li id=\"fn2\">\n<p>see <span class=\"wb-citation\"><a href=\"#ref-werbos1990\">Werbos (1990)</a></span> and "
                    + "<span class=\"wb-citation\">(<a href=\"#ref-hochreiter1997\">Hochreiter and Schmidhuber 1997</a>)</span> "),
            body)
        XCTAssertTrue(body.contains("sums over steps, then \(elman) again.</p>"), body)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("[^1]: As Elman (1990) shows (Werbos 1990, p. 3).\n"), markdown)
        XCTAssertTrue(markdown.contains("[^2]: see Werbos (1990) and (Hochreiter and Schmidhuber 1997)\n"), markdown)
        // Every work cited in the notes is in the References section.
        XCTAssertEqual(
            body.components(separatedBy: "<li id=\"ref-").dropFirst().map { $0.prefix { $0 != "\"" } },
            ["elman1990", "hochreiter1997", "werbos1990"])
    }

    /// Quarto loses the citation of such a bracket (quarto-cli issue 1186); here the cross-references come first,
    /// each with its prefix, then the citation of the rest.
    func testABracketMixingACrossReferenceAndACitationIsBoth() throws {
        let product = try build()
        let body = htmlBody(product)
        XCTAssertTrue(
            body.contains(
                "<p>The sum see <a class=\"wb-xref\" href=\"#eq-sum\">Eq. 1.1</a> <span class=\"wb-citation\">(<a href=\"#ref-werbos1990\">Werbos 1990</a>, p. 2)</span> and "
                    + "<a class=\"wb-xref\" href=\"#eq-sum\">Eq. 1.1</a> <span class=\"wb-citation\">(<a href=\"#ref-elman1990\">Elman 1990</a>)</span>.</p>"),
            body)
        XCTAssertTrue(
            try XCTUnwrap(product.markdown).contains(
                "The sum see [Eq. 1.1](#eq-sum) (Werbos 1990, p. 2) and [Eq. 1.1](#eq-sum) (Elman 1990)."))
    }

    func testAnUnknownKeyInANoteOrAMixedBracketIsAnErrorAtItsColumn() throws {
        let product = try build("# T\n\nA^[see @werbos199].\n\n$$x$$ {#eq-x}\n\n[@eq-x; @elmann1990] and [@eq-y; @elman1990].\n")
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                "Lessons/t.md:3:8: error: unknown citation key 'werbos199': Lessons/refs.bib has no such entry (did you mean 'werbos1990'?)\n"
                    + " 3 | A^[see @werbos199].\n   |        ^",
                "Lessons/t.md:7:9: error: unknown citation key 'elmann1990': Lessons/refs.bib has no such entry (did you mean 'elman1990'?)\n"
                    + " 7 | [@eq-x; @elmann1990] and [@eq-y; @elman1990].\n   |         ^",
                "Lessons/t.md:7:27: error: unknown cross-reference '@eq-y': no lesson of the course defines the label 'eq-y' (did you mean 'eq-x'?)\n"
                    + " 7 | [@eq-x; @elmann1990] and [@eq-y; @elman1990].\n   |                           ^",
            ])
    }
    /// The nearest key is looked for once per unknown key a lesson shows, among keys sorted once: 5,000 unknown
    /// citations among 5,000 entries compared every citation with every key (48 s).
    func testThousandsOfUnknownKeysAmongThousandsOfEntries() {
        let count = 3_000
        let bib = (0..<count).map { "@misc{key\($0),\n  author = {Ada Lovelace},\n  title = {T},\n  year = {2000}\n}\n" }.joined()
        let (bibliography, problems) = Bibliography.parse(SourceFile(path: "Lessons/refs.bib", text: bib))
        XCTAssertEqual(problems.map(\.headline), [])
        var options = BuildOptions()
        (options.katexDirectory, options.copiesImages) = (nil, false)
        options.citations = CourseCitations(
            bibliography: bibliography,
            formatter: CitationFormatter(style: .authorYear, bibliography: bibliography, citationOrder: []),
            cited: [("t", [])], digest: "d")
        let text = "# T\n\n" + (0..<count).map { "See [@kez\($0)].\n\n" }.joined()
        let product = Pipeline.build(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
        let headlines = product.diagnostics.map(\.headline)
        XCTAssertEqual(headlines.count, Pipeline.maxDiagnostics + 1, headlines.suffix(2).joined(separator: "\n"))
        XCTAssertEqual(
            headlines.first,
            "Lessons/t.md:3:6: error: unknown citation key 'kez0': Lessons/refs.bib has no such entry (did you mean 'key0'?)")
    }
}
