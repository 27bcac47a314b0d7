import Foundation
import XCTest

@testable import Workbook

/// Builds one lesson in memory (no files), as `workbook build` would.
func buildLesson(
    _ text: String, path: String = "Lessons/test.md", allowRawHTML: Bool = false, limits: Limits = Limits()
) -> LessonProduct {
    var options = BuildOptions()
    options.limits = limits
    options.allowRawHTML = allowRawHTML
    options.katexDirectory = nil
    // The lesson lives in memory: there is no folder to copy its images from.
    options.copiesImages = false
    let slug = String(path.split(separator: "/").last!.dropLast(3))
    return Pipeline.build(
        SourceFile(path: path, text: text), slug: slug, options: options, assets: AssetLinks.make(katexDirectory: nil))
}

/// The headlines of a lesson's diagnostics (`path:line:col: error: message`).
func headlines(_ text: String) -> [String] {
    buildLesson(text).diagnostics.map(\.headline)
}

/// The HTML body of a lesson (between `<main …>` and `</main>`).
func htmlBody(_ product: LessonProduct) -> String {
    guard let html = product.html,
        let start = html.range(of: "<main class=\"wb-lesson\">\n"), let end = html.range(of: "</main>")
    else { return "" }
    return String(html[start.upperBound..<end.lowerBound])
}

/// A model definition for tests: the notes' hello example with fixed weights from a seed.
let helloModel = """
    ```rnn model
    name: hello
    vocabulary: [h, e, l, o]
    hidden: 3
    scale: 0.5
    seed: 7
    ```

    """

/// The hello model and its forward pass on "hell" (results `hello.forward`).
let helloModelOnHell =
    helloModel + """
        ```rnn forward
        model: hello
        input: hell
        ```

        """

/// The hello model with its vocabulary from a one-sentence character corpus (`word`), for training.
let helloOnWordCorpus = """
    ```rnn corpus
    name: word
    sentences: [hello]
    tokens: characters
    eos: false
    ```

    ```rnn model
    name: hello
    corpus: word
    hidden: 3
    scale: 0.5
    seed: 7
    ```

    """

/// 50 updates of `hello` on `word` (`helloOnWordCorpus`): its weights change.
let helloTraining = """
    ```rnn train
    model: hello
    corpus: word
    lr: 0.5
    steps: 50
    ```

    """

func fixtureURL(_ name: String) throws -> URL {
    try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
}

/// The `workbook` executable beside the test bundle in the build folder (on Linux, the bundle path is that folder).
func workbookBinary(for testClass: AnyClass) -> URL {
    let bundle = Bundle(for: testClass).bundleURL
    let folderOfProducts = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    return folderOfProducts.appendingPathComponent("workbook")
}

/// Runs the `workbook` binary with `arguments` in `folder`: its exit status, standard output and standard error.
func runWorkbook(_ arguments: [String], in folder: URL, for testClass: AnyClass) throws -> (
    status: Int32, out: String, err: String
) {
    let process = Process()
    process.executableURL = workbookBinary(for: testClass)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let (out, err) = (Pipe(), Pipe())
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
}

/// Executes the lesson file at `path` (Parse → Plan → Execute, nothing rendered): its results by name and its
/// diagnostics' headlines.
func executeLesson(at path: URL, limits: Limits = Limits()) throws -> (namespace: Namespace, headlines: [String]) {
    var options = BuildOptions()
    options.limits = limits
    let run = Pipeline.run(try LessonSource.read(path.path), slug: "lesson", through: .execute, options: options)
    XCTAssertNotNil(run.parsed)
    return (run.executed?.namespace ?? Namespace(), run.diagnostics.map(\.headline))
}

/// The folder of `testRunSwiftCells`, removed when the test process exits.
nonisolated(unsafe) private var testRunSwiftCellsFolder = ""

/// One Swift-cell environment for every test that runs cells (the engine is compiled once per run, as in a
/// build), in a temporary folder removed when the test process exits.
let testRunSwiftCells: SwiftCellEnvironment = {
    testRunSwiftCellsFolder =
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "swift-cells-\(UUID().uuidString)"
        ).path
    atexit { try? FileManager.default.removeItem(atPath: testRunSwiftCellsFolder) }
    return SwiftCellEnvironment(directory: testRunSwiftCellsFolder)
}()

/// Executes `lesson` as `lesson.md` in a new temporary folder holding `files` (name → contents), which is removed
/// afterwards: its results by name and its diagnostics' headlines (`lesson.md:line:col: …`).
func executeLesson(_ lesson: String, files: [String: Data] = [:]) throws -> (
    namespace: Namespace, headlines: [String]
) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
    let path = folder.appendingPathComponent("lesson.md")
    try Data(lesson.utf8).write(to: path)
    let (namespace, headlines) = try executeLesson(at: path)
    return (namespace, headlines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") })
}

/// The numbers of an expression over executed results: one for a number, every entry of a tensor.
func numbers(_ expression: String, in namespace: Namespace) throws -> [Double] {
    switch try Evaluator(namespace: namespace).evaluate(ExpressionParser.parse(expression)) {
    case .number(let x): return [x]
    case .tensor(let t): return t.data
    default: return []
    }
}

/// The tokens of an expression over executed results (a list of tokens, or one text).
func tokens(_ expression: String, in namespace: Namespace) throws -> [String] {
    switch try Evaluator(namespace: namespace).evaluate(ExpressionParser.parse(expression)) {
    case .texts(let list): return list
    case .text(let s): return [s]
    default: return []
    }
}

/// Two arrays of numbers of one length, entry by entry within `accuracy`.
func XCTAssertEqual(
    _ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

/// The process's peak resident size (VmHWM) in KB; reset it to the current size by writing "5" to
/// /proc/self/clear_refs.
func peakResidentKB() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
    return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
}
