import XCTest

@testable import Workbook

/// Heading anchors, GitHub's way: ASCII text takes a byte-wise path, other text a Unicode one; both follow the
/// same rules (lower case; letters, digits, `-`, `_` kept; a space, or a run of them, to `-`; spaces and tabs
/// at the ends trimmed; the rest dropped; `section` when nothing is left).
final class AnchorSlugTests: XCTestCase {
    func testRulesByHand() {
        XCTAssertEqual(Anchors.slug("Hello,  World!"), "hello-world")
        XCTAssertEqual(Anchors.slug(" \tA_b-C 9 \t"), "a_b-c-9")
        XCTAssertEqual(Anchors.slug("a \t b"), "a--b")
        XCTAssertEqual(Anchors.slug("x ! y"), "x--y")
        XCTAssertEqual(Anchors.slug("!!!"), "section")
        XCTAssertEqual(Anchors.slug(""), "section")
        XCTAssertEqual(Anchors.slug("Ünïcode  Héllo"), "ünïcode-héllo")
        XCTAssertEqual(Anchors.slug("\u{00A0}Straße\u{2003}"), "straße")
    }

    /// The ASCII path against the Unicode one: an ASCII text with a non-ASCII letter appended takes the
    /// Unicode path, and must give the ASCII path's slug followed by that letter.
    func testTheASCIIPathAgreesWithTheUnicodePath() {
        let texts = [
            "The loss", "Back-propagation through time (BPTT)", "x_t and h_{t-1}", "A  B\tC", "  leading",
            "Step 3: the gradient!", "UPPER lower 123", "a-b_c d", "tab\there", "q&a <b> \"quoted\"",
        ]
        for text in texts {
            let ascii = Anchors.slug(text)
            let unicode = Anchors.slug(text + "é")
            XCTAssertEqual(String(unicode.dropLast()), ascii, text)
            XCTAssertEqual(unicode.last, "é", text)
        }
        XCTAssertEqual(texts.count, 10)
    }
}
