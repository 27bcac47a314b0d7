import Foundation

/// Writes a build's files into the output folder so that a reader never sees a half-written file: every file
/// goes to a temporary name in the same folder first, and only when all are written are they renamed into
/// place (rename is atomic within a file system). A failed build never gets here, so Output/ keeps its last
/// good files.
public enum OutputWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `files` under `directory`; with `removingStale`, deletes handouts and assets it did not produce.
    /// Returns the paths written (changed or new) and removed.
    @discardableResult
    public static func write(_ files: [String: [UInt8]], to directory: String, removingStale: Bool) throws -> (
        written: [String], removed: [String]
    ) {
        let fm = FileManager.default
        var staged: [(temporary: String, final: String)] = []
        var written: [String] = []
        defer { for s in staged { try? fm.removeItem(atPath: s.temporary) } }
        for (relative, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let final = directory + "/" + relative
            if let existing = fm.contents(atPath: final), [UInt8](existing) == bytes { continue }
            let folder = (final as NSString).deletingLastPathComponent
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "\(folder): cannot create the folder: \(error.localizedDescription)")
            }
            let temporary =
                folder + "/.\((final as NSString).lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
            guard fm.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw WriteError(description: "\(temporary): cannot write")
            }
            staged.append((temporary, final))
            written.append(relative)
        }
        for s in staged {
            guard rename(s.temporary, s.final) == 0 else {
                throw WriteError(
                    description: "\(s.final): cannot rename into place: \(String(cString: strerror(errno)))")
            }
        }
        staged = []
        var removed: [String] = []
        if removingStale {
            for relative in stale(files, in: directory) {
                try? fm.removeItem(atPath: directory + "/" + relative)
                removed.append(relative)
            }
        }
        return (written, removed)
    }

    /// Files a build owns (handouts at the top level, anything under `assets/`) that it did not produce.
    public static func stale(_ files: [String: [UInt8]], in directory: String) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasSuffix(".html") || name.hasSuffix(".md") {
            found.append(name)
        }
        if let enumerator = fm.enumerator(atPath: directory + "/assets") {
            for case let path as String in enumerator {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: directory + "/assets/" + path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    found.append("assets/" + path)
                }
            }
        }
        return found.filter { files[$0] == nil && !$0.split(separator: "/").last!.hasPrefix(".") }.sorted()
    }

    /// How the output folder differs from `files`: a unified diff per changed text file, and the missing and
    /// stale files. Empty when the folder is up to date.
    public static func differences(_ files: [String: [UInt8]], in directory: String, checkingStale: Bool) -> [String] {
        var reports: [String] = []
        for (relative, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + relative
            guard let existing = FileManager.default.contents(atPath: path) else {
                reports.append("\(path): missing (build would write it)")
                continue
            }
            let old = [UInt8](existing)
            if old == bytes { continue }
            if let oldText = String(bytes: old, encoding: .utf8), let newText = String(bytes: bytes, encoding: .utf8) {
                reports.append(UnifiedDiff.make(old: oldText, new: newText, oldName: "a/\(path)", newName: "b/\(path)"))
            } else {
                reports.append("\(path): differs from what build would write (binary)")
            }
        }
        if checkingStale {
            for relative in stale(files, in: directory) {
                reports.append("\(directory)/\(relative): stale (build would remove it)")
            }
        }
        return reports
    }
}
