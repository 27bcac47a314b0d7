import Foundation
import XCTest

@testable import Workbook

/// Every seed of the fuzzer and every crash it ever found (`Tests/Fuzz`) goes through the front end without
/// trapping; the seeds that are real lessons give their expected number of diagnostics.
final class FuzzRegressionTests: XCTestCase {
    let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    func inputs(_ sub: String) throws -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(sub)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    func testSeedsRunThroughTheFrontEnd() throws {
        let seeds = try inputs("corpus")
        XCTAssertGreaterThanOrEqual(seeds.count, 10)
        for seed in seeds {
            let count = FrontEnd.check([UInt8](try Data(contentsOf: seed)))
            let name = seed.lastPathComponent
            if name.hasPrefix("lesson-") { XCTAssertEqual(count, 0, name) }
            if name.hasPrefix("broken-") { XCTAssertGreaterThanOrEqual(count, 1, name) }
        }
    }

    func testEveryCrashTheFuzzerFoundStaysFixed() throws {
        for crash in try inputs("crashes") {
            let bytes = [UInt8](try Data(contentsOf: crash))
            if crash.lastPathComponent.hasPrefix("structured-") {
                StructuredFuzzing.run(bytes)
            } else if crash.lastPathComponent.hasPrefix("output-") {
                StructuredFuzzing.runOutputFolder(bytes)
            } else {
                FrontEnd.check(bytes)
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
            let (parsed, _) = LessonParser.parse(SourceFile(path: "f.md", text: text), slug: "f", allowRawHTML: false)
            if let parsed {
                let (_, planDiagnostics) = Planner.plan(parsed, limits: Limits())
                if !planDiagnostics.contains(where: { $0.severity == .error }) { executed += 1 }
            }
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
