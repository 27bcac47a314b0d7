import Foundation
import XCTest

@testable import Workbook

/// Builds interrupted at many moments leave nothing behind: no temporary file, no partial handout, no child
/// process (checked by process id), no temporary folder; nor do builds that end, whatever their cells start.
final class InterruptTests: XCTestCase {
    var folder: URL!

    /// One cache for the class, so the engine is compiled for Swift cells once.
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
        "workbook-interrupt-cache-\(UUID().uuidString)"
    ).path

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "workbook-interrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: cache)
        super.tearDown()
    }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    /// Every file under the course folder (lessons, output, cache) with its bytes.
    func files(under relative: String) -> [String: Data] {
        var found: [String: Data] = [:]
        let root = folder.appendingPathComponent(relative).path
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator()
        {
            if let data = FileManager.default.contents(atPath: root + "/" + path) { found[path] = data }
        }
        return found
    }

    /// Temporaries of this tool anywhere under `root`.
    func temporaries(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator()
        return enumerator.compactMap { $0 as? String }.filter { $0.contains(".workbook-tmp-") || $0.contains(".tmp-") }
    }

    func start(_ arguments: [String], environment: [String: String] = [:], errors: FileHandle? = nil) throws -> Process {
        let process = Process()
        process.executableURL = workbookBinary(for: Self.self)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = errors ?? FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a build to its end and returns its exit status and what it printed on standard error.
    func build(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let errors = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let handle = try FileHandle(forWritingTo: errors)
        let process = try start(arguments, environment: environment, errors: handle)
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }

    func lesson(_ k: Int, seed: Int) -> String {
        """
        # Lesson \(k)

        ```rnn corpus
        name: c
        sentences: [abababbbaaabab, babababbabab, aabbab]
        tokens: characters
        ```

        ```rnn model
        name: m
        corpus: c
        hidden: 24
        seed: \(seed)
        ```

        ```rnn train
        model: m
        corpus: c
        steps: 400
        seed: \(seed)
        ```

        The loss is {{ m.train.final_loss | .6f }}.

        """
    }

    func testABuildInterruptedAtAnyMomentLeavesEachHandoutOldOrNewAndNoTemporary() throws {
        for k in 1...6 { try write("Lessons/0\(k)-l.md", lesson(k, seed: k)) }
        let first = try start(["build", "--no-cache"])
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        let old = files(under: "Output")
        for k in 1...6 { try write("Lessons/0\(k)-l.md", lesson(k, seed: 10 + k)) }
        // The build's length: the shorter of two, so that a first one slowed by a busy machine (or cold files) does
        // not put most moments after the end of the builds that follow.
        var seconds = Double.infinity
        for out in ["Next", "Timing"] {
            let timing = Date()
            let build = try start(["build", "--no-cache", "--out", out])
            build.waitUntilExit()
            seconds = min(seconds, Date().timeIntervalSince(timing))
        }
        let new = files(under: "Next")
        XCTAssertEqual(Set(new.keys), Set(old.keys))
        XCTAssertNotEqual(new["01-l.md"], old["01-l.md"])
        // Moments spread over the whole build, more of them near its end, where the files are written.
        let moments = (1...10).map { seconds * Double($0) / 10 } + (0..<10).map { seconds * (0.9 + 0.02 * Double($0)) }
        var interrupted = 0
        for (i, moment) in moments.enumerated() {
            let signal = i % 2 == 0 ? SIGINT : SIGTERM
            let build = try start(["build", "--no-cache"])
            Thread.sleep(forTimeInterval: moment)
            kill(build.processIdentifier, signal)
            build.waitUntilExit()
            let status = build.terminationStatus
            // Handled: the tool's own exit, 128 + signal. A signal that arrives while the process is still starting,
            // before its handlers are installed, ends it the default way, having done nothing (checked below).
            let diedStarting = build.terminationReason == .uncaughtSignal && status == signal
            XCTAssertTrue(status == 0 || status == 128 + signal || diedStarting, "status \(status) at \(moment) s")
            if status != 0 { interrupted += 1 }
            let now = files(under: "Output")
            XCTAssertEqual(Set(now.keys), Set(old.keys), "at \(moment) s")
            for (path, bytes) in now where path != ".workbook-manifest" {
                XCTAssertTrue(bytes == old[path] || bytes == new[path], "\(path) is partial at \(moment) s")
            }
            XCTAssertEqual(temporaries(under: folder.path), [], "at \(moment) s")
            // Back to the old handouts for the next moment.
            for (path, bytes) in old { try bytes.write(to: folder.appendingPathComponent("Output/" + path)) }
        }
        XCTAssertGreaterThan(interrupted, 5, "most moments fall inside the build")
    }

    /// The signal is handled on a thread of its own: on one core, a directive's work held the only thread of the
    /// global queue the handler ran on, and SIGTERM waited for the directive's time limit (300 s).
    func testAnInterruptEndsABuildOnOneCoreWhileADirectiveRuns() throws {
        let tokens = (String(repeating: "h", count: 5_000), String(repeating: "e", count: 5_000))
        try write(
            "Lessons/01-long.md",
            "# Long\n\n```rnn model\nname: m\nvocabulary: [h, e]\nhidden: 400\n```\n\n"
                + "```rnn gradcheck\nmodel: m\ninput: \(tokens.0)\ntarget: \(tokens.1)\n```\n")
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        build.arguments = ["-c", "0", workbookBinary(for: Self.self).path, "build", "--jobs", "1", "--no-cache"]
        build.currentDirectoryURL = folder
        (build.standardError, build.standardOutput) = (FileHandle.nullDevice, FileHandle.nullDevice)
        try build.run()
        // The numerical half of the check, which holds the global queue's one thread, starts after 3 to 6 s here
        // (a signal before it was handled; after it, not).
        Thread.sleep(forTimeInterval: 8)
        XCTAssertTrue(build.isRunning, "the gradient check runs for minutes")
        let interruptedAt = Date()
        kill(build.processIdentifier, SIGTERM)
        while build.isRunning, Date().timeIntervalSince(interruptedAt) < 20 { Thread.sleep(forTimeInterval: 0.02) }
        if build.isRunning { kill(build.processIdentifier, SIGKILL) }
        build.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(interruptedAt), 3, "the build stops at once")
        XCTAssertEqual(build.terminationStatus, 128 + SIGTERM)
        XCTAssertNil(FileManager.default.contents(atPath: folder.appendingPathComponent("Output").path))
    }

    func testAnInterruptEndsACellsProgramAndTheProcessItStartedAndRemovesTheirFolder() throws {
        try write(
            "Lessons/01-cell.md",
            """
            # A cell that starts a program of its own

            ```swift run
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sleep")
            child.arguments = ["300"]
            try! child.run()
            try! "\\(getpid()) \\(child.processIdentifier)".write(toFile: "pids.txt", atomically: true, encoding: .utf8)
            Thread.sleep(forTimeInterval: 300)
            ```

            """)
        for signal in [SIGINT, SIGTERM] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("Lessons/pids.txt"))
            let build = try start(["build", "--cache-dir", Self.cache])
            let pidFile = folder.appendingPathComponent("Lessons/pids.txt").path
            let deadline = Date(timeIntervalSinceNow: 240)
            while FileManager.default.contents(atPath: pidFile)?.isEmpty ?? true, Date() < deadline, build.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let pids = try XCTUnwrap(
                FileManager.default.contents(atPath: pidFile).map { String(decoding: $0, as: UTF8.self) }
            ).split(separator: " ").compactMap { pid_t($0) }
            XCTAssertEqual(pids.count, 2)
            for pid in pids { XCTAssertTrue(Cleanup.isAlive(pid), "the cell's program and its child run") }
            let interruptedAt = Date()
            kill(build.processIdentifier, signal)
            build.waitUntilExit()
            XCTAssertLessThan(Date().timeIntervalSince(interruptedAt), 3, "the build stops at once")
            XCTAssertEqual(build.terminationStatus, 128 + signal)
            // The processes are killed; give the system a moment to reap the orphaned one.
            let reaped = Date(timeIntervalSinceNow: 3)
            while pids.contains(where: Cleanup.isAlive), Date() < reaped { Thread.sleep(forTimeInterval: 0.02) }
            for pid in pids { XCTAssertFalse(Cleanup.isAlive(pid), "process \(pid) survived the build") }
            let cellFolders = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
                $0.hasPrefix("workbook-cells-\(build.processIdentifier)-")
            }
            XCTAssertEqual(cellFolders, [])
            XCTAssertEqual(temporaries(under: folder.path), [])
            XCTAssertEqual(temporaries(under: Self.cache), [])
            XCTAssertNil(FileManager.default.contents(atPath: folder.appendingPathComponent("Output").path))
        }
    }

    func testAProgramACellLeftRunningEndsWithTheBuild() throws {
        try write(
            "Lessons/01-cell.md",
            """
            # A cell that leaves a program running

            ```swift run
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sleep")
            child.arguments = ["300"]
            try! child.run()
            try! "\\(child.processIdentifier)".write(toFile: "pid.txt", atomically: true, encoding: .utf8)
            print("started")
            ```

            """)
        let build = try start(["build", "--cache-dir", Self.cache])
        build.waitUntilExit()
        XCTAssertEqual(build.terminationStatus, 0)
        let pid = try XCTUnwrap(
            FileManager.default.contents(atPath: folder.appendingPathComponent("Lessons/pid.txt").path).flatMap {
                pid_t(String(decoding: $0, as: UTF8.self))
            })
        let reaped = Date(timeIntervalSinceNow: 3)
        while Cleanup.isAlive(pid), Date() < reaped { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertFalse(Cleanup.isAlive(pid), "the program the cell started outlived the build")
    }

    func testACellIsDoneWhenItsProcessEndsAndWhatThatLeftRunningIsEndedWithAWarning() throws {
        // Foundation's waitUntilExit waits until every process holding the pipe it gave the shell has ended, so
        // the cell waits for `sleep 300` unless the build ends it once the shell, its parent, has exited.
        try write(
            "Lessons/01-cell.md",
            """
            # A cell whose shell leaves a program running

            ```swift run
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "sleep 300 & echo $! > sleep.pid"]
            try! shell.run()
            shell.waitUntilExit()
            print("the shell ended")
            ```

            """)
        // A generous limit, so that waiting for the sleep fails the build instead of hanging the test.
        let (status, errors) = try build([
            "build", "--cache-dir", Self.cache, "--limit", "maxSecondsPerDirective=120",
        ])
        XCTAssertEqual(status, 0, errors)
        XCTAssertTrue(
            errors.contains(
                "Lessons/01-cell.md:3:1: warning: this Swift cell left 'sleep 300' running; it was ended when the cell finished"
            ), errors)
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("Output/01-cell.md")).contains("the shell ended"))
        let pid = try XCTUnwrap(
            pid_t(try String(contentsOf: folder.appendingPathComponent("Lessons/sleep.pid")).trimmingCharacters(
                in: .whitespacesAndNewlines)))
        XCTAssertFalse(Cleanup.isAlive(pid), "the program the shell left running outlived the build")
    }

    func testCompilingCellsLeavesNothingInTheTemporaryFolder() throws {
        // A program no earlier build compiled, so that the compiler runs.
        try write("Lessons/01-cell.md", "# A cell\n\n```swift run\nprint(\"compiled \(UUID())\")\n```\n")
        // The build's temporary folder is one of its own, which the compiler uses too unless given another.
        let scratch = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let (status, errors) = try build(
            ["build", "--cache-dir", Self.cache, "--no-cache"], environment: ["TMPDIR": scratch.path])
        XCTAssertEqual(status, 0, errors)
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("Output/01-cell.md")).contains("compiled"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [])
    }
}
