// swift-tools-version:5.10
import Foundation
import PackageDescription

/// The engine's compiler flags, from the one file that declares them (the Swift cells' compilation reads it too).
let engineFlags: [String] = {
    let path = Context.packageDirectory + "/Sources/RNN/compiler-flags.txt"
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
}()

let package = Package(
    name: "RNNWorkbook",
    products: [
        .executable(name: "workbook", targets: ["workbook"]),
        .library(name: "RNN", targets: ["RNN"]),
        .library(name: "Workbook", targets: ["Workbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // The preview's HTTP and WebSocket server: small, pure Swift on BSD sockets (no SwiftNIO to build).
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        // libcmark, the CommonMark reference parser, from Debian's libcmark-dev.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libyaml, the YAML reference parser, from Debian's libyaml-dev: directive bodies are read from its
        // events, so anchors and aliases are refused before any node is built.
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // zlib, for the deflated members of .npz weight files (Debian's zlib1g-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The RNN engine: plain Swift, Double, no knowledge of Markdown; its Core folder needs nothing but the
        // standard library. Compiled for the machine it runs on, with the flags Sources/RNN/compiler-flags.txt
        // gives and explains.
        .target(
            name: "RNN", dependencies: ["CZlib"], exclude: ["compiler-flags.txt"],
            swiftSettings: [.unsafeFlags(engineFlags)]),
        // The one system call Swift cannot make itself (prctl is variadic): becoming a child subreaper.
        .target(name: "CSystem"),
        // Lessons to handouts: Parse -> Plan -> Execute -> Render.
        .target(
            name: "Workbook",
            dependencies: [
                "CCmark", "CLibYAML", "CSystem", "RNN", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `workbook preview`: builds, serves the output folder, watches, tells open pages to reload.
        .target(name: "Preview", dependencies: ["Workbook", .product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "workbook",
            dependencies: [
                "Workbook", "Preview", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The lesson front end under libFuzzer (Tests/Fuzz/run-fuzzer.sh); built normally it replays inputs.
        .executableTarget(name: "workbook-fuzz", dependencies: ["Workbook"]),
        // Embedded/ is compiled by EmbeddedCoreTests for WebAssembly, with the engine's Core, never natively.
        .testTarget(name: "RNNTests", dependencies: ["RNN"], exclude: ["Embedded"], resources: [.copy("Reference")]),
        .testTarget(
            name: "WorkbookTests",
            dependencies: ["Workbook", "RNN", "Preview", "workbook"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
