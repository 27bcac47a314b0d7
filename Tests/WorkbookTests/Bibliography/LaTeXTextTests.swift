import XCTest

@testable import Workbook

final class LaTeXTextTests: XCTestCase {
    func testAccentsInEveryWrittenFormComposeToOneCharacter() {
        XCTAssertEqual(LaTeXText.plain(#"{\"o} \"{o} \"o"#), "ö ö ö")
        XCTAssertEqual(LaTeXText.plain(#"\'e \`a \^o \~n \=a \.z"#), "é à ô ñ ā ż")
        XCTAssertEqual(LaTeXText.plain(#"\v{c} \v c \u{g} \H{o} \c{c} \k{a} \r{a}"#), "č č ğ ő ç ą å")
        XCTAssertEqual(LaTeXText.plain(#"na\"{\i}ve"#), "naïve")
        XCTAssertEqual(Array(LaTeXText.plain(#"{\"o}"#).unicodeScalars), ["\u{00F6}"])
    }

    func testLettersEscapesDashesAndSpaces() {
        XCTAssertEqual(LaTeXText.plain(#"{\o}rsted {\AE}sop Stra{\ss}e {\l}{\'o}d{\'z}"#), "ørsted Æsop Straße łódź")
        XCTAssertEqual(LaTeXText.plain(#"R\&D 50\% \$5 a\_b"#), "R&D 50% $5 a_b")
        XCTAssertEqual(LaTeXText.plain("1550--1560 yes---no Fig.~3"), "1550\u{2013}1560 yes\u{2014}no Fig.\u{00A0}3")
        XCTAssertEqual(LaTeXText.plain("``quoted''"), "\u{201C}quoted\u{201D}")
    }

    func testBracesProtectCaseAndAreDropped() {
        XCTAssertEqual(
            LaTeXText.plain("Learning Phrase Representations using {RNN} Encoder"),
            "Learning Phrase Representations using RNN Encoder")
    }

    func testEmphasisCommandsMakeEmphasisedRuns() {
        XCTAssertEqual(
            LaTeXText.runs(#"On \emph{Hamlet} and {\em Lear}, \textbf{bold}"#),
            [
                TextRun("On "), TextRun("Hamlet", [.emphasis]), TextRun(" and "), TextRun("Lear", [.emphasis]),
                TextRun(", bold"),
            ])
    }

    func testDeepBracesAndUnknownCommandsAreHarmless() {
        let deep = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        XCTAssertEqual(LaTeXText.plain(deep), "x")
        XCTAssertEqual(LaTeXText.plain(#"\relax{a}\unknown b \"{}\\"#), "ab  ")
    }

    /// Plain ASCII is given back as it is without the scan (fields of names repeated by macros took seconds,
    /// a character at a time); the same runs as the scan gives, on random text of the characters it copies, and
    /// text with any character it changes still goes through it.
    func testPlainTextSkipsTheScanWithTheSameRuns() {
        var generator = SystemRandomNumberGenerator()
        let plain = Array("abcXYZ09 .,;:!?()[]<>=+*/&%#@|\t\n\r\"")
        for _ in 0..<2000 {
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in plain.randomElement()! })
            XCTAssertEqual(LaTeXText.runs(text), LaTeXText.scanned(text), text.debugDescription)
        }
        for special in ["{a}", "\\'e", "a~b", "$x$", "1--2", "``q''", "caf\u{E9}", "e\u{301}"] {
            XCTAssertEqual(LaTeXText.runs(special), LaTeXText.scanned(special), special)
        }
        XCTAssertEqual(LaTeXText.plain("e\u{301}"), "\u{E9}", "composed by the scan")
    }
}
