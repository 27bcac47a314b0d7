import XCTest

@testable import Workbook

/// The course's own Lessons/refs.bib, read field by field; expected values copied by hand from the file.
final class BibliographyTests: XCTestCase {
    static let refsPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons/refs.bib").path

    func loadRefs() throws -> Bibliography {
        let (bibliography, diagnostics) = Bibliography.load(path: Self.refsPath)
        XCTAssertEqual(diagnostics.map(\.formatted), [])
        return bibliography
    }

    func testRefsBibHoldsTheNotesSourcesInFileOrder() throws {
        XCTAssertEqual(
            try loadRefs().keys,
            ["werbos1990", "hochreiter1997", "cho2014", "elman1990", "karpathy2015", "bengio1994"])
    }

    func testAnArticlesFields() throws {
        let werbos = try XCTUnwrap(loadRefs()["werbos1990"])
        XCTAssertEqual(werbos.type, "article")
        XCTAssertEqual(werbos.location, SourceLocation(line: 5, column: 1))
        XCTAssertEqual(werbos.authors, [PersonName(first: "Paul J.", last: "Werbos")])
        XCTAssertFalse(werbos.authorsEtAl)
        XCTAssertEqual(werbos.year, "1990")
        XCTAssertEqual(werbos.title, [TextRun("Backpropagation Through Time: What It Does and How to Do It")])
        XCTAssertEqual(werbos.container, [TextRun("Proceedings of the IEEE")])
        XCTAssertEqual([werbos.volume, werbos.number, werbos.pages], ["78", "10", "1550\u{2013}1560"])
        XCTAssertEqual(werbos.publisher, [])
        XCTAssertNil(werbos.url)
        XCTAssertNil(werbos.doi)
        XCTAssertNil(werbos.link)
    }

    func testAccentedAuthorsDoiAndLink() throws {
        let lstm = try XCTUnwrap(loadRefs()["hochreiter1997"])
        XCTAssertEqual(
            lstm.authors,
            [PersonName(first: "Sepp", last: "Hochreiter"), PersonName(first: "Jürgen", last: "Schmidhuber")])
        XCTAssertEqual(lstm.doi, "10.1162/neco.1997.9.8.1735")
        XCTAssertEqual(lstm.link, "https://doi.org/10.1162/neco.1997.9.8.1735")
        let elman = try XCTUnwrap(loadRefs()["elman1990"])
        XCTAssertEqual(elman.link, "https://doi.org/10.1016/0364-0213(90)90002-E")
    }

    func testProceedingsPaperWithSevenAuthorsAndAVonParticle() throws {
        let cho = try XCTUnwrap(loadRefs()["cho2014"])
        XCTAssertEqual(cho.type, "inproceedings")
        XCTAssertEqual(cho.authors.count, 7)
        XCTAssertEqual(cho.authors[1], PersonName(first: "Bart", von: "van", last: "Merriënboer"))
        XCTAssertEqual(cho.authors[2], PersonName(first: "Çağlar", last: "Gülçehre"))
        XCTAssertEqual(cho.authors[6], PersonName(first: "Yoshua", last: "Bengio"))
        XCTAssertEqual(
            cho.title.plainText,
            "Learning Phrase Representations using RNN Encoder\u{2013}Decoder for Statistical Machine Translation")
        XCTAssertEqual(
            cho.container.plainText,
            "Proceedings of the 2014 Conference on Empirical Methods in Natural Language Processing (EMNLP)")
        XCTAssertEqual(cho.publisher, [TextRun("Association for Computational Linguistics")])
        XCTAssertEqual(cho.note, [TextRun("arXiv:1406.1078")])
    }

    func testBlogPostHasAUrlAndHowPublished() throws {
        let karpathy = try XCTUnwrap(loadRefs()["karpathy2015"])
        XCTAssertEqual(karpathy.type, "misc")
        XCTAssertEqual(karpathy.container, [])
        XCTAssertEqual(karpathy.note, [TextRun("Blog post, 21 May 2015")])
        XCTAssertEqual(karpathy.url, "http://karpathy.github.io/2015/05/21/rnn-effectiveness/")
        XCTAssertEqual(karpathy.link, karpathy.url)
    }

    func testMacrosMonthsConcatenationAndQuotedValues() {
        let text = """
            @string{ieee = "Proc. IEEE"}
            @comment{ anything { nested } here }
            @preamble{ "\\newcommand{\\x}{y}" }
            @ARTICLE(k1,
              AUTHOR = "Werbos, Paul J.",
              title = "Back" # {propagation} # " through time",
              journal = ieee, year = 1990, month = oct,
              note = "a {"}quoted{"} brace")
            """
        let (bibliography, diagnostics) = Bibliography.parse(SourceFile(path: "m.bib", text: text))
        XCTAssertEqual(diagnostics.map(\.formatted), [])
        let entry = bibliography["k1"]
        XCTAssertEqual(entry?.title.plainText, "Backpropagation through time")
        XCTAssertEqual(entry?.container.plainText, "Proc. IEEE")
        XCTAssertEqual(entry?.year, "1990")
        XCTAssertEqual(entry?.note.plainText, "a \"quoted\" brace")
        XCTAssertEqual(entry?.location, SourceLocation(line: 4, column: 1))
    }
}
