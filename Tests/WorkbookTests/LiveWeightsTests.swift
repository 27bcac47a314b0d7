import Foundation
import RNN
import XCTest

@testable import Workbook

/// A page carries each distinct set of its live figures' weights once (a `.wb-live-weights` block named by the
/// SHA-256 of its base64), and each figure's data names the set it runs: figures of one model at one point of the
/// lesson share a block, a figure after a `train` has its own. The page's script (`pageWeights`, `prepare`), run
/// in node over the page's blocks, gives every figure the weights the engine had where the figure stands, bit for
/// bit: those a `save` beside it wrote.
final class LiveWeightsTests: XCTestCase {
    /// The notes' model `hello`: its weights saved, a live forward pass and a live highlight, `between`, a live
    /// forward pass, its weights saved again.
    func lesson(between: String) -> String {
        helloOnWordCorpus + """
            ```rnn save
            model: hello
            file: before.npz
            ```

            ```rnn forward
            model: hello
            input: hel
            live: true
            ```

            ```rnn highlight
            model: hello
            sequence: ello
            value: loss
            live: true
            ```

            \(between)```rnn forward
            model: hello
            input: ell
            id: again
            live: true
            ```

            ```rnn save
            model: hello
            file: after.npz
            ```

            """
    }

    /// The bit patterns of the weights a `save` wrote, in the order a live figure's model carries them (the
    /// notes' model: W_e, W_h, b1, then U and b2).
    func saved(_ name: String, _ product: LessonProduct) throws -> [UInt64] {
        let arrays = try NumpyArchive.read([UInt8](try XCTUnwrap(product.attachments[name])))
        XCTAssertEqual(arrays.keys.sorted(), ["U", "W_e", "W_h", "b1", "b2"])
        return try ["W_e", "W_h", "b1", "U", "b2"].flatMap { try XCTUnwrap(arrays[$0]).values.map(\.bitPattern) }
    }

    /// For each figure of the page, in page order: its weights as the page's script gives them to the engine (bit
    /// patterns), and the first figure that runs the same decoded array.
    func weightsInNode(_ html: String) throws -> (bits: [[UInt64]], sharedWith: [Int]) {
        let data = html.components(separatedBy: "class=\"wb-live-data\">").dropFirst().map {
            $0.components(separatedBy: "</script>")[0]
        }
        let driver = #"""
            const fs = require("fs"), path = require("path");
            const [folder] = process.argv.slice(2);
            const live = require(path.join(folder, "live.js"));
            const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
            const values = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => live.prepare(s, weights).model.weightValues);
            process.stdout.write(JSON.stringify({
              bits: values.map(v => Array.from(new BigUint64Array(v.buffer, v.byteOffset, v.length), String)),
              sharedWith: values.map(v => values.indexOf(v)),
            }));
            """#
        let output = try LiveTokenTests.runPage(
            driver,
            files: [
                "figures.json": Data(("[" + data.joined(separator: ",") + "]").utf8),
                "weights.json": LivePage.weights(html),
            ])
        struct Run: Decodable {
            let bits: [[String]]
            let sharedWith: [Int]
        }
        let run = try JSONDecoder().decode(Run.self, from: output)
        return (try run.bits.map { try $0.map { try XCTUnwrap(UInt64($0)) } }, run.sharedWith)
    }

    /// Each block's text occurs once in the page, and its name is the SHA-256 of its base64.
    func assertCarriedOnce(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for (digest, text) in LivePage.weightBlocks(html) {
            XCTAssertEqual(html.components(separatedBy: text.dropFirst().dropLast()).count, 2, file: file, line: line)
            XCTAssertEqual(
                BuildCache.digest(Data(text.dropFirst().dropLast().utf8)), digest, file: file, line: line)
        }
    }

    func testFiguresOfOneModelAtOnePointShareOneSetOfWeights() throws {
        let product = buildLesson(lesson(between: ""))
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(product.html)
        XCTAssertEqual(html.components(separatedBy: "class=\"wb-live-data\">").count, 4)
        XCTAssertEqual(LivePage.weightBlocks(html).count, 1)
        assertCarriedOnce(html)
        let weights = try saved("before.npz", product)
        XCTAssertEqual(weights.count, 3 * 4 + 3 * 3 + 3 + 4 * 3 + 4, "W_e, W_h, b1, U, b2 over h, e, l, o and H = 3")
        XCTAssertEqual(try saved("after.npz", product), weights)
        let (bits, sharedWith) = try weightsInNode(html)
        XCTAssertEqual(bits, [weights, weights, weights])
        XCTAssertEqual(sharedWith, [0, 0, 0], "decoded once, for the three figures")
        // The slide deck, which shows the figures too, carries the same set once.
        let slides = try XCTUnwrap(buildLesson("---\nslides: true\n---\n" + lesson(between: "")).slides)
        XCTAssertEqual(LivePage.weightBlocks(slides).map(\.digest), LivePage.weightBlocks(html).map(\.digest))
        assertCarriedOnce(slides)
    }

    /// Figures of one model before and after a `train` each run the weights of their point of the lesson; the
    /// student edition's leak guard reads each figure's set, and the page carries no other.
    func testATrainBetweenFiguresGivesEachPointItsOwnWeights() throws {
        let product = buildLesson(lesson(between: helloTraining))
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(product.html)
        let blocks = LivePage.weightBlocks(html)
        XCTAssertEqual(blocks.count, 2)
        assertCarriedOnce(html)
        let (before, after) = (try saved("before.npz", product), try saved("after.npz", product))
        XCTAssertNotEqual(before, after, "50 updates change the weights")
        let (bits, sharedWith) = try weightsInNode(html)
        XCTAssertEqual(bits, [before, before, after])
        XCTAssertEqual(sharedWith, [0, 0, 2])

        let student = LiveFigureTests.build(lesson(between: helloTraining), edition: .student)
        XCTAssertEqual(student.diagnostics.map(\.formatted), [])
        let fences = lesson(between: helloTraining).components(separatedBy: "\n").enumerated().filter {
            $0.element.hasPrefix("```rnn forward") || $0.element.hasPrefix("```rnn highlight")
        }
        XCTAssertEqual(student.live.map(\.line), fences.map { $0.offset + 1 })
        XCTAssertEqual(student.live.map(\.weights), [blocks[0].digest, blocks[0].digest, blocks[1].digest])
        XCTAssertEqual(LivePage.weightBlocks(try XCTUnwrap(student.html)).map(\.digest), blocks.map(\.digest))
    }
}
