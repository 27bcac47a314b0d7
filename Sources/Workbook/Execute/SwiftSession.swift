import Foundation
import RNN

/// A Swift cell as the lesson wrote it.
struct SwiftCell: Sendable {
    let code: String
    /// The lesson line of the code's first line, and how far the block is indented in the lesson.
    let firstLine: Int
    let columnOffset: Int
    /// `swift setup`: runs, but the handout does not show it.
    let setup: Bool
    let fence: SourceLocation
}

/// One lesson's Swift program: all its cells, in order, compiled into one executable that runs as a child
/// process beside the lesson's execution. Before each cell the parent writes the lesson's models to a file and
/// tells the child to go on; the child runs the cell, writes what it exported, and prints an end marker. So a
/// cell sees the models of the directives above it, and the directives below it see what it exported.
final class SwiftSession: @unchecked Sendable {
    static let marker = "\u{1E}WB-END "

    private let process: ChildProcess
    private let output: ChildOutput
    private let folder: String
    private let cells: [SwiftCell]
    /// Marks the program's environment, so that what its cells start is found wherever it is reparented.
    private let mark = UUID().uuidString
    static let markVariable = "WORKBOOK_SWIFT_CELLS"
    /// The compiler's warnings about the cells, when it compiled them in this build.
    private(set) var warnings: [Diagnostic] = []

    /// Compiles the lesson's program (or finds it compiled) and starts it, waiting for the first cell.
    init(
        cells: [SwiftCell], file: SourceFile, environment: SwiftCellEnvironment, limits: Limits,
        at location: SourceLocation
    ) throws(SwiftSessionError) {
        self.cells = cells
        let lessonFolder = URL(fileURLWithPath: file.path).deletingLastPathComponent().path
        let program = Self.source(cells, path: file.path)
        let engine: String
        do {
            engine = try environment.engineLibrary { Diagnostic(.error, in: file, at: location, "") }
        } catch {
            throw .diagnostics([error])
        }
        let key = BuildCache.digest(Data((engine + "\u{0}" + program).utf8)).prefix(24)
        let binaryFolder = environment.directory + "/programs/" + key
        let binary = binaryFolder + "/lesson"
        if !FileManager.default.fileExists(atPath: binary) {
            warnings = try Self.compile(
                program, engine: engine, into: binaryFolder, flags: environment.systemModuleFlags, file: file,
                at: location)
        }
        folder = Cleanup.shared.temporaryFolder(prefix: "workbook-cells")
        // The child runs with the author's rights, in the lesson's folder, its memory and CPU time capped by
        // ulimit; the CPU cap ends it even if this process dies and cannot kill it. It runs in a process group
        // of its own, which is killed when the lesson ends or the tool stops.
        let cpuSeconds = Int((limits.maxSecondsPerDirective * Double(cells.count)).rounded(.up)) + 5
        var environment = ProcessInfo.processInfo.environment
        // A trap prints the runtime's one-line message, not a backtrace with registers.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment[Self.markVariable] = mark
        // What the cells write to the temporary folder goes with the program's folder.
        environment["TMPDIR"] = folder
        do {
            process = try ChildProcess(
                [
                    "/bin/sh", "-c",
                    "cd \"$1\" || exit 126; ulimit -v \(limits.maxCellMemoryMB * 1024); ulimit -t \(cpuSeconds); shift; exec \"$@\"",
                    "sh", lessonFolder, binary, folder + "/models.json", folder + "/exports.json",
                ], environment: environment)
        } catch {
            Cleanup.shared.removeFolder(folder)
            throw .diagnostics([
                Diagnostic(.error, in: file, at: location, "cannot start the Swift cells' program: \(error)")
            ])
        }
        output = ChildOutput(maxBytes: limits.maxCellOutputMB << 20)
        output.start(process.output, process.errors)
    }

    /// Compiles the lesson's program against the engine library into `folder` (written whole or not at all:
    /// `AtomicFile.folder`) as `lesson`; the compiler's warnings, or its errors at the cells' lines.
    private static func compile(
        _ program: String, engine: String, into folder: String, flags: [String], file: SourceFile,
        at location: SourceLocation
    ) throws(SwiftSessionError) -> [Diagnostic] {
        var found: [Diagnostic] = []
        try AtomicFile.folder(folder) { (staging) throws(SwiftSessionError) in
            let sourcePath = staging + "/main.swift"
            _ = FileManager.default.createFile(atPath: sourcePath, contents: Data(program.utf8))
            let run = ChildProcess.run(
                "swiftc",
                [
                    sourcePath, "-Onone", "-diagnostic-style=llvm", "-I", engine, "-L", engine, "-lRNN",
                    "-Xlinker", "-rpath", "-Xlinker", engine, "-o", staging + "/lesson",
                ] + flags)
            found = Self.compilerDiagnostics(run.output, file: file)
            guard run.status == 0 else {
                let errors = found.filter { $0.severity == .error }
                throw .diagnostics(
                    errors.isEmpty
                        ? [
                            Diagnostic(
                                .error, in: file, at: location, "the Swift cells did not compile",
                                details: run.output.split(separator: "\n").suffix(20).map(String.init))
                        ] : found)
            }
        }
        return found
    }

    /// Runs cell `index` (0-based): returns what it printed, what it exported and the programs it left running
    /// (which are ended), or why it stopped.
    func run(_ index: Int, models: [String: LessonModel], deadline: Date) -> Result<
        (printed: String, exports: [String: Value], leftRunning: [String]), CellFailure
    > {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(models.mapValues { ModelArchive($0.model) })) ?? Data()
        _ = FileManager.default.createFile(atPath: folder + "/models.json", contents: data)
        do { try process.input.write(contentsOf: Data("run \(index)\n".utf8)) } catch {}
        var leftRunning: [String] = []
        var outcome = ChildOutput.Outcome.timedOut
        // Every half second, what the cell's processes left behind when they ended (reparented to this process)
        // is ended too: a cell waiting for a process whose child holds its pipe (Foundation's Process does)
        // then goes on.
        while Date() < deadline {
            outcome = output.waitFor(Self.marker + "\(index)\n", deadline: min(deadline, Date(timeIntervalSinceNow: 0.5)))
            guard case .timedOut = outcome else { break }
            leftRunning += endLeftRunning(cellEnded: false)
        }
        switch outcome {
        case .found(let printed):
            leftRunning += endLeftRunning(cellEnded: true)
            let exports =
                (FileManager.default.contents(atPath: folder + "/exports.json"))
                .flatMap { try? JSONDecoder().decode([String: CellExport].self, from: $0) } ?? [:]
            return .success((printed, exports.mapValues(Value.init), leftRunning))
        case .timedOut:
            process.terminate()
            return .failure(.timedOut)
        case .tooMuchOutput:
            process.terminate()
            return .failure(.tooMuchOutput)
        case .ended(let printed, let errors):
            return .failure(.stopped(printed: printed, stderr: errors, status: process.wait()))
        }
    }

    /// Ends what the cell left running, and returns the command lines: every process reparented to this one
    /// that carries this program's mark (whatever started it has ended, so nothing waits for it), and when the
    /// cell has ended, every process below the program too.
    private func endLeftRunning(cellEnded: Bool) -> [String] {
        var ended = Cleanup.shared.adoptedOrphans().filter { ProcessTree.carries($0, Self.markVariable, mark) }
        if cellEnded { ended += ProcessTree.descendants(of: process.pid).filter(Cleanup.isAlive) }
        let names = ended.map(ProcessTree.commandLine(of:))
        for pid in ended {
            ProcessTree.kill(pid)
            // One reparented to this process (a subreaper) is reaped here; init reaps the others.
            if ProcessTree.parent(of: pid) == getpid() { waitpid(pid, nil, 0) }
        }
        return names
    }

    /// Ends the child: kills what it started, closes its input, waits briefly for it to end, then kills it and
    /// its process group; removes its folder.
    func finish() {
        // What the cells started ends with the lesson.
        if process.isRunning { ProcessTree.kill(process.pid, includingRoot: false) }
        try? process.input.close()
        let deadline = Date(timeIntervalSinceNow: 2)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        process.terminate()
        Cleanup.shared.removeFolder(folder)
    }

    /// The program: support code, then each cell between a wait for the parent and an end marker, under
    /// `#sourceLocation` so that the compiler reports lines and columns of the lesson.
    static func source(_ cells: [SwiftCell], path: String) -> String {
        var text = "import Foundation\nimport RNN\n\n" + support + "\nsetvbuf(stdout, nil, _IOLBF, 0)\n"
        let quotedPath = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        for (k, cell) in cells.enumerated() {
            text += "__workbookBegin(\(k))\n#sourceLocation(file: \"\(quotedPath)\", line: \(cell.firstLine))\n"
            let indent = String(repeating: " ", count: cell.columnOffset)
            text += cell.code.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(
                separator: "\n")
            text += "\n#sourceLocation()\n__workbookEnd(\(k))\n"
        }
        return text
    }

    /// The compiler's messages that point into the lesson, as diagnostics with the lesson's caret.
    static func compilerDiagnostics(_ output: String, file: SourceFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let prefix = file.path + ":"
        for line in output.split(separator: "\n") where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count).split(separator: ":", maxSplits: 3)
            guard rest.count == 4, let l = Int(rest[0]), let c = Int(rest[1]) else { continue }
            let kind = rest[2].trimmingCharacters(in: .whitespaces)
            guard let severity = Diagnostic.Severity(rawValue: kind) else { continue }
            found.append(
                Diagnostic(
                    severity, in: file, at: SourceLocation(line: l, column: c),
                    rest[3].trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    /// Compiled into every lesson program: the API cells use, and the handshake with the parent. The models
    /// and the exported values cross as the engine's `ModelArchive` and `CellExport`, declared once in the engine.
    static let support = #"""
        /// What Swift cells can use besides the engine: the lesson's models and a way to hand values back.
        enum Workbook {
            nonisolated(unsafe) static var exported: [String: CellExport] = [:]

            /// The model a directive above this cell defined (or trained): the notes' model or any network.
            static func model(_ name: String) -> any RecurrentModel {
                let data = FileManager.default.contents(atPath: CommandLine.arguments[1]) ?? Data()
                let models = (try? JSONDecoder().decode([String: ModelArchive].self, from: data)) ?? [:]
                guard let m = models[name] else { fatalError("no model named '\(name)' is defined above this cell") }
                do { return try m.model() } catch { fatalError("model '\(name)': \(error)") }
            }

            /// The model as its own type, e.g. `Workbook.model("hello", as: RNNLanguageModel.self)`.
            static func model<M: RecurrentModel>(_ name: String, as type: M.Type) -> M {
                guard let m = model(name) as? M else { fatalError("model '\(name)' is not a \(M.self)") }
                return m
            }

            /// Makes a value available to the lesson as `swift.<name>` (checks, inline values, plots).
            static func export(_ name: String, _ x: Double) { exported[name] = CellExport(number: x) }
            static func export(_ name: String, _ x: Int) { exported[name] = CellExport(number: Double(x)) }
            static func export(_ name: String, _ x: [Double]) { exported[name] = CellExport(vector: x) }
            static func export(_ name: String, _ x: [[Double]]) { exported[name] = CellExport(matrix: x) }
            static func export(_ name: String, _ x: String) { exported[name] = CellExport(text: x) }
        }

        func __workbookBegin(_ k: Int) {
            guard readLine() == "run \(k)" else { exit(0) }
        }

        func __workbookEnd(_ k: Int) {
            if let data = try? JSONEncoder().encode(Workbook.exported) {
                _ = FileManager.default.createFile(atPath: CommandLine.arguments[2], contents: data)
            }
            print("\u{1E}WB-END \(k)")
            fflush(stdout)
        }
        """#
}

enum SwiftSessionError: Error {
    case diagnostics([Diagnostic])
}

enum CellFailure: Error {
    case timedOut
    case tooMuchOutput
    case stopped(printed: String, stderr: String, status: Int32)
}

extension Value {
    /// A value a cell exported, as the lesson holds it.
    init(_ export: CellExport) {
        if let number = export.number {
            self = .number(number)
        } else if let vector = export.vector {
            self = .tensor(Tensor(vector: vector))
        } else if let matrix = export.matrix, matrix.allSatisfy({ $0.count == matrix.first?.count }) {
            self = .tensor(Tensor(rows: matrix))
        } else {
            self = .text(export.text ?? "")
        }
    }
}

/// The child's standard output and error, read on background threads, waited on with a deadline. At most
/// `maxBytes` of each are kept; the search for the end marker looks at each byte a bounded number of times, so
/// reading is linear in what the child prints.
final class ChildOutput: @unchecked Sendable {
    enum Outcome {
        case found(String)
        case timedOut
        case tooMuchOutput
        case ended(String, String)
    }

    private let condition = NSCondition()
    private let maxBytes: Int
    private var buffer = Data()
    /// Where the marker's search resumes: everything before it was searched already.
    private var searched = 0
    private var errors = Data()
    private var closed = false
    private var errorsClosed = false
    private var overflowed = false

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func start(_ out: FileHandle, _ err: FileHandle) {
        pump(out) { chunk, output in
            guard let chunk else {
                output.closed = true
                return
            }
            if output.buffer.count + chunk.count > output.maxBytes { output.overflowed = true }
            output.buffer.append(chunk.prefix(max(0, output.maxBytes - output.buffer.count)))
        }
        pump(err) { chunk, output in
            guard let chunk else {
                output.errorsClosed = true
                return
            }
            output.errors.append(chunk.prefix(max(0, output.maxBytes - output.errors.count)))
        }
    }

    /// Reads `handle` on its own thread until end of file, handing each chunk (then nil) to `update` under
    /// the lock and waking the waiter.
    private func pump(_ handle: FileHandle, _ update: @escaping @Sendable (Data?, ChildOutput) -> Void) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                update(chunk.isEmpty ? nil : chunk, self)
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }
    }

    /// Waits until `marker` has been printed; returns what came before it (and removes both).
    func waitFor(_ marker: String, deadline: Date) -> Outcome {
        let needle = Data(marker.utf8)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let from = buffer.startIndex + max(0, searched - needle.count + 1)
            if let range = buffer[from...].range(of: needle) {
                let printed = String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self)
                buffer = Data(buffer[range.upperBound...])
                searched = 0
                return .found(printed)
            }
            searched = buffer.count
            if overflowed { return .tooMuchOutput }
            // The program ended: wait (briefly) for the rest of its standard error, which says why.
            if closed, errorsClosed || !condition.wait(until: min(deadline, Date(timeIntervalSinceNow: 5))) {
                return .ended(String(decoding: buffer, as: UTF8.self), String(decoding: errors, as: UTF8.self))
            }
            if closed { continue }
            if !condition.wait(until: deadline) { return .timedOut }
        }
    }
}
