/// The lesson front end without execution: bytes → UTF-8 check → Parse → Plan → expression parsing of every
/// inline value. What the fuzzer drives (`Sources/workbook-fuzz`); it must return for any input, never trap.
public enum FrontEnd {
    /// Runs the front end on `bytes` and returns how many diagnostics it produced.
    @discardableResult
    public static func check(_ bytes: [UInt8]) -> Int { diagnostics(bytes).count }

    /// The front end's diagnostics for `bytes` as a lesson `fuzz.md` (planning checks every inline value's
    /// expression too); bytes that are not UTF-8 give one error naming the first bad byte.
    public static func diagnostics(_ bytes: [UInt8]) -> [Diagnostic] {
        if let bad = LessonSource.firstInvalidUTF8(bytes) {
            return [
                Diagnostic(.error, path: "fuzz.md", "the file is not UTF-8 (its first bad byte is at offset \(bad))")
            ]
        }
        let file = SourceFile(path: "fuzz.md", text: String(decoding: bytes, as: UTF8.self))
        return Pipeline.run(file, slug: "fuzz", through: .plan, options: BuildOptions()).diagnostics
    }
}
