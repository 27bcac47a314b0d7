import Foundation
import XCTest

@testable import Workbook

/// Inputs a helper's hunt found trapping in Foundation or in a conversion, each now refused or handled: the tool
/// ended with SIGFPE or SIGILL, and for `grade` one student's file ended the class's grading.
final class TrapsTests: XCTestCase {
    /// ICU's ISO 8601 parser divided by zero on a fraction of 35 digits or more (a `submitted:` time in one
    /// student's answer file): the text is matched first, and a fraction of up to 9 digits is read.
    func testASubmittedTimeWithALongFractionIsNotATime() throws {
        let base = Date(timeIntervalSince1970: 1_740_824_100)  // 2025-03-01T10:15:00Z
        XCTAssertEqual(AnswerFile.date("2025-03-01T10:15:00Z"), base)
        XCTAssertEqual(AnswerFile.date("2025-03-01T10:15:00.250Z"), base.addingTimeInterval(0.25))
        XCTAssertEqual(AnswerFile.date("2025-03-01T11:15:00+01:00"), base)
        // Read to the millisecond, as ICU does.
        XCTAssertEqual(AnswerFile.date("2025-03-01T10:15:00.123456789Z")?.timeIntervalSince(base) ?? 0, 0.123, accuracy: 1e-3)
        XCTAssertNil(AnswerFile.date("2025-03-01T10:15:00." + String(repeating: "0", count: 35) + "Z"))
        XCTAssertNil(AnswerFile.date("2025-03-01T10:15:00.0000000000Z"))
        XCTAssertNil(AnswerFile.date("yesterday"))
    }

    /// An answer file over 1 MiB says so without naming a `--limit` that `grade` does not have.
    func testAnAnswerFileTooLargeSaysItsLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-traps-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(repeating: 0x61, count: (1 << 20) + 1).write(to: path)
        guard case .failure(_, _, let reason, _) = AnswerFile.read(path.path) else { return XCTFail("read") }
        XCTAssertEqual(reason, "the file is 1.0 MiB, more than 1 MiB, the most an answer file may be")
    }

    /// Foundation's `deletingLastPathComponent` traps on a path of one character (`workbook import .`, `grade
    /// --out g`); `parentPath` gives what it gives for every other path.
    func testParentPathIsFoundationsWithoutItsTrap() {
        for path in ["/", "/a", "/a/b", "a/b", "a/b/", "/a/b/", "ab", "a//b", "//a", "./x", "../x/y", "a/./b"] {
            XCTAssertEqual(path.parentPath, (path as NSString).deletingLastPathComponent, path)
        }
        XCTAssertEqual(["x", ".", "/"].map(\.parentPath), ["", "", "/"])
    }

    func testImportingTheCurrentFolderFindsItsTitle() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-traps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("x"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("title: Notes above\n".utf8).write(to: root.appendingPathComponent("_config.yml"))
        let previous = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        FileManager.default.changeCurrentDirectoryPath(root.appendingPathComponent("x").path)
        XCTAssertEqual(NoteImport.projectTitle("."), "Notes above")
        FileManager.default.changeCurrentDirectoryPath(root.path)
        XCTAssertEqual(NoteImport.projectTitle("x"), "Notes above")
    }

    /// `Int(1e19)` trapped: the axis is compared as a number first.
    func testAHugeAxisIsAnError() throws {
        for axis in ["1e19", "1e300", "2"] {
            XCTAssertThrowsError(
                try Evaluator(namespace: Namespace()).evaluate(ExpressionParser.parse("sum([1, 2], \(axis))"))
            ) { error in
                XCTAssertEqual((error as? ExpressionError)?.message, "sum(x, axis): axis must be 1…1", axis)
            }
        }
    }

    /// The deadline is counted in nanoseconds of a 64-bit clock: `UInt64(1e300 * 1e9)` trapped.
    func testTheTimeLimitIsAtMostAMillionSeconds() {
        var limits = Limits()
        XCTAssertNil(limits.set("maxSecondsPerDirective=1000000"))
        XCTAssertEqual(limits.maxSecondsPerDirective, 1e6)
        for value in ["1e300", "1000001", "inf", "nan", "0", "-1"] {
            XCTAssertEqual(
                limits.set("maxSecondsPerDirective=\(value)"),
                "maxSecondsPerDirective must be a positive number of seconds, at most 1000000", value)
        }
    }
}
