import Crypto
import Foundation

/// What Swift cells need from the machine: `swiftc`, and the engine compiled once per build as a library
/// (`libRNN.so` and its module) that every lesson program links against. Compiled engines and lesson programs
/// are kept under `directory` by content hash, so an unchanged engine or lesson is not compiled again.
public final class SwiftCellEnvironment: @unchecked Sendable {
    public let directory: String
    /// The engine's sources (`Sources/RNN`); found next to the tool or the current folder when not given.
    public let engineSources: String?
    private let lock = NSLock()
    private var engine: Result<String, Diagnostic>?
    /// The live figures' module, built once (`SwiftCellEnvironment+Live`).
    let liveLock = NSLock()
    var liveBuilt: Result<[UInt8], LiveModuleError>?

    /// Read-only folders of engines compiled in advance (`make install` puts one beside the tool): an engine
    /// found there under its content hash is used without compiling.
    public let prebuiltEngines: [String]

    public init(
        directory: String, engineSources: String? = SwiftCellEnvironment.findEngineSources(),
        prebuiltEngines: [String] = SwiftCellEnvironment.installedEngines.map { [$0] } ?? []
    ) {
        // Absolute, because lesson programs run in their lesson's folder.
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.engineSources = engineSources
        self.prebuiltEngines = prebuiltEngines
        // Writing to a cell program that has died must be an error to handle, not a signal that ends the build.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Where an installed tool keeps what Swift cells compile against: `PREFIX/lib/workbook` beside
    /// `PREFIX/bin/workbook` (the engine's sources and C module maps under `Sources/`, compiled engines under
    /// `engines/`); nil when the tool runs from a checkout.
    public static var installedSupport: String? { installedPrefix.map { $0 + "/lib/workbook" } }

    /// `PREFIX` of an installed tool (`PREFIX/bin/workbook` with its `PREFIX/lib/workbook`); nil from a checkout.
    private static var installedPrefix: String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let prefix = exe.parentPath.parentPath
        let flags = prefix + "/lib/workbook/Sources/RNN/compiler-flags.txt"
        return FileManager.default.fileExists(atPath: flags) ? prefix : nil
    }

    /// The lesson format's reference (docs/lesson-format.md): an installed tool's copy in
    /// `PREFIX/share/doc/workbook/`, else the checkout's `docs/` beside the engine's sources; nil when neither is
    /// there.
    public static var lessonFormatReference: String? {
        if let prefix = installedPrefix {
            let installed = prefix + "/share/doc/workbook/lesson-format.md"
            return FileManager.default.fileExists(atPath: installed) ? installed : nil
        }
        guard let sources = findEngineSources() else { return nil }
        let root = sources.parentPath.parentPath
        let checkout = root + "/docs/lesson-format.md"
        return FileManager.default.fileExists(atPath: checkout) ? checkout : nil
    }

    /// The installed tool's compiled engines, if any.
    public static var installedEngines: String? { installedSupport.map { $0 + "/engines" } }

    /// The engine's sources the tool itself was built from: an installed tool's copy, else `Sources/RNN` of the
    /// package, searched upward from the executable, then from the current folder.
    public static func findEngineSources() -> String? {
        if let support = installedSupport { return support + "/Sources/RNN" }
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(exe.parentPath)
        }
        starts.append(FileManager.default.currentDirectoryPath)
        for start in starts {
            var folder = URL(fileURLWithPath: start)
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent("Sources/RNN/compiler-flags.txt")
                if FileManager.default.fileExists(atPath: candidate.path) {
                    return folder.appendingPathComponent("Sources/RNN").path
                }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// The folder holding `libRNN.so` and `RNN.swiftmodule`: compiled in advance, or compiled on first use in
    /// this build.
    public func engineLibrary(at location: () -> Diagnostic) throws(Diagnostic) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let engine { return try engine.get() }
        let result = Result { () throws(Diagnostic) -> String in try compileEngine(location) }
        engine = result
        return try result.get()
    }

    private func compileEngine(_ location: () -> Diagnostic) throws(Diagnostic) -> String {
        guard let engineSources else {
            throw location().withMessage(
                "Swift cells need the engine's sources (Sources/RNN) to compile against; none were found beside the tool or the current folder"
            )
        }
        // The engine's folder and its subfolders (Core, Models, Training, Data, Kernels), by relative path.
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: engineSources)) ?? []).filter {
            $0.hasSuffix(".swift")
        }.sorted()
        var hasher = SHA256()
        for name in files {
            hasher.update(data: Data(name.utf8))
            hasher.update(data: FileManager.default.contents(atPath: engineSources + "/" + name) ?? Data())
        }
        for module in ["CZlib"] {
            for file in ["module.modulemap", "shim.h"] {
                hasher.update(
                    data: FileManager.default.contents(atPath: "\(sourcesFolder)/\(module)/\(file)") ?? Data())
            }
        }
        hasher.update(data: Data(Self.compilerVersion.utf8))
        hasher.update(data: Data(engineFlags.joined(separator: " ").utf8))
        let key = BuildCache.hex(hasher.finalize()).prefix(24)
        for prebuilt in prebuiltEngines {
            let folder = prebuilt + "/engine-" + key
            if FileManager.default.fileExists(atPath: folder + "/libRNN.so") { return folder }
        }
        let folder = directory + "/engine-" + key
        if FileManager.default.fileExists(atPath: folder + "/libRNN.so") { return folder }
        try AtomicFile.folder(folder) { (staging) throws(Diagnostic) in
            let run = ChildProcess.run(
                "swiftc",
                [
                    "-parse-as-library", "-emit-library", "-emit-module", "-module-name", "RNN", "-O",
                ] + engineFlags + [
                    "-diagnostic-style=llvm", "-o", staging + "/libRNN.so", "-emit-module-path",
                    staging + "/RNN.swiftmodule",
                ] + systemModuleFlags
                    + files.map { engineSources + "/" + $0 })
            guard run.status == 0 else {
                throw location().withMessage(
                    "compiling the engine for Swift cells failed: " + run.output.suffix(2000))
            }
        }
        return folder
    }

    static let compilerVersion: String = ChildProcess.run("swiftc", ["--version"]).output

    /// The flags Package.swift compiles the engine with, from the file beside the engine's sources that
    /// declares them for both.
    var engineFlags: [String] {
        let text = (try? String(contentsOfFile: (engineSources ?? "") + "/compiler-flags.txt", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// `Sources/`, where the engine's folder and its C libraries' module maps are.
    var sourcesFolder: String { (engineSources ?? "").parentPath }

    /// The engine imports the C library beside it (`Sources/CZlib`); the compiler must see its module map.
    var systemModuleFlags: [String] {
        guard engineSources != nil else { return [] }
        return ["-I", sourcesFolder + "/CZlib"]
    }

}

extension Diagnostic {
    /// The same place and severity with another message.
    func withMessage(_ message: String, details: [String] = []) -> Diagnostic {
        Diagnostic(
            severity, path: path, location: location, sourceLine: sourceLine, caretColumn: caretColumn,
            message: message, details: details)
    }
}
