import ArgumentParser
import Workbook

/// Compiles the engine Swift cells link against, and the live figures' WebAssembly module, into a folder, once,
/// so that an installed tool's first Swift cell or live figure does not wait for them (`make install` runs this;
/// not shown in the help).
struct PrepareEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare-engine", abstract: "Compile the engine for Swift cells into a folder.",
        shouldDisplay: false)

    @Argument(help: "The folder of compiled engines (an installed tool's is PREFIX/lib/workbook/engines).")
    var directory: String

    func run() throws {
        Cleanup.shared.handleSignals()
        let environment = SwiftCellEnvironment(directory: directory, prebuiltEngines: [])
        do {
            print(try environment.engineLibrary { Diagnostic(.error, path: directory, "") })
            // The live figures' WebAssembly module too, where the toolchain has the wasm target.
            if case .failure(let error) = environment.liveModule() {
                printError("warning: live figures will stay static: \(error.description)")
            }
        } catch {
            printError(error.formatted)
            throw ExitCode.failure
        }
    }
}
