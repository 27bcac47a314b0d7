import XCTest

@testable import Workbook

/// Build options with the shipped bibliography (named `Lessons/refs.bib`), its works numbered in `order`.
func citingOptions(_ style: CitationStyle, order: [String]) throws -> BuildOptions {
    let text = try String(contentsOfFile: BibliographyTests.refsPath, encoding: .utf8)
    let (bibliography, problems) = Bibliography.parse(SourceFile(path: "Lessons/refs.bib", text: text))
    XCTAssertEqual(problems.map(\.headline), [])
    var options = BuildOptions()
    options.katexDirectory = nil
    options.copiesImages = false
    options.citations = CourseCitations(
        bibliography: bibliography,
        formatter: CitationFormatter(style: style, bibliography: bibliography, citationOrder: order),
        cited: [("t", order)], digest: "d")
    return options
}

/// Citations and References sections in both handouts and both styles. The expected strings are derived by hand
/// from Lessons/refs.bib and the rules in docs/lesson-format.md, "Citations".
final class CitationRenderTests: XCTestCase {
    static let lesson = """
        # T

        BPTT [@werbos1990, p. 3] and [see @hochreiter1997; @cho2014, ch. 2].
        Elman [-@elman1990]; @werbos1990 shows it.

        """

    /// The lesson built with the shipped bibliography, numbered by its own order of first citation.
    func build(_ text: String = lesson, style: CitationStyle) throws -> LessonProduct {
        let (parsed, _) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        let keys = try XCTUnwrap(parsed).citations.flatMap { $0.items.map(\.key) }
        let product = Pipeline.build(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", options: try citingOptions(style, order: keys),
            assets: AssetLinks.make(katexDirectory: nil))
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        return product
    }

    static let werbos =
        "Werbos, Paul J. (1990). Backpropagation Through Time: What It Does and How to Do It. "
    static let hochreiter =
        "Hochreiter, Sepp, and Jürgen Schmidhuber (1997). Long Short-Term Memory. "
    static let hochreiterDOI = "https://doi.org/10.1162/neco.1997.9.8.1735"
    static let cho =
        "Cho, Kyunghyun, Bart van Merriënboer, Çağlar Gülçehre, Dzmitry Bahdanau, Fethi Bougares, Holger Schwenk, and "
        + "Yoshua Bengio (2014). Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine "
        + "Translation. In "
    static let choRest =
        ". Association for Computational Linguistics. arXiv:1406.1078. "
    static let choDOI = "https://doi.org/10.3115/v1/D14-1179"
    static let choBook =
        "Proceedings of the 2014 Conference on Empirical Methods in Natural Language Processing (EMNLP)"
    static let elman = "Elman, Jeffrey L. (1990). Finding Structure in Time. "
    static let elmanDOI = "https://doi.org/10.1016/0364-0213(90)90002-E"

    func testAuthorYearHTML() throws {
        let body = htmlBody(try build(style: .authorYear))
        XCTAssertTrue(
            body.contains(
                "<p>BPTT <span class=\"wb-citation\">(<a href=\"#ref-werbos1990\">Werbos 1990</a>, p. 3)</span> and "
                    + "<span class=\"wb-citation\">(see <a href=\"#ref-hochreiter1997\">Hochreiter and Schmidhuber 1997</a>; "
                    + "<a href=\"#ref-cho2014\">Cho et al. 2014</a>, ch. 2)</span>.\n"
                    + "Elman <span class=\"wb-citation\">(<a href=\"#ref-elman1990\">1990</a>)</span>; "
                    + "<span class=\"wb-citation\"><a href=\"#ref-werbos1990\">Werbos (1990)</a></span> shows it.</p>\n"
            ),
            body)
        // Sorted by the first author's name: Cho, Elman, Hochreiter, Werbos; each cited work once.
        let references = """
            <section class="wb-references">
            <h2 id="references">References <a class="wb-anchor" href="#references" aria-label="Link to this section">#</a></h2>
            <ul class="wb-reference-list">
            <li id="ref-cho2014">\(Self.cho)<em>\(Self.choBook)</em>\(Self.choRest)<a href="\(Self.choDOI)">\(Self.choDOI)</a></li>
            <li id="ref-elman1990">\(Self.elman)<em>Cognitive Science</em>, 14(2), 179–211. <a href="\(Self.elmanDOI)">\(Self.elmanDOI)</a></li>
            <li id="ref-hochreiter1997">\(Self.hochreiter)<em>Neural Computation</em>, 9(8), 1735–1780. <a href="\(Self.hochreiterDOI)">\(Self.hochreiterDOI)</a></li>
            <li id="ref-werbos1990">\(Self.werbos)<em>Proceedings of the IEEE</em>, 78(10), 1550–1560.</li>
            </ul>
            </section>

            """
        XCTAssertTrue(body.hasSuffix(references), body)
    }

    func testNumericHTMLIsNumberedByFirstCitation() throws {
        let product = try build(style: .numeric)
        let body = htmlBody(product)
        XCTAssertTrue(
            body.contains(
                "<p>BPTT <span class=\"wb-citation\">[<a href=\"#ref-werbos1990\">1</a>, p. 3]</span> and "
                    + "<span class=\"wb-citation\">[see <a href=\"#ref-hochreiter1997\">2</a>; "
                    + "<a href=\"#ref-cho2014\">3</a>, ch. 2]</span>.\n"
                    + "Elman <span class=\"wb-citation\">[<a href=\"#ref-elman1990\">4</a>]</span>; "
                    + "<span class=\"wb-citation\"><a href=\"#ref-werbos1990\">Werbos [1]</a></span> shows it.</p>\n"),
            body)
        let ids = body.components(separatedBy: "<li id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(ids, ["ref-werbos1990", "ref-hochreiter1997", "ref-cho2014", "ref-elman1990"])
        XCTAssertTrue(
            body.contains(
                "<li id=\"ref-werbos1990\"><span class=\"wb-reference-label\">[1]</span> \(Self.werbos)"
                    + "<em>Proceedings of the IEEE</em>, 78(10), 1550–1560.</li>\n"), body)
        // The sidebar's outline ends with the section.
        XCTAssertEqual(product.outline.last, OutlineEntry(level: 2, id: "references", html: "References"))
    }

    func testMarkdownShowsTheSameTextAndReferences() throws {
        let markdown = try XCTUnwrap(try build(style: .authorYear).markdown)
        XCTAssertEqual(
            markdown,
            """
            # T

            BPTT (Werbos 1990, p. 3) and (see Hochreiter and Schmidhuber 1997; Cho et al. 2014, ch. 2).
            Elman (1990); Werbos (1990) shows it.

            ## References

            - \(Self.cho)*\(Self.choBook)*\(Self.choRest)<\(Self.choDOI)>
            - \(Self.elman)*Cognitive Science*, 14(2), 179–211. <\(Self.elmanDOI)>
            - \(Self.hochreiter)*Neural Computation*, 9(8), 1735–1780. <\(Self.hochreiterDOI)>
            - \(Self.werbos)*Proceedings of the IEEE*, 78(10), 1550–1560.

            """)
        let numeric = try XCTUnwrap(try build(style: .numeric).markdown)
        XCTAssertTrue(
            numeric.contains(
                "BPTT \\[1, p. 3\\] and \\[see 2; 3, ch. 2\\].\nElman \\[4\\]; Werbos \\[1\\] shows it.\n"),
            numeric)
        XCTAssertTrue(
            numeric.hasSuffix(
                "## References\n\n- \\[1\\] \(Self.werbos)*Proceedings of the IEEE*, 78(10), 1550–1560.\n"
                    + "- \\[2\\] \(Self.hochreiter)*Neural Computation*, 9(8), 1735–1780. <\(Self.hochreiterDOI)>\n"
                    + "- \\[3\\] \(Self.cho)*\(Self.choBook)*\(Self.choRest)<\(Self.choDOI)>\n"
                    + "- \\[4\\] \(Self.elman)*Cognitive Science*, 14(2), 179–211. <\(Self.elmanDOI)>\n"), numeric)
    }

    func testALessonWithoutCitationsHasNoReferences() throws {
        let product = try build("# T\n\nNo sources, only ada@example.org.\n", style: .authorYear)
        XCTAssertFalse(htmlBody(product).contains("References"))
        XCTAssertEqual(product.markdown, "# T\n\nNo sources, only ada@example.org.\n")
    }

    func testTheSectionsAnchorAvoidsAHeadingsAnchor() throws {
        let body = htmlBody(try build("# T\n\n## References\n\nSee [@elman1990].\n", style: .authorYear))
        XCTAssertTrue(body.contains("<h2 id=\"references-1\">References <a class=\"wb-anchor\" href=\"#references-1\""))
    }
}

/// docs/lesson-format.md, "Citations": its table of forms and its error, built.
final class CitationDocumentationTests: XCTestCase {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/lesson-format.md")

    func markdown(_ text: String, _ style: CitationStyle, path: String = "Lessons/t.md") throws -> LessonProduct {
        Pipeline.build(
            SourceFile(path: path, text: text), slug: "t",
            // The table's numbers assume this order of first citation.
            options: try citingOptions(style, order: ["werbos1990", "hochreiter1997", "cho2014", "elman1990"]),
            assets: AssetLinks.make(katexDirectory: nil))
    }

    func testTheTableOfFormsIsWhatTheBuildWrites() throws {
        let text = try String(contentsOf: docs, encoding: .utf8)
        let table = text.components(separatedBy: "| written | author–year | numeric |\n|---|---|---|\n")[1]
            .components(separatedBy: "\n\n")[0]
        let rows = table.split(separator: "\n").map {
            $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(rows.count, 7)
        for row in rows {
            let written = String(row[0].dropFirst().dropLast())
            for (style, expected) in [(CitationStyle.authorYear, row[1]), (.numeric, row[2])] {
                let product = try markdown("# T\n\n" + written + "\n", style)
                XCTAssertEqual(product.diagnostics.map(\.headline), [], written)
                let line = product.markdown?.components(separatedBy: "\n")[2].replacingOccurrences(of: "\\", with: "")
                XCTAssertEqual(line, expected, "\(written) in \(style)")
            }
        }
    }

    func testTheErrorExampleIsWhatTheBuildReports() throws {
        let text = try String(contentsOf: docs, encoding: .utf8)
        let example = text.components(separatedBy: "nearest key suggested:\n\n```text\n")[1]
            .components(separatedBy: "\n```")[0]
        let lesson = String(repeating: "\n", count: 11) + "BPTT is old [see @werbos199].\n"
        let product = try markdown(lesson, .authorYear, path: "Lessons/07-vanishing-gradients.md")
        XCTAssertEqual(product.diagnostics.map(\.formatted), [example])
    }
}
