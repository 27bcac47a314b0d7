import Foundation
import XCTest

@testable import Workbook

/// What a live figure shows when the typed input is refused: the message (a status, which screen readers read
/// out), and the result shown before dimmed (it is not the typed text's), until an input is accepted again. The page's own `setUpForward`,
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
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map((s, n) => {
          const figure = new El("div");
          live.prepare(s, weights);
          const setUp = {forward: live.setUpForward, highlight: live.setUpHighlight, diagram: live.setUpDiagram}[s.kind];
          setUp(figure, s, new live.Engine(new WebAssembly.Instance(wasm, {}).exports), "id" + n);
          const input = figure.find("input"), message = figure.find("span"), shown = figure.children[1];
          return texts.map(text => {
            input.value = text; input.listeners.input();
            return message.textContent + (shown.classList.contains("wb-live-stale") ? " (dimmed)" : "")
              + (message.role === "status" ? "" : " (not read out: no role status)");
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
            Self.driver,
            files: ["figures.json": Data(("[" + data.joined(separator: ",") + "]").utf8), "weights.json": LivePage.weights(html)],
            module: true,
            arguments: ["hellx", "hell"])
        let refused = "'x' is not in the vocabulary of hello: h e l o (dimmed)"
        XCTAssertEqual(try JSONDecoder().decode([[String]].self, from: output), Array(repeating: [refused, ""], count: 3))
    }

    /// The start of a driver for one figure: the stand-in DOM, the page's script, and the figure of
    /// `figure.json` (its weights from the page's, `weights.json`) set up on `figure` by the script's function `setUp`.
    static func oneFigure(_ setUp: String) -> String {
        #"""
        const fs = require("fs"), path = require("path");
        const [folder] = process.argv.slice(2);
        """# + "\n" + dom + "\n" + #"""
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const s = live.prepare(JSON.parse(fs.readFileSync(path.join(folder, "figure.json"), "utf8")), weights), figure = new El("div");
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        live.\#(setUp)(figure, s, new live.Engine(new WebAssembly.Instance(wasm, {}).exports));

        """#
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
        let driver = Self.oneFigure("setUpForward") + #"""
            const cell = td => td.children.length ? td.children[0].textContent : td.textContent;
            const tables = figure.children[1].children.map(f => f.children[1].children[0].children[1].children.map(tr => tr.children.map(cell)));
            process.stdout.write(JSON.stringify(tables));
            """#
        let output = try LiveTokenTests.runPage(
            driver, files: ["figure.json": Data(data.utf8), "weights.json": LivePage.weights(html)], module: true)
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
        let html = try XCTUnwrap(page.html)
        let data = html.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
        let driver = Self.oneFigure("setUpSample") + #"""
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
        let output = try LiveTokenTests.runPage(
            driver, files: ["figure.json": Data(data.utf8), "weights.json": LivePage.weights(html)], module: true)
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
