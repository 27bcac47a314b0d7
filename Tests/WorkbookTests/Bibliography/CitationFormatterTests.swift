import XCTest

@testable import Workbook

/// Expected strings derived by hand from the rules in docs/lesson-format.md, "Citations".
final class CitationFormatterTests: XCTestCase {
    func refs() throws -> Bibliography {
        let (bibliography, diagnostics) = Bibliography.load(path: BibliographyTests.refsPath)
        XCTAssertEqual(diagnostics.count, 0)
        return bibliography
    }

    func inline(_ text: String, _ formatter: CitationFormatter) -> [TextRun] {
        CitationScanner.scan(text).flatMap(formatter.inline)
    }

    func testAuthorYearForms() throws {
        let f = CitationFormatter(style: .authorYear, bibliography: try refs(), citationOrder: [])
        XCTAssertEqual(inline("@werbos1990", f), [TextRun("Werbos (1990)", [.reference("werbos1990")])])
        XCTAssertEqual(
            inline("[@werbos1990, p. 3]", f),
            [TextRun("("), TextRun("Werbos 1990", [.reference("werbos1990")]), TextRun(", p. 3)")])
        XCTAssertEqual(inline("@werbos1990 [p. 3]", f), [TextRun("Werbos (1990, p. 3)", [.reference("werbos1990")])])
        XCTAssertEqual(
            inline("[see @hochreiter1997; @cho2014, ch. 2]", f),
            [
                TextRun("(see "), TextRun("Hochreiter and Schmidhuber 1997", [.reference("hochreiter1997")]),
                TextRun("; "), TextRun("Cho et al. 2014", [.reference("cho2014")]), TextRun(", ch. 2)"),
            ])
        XCTAssertEqual(
            inline("[-@elman1990]", f), [TextRun("("), TextRun("1990", [.reference("elman1990")]), TextRun(")")])
        XCTAssertEqual(inline("[@bengio1994]", f).plainText, "(Bengio et al. 1994)")
    }

    func testNumericFormsAreNumberedByFirstCitation() throws {
        let f = CitationFormatter(
            style: .numeric, bibliography: try refs(),
            citationOrder: ["hochreiter1997", "werbos1990", "hochreiter1997"])
        XCTAssertEqual(
            inline("[@werbos1990, p. 3]", f),
            [TextRun("["), TextRun("2", [.reference("werbos1990")]), TextRun(", p. 3]")])
        XCTAssertEqual(inline("[@hochreiter1997; @werbos1990]", f).plainText, "[1, 2]")
        XCTAssertEqual(inline("[see @hochreiter1997; @werbos1990]", f).plainText, "[see 1; 2]")
        XCTAssertEqual(inline("@werbos1990 shows", f), [TextRun("Werbos [2]", [.reference("werbos1990")])])
        XCTAssertEqual(inline("@elman1990", f).plainText, "Elman [?]")
    }

    func testSameAuthorsAndYearGetLettersByTitle() {
        let text = """
            @misc{cho2014b, author = {Cho, K. and van Merri{\\"e}nboer, B. and Bahdanau, D. and Bengio, Y.},
              title = {On the Properties of Neural Machine Translation}, year = 2014}
            @misc{cho2014, author = {Cho, K. and Gulcehre, C. and others}, title = {Learning Phrase Representations},
              year = 2014}
            @misc{cho2015, author = {Cho, K. and Bengio, Y. and Courville, A.}, title = {Other}, year = 2015}
            """
        let (bibliography, diagnostics) = Bibliography.parse(SourceFile(path: "refs.bib", text: text))
        XCTAssertEqual(diagnostics.map(\.formatted), [])
        let order = ["cho2014b", "cho2015", "cho2014"]
        let f = CitationFormatter(style: .authorYear, bibliography: bibliography, citationOrder: order)
        XCTAssertEqual(
            inline("[@cho2014b; @cho2014; @cho2015]", f).plainText,
            "(Cho et al. 2014b; Cho et al. 2014a; Cho et al. 2015)")
        XCTAssertEqual(f.referenceList(cited: order).map(\.key), ["cho2014", "cho2014b", "cho2015"])
        XCTAssertEqual(
            f.referenceList(cited: ["cho2014"]).first?.text.plainText,
            "Cho, K., C. Gulcehre, et al. (2014a). Learning Phrase Representations.")
        let numeric = CitationFormatter(style: .numeric, bibliography: bibliography, citationOrder: order)
        XCTAssertEqual(inline("@cho2014", numeric).plainText, "Cho et al. [3]")
        XCTAssertEqual(numeric.referenceList(cited: order).map(\.label.plainText), ["[1]", "[2]", "[3]"])
        XCTAssertEqual(numeric.referenceList(cited: order).map(\.key), order)
    }

    func testAuthorYearReferenceListIsSortedByAuthorThenYear() throws {
        let order = ["werbos1990", "karpathy2015", "bengio1994", "hochreiter1997", "elman1990", "cho2014", "nokey"]
        let list = CitationFormatter(style: .authorYear, bibliography: try refs(), citationOrder: order)
            .referenceList(cited: order + ["werbos1990"])
        XCTAssertEqual(
            list.map(\.key), ["bengio1994", "cho2014", "elman1990", "hochreiter1997", "karpathy2015", "werbos1990"])
        XCTAssertEqual(list.map(\.anchor).first, "ref-bengio1994")
        XCTAssertEqual(list.map(\.label), Array(repeating: [], count: 6))
    }

    func testReferenceEntries() throws {
        let bibliography = try refs()
        let f = CitationFormatter(style: .authorYear, bibliography: bibliography, citationOrder: bibliography.keys)
        func entry(_ key: String) -> [TextRun] { f.referenceList(cited: [key]).first?.text ?? [] }
        XCTAssertEqual(
            entry("werbos1990"),
            [
                TextRun("Werbos, Paul J. (1990). Backpropagation Through Time: What It Does and How to Do It. "),
                TextRun("Proceedings of the IEEE", [.emphasis]), TextRun(", 78(10), 1550\u{2013}1560."),
            ])
        XCTAssertEqual(
            entry("hochreiter1997"),
            [
                TextRun("Hochreiter, Sepp, and Jürgen Schmidhuber (1997). Long Short-Term Memory. "),
                TextRun("Neural Computation", [.emphasis]), TextRun(", 9(8), 1735\u{2013}1780. "),
                TextRun(
                    "https://doi.org/10.1162/neco.1997.9.8.1735", [.link("https://doi.org/10.1162/neco.1997.9.8.1735")]),
            ])
        XCTAssertEqual(
            entry("karpathy2015"),
            [
                TextRun("Karpathy, Andrej (2015). "),
                TextRun("The Unreasonable Effectiveness of Recurrent Neural Networks", [.emphasis]),
                TextRun(". Blog post, 21 May 2015. "),
                TextRun(
                    "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
                    [.link("http://karpathy.github.io/2015/05/21/rnn-effectiveness/")]),
            ])
        XCTAssertEqual(
            entry("cho2014").plainText,
            "Cho, Kyunghyun, Bart van Merriënboer, Çağlar Gülçehre, Dzmitry Bahdanau, Fethi Bougares, Holger Schwenk, "
                + "and Yoshua Bengio (2014). Learning Phrase Representations using RNN Encoder\u{2013}Decoder for "
                + "Statistical Machine Translation. In Proceedings of the 2014 Conference on Empirical Methods in "
                + "Natural Language Processing (EMNLP). Association for Computational Linguistics. arXiv:1406.1078. "
                + "https://doi.org/10.3115/v1/D14-1179")
        XCTAssertEqual(
            entry("cho2014")[1],
            TextRun(
                "Proceedings of the 2014 Conference on Empirical Methods in Natural Language Processing (EMNLP)",
                [.emphasis]))
    }

    /// The table in docs/lesson-format.md, "Writing a citation", row by row.
    func testTheDocumentedTable() throws {
        let order = ["werbos1990", "hochreiter1997", "cho2014", "elman1990"]
        let authorYear = CitationFormatter(style: .authorYear, bibliography: try refs(), citationOrder: order)
        let numeric = CitationFormatter(style: .numeric, bibliography: try refs(), citationOrder: order)
        let rows = [
            ("[@werbos1990]", "(Werbos 1990)", "[1]"),
            ("[@werbos1990, p. 3]", "(Werbos 1990, p. 3)", "[1, p. 3]"),
            ("[see @werbos1990; @cho2014, ch. 2]", "(see Werbos 1990; Cho et al. 2014, ch. 2)", "[see 1; 3, ch. 2]"),
            ("[@hochreiter1997; @werbos1990]", "(Hochreiter and Schmidhuber 1997; Werbos 1990)", "[2, 1]"),
            ("@werbos1990 shows", "Werbos (1990) shows", "Werbos [1] shows"),
            ("@werbos1990 [p. 3] shows", "Werbos (1990, p. 3) shows", "Werbos [1, p. 3] shows"),
            ("Elman [-@elman1990]", "Elman (1990)", "Elman [4]"),
        ]
        for (written, expectedAuthorYear, expectedNumeric) in rows {
            XCTAssertEqual(render(written, authorYear), expectedAuthorYear, written)
            XCTAssertEqual(render(written, numeric), expectedNumeric, written)
        }
    }

    /// The text with each citation span replaced by its rendering.
    func render(_ text: String, _ formatter: CitationFormatter) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = ""
        var at = 0
        for span in CitationScanner.scan(text) {
            result += String(String.UnicodeScalarView(scalars[at..<span.columns.lowerBound]))
            result += formatter.inline(span).plainText
            at = span.columns.upperBound
        }
        return result + String(String.UnicodeScalarView(scalars[at...]))
    }
}
