import Foundation
import XCTest

/// The real `workbook` binary on a course in a temporary folder.
final class WorkbookCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try write("Lessons/01-first.md", Self.lesson)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    static let lesson = """
        # First

        ```rnn model
        name: m
        vocabulary: [a, b]
        hidden: 2
        seed: 3
        scale: 0.5
        ```

        ```rnn loss
        model: m
        sequence: abba
        ```

        The loss is {{ m.loss.mean | .6f }}.

        ```rnn check
        - value: m.loss.mean
          equals: mean(m.loss.J)
        ```

        """

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    func read(_ relative: String) -> String? {
        (try? Data(contentsOf: folder.appendingPathComponent(relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file under Output/ with its bytes.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.appendingPathComponent("Output").path
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator()
        {
            if let data = FileManager.default.contents(atPath: root + "/" + path) { files[path] = data }
        }
        return files
    }

    @discardableResult
    func workbook(_ arguments: String...) throws -> (status: Int32, out: String, err: String) {
        try runWorkbook(arguments, in: folder, for: Self.self)
    }

    func testBuildWritesBothHandoutsTheIndexAndAssetsThenCheckPasses() throws {
        let build = try workbook("build")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertTrue(build.out.hasPrefix("Built 1 lesson into Output/"), build.out)
        XCTAssertNotNil(read("Output/01-first.html"))
        XCTAssertTrue(read("Output/01-first.md")!.contains("The loss is "))
        XCTAssertTrue(read("Output/index.html")!.contains("<a href=\"01-first.html\">First</a>"))
        XCTAssertNotNil(read("Output/assets/workbook.css"))
        let check = try workbook("check")
        XCTAssertEqual(check.status, 0, check.err + check.out)
        XCTAssertEqual(check.out, "The lesson checks out and Output/ is up to date.\n")
    }

    /// The instructor's edition in Output/, each student's in Output/student/<id>/, each a site of its own with its
    /// own assets and manifest; building one edition never replaces or removes another's files.
    func testEachEditionIsASiteInAFolderOfItsOwnThatOtherBuildsLeaveAlone() throws {
        try write("Lessons/01-first.md", Self.lesson + "\n```instructor\nNOTE-MARK\n```\n")
        try write("roster.csv", "id,name\nada,Ada Lovelace\n")
        try write("workbook.yml", "title: T\nroster: roster.csv\n")
        // The layout before editions had folders of their own: one manifest at the top listing a student's page.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Output/student/ada"), withIntermediateDirectories: true)
        try write("Output/student/ada/01-first.html", "old")
        try write("Output/student/ada/notes.txt", "mine")
        try write("Output/.workbook-manifest", "# Written by workbook\nstudent/ada/01-first.html\n")
        let build = try workbook("build")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertTrue(build.out.hasPrefix("Built 1 lesson into 2 editions (Output/, Output/student/ada/)"), build.out)
        for own in [
            "01-first.html", "01-first.md", "index.html", "search-index.js", "assets/workbook.css",
            ".workbook-manifest",
        ] {
            XCTAssertNotNil(read("Output/student/ada/" + own), own)
        }
        XCTAssertTrue(read("Output/01-first.html")!.contains("NOTE-MARK"))
        let student = snapshot().filter { $0.key.hasPrefix("student/ada/") }
        XCTAssertFalse(student.values.contains { String(decoding: $0, as: UTF8.self).contains("NOTE-MARK") })
        XCTAssertFalse(String(decoding: student["student/ada/01-first.html"]!, as: UTF8.self).contains("../"))
        XCTAssertFalse(read("Output/.workbook-manifest")!.contains("student/"), read("Output/.workbook-manifest")!)
        XCTAssertEqual(read("Output/student/ada/notes.txt"), "mine")
        XCTAssertEqual(try workbook("check").status, 0)

        // One student's edition alone leaves the instructor's as it was; the instructor's alone leaves ada's.
        let before = snapshot()
        XCTAssertEqual(try workbook("build", "--edition", "student", "--variant", "ada").status, 0)
        XCTAssertEqual(snapshot(), before)
        try write("workbook.yml", "title: T\n")
        XCTAssertEqual(try workbook("build").status, 0)
        XCTAssertEqual(snapshot().filter { $0.key.hasPrefix("student/ada/") }, student)
        // Without a roster or a variant, the student edition is the course's own numbers, in student/everyone/.
        XCTAssertEqual(try workbook("build", "--edition", "student").status, 0)
        XCTAssertNotNil(read("Output/student/everyone/01-first.html"))
        XCTAssertEqual(snapshot().filter { $0.key.hasPrefix("student/ada/") }, student)
    }

    /// The summary names up to four editions; beyond, it counts the students' (a roster of 3,000 printed every
    /// folder on one line).
    func testTheSummaryCountsManyStudentsEditions() throws {
        try write("roster.csv", "id,name\n" + (1...6).map { "s\($0),Student \($0)\n" }.joined())
        try write("workbook.yml", "title: T\nroster: roster.csv\n")
        let build = try workbook("build")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertTrue(
            build.out.hasPrefix("Built 1 lesson into 7 editions (Output/, 6 students' in Output/student/): "), build.out)
        XCTAssertNotNil(read("Output/student/s6/01-first.html"))
        try write("roster.csv", "id,name\nada,Ada\nalan,Alan\ngrace,Grace\n")
        XCTAssertTrue(
            try workbook("build").out.hasPrefix(
                "Built 1 lesson into 4 editions (Output/, Output/student/ada/, Output/student/alan/, Output/student/grace/): "))
    }

    /// A roster names every student edition: the one without a variant that a build before the roster wrote is
    /// stale, and goes as Quarto cleans its output folder, but only the files workbook wrote there (its manifest
    /// lists them); a file or a folder of the user's stays, with a warning naming its folder.
    func testARosterRetiresTheStudentEditionsItDoesNotName() throws {
        XCTAssertEqual(try workbook("build", "--edition", "student").status, 0)
        XCTAssertNotNil(read("Output/student/everyone/01-first.html"))
        try write("Output/student/everyone/notes.txt", "mine")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Output/student/drafts"), withIntermediateDirectories: true)
        try write("Output/student/drafts/plan.txt", "mine too")
        // A copy of an edition, its manifest with it, is the user's: it stays whole.
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("Output/student/everyone"),
            to: folder.appendingPathComponent("Output/student/everyone-archive"))
        let archive = snapshot().filter { $0.key.hasPrefix("student/everyone-archive/") }
        XCTAssertTrue(archive.keys.contains("student/everyone-archive/.workbook-manifest"))
        try write("roster.csv", "id,name\nada,Ada Lovelace\n")
        try write("workbook.yml", "title: T\nroster: roster.csv\n")
        XCTAssertEqual(try workbook("build", "--edition", "student", "--variant", "ada").status, 0)
        let check = try workbook("check")
        XCTAssertEqual(check.status, 1)
        for stale in ["01-first.html", "assets/workbook.css", ".workbook-manifest"] {
            let line = "Output/student/everyone/\(stale): stale (build would remove it)\n"
            XCTAssertTrue(check.out.contains(line), check.out)
        }
        XCTAssertFalse(
            check.out.contains("notes.txt") || check.out.contains("drafts") || check.out.contains("archive"), check.out)

        let build = try workbook("build")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertTrue(build.out.hasPrefix("Built 1 lesson into 2 editions (Output/, Output/student/ada/): "), build.out)
        let left = snapshot().filter { $0.key.hasPrefix("student/") && !$0.key.hasPrefix("student/ada/") }
        XCTAssertEqual(
            left.keys.sorted(),
            (["student/drafts/plan.txt", "student/everyone/notes.txt"] + archive.keys).sorted())
        XCTAssertEqual(left.filter { archive[$0.key] != nil }, archive)
        XCTAssertEqual(
            build.err,
            "warning: Output/student/everyone/: the edition for everyone, from a build before the roster; workbook removed the files it wrote there, and the others stay: remove the folder yourself if it is not needed\n"
                + ["drafts", "everyone-archive"].map {
                    "warning: Output/student/\($0)/: not an edition of this build's roster (a student's from before, or a folder of yours); workbook leaves it as it is: remove it yourself if it is not needed\n"
                }.joined())
        XCTAssertEqual(try workbook("check").status, 0)
        // Once the user's file is gone, so is the empty folder.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Output/student/everyone/notes.txt"))
        XCTAssertEqual(try workbook("build").status, 0)
        let everyone = folder.appendingPathComponent("Output/student/everyone").path
        XCTAssertFalse(FileManager.default.fileExists(atPath: everyone))
    }

    func testRebuildingIsByteIdenticalAndWritesNothing() throws {
        try workbook("build")
        let first = snapshot()
        let again = try workbook("build")
        XCTAssertTrue(again.out.contains(": 0 files written, 0 removed, 1 lesson from the cache."), again.out)
        XCTAssertEqual(snapshot(), first)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Output"))
        try workbook("build")
        XCTAssertEqual(snapshot(), first)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Output"))
        let fresh = try workbook("build", "--no-cache")
        XCTAssertTrue(fresh.out.hasSuffix("0 lessons from the cache.\n"), fresh.out)
        XCTAssertEqual(snapshot(), first, "executing again gives what the cache gave")
    }

    func testCheckFailsWithAUnifiedDiffWhenAHandoutWasEditedByHand() throws {
        try workbook("build")
        let path = "Output/01-first.md"
        try write(path, read(path)!.replacingOccurrences(of: "The loss is ", with: "The loss was "))
        let check = try workbook("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.out.contains("--- a/Output/01-first.md\n+++ b/Output/01-first.md\n@@ "), check.out)
        XCTAssertTrue(check.out.contains("\n-The loss was "), check.out)
        XCTAssertTrue(check.out.contains("\n+The loss is "), check.out)
        XCTAssertTrue(check.err.contains("Output/ is out of date: 1 file differ"), check.err)
    }

    func testCheckReportsStaleAndMissingFiles() throws {
        try write("Lessons/02-second.md", Self.lesson.replacingOccurrences(of: "# First", with: "# Second"))
        try workbook("build")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Lessons/02-second.md"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Output/index.html"))
        let check = try workbook("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.out.contains("Output/index.html: missing (build would write it)"), check.out)
        XCTAssertTrue(check.out.contains("Output/02-second.html: stale (build would remove it)"), check.out)
        XCTAssertTrue(check.out.contains("Output/02-second.md: stale (build would remove it)"), check.out)
        XCTAssertTrue(check.out.contains("Output/.workbook-manifest: out of date (build would rewrite it)"), check.out)
        let build = try workbook("build")
        XCTAssertTrue(build.out.contains("2 removed"), build.out)
        XCTAssertNil(read("Output/02-second.html"))
        XCTAssertEqual(try workbook("check").status, 0)
    }

    func testFilesTheBuildDidNotWriteAreNeverRemovedOrReplaced() throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("site/assets"), withIntermediateDirectories: true)
        try write("site/README.md", "# My site\n")
        try write("site/other.html", "<p>mine</p>")
        try write("site/assets/logo.svg", "<svg/>")
        let build = try workbook("build", "--out", "site")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertTrue(build.out.contains("0 removed"), build.out)
        XCTAssertEqual(read("site/README.md"), "# My site\n")
        XCTAssertEqual(read("site/other.html"), "<p>mine</p>")
        XCTAssertEqual(read("site/assets/logo.svg"), "<svg/>")
        XCTAssertEqual(try workbook("check", "--out", "site").status, 0, "files it does not own are not stale")
        let manifest = try XCTUnwrap(read("site/.workbook-manifest"))
        XCTAssertTrue(manifest.contains("\n01-first.html\n01-first.md\n"), manifest)
        XCTAssertFalse(manifest.contains("README.md") || manifest.contains("other.html"), manifest)

        // A handout whose name a file of the author's already has: an error naming it, and nothing written.
        try write("Lessons/other.md", Self.lesson)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path)
        let refused = try workbook("build", "--out", "site")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.err.contains(
                "site/other.html: exists and was not written by workbook (it is not in .workbook-manifest); the build would replace it"
            ), refused.err)
        XCTAssertEqual(read("site/other.html"), "<p>mine</p>")
        XCTAssertNil(read("site/other.md"))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path).sorted(),
            before.sorted())
        let check = try workbook("check", "--out", "site")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.out.contains("site/other.html: exists and was not written by workbook"), check.out)
    }

    func testTemporariesADeadBuildLeftAreRemovedAndThoseOfALiveOneKept() throws {
        try workbook("build")
        // pid_max on Linux is at most 2^22, so this process id cannot exist.
        let dead = "Output/.01-first.html.workbook-tmp-4194305-1"
        let live = "Output/.01-first.html.workbook-tmp-\(getpid())-1"
        let deadFolder = NSTemporaryDirectory() + "workbook-cells-4194305-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: deadFolder, withIntermediateDirectories: true)
        try write(dead, "partial")
        try write(live, "being written")
        try write("Output/.01-first.html.tmp-keep", "not ours")
        XCTAssertEqual(try workbook("build", "--no-cache").status, 0)
        XCTAssertNil(read(dead))
        XCTAssertFalse(FileManager.default.fileExists(atPath: deadFolder))
        XCTAssertEqual(read(live), "being written")
        XCTAssertEqual(read("Output/.01-first.html.tmp-keep"), "not ours")
    }

    func testAnOutputFolderThatIsContainsOrLiesInsideTheLessonsIsRefused() throws {
        let lessonBytes = read("Lessons/01-first.md")
        for (out, relation) in [
            (".", "contains the lessons folder"), ("Lessons", "is the lessons folder"),
            ("Lessons/site", "lies inside the lessons folder"), ("./Lessons/../Lessons/", "is the lessons folder"),
        ] {
            let result = try workbook("build", "--out", out)
            XCTAssertEqual(result.status, 1, out)
            XCTAssertTrue(result.err.contains("error: the output folder '\(out)' \(relation) 'Lessons'"), result.err)
            XCTAssertEqual(try workbook("check", "--out", out).status, 1, out)
        }
        XCTAssertEqual(read("Lessons/01-first.md"), lessonBytes)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("Lessons").path),
            [
                "01-first.md"
            ])
        XCTAssertNil(read("01-first.html"))
        // A single lesson's folder counts too.
        let single = try workbook("build", "Lessons/01-first.md", "--out", "Lessons")
        XCTAssertEqual(single.status, 1)
        XCTAssertTrue(single.err.contains("is the lessons folder 'Lessons'"), single.err)
        // A lesson named without a folder is in '.', and the message says so (it said '' before).
        let bare = try runWorkbook(
            ["build", "01-first.md", "--out", "site"], in: folder.appendingPathComponent("Lessons"), for: Self.self)
        XCTAssertEqual(bare.status, 1)
        XCTAssertTrue(bare.err.contains("the output folder 'site' lies inside the lessons folder '.';"), bare.err)
    }

    /// A cache folder in the output folder would publish every edition's pages, answers included, with the
    /// handouts (before, `--cache-dir Output` wrote its JSON beside them): refused before anything runs.
    /// `--no-cache` needs no cache folder, and a cache among the lessons (`.workbook-cache` in `.`) is allowed.
    func testACacheFolderInTheOutputIsRefused() throws {
        for (cache, message) in [
            ("Output", "the cache folder 'Output' is the output folder 'Output': the cache keeps every edition's pages"),
            ("Output/cache", "the cache folder 'Output/cache' lies inside the output folder 'Output'"),
            ("./Output/../Output", "the cache folder './Output/../Output' is the output folder 'Output'"),
        ] {
            for command in ["build", "check"] {
                let result = try workbook(command, "--cache-dir", cache)
                XCTAssertEqual(result.status, 1, "\(command) \(cache)")
                XCTAssertTrue(result.err.contains("error: " + message), result.err)
            }
        }
        XCTAssertNil(read("Output/index.html"))
        // Through a link, `..` leaves the link's target (the system's reading): `lnk/../cache` is Output/cache.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Output/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("lnk").path, withDestinationPath: "Output/sub")
        let linked = try workbook("build", "--cache-dir", "lnk/../cache")
        XCTAssertEqual(linked.status, 1)
        XCTAssertTrue(linked.err.contains("error: the cache folder 'lnk/../cache' lies inside the output folder"), linked.err)
        XCTAssertNil(read("Output/cache"))
        XCTAssertEqual(try workbook("build", "--cache-dir", "Output", "--no-cache").status, 0)
        let lessons = try runWorkbook(
            ["build", ".", "--out", "../site"], in: folder.appendingPathComponent("Lessons"), for: Self.self)
        XCTAssertEqual(lessons.status, 0, lessons.err)
    }

    func testAFailedBuildReportsFileLineAndCaretAndLeavesOutputAsItWas() throws {
        try workbook("build")
        let before = snapshot()
        try write(
            "Lessons/01-first.md",
            Self.lesson.replacingOccurrences(of: "equals: mean(m.loss.J)", with: "equals: sum(m.loss.J)"))
        try write("Lessons/02-second.md", "# Second\n\n```rnn forward\nmodel: nowhere\ninput: ab\n```\n")
        let build = try workbook("build")
        XCTAssertEqual(build.status, 1)
        XCTAssertTrue(
            build.err.contains(
                "Lessons/01-first.md:19:10: error: check failed: m.loss.mean = sum(m.loss.J)\n 19 | - value: m.loss.mean\n    |          ^\n  value:    m.loss.mean = "
            ), build.err)
        XCTAssertTrue(
            build.err.contains(
                "Lessons/02-second.md:4:8: error: no model named 'nowhere' is defined above this directive"), build.err)
        XCTAssertTrue(build.err.hasSuffix("2 errors; Output/ was left as it was.\n"), build.err)
        XCTAssertEqual(snapshot(), before)
        let check = try workbook("check")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.err.contains("Lessons/01-first.md:19:10: error: check failed"), check.err)
    }

    func testBadFilesGetDiagnosticsNotCrashes() throws {
        try Data([0x23, 0x20, 0x41, 0x0A, 0x62, 0xFF, 0x0A]).write(
            to: folder.appendingPathComponent("Lessons/03-binary.md"))
        try write("Lessons/04-empty.md", "\n")
        let build = try workbook("build")
        XCTAssertEqual(build.status, 1)
        XCTAssertTrue(
            build.err.contains("Lessons/03-binary.md: error: the file is not UTF-8: byte 0xFF at line 2, column 2"),
            build.err)
        XCTAssertTrue(build.err.contains("Lessons/04-empty.md: error: the lesson is empty"), build.err)
        let missing = try workbook("build", "Lessons/none.md")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.contains("Lessons/none.md: error: no such file or folder"), missing.err)
    }

    func testBuildingOneLessonWritesOnlyItsHandouts() throws {
        let build = try workbook("build", "Lessons/01-first.md", "--out", "Single")
        XCTAssertEqual(build.status, 0, build.err)
        XCTAssertNotNil(read("Single/01-first.html"))
        XCTAssertNil(read("Single/index.html"))
    }

    func testOneAndTwoThreadsGiveByteIdenticalOutput() throws {
        for n in 2...5 {
            try write("Lessons/0\(n)-more.md", Self.lesson.replacingOccurrences(of: "seed: 3", with: "seed: \(n)"))
        }
        XCTAssertEqual(try workbook("build", "--jobs", "1").status, 0)
        let one = snapshot()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Output"))
        XCTAssertEqual(try workbook("build", "--jobs", "2").status, 0)
        XCTAssertEqual(snapshot(), one)
        XCTAssertEqual(
            one.keys.filter { !$0.hasPrefix("assets/") && !$0.hasPrefix(".") }.count, 2 + 2 * 5,
            "the index, the search index and two handouts per lesson")
    }

    func testInterruptingABuildLeavesNoPartialFileAndOutputAsItWas() throws {
        try workbook("build")
        let before = snapshot()
        // A lesson that trains long enough to be interrupted while it runs.
        try write(
            "Lessons/09-slow.md",
            Self.lesson
                + "```rnn corpus\nname: big\nsentences: [abababbbaaabab, babababbabab]\ntokens: characters\n```\n\n```rnn model\nname: s\ncorpus: big\nhidden: 64\n```\n\n```rnn train\nmodel: s\ncorpus: big\nsteps: 1000000\n```\n"
        )
        for signal in [SIGINT, SIGTERM] {
            let binary = Bundle(for: Self.self).bundleURL
            let products = binary.pathExtension == "xctest" ? binary.deletingLastPathComponent() : binary
            let process = Process()
            process.executableURL = products.appendingPathComponent("workbook")
            process.arguments = ["build"]
            process.currentDirectoryURL = folder
            process.standardError = Pipe()
            process.standardOutput = Pipe()
            try process.run()
            // Long enough for the build to be under way (its handlers installed) even on a loaded machine.
            Thread.sleep(forTimeInterval: 1.5)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 128 + signal)
            XCTAssertEqual(snapshot(), before)
            let leftovers = snapshot().keys.filter { $0.contains(".tmp-") }
            XCTAssertEqual(leftovers, [])
        }
    }

    func testLimitsCanBeRaisedOrLoweredOnTheCommandLine() throws {
        try write(
            "Lessons/01-first.md",
            Self.lesson
                + "```rnn corpus\nname: c\nsentences: [abab]\ntokens: characters\n```\n\n```rnn model\nname: t\ncorpus: c\nhidden: 8\n```\n\n```rnn train\nmodel: t\ncorpus: c\nsteps: 1000000\n```\n"
        )
        let slow = try workbook("build", "--limit", "maxSecondsPerDirective=0.3")
        XCTAssertEqual(slow.status, 1)
        XCTAssertTrue(
            slow.err.contains(
                "Lessons/01-first.md:34:8: error: this directive ran longer than 0.3 s, the limit maxSecondsPerDirective"
            ), slow.err)
        let bad = try workbook("build", "--limit", "maxHiden=3")
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.err.contains("unknown limit 'maxHiden' (did you mean 'maxHidden'?)"), bad.err)
        let low = try workbook("build", "--limit", "maxHidden=1")
        XCTAssertTrue(
            low.err.contains("error: 'hidden' must be between 1 and 1, got 2 (the limit maxHidden is 1)"), low.err)
    }

    /// `bench charlm` prints its configuration and a figures line; with B streams the smoothed loss after one
    /// update is min-char-rnn's starting value moved a thousandth of the way to the first loss, whatever B.
    func testBenchPrintsTheConfigurationAndTheFiguresLine() throws {
        try write("text.txt", String(repeating: "hello world, the students opened their books. ", count: 40))
        let run = try workbook(
            "bench", "charlm", "--corpus", folder.appendingPathComponent("text.txt").path, "--iterations", "3",
            "--hidden", "16", "--seq-length", "10", "--batch", "4")
        XCTAssertEqual(run.status, 0, run.err)
        let lines = run.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.contains("V=18, H=16, T=10, B=4, 3 iterations, 1 thread") ?? false, run.out)
        XCTAssertTrue(lines.contains { $0.contains("mode: stream") && $0.contains("Adagrad lr 0.1") }, run.out)
        let last = try XCTUnwrap(lines.last)
        XCTAssertTrue(last.hasPrefix("charlm H=16 T=10 B=4: "), last)
        for unit in ["it/s", "chars/s", "GFLOP/s", "of the float64 peak of 1 core(s)", "final smoothed loss"] {
            XCTAssertTrue(last.contains(unit), last)
        }
        let tooShort = try workbook(
            "bench", "charlm", "--corpus", folder.appendingPathComponent("text.txt").path, "--batch", "1000")
        XCTAssertNotEqual(tooShort.status, 0)
        XCTAssertTrue(tooShort.err.contains("too short for 1000 streams"), tooShort.err)
    }
}
