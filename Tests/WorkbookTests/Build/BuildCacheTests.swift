import Foundation
import XCTest

@testable import Workbook

/// The cache re-executes exactly what changed: the lesson, a file it reads, the tool, an option.
final class BuildCacheTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Lessons/data"), withIntermediateDirectories: true)
        try write("Lessons/data/words.txt", "a b a\nb a b\n")
        try write(
            "Lessons/01-corpus.md",
            "# C\n\n```rnn corpus\nname: c\nfile: data/words.txt\n```\n\n```rnn model\nname: m\ncorpus: c\nhidden: 2\n```\n\nV is {{ m.V }}.\n"
        )
        try write("Lessons/02-plain.md", "# P\n\n```rnn model\nname: m\nvocabulary: [x, y]\nhidden: 2\n```\n")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    func build(tool: String = "tool-1", rawHTML: Bool = false) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.allowRawHTML = rawHTML
        options.cache = BuildCache(directory: root.appendingPathComponent("cache").path, toolIdentity: tool)
        return CourseBuilder.build(inputs: [root.appendingPathComponent("Lessons").path], options: options)
    }

    func executed(_ build: CourseBuild) -> [String] {
        build.lessons.filter { !$0.fromCache }.map { ($0.path as NSString).lastPathComponent }
    }

    func testOnlyWhatChangedIsExecutedAgainAndTheOutputIsTheSame() throws {
        let first = build()
        XCTAssertEqual(executed(first), ["01-corpus.md", "02-plain.md"])
        let second = build()
        XCTAssertEqual(executed(second), [])
        XCTAssertEqual(second.files, first.files, "cached handouts are byte-identical")

        try write("Lessons/02-plain.md", "# P\n\n```rnn model\nname: m\nvocabulary: [x, y, z]\nhidden: 2\n```\n")
        XCTAssertEqual(executed(build()), ["02-plain.md"], "a changed lesson")

        try write("Lessons/data/words.txt", "a b c\n")
        let afterCorpus = build()
        XCTAssertEqual(executed(afterCorpus), ["01-corpus.md"], "a changed file the lesson reads")
        XCTAssertTrue(String(decoding: afterCorpus.files["01-corpus.md"]!, as: UTF8.self).contains("V is 4."))

        XCTAssertEqual(executed(build(tool: "tool-2")), ["01-corpus.md", "02-plain.md"], "a new engine")
        XCTAssertEqual(
            executed(build(tool: "tool-2", rawHTML: true)), ["01-corpus.md", "02-plain.md"], "another option")
        XCTAssertEqual(executed(build(tool: "tool-2")), [], "and back: both variants stay cached")
    }

    /// An entry keeps a page's slashes as they are (`</p>`, not `<\/p>`): an escape sends decoding on its slow path,
    /// and a long lesson's page has hundreds of thousands. The page read back is the page written.
    func testAnEntryKeepsSlashesUnescapedAndGivesThePageBack() throws {
        let first = build()
        let entries = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("cache").path)
            .filter { $0.hasSuffix(".json") }
        XCTAssertEqual(entries.count, 2)
        for name in entries {
            let text = try String(contentsOf: root.appendingPathComponent("cache/" + name), encoding: .utf8)
            XCTAssertTrue(text.contains("</h1>"), name)
            XCTAssertFalse(text.contains("\\/"), name)
        }
        XCTAssertEqual(build().files, first.files)
    }

    /// An entry larger than any the tool keeps (here 300 MiB, sparse) is a miss, found by its size before a
    /// byte of it is read: the lesson is executed again and its entry written anew.
    func testAnEntryPastItsSizeLimitIsIgnoredUnread() throws {
        XCTAssertEqual(executed(build()), ["01-corpus.md", "02-plain.md"])
        let cache = root.appendingPathComponent("cache").path
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(entries.count, 2)
        for entry in entries {
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: cache + "/" + entry))
            try handle.truncate(atOffset: UInt64(BuildCache.maxEntryBytes) + 1)
            try handle.close()
        }
        XCTAssertEqual(BuildCache.maxEntryBytes, 256 << 20)
        FileBuffers.reset()
        XCTAssertEqual(executed(build()), ["01-corpus.md", "02-plain.md"])
        XCTAssertLessThanOrEqual(FileBuffers.largest, FileCopy.chunkBytes, "no entry was read")
        XCTAssertEqual(executed(build()), [], "the entries written anew are used")
    }

    /// The cache is untrusted (a shared CI cache can be written by others): an entry whose image, saved file
    /// or read file leads out of its place, or that is a link, is ignored and the lesson executed again.
    func testAnEntryThatLeadsOutOfItsPlaceIsIgnoredAndTheLessonExecutedAgain() throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent("Lessons/02-plain.md"))
        try write("Lessons/data/fig.svg", "<svg/>")
        try write("Lessons/01-corpus.md", "# C\n\n![A figure](data/fig.svg)\n")
        try write("outside.txt", "x")
        XCTAssertEqual(executed(build()), ["01-corpus.md"])
        let cache = root.appendingPathComponent("cache")
        let entry = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: nil).first {
                $0.pathExtension == "json"
            })
        let original = try Data(contentsOf: entry)
        let outsideDigest = BuildCache.digest(Data("x".utf8))
        let tamperings: [(String, (inout [String: Any]) -> Void)] = [
            ("an image outside", { $0["images"] = ["../../x.svg": Data("<svg/>".utf8).base64EncodedString()] }),
            ("a saved file outside", { $0["attachments"] = ["/../../x.npz": Data([1]).base64EncodedString()] }),
            ("a read file outside", { $0["filesRead"] = ["../outside.txt": outsideDigest] }),
        ]
        for (what, tamper) in tamperings {
            var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: original) as? [String: Any])
            tamper(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: entry)
            let again = build()
            XCTAssertEqual(executed(again), ["01-corpus.md"], what)
            XCTAssertEqual(
                Set(again.files.keys.filter { !$0.hasPrefix("assets/") }),
                ["01-corpus.html", "01-corpus.md", "index.html", "search-index.js"], what)
            XCTAssertEqual(Set(again.copies.keys), ["data/fig.svg"], what)
        }
        // An entry that is a link (here to another lesson's entry) is not followed.
        let other = cache.appendingPathComponent("other.json")
        try original.write(to: other)
        try write("Lessons/01-corpus.md", "# D\n\nAnother lesson.\n")
        let fresh = build()
        let linked = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: nil).first {
                $0.pathExtension == "json" && $0 != entry && $0 != other
            })
        try FileManager.default.removeItem(at: linked)
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: other)
        let again = build()
        XCTAssertEqual(executed(again), ["01-corpus.md"])
        XCTAssertEqual(again.files["01-corpus.md"], fresh.files["01-corpus.md"])
    }

    func testAFailedLessonIsNotCached() throws {
        try write("Lessons/02-plain.md", "```rnn model\nname: m\n```\n")
        XCTAssertFalse(build().succeeded)
        XCTAssertFalse(build().succeeded)
        XCTAssertEqual(executed(build()), ["02-plain.md"])
    }

    func testAnEntryHoldsNoImageBytesAndAChangedImageExecutesTheLessonAgain() throws {
        // An image of 1 MiB of one byte, which the entry must not carry.
        let image = String(repeating: "<", count: 1 << 20)
        try write("Lessons/data/big.svg", image)
        try write("Lessons/02-plain.md", "# P\n\n![a figure](data/big.svg)\n")
        let first = build()
        XCTAssertEqual(executed(first), ["01-corpus.md", "02-plain.md"])
        let entries = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("cache").path)
        let sizes = try entries.map {
            try XCTUnwrap(
                FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("cache/" + $0).path)[.size]
                    as? Int)
        }
        XCTAssertEqual(entries.count, 2)
        XCTAssertTrue(sizes.allSatisfy { $0 < 100_000 }, "\(sizes)")
        let second = build()
        XCTAssertEqual(executed(second), [])
        XCTAssertEqual(second.lessons[1].images.mapValues(\.digest), ["data/big.svg": BuildCache.digest(Data(image.utf8))])
        XCTAssertEqual(second.files, first.files)
        XCTAssertEqual(second.copies, first.copies)
        try write("Lessons/data/big.svg", "<svg/>")
        let third = build()
        XCTAssertEqual(executed(third), ["02-plain.md"])
        XCTAssertEqual(third.lessons[1].images.mapValues(\.size), ["data/big.svg": 6])
        XCTAssertEqual(third.lessons[1].images.mapValues(\.digest), ["data/big.svg": BuildCache.digest(Data("<svg/>".utf8))])
    }
}
