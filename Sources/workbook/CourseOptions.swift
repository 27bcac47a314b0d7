import ArgumentParser
import Workbook

/// The options `build` and `check` share.
struct CourseOptions: ParsableArguments {
    @Argument(help: "Lesson files or folders of lessons (default: Lessons).")
    var paths: [String] = []

    @Option(name: .long, help: "The output folder.")
    var out = "Output"

    @Flag(name: .long, help: "Pass raw HTML in lessons through to the HTML handouts (it is omitted by default).")
    var allowRawHTML = false

    var inputs: [String] { paths.isEmpty ? ["Lessons"] : paths }

    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.allowRawHTML = allowRawHTML
        return options
    }

    /// Prints every diagnostic to standard error, then a summary line.
    func report(_ build: CourseBuild) {
        for diagnostic in build.diagnostics { printError(diagnostic.formatted) }
        let errors = build.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { printError("\(errors) error\(errors == 1 ? "" : "s"); \(out)/ was left as it was.") }
    }
}

func printError(_ text: String) {
    var standardError = StandardError()
    print(text, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        for byte in string.utf8 { putc(Int32(byte), stderr) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
