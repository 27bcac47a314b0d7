import Foundation

/// Reading lessons from disk: which files a path means, and their text (which must be UTF-8).
public enum LessonSource {
    /// The lesson files a command-line path stands for: a `.md` file, or every `.md` file directly in a folder
    /// (sorted by name, which is the course order: `01-hello.md`, `02-…`).
    public static func files(for path: String) throws(Diagnostic) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(.error, path: path, "no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw Diagnostic(.error, path: path, "cannot list the folder: \(error.localizedDescription)")
        }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { base + "/" + $0 }
    }

    /// The lesson's text; a file that is not UTF-8 is an error at the first bad byte. A UTF-8 byte-order mark
    /// (which some editors write) is dropped. Its size is checked before it is read (`maxLessonMB`).
    public static func read(_ path: String, limits: Limits = Limits()) throws(Diagnostic) -> SourceFile {
        let data: Data
        do { data = try LessonFile.read(path, maxMB: limits.maxLessonMB, bound: .option("maxLessonMB")) } catch {
            throw Diagnostic(.error, path: path, error.description)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(bytes) {
            let prefix = SourceFile(path: path, text: String(decoding: bytes[..<bad], as: UTF8.self))
            let location = prefix.location(ofByte: prefix.bytes.count)
            throw Diagnostic(
                .error, path: path,
                "the file is not UTF-8: byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at line \(location.line), column \(location.column)"
            )
        }
        return SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0x00...0x7F:
                i += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (0x80, 0xBF)
                if c < lo || c > hi { return i }
            }
            i += length
        }
        return nil
    }
}
