import Foundation
import XCTest

@testable import Workbook

/// Lists of text: `equals: [h, e, l, l, o]` is a list of tokens, compared token by token; `["a", "b"]` is one in
/// any expression; a table column may be one.
final class TokenListTests: XCTestCase {
    let lesson = helloModelOnHell

    func testAListOfWordsIsAListOfTokensComparedTokenByToken() throws {
        let check = """
            ```rnn check
            - value: hello.forward.tokens
              equals: [h, e, l, l]
            - value: hello.forward.tokens
              equals: ["h", 'e', l, "l"]
            - value: [hello.forward.tokens[1], "e"]
              equals: [h, e]
            - value: hello.vocabulary
              equals: [h, e, l, o]
            ```

            """
        let (namespace, headlines) = try executeLesson(lesson + check)
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try tokens(#"["<EOS>", "a b"]"#, in: namespace), ["<EOS>", "a b"])
    }

    func testTokensThatDifferAreAFailedCheckNamingTheFirstDifference() {
        let product = buildLesson(
            lesson + "```rnn check\n- value: hello.forward.tokens\n  equals: [h, e, l, o]\n```\n")
        XCTAssertEqual(
            product.diagnostics.map(\.formatted).first,
            """
            Lessons/test.md:13:10: error: check failed: hello.forward.tokens = ["h", "e", "l", "o"]
             13 | - value: hello.forward.tokens
                |          ^
              value:    hello.forward.tokens = [h, e, l, l]
              expected: ["h", "e", "l", "o"] = [h, e, l, o]
              token 4 is 'l' where 'o' is expected
            """)
        XCTAssertEqual(
            headlines(lesson + "```rnn check\n- value: hello.forward.tokens\n  equals: [h, e]\n```\n").first,
            #"Lessons/test.md:13:10: error: check failed: hello.forward.tokens = ["h", "e"]"#)
        XCTAssertEqual(
            headlines(lesson + "```rnn check\n- value: [\"a\", 1]\n  equals: 1\n```\n"),
            ["Lessons/test.md:13:10: error: the items of a [ … ] list must all be numbers or all be text"])
    }

    func testATableColumnMayBeAListOfWords() throws {
        let product = buildLesson(
            lesson + """
                ```rnn table
                columns:
                  read: [h, e, l, l]
                  next: hello.forward.predicted
                  n: [1, 2, 3, 4]
                ```

                """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown?.contains("| `h` | `") ?? false, product.markdown ?? "")
    }
}
