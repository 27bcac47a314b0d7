/// The lesson front end without execution: bytes → UTF-8 check → Parse → Plan → expression parsing of every
/// inline value. What the fuzzer drives (`Sources/workbook-fuzz`); it must return for any input, never trap.
public enum FrontEnd {
    /// Runs the front end on `bytes` and returns how many diagnostics it produced.
    @discardableResult
    public static func check(_ bytes: [UInt8]) -> Int {
        if LessonSource.firstInvalidUTF8(bytes) != nil { return 1 }
        let file = SourceFile(path: "fuzz.md", text: String(decoding: bytes, as: UTF8.self))
        let (parsed, parseDiagnostics) = LessonParser.parse(file, slug: "fuzz", allowRawHTML: false)
        guard let parsed else { return parseDiagnostics.count }
        let (_, planDiagnostics) = Planner.plan(parsed, limits: Limits())
        var count = parseDiagnostics.count + planDiagnostics.count
        for value in parsed.values {
            if (try? ExpressionParser.parse(value.expression)) == nil { count += 1 }
        }
        return count
    }
}
