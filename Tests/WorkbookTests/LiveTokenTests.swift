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

/// What a live figure shows when the typed input is refused: the message, and the result shown before dimmed
/// (it is not the typed text's), until an input is accepted again. The page's own `setUpForward`,
/// `setUpHighlight` and `setUpDiagram` run in node on a small stand-in for the DOM.
final class LiveRefusalTests: XCTestCase {
    static let lesson = """
        ```rnn model
        name: hello
        vocabulary: [h, e, l, o]
        hidden: 3
        scale: 0.5
        seed: 7
        ```

        ```rnn forward
        model: hello
        input: hello
        show: [h, top]
        live: true
        ```

        ```rnn highlight
        model: hello
        sequence: hello
        value: probability
        live: true
        ```

        ```rnn diagram
        model: hello
        input: hell
        target: ello
        live: true
        ```

        """

    /// A stand-in for the few DOM calls the page's figures make (`El.find`: the first element of a tag).
    static let dom = #"""
        class El {
          constructor(tag) {
            const classes = new Set();
            Object.assign(this, {tag, children: [], dataset: {}, style: {}, listeners: {}, textContent: "", className: ""});
            this.classList = {add: c => classes.add(c), toggle: (c, on) => on ? classes.add(c) : classes.delete(c), contains: c => classes.has(c)};
          }
          appendChild(c) { this.children.push(c); return c; }
          append(...c) { this.children.push(...c); }
          replaceChildren(...c) { this.children = c; }
          setAttribute(k, v) { this[k] = v; }
          addEventListener(type, f) { this.listeners[type] = f; }
          dispatchEvent(e) { if (this.listeners[e.type]) { this.listeners[e.type](e); } }
          set innerHTML(html) { this.children = [new El("svg")]; }
          get firstElementChild() { return this.children[0]; }
          all(tag) { return (this.tag === tag ? [this] : []).concat(...this.children.map(c => c.all ? c.all(tag) : [])); }
          find(tag) { return this.tag === tag ? this : this.children.map(c => c.find ? c.find(tag) : null).find(c => c) || null; }
        }
        global.document = {createElement: tag => new El(tag), dispatchEvent() {}, addEventListener() {}};
        global.Event = class { constructor(type) { this.type = type; } };
        """#

    /// For each figure: after typing each text, the message and whether the output is dimmed.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, ...texts] = process.argv.slice(2);
        """# + "\n" + dom + "\n" + #"""
        const live = require(path.join(folder, "live.js"));
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map((s, n) => {
          const m = s.model, figure = new El("div");
          m.weightValues = live.doubles(m.weights); m.h0Values = live.doubles(m.h0); m.c0Values = live.doubles(m.c0);
          const setUp = {forward: live.setUpForward, highlight: live.setUpHighlight, diagram: live.setUpDiagram}[s.kind];
          setUp(figure, s, new live.Engine(new WebAssembly.Instance(wasm, {}).exports), "id" + n);
          const input = figure.find("input"), message = figure.find("span"), shown = figure.children[1];
          return texts.map(text => {
            input.value = text; input.listeners.input();
            return message.textContent + (shown.classList.contains("wb-live-stale") ? " (dimmed)" : "");
          });
        });
        process.stdout.write(JSON.stringify(out));
        """#

    func testARefusedInputSaysWhyAndDimsThePreviousResult() throws {
        let page = LiveFigureTests.build(Self.lesson)
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(page.html)
        let data = html.components(separatedBy: "class=\"wb-live-data\">").dropFirst().map {
            $0.components(separatedBy: "</script>")[0]
        }
        XCTAssertEqual(data.count, 3)
        let output = try LiveTokenTests.runPage(
            Self.driver, files: ["figures.json": Data(("[" + data.joined(separator: ",") + "]").utf8)], module: true,
            arguments: ["hellx", "hell"])
        let refused = "'x' is not in the vocabulary of hello: h e l o (dimmed)"
        XCTAssertEqual(try JSONDecoder().decode([[String]].self, from: output), Array(repeating: [refused, ""], count: 3))
    }

    /// A live forward's tables show what the static figure shows, column by column: the top table's tokens
    /// (a space as ␣), and the loss per step, which the static figure lacks, at the `loss` directive's digits
    /// rather than as a percentage (`format: .2%` gave J(t) = 167.38%).
    func testALiveForwardsTablesShowTokensAndLossesAsTheStaticFigures() throws {
        let lesson = """
            ```rnn model
            name: g
            characters: "ab c"
            cell: gru
            layers: 2
            hidden: 3
            seed: 5
            ```

            ```rnn forward
            model: g
            input: "ab cab"
            show: [top]
            top: 4
            format: .2%
            live: true
            ```

            ```rnn loss
            model: g
            input: "ab ca"
            target: "b cab"
            format: .4f
            ```

            """
        let page = LiveFigureTests.build(lesson)
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(page.html)
        let parts = html.components(separatedBy: "class=\"wb-live-data\">")
        XCTAssertEqual(parts.count, 2)
        let data = parts[1].components(separatedBy: "</script>")[0]
        // After the data: the static figure, then the `loss` directive's table.
        let halves = parts[1].components(separatedBy: "<strong>Loss</strong>")
        XCTAssertEqual(halves.count, 2)
        let staticTokens = halves[0].matches(of: #/<td><code>([^<]*)</code></td>/#).map { String($0.output.1) }
        let losses = halves[1].matches(of: #/<td class="num">([0-9.]+)</td></tr>/#).map { String($0.output.1) }
        XCTAssertEqual(losses, ["1.6738", "1.6368", "1.0911", "1.2610", "1.6697"])
        XCTAssertEqual(staticTokens.count, 24)
        XCTAssertTrue(staticTokens.contains("␣"))
        let driver = #"""
            const fs = require("fs"), path = require("path");
            const [folder] = process.argv.slice(2);
            """# + "\n" + Self.dom + "\n" + #"""
            const live = require(path.join(folder, "live.js"));
            const s = JSON.parse(fs.readFileSync(path.join(folder, "figure.json"), "utf8")), m = s.model, figure = new El("div");
            m.weightValues = live.doubles(m.weights); m.h0Values = live.doubles(m.h0); m.c0Values = live.doubles(m.c0);
            const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
            live.setUpForward(figure, s, new live.Engine(new WebAssembly.Instance(wasm, {}).exports));
            const cell = td => td.children.length ? td.children[0].textContent : td.textContent;
            const tables = figure.children[1].children.map(f => f.children[1].children[0].children[1].children.map(tr => tr.children.map(cell)));
            process.stdout.write(JSON.stringify(tables));
            """#
        let output = try LiveTokenTests.runPage(driver, files: ["figure.json": Data(data.utf8)], module: true)
        let tables = try JSONDecoder().decode([[[String]]].self, from: output)
        XCTAssertEqual(tables.count, 2)
        XCTAssertEqual(tables.first?.flatMap { row in stride(from: 1, to: row.count, by: 2).map { row[$0] } }, staticTokens)
        XCTAssertEqual(tables.last?.map { $0.last ?? "" }, losses)
    }

    /// A live sample's seed and length are whole numbers in range: `1e3` is 1000 (not 1), and `2.5`, `-1`,
    /// 2³² and an empty field are refused with a message naming the field (they were truncated or read as 1).
    func testASamplesNumberFieldsTakeWholeNumbersInRangeOrSayWhich() throws {
        let page = LiveFigureTests.build(
            Self.lesson.components(separatedBy: "```rnn forward")[0]
                + "```rnn sample\nmodel: hello\nprime: h\nlength: 12\nseed: 3\nuntrained: true\nlive: true\n```\n")
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let data = try XCTUnwrap(page.html).components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
        let driver = #"""
            const fs = require("fs"), path = require("path");
            const [folder] = process.argv.slice(2);
            """# + "\n" + Self.dom + "\n" + #"""
            const live = require(path.join(folder, "live.js"));
            const s = JSON.parse(fs.readFileSync(path.join(folder, "figure.json"), "utf8")), m = s.model, figure = new El("div");
            m.weightValues = live.doubles(m.weights); m.h0Values = live.doubles(m.h0); m.c0Values = live.doubles(m.c0);
            const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
            live.setUpSample(figure, s, new live.Engine(new WebAssembly.Instance(wasm, {}).exports));
            const [prime, temperature, seed, length] = figure.all("input"), message = figure.find("span"), out = figure.children[1];
            const type = (input, value) => new Promise(done => {
              figure.listeners["wb-live-done"] = done; input.value = value; input.listeners.input();
            }).then(() => message.textContent || out.children[0].textContent);
            (async () => {
              const seen = [];
              for (const [input, value] of [[seed, "1e3"], [seed, "1000"], [seed, "1"], [length, "2.5"], [length, "12"],
                                            [seed, "-1"], [seed, "4294967296"], [seed, "7"], [length, ""]]) {
                seen.push(await type(input, value));
              }
              process.stdout.write(JSON.stringify(seen));
              process.exit(0);
            })();
            """#
        let output = try LiveTokenTests.runPage(driver, files: ["figure.json": Data(data.utf8)], module: true)
        let seen = try JSONDecoder().decode([String].self, from: output)
        XCTAssertEqual(seen.count, 9)
        let (length, seed) = ("the length must be a whole number from 1 to 500", "the seed must be a whole number from 0 to 4294967295")
        XCTAssertEqual([seen[3], seen[5], seen[6], seen[8]], [length, seed, seed, length])
        // Samples: 1e3 draws seed 1000's, not seed 1's; length 12 after a refused 2.5 draws seed 1's again.
        XCTAssertEqual(seen[0], seen[1])
        XCTAssertNotEqual(seen[1], seen[2])
        XCTAssertEqual(seen[4], seen[2])
        for sample in [seen[1], seen[2], seen[7]] { XCTAssertTrue(sample.hasPrefix("h") && sample.count == 14, sample) }
    }
}
