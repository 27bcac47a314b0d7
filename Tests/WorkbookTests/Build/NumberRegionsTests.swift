import Foundation
import RNN
import XCTest

@testable import Workbook

/// The leak guard reads numbers only in the regions of a text that can hold one (`LeakGuard.numberRegions`), and
/// finds exactly the numbers the pattern finds over the whole text.
final class NumberRegionsTests: XCTestCase {
    func regions(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            LeakGuard.numberRegions(bytes).map {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self)
            }
        }
    }

    func testWordsAreLeftOutAndNumbersKeptWithWhatCanJoinThem() {
        XCTAssertEqual(regions("the loss is 0.347 (after 12 steps) and \"falls\""), ["0.347 ", "12 "])
        XCTAssertEqual(regions("J = 1.2 \\times 10^{-5}, then"), ["1.2 \\times 10^{-5},"])
        XCTAssertEqual(regions("x_0.5 and W2"), ["x_0.5 ", "W2"])
        XCTAssertEqual(regions("no digits at all"), [])
    }

    /// Random texts over the characters that decide where a number starts and ends: digits, signs, points,
    /// exponents, TeX's `\times 10^{…}`, separators, white space and CR LF, letters, a combining accent, an
    /// Arabic-Indic digit, a prepended character that is a letter (U+0D4E) and one that is not (U+0600).
    func testTheNumbersAreThePatternsOverTheWholeTextOnRandomTexts() {
        let pieces = [
            "0", "1", "5", "9", ".", "-", "+", "e", "E", "x", "_", " ", "  ", "\t", "\n", "\r\n", "\r", ",", "\"", "<",
            ">", "(", "/", ":", "=", "[", "\\times 10^{", "\\", "}", "{", "^", "3\u{301}", "\u{301}", "\u{663}", "é",
            "\u{D4E}", "\u{600}", "\u{A0}",
        ]
        var generator = MT19937(seed: 7)
        func below(_ n: Int) -> Int { Int(generator.nextUInt32() % UInt32(n)) }
        for _ in 0..<3000 {
            let text = (0..<below(60)).map { _ in pieces[below(pieces.count)] }.joined()
            XCTAssertEqual(
                LeakGuard.numbers(in: text), LeakGuard.numbersByPattern(in: text), text.debugDescription)
        }
    }

    /// The shipped course's search index and the page of its exercises' lesson, as the build wrote them.
    func testTheNumbersAreThePatternsInTheShippedOutput() throws {
        let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Output")
        for name in ["search-index.js", "17-exercises.html", "17-exercises.md", "index.html"] {
            let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            let found = LeakGuard.numbers(in: text)
            XCTAssertGreaterThan(found.count, 50, name)
            XCTAssertEqual(found, LeakGuard.numbersByPattern(in: text), name)
        }
    }
}
