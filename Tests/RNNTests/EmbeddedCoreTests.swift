import Foundation
import XCTest

/// The engine's core (`Sources/RNN/Core`: the cells' step and derivative, the products, softmax and the loss,
/// sampling, the random generator, exp, tanh and log) compiles for WebAssembly with Embedded Swift and links with
/// nothing from outside but `fma` (WebAssembly has no fused multiply-add instruction; the page supplies one). The
/// test fails, never skips, when the toolchain cannot do it: CI's machine has the same toolchain.
final class EmbeddedCoreTests: XCTestCase {
    /// The repository's root, from this file's place in it.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func testTheCoreCompilesAndLinksForWebAssemblyWithEmbeddedSwift() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-core-wasm-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let core = root.appendingPathComponent("Sources/RNN/Core")
        let sources = try FileManager.default.contentsOfDirectory(atPath: core.path).filter { $0.hasSuffix(".swift") }
            .sorted().map { core.appendingPathComponent($0).path }
        XCTAssertGreaterThanOrEqual(sources.count, 5, "the core's files")
        let exports = root.appendingPathComponent("Tests/RNNTests/Embedded/CoreExports.swift")
        let object = folder.appendingPathComponent("core.o").path
        let compiled = try run(
            "swiftc",
            [
                "-target", "wasm32-unknown-none-wasm", "-enable-experimental-feature", "Embedded", "-wmo", "-O",
                "-parse-as-library", "-Xfrontend", "-disable-stack-protector", "-module-name", "RNNCore",
            ] + sources + [exports.path, "-c", "-o", object])
        XCTAssertEqual(compiled.status, 0, "swiftc for wasm32-unknown-none-wasm failed:\n\(compiled.output)")
        guard compiled.status == 0 else { return }
        let names = try String(contentsOf: exports, encoding: .utf8).components(separatedBy: "@_cdecl(\"").dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
        XCTAssertGreaterThanOrEqual(names.count, 10, "the exported entry points")
        let module = folder.appendingPathComponent("core.wasm").path
        let link = ["--no-entry", "--export-memory", "--error-limit=0"] + names.map { "--export=\($0)" } + [object]
        // Linked with nothing else: every missing symbol is an error, and the only one may be fma.
        let alone = try run("wasm-ld", link + ["-o", module])
        let missing = Set(
            alone.output.split(separator: "\n").compactMap { $0.components(separatedBy: "undefined symbol: ").last }
                .filter { !$0.contains("wasm-ld") })
        XCTAssertEqual(missing, ["fma"], "what the core needs from outside:\n\(alone.output)")
        let allowed = folder.appendingPathComponent("imports.txt")
        try "fma\n".write(to: allowed, atomically: true, encoding: .utf8)
        let linked = try run("wasm-ld", link + ["--allow-undefined-file=\(allowed.path)", "-o", module])
        XCTAssertEqual(linked.status, 0, "wasm-ld failed:\n\(linked.output)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: module))
        XCTAssertEqual(Array(bytes.prefix(4)), [0x00, 0x61, 0x73, 0x6d], "a WebAssembly module")
        XCTAssertLessThan(bytes.count, 150_000, "the module's size")
    }
}
