import RNN
import XCTest

@testable import Workbook

/// `PageNumbers` answers as reading every number of every page would (`LeakGuard.numbers`), and reads a page
/// only when the number stands in it where a number could end.
final class PageNumbersTests: XCTestCase {
    func lesson(_ slug: String, html: String, markdown: String = "") -> LessonProduct {
        LessonProduct(
            path: "Lessons/\(slug).md", slug: slug, title: slug, html: html, markdown: markdown, diagnostics: [])
    }

    /// The answer of reading every page whole, as the leak guard did.
    func eager(_ lessons: [LessonProduct]) -> Set<String> {
        Set(lessons.flatMap { LeakGuard.numbers(in: ($0.html ?? "") + "\n" + ($0.markdown ?? "")).map(\.text) })
    }

    func testAPageHoldingTheTextOnlyInsideLongerNumbersIsNotRead() {
        let weights = (0..<2000).map { "0.1235\($0 % 10)\($0)" }.joined(separator: ",")
        let lessons = [
            lesson("01-a", html: "<script>[\(weights)]</script>"), lesson("02-b", html: "<p>J = 0.1235</p>"),
        ]
        let pages = PageNumbers(lessons)
        XCTAssertTrue(pages.contains("0.1235"))
        XCTAssertEqual(pages.read.keys.sorted(), [1], "only the page where 0.1235 can end a number is read")
        XCTAssertFalse(pages.contains("0.4321"))
        XCTAssertEqual(pages.read.keys.sorted(), [1])
    }

    /// Where the text could end a number but does not (a letter before it, a decimal point before it), the page
    /// is read and the text is not one of its numbers; in the Markdown, after the page, it is.
    func testATextWhereANumberCouldEndIsDecidedByReadingThePage() {
        let lessons = [lesson("01-a", html: "<p>W0.1235, 1.0.1235 and x_0.1235</p>", markdown: "as in the text")]
        XCTAssertEqual(eager(lessons).contains("0.1235"), false)
        let pages = PageNumbers(lessons)
        XCTAssertFalse(pages.contains("0.1235"))
        XCTAssertEqual(pages.read.keys.sorted(), [0])
        let withMarkdown = [lesson("01-a", html: "<p>W0.1235</p>", markdown: "J = 0.1235")]
        XCTAssertTrue(PageNumbers(withMarkdown).contains("0.1235"))
    }

    /// Random pages over the characters that decide where a number starts and ends (digits, signs, exponents,
    /// TeX's `\times 10^{…}`, letters, a combining accent, an Arabic-Indic digit, line breaks): every number
    /// they write, every piece of one, and every short piece of the text gets the eager reading's answer.
    func testEveryAnswerIsTheEagerReadingsOnRandomPages() {
        let pieces = [
            "0", "1", "2", "5", "9", ".", "-", "e", "E", "+", "x", "_", " ", "\n", "\r\n", ",", "\\times 10^{", "}",
            "3\u{301}", "\u{301}", "\u{663}", "é", "<p>", "\"",
        ]
        var generator = MT19937(seed: 12)
        func below(_ n: Int) -> Int { Int(generator.nextUInt32() % UInt32(n)) }
        for _ in 0..<300 {
            let texts = (0..<3).map { _ in
                (0..<below(41)).map { _ in pieces[below(pieces.count)] }
                    .joined()
            }
            let lessons = [lesson("01-a", html: texts[0], markdown: texts[1]), lesson("02-b", html: texts[2])]
            let expected = eager(lessons)
            var asked = Set(expected)
            for number in expected { asked.formUnion((1..<number.count).map { String(number.dropFirst($0)) }) }
            for text in texts {
                let characters = Array(text)
                for start in characters.indices {
                    for length in 1...min(8, characters.count - start) {
                        asked.insert(String(characters[start..<start + length]))
                    }
                }
            }
            let pages = PageNumbers(lessons)
            for text in asked.sorted() {
                XCTAssertEqual(pages.contains(text), expected.contains(text), "\(text.debugDescription) in \(texts)")
            }
        }
    }
}
