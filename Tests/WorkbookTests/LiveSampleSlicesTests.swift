import Foundation
import XCTest

@testable import Workbook

/// A live sample drawn in slices: the page's own `setUp` (`assets/live.js`) run in node over a minimal document,
/// with a clock the test moves on by a set time for every token the module draws, so that a slice ends after every
/// token, after every fourth, or at random points, a sample often ending exactly where a slice does; each figure
/// updated as a reader does it, the first updates abandoned mid-sample by newer keystrokes. The text the figure
/// shows at the end, and every token the module drew for it with its probability, are the native `sample`'s for
/// the same prime, seed, temperature and length; every partial text shown between slices is the start of it; no
/// slice runs past its 10 ms by more than one token.
final class LiveSampleSlicesTests: XCTestCase {
    static let models: [(String, String)] = [
        ("notes", "hidden: 3\nscale: 0.5\nseed: 7"), ("lstm", "cell: lstm\nhidden: 3\nseed: 3"),
        ("deep", "cell: lstm\nlayers: 2\nhidden: 4\nseed: 6"), ("gru", "cell: gru\nhidden: 3\nseed: 4"),
    ]

    /// Per model: a live sample of 3 (seeds `seed`, `seed + 1`, `seed + 2`) that stops at "." (untrained, the
    /// samples end at many lengths), then each of its samples drawn alone by the native engine with a table of
    /// its tokens and their probabilities (`.16e`: the doubles' 17 digits).
    func lesson(prime: String, seed: Int) -> String {
        Self.models.map { name, keys in
            let sample =
                "model: \(name)\nprime: \"\(prime)\"\nstop: \".\"\nlength: 30\ntemperature: 0.8\nuntrained: true"
            let alone = (0..<3).map { k in
                """
                ```rnn sample
                \(sample)
                seed: \(seed + k)
                id: \(name)_\(k)
                ```

                ```rnn table
                columns:
                  token: \(name)_\(k).tokens
                  p: {value: \(name)_\(k).probabilities, format: .16e}
                ```

                """
            }
            return "```rnn model\nname: \(name)\nvocabulary: [h, e, l, o, \" \", \".\"]\n\(keys)\n```\n\n"
                + "```rnn sample\n\(sample)\ncount: 3\nseed: \(seed)\nlive: true\n```\n\n"
                + alone.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Per live figure: its data, the text of its static figure, and for each of its samples the tokens and
    /// probabilities the native tables show (a token as the page's data names it: `␣` is the space).
    func figures(_ html: String) -> [(data: String, text: String, samples: [[String]])] {
        html.components(separatedBy: "<div class=\"wb-live\" ").dropFirst().map { part in
            let data = part.components(separatedBy: "class=\"wb-live-data\">")[1]
                .components(separatedBy: "</script>")[0]
            let shown = part.firstMatch(of: #/<pre class="wb-text"><code>([^<]*)</code></pre>/#)
            let text = shown.map { String($0.output.1) } ?? ""
            let tables = part.components(separatedBy: "<table").dropFirst().prefix(3).map { table in
                table.matches(of: #/<tr><td>(?:<code>)?([^<]*)(?:</code>)?</td><td class="num">([^<]*)</td></tr>/#)
                    .flatMap { [String($0.output.1).replacingOccurrences(of: "␣", with: " "), String($0.output.2)] }
            }
            return (data, text, Array(tables))
        }
    }

    func testASampleDrawnInSlicesIsTheNativeSampleWhereverTheSlicesEnd() throws {
        let module = try LiveFigureTests.environment.liveModule().get()
        let page = LiveFigureTests.build(lesson(prime: "he", seed: 1))
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        XCTAssertEqual(built.count, Self.models.count)
        var (compared, partials) = (0, 0)
        for (prime, seed) in [("lo", 12345), ("o l", 4_294_967_290), ("hello ", 7)] {
            let native = figures(try XCTUnwrap(LiveFigureTests.build(lesson(prime: prime, seed: seed)).html))
            for mode in ["every token", "every 4 tokens", "random"] {
                let runs = try runInNode(
                    module, built.map(\.data), weights: LivePage.weights(try XCTUnwrap(page.html)), prime: prime,
                    seed: seed, mode: mode)
                XCTAssertEqual(runs.count, native.count)
                for (k, (got, want)) in zip(runs, native).enumerated() {
                    let at = "figure \(k + 1), prime '\(prime)', seed \(seed), a slice ending \(mode)"
                    XCTAssertEqual(got.errors, [], at)
                    XCTAssertEqual(got.load, built[k].text, "at load, " + at)
                    XCTAssertFalse(got.busy, at)
                    XCTAssertEqual(got.final, want.text, at)
                    XCTAssertEqual(want.samples.count, 3)
                    XCTAssertEqual(got.samples, want.samples, at)
                    XCTAssertEqual(got.partials.filter { !got.final.hasPrefix($0) }, [], "partial texts, " + at)
                    partials += got.partials.count
                    XCTAssertLessThanOrEqual(got.longestSlice, 10 + got.longestToken, at)
                    if mode == "every token" { XCTAssertEqual(got.mostTokensInASlice, 1, at) }
                    compared += want.samples.joined().count
                }
            }
        }
        XCTAssertGreaterThan(compared, 1000)
        XCTAssertGreaterThan(partials, 200, "the final updates were drawn in many slices")
    }

    struct Run: Decodable {
        let load, final: String
        let busy: Bool
        let samples: [[String]]
        let partials, errors: [String]
        let longestSlice, longestToken: Double
        let mostTokensInASlice: Int
    }

    func runInNode(_ module: [UInt8], _ data: [String], weights: Data, prime: String, seed: Int, mode: String) throws
        -> [Run]
    {
        let output = try LiveFigureTests.runDriver(Self.driver, module, data, weights: weights, [prime, "\(seed)", mode])
        return try JSONDecoder().decode([Run].self, from: output)
    }

    /// The page's `setUp` over a document of plain objects (what live.js uses of one), the clock and the messages
    /// between slices the driver's own; the module's exports wrapped to log each sample the module begins and
    /// every token it draws, and to move the clock on per token. Per figure: the text at load; then the seed
    /// typed (3 slices drawn), the prime but its last character (2 slices), the whole prime (2 slices; the module
    /// reads only the character added), another temperature (2 slices), the temperature again, and the slices run
    /// until the figure is done: its text, the last 3 samples' tokens and probabilities (`.16e`), the partial
    /// texts shown meanwhile, the errors thrown, and the longest slice.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, prime, seed, mode] = process.argv.slice(2);
        let now = 0, drawn = 0, longestToken = 0, random = 2463534242;
        const queue = [];
        const cost = {"every token": () => 10, "every 4 tokens": () => 2.5,
                      "random": () => { random ^= random << 13; random ^= random >>> 17; random ^= random << 5; return 0.5 + (random >>> 0) % 651 / 100; }}[mode];
        Object.defineProperty(globalThis, "performance", {value: {now: () => now}, configurable: true, writable: true});
        globalThis.MessageChannel = function () {
          const port1 = {onmessage: null};
          this.port1 = port1;
          this.port2 = {postMessage: () => queue.push(() => port1.onmessage({}))};
        };
        globalThis.Event = function (type) { this.type = type; };
        function Node(tag) { this.tag = tag; this.kids = []; this.own = ""; this.dataset = {}; this.on = {}; this.classList = {add() {}, remove() {}, toggle() {}}; }
        Node.prototype = {
          get textContent() { return this.own + this.kids.map(k => k.textContent).join(""); },
          set textContent(t) { this.own = String(t); this.kids = []; },
          appendChild(k) { this.kids.push(k); return k; },
          append(...ks) { ks.forEach(k => this.kids.push(typeof k === "string" ? Object.assign(new Node("#text"), {own: k}) : k)); },
          replaceChildren(...ks) { this.own = ""; this.kids = []; this.append(...ks); },
          setAttribute() {},
          addEventListener(type, f) { (this.on[type] = this.on[type] || []).push(f); },
          dispatchEvent(e) { (this.on[e.type] || []).forEach(f => f(e)); return true; },
          all(tag) { return [].concat(...this.kids.map(k => (k.tag === tag ? [k] : []).concat(k.all(tag)))); },
        };
        globalThis.document = {createElement: tag => new Node(tag), addEventListener() {}, dispatchEvent() {}};
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const real = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm"))), {}).exports;
        let samples = [];
        const begin = f => (...a) => { samples.push({tokens: [], p: []}); return f(...a); };
        const x = Object.assign({}, real, {
          live_sample_start: begin(real.live_sample_start),
          live_sample_draw: (...a) => {
            const got = real.live_sample_draw(...a), [tokens, probabilities] = a.slice(-2), sample = samples[samples.length - 1];
            const ids = new Int32Array(real.memory.buffer, tokens, got), p = new Float64Array(real.memory.buffer, probabilities, got);
            for (let i = 0; i < got; i++) {
              sample.tokens.push(ids[i]); sample.p.push(p[i]);
              const spent = cost();
              drawn += 1; now += spent; longestToken = Math.max(longestToken, spent);
            }
            return got;
          },
        });
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          const figure = new Node("div"), data = new Node("script");
          data.textContent = JSON.stringify(s);
          figure.querySelector = () => data;
          samples = [];
          live.setUp(figure, new live.Engine(x), 1, weights);
          const shown = () => figure.all("pre")[0].textContent;
          const result = {load: shown(), errors: [], partials: [], longestSlice: 0, mostTokensInASlice: 0};
          const slice = f => {
            const start = now, before = drawn;
            try { f(); } catch (e) { result.errors.push(String(e)); }
            result.longestSlice = Math.max(result.longestSlice, now - start);
            result.mostTokensInASlice = Math.max(result.mostTokensInASlice, drawn - before);
            if (figure.dataset.wbLiveBusy === "1") { result.partials.push(shown().replace(/\n$/, "")); }
          };
          const [primeField, temperature, seedField] = figure.all("input");
          const type = (field, value, slices) => {
            field.value = value;
            result.partials = [];
            slice(() => field.dispatchEvent(new Event("input")));
            for (let k = 0; k < slices && queue.length; k++) { slice(queue.shift()); }
          };
          type(seedField, seed, 3);
          type(primeField, prime.slice(0, -1), 2);
          type(primeField, prime, 2);
          type(temperature, "1.3", 2);
          type(temperature, String(s.temperature), 1e6);
          Object.assign(result, {final: shown(), busy: figure.dataset.wbLiveBusy === "1", longestToken: longestToken});
          result.samples = samples.slice(-3).map(d => [].concat(...d.tokens.map((t, i) => [s.model.targets[t], live.format(d.p[i], ".16e")])));
          return result;
        });
        process.stdout.write(JSON.stringify(out));
        """#
}
