import Foundation
import XCTest

@testable import Workbook

/// A lesson's images are streamed, never held whole: read, digested, compared with the copy already in the output
/// folder and copied a chunk (`FileCopy.chunkBytes`, 1 MiB) at a time. What the tool holds is counted where file
/// contents are read (`FileBuffers`: a file read whole, or a buffer a streamed file passes through).
final class ImageCopyTests: XCTestCase {
    var root: String!
    /// maxFileMB for these builds: the image is one byte short of it.
    let limitMB = 8

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Lessons/figures", withIntermediateDirectories: true)
        try Data("# Images\n\n![a large figure](figures/big.png)\n".utf8).write(
            to: URL(fileURLWithPath: root + "/Lessons/01-images.md"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    /// `count` bytes that differ from place to place (a linear congruential sequence), so that a copy shifted or
    /// cut anywhere would differ.
    func image(_ count: Int, seed: UInt32 = 1) -> Data {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(truncatingIfNeeded: state >> 24)
        }
        return Data(bytes)
    }

    /// Builds the course with the cache, writes it to Output and returns what was written.
    func buildAndWrite() throws -> (build: CourseBuild, written: [String]) {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits.maxFileMB = limitMB
        options.cache = BuildCache(directory: root + "/cache", toolIdentity: "tool-1")
        let build = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let written = try OutputWriter.write(build.fileSets(out: root + "/Output", complete: true))
        return (build, written[0].written)
    }

    func inode(_ relative: String) -> UInt64 {
        var info = stat()
        XCTAssertEqual(stat(root + "/" + relative, &info), 0)
        return UInt64(info.st_ino)
    }

    func testAnImageNearTheFileLimitIsCopiedByChunksAndAnUnchangedOneIsNotRewritten() throws {
        let size = (limitMB << 20) - 1
        let original = image(size)
        try original.write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))

        FileBuffers.reset()
        let first = try buildAndWrite()
        XCTAssertEqual(first.build.copies["figures/big.png"]?.size, size)
        XCTAssertTrue(first.written.contains("figures/big.png"), "\(first.written)")
        XCTAssertLessThanOrEqual(FileBuffers.largest, FileCopy.chunkBytes, "the image was held whole")
        XCTAssertEqual(FileCopy.chunkBytes, 1 << 20)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/Output/figures/big.png")), original)

        // Built again (from the cache, which digests the image again) and compared with the copy in place by
        // chunks: nothing is rewritten, and the file in place is the same file.
        let before = inode("Output/figures/big.png")
        FileBuffers.reset()
        let second = try buildAndWrite()
        XCTAssertEqual(second.build.lessons.map(\.fromCache), [true])
        XCTAssertEqual(second.written, [])
        XCTAssertEqual(inode("Output/figures/big.png"), before)
        XCTAssertLessThanOrEqual(FileBuffers.largest, FileCopy.chunkBytes, "the image was held whole")
        XCTAssertEqual(
            OutputWriter.differences(second.build.fileSets(out: root + "/Output", complete: true)), [],
            "check finds the folder up to date")

        // One byte changed in the middle, the size the same: `check` reports it, and the build rewrites it.
        var changed = original
        changed[size / 2] ^= 0xff
        try changed.write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))
        FileBuffers.reset()
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits.maxFileMB = limitMB
        let third = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(
            OutputWriter.differences(third.fileSets(out: root + "/Output", complete: true)),
            [root + "/Output/figures/big.png: differs from what build would write (binary, or too large to compare as text)"])
        XCTAssertEqual(try buildAndWrite().written, ["figures/big.png"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/Output/figures/big.png")), changed)
        XCTAssertLessThanOrEqual(FileBuffers.largest, FileCopy.chunkBytes, "the image was held whole")
    }

    /// The copy checks the digest the build took: an image changed between the lesson's build and the write is
    /// an error, and nothing of the set is written (the old copy stays, no temporary is left).
    func testAnImageChangedAfterTheBuildReadItIsNotCopied() throws {
        try image(3 << 20).write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))
        let first = try buildAndWrite()
        XCTAssertTrue(first.written.contains("figures/big.png"))
        try image(3 << 20, seed: 2).write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        try image(3 << 20, seed: 3).write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))
        XCTAssertThrowsError(try OutputWriter.write(build.fileSets(out: root + "/Output", complete: true))) { error in
            XCTAssertTrue("\(error)".contains("changed while the build ran; build again"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("nothing was written"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/Output/figures/big.png")), image(3 << 20))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root + "/Output/figures"), ["big.png"],
            "no temporary left")
    }

    /// An image past maxFileMB is refused at its place, before a byte of it is read.
    func testAnImagePastTheFileLimitIsAnErrorAtItsPlace() throws {
        try image((limitMB << 20) + 1).write(to: URL(fileURLWithPath: root + "/Lessons/figures/big.png"))
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits.maxFileMB = limitMB
        FileBuffers.reset()
        let build = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                root
                    + "/Lessons/01-images.md:3:1: error: image: cannot read 'figures/big.png': the file is 8.0 MiB, more than 8 MiB, the limit maxFileMB; raise it with --limit maxFileMB=…"
            ])
        XCTAssertLessThanOrEqual(FileBuffers.largest, FileCopy.chunkBytes)
    }
}
