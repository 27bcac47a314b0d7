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
            } else {
                FrontEnd.check(bytes)
            }
        }
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
            let (parsed, _) = LessonParser.parse(SourceFile(path: "f.md", text: text), slug: "f", allowRawHTML: false)
            if let parsed {
                let (_, planDiagnostics) = Planner.plan(parsed, limits: Limits())
                if !planDiagnostics.contains(where: { $0.severity == .error }) { executed += 1 }
            }
            StructuredFuzzing.run(bytes)
        }
        XCTAssertGreaterThan(executed, count / 10, "the grammar's lessons get past planning")
    }
}
