import Foundation
import XCTest

@testable import Workbook

/// `live: true` on `gradient-flow`: the page's script (`assets/live.js`'s `flowData`, `flowRows` and `flowSVG`),
/// run in node over the WebAssembly module, against the native engine. For the lesson's own sequence at scale 1
/// (what the page shows at load) the table's printed digits and the plot's SVG, byte for byte; for sequences and
/// scales of the recurrent matrix the page was not built with, ‖∂J(T)/∂h(t)‖ at every step and σ_max equal what
/// the native build prints (`.16e`: 17 significant digits, the doubles themselves) for the lesson on that sequence
/// with its models' weights read from files, the top layer's recurrent matrix scaled by as much.
final class LiveGradientFlowTests: XCTestCase {
    /// The models: the notes' (tanh, sigmoid, ReLU), an LSTM, a GRU, the original GRU, a two-layer LSTM, a GRU
    /// over an embedding and a two-layer RNN with both biases.
    static let models: [(name: String, keys: String)] = [
        ("tanh", "hidden: 3\nscale: 0.5\nseed: 7"), ("sigm", "hidden: 4\nactivation: sigmoid\nscale: 0.9\nseed: 1"),
        ("relu", "hidden: 4\nactivation: relu\nscale: 0.6\nseed: 2"), ("lstm", "cell: lstm\nhidden: 3\nseed: 3"),
        ("gru", "cell: gru\nhidden: 4\nseed: 4"), ("gruo", "cell: gru-original\nhidden: 2\nseed: 5"),
        ("deep", "cell: lstm\nlayers: 2\nhidden: 3\nseed: 6"),
        ("embedded", "cell: gru\nembedding: 3\nhidden: 2\nseed: 10"),
        ("stacked", "cell: rnn\nlayers: 2\nhidden: 3\nseed: 9"),
    ]

    /// A figure of each model alone, then one of three together, on `text`, each followed by σ_max in full; with
    /// `files`, each model's weights read from `<name>.json`.
    func lesson(_ text: String, files: Bool = false) -> String {
        let models = Self.models.map { name, keys in
            "```rnn model\nname: \(name)\nvocabulary: [h, e, l, o, \" \"]\n\(keys)\n"
                + (files ? "weights_file: \(name).json\n" : "") + "```\n"
        }
        let figures = Self.models.map { name, _ in
            "```rnn gradient-flow\nmodel: \(name)\nsequence: \"\(text)\"\nformat: .16e\nid: \(name)_flow\nlive: true\n```\n\n"
                + "sigma \(name): {{ \(name)_flow.sigma_max | .16e }}\n"
        }
        let together =
            "```rnn gradient-flow\nmodels: [tanh, lstm, gruo]\nsequence: \"\(text)\"\nformat: .16e\nlive: true\n```\n"
        return (models + figures + [together]).joined(separator: "\n")
    }

    /// The lesson built in `folder` beside `files`.
    func build(_ text: String, files: [String: Data], in folder: URL, slides: Bool = false) throws -> LessonProduct {
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        var options = BuildOptions()
        options.katexDirectory = nil
        options.slides = slides
        return Pipeline.build(
            SourceFile(path: folder.appendingPathComponent("live.md").path, text: text), slug: "live", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    /// Each figure's data, its table's norms (row by row, t = T down to 1, a column per model), its plot's SVG;
    /// and the σ_max printed after each single figure, by model.
    func figures(_ html: String) -> (
        figures: [(data: String, numbers: [String], svg: String)], sigmas: [String: String]
    ) {
        let figures = html.components(separatedBy: "<div class=\"wb-live\" ").dropFirst().map { whole in
            let part = whole.components(separatedBy: "<p class=\"wb-live-note\">")[0]
            let data = part.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[
                0]
            // Each row's numbers but the first, its step t.
            let numbers = part.matches(of: #/<tr>(.*?)</tr>/#).flatMap { row in
                row.output.1.matches(of: #/<td class="num">([^<]*)</td>/#).dropFirst().map { String($0.output.1) }
            }
            let svg =
                "<figure class=\"wb-plot\">"
                + part.components(separatedBy: "<figure class=\"wb-plot\">")[1].components(separatedBy: "</figure>")[0]
                + "</figure>\n"
            return (data, numbers, svg)
        }
        var sigmas: [String: String] = [:]
        for match in html.matches(of: #/sigma ([a-z]+): <span class="wb-value">([-0-9.e+]+)</span>/#) {
            sigmas[String(match.output.1)] = String(match.output.2)
        }
        XCTAssertEqual(sigmas.count, Self.models.count, "σ_max printed after each figure of one model")
        return (figures, sigmas)
    }

    /// For each figure: its table's numbers as the page prints them, then σ_max of each model (`.16e`), then the
    /// plot's SVG.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, text, scale] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        const engine = new live.Engine(new WebAssembly.Instance(wasm, {}).exports);
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          live.prepare(s, weights);
          const flows = live.flowData(text === "" ? s.text : text, s, parseFloat(scale), engine);
          const numbers = [].concat(...live.flowRows(flows, s).map(row => row.slice(1).map(c => c.text)));
          return {numbers: numbers, sigmas: flows.map(f => live.format(f.sigma, ".16e")), svg: live.flowSVG(flows),
            slideSVG: live.flowSVG(flows, live.SLIDE_CANVAS)};
        });
        process.stdout.write(JSON.stringify(out));
        """#

    struct Live: Decodable {
        let numbers: [String]
        let sigmas: [String]
        let svg: String
        let slideSVG: String
    }

    func runInNode(_ data: [String], weights: Data, text: String, scale: Double) throws -> [Live] {
        let module = try LiveFigureTests.environment.liveModule().get()
        let output = try LiveFigureTests.runDriver(Self.driver, module, data, weights: weights, [text, "\(scale)"])
        return try JSONDecoder().decode([Live].self, from: output)
    }

    /// Each model's weights as the page `html` carries them (E when embedded, then per layer W_ih, W_hh, b_ih and
    /// b_hh when the layer has it, then U and b2) as a weights file under the model's names, the top layer's W_hh
    /// scaled by `scale`.
    func weightFiles(_ data: [String], in html: String, scale: Double) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for text in data {
            let settings = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let flow = try XCTUnwrap(settings["flow"] as? [String: Any])
            let m = try XCTUnwrap((flow["models"] as? [[String: Any]])?.first?["model"] as? [String: Any])
            let name = try XCTUnwrap(m["name"] as? String)
            let (L, H, V, D, K) = (
                m["layers"] as! Int, m["hidden"] as! Int, m["inputs"] as! Int, m["embedding"] as! Int,
                m["outputs"] as! Int
            )
            let (G, twoBiases) = ([1, 1, 1, 4, 3, 3][m["cell"] as! Int], m["hiddenBias"] as! Bool)
            let digest = try XCTUnwrap((m["weights"] as? [String: Any])?["sha256"] as? String)
            let bytes = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(LivePage.base64(digest, in: html))))
            var values = stride(from: 0, to: bytes.count, by: 8).map { k in
                Double(bitPattern: bytes[k..<k + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            }[...]
            func take(_ rows: Int, _ columns: Int, by factor: Double = 1) -> [[Double]] {
                defer { values = values.dropFirst(rows * columns) }
                return (0..<rows).map { r in (0..<columns).map { values[values.startIndex + r * columns + $0] * factor }
                }
            }
            // The notes' model (one layer of one gate, one bias) has the notes' names.
            let notes = G == 1 && L == 1 && !twoBiases
            var parameters: [String: [[Double]]] = [:]
            if D > 0 { parameters["E"] = take(D, V) }
            for l in 0..<L {
                let width = l == 0 ? (D > 0 ? D : V) : H
                parameters[notes ? "W_e" : "weight_ih_l\(l)"] = take(G * H, width)
                parameters[notes ? "W_h" : "weight_hh_l\(l)"] = take(G * H, H, by: l == L - 1 ? scale : 1)
                parameters[notes ? "b1" : "bias_ih_l\(l)"] = take(G * H, 1)
                if twoBiases { parameters["bias_hh_l\(l)"] = take(G * H, 1) }
            }
            parameters["U"] = take(K, H)
            parameters["b2"] = take(K, 1)
            XCTAssertTrue(values.isEmpty, "every weight of \(name) placed")
            files[name + ".json"] = try JSONEncoder().encode(parameters)
        }
        return files
    }

    func testTheLiveGradientFlowIsTheNativeOneForTheLessonsSequenceAndOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-flow-lessons-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try build(lesson("hello"), files: [:], in: folder, slides: true)
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        // The slide deck draws the same figures on a slide's smaller canvas (`SVGPlot.Canvas.slide`).
        let deck = figures(try XCTUnwrap(page.slides))
        XCTAssertEqual(deck.figures.count, built.figures.count)
        XCTAssertTrue(deck.figures.allSatisfy { $0.svg.contains("viewBox=\"0 0 360.00 ") }, deck.figures[0].svg)
        XCTAssertEqual(built.figures.count, Self.models.count + 1)
        let singles = Array(built.figures.prefix(Self.models.count)).map(\.data)
        var compared = 0
        for (text, scale) in [
            ("", 1.0), ("", 0.37), ("oleh hello", 1), ("eh lo", 2.5), ("lo ole hhh eel  o", 0), ("hello hello", 3.99),
        ] {
            // The native reference: the lesson on the text, its models' weights read from files, W_hh scaled.
            let reference =
                text.isEmpty && scale == 1
                ? page
                : try build(
                    lesson(text.isEmpty ? "hello" : text, files: true), files: try weightFiles(singles, in: try XCTUnwrap(page.html), scale: scale),
                    in: folder)
            XCTAssertEqual(reference.diagnostics.map(\.formatted), [], "'\(text)' × \(scale)")
            let native = figures(try XCTUnwrap(reference.html))
            let live = try runInNode(
                built.figures.map(\.data), weights: LivePage.weights(try XCTUnwrap(page.html)), text: text, scale: scale)
            XCTAssertEqual(live.count, native.figures.count)
            for (k, (got, want)) in zip(live, native.figures).enumerated() {
                XCTAssertGreaterThan(want.numbers.count, 3)
                XCTAssertEqual(got.numbers.count, want.numbers.count, "figure \(k + 1), '\(text)' × \(scale)")
                // 17 significant digits: the doubles themselves (the bar is 1e-12 relative; they agree to the bit).
                for (a, b) in zip(got.numbers, want.numbers) {
                    XCTAssertEqual(a, b, "figure \(k + 1), '\(text)' × \(scale)")
                    compared += 1
                }
                if k < Self.models.count {
                    XCTAssertEqual(
                        got.sigmas, [native.sigmas[Self.models[k].name] ?? "none"], "σ_max of figure \(k + 1)")
                    compared += 1
                }
                // At load, the digits and the plot are the printed figure's.
                if text.isEmpty && scale == 1 {
                    XCTAssertEqual(got.numbers, want.numbers, "figure \(k + 1)")
                    XCTAssertEqual(got.svg, want.svg, "figure \(k + 1)")
                    XCTAssertEqual(got.slideSVG, deck.figures[k].svg, "figure \(k + 1) on its slide")
                }
            }
        }
        XCTAssertGreaterThan(compared, 600)
    }

    /// What a live gradient flow cannot compute is an error at its `live` key, saying why.
    func testWhatALiveGradientFlowCannotComputeIsRefusedAtTheKey() {
        let models = "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n"
        let cases: [(String, String)] = [
            ("model: m\ninput: abab\ntarget: baba", "reads its text from 'sequence'"),
            ("model: m\nsequence: abab\nformat: .3g", "prints numbers with .Nf, .Ne or .N%"),
            ("model: m\nsequence: \(String(repeating: "ab", count: 101))", "at most 200 characters"),
        ]
        for (keys, message) in cases {
            LiveFigureTests.assertRefusedAtTheLiveKey(
                models + "```rnn gradient-flow\n\(keys)\nlive: true\n```\n", message)
        }
        // The static figure stays, with the sentence saying the HTML handout is interactive.
        let page = LiveFigureTests.build(models + "```rnn gradient-flow\nmodel: m\nsequence: abab\nlive: true\n```\n")
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let markdown = page.markdown ?? ""
        XCTAssertTrue(markdown.contains("| 1 |") && markdown.contains(LiveFigure.staticNote(.gradientFlow)), markdown)
        XCTAssertTrue(page.html?.contains("data-wb-live=\"gradient-flow\"") == true)
    }

    /// live.js labels a live plot's ticks as SVGPlot labels the static one (`ASCIIPlot.ticks`): the digits that tell
    /// ticks close together apart, so a redrawn plot of nearly constant norms matches the printed one.
    func testTheLivePlotsTickLabelsAreTheStaticPlots() throws {
        let cases: [[Double]] = [
            [0.24998, 0.24999, 0.25, 0.25001, 0.25002], [1, 2, 3], [1e-5, 1e-4], [-1.00001, -1, -0.99999], [0, 1e-20, 5e-20],
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-ticks-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(LiveAssets.script.utf8).write(to: folder.appendingPathComponent("live.js"))
        let cases_ = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
        let driver = """
            const live = require(process.argv[2]);
            process.stdout.write(JSON.stringify(\(cases_).map(c => live.tickLabels(c, (v, p) => live.format(v, "." + p + "g")))));
            """
        try Data(driver.utf8).write(to: folder.appendingPathComponent("driver.js"))
        let output = try LiveFigureTests.node([
            folder.appendingPathComponent("driver.js").path, folder.appendingPathComponent("live.js").path,
        ])
        let live = try JSONDecoder().decode([[String]].self, from: output)
        XCTAssertEqual(live, cases.map { ASCIIPlot.ticks($0) })
        XCTAssertEqual(live[0], ["0.24998", "0.24999", "0.25", "0.25001", "0.25002"])
    }
}
