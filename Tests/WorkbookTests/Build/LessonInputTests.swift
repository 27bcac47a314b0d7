import Foundation
import XCTest

@testable import Workbook

/// What a lesson reads is checked before it is read: only regular files, within the size limits.
final class LessonInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func build(_ lesson: String, limits: Limits = Limits()) throws -> CourseBuild {
        try Data(lesson.utf8).write(to: folder.appendingPathComponent("lesson.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits = limits
        return CourseBuilder.build(inputs: [folder.appendingPathComponent("lesson.md").path], options: options)
    }

    func messages(_ build: CourseBuild) -> [String] {
        build.diagnostics.map { d in d.location.map { "\($0.line):\($0.column): " }.map { $0 + d.message } ?? d.message
        }
    }

    let corpus = "# Reading\n\n```rnn corpus\nname: c\nfile: data.txt\ntokens: characters\n```\n"

    func testAFIFOIsRefusedInsteadOfBlockingTheBuild() throws {
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("data.txt").path, 0o600), 0)
        XCTAssertEqual(
            messages(try build(corpus)),
            ["5:7: cannot read 'data.txt': this is a FIFO (named pipe), not a file; only regular files are read"])
    }

    func testAFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        // A sparse file: it claims 1 GiB and takes no room on disk.
        let path = folder.appendingPathComponent("data.txt").path
        let fd = open(path, O_CREAT | O_WRONLY, 0o600)
        XCTAssertEqual(ftruncate(fd, 1 << 30), 0)
        close(fd)
        XCTAssertEqual(
            messages(try build(corpus)),
            [
                "5:7: cannot read 'data.txt': the file is 1.0 GiB, more than 256 MiB, the limit maxFileMB; raise it with --limit maxFileMB=…"
            ])
    }

    func testALessonOverItsSizeLimitIsRefused() throws {
        var limits = Limits()
        limits.maxLessonMB = 1
        let big = "# Big\n\n" + String(repeating: "word ", count: 300_000)
        XCTAssertEqual(
            messages(try build(big, limits: limits)),
            ["the file is 1.4 MiB, more than 1 MiB, the limit maxLessonMB; raise it with --limit maxLessonMB=…"])
    }

    func testAByteOrderMarkIsAcceptedAtTheStartOfALesson() throws {
        let lesson = "\u{FEFF}" + helloModel + "The hidden size is {{ hello.H }}.\n"
        let result = try build(lesson)
        XCTAssertEqual(messages(result), [])
        let markdown = String(decoding: result.files["lesson.md"] ?? [], as: UTF8.self)
        XCTAssertTrue(markdown.contains("The hidden size is 3."), markdown)
        XCTAssertFalse(markdown.contains("\u{FEFF}"))
    }
}
