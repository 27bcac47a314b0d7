import Foundation
import XCTest

@testable import Workbook

/// A corpus or data set file is read as Python's text mode reads it (universal newlines): the same text saved with
/// Windows' CRLF or old Mac CR line endings has the tokens of the one saved with LF, as min-char-rnn's
/// `open(...).read()` gives "\n" for each.
final class LineEndingTests: XCTestCase {
    func corpus(_ file: String, split: String) -> String {
        "```rnn corpus\nname: c\nfile: \(file)\ntokens: characters\nsplit: \(split)\n```\n"
    }

    func testACorpusSavedWithCRLFOrCRHasTheTokensOfTheSameTextWithLF() throws {
        let lines = ["the cat sat", "a dog ran", ""]
        for split in ["none", "lines"] {
            var results: [([String], [Double])] = []
            for ending in ["\n", "\r\n", "\r"] {
                let text = lines.joined(separator: ending)
                let (namespace, headlines) = try executeLesson(
                    corpus("c.txt", split: split), files: ["c.txt": Data(text.utf8)])
                XCTAssertEqual(headlines, [], "\(split) \(ending.debugDescription)")
                let vocabulary = try tokens("c.vocabulary", in: namespace)
                XCTAssertFalse(vocabulary.contains { $0.unicodeScalars.contains("\r") }, "\(vocabulary)")
                results.append((vocabulary, try numbers("[c.sentences, c.tokens]", in: namespace)))
            }
            XCTAssertEqual(results[1].0, results[0].0, split)
            XCTAssertEqual(results[2].0, results[0].0, split)
            XCTAssertEqual(results[1].1, results[0].1, split)
            XCTAssertEqual(results[2].1, results[0].1, split)
        }
        // Read whole, the LF is a token of the text (21 characters and its <EOS>).
        let (namespace, _) = try executeLesson(
            corpus("c.txt", split: "none"), files: ["c.txt": Data("the cat sat\r\na dog ran".utf8)])
        XCTAssertTrue(try tokens("c.vocabulary", in: namespace).contains("\n"))
        XCTAssertEqual(try numbers("c.tokens", in: namespace), [21])
    }

    func testUniversalNewlinesTurnsEveryLineEndingIntoLF() {
        let read = { (s: String) in String(decoding: ExecutionContext.universalNewlines(Data(s.utf8)), as: UTF8.self) }
        XCTAssertEqual(read("a\r\nb\rc\nd\r\r\n\r"), "a\nb\nc\nd\n\n\n")
        XCTAssertEqual(read("é\r\n👍🏽"), "é\n👍🏽")
        XCTAssertEqual(read(""), "")
    }
}
