import ArgumentParser
import Dispatch
import Foundation
import Preview
import Workbook

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Build, serve the handouts over HTTP and rebuild as lessons change; open pages reload themselves.",
        discussion: """
            Watches the lessons, every file they read and the course file; only what changed is executed again (the \
            build cache). A lesson with errors shows them in its page, over its last good handout. Serves only the \
            output folder, on loopback unless --host says otherwise. Ctrl-C stops it.
            """)

    @OptionGroup var options: CourseOptions

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 8000

    @Option(name: .long, help: "The address to listen on; 0.0.0.0 makes the preview reachable from the network.")
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    func run() throws {
        Cleanup.shared.handleSignals()
        try options.checkOutputFolder()
        var buildOptions = options.buildOptions
        buildOptions.cache = BuildCache(directory: options.cacheDir)
        let builder = PreviewBuilder(inputs: options.inputs, out: options.out, options: buildOptions)
        let server = PreviewServer(builder: builder, host: host, port: UInt16(port)) { state, seconds in
            for errors in state.lessonErrors.values.sorted(by: { $0.first ?? "" < $1.first ?? "" }) {
                for e in errors { printError(e) }
            }
            for e in state.courseErrors { printError(e) }
            let failed = state.lessonErrors.count
            print(
                "Rebuilt in \(String(format: "%.2f", seconds)) s"
                    + (failed == 0 ? "" : ": \(failed) lesson\(failed == 1 ? "" : "s") with errors (shown in the page)")
            )
            fflush(stdout)
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            printError("warning: serving on \(host): the handouts are reachable from other machines")
        }
        let (out, course) = (options.out, options)
        Task {
            do {
                try await server.run { url in
                    let state = builder.current
                    for errors in state.lessonErrors.values { for e in errors { printError(e) } }
                    // What kept the handouts from being written (a link in the output folder, a foreign file).
                    for e in state.courseErrors { printError(e) }
                    print("Serving \(out)/ at \(url) (Ctrl-C stops)")
                    fflush(stdout)
                }
            } catch {
                printError("error: cannot serve on \(course.out)/ at \(host):\(port): \(error)")
                Foundation.exit(1)
            }
        }
        dispatchMain()
    }
}
