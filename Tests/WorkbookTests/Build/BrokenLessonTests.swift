import Foundation
import XCTest

@testable import Workbook

/// The corpus of broken lessons (`Fixtures/broken`): each gets exactly its expected diagnostics, at the
/// expected line and column, and none of them crashes or writes a handout.
final class BrokenLessonTests: XCTestCase {
    func testEveryBrokenLessonGetsItsExpectedDiagnostics() throws {
        let folder = try fixtureURL("broken")
        let expectedText = try String(contentsOf: folder.appendingPathComponent("EXPECTED.txt"), encoding: .utf8)
        var expected: [String: [String]] = [:]
        for line in expectedText.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            expected[String(parts[0]), default: []].append(String(parts[1]).trimmingCharacters(in: .whitespaces))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".md") && $0 != "README.md"
        }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 40)
        XCTAssertEqual(
            Set(files), Set(expected.keys), "every broken lesson has expectations and every expectation a lesson")
        var options = BuildOptions()
        options.katexDirectory = nil
        options.jobs = 2
        let build = CourseBuilder.build(inputs: files.map { folder.appendingPathComponent($0).path }, options: options)
        XCTAssertEqual(build.lessons.filter { $0.html != nil }.map(\.path), [], "no broken lesson produces a handout")
        var found: [String: [String]] = [:]
        for d in build.diagnostics {
            let file = (d.path as NSString).lastPathComponent
            let position = d.location.map { "\($0.line):\($0.column): " } ?? ""
            found[file, default: []].append("\(position)\(d.severity.rawValue): \(d.message)")
        }
        for file in files {
            XCTAssertEqual(found[file] ?? [], expected[file] ?? [], file)
        }
    }
}

final class DiagnosticLimitTests: XCTestCase {
    func testALessonReportsAtMostAHundredProblemsAndSaysThereAreMore() {
        let text = String(repeating: "{{ nothing }} ", count: 5_000) + "\n"
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.count, 101)
        XCTAssertEqual(
            product.diagnostics.last?.headline,
            "Lessons/test.md: note: more problems in this lesson are not shown; fix these 100 first")
    }
}
