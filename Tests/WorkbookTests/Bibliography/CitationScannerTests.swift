import XCTest

@testable import Workbook

/// Columns are offsets in Unicode scalars from the run's start, counted by hand.
final class CitationScannerTests: XCTestCase {
    func testBracketedCitation() {
        XCTAssertEqual(
            CitationScanner.scan("[@werbos1990]"),
            [
                CitationSpan(
                    form: .parenthetical, citations: [Citation(key: "werbos1990", columns: 1..<12)], columns: 0..<13)
            ])
    }

    func testBracketedCitationWithALocator() {
        XCTAssertEqual(
            CitationScanner.scan("[@werbos1990, p. 3]"),
            [
                CitationSpan(
                    form: .parenthetical, citations: [Citation(key: "werbos1990", locator: "p. 3", columns: 1..<12)],
                    columns: 0..<19)
            ])
    }

    func testGroupWithPrefixAndSeveralKeys() {
        XCTAssertEqual(
            CitationScanner.scan("As [see @a; @b, ch. 2]."),
            [
                CitationSpan(
                    form: .parenthetical,
                    citations: [
                        Citation(key: "a", prefix: "see", columns: 8..<10),
                        Citation(key: "b", locator: "ch. 2", columns: 12..<14),
                    ],
                    columns: 3..<22)
            ])
    }

    func testNarrativeCitationEndsBeforeTrailingPunctuation() {
        XCTAssertEqual(
            CitationScanner.scan("@werbos1990 shows; see @elman1990."),
            [
                CitationSpan(
                    form: .narrative, citations: [Citation(key: "werbos1990", columns: 0..<11)], columns: 0..<11),
                CitationSpan(
                    form: .narrative, citations: [Citation(key: "elman1990", columns: 23..<33)], columns: 23..<33),
            ])
    }

    func testNarrativeCitationWithABracketedLocator() {
        XCTAssertEqual(
            CitationScanner.scan("@werbos1990 [p. 3] shows"),
            [
                CitationSpan(
                    form: .narrative, citations: [Citation(key: "werbos1990", locator: "p. 3", columns: 0..<11)],
                    columns: 0..<18)
            ])
    }

    func testSuppressedAuthor() {
        XCTAssertEqual(
            CitationScanner.scan("Elman [-@elman1990]"),
            [
                CitationSpan(
                    form: .parenthetical,
                    citations: [Citation(key: "elman1990", suppressAuthor: true, columns: 8..<18)], columns: 6..<19)
            ])
    }

    func testEmailAddressesCrossReferencesEscapesAndLinksAreNotCitations() {
        XCTAssertEqual(CitationScanner.scan("write to a@b.com or x.y@werbos1990.org"), [])
        XCTAssertEqual(CitationScanner.scan("see @eq-loss, @fig-net, @tbl-grads and @sec-bptt"), [])
        XCTAssertEqual(CitationScanner.scan("[@fig-net] and [see @eq-loss; @sec-bptt]"), [])
        XCTAssertEqual(CitationScanner.scan(#"\@werbos1990"#), [])
        XCTAssertEqual(CitationScanner.scan(#"\[@x]"#).map(\.form), [.narrative])
        XCTAssertEqual(CitationScanner.scan("[@a](https://x.org) and [@b][ref]").map(\.form), [.narrative, .narrative])
    }

    func testAGroupWithACrossReferenceOrTwoKeysInOneItemIsNotAGroup() {
        let spans = CitationScanner.scan("[@a @b]")
        XCTAssertEqual(spans.map(\.form), [.narrative, .narrative])
        XCTAssertEqual(spans.map(\.columns), [1..<3, 4..<6])
    }

    func testColumnsCountUnicodeScalars() {
        XCTAssertEqual(CitationScanner.scan("Ünïcödé @cho2014").first?.citations.first?.columns, 8..<16)
    }

    func testUnknownKeyIsAnErrorAtItsColumn() {
        let bibliography = Bibliography(path: "refs.bib", entries: [])
        let file = SourceFile(path: "Lessons/07.md", text: "# T\n\nBPTT [see @werbos1990].\n")
        let run = "BPTT [see @werbos1990]."
        let diagnostics = bibliography.diagnostics(
            for: CitationScanner.scan(run), inRun: run, at: SourceLocation(line: 3, column: 1), in: file)
        XCTAssertEqual(
            diagnostics.map(\.formatted),
            [
                """
                Lessons/07.md:3:11: error: unknown citation key 'werbos1990': refs.bib has no such entry
                 3 | BPTT [see @werbos1990].
                   |           ^
                """
            ])
    }

    /// The example in docs/lesson-format.md, "Writing a citation".
    func testTheDocumentedUnknownKeyError() throws {
        let (refs, _) = Bibliography.load(path: BibliographyTests.refsPath)
        let bibliography = Bibliography(path: "Lessons/refs.bib", entries: refs.entries)
        let run = "BPTT is old [see @werbos199]."
        let file = SourceFile(
            path: "Lessons/07-vanishing-gradients.md", text: String(repeating: "\n", count: 11) + run + "\n")
        XCTAssertEqual(
            bibliography.diagnostics(
                for: CitationScanner.scan(run), inRun: run, at: SourceLocation(line: 12, column: 1), in: file
            ).map(\.formatted),
            [
                """
                Lessons/07-vanishing-gradients.md:12:18: error: unknown citation key 'werbos199': Lessons/refs.bib \
                has no such entry (did you mean 'werbos1990'?)
                 12 | BPTT is old [see @werbos199].
                    |                  ^
                """
            ])
    }
}
