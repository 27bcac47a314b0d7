import Foundation
import XCTest

@testable import Workbook

/// What the handouts show without being asked: whole numbers as integers, a gradient check's summary and its
/// worst entries, a line plot's steps labelled by their tokens.
final class DefaultDisplayTests: XCTestCase {
    func markdown(_ lesson: String) throws -> String {
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        return try XCTUnwrap(product.markdown)
    }

    func testOrdersAndCountsPrintAsIntegers() throws {
        let text = try markdown(
            """
            ```rnn corpus
            name: tiny
            sentences: [the cat sat, the dog sat, the cat ran, a dog ran]
            heldout: 0.25
            ```

            ```rnn ngram
            corpus: tiny
            orders: [1, 2]
            smoothing: add-k
            k: 0.5
            ```

            ```rnn table
            columns:
              n: tiny.ngram.orders
              stored: tiny.ngram.stored
              perplexity: tiny.ngram.perplexity
              formatted: {value: tiny.ngram.orders, format: .2f}
            ```

            """)
        // |V| = 7 (the, cat, sat, dog, ran, <EOS>, <UNK>): 7 and 49 n-grams possible, 7^6 = 117649 for T = 5.
        XCTAssertTrue(text.contains("| 1-gram | 6 | 6 | 7 |"), text)
        XCTAssertTrue(text.contains("| 2-gram | 8 | 14 | 49 |"), text)
        XCTAssertTrue(text.contains("| 5 | 117649 |"), text)
        XCTAssertTrue(text.contains("| 10 | 1.98e+09 |"), text)
        XCTAssertTrue(text.contains("| 1 | 6 | 11.0034 | 1.00 |"), text)
        XCTAssertTrue(text.contains("| 2 | 14 | 7.0405 | 2.00 |"), text)
    }

    func testAGradientCheckShowsItsSummaryAndItsWorstEntriesAndEveryEntryOnRequest() throws {
        let check = helloModel + "```rnn gradcheck\nmodel: hello\nsequence: hello\n```\n"
        let worst = try markdown(check)
        let every = try markdown(check.replacingOccurrences(of: "hello\n```\n", with: "hello\nshow: entries\n```\n"))
        func entries(_ text: String) -> [(String, Double)] {
            text.split(separator: "\n").filter { $0.hasPrefix("| $\\mathbf{") && $0.contains("]$ | ") }.map { line in
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                return (cells[0], Double(cells[3])!)
            }
        }
        let all = entries(every)
        XCTAssertEqual(all.count, 12 + 9 + 3 + 12 + 4, "every entry of W_e, W_h, b1, U, b2")
        XCTAssertTrue(every.contains("| $\\mathbf{b}_1[2]$ |"), "a bias entry has one index")
        XCTAssertTrue(
            worst.contains(
                "The 5 entries with the largest relative error, of 40 (indices from 1; 'show: entries' lists every one)"
            ),
            worst)
        let shown = entries(worst)
        XCTAssertEqual(shown.count, 5)
        let largest = all.map(\.1).sorted(by: >).prefix(5)
        XCTAssertEqual(shown.map(\.1), Array(largest))
        let summary = try markdown(check.replacingOccurrences(of: "hello\n```\n", with: "hello\nshow: summary\n```\n"))
        XCTAssertTrue(entries(summary).isEmpty)
        XCTAssertTrue(summary.contains("| $\\mathbf{W}_h$ | 9 |"), summary)
    }

    func testALinePlotLabelsItsStepsWithTheTokens() throws {
        let lesson =
            helloModelOnHell + """
                ```rnn plot
                title: P(o) at each step
                series:
                  P(o): hello.forward.yhat[:, "o"]
                xticks: hello.forward.tokens
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let text = try XCTUnwrap(product.markdown)
        // The tokens stand under the ticks of steps 1 to 4 (the fourth at the end of the 60 columns).
        XCTAssertTrue(
            text.contains("\n      h                   e                  l                   l\nlegend: * P(o)"), text)
        let svg = try XCTUnwrap(product.html)
        for token in ["h", "e", "l"] { XCTAssertTrue(svg.contains(">\(token)</text>"), token) }
        XCTAssertEqual(
            headlines(lesson.replacingOccurrences(of: "xticks: hello.forward.tokens", with: "xticks: [h, e, l]")),
            ["Lessons/test.md:16:9: error: 'xticks' has 3 tokens but the longest line has 4 steps; give one per step"])
    }
}
