import Foundation
import RNN
import XCTest

@testable import Workbook

/// The page's tokens (`assets/live.js`'s `tokenize` and `steps`, run in node) against the native engine's
/// (`Corpus.Tokenization`, `Vocabulary.indexOrUnknown`): the same characters (grapheme clusters), the same
/// words, the same indices (`<UNK>` for an unknown token when the vocabulary has it), and a refusal where the
/// native engine refuses.
final class LiveTokenTests: XCTestCase {
    /// For each case, the page's tokens and the steps' inputs and targets, or the message it refuses with.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const out = JSON.parse(fs.readFileSync(path.join(folder, "cases.json"), "utf8")).map(c => {
          const m = {name: "m", characters: c.characters, sources: c.vocabulary, targets: c.vocabulary};
          const tokens = live.tokenize(c.text, m);
          try {
            const st = live.steps(c.text, {model: m, teacher: c.teacher, zeroFirst: false});
            return {tokens: tokens, inputs: st.inputs, targets: st.targets, error: ""};
          } catch (e) { return {tokens: tokens, inputs: [], targets: [], error: e.message}; }
        });
        process.stdout.write(JSON.stringify(out));
        """#

    struct Case: Codable {
        let text: String
        let characters: Bool
        let vocabulary: [String]
        let teacher: Bool
    }

    struct Page: Codable {
        let tokens: [String]
        let inputs: [Int]
        let targets: [Int]
        let error: String
    }

    func runInNode(_ cases: [Case]) throws -> [Page] {
        let output = try Self.runPage(Self.driver, files: ["cases.json": JSONEncoder().encode(cases)])
        return try JSONDecoder().decode([Page].self, from: output)
    }

    /// Runs `driver` in node with its folder (and `arguments`) as arguments; the folder holds the page's
    /// `live.js`, `files`, and the module (`rnn-live.wasm`) when `module`.
    static func runPage(_ driver: String, files: [String: Data], module: Bool = false, arguments: [String] = [])
        throws -> Data
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-page-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var all = files.merging(["live.js": Data(LiveAssets.script.utf8), "driver.js": Data(driver.utf8)]) { a, _ in a }
        if module { all["rnn-live.wasm"] = Data(try LiveFigureTests.environment.liveModule().get()) }
        for (name, data) in all { try data.write(to: folder.appendingPathComponent(name)) }
        return try LiveFigureTests.node([folder.appendingPathComponent("driver.js").path, folder.path] + arguments)
    }

    /// A token's scalars: Swift's `==` on strings is canonical equivalence, which would hide e + U+0301 against é.
    func scalars(_ tokens: [String]) -> [[UInt32]] { tokens.map { $0.unicodeScalars.map(\.value) } }

    /// Characters are grapheme clusters as Swift's (an emoji with a skin tone, a flag, a family, e + U+0301,
    /// \r\n, Hangul jamo, a Devanagari conjunct); words split where Swift's `Character.isWhitespace` is true
    /// (U+0085 splits, U+FEFF does not); é typed as e + U+0301 is the vocabulary's é; an unknown word is
    /// `<UNK>` when the vocabulary has it.
    func testThePageSplitsAndLooksUpTokensAsTheNativeEngine() throws {
        let emoji = ["a", "b", "👍🏽", "\u{E9}", "\r\n", "🇫🇷", "👨‍👩‍👧", "\u{1100}\u{1161}\u{11A8}", "क्षि", " "]
        let words = ["the", "cat", "sat", "ran\u{FEFF}x", "<EOS>", "<UNK>"]
        let cases = [
            Case(text: "a👍🏽be\u{301}\r\nb🇫🇷 👨‍👩‍👧\u{1100}\u{1161}\u{11A8}क्षि", characters: true, vocabulary: emoji, teacher: false),
            Case(text: " the dog  sat\u{85}ran\u{FEFF}x\r\ncat ", characters: false, vocabulary: words, teacher: false),
        ]
        let pages = try runInNode(cases)
        for (c, page) in zip(cases, pages) {
            let tokenization: Corpus.Tokenization = c.characters ? .characters : .words
            let native = tokenization.tokens(of: c.text)
            XCTAssertEqual(scalars(page.tokens), scalars(native))
            let vocabulary = try Vocabulary(tokens: c.vocabulary)
            let indices = native.map { vocabulary.indexOrUnknown(of: $0)! }
            XCTAssertEqual(page.error, "")
            XCTAssertEqual(page.inputs, indices)
            XCTAssertEqual(page.targets, Array(indices.dropFirst()) + [-1])
        }
        XCTAssertEqual(pages[1].inputs, [0, 5, 2, 3, 1])
    }

    /// A token the vocabulary lacks (no `<UNK>`) is refused wherever it stands, also as the last token of a
    /// `sequence` (teacher forcing: a target only), as the native engine refuses `sequence: hellx`.
    func testAnUnknownLastTokenIsRefusedAsNatively() throws {
        let hello = ["h", "e", "l", "o"]
        let pages = try runInNode([
            Case(text: "hellx", characters: true, vocabulary: hello, teacher: true),
            Case(text: "hellx", characters: true, vocabulary: hello, teacher: false),
        ])
        let message = "'x' is not in the vocabulary of m: h e l o"
        XCTAssertEqual(pages.map(\.error), [message, message])
        XCTAssertNil(try Vocabulary(tokens: hello).indexOrUnknown(of: "x"))
    }
}
