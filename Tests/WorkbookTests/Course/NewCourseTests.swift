import Foundation
import XCTest

@testable import Workbook

/// `workbook new` and the course file it writes.
final class NewCourseTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("new-course-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testANewCourseBuildsAsWrittenWithItsTitle() throws {
        let written = try NewCourse.create(in: folder.path, title: "Sequence \"Models\" 101")
        XCTAssertEqual(written, [".ci/check", ".gitignore", "Lessons/01-first-lesson.md", "README.md", "workbook.yml"])
        let check = folder.appendingPathComponent(".ci/check").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: check))
        XCTAssertEqual(
            try String(contentsOf: folder.appendingPathComponent(".gitignore"), encoding: .utf8).contains(
                ".workbook-cache/"), true)
        var options = BuildOptions()
        options.katexDirectory = nil
        options.swiftCells = SwiftCellTests.environment
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let build = CourseBuilder.build(inputs: ["Lessons"], options: options)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let index = String(decoding: try XCTUnwrap(build.files["index.html"]), as: UTF8.self)
        XCTAssertTrue(index.contains("<h1>Sequence &quot;Models&quot; 101</h1>"), index)
        XCTAssertTrue(index.contains("<title>Sequence &quot;Models&quot; 101</title>"), index)
        let lesson = String(decoding: try XCTUnwrap(build.files["01-first-lesson.md"]), as: UTF8.self)
        // The Swift cell ran, its export was checked, and the inline values hold numbers.
        XCTAssertTrue(lesson.contains("‖W_h‖ ="), lesson)
        XCTAssertNil(lesson.range(of: "{{"), lesson)
        XCTAssertNotNil(lesson.range(of: #"probability\s+0\.\d{3}\."#, options: .regularExpression), lesson)
    }

    func testAFolderThatIsNotEmptyIsRefusedAndLeftAlone() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mine = folder.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: mine)
        XCTAssertThrowsError(try NewCourse.create(in: folder.path, title: "x")) { error in
            XCTAssertEqual(
                "\(error)", "\(folder.path) is not empty (it holds notes.txt); give a new or empty folder")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["notes.txt"])
        XCTAssertEqual(try String(contentsOf: mine, encoding: .utf8), "mine")
        XCTAssertThrowsError(try NewCourse.create(in: mine.path, title: "x")) { error in
            XCTAssertEqual("\(error)", "\(mine.path) exists and is not a folder")
        }
    }

    /// A link where the course goes, even to an empty folder, is refused: nothing is written through it.
    func testALinkIsRefusedAndNothingIsWrittenThroughIt() throws {
        let target = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("course").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "elsewhere")
        XCTAssertThrowsError(try NewCourse.create(in: link, title: "x")) { error in
            XCTAssertEqual("\(error)", "\(link) is a symbolic link; give a new or empty folder")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), [])
        // An empty folder is filled, and nothing else is left in it.
        XCTAssertEqual(try NewCourse.create(in: target.path, title: "x").count, 5)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: target.path).sorted(),
            [".ci", ".gitignore", "Lessons", "README.md", "workbook.yml"])
    }

    func testTheCourseFileIsCheckedLikeADirective() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("workbook.yml").path
        try Data("title: RNNs\nauthr: Ada\nterm: [1, 2]\n".utf8).write(to: URL(fileURLWithPath: path))
        let (course, diagnostics) = CourseFile.read(path)
        XCTAssertEqual(course, CourseFile(title: "RNNs"))
        XCTAssertEqual(
            diagnostics.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") },
            [
                "workbook.yml:2:1: error: unknown key 'authr' in the course file (did you mean 'author'?); it takes title, author, term, roster, bibliography, citation-style, slides",
                "workbook.yml:3:7: error: 'term' must be text",
            ])
        try Data("title: RNNs\nauthor: Ada <ada@example.org>\nterm: Spring 2027\n".utf8).write(
            to: URL(fileURLWithPath: path))
        let index = IndexPage.html(
            lessons: [], assets: AssetLinks.make(katexDirectory: nil), course: CourseFile.read(path).0)
        XCTAssertTrue(index.contains("<p class=\"wb-muted\">Ada &lt;ada@example.org&gt; · Spring 2027</p>"), index)
        XCTAssertEqual(CourseFile.path(for: [folder.path + "/Lessons"]), folder.path + "/workbook.yml")
        XCTAssertEqual(CourseFile.read(folder.path + "/none.yml").0, CourseFile())
    }

    func testTheCourseFileNamesTheBibliographyAndTheCitationStyle() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("workbook.yml").path
        try Data("bibliography: Lessons/refs.bib\ncitation-style: numeric\n".utf8).write(to: URL(fileURLWithPath: path))
        let (course, diagnostics) = CourseFile.read(path)
        XCTAssertEqual(diagnostics.map(\.headline), [])
        XCTAssertEqual(course.bibliography, folder.path + "/Lessons/refs.bib")
        XCTAssertEqual(course.citationStyle, .numeric)
        XCTAssertEqual(CourseFile().citationStyle, .authorYear)
        try Data("citation-style: numerik\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(
            CourseFile.read(path).1.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") },
            [
                "workbook.yml:1:17: error: unknown citation style 'numerik' (did you mean 'numeric'?); it is author-year or numeric"
            ])
    }

    func testTheToolPrintsItsVersion() throws {
        let process = Process()
        process.executableURL = workbookBinary(for: Self.self)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(output, WorkbookVersion.string + "\n")
        XCTAssertEqual(WorkbookVersion.string.split(separator: ".").count, 3)
    }
}
