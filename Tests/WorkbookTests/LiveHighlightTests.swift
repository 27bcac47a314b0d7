import Foundation
import XCTest

@testable import Workbook

/// `live: true` on `highlight`: the page's script (`assets/live.js`'s `highlightData`, `tip` and `colour`), run in
/// node over the WebAssembly module, against the static figure the native engine printed: every token's hover
/// text (its value and the guesses under it, at `.16e`, the doubles' 17 digits) and background, and the scale's
/// ends. For the lesson's own text (what the page shows at load) and for texts the page was not built with.
final class LiveHighlightTests: XCTestCase {
    /// Each model with the highlights a live page can colour: a unit of the top layer's h (with two guesses), a
    /// gate of layer 1 where the cell has gates, the probability and the loss of each token of a `sequence`.
    func lesson(_ text: String) -> String {
        let models: [(String, String, String?)] = [
            ("notes", "hidden: 3\nscale: 0.5\nseed: 7", nil), ("relu", "hidden: 4\nactivation: relu\nscale: 0.5\nseed: 2", nil),
            ("lstm", "cell: lstm\nhidden: 3\nseed: 3", "f"), ("gru", "cell: gru\nhidden: 4\nseed: 4", "n"),
            ("deep", "cell: lstm\nlayers: 2\nhidden: 3\nseed: 6", "o"),
            ("embedded", "cell: gru\nembedding: 3\nhidden: 2\nseed: 10", "z"),
        ]
        return models.map { name, keys, gate in
            let layers = name == "deep" ? "layer: 2\n" : ""
            var figures = [
                "model: \(name)\ninput: \"\(text)\"\nvalue: unit\nunit: 2\n\(layers)guesses: 2",
                "model: \(name)\nsequence: \"\(text)\"\nvalue: probability\nid: \(name)_p",
                "model: \(name)\nsequence: \"\(text)\"\nvalue: loss\nguesses: 1\nid: \(name)_j",
            ]
            if let gate { figures.append("model: \(name)\ninput: \"\(text)\"\nvalue: gate\ngate: \(gate)\nunit: 1\nid: \(name)_g") }
            return "```rnn model\nname: \(name)\nvocabulary: [h, e, l, o, \" \"]\n\(keys)\n```\n\n"
                + figures.map { "```rnn highlight\n\($0)\nformat: .16e\nlive: true\n```\n" }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Each figure's data, and its static tokens' hover texts and backgrounds and the scale's ends, in page order.
    func figures(_ html: String) -> [(data: String, shown: [String])] {
        html.components(separatedBy: "<div class=\"wb-live\" ").dropFirst().map { part in
            let data = part.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
            let ends = part.firstMatch(of: #/</span> ([^<]*) … ([^<]*)</figcaption>/#).map { ["\($0.output.1) … \($0.output.2)"] } ?? []
            let tokens = part.matches(of: #/<span class="wb-tok" style="background:(#[0-9a-f]{6})" title="([^"]*)"/#).map {
                "\($0.output.2) \($0.output.1)".replacingOccurrences(of: "&amp;", with: "&")
            }
            return (data, ends + tokens)
        }
    }

    /// What the page's script shows for `text` in each figure: the scale's ends, then each token's hover text and
    /// background (a line break has neither).
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, text] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        const engine = new live.Engine(new WebAssembly.Instance(wasm, {}).exports);
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          live.prepare(s, weights);
          // The text but its last character, then with one more, then the text: the page computes only the steps
          // after the tokens a pass shares with the last one (its Engine keeps them and the states after each).
          const typed = Array.from(text === "" ? s.text : text);
          try { live.highlightData(typed.slice(0, -1).join(""), s, engine); } catch (e) {}
          live.highlightData(typed.concat([typed[0]]).join(""), s, engine);
          const d = live.highlightData(typed.join(""), s, engine);
          return [live.format(d.low, s.format) + " … " + live.format(d.high, s.format)].concat(
            d.tokens.map((t, i) => live.tip(d, i, s.format) + " " + live.colour(d.values[i], d.high)));
        });
        process.stdout.write(JSON.stringify(out));
        """#

    func runInNode(_ data: [String], weights: Data, text: String) throws -> [[String]] {
        let module = try LiveFigureTests.environment.liveModule().get()
        let output = try LiveFigureTests.runDriver(Self.driver, module, data, weights: weights, [text])
        return try JSONDecoder().decode([[String]].self, from: output)
    }

    /// At load (the lesson's own text) the live figure is the printed one, token for token; for texts the page
    /// was not built with, it is what the native engine prints for them.
    func testTheLiveHighlightIsTheNativeOneForTheLessonsTextAndOthers() throws {
        let page = LiveFigureTests.build(lesson("hello"))
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        XCTAssertEqual(built.count, 22)
        var compared = 0
        for text in ["", "oleh hello", "eh", "lo ole hhh eel  o"] {
            let native = text.isEmpty ? built : figures(try XCTUnwrap(LiveFigureTests.build(lesson(text)).html))
            let live = try runInNode(built.map(\.data), weights: LivePage.weights(try XCTUnwrap(page.html)), text: text)
            XCTAssertEqual(live.count, native.count)
            for (k, (got, want)) in zip(live, native).enumerated() {
                XCTAssertGreaterThan(want.shown.count, 2, "figure \(k + 1)")
                XCTAssertEqual(got, want.shown, "figure \(k + 1), '\(text)'")
                compared += want.shown.count
            }
        }
        XCTAssertGreaterThan(compared, 800)
    }

    /// What a live highlight cannot colour is an error at its `live` key, saying why.
    func testWhatALiveHighlightCannotColourIsRefusedAtTheKey() {
        let model = "```rnn model\nname: m\nvocabulary: [a, b]\ncell: lstm\nlayers: 2\nhidden: 2\n```\n\n"
        let cases: [(String, String)] = [
            ("sequence: abab\nvalue: saliency", "not 'saliency' or 'values'"),
            ("input: abab\nvalues: [1, 2, 3, 4]", "not 'saliency' or 'values'"),
            ("input: abab\nvalue: unit\nunit: 1", "top layer's h or a gate of layer 1"),
            ("input: abab\nvalue: gate\ngate: f\nunit: 1\nlayer: 2", "top layer's h or a gate of layer 1"),
            ("input: abab\nvalue: gate\ngate: f\nunit: 1\nformat: .3g", "prints numbers with .Nf, .Ne or .N%, not with this directive's 'format: .3g'"),
        ]
        for (keys, message) in cases {
            let text = model + "```rnn highlight\nmodel: m\n\(keys)\nlive: true\n```\n"
            let product = LiveFigureTests.build(text)
            XCTAssertNil(product.html, keys)
            let errors = product.diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(errors.count, 1, keys)
            XCTAssertTrue(errors.first?.message.contains(message) == true, "\(errors.map(\.formatted))")
            XCTAssertEqual(
                errors.first?.location?.line,
                text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("live:") }.map { $0 + 1 })
        }
    }
}
