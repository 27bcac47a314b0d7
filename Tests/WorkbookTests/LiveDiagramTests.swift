import Foundation
import XCTest

@testable import Workbook

/// `live: true` on `diagram`: the page's script (`assets/live.js`'s `diagramData` and `diagramSVG`), run in node
/// over the WebAssembly module, writes the SVG the native build writes, byte for byte but for the arrow marker's
/// id: every number (`.16e`: the doubles' 17 digits, and the default `.2f`), colour, mark and coordinate. For the
/// lesson's own text (what the page shows at load) and for texts the page was not built with.
final class LiveDiagramTests: XCTestCase {
    /// Models of one layer with diagrams whose text field holds `text`: a `sequence`, an `input` alone, an `input`
    /// with the `target` it shifts by one; with `top`, `units` (fewer than H: "… more"), `steps`, `show`, `title`.
    func lesson(_ text: String) -> String {
        let models: [(String, String)] = [
            ("notes", "hidden: 3\nscale: 0.5\nseed: 7"), ("relu", "hidden: 4\nactivation: relu\nscale: 0.9\nseed: 2"),
            ("lstm", "cell: lstm\nhidden: 8\nseed: 3"), ("gru", "cell: gru\nhidden: 4\nseed: 4"),
            ("embedded", "cell: lstm\nembedding: 3\nhidden: 2\nseed: 10"),
        ]
        let (input, target) = (String(text.dropLast()), String(text.dropFirst()))
        return models.map { name, keys in
            let figures = [
                "sequence: \"\(text)\"\nformat: .16e",
                "input: \"\(input)\"\ntarget: \"\(target)\"\ntop: 2\nunits: 3",
                "input: \"\(text)\"\nshow: [input, hidden]\ntitle: <\"\(name)\"> & its states",
                "sequence: \"\(text)\"\nsteps: 2-3\nshow: [hidden, output]\nformat: .1%",
            ]
            return "```rnn model\nname: \(name)\nvocabulary: [h, e, l, o, \" \"]\n\(keys)\n```\n\n"
                + figures.map { "```rnn diagram\nmodel: \(name)\n\($0)\nlive: true\n```\n" }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Each figure's data and its static SVG, the marker's id written as `ID`.
    func figures(_ html: String) -> [(data: String, svg: String)] {
        html.components(separatedBy: "<div class=\"wb-live\" ").dropFirst().map { part in
            let data = part.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
            let svg = part.components(separatedBy: "<div class=\"wb-live-static\">\n")[1]
                .components(separatedBy: "<p class=\"wb-live-note\">")[0]
            return (data, Self.anonymous(svg))
        }
    }

    static func anonymous(_ svg: String) -> String {
        svg.replacing(#/wb-(live-)?arrow-[0-9a-z]+/#, with: "ID")
    }

    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, text] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const wasm = new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm")));
        const engine = new live.Engine(new WebAssembly.Instance(wasm, {}).exports);
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          live.prepare(s, weights);
          return live.diagramSVG(live.diagramData(text === "" ? s.text : text, s, engine), s, "wb-live-arrow-1");
        });
        process.stdout.write(JSON.stringify(out));
        """#

    func runInNode(_ data: [String], weights: Data, text: String) throws -> [String] {
        let module = try LiveFigureTests.environment.liveModule().get()
        let output = try LiveFigureTests.runDriver(Self.driver, module, data, weights: weights, [text])
        return try JSONDecoder().decode([String].self, from: output).map(Self.anonymous)
    }

    /// At load the live diagram is the printed SVG; for other texts it is the SVG the native build draws for them.
    func testTheLiveDiagramIsTheNativeSVGForTheLessonsTextAndOthers() throws {
        let page = LiveFigureTests.build(lesson("hell"))
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        XCTAssertEqual(built.count, 20)
        var compared = 0
        for text in ["", "oleh hello", "lol", "eel  ho o hell"] {
            let native = text.isEmpty ? built : figures(try XCTUnwrap(LiveFigureTests.build(lesson(text)).html))
            let live = try runInNode(built.map(\.data), weights: LivePage.weights(try XCTUnwrap(page.html)), text: text)
            XCTAssertEqual(live.count, native.count)
            for (k, (got, want)) in zip(live, native).enumerated() {
                XCTAssertTrue(want.svg.hasPrefix("<figure class=\"wb-diagram\"><svg"), "figure \(k + 1): \(want.svg.prefix(80))")
                XCTAssertEqual(got, want.svg, "figure \(k + 1), '\(text)'")
                compared += want.svg.components(separatedBy: "<text").count - 1
            }
        }
        XCTAssertGreaterThan(compared, 1500)
    }

    /// What a live diagram cannot draw is an error at its `live` key, saying why.
    func testWhatALiveDiagramCannotDrawIsRefusedAtTheKey() {
        let cases: [(String, String, String)] = [
            ("cell: lstm\nlayers: 2\nhidden: 2", "input: abab", "a model of one layer"),
            ("hidden: 2", "input: abab\ntarget: bbbb", "shifted by one"),
            ("hidden: 2", "input: abab\nformat: .3g", "prints numbers with .Nf, .Ne or .N%, not with this directive's 'format: .3g'"),
        ]
        for (model, keys, message) in cases {
            let text =
                "```rnn model\nname: m\nvocabulary: [a, b]\n\(model)\n```\n\n```rnn diagram\nmodel: m\n\(keys)\nlive: true\n```\n"
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
