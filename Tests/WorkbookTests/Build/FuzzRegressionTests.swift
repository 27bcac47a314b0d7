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
            FrontEnd.check([UInt8](try Data(contentsOf: crash)))
        }
    }
}
