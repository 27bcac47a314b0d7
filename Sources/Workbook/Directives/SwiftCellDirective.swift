import Foundation

/// ```` ```swift run ````: a Swift cell, compiled and run against the engine when the lesson builds. All cells
/// of a lesson form one program, in order, so what one cell defines the next can use, as in a notebook; the
/// handout shows the code and, under it, what the cell printed. ```` ```swift setup ```` runs but is not shown.
/// Cells read models with `Workbook.model("name")` and hand values to the lesson with
/// `Workbook.export("name", value)`, which later directives and inline values read as `swift.name`.
struct SwiftCellDirective: Directive {
    static let kind = "swift"
    static let keys: [String] = []
    static let bodyIsCode = true

    let index: Int
    let cell: SwiftCell

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> SwiftCellDirective? {
        let block = a.block
        let mode = block.words.first ?? "run"
        if block.words.count > 1 {
            a.error(
                block.kindLocation, "a Swift cell is written '```swift run' or '```swift setup', with nothing after")
            return nil
        }
        let cell = SwiftCell(
            code: block.body, firstLine: block.bodyFirstLine, columnOffset: block.columnOffset, setup: mode == "setup",
            fence: block.fence)
        context.swiftCells.append(cell)
        if context.names["swift"] == nil { context.define(name: "swift", at: block.kindLocation) }
        return SwiftCellDirective(index: context.swiftCells.count - 1, cell: cell)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let session = try context.swiftSession()
        // The time limit counts the cell's run, not the compilation of the lesson's program.
        let deadline = Date(timeIntervalSinceNow: context.limits.maxSecondsPerDirective)
        switch session.run(index, models: context.models, deadline: deadline) {
        case .success(let (printed, exports, leftRunning)):
            for program in Set(leftRunning).sorted() {
                context.report(
                    Diagnostic(
                        .warning, in: context.file, at: cell.fence,
                        "this Swift cell left '\(program)' running; it was ended when the cell finished"))
            }
            if !exports.isEmpty {
                var fields: [(String, Value)] = []
                if case .record(let old)? = context.namespace["swift"] {
                    fields = old.fields.map { ($0.name, $0.value) }
                }
                for (name, value) in exports.sorted(by: { $0.key < $1.key }) {
                    fields.removeAll { $0.0 == name }
                    fields.append((name, value))
                }
                context.namespace.define("swift", .record(Record(fields)))
            }
            if cell.setup { return [] }
            return [.source(cell.code, language: "swift")] + (printed.isEmpty ? [] : [.preformatted(printed)])
        case .failure(.timedOut):
            throw context.timeLimitError()
        case .failure(.tooMuchOutput):
            throw context.error(
                cell.fence,
                "this Swift cell printed more than \(context.limits.maxCellOutputMB) MiB, the limit maxCellOutputMB; print less or raise the limit (--limit maxCellOutputMB=…)"
            )
        case .failure(.stopped(let printed, let stderr, let status)):
            let lines = stderr.split(separator: "\n")
            let reasons = lines.filter { $0.contains("Fatal error") || $0.contains("error:") }
            let tail = (reasons.isEmpty ? Array(lines.suffix(3)) : reasons).map { "  " + $0 }
            let shownOutput =
                printed.isEmpty ? [] : ["  it printed:"] + printed.split(separator: "\n").suffix(5).map { "    " + $0 }
            throw context.error(
                cell.fence,
                "this Swift cell stopped the program (\(ChildProcess.describe(status))) before it finished: a runtime error, or the memory limit maxCellMemoryMB",
                details: shownOutput + tail)
        }
    }
}
