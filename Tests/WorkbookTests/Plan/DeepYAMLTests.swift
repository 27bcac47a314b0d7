import Foundation
import XCTest

@testable import Workbook

/// YAML nested tens of thousands deep (a lesson or a student's answer file) is an error at the line where the
/// nesting passes the limit, not a stack overflow while the tree is built, walked or freed.
final class DeepYAMLTests: XCTestCase {
    /// A model directive whose `extra` value opens `depth` lists, each on its own line from line 9 on when
    /// `oneLine` is false (block lists), or all on line 8 (flow lists, `[[[…]]]`).
    func deepLesson(depth: Int, oneLine: Bool) -> String {
        let head = "# Deep\n\n```rnn model\nname: m\ncharacters: ab\nhidden: 2\nextra:"
        if oneLine {
            return head + " " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n```\n"
        }
        // `- ` then the next list on the following line, two spaces further in.
        var lines: [String] = []
        for level in 0..<depth { lines.append(String(repeating: " ", count: 2 * level) + "-") }
        return head + "\n" + lines.joined(separator: "\n") + " x\n```\n"
    }

    func testFlowListsFiftyThousandDeepAreAnErrorWhereTheLimitIsPassed() {
        let text = deepLesson(depth: 50_000, oneLine: true)
        XCTAssertGreaterThan(text.utf8.count, 100_000)
        // The directive's mapping is the first level, so the 64th `[` is the one too many: `extra: ` is 7
        // characters, so it stands in column 8 + 63.
        XCTAssertEqual(
            headlines(text),
            [
                "Lessons/test.md:7:71: error: lists and mappings are nested more than 64 levels deep here; nothing needs more than a few"
            ])
    }

    func testFourHundredThousandDeepIsTheSameError() {
        XCTAssertEqual(
            headlines(deepLesson(depth: 400_000, oneLine: true)),
            [
                "Lessons/test.md:7:71: error: lists and mappings are nested more than 64 levels deep here; nothing needs more than a few"
            ])
    }

    func testBlockListsAreCountedTheSameWay() {
        // List k (from 0) opens on line 8 + k at its `-`, column 2k + 1; list 63 is the 65th level.
        XCTAssertEqual(
            headlines(deepLesson(depth: 300, oneLine: false)),
            [
                "Lessons/test.md:71:127: error: lists and mappings are nested more than 64 levels deep here; nothing needs more than a few"
            ])
    }

    func testSixtyFourLevelsAreStillRead() {
        // At the limit (the mapping and 63 lists) the value is read; the model then refuses the unknown key, as
        // for any other value.
        XCTAssertEqual(
            headlines(deepLesson(depth: 63, oneLine: true)).map { $0.prefix(52) },
            ["Lessons/test.md:7:1: error: unknown key 'extra' in '"])
    }

    func testAnAnswerFileNestedFiftyThousandDeepIsAnErrorAtItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deep-answers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s1.yml").path
        let text =
            AnswerFile.marker + "\nstudent: s1\nlesson: 17-exercises\nanswers:\n  first.h1: "
            + String(repeating: "{a: ", count: 50_000) + "1" + String(repeating: "}", count: 50_000) + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        guard case .failure(_, _, _, let diagnostics) = AnswerFile.read(path) else {
            return XCTFail("a file nested 50,000 deep was read as an answer file")
        }
        // The file's mapping and `answers:` are two levels, so the 63rd `{` is the one too many; `  first.h1: ` is
        // 12 characters and each `{a: ` 4, so it stands in column 13 + 4 · 62.
        XCTAssertEqual(
            diagnostics.map(\.headline),
            [
                "\(path):5:261: error: lists and mappings are nested more than 64 levels deep here; nothing needs more than a few"
            ])
    }

    /// Long YAML: a finished item went into its list by taking the list off the builder's stack and putting it
    /// back, which copied it (20,000 tags: 4 s), and every key was compared with all before it (20,000 keys:
    /// 22 s). Now in place, and a duplicate key is still an error naming where it was first given.
    func testTwentyThousandItemsAndKeys() {
        let tags = buildLesson("---\ntags:\n" + String(repeating: "  - a\n", count: 20_000) + "---\n\nx\n")
        XCTAssertTrue(tags.succeeded, tags.diagnostics.map(\.headline).joined(separator: "\n"))
        let keys = (0..<20_000).map { "  k\($0): 1\n" }.joined()
        let duplicated = buildLesson("---\njupyter:\n" + keys + "  k5: 2\n---\n\nx\n")
        XCTAssertEqual(
            duplicated.diagnostics.map(\.headline), ["Lessons/test.md:20003:3: error: duplicate key 'k5' (it is first given at line 8)"])
    }
}
