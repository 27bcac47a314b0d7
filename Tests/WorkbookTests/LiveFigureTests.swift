import Foundation
import XCTest

@testable import Workbook

/// Live figures (`live: true`): the WebAssembly module the tool builds from the engine's core, run in node by the
/// page's own script (`assets/live.js`'s Engine and number format), against the native engine on inputs the page
/// was not built with; the directive's refusals; the page's policy; the leak guard on the weights.
final class LiveFigureTests: XCTestCase {
    /// One environment (and so one module build) for the whole class.
    static let environment = SwiftCellEnvironment(
        directory: FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-tests-\(getpid())").path)

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: environment.directory)
    }

    func build(_ text: String, slug: String = "live", edition: Edition = .instructor) -> LessonProduct {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        return Pipeline.build(
            SourceFile(path: "\(slug).md", text: text), slug: slug, options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    /// The models: the notes' (tanh, and ReLU), an LSTM, a GRU and the original GRU, each with a live forward pass
    /// on `input` (every value printed in full: `.16e`, 17 significant digits) and a live sample.
    func lesson(input: String, prime: String, seed: Int, temperature: Double) -> String {
        let models: [(String, String)] = [
            ("notes", "hidden: 3\nscale: 0.5\nseed: 7"), ("relu", "hidden: 4\nactivation: relu\nscale: 0.5\nseed: 2"),
            ("lstm", "cell: lstm\nhidden: 3\nseed: 3"), ("gru", "cell: gru\nhidden: 4\nseed: 4"),
            ("gruo", "cell: gru-original\nhidden: 2\nseed: 5"),
        ]
        return models.map { name, keys in
            let show = name == "notes" || name == "relu" ? "[z, h, logits, yhat]" : "[h, gates, logits, yhat]"
            return """
                ```rnn model
                name: \(name)
                vocabulary: [h, e, l, o, " "]
                \(keys)
                ```

                ```rnn forward
                model: \(name)
                input: "\(input)"
                show: \(show)
                format: .16e
                live: true
                ```

                ```rnn sample
                model: \(name)
                \(prime.isEmpty ? "" : "prime: \"\(prime)\"")
                length: 40
                count: 2
                seed: \(seed)
                temperature: \(temperature)
                untrained: true
                live: true
                ```

                """
        }.joined(separator: "\n")
    }

    /// Each live figure's JSON data, and the numbers and text of its static figure, in page order.
    func figures(_ html: String) -> [(data: String, numbers: [String], sample: String)] {
        html.components(separatedBy: "<div class=\"wb-live\" ").dropFirst().map { part in
            let data = part.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
            let numbers = part.matches(of: #/<td class="num">([^<]*)</td>/#).map { String($0.output.1) }
            let sample = part.contains("data-wb-live=\"sample\"")
                ? (part.firstMatch(of: #/<pre class="wb-text"><code>([^<]*)</code></pre>/#).map { String($0.output.1) } ?? "")
                : ""
            return (data, numbers, sample)
        }
    }

    /// Runs the page's script in node over the figures' data with `input` (forward) or the sample settings.
    func runInNode(_ module: [UInt8], _ data: [String], input: String, prime: String, seed: Int, temperature: Double)
        throws -> [[String]]
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-node-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(LiveAssets.script.utf8).write(to: folder.appendingPathComponent("live.js"))
        try Data(module).write(to: folder.appendingPathComponent("rnn-live.wasm"))
        try Data(("[" + data.joined(separator: ",") + "]").utf8).write(to: folder.appendingPathComponent("figures.json"))
        try Data(Self.driver.utf8).write(to: folder.appendingPathComponent("driver.js"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "node", folder.appendingPathComponent("driver.js").path, folder.path, input, prime, "\(seed)", "\(temperature)",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "node")
        return try JSONDecoder().decode([[String]].self, from: output)
    }

    /// For each figure: a forward figure's values of the parts its table shows, row by row, as `.16e` prints them;
    /// a sample figure's text, as the page assembles it.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, input, prime, seed, temperature] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const engine = new live.Engine(new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm"))), {}).exports);
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          const m = s.model;
          m.weightValues = live.doubles(m.weights); m.h0Values = live.doubles(m.h0); m.c0Values = live.doubles(m.c0);
          const ids = t => Array.from(t).map(c => m.sources.indexOf(c));
          if (s.kind === "sample") {
            const texts = [];
            for (let k = 0; k < s.top; k++) {
              const d = engine.sample(m, ids(prime), +temperature, (+seed + k) >>> 0, s.length, s.stop);
              texts.push(Array.from(prime).concat(d.tokens.filter(i => i !== s.stop).map(i => m.targets[i])).join(""));
            }
            return [texts.join("\n") + "\n"];
          }
          const run = engine.forward(m, ids(input), ids(input).slice(1).concat([-1]));
          const G = [1, 1, 1, 4, 3, 3][m.cell], H = m.hidden, K = m.outputs, at = {z: [2 * H, H], h: [0, H], gates: [3 * H, G * H], logits: [(3 + G) * H, K], yhat: [(3 + G) * H + K, K]};
          const values = [];
          for (const part of s.show) {
            for (let t = 0; t < input.length; t++) {
              for (let k = 0; k < at[part][1]; k++) { values.push(live.format(run.values[t * run.stride + at[part][0] + k], s.format)); }
            }
          }
          for (let t = 0; t + 1 < input.length; t++) { values.push(live.format(run.values[t * run.stride + (3 + G) * H + 2 * K + 1], s.format)); }
          return values;
        });
        process.stdout.write(JSON.stringify(out));
        """#

    func testTheModuleIsSmallAndBuiltOnceByContent() throws {
        let module = try Self.environment.liveModule().get()
        XCTAssertEqual(Array(module.prefix(4)), [0x00, 0x61, 0x73, 0x6d], "a WebAssembly module")
        XCTAssertLessThan(module.count, 150_000)
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.environment.directory)
            .filter { $0.hasPrefix("live-") }
        XCTAssertEqual(folders.count, 1, "kept under its content hash")
        // Another environment over the same folder finds it there, byte for byte.
        let again = SwiftCellEnvironment(directory: Self.environment.directory)
        let start = Date()
        XCTAssertEqual(try again.liveModule().get(), module)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1, "read, not compiled again")
    }

    /// The same sources make the same module wherever they and the cache are: a checkout's Output/ is compared
    /// byte for byte with what CI builds from a clone somewhere else. (The compiler derives 16 bytes of the data
    /// from the object's path as written after `-o`; before the object was named relatively, a module built from
    /// another folder differed in those bytes.)
    func testTheModuleIsTheSameWhereverItIsBuilt() throws {
        let module = try Self.environment.liveModule().get()
        let engine = try XCTUnwrap(Self.environment.engineSources)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-elsewhere-\(getpid())").path
        let elsewhere = root + "/a longer path/to another checkout"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sources = elsewhere + "/Sources"
        try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: engine, toPath: sources + "/RNN")
        try FileManager.default.copyItem(
            atPath: Self.environment.sourcesFolder + "/RNNLive", toPath: sources + "/RNNLive")
        let other = SwiftCellEnvironment(
            directory: elsewhere + "/cache", engineSources: sources + "/RNN", prebuiltEngines: [])
        let rebuilt = try other.liveModule().get()
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/cache").filter { $0.hasPrefix("live-") }
                .count, 1, "compiled there, not found in a prebuilt folder")
        XCTAssertEqual(rebuilt.count, module.count)
        XCTAssertTrue(rebuilt == module, "the module's bytes differ when built from another folder")
    }

    /// The page's numbers for inputs it was not built with equal the native engine's for those inputs, to every
    /// digit `.16e` prints (17 significant: the doubles themselves), for the notes' model, ReLU, LSTM, GRU and
    /// the original GRU; the samples are the native samples for another prime, seed and temperature.
    func testThePageComputesTheNativeNumbersForUnseenInputs() throws {
        let module = try Self.environment.liveModule().get()
        let page = build(lesson(input: "hell", prime: "he", seed: 1, temperature: 1))
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        XCTAssertEqual(built.count, 10)
        let cases: [(String, String, Int, Double)] = [
            ("oleh hello", "lo", 12345, 0.7), ("o", "", 4_294_967_295, 1.9), ("eelloo hh lleo", "hell", 7, 0.35),
        ]
        var compared = 0
        for (input, prime, seed, temperature) in cases {
            let native = build(lesson(input: input, prime: prime, seed: seed, temperature: temperature))
            XCTAssertEqual(native.diagnostics.map(\.formatted), [])
            let expected = figures(try XCTUnwrap(native.html))
            let live = try runInNode(
                module, built.map(\.data), input: input, prime: prime, seed: seed, temperature: temperature)
            XCTAssertEqual(live.count, expected.count)
            for (k, (got, want)) in zip(live, expected).enumerated() {
                if want.sample.isEmpty {
                    // The static tables, then the live figure's own loss table (J(t) of each step with a next token).
                    XCTAssertEqual(Array(got.prefix(want.numbers.count)), want.numbers, "figure \(k + 1), '\(input)'")
                    XCTAssertEqual(got.count, want.numbers.count + input.count - 1)
                    compared += want.numbers.count
                } else {
                    XCTAssertEqual(got, [want.sample], "figure \(k + 1), prime '\(prime)', seed \(seed)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 500)
    }

    /// The loss per step the page shows is J(t) = -log ŷ(t)[x(t+1)], equal to the native `loss` directive's.
    func testTheLossPerStepIsTheNativeLoss() throws {
        let module = try Self.environment.liveModule().get()
        let text = lesson(input: "hello", prime: "h", seed: 1, temperature: 1).components(separatedBy: "```rnn sample")[0]
            + "```rnn loss\nmodel: notes\nsequence: hello\nformat: .16e\n```\n"
        let product = build(text)
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(product.html)
        let losses = html.components(separatedBy: "wb-loss")[1].matches(of: #/<td class="num">([^<]*)</td>/#).map {
            String($0.output.1)
        }
        let live = try runInNode(module, [figures(html)[0].data], input: "hello", prime: "", seed: 1, temperature: 1)
        let J = Array(live[0].suffix(4))
        XCTAssertEqual(J.count, 4)
        for value in J { XCTAssertTrue(losses.contains(value), "J(t) = \(value) among the loss table's \(losses)") }
    }

    func testLiveIsRefusedWithAReasonAtTheKey() {
        let cases: [(String, String)] = [
            (
                "```rnn model\nname: deep\nvocabulary: [a, b]\ncell: lstm\nlayers: 2\nhidden: 2\n```\n\n```rnn forward\nmodel: deep\ninput: ab\nlive: true\n```\n",
                "one-layer, one-direction language model"
            ),
            (
                "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn forward\nmodel: m\ninput: ab\nformat: .3g\nlive: true\n```\n",
                "prints numbers with .Nf, .Ne or .N%"
            ),
            (
                "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn sample\nmodel: m\ngreedy: true\nuntrained: true\nlive: true\n```\n",
                "sampled at one temperature"
            ),
            (
                "```rnn model\nname: big\nvocabulary: [a, b]\nhidden: 600\n```\n\n```rnn forward\nmodel: big\ninput: ab\nlive: true\n```\n",
                "more than the 250000"
            ),
        ]
        for (text, message) in cases {
            let product = build(text)
            XCTAssertNil(product.html)
            let errors = product.diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(errors.count, 1, text)
            XCTAssertTrue(errors.first?.message.contains(message) == true, "\(errors.map(\.formatted))")
            XCTAssertEqual(errors.first?.location?.line, text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("live:") }.map { $0 + 1 })
        }
    }

    /// A page with a live figure: its policy (only its own scripts, its module, nothing remote), the scripts, the
    /// data in an inert element that cannot be closed by a token, the static figure, and the note in Markdown.
    func testThePageCarriesItsPolicyAndTheStaticFigure() throws {
        let product = build(
            "```rnn model\nname: m\nvocabulary: [a, \"</script>\"]\nhidden: 2\n```\n\n```rnn forward\nmodel: m\ninput: [a, \"</script>\"]\nlive: true\n```\n")
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(product.html)
        XCTAssertTrue(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"
            ))
        XCTAssertTrue(html.contains("<script defer src=\"assets/rnn-live-module.js\"></script>"))
        let data = html.components(separatedBy: "class=\"wb-live-data\">")[1].components(separatedBy: "</script>")[0]
        XCTAssertTrue(data.contains("\\u003c/script\\u003e"), "the token is escaped in the data")
        XCTAssertTrue(html.contains("<div class=\"wb-live-static\">\n<p><strong>Forward pass</strong>"))
        XCTAssertEqual(product.markdown?.components(separatedBy: "In the HTML handout this figure is live").count, 2)
        // A page without live figures has no policy and no live scripts.
        let plain = build("```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n")
        XCTAssertFalse(try XCTUnwrap(plain.html).contains("Content-Security-Policy"))
    }

    /// A student edition refuses a live figure carrying a model an exercise asks about, until `live: allowed`.
    func testTheLeakGuardKeepsTheWeightsOfAModelAnExerciseAsksAbout() throws {
        let exercise = { (extra: String) in
            """
            ```rnn model
            name: m
            vocabulary: [a, b]
            hidden: 2
            ```

            ```rnn forward
            model: m
            input: ab
            show: [top]
            live: true
            ```

            ```rnn exercise
            id: ex
            question: What is the loss of m on "ab"?
            answers:
              - name: J
                value: m.forward.T
            \(extra)
            ```

            """
        }
        let refused = build(exercise(""), edition: .student)
        let errors = refused.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(refused.diagnostics.map(\.formatted))")
        XCTAssertTrue(errors.first?.message.contains("carries the weights of 'm' into the student edition") == true)
        XCTAssertEqual(errors.first?.location?.line, 7)
        XCTAssertEqual(build(exercise("live: allowed"), edition: .student).diagnostics.filter { $0.severity == .error }.count, 0)
        XCTAssertEqual(build(exercise(""), edition: .instructor).diagnostics.filter { $0.severity == .error }.count, 0)
    }
}
