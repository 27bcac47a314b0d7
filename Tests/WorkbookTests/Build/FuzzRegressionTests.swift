import Foundation
import XCTest

@testable import Workbook

/// Every seed of the fuzzer and every crash it ever found (`Tests/Fuzz`) is replayed and gives exactly the
/// diagnostics recorded for it in `Tests/Fuzz/expected.txt` (`corpus/…` through the front end, `crashes/…` through
/// the front end or, `structured-…`, the whole pipeline; `bibtex-…` through the .bib reader): a crash's input must keep producing its diagnostics, not
/// merely return. Run with `WORKBOOK_RECORD_FUZZ=1` to write the file anew after a deliberate change, and read the diff.
final class FuzzRegressionTests: XCTestCase {
    let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// The replayed inputs, as `folder/name`.
    func inputs() throws -> [String] {
        try ["corpus", "crashes"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: fuzzFolder.appendingPathComponent(folder).path)
                .filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
        }.sorted()
    }

    /// What replaying `input` gives: one line per diagnostic, or `(none)`.
    func replay(_ input: String) throws -> [String] {
        let bytes = [UInt8](try Data(contentsOf: fuzzFolder.appendingPathComponent(input)))
        let name = (input as NSString).lastPathComponent
        // The output-folder fuzzer's inputs give what the writer did: refused, or wrote inside the folder.
        if name.hasPrefix("output-") { return ["\(StructuredFuzzing.runOutputFolder(bytes))"] }
        let structured = name.hasPrefix("structured-")
        let diagnostics =
            name.hasPrefix("bibtex-")
            ? Bibliography.fuzz(bytes) : structured ? StructuredFuzzing.diagnostics(bytes) : FrontEnd.diagnostics(bytes)
        let lines = diagnostics.map { $0.headline.replacingOccurrences(of: "\n", with: "⏎") }
        return lines.isEmpty ? ["(none)"] : lines
    }

    func testEveryReplayedInputGivesItsRecordedDiagnostics() throws {
        let inputs = try inputs()
        XCTAssertGreaterThanOrEqual(inputs.count, 14, "the seeds are there")
        let file = fuzzFolder.appendingPathComponent("expected.txt")
        var found: [String: [String]] = [:]
        for input in inputs { found[input] = try replay(input) }
        if ProcessInfo.processInfo.environment["WORKBOOK_RECORD_FUZZ"] == "1" {
            let text = inputs.flatMap { input in found[input]!.map { "\(input): \($0)" } }.joined(separator: "\n")
            try Data((text + "\n").utf8).write(to: file)
        }
        var expected: [String: [String]] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            expected[String(parts[0]), default: []].append(String(parts[1]).trimmingCharacters(in: .whitespaces))
        }
        XCTAssertEqual(
            Set(expected.keys), Set(inputs), "every input has its expectation and every expectation its input")
        for input in inputs { XCTAssertEqual(found[input], expected[input], input) }
        // The seeds that are real lessons are clean; the broken ones each have an error.
        for input in inputs where input.hasPrefix("corpus/lesson-") { XCTAssertEqual(found[input], ["(none)"], input) }
        for input in inputs where input.hasPrefix("corpus/broken-") {
            XCTAssertTrue(found[input]!.contains { $0.contains(": error: ") }, input)
        }
    }

    /// The runner's default time for one structured input covers the slowest lesson the grammar makes: each of
    /// its pieces a directive stopped at its maxSecondsPerDirective, and a second more for building the page; a
    /// shorter one reports a lesson that keeps every limit as a hang (the script's 10 s did).
    func testTheStructuredRunnersTimeoutCoversTheSlowestLesson() throws {
        let script = try String(contentsOf: fuzzFolder.appendingPathComponent("run-fuzzer.sh"), encoding: .utf8)
        let line = try XCTUnwrap(
            script.split(separator: "\n").first { $0.hasPrefix("[ \"$mode\" = structured ] && default_timeout=") },
            "run-fuzzer.sh sets a default timeout of its own for structured runs")
        let timeout = try XCTUnwrap(Double(line.split(separator: "=").last!))
        let slowest = Double(StructuredFuzzing.maxPieces) * StructuredFuzzing.limits.maxSecondsPerDirective + 1
        XCTAssertEqual(slowest, 13)
        XCTAssertGreaterThanOrEqual(timeout, slowest)
    }

    /// Each of the structured fuzzer's hostile pieces at its largest (65,536 units) builds: the bytes choose no
    /// prelude, one item, a hostile one, the piece, and 2^16 units. The deep YAML and the deep expression are
    /// refused at their bound with one error, the unclosed inline values with the first 100 errors; the others
    /// are prose that builds.
    func testEveryHostilePieceAtItsLargestBuilds() throws {
        for (index, piece) in StructuredFuzzing.hostilePieces.enumerated() {
            let bytes: [UInt8] = [0, 0, 1, UInt8(index), 16]
            let text = StructuredFuzzing.lesson(from: bytes)
            XCTAssertTrue(text.contains(String(repeating: piece.unit, count: 65_536)), "\(index)")
            let errors = buildLesson(text).diagnostics.filter { $0.severity == .error }.map(\.message)
            if piece.start.hasPrefix("```rnn check") {
                XCTAssertEqual(errors.count, 1, "\(index): \(errors)")
                XCTAssertTrue(errors.allSatisfy { $0.contains("nested") }, "\(index): \(errors)")
            } else if piece.unit == "{{ " {
                XCTAssertEqual(errors, Array(repeating: "unterminated inline value: '{{' has no '}}' on its line", count: 100))
            } else {
                XCTAssertEqual(errors, [], "\(index)")
            }
        }
    }

    /// The structured fuzzer's lessons, from fixed pseudo-random bytes: they run through the whole pipeline,
    /// and the grammar makes most of them reach execution (a lesson that plans has no error before it runs).
    func testStructuredLessonsRunThroughThePipelineAndMostReachExecution() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var executed = 0
        let count = 150
        for _ in 0..<count {
            let bytes = (0..<256).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            let text = StructuredFuzzing.lesson(from: bytes)
            let run = Pipeline.run(SourceFile(path: "f.md", text: text), slug: "f", through: .plan, options: BuildOptions())
            if run.parsed != nil, !run.hasErrors { executed += 1 }
            StructuredFuzzing.run(bytes)
        }
        XCTAssertGreaterThan(executed, count / 10, "the grammar's lessons get past planning")
    }

    /// The output-folder fuzzer's cases, from fixed pseudo-random bytes: links, FIFOs and a tampered manifest in
    /// the folder never lead the writer outside it (a broken promise traps), and the grammar reaches both ends:
    /// folders the writer refuses and folders it writes.
    func testOutputFoldersWithLinksNeverLeadTheWriterOutside() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var outcomes: [StructuredFuzzing.OutputFolderOutcome: Int] = [:]
        for _ in 0..<100 {
            let bytes = (0..<96).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            outcomes[StructuredFuzzing.runOutputFolder(bytes), default: 0] += 1
        }
        XCTAssertGreaterThan(outcomes[.refused] ?? 0, 10, "\(outcomes)")
        XCTAssertGreaterThan(outcomes[.written] ?? 0, 10, "\(outcomes)")
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "workbook-fuzz-output-\(getpid())"))
    }
}
