import XCTest

@testable import Workbook

/// A lesson that names a file that does not exist gets, under the error, the name of a file in the same folder
/// at most 2 edits away (Levenshtein: `shakespear.txt` is 1 from `shakespeare.txt`, `shakspear.txt` 2,
/// `shkspear.txt` 3), as an unknown key gets the key it resembles.
final class MissingFileSuggestionTests: XCTestCase {
    func testAMissingFileNearAnExistingOneSuggestsIt() throws {
        let course = try TemporaryCourse(
            "missing-file",
            files: [
                "Lessons/data/shakespeare.txt": "to be or not to be\n", "Lessons/data/shakespeare.tx/keep": "",
                "Lessons/data/notes.md": "",
            ])
        defer { course.remove() }
        func details(_ name: String) throws -> [String] {
            try course.write("Lessons/01-c.md", "# C\n\n```rnn corpus\nname: c\nfile: data/\(name)\n```\n")
            let errors = course.build().diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(
                errors.map(\.message), ["cannot read 'data/\(name)': there is no such file beside the lesson"])
            return errors.first?.details ?? []
        }
        XCTAssertEqual(try details("shakespear.txt"), ["did you mean 'data/shakespeare.txt'?"])
        XCTAssertEqual(try details("shakspear.txt"), ["did you mean 'data/shakespeare.txt'?"])
        XCTAssertEqual(try details("shkspear.txt"), [])
        // A folder is not a file to read, however near its name.
        XCTAssertEqual(try details("shakespeare.t"), ["did you mean 'data/shakespeare.txt'?"])
        XCTAssertEqual(try details("nothing.txt"), [])
    }
}
