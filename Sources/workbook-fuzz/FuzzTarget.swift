import Foundation
import Workbook

#if FUZZING
    /// libFuzzer's entry point (built by `Tests/Fuzz/run-fuzzer.sh` with `-sanitize=fuzzer -DFUZZING`).
    /// `WORKBOOK_FUZZ=structured` fuzzes whole lessons built from the bytes by the lesson grammar
    /// (`StructuredFuzzing`, execution included); `WORKBOOK_FUZZ=output` the writer against output folders with
    /// links in them; otherwise the bytes are a lesson for the front end.
    let mode = ProcessInfo.processInfo.environment["WORKBOOK_FUZZ"]

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzLessonFrontEnd(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        switch mode {
        case "structured": StructuredFuzzing.run(bytes)
        case "output": StructuredFuzzing.runOutputFolder(bytes)
        case "bibtex": _ = Bibliography.fuzz(bytes)
        default: FrontEnd.check(bytes)
        }
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under this name; here it hands control to libFuzzer's driver.
    @_cdecl("workbook_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzLessonFrontEnd)
    }
#else
    /// Without libFuzzer: runs the front end on the files named on the command line (to replay a crash).
    @main
    struct FuzzReplay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read")
                    continue
                }
                let bytes = [UInt8](data)
                let name = (path as NSString).lastPathComponent
                if name.hasPrefix("output-") {
                    print("\(path): \(StructuredFuzzing.runOutputFolder(bytes))")
                } else if name.hasPrefix("bibtex-") {
                    print("\(path): \(Bibliography.fuzz(bytes).count) diagnostics")
                } else {
                    let structured = name.hasPrefix("structured-")
                    print("\(path): \(structured ? StructuredFuzzing.run(bytes) : FrontEnd.check(bytes)) diagnostics")
                }
            }
        }
    }
#endif
