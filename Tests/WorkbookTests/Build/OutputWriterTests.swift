import Foundation
import XCTest

@testable import Workbook

/// The writer every command writes through, against a tampered or careless output folder: a symbolic link
/// anywhere inside it is never followed (nothing is written, read back or removed through one), everything is
/// checked before anything is written, and a command's files land as one set.
final class OutputWriterTests: XCTestCase {
    var root: String!
    var out: String { root + "/Output" }
    let manager = FileManager.default

    override func setUpWithError() throws {
        root = manager.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)").path
        try manager.createDirectory(atPath: root + "/Lessons/figures", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        try write("Lessons/01-first.md", "# First\n")
        try write("Lessons/figures/a.svg", "<svg/>")
    }

    override func tearDownWithError() throws { try? manager.removeItem(atPath: root) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
    }

    func read(_ relative: String) -> String? {
        manager.contents(atPath: root + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func link(_ relative: String, to target: String) throws {
        try manager.createSymbolicLink(atPath: root + "/" + relative, withDestinationPath: target)
    }

    /// Every entry under `relative` (links not followed) with its bytes or link target.
    func tree(_ relative: String) -> [String: String] {
        var found: [String: String] = [:]
        let base = root + "/" + relative
        for case let path as String in manager.enumerator(atPath: base) ?? FileManager.DirectoryEnumerator() {
            let full = base + "/" + path
            if let target = try? manager.destinationOfSymbolicLink(atPath: full) {
                found[path] = "-> " + target
            } else {
                found[path] = manager.contents(atPath: full).map { String(decoding: $0, as: UTF8.self) } ?? "/"
            }
        }
        return found
    }

    let handouts: [String: [UInt8]] = [
        "01-first.html": Array("<p>first</p>".utf8), "assets/site.css": Array("body{}".utf8),
        "figures/a.svg": Array("<svg/>".utf8),
    ]

    func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// The case: a line of the manifest that leads through a link into the lessons folder.
    func testAStaleFileBehindALinkIsNeverRemovedAndTheLinkIsNamed() throws {
        try OutputWriter.write(handouts, to: out, wholeCourse: true)
        try link("Output/sub", to: "../Lessons")
        try write("Output/.workbook-manifest", read("Output/.workbook-manifest")! + "sub/01-first.md\n")
        let before = tree("Output")
        let message = refusal { try OutputWriter.write(self.handouts, to: self.out, wholeCourse: true) }
        XCTAssertTrue(
            message.hasPrefix(
                "\(out)/sub: is a symbolic link; .workbook-manifest lists 'sub/01-first.md' below it for the build to remove, and workbook never removes anything through a link"
            ), message)
        XCTAssertTrue(message.hasSuffix("\nnothing was written"), message)
        XCTAssertEqual(read("Lessons/01-first.md"), "# First\n")
        XCTAssertEqual(tree("Output"), before)
        XCTAssertTrue(
            OutputWriter.differences(handouts, in: out, wholeCourse: true).contains {
                $0.hasPrefix("\(out)/sub: is a symbolic link")
            })
    }

    /// An instructor's `Output/figures -> ../Lessons/figures`: neither written through nor emptied when a lesson
    /// drops an image.
    func testALinkedFiguresFolderIsNeitherWrittenThroughNorEmptied() throws {
        try OutputWriter.write(handouts, to: out, wholeCourse: true)
        try manager.removeItem(atPath: out + "/figures")
        try link("Output/figures", to: "../Lessons/figures")
        let writing = refusal { try OutputWriter.write(self.handouts, to: self.out, wholeCourse: true) }
        XCTAssertEqual(
            writing,
            "\(out)/figures: is a symbolic link, where workbook wants a folder; it never writes, reads back or removes anything through a link: remove the link\nnothing was written"
        )
        var without = handouts
        without["figures/a.svg"] = nil
        let removing = refusal { try OutputWriter.write(without, to: self.out, wholeCourse: true) }
        XCTAssertTrue(
            removing.hasPrefix("\(out)/figures: is a symbolic link; .workbook-manifest lists 'figures/a.svg'"), removing
        )
        XCTAssertEqual(read("Lessons/figures/a.svg"), "<svg/>")
    }

    /// `Output/assets` or `Output/student/<id>` pointing outside: nothing is written there, nor anywhere else.
    func testAFolderThatIsALinkOutsideGetsNothingWrittenThroughIt() throws {
        try manager.createDirectory(atPath: out + "/student", withIntermediateDirectories: true)
        try link("Output/assets", to: "../outside")
        try link("Output/student/ada", to: "../../outside")
        var files = handouts
        files["student/ada/01-first.html"] = Array("<p>ada</p>".utf8)
        let message = refusal { try OutputWriter.write(files, to: self.out, wholeCourse: true) }
        XCTAssertTrue(message.contains("\(out)/assets: is a symbolic link, where workbook wants a folder"), message)
        XCTAssertTrue(
            message.contains("\(out)/student/ada: is a symbolic link, where workbook wants a folder"), message)
        XCTAssertEqual(tree("outside"), [:])
        XCTAssertEqual(Set(tree("Output").keys), ["assets", "student", "student/ada"])
        // An edition's folder named by the command is reached the same way.
        let edition = refusal {
            try OutputWriter.write([
                OutputWriter.FileSet(folder: self.out, subfolder: "student/ada", files: self.handouts, isComplete: true)
            ])
        }
        XCTAssertTrue(
            edition.hasPrefix("\(out)/student/ada: is a symbolic link, where workbook wants a folder"), edition)
        XCTAssertEqual(tree("outside"), [:])
    }

    /// A handout the manifest lists that was replaced by a link to a lesson: the lesson is neither replaced
    /// nor read back, and a stale one is not removed.
    func testAHandoutThatIsALinkIsNeitherReplacedNorRemoved() throws {
        try OutputWriter.write(handouts, to: out, wholeCourse: true)
        try manager.removeItem(atPath: out + "/01-first.html")
        try link("Output/01-first.html", to: "../Lessons/01-first.md")
        let message = refusal { try OutputWriter.write(self.handouts, to: self.out, wholeCourse: true) }
        XCTAssertTrue(
            message.hasPrefix("\(out)/01-first.html: is a symbolic link, where workbook wants a file"), message)
        var without = handouts
        without["01-first.html"] = nil
        let stale = refusal { try OutputWriter.write(without, to: self.out, wholeCourse: true) }
        XCTAssertTrue(
            stale.hasPrefix("\(out)/01-first.html: is a symbolic link, where .workbook-manifest lists"), stale)
        XCTAssertEqual(read("Lessons/01-first.md"), "# First\n")
        XCTAssertEqual(try manager.destinationOfSymbolicLink(atPath: out + "/01-first.html"), "../Lessons/01-first.md")
    }

    /// A manifest that is a folder, a file where a folder is wanted: reported together, before anything is
    /// written (the handouts are not written first).
    func testEverythingIsCheckedBeforeAnythingIsWritten() throws {
        try manager.createDirectory(atPath: out + "/.workbook-manifest", withIntermediateDirectories: true)
        try write("Output/assets", "not a folder")
        let message = refusal { try OutputWriter.write(self.handouts, to: self.out, wholeCourse: true) }
        XCTAssertEqual(
            message,
            """
            \(out)/.workbook-manifest: is a folder, where workbook wants the file listing what the build wrote
            \(out)/assets: is a file, where workbook wants a folder
            nothing was written
            """)
        try manager.removeItem(atPath: out + "/.workbook-manifest")
        let second = refusal { try OutputWriter.write(self.handouts, to: self.out, wholeCourse: true) }
        XCTAssertEqual(second, "\(out)/assets: is a file, where workbook wants a folder\nnothing was written")
        XCTAssertEqual(Set(tree("Output").keys), ["assets"])
    }

    /// Paths that could leave the folder, or land on a record or a temporary, are refused: the writer holds
    /// the line whatever a lesson, a cache or a caller hands it.
    func testPathsThatLeaveTheFolderOrAreHiddenAreRefused() throws {
        for path in ["../outside/x.svg", "/tmp/x", "a//b.svg", "./x", ".workbook-manifest", "a/.x", ""] {
            let message = refusal { try OutputWriter.write([path: [1]], to: self.out, wholeCourse: false) }
            XCTAssertTrue(message.contains(": is not a file name the build may write"), "\(path): \(message)")
        }
        let both = refusal { try OutputWriter.write(["a": [1], "a/b": [2]], to: self.out, wholeCourse: false) }
        XCTAssertTrue(both.hasPrefix("\(out)/a: the build would write both a file and a folder there (a/b)"), both)
        XCTAssertEqual(tree("outside"), [:])
        XCTAssertFalse(manager.fileExists(atPath: out))
    }

    /// Several folders are written as one: one refused set leaves every other folder as it was.
    func testSetsAreWrittenAsOne() throws {
        try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
        try link("Output/student", to: "../outside")
        let message = refusal {
            try OutputWriter.write([
                OutputWriter.FileSet(folder: self.out, files: self.handouts, isComplete: true),
                OutputWriter.FileSet(
                    folder: self.out, subfolder: "student/ada", files: self.handouts, isComplete: true),
            ])
        }
        XCTAssertTrue(message.hasPrefix("\(out)/student: is a symbolic link"), message)
        XCTAssertEqual(Set(tree("Output").keys), ["student"])
        XCTAssertEqual(tree("outside"), [:])
    }

    /// A manifest larger than any the tool writes (here 2 GiB, sparse) is refused by its size, before a byte of it
    /// is read (one was read for minutes), and nothing is written.
    func testAManifestPastItsSizeLimitIsRefusedUnread() throws {
        try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
        XCTAssertTrue(manager.createFile(atPath: out + "/.workbook-manifest", contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: out + "/.workbook-manifest"))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        FileBuffers.reset()
        XCTAssertEqual(
            refusal { try OutputWriter.write(handouts, to: out, wholeCourse: true) },
            out + "/.workbook-manifest: is larger than 64 MiB, so workbook did not write it; move it away\nnothing was written")
        XCTAssertEqual(FileBuffers.largest, 0, "nothing of it was read")
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: out), [".workbook-manifest"])
    }

    /// A file that cannot be written (here: larger than the process may write) leaves every file as it was, no
    /// temporary, and no folder made for the new files.
    func testAFileThatCannotBeWrittenLeavesAllFilesOldAndNoTemporary() throws {
        try OutputWriter.write(handouts, to: out, wholeCourse: true)
        let before = tree("Output")
        var next = handouts.mapValues { $0 + Array(" changed".utf8) }
        next["new/deep/big.bin"] = [UInt8](repeating: 7, count: 1 << 20)
        // Root is not stopped by permissions; the size limit on files stops anyone.
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        let previous = signal(SIGXFSZ, SIG_IGN)
        var small = rlimit(rlim_cur: 1 << 16, rlim_max: saved.rlim_max)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small)
        let message = refusal { try OutputWriter.write(next, to: self.out, wholeCourse: true) }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, previous)
        XCTAssertTrue(message.hasPrefix("\(out)/new/deep/big.bin: cannot write: File too large"), message)
        XCTAssertEqual(tree("Output"), before)
    }
}
