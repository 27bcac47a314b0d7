import Foundation

/// Writes a command's files into folders it owns, safely for the author's other files and for readers.
///
/// - **Ownership.** A folder's record (the build's `.workbook-manifest`, grading's `.workbook-grades-manifest`)
///   lists every file the command wrote there. Only those are replaced, or removed as stale by a complete set; a
///   file the command would write that exists and is not listed is an error naming it (unless it already holds
///   exactly those bytes).
/// - **No links.** Every path is reached inside the real folder without following a symbolic link
///   (`ConfinedFolder`): a link where a folder or a file is wanted, or on the way to a file to remove, is an
///   error naming it.
/// - **One set.** Everything that can fail is checked, in every folder of the command, before anything is
///   written (`OutputPlan`). Then every file goes to a registered temporary beside it, and only when all are
///   written are they renamed into place, SIGINT and SIGTERM held off until the last rename: a reader, and an
///   interrupted command, find all the old files or all the new ones. A failed build never gets here.
public enum OutputWriter {
    public static let manifestName = ".workbook-manifest"

    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The file in a folder that lists what one command wrote there.
    public struct Record: Sendable {
        public let name: String
        /// The command, as messages name it.
        public let writer: String
        /// The record's first line.
        let header: String

        public static let build = Record(
            name: manifestName, writer: "the build",
            header:
                "# Written by workbook: the files of this folder a build may replace or remove. Keep it with them.\n")
        public static let grades = Record(
            name: ".workbook-grades-manifest", writer: "grade",
            header: "# Written by workbook grade: the files of this folder it may replace. Keep it with them.\n")
    }

    /// The files one command writes into one folder, by their path inside it.
    public struct FileSet: Sendable {
        /// The folder as the user named it (it may be reached through links: it is theirs to choose).
        public var folder: String
        /// A folder below `folder` that the command names itself (an edition's), reached without following
        /// links; empty for `folder` itself.
        public var subfolder: String
        public var files: [String: [UInt8]]
        /// Files copied as they are (images), by their path inside the folder: streamed, never held whole.
        public var copies: [String: FileCopy]
        /// Whether `files` and `copies` are all the command writes there: then the files the record lists that it lacks are
        /// stale, and removed.
        public var isComplete: Bool
        public var record: Record
        /// Folders inside this one that other sets own (the student editions' `student/`): the set writes
        /// nothing there, and neither lists nor removes what its record, from before, lists there.
        public var leaves: [String]
        /// An edition the build no longer makes (`everyone`, once there is a roster): the files its record lists
        /// are removed as stale, then the record, then the folders left empty.
        /// Files the record does not list stay, and so does their folder.
        public var retires = false

        public init(
            folder: String, subfolder: String = "", files: [String: [UInt8]], copies: [String: FileCopy] = [:],
            isComplete: Bool, record: Record = .build, leaves: [String] = []
        ) {
            (self.folder, self.subfolder, self.files, self.copies) = (folder, subfolder, files, copies)
            (self.isComplete, self.record, self.leaves) = (isComplete, record, leaves)
        }
    }

    /// Writes `files` under `directory` as the build does. With `wholeCourse`, files the manifest lists that
    /// the build no longer produces are removed. Returns the paths written (changed or new) and removed.
    @discardableResult
    public static func write(_ files: [String: [UInt8]], to directory: String, wholeCourse: Bool) throws(WriteError)
        -> (written: [String], removed: [String])
    {
        try write([FileSet(folder: directory, files: files, isComplete: wholeCourse)])[0]
    }

    /// Writes every set, as one: nothing when any of them is refused or cannot be written, else all of them.
    /// Returns, per set, the paths written (changed or new) and removed.
    @discardableResult
    public static func write(_ sets: [FileSet]) throws(WriteError) -> [(written: [String], removed: [String])] {
        let plans = sets.map(OutputPlan.init)
        let problems = plans.flatMap(\.problems)
        guard problems.isEmpty else {
            let foreign = plans.map(\.foreign).reduce(0, +)
            throw WriteError(
                description: problems.joined(separator: "\n") + "\nnothing was written"
                    + (foreign == 0
                        ? "" : "; move \(foreign == 1 ? "that file" : "those files") away or choose another --out"))
        }
        var staged: [StagedSet] = []
        defer { for set in staged { set.discard() } }
        do {
            for plan in plans { staged.append(try StagedSet(plan)) }
        } catch {
            throw WriteError(description: error.description + "\nnothing was written")
        }
        do {
            return try Cleanup.shared.uninterrupted { () throws(ConfinedFolder.Failure) in
                try staged.map { set throws(ConfinedFolder.Failure) in try set.commit() }
            }
        } catch {
            throw WriteError(description: error.description)
        }
    }

    /// How the output folder differs from what `write` would leave: a unified diff per changed text file, the
    /// missing, stale and foreign files, links where files or folders are wanted, and an out-of-date manifest.
    /// Empty when the folder is up to date.
    public static func differences(_ files: [String: [UInt8]], in directory: String, wholeCourse: Bool) -> [String] {
        differences([FileSet(folder: directory, files: files, isComplete: wholeCourse)])
    }

    /// `differences` for every set (each edition of a build), in order.
    public static func differences(_ sets: [FileSet]) -> [String] { sets.flatMap(differences(_:)) }

    private static func differences(_ set: FileSet) -> [String] {
        let plan = OutputPlan(set)
        var reports = plan.problems
        for change in plan.changes {
            let path = plan.shown(change.path)
            guard change.exists else {
                reports.append("\(path): missing (build would write it)")
                continue
            }
            if let old = change.old, case .bytes(let bytes) = change.content,
                let oldText = String(bytes: old, encoding: .utf8), let newText = String(bytes: bytes, encoding: .utf8)
            {
                reports.append(UnifiedDiff.make(old: oldText, new: newText, oldName: "a/\(path)", newName: "b/\(path)"))
            } else {
                reports.append("\(path): differs from what build would write (binary, or too large to compare as text)")
            }
        }
        for path in plan.stale { reports.append("\(plan.shown(path)): stale (build would remove it)") }
        if plan.problems.isEmpty, plan.recordChanges {
            reports.append(
                "\(plan.shown(manifestName)): "
                    + (set.retires
                        ? "stale (build would remove it)"
                        : plan.record.old == nil
                            ? "missing (build would write it)" : "out of date (build would rewrite it)"))
        }
        return reports
    }

    /// Refuses an output folder that is a lessons folder, lies inside one or contains one (a lesson file's
    /// folder counts as a lessons folder): a build there could replace lessons with handouts, and stale
    /// handouts are looked for in the whole folder.
    public static func validate(outputFolder out: String, lessonInputs: [String]) throws(WriteError) {
        for lessons in lessonFolders(lessonInputs) {
            guard let relation = relation(of: resolved(out), to: lessons.resolved) else { continue }
            throw WriteError(
                description:
                    "the output folder '\(out)' \(relation) '\(lessons.named)'; handouts must go to a folder of their own (--out, default Output), so that a build can never replace or remove a lesson or its files"
            )
        }
    }

    /// Refuses a cache folder that is or lies inside the output folder: the cache keeps every edition's pages,
    /// answers included, which would be published with the handouts. (A cache among the lessons is allowed: the
    /// default `.workbook-cache` lies in `.` when the lessons are there, and the build reads only `.md` files.)
    public static func validate(cacheFolder cache: String, outputFolder out: String) throws(WriteError) {
        let (cacheResolved, outResolved) = (resolved(cache), resolved(out))
        guard cacheResolved == outResolved || isInside(cacheResolved, outResolved) else { return }
        throw WriteError(
            description:
                "the cache folder '\(cache)' \(cacheResolved == outResolved ? "is" : "lies inside") the output folder '\(out)': the cache keeps every edition's pages, answers included, and they would be published with the handouts; keep it elsewhere (--cache-dir, default .workbook-cache)"
        )
    }

    /// Refuses the entries a command writes into a folder it shares (grading's CSV and feedback folder) when
    /// one of them is, contains or lies inside a lessons folder, or the folder lies inside one: the folder
    /// itself may hold the lessons folder (the course's folder does).
    public static func validate(entries: [String], in folder: String, lessonInputs: [String], writer: String)
        throws(WriteError)
    {
        for lessons in lessonFolders(lessonInputs) {
            for entry in [""] + entries {
                let path = entry.isEmpty ? folder : (folder == "." ? entry : folder + "/" + entry)
                guard let relation = relation(of: resolved(path), to: lessons.resolved),
                    !(entry.isEmpty && relation == "contains the lessons folder")
                else { continue }
                throw WriteError(
                    description:
                        "'\(path)' \(relation) '\(lessons.named)'; \(writer) writes outside the lessons folders (--out), so that it can never replace or remove a lesson or its files"
                )
            }
        }
    }

    /// The folders of the lessons: each input folder, or a lesson file's folder, as named and resolved.
    private static func lessonFolders(_ inputs: [String]) -> [(named: String, resolved: String)] {
        inputs.compactMap { input in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { return nil }
            let folder = isDirectory.boolValue ? input : input.parentPath
            // A lesson file named without a folder is in the working directory, '.'.
            return (folder.isEmpty ? "." : folder, resolved(folder.isEmpty ? "." : folder))
        }
    }

    /// How `path` stands to the lessons folder, or nil when neither holds the other (both resolved).
    private static func relation(of path: String, to lessons: String) -> String? {
        if path == lessons { return "is the lessons folder" }
        if isInside(path, lessons) { return "lies inside the lessons folder" }
        if isInside(lessons, path) { return "contains the lessons folder" }
        return nil
    }

    /// The absolute path with symbolic links resolved as the system does (`realpath`: a `..` after a link leaves
    /// the link's target, not the link's folder: `link/../cache` with `link` → `Output/sub` is `Output/cache`); for
    /// a path that does not exist yet, its nearest existing ancestor resolved and the rest appended.
    static func resolved(_ path: String) -> String {
        var existing = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var rest: [String] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                var resolvedPath = String(cString: real)
                for component in rest { resolvedPath = (resolvedPath as NSString).appendingPathComponent(component) }
                return URL(fileURLWithPath: resolvedPath).standardizedFileURL.path
            }
            guard existing != "/", !existing.isEmpty else { return path }
            let parts = existing.split(separator: "/", omittingEmptySubsequences: true)
            guard let last = parts.last else { return "/" }
            rest.insert(String(last), at: 0)
            existing = "/" + parts.dropLast().joined(separator: "/")
        }
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
