import XCTest

@testable import Workbook

/// Each expected split is libbtparse's `bt_split_name` on the same name (Fixtures/bibtex/bt_split_names.c, its
/// output in bt_split_names.txt), with the LaTeX accents resolved by hand.
final class BibTeXNamesTests: XCTestCase {
    func name(_ field: String) -> PersonName? {
        let split = BibTeXNames.split(field)
        XCTAssertEqual(split.names.count, 1, field)
        return split.names.first
    }

    func testFirstVonLastAndVonLastFirstAgreeOnTheParticle() {
        let expected = PersonName(first: "Ludwig", von: "van", last: "Beethoven")
        XCTAssertEqual(name("Ludwig van Beethoven"), expected)
        XCTAssertEqual(name("van Beethoven, Ludwig"), expected)
        XCTAssertEqual(name("van Beethoven, Ludwig")?.citationName, "van Beethoven")
    }

    func testBracesKeepAParticleOutOfTheVonPart() {
        XCTAssertEqual(name("{von} Beethoven, Ludwig"), PersonName(first: "Ludwig", last: "von Beethoven"))
        XCTAssertEqual(name("Ludwig {von} Beethoven"), PersonName(first: "Ludwig von", last: "Beethoven"))
        XCTAssertEqual(name("Jean {de} la Fontaine"), PersonName(first: "Jean de", von: "la", last: "Fontaine"))
    }

    func testThreePartsWithJunior() {
        XCTAssertEqual(
            name("de la Fontaine, Jr., Jean"), PersonName(first: "Jean", von: "de la", last: "Fontaine", jr: "Jr."))
        XCTAssertEqual(name("de la Fontaine, Jr., Jean")?.invertedName, "de la Fontaine, Jean, Jr.")
        XCTAssertEqual(name("de la Fontaine, Jr., Jean")?.naturalName, "Jean de la Fontaine, Jr.")
    }

    func testAccentsInBracesAreLettersOfTheirWord() {
        XCTAssertEqual(name(#"J{\"o}rg M{\"u}ller"#), PersonName(first: "Jörg", last: "Müller"))
        XCTAssertEqual(name(#"{\"O}mer Faruk"#), PersonName(first: "Ömer", last: "Faruk"))
        XCTAssertEqual(
            name(#"G{\"u}l{\c{c}}ehre, {\c{C}}a{\u{g}}lar"#), PersonName(first: "Çağlar", last: "Gülçehre"))
        XCTAssertEqual(
            name(#"Charles Louis Xavier Joseph de la Vall{\'e}e Poussin"#),
            PersonName(first: "Charles Louis Xavier Joseph", von: "de la", last: "Vallée Poussin"))
    }

    func testAllLowerCaseNameIsVonAndLast() {
        XCTAssertEqual(name("jean de la fontaine"), PersonName(von: "jean de la", last: "fontaine"))
    }

    func testAndSplitsNamesOutsideBracesOnly() {
        let split = BibTeXNames.split("Hochreiter, Sepp and {Barnes and Noble} AND Werbos, Paul J.")
        XCTAssertEqual(
            split.names,
            [
                PersonName(first: "Sepp", last: "Hochreiter"), PersonName(last: "Barnes and Noble"),
                PersonName(first: "Paul J.", last: "Werbos"),
            ])
        XCTAssertFalse(split.others)
    }

    func testOthersMeansEtAl() {
        let split = BibTeXNames.split("Paul J. Werbos and others")
        XCTAssertEqual(split.names, [PersonName(first: "Paul J.", last: "Werbos")])
        XCTAssertTrue(split.others)
    }

    func testNamesThatCannotBeReadAreProblems() {
        let split = BibTeXNames.split("A, B, C, D and Elman, Jeffrey L. and , Nobody")
        XCTAssertEqual(split.names, [PersonName(first: "Jeffrey L.", last: "Elman")])
        XCTAssertEqual(split.problems, ["A, B, C, D", ", Nobody"])
    }
}
