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

    /// The words as the character-at-a-time split made them: white space (any of Unicode's) outside braces.
    func testWordsSplitAtWhiteSpaceOutsideBracesAsBefore() {
        func reference(_ text: String) -> [String] {
            var (words, word, depth) = ([String](), "", 0)
            for c in text.unicodeScalars {
                if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1) }
                if depth == 0 && c.properties.isWhitespace {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else {
                    word.unicodeScalars.append(c)
                }
            }
            if !word.isEmpty { words.append(word) }
            return words
        }
        let alphabet: [Unicode.Scalar] = [
            "a", "B", "{", "}", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{A0}", "\u{2003}",
            "\u{3000}", ",", "\u{E9}", "\u{1F600}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...30, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            XCTAssertEqual(BibTeXNames.words(text), reference(text), text.debugDescription)
        }
        XCTAssertEqual(BibTeXNames.words(" {Barnes and Noble}  Inc.\u{A0}x "), ["{Barnes and Noble}", "Inc.", "x"])
        // A word's case: its first letter's, ASCII written out, others by Unicode, as before.
        func referenceCase(_ word: String) -> Bool {
            let s = Array(word.unicodeScalars)
            for (i, c) in s.enumerated() {
                if c == "{" { return BibTeXNames.groupIsLowerCase(s, from: i + 1) }
                if c.properties.isAlphabetic { return c.properties.isLowercase }
            }
            return false
        }
        let letters: [Unicode.Scalar] = ["a", "Z", "-", "1", ".", "\u{E9}", "\u{C9}", "\u{3B1}", "{", "\\", "\"", "o"]
        for _ in 0..<3000 {
            var word = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                word.unicodeScalars.append(letters.randomElement(using: &generator)!)
            }
            XCTAssertEqual(BibTeXNames.isLowerCase(word), referenceCase(word), word)
        }
    }
}
