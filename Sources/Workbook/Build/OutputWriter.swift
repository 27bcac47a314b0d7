import Foundation

/// Writes a build's files into the output folder, safely for the author's other files and for readers.
///
/// - **Ownership.** The folder's manifest (`.workbook-manifest`) lists every file a build wrote there. Only
///   those are replaced or removed as stale; a file the build would write that exists and is not listed is an
///   error naming it (unless it already holds exactly the bytes the build would write), and nothing is written.
/// - **Atomicity.** Every file goes to a registered temporary beside it first (`AtomicFile`), and only when all
///   are written are they renamed into place; an interrupt removes the temporaries. A failed build never gets
///   here, so the folder keeps its last good files.
public enum OutputWriter {
    public static let manifestName = ".workbook-manifest"

    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `files` under `directory`. With `wholeCourse`, files the manifest lists that the build no longer
    /// produces are removed. Returns the paths written (changed or new) and removed.
    @discardableResult
    public static func write(_ files: [String: [UInt8]], to directory: String, wholeCourse: Bool) throws(WriteError)
        -> (written: [String], removed: [String])
    {
        let owned = ownedFiles(in: directory)
        let refused = conflicts(files, in: directory, owned: owned)
        guard refused.isEmpty else {
            throw WriteError(
                description: refused.map { "\(directory)/\($0.path): \($0.reason)" }.joined(separator: "\n")
                    + "\nnothing was written; move \(refused.count == 1 ? "that file" : "those files") away or choose another --out"
            )
        }
        let fm = FileManager.default
        var folders = Set([directory])
        for relative in files.keys {
            folders.insert(((directory + "/" + relative) as NSString).deletingLastPathComponent)
        }
        for folder in folders { Cleanup.removeLeftovers(in: folder) }
        var staged: [(temporary: String, final: String)] = []
        defer { for s in staged { Cleanup.shared.discard(s.temporary) } }
        var written: [String] = []
        for (relative, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let final = directory + "/" + relative
            if let existing = fm.contents(atPath: final), [UInt8](existing) == bytes { continue }
            let folder = (final as NSString).deletingLastPathComponent
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "\(folder): cannot create the folder: \(error.localizedDescription)")
            }
            do { staged.append((try AtomicFile.stage(bytes, for: final), final)) } catch {
                throw WriteError(description: error.description)
            }
            written.append(relative)
        }
        let manifest = Array(manifestText(next(files, owned: owned, wholeCourse: wholeCourse)).utf8)
        let manifestPath = directory + "/" + manifestName
        if fm.contents(atPath: manifestPath).map([UInt8].init) != manifest {
            do { staged.append((try AtomicFile.stage(manifest, for: manifestPath), manifestPath)) } catch {
                throw WriteError(description: error.description)
            }
        }
        for s in staged {
            do { try AtomicFile.commit(s.temporary, to: s.final) } catch {
                throw WriteError(description: error.description)
            }
        }
        staged = []
        var removed: [String] = []
        if wholeCourse {
            for relative in stale(files, owned: owned, in: directory) where unlink(directory + "/" + relative) == 0 {
                removed.append(relative)
            }
        }
        return (written, removed)
    }

    /// How the output folder differs from what `write` would leave: a unified diff per changed text file, and
    /// the missing, stale and foreign files and an out-of-date manifest. Empty when the folder is up to date.
    public static func differences(_ files: [String: [UInt8]], in directory: String, wholeCourse: Bool) -> [String] {
        let owned = ownedFiles(in: directory)
        let foreign = conflicts(files, in: directory, owned: owned)
        var reports = foreign.map { "\(directory)/\($0.path): \($0.reason)" }
        let refused = Set(foreign.map(\.path))
        for (relative, bytes) in files.sorted(by: { $0.key < $1.key }) where !refused.contains(relative) {
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
        if wholeCourse {
            for relative in stale(files, owned: owned, in: directory) {
                reports.append("\(directory)/\(relative): stale (build would remove it)")
            }
        }
        let manifest = manifestText(next(files, owned: owned, wholeCourse: wholeCourse))
        let existing = FileManager.default.contents(atPath: directory + "/" + manifestName).map {
            String(decoding: $0, as: UTF8.self)
        }
        if existing != manifest {
            reports.append(
                "\(directory)/\(manifestName): "
                    + (existing == nil ? "missing (build would write it)" : "out of date (build would rewrite it)"))
        }
        return reports
    }

    /// Refuses an output folder that is a lessons folder, lies inside one or contains one (a lesson file's
    /// folder counts as a lessons folder): a build there could replace lessons with handouts, and stale
    /// handouts are looked for in the whole folder.
    public static func validate(outputFolder out: String, lessonInputs: [String]) throws(WriteError) {
        let output = resolved(out)
        for input in lessonInputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { continue }
            let folderPath = isDirectory.boolValue ? input : (input as NSString).deletingLastPathComponent
            let lessons = resolved(folderPath.isEmpty ? "." : folderPath)
            let relation: String
            if output == lessons {
                relation = "is the lessons folder"
            } else if isInside(output, lessons) {
                relation = "lies inside the lessons folder"
            } else if isInside(lessons, output) {
                relation = "contains the lessons folder"
            } else {
                continue
            }
            throw WriteError(
                description:
                    "the output folder '\(out)' \(relation) '\(isDirectory.boolValue ? input : folderPath)'; handouts must go to a folder of their own (--out, default Output), so that a build can never replace or remove a lesson or its files"
            )
        }
    }

    /// The files the folder's manifest lists (paths inside the folder only; other lines are ignored).
    static func ownedFiles(in directory: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: directory + "/" + manifestName) else { return [] }
        var owned = Set<String>()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let path = String(line)
            guard !path.hasPrefix("#"), !path.hasPrefix("/"), !path.contains("\0"),
                !path.split(separator: "/", omittingEmptySubsequences: false).contains(where: {
                    $0 == ".." || $0 == "." || $0.isEmpty
                })
            else { continue }
            owned.insert(path)
        }
        return owned
    }

    static func manifestText(_ paths: Set<String>) -> String {
        "# Written by workbook: the files of this folder a build may replace or remove. Keep it with them.\n"
            + paths.sorted().map { $0 + "\n" }.joined()
    }

    /// What the manifest lists after writing `files`: those files, and for a partial build also what it
    /// listed before.
    private static func next(_ files: [String: [UInt8]], owned: Set<String>, wholeCourse: Bool) -> Set<String> {
        wholeCourse ? Set(files.keys) : owned.union(files.keys)
    }

    /// Files the build would write that exist but are not the build's: not in the manifest and not already
    /// byte for byte what the build writes, or not a regular file at all.
    private static func conflicts(_ files: [String: [UInt8]], in directory: String, owned: Set<String>) -> [(
        path: String, reason: String
    )] {
        var found: [(String, String)] = []
        for (relative, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) != S_IFREG {
                found.append((relative, "exists and is not a regular file; the build would write a handout there"))
            } else if !owned.contains(relative),
                FileManager.default.contents(atPath: path).map({ [UInt8]($0) != bytes }) ?? true
            {
                found.append(
                    (
                        relative,
                        "exists and was not written by workbook (it is not in \(manifestName)); the build would replace it"
                    ))
            }
        }
        return found
    }

    /// Files the manifest lists that the build no longer produces and that are still there.
    private static func stale(_ files: [String: [UInt8]], owned: Set<String>, in directory: String) -> [String] {
        owned.filter { files[$0] == nil && AtomicFile.regularFileSize(directory + "/" + $0) != nil }.sorted()
    }

    /// The absolute path with symbolic links resolved; for a path that does not exist yet, its nearest
    /// existing ancestor resolved and the rest appended.
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            rest.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var resolvedPath = url.resolvingSymlinksInPath().path
        for component in rest { resolvedPath = (resolvedPath as NSString).appendingPathComponent(component) }
        return resolvedPath
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
