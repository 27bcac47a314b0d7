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
        Self.build(text, slug: slug, edition: edition)
    }

    static func build(_ text: String, slug: String = "live", edition: Edition = .instructor) -> LessonProduct {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        return Pipeline.build(
            SourceFile(path: "\(slug).md", text: text), slug: slug, options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    /// The models: the notes' (tanh, and ReLU), an LSTM, a GRU, the original GRU, three stacked ones (a two-layer
    /// LSTM, a three-layer GRU, a two-layer tanh RNN with both biases) and two with an embedding (a two-layer LSTM,
    /// the notes' model), each with a live forward pass
    /// on `input` (every value printed in full: `.16e`, 17 significant digits) and a live sample.
    func lesson(input: String, prime: String, seed: Int, temperature: Double) -> String {
        let models: [(String, String)] = [
            ("notes", "hidden: 3\nscale: 0.5\nseed: 7"), ("relu", "hidden: 4\nactivation: relu\nscale: 0.5\nseed: 2"),
            ("lstm", "cell: lstm\nhidden: 3\nseed: 3"), ("gru", "cell: gru\nhidden: 4\nseed: 4"),
            ("gruo", "cell: gru-original\nhidden: 2\nseed: 5"), ("deep", "cell: lstm\nlayers: 2\nhidden: 3\nseed: 6"),
            ("deeper", "cell: gru\nlayers: 3\nhidden: 2\nseed: 8"), ("stacked", "layers: 2\nhidden: 3\nseed: 9"),
            ("embedded", "cell: lstm\nembedding: 3\nlayers: 2\nhidden: 2\nseed: 10"),
            ("notesE", "hidden: 3\nembedding: 2\nscale: 0.5\nseed: 11"),
        ]
        return models.map { name, keys in
            let show = name.hasPrefix("notes") || name == "relu" ? "[z, h, logits, yhat]" : "[h, gates, logits, yhat]"
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
    func runInNode(
        _ module: [UInt8], _ data: [String], weights: Data, input: String, prime: String, seed: Int, temperature: Double
    ) throws -> [[String]] {
        let output = try Self.runDriver(
            Self.driver, module, data, weights: weights, [input, prime, "\(seed)", "\(temperature)"])
        return try JSONDecoder().decode([[String]].self, from: output)
    }

    /// What `driver` writes, run in node in a folder holding the page's script (`live.js`), the module
    /// (`rnn-live.wasm`), the figures' data (`figures.json`) and the page's sets of weights (`weights.json`,
    /// `LivePage.weights`), given the folder and then `arguments`.
    static func runDriver(_ driver: String, _ module: [UInt8], _ data: [String], weights: Data, _ arguments: [String])
        throws -> Data
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-node-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(LiveAssets.script.utf8).write(to: folder.appendingPathComponent("live.js"))
        try Data(module).write(to: folder.appendingPathComponent("rnn-live.wasm"))
        try Data(("[" + data.joined(separator: ",") + "]").utf8).write(to: folder.appendingPathComponent("figures.json"))
        try weights.write(to: folder.appendingPathComponent("weights.json"))
        try Data(driver.utf8).write(to: folder.appendingPathComponent("driver.js"))
        return try node([folder.appendingPathComponent("driver.js").path, folder.path] + arguments)
    }

    /// That `text` builds no page and one error, at the line of its `live` key, saying `message`.
    static func assertRefusedAtTheLiveKey(
        _ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let product = build(text)
        XCTAssertNil(product.html, message, file: file, line: line)
        let errors = product.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, message, file: file, line: line)
        XCTAssertTrue(errors.first?.message.contains(message) == true, "\(errors.map(\.formatted))", file: file, line: line)
        XCTAssertEqual(
            errors.first?.location?.line, text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("live:") }.map { $0 + 1 },
            file: file, line: line)
    }

    /// What `node` with these arguments writes (it must exit with 0).
    func node(_ arguments: [String]) throws -> Data { try Self.node(arguments) }

    static func node(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "node")
        return output
    }

    /// For each figure: a forward figure's values of the parts its table shows, row by row, as `.16e` prints them;
    /// a sample figure's text, as the page assembles it.
    static let driver = #"""
        const fs = require("fs"), path = require("path");
        const [folder, input, prime, seed, temperature] = process.argv.slice(2);
        const live = require(path.join(folder, "live.js"));
        const weights = live.pageWeights(JSON.parse(fs.readFileSync(path.join(folder, "weights.json"), "utf8")));
        const engine = new live.Engine(new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(path.join(folder, "rnn-live.wasm"))), {}).exports);
        const out = JSON.parse(fs.readFileSync(path.join(folder, "figures.json"), "utf8")).map(s => {
          const m = live.prepare(s, weights).model;
          const ids = t => Array.from(t).map(c => m.sources.indexOf(c));
          if (s.kind === "sample") {
            const texts = [];
            for (let k = 0; k < s.top; k++) {
              const d = engine.sample(m, ids(prime), +temperature, (+seed + k) >>> 0, s.length, s.stop);
              texts.push(Array.from(prime).concat(d.tokens.filter(i => i !== s.stop).map(i => m.targets[i])).join(""));
            }
            return [texts.join("\n") + "\n"];
          }
          // The input but its last character first (as typed: the next pass computes only the last step).
          const shorter = ids(input).slice(0, -1);
          if (shorter.length) { engine.forward(m, shorter, shorter.slice(1).concat([-1])); }
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
    /// digit `.16e` prints (17 significant: the doubles themselves), for the notes' model, ReLU, LSTM, GRU, the
    /// original GRU, stacked models (the top layer's h, layer 1's gates, as the native tables show them) and
    /// embedded inputs; the
    /// samples are the native samples for another prime, seed and temperature.
    func testThePageComputesTheNativeNumbersForUnseenInputs() throws {
        let module = try Self.environment.liveModule().get()
        let page = build(lesson(input: "hell", prime: "he", seed: 1, temperature: 1))
        XCTAssertEqual(page.diagnostics.map(\.formatted), [])
        let built = figures(try XCTUnwrap(page.html))
        XCTAssertEqual(built.count, 20)
        let cases: [(String, String, Int, Double)] = [
            ("oleh hello", "lo", 12345, 0.7), ("o", "", 4_294_967_295, 1.9), ("eelloo hh lleo", "hell", 7, 0.35),
        ]
        var compared = 0
        for (input, prime, seed, temperature) in cases {
            let native = build(lesson(input: input, prime: prime, seed: seed, temperature: temperature))
            XCTAssertEqual(native.diagnostics.map(\.formatted), [])
            let expected = figures(try XCTUnwrap(native.html))
            let live = try runInNode(
                module, built.map(\.data), weights: LivePage.weights(try XCTUnwrap(page.html)), input: input,
                prime: prime, seed: seed, temperature: temperature)
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

    /// The module's `fma` (WebAssembly has no fused multiply-add: `Sources/RNNLive/FusedMultiplyAdd.swift`
    /// emulates it) against the machine's, bit for bit, on triples that exercise both of its ways: factors and
    /// addends in the fast path's range, exact and near cancellations, addends that put the product half an ulp
    /// from a rounding boundary, factors with short significands (exact products), and values out of the range
    /// (tiny, huge, subnormal, zero, infinite, NaN).
    func testTheModulesFusedMultiplyAddIsTheMachines() throws {
        let module = try Self.environment.liveModule().get()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func random(_ exponents: ClosedRange<Int>) -> Double {
            let e = UInt64(1023 + exponents.lowerBound + Int(next() % UInt64(exponents.count)))
            return Double(bitPattern: (next() & (1 << 63)) | e << 52 | (next() & ((1 << 52) - 1)))
        }
        let special: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 0x1p-1030, 0x1p1000, 1e-300]
        var triples: [(Double, Double, Double)] = []
        for k in 0..<120_000 {
            let (x, y) = (random(-460...460), random(-460...460))
            switch k % 7 {
            case 0: triples.append((x, y, random(-810...810)))
            case 1: triples.append((x, y, -(x * y)))
            case 2: triples.append((x, y, -(x * y) * (1 + Double(next() % 7) * 0x1p-52)))
            case 3:
                let scale = Int((x * y).magnitude.exponent) + 52 + Int(next() % 3)
                triples.append((x, y, Double(sign: .plus, exponent: scale, significand: random(0...0).magnitude)))
            case 4:
                let (a, b) = (Double(next() % (1 << 26) + 1), Double(next() % (1 << 27) + 1))
                triples.append((a, b, Double(next() % (1 << 53)) * Double(1 << (next() % 30))))
            case 5: triples.append((x, y, 0))
            default: triples.append((special[k % special.count], y, special[(k / 7) % special.count] + x))
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-live-fma-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(module).write(to: folder.appendingPathComponent("rnn-live.wasm"))
        let values = triples.flatMap { [$0.0, $0.1, $0.2] }
        try values.withUnsafeBytes { Data($0) }.write(to: folder.appendingPathComponent("triples"))
        let script = """
            const fs = require("fs"), x = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(process.argv[2] + "/rnn-live.wasm")), {}).exports;
            const t = new Float64Array(new Uint8Array(fs.readFileSync(process.argv[2] + "/triples")).buffer), out = new Float64Array(t.length / 3);
            for (let i = 0; i < out.length; i++) { out[i] = x.fma(t[3 * i], t[3 * i + 1], t[3 * i + 2]); }
            process.stdout.write(Buffer.from(out.buffer));
            """
        try Data(script.utf8).write(to: folder.appendingPathComponent("fma.js"))
        let output = try node([folder.appendingPathComponent("fma.js").path, folder.path])
        let got = output.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        XCTAssertEqual(got.count, triples.count)
        var differ = 0
        for ((x, y, z), r) in zip(triples, got) {
            let want = z.addingProduct(x, y)
            if !(want.bitPattern == r.bitPattern || (want.isNaN && r.isNaN)) {
                differ += 1
                if differ <= 5 { XCTFail("fma(\(x), \(y), \(z)): the machine's \(want), the module's \(r)") }
            }
        }
        XCTAssertEqual(differ, 0)
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
        let live = try runInNode(
            module, [figures(html)[0].data], weights: LivePage.weights(html), input: "hello", prime: "", seed: 1,
            temperature: 1)
        let J = Array(live[0].suffix(4))
        XCTAssertEqual(J.count, 4)
        for value in J { XCTAssertTrue(losses.contains(value), "J(t) = \(value) among the loss table's \(losses)") }
    }

    func testLiveIsRefusedWithAReasonAtTheKey() {
        let cases: [(String, String)] = [
            (
                "```rnn model\nname: real\ninput_size: 2\nlabels: [a, b]\nhidden: 2\nseed: 1\n```\n\n```rnn forward\nmodel: real\ninputs: [[1, 0], [0, 1]]\nlive: true\n```\n",
                "one-direction language model over tokens"
            ),
            (
                "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn forward\nmodel: m\ninput: ab\nformat: .3g\nlive: true\n```\n",
                "prints numbers with .Nf, .Ne or .N%, not with this directive's 'format: .3g'"
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
        // When the lesson says it in its own paragraph right after the figure (in a callout too), the Markdown
        // handout says it once, in the lesson's words, and so does the HTML one's static figure (in print, without
        // scripts); a paragraph further on does not count.
        let said = "In the HTML handout this pass is live: type a and b."
        for (before, after) in [("", ""), ("> [!NOTE]\n> ", "> ")] {
            let own = build(
                "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n" + before
                    + "```rnn forward\n\(after)model: m\n\(after)input: ab\n\(after)live: true\n\(after)```\n\(after)\n\(after)\(said)\n")
            XCTAssertEqual(own.diagnostics.map(\.formatted), [])
            let markdown = try XCTUnwrap(own.markdown)
            XCTAssertEqual(markdown.components(separatedBy: "In the HTML handout").count, 2, markdown)
            XCTAssertTrue(markdown.contains("type a and b."))
            XCTAssertEqual(try XCTUnwrap(own.html).components(separatedBy: "In the HTML handout").count, 2)
        }
        let later = build(
            "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn forward\nmodel: m\ninput: ab\nlive: true\n```\n\nThen.\n\n\(said)\n")
        XCTAssertEqual(try XCTUnwrap(later.markdown).components(separatedBy: "In the HTML handout").count, 3)
        XCTAssertEqual(try XCTUnwrap(later.html).components(separatedBy: "In the HTML handout").count, 3)
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
        // A live gradient flow carries every model it draws: the exercise's, second of two, is found.
        let flow = { (extra: String) in
            """
            ```rnn model
            name: n
            vocabulary: [a, b]
            hidden: 2
            ```

            ```rnn model
            name: m
            vocabulary: [a, b]
            hidden: 3
            ```

            ```rnn gradient-flow
            models: [n, m]
            sequence: abba
            live: true
            ```

            ```rnn exercise
            id: ex
            question: How far back does the gradient of m reach?
            answers:
              - name: ratio
                value: gradient_flow.m.ratio
            \(extra)
            ```

            """
        }
        let flowErrors = build(flow(""), edition: .student).diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(flowErrors.count, 1, "\(flowErrors.map(\.formatted))")
        XCTAssertTrue(flowErrors.first?.message.contains("live 'gradient-flow' figure carries the weights of 'm' into the student edition") == true)
        XCTAssertEqual(flowErrors.first?.location?.line, 13)
        XCTAssertEqual(build(flow("live: allowed"), edition: .student).diagnostics.filter { $0.severity == .error }.count, 0)
    }

    /// The hello model of the tester's report (issue 33 item 4), with a live forward pass when `live`, and an
    /// exercise on it when `exercise` (its answer `secret.h[3, 1]`, of an instructor-only forward pass).
    static func helloLesson(live: Bool, exercise: Bool) -> String {
        var text = """
            ```rnn model
            name: hello
            vocabulary: [h, e, l, o]
            hidden: 3
            scale: 0.5
            seed: 7
            ```

            """
        if live { text += "```rnn forward\nmodel: hello\ninput: ll\nshow: [h]\nlive: true\n```\n\n" }
        if exercise {
            text += """
                ```rnn forward instructor
                model: hello
                input: heo
                show: [h]
                id: secret
                ```

                ```rnn exercise
                id: q1
                question: Run the model of this lesson on "heo". What is $h^{(3)}_1$?
                answers:
                  - name: h31
                    value: secret.h[3, 1]
                ```

                """
        }
        return text
    }

    /// An exercise whose answer reads a result computed from a model (not the model's name) asks about that
    /// model: the live figure carrying its weights is refused in the student edition.
    func testTheLeakGuardFollowsAResultBackToItsModel() throws {
        let refused = build(Self.helloLesson(live: true, exercise: true), edition: .student)
        let errors = refused.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.message), [
            "this live 'forward' figure carries the weights of 'hello' into the student edition, and exercise 'q1' (line 22) asks about that model"
        ])
        XCTAssertEqual(errors.first?.location?.line, 8)
        XCTAssertTrue(build(Self.helloLesson(live: true, exercise: true), edition: .instructor).succeeded)
    }

    /// A live figure in one lesson whose weights are bit for bit those of a model an exercise of another lesson
    /// of the edition asks about (the same model defined again) is refused at the figure, naming the exercise;
    /// a model with other weights (another seed) is not.
    func testTheLeakGuardComparesTheWeightsAcrossTheEditionsLessons() throws {
        let first = build(Self.helloLesson(live: true, exercise: false), slug: "l1", edition: .student)
        let second = build(Self.helloLesson(live: false, exercise: true), slug: "l2", edition: .student)
        XCTAssertTrue(first.succeeded && second.succeeded)
        let errors = LeakGuard.check(edition: [:], lessons: [first, second], limits: Limits())
        XCTAssertEqual(errors.map(\.message), [
            "this live 'forward' figure carries the weights of 'hello' into the student edition; they are those of a model that exercise 'q1' (l2.md:15) asks about"
        ])
        XCTAssertEqual(errors.first?.path, "l1.md")
        XCTAssertEqual(errors.first?.location?.line, 8)
        let reseeded = Self.helloLesson(live: false, exercise: true).replacingOccurrences(of: "seed: 7", with: "seed: 8")
        let other = build(reseeded, slug: "l3", edition: .student)
        XCTAssertEqual(LeakGuard.check(edition: [:], lessons: [first, other], limits: Limits()).count, 0)
    }

    /// A gradient flow carries the weights of each of its models: the second one's are compared too.
    func testTheLeakGuardComparesEveryModelOfALiveGradientFlowAcrossLessons() throws {
        let flow = """
            ```rnn model
            name: other
            vocabulary: [h, e, l, o]
            hidden: 3
            scale: 0.5
            seed: 9
            ```

            ```rnn model
            name: hello
            vocabulary: [h, e, l, o]
            hidden: 3
            scale: 0.5
            seed: 7
            ```

            ```rnn gradient-flow
            models: [other, hello]
            sequence: hello
            live: true
            ```

            """
        let first = build(flow, slug: "l1", edition: .student)
        let second = build(Self.helloLesson(live: false, exercise: true), slug: "l2", edition: .student)
        XCTAssertTrue(first.succeeded && second.succeeded)
        XCTAssertEqual(first.live.map(\.model), ["other", "hello"])
        let errors = LeakGuard.check(edition: [:], lessons: [first, second], limits: Limits())
        XCTAssertEqual(errors.map(\.message), [
            "this live 'gradient-flow' figure carries the weights of 'hello' into the student edition; they are those of a model that exercise 'q1' (l2.md:15) asks about"
        ])
        XCTAssertEqual(errors.first?.location?.line, 17)
    }
}
