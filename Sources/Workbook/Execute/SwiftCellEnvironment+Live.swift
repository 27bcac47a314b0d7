import Crypto
import Foundation

/// The live figures' WebAssembly module: the engine's core (`Sources/RNN/Core`) and its entry points
/// (`Sources/RNNLive`), compiled with Embedded Swift for `wasm32-unknown-none-wasm` by the `swiftc` Swift cells
/// use, and linked by the `wasm-ld` beside it. Kept, as the compiled engine is, under the environment's folder by
/// the content hash of its sources, the compiler's version and the flags (or found in a prebuilt folder: `make
/// install` builds it with the engine), so an unchanged core is compiled once.
extension SwiftCellEnvironment {
    /// The entry points the page calls (besides the memory and `__heap_base`), and `fma`, which the tests compare
    /// with the machine's.
    static let liveExports = [
        "live_forward", "live_sample_start", "live_sample_draw", "live_work_size", "live_step_size", "live_state_size",
        "live_gradient_flow", "live_flow_work_size", "fma",
    ]

    static let liveCompileFlags = [
        "-target", "wasm32-unknown-none-wasm", "-enable-experimental-feature", "Embedded", "-wmo", "-O",
        "-parse-as-library", "-Xfrontend", "-disable-stack-protector", "-module-name", "RNNLive",
    ]

    /// The object, named relative to the staging folder the compiler runs in.
    static let liveOutputFlags = ["-c", "-o", "rnn-live.o"]

    /// The module's bytes, or a message saying why it cannot be built here (no wasm target, no sources).
    public func liveModule() -> Result<[UInt8], LiveModuleError> {
        liveLock.lock()
        defer { liveLock.unlock() }
        if let built = liveBuilt { return built }
        let result = buildLiveModule()
        liveBuilt = result
        return result
    }

    public struct LiveModuleError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The core's and the entry points' source files, sorted.
    var liveSources: [String] {
        let folders = [(engineSources ?? "") + "/Core", sourcesFolder + "/RNNLive"]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".swift") }
                .sorted().map { folder + "/" + $0 }
        }
    }

    private func buildLiveModule() -> Result<[UInt8], LiveModuleError> {
        let sources = liveSources
        guard engineSources != nil, sources.contains(where: { $0.hasSuffix("/LiveExports.swift") }) else {
            return .failure(LiveModuleError(description: "the engine's sources (Sources/RNN, Sources/RNNLive) were not found"))
        }
        var hasher = SHA256()
        for path in sources {
            hasher.update(data: Data(((path as NSString).lastPathComponent).utf8))
            hasher.update(data: FileManager.default.contents(atPath: path) ?? Data())
        }
        hasher.update(data: Data(Self.compilerVersion.utf8))
        hasher.update(data: Data((Self.liveCompileFlags + Self.liveOutputFlags + Self.liveExports).joined(separator: " ").utf8))
        let name = "live-" + BuildCache.hex(hasher.finalize()).prefix(24)
        for folder in prebuiltEngines + [directory] {
            if let bytes = FileManager.default.contents(atPath: folder + "/" + name + "/rnn-live.wasm") {
                return .success([UInt8](bytes))
            }
        }
        do {
            try AtomicFile.folder(directory + "/" + name) { (staging) throws(LiveModuleError) in
                try compileLive(sources, into: staging)
            }
        } catch {
            return .failure(error)
        }
        guard let bytes = FileManager.default.contents(atPath: directory + "/" + name + "/rnn-live.wasm") else {
            return .failure(LiveModuleError(description: "the module was built but cannot be read"))
        }
        return .success([UInt8](bytes))
    }

    private func compileLive(_ sources: [String], into staging: String) throws(LiveModuleError) {
        // The compiler derives 16 bytes of the module's data from the object's path as given after -o, so the
        // object is named relatively, inside the staging folder: the same sources make the same bytes wherever
        // the course or the staging folder is.
        let object = staging + "/rnn-live.o"
        let compiled = ChildProcess.run(
            "swiftc", Self.liveCompileFlags + sources + Self.liveOutputFlags, workingDirectory: staging)
        guard compiled.status == 0 else {
            throw LiveModuleError(
                description: "swiftc cannot compile for wasm32-unknown-none-wasm: " + compiled.output.suffix(600))
        }
        // wasm-ld is beside swiftc in the toolchain.
        let swiftc = ChildProcess.run("/usr/bin/env", ["which", "swiftc"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: swiftc)) ?? swiftc
        let beside = (resolved.hasPrefix("/") ? resolved : swiftc.parentPath + "/" + resolved).parentPath + "/wasm-ld"
        let linker = FileManager.default.isExecutableFile(atPath: beside) ? beside : "wasm-ld"
        let linked = ChildProcess.run(
            linker,
            ["--no-entry", "--export-memory", "--export=__heap_base", "--strip-all"]
                + Self.liveExports.map { "--export=" + $0 } + [object, "-o", staging + "/rnn-live.wasm"])
        try? FileManager.default.removeItem(atPath: object)
        guard linked.status == 0 else {
            throw LiveModuleError(description: "wasm-ld cannot link the module: " + linked.output.suffix(600))
        }
    }
}
