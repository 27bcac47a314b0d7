import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium, which prints a page to PDF after its scripts (KaTeX) have run: Debian's `chromium`, found
/// on PATH or given by path. Each print is its own browser process, in a process group of its own, with a
/// profile and a TMPDIR in registered temporary folders, so an interrupt ends it and removes what it wrote.
public struct Chromium: Sendable {
    public let path: String

    public struct PrintError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The names looked for on PATH, in order.
    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The browser at `explicit`, or the first of `names` on PATH; an error naming the package otherwise.
    public static func locate(_ explicit: String?) throws(PrintError) -> Chromium {
        if let explicit {
            let path = explicit.contains("/") ? explicit : ChildProcess.find(explicit)
            guard let path, access(path, X_OK) == 0 else {
                throw PrintError(description: "--chromium \(explicit): no such program (or it cannot be run)")
            }
            return Chromium(path: path)
        }
        for name in names {
            if let path = ChildProcess.find(name) { return Chromium(path: path) }
        }
        throw PrintError(
            description:
                "--pdf prints the handouts with headless Chromium, and none was found on PATH (looked for \(names.joined(separator: ", "))); install Debian's package 'chromium' (apt-get install chromium) or give the browser's path with --chromium PATH"
        )
    }

    /// Prints `page` (a file inside `folder`) to PDF and returns the PDF's bytes. The page's scripts run, and
    /// its fonts load, before it is printed: virtual time stops only when nothing is pending or after
    /// `budget` milliseconds of it.
    func print(page: String, in folder: String, budget: Int = 60_000) throws(PrintError) -> [UInt8] {
        let name = (page as NSString).lastPathComponent
        let output = folder + "/.print-\(name).pdf"
        let profile = folder + "/.profile-\(name)"
        var arguments = [
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
            "--user-data-dir=" + profile, "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
            // Wide enough that the text column has its full width on screen, where the page measures what to fit.
            "--virtual-time-budget=\(budget)", "--window-size=1280,1024", "--print-to-pdf=" + output,
        ]
        // Chromium refuses to run as root with its sandbox (as in a CI container); the pages are the build's own.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append(URL(fileURLWithPath: folder + "/" + page).absoluteString)
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        let result = ChildProcess.run(path, arguments, environment: environment)
        defer { try? FileManager.default.removeItem(atPath: profile) }
        guard result.status == 0, let data = FileManager.default.contents(atPath: output), !data.isEmpty else {
            let lines = result.output.split(separator: "\n").filter { !$0.contains("dbus") }.suffix(5)
            throw PrintError(
                description: "\(path) could not print \(page) (\(ChildProcess.describe(result.status)))"
                    + (lines.isEmpty ? "" : ":\n" + lines.joined(separator: "\n")))
        }
        try? FileManager.default.removeItem(atPath: output)
        return [UInt8](data)
    }
}
