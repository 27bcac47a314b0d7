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
    /// Temporary files not yet renamed into place; an interrupt removes them (see `removeTemporariesOnInterrupt`).
    private static let pending = PendingFiles()

    /// On SIGINT or SIGTERM: remove every temporary file not yet renamed, then exit with 128 + the signal's
    /// number. Renamed files are complete, so the output folder never holds a partial file.
    public static func removeTemporariesOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                pending.removeAllAndExit(code: 128 + signalNumber)
            }
            source.resume()
            PendingFiles.sources.append(source)
        }
    }

    @discardableResult
    public static func write(_ files: [String: [UInt8]], to directory: String, removingStale: Bool) throws -> (
        written: [String], removed: [String]
    ) {
        let fm = FileManager.default
        var staged: [(temporary: String, final: String)] = []
        var written: [String] = []
        defer { for s in staged { pending.remove(s.temporary) } }
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

/// The temporary files of a write in progress. Creating, renaming and the interrupt's clean-up all hold one
/// lock, so no file can be created after the clean-up has run.
final class PendingFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var paths = Set<String>()
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    func create(_ path: String, contents: Data) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        paths.insert(path)
        return FileManager.default.createFile(atPath: path, contents: contents)
    }

    func rename(_ path: String, to final: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard Foundation.rename(path, final) == 0 else { return false }
        paths.remove(path)
        return true
    }

    func remove(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if paths.remove(path) != nil { unlink(path) }
    }

    func removeAllAndExit(code: Int32) -> Never {
        lock.lock()
        for path in paths { unlink(path) }
        exit(code)
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return paths.count
    }
}
