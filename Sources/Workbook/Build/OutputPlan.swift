import Foundation

/// What writing one `OutputWriter.FileSet` would do, found without writing anything: the problems that refuse
/// it (a file that is not the command's, a link or a file where a folder is wanted, …), the files that change
/// with their old bytes, the stale files a complete set removes, and the folder's record before and after.
struct OutputPlan {
    typealias FileSet = OutputWriter.FileSet

    /// A record larger than this is not one the tool wrote (a course of a million handouts would fit).
    static let maxRecordBytes = 64 << 20
    /// An old file is compared with its new bytes (or diffed by `check`) only up to this size.
    static let maxCompareBytes = 256 << 20

    let set: FileSet
    /// The folder, when it exists.
    let folder: ConfinedFolder?
    private(set) var problems: [String] = []
    /// How many of the problems are files that exist and are not the command's.
    private(set) var foreign = 0
    /// What a file is to hold: bytes made in memory, or a file copied as it is.
    enum Content {
        case bytes([UInt8])
        case copy(FileCopy)
    }

    /// A file the write adds or replaces: its content, whether a file is there already and, for bytes, the old
    /// bytes (nil when larger than `maxCompareBytes`), for `check`'s diff.
    struct Change {
        let path: String
        let content: Content
        var exists = false
        var old: [UInt8]? = nil
    }

    private(set) var changes: [Change] = []
    private(set) var stale: [String] = []
    /// The record as it is (nil: none) and as the write leaves it.
    private(set) var record: (old: [UInt8]?, new: [UInt8]) = (nil, [])
    /// Folders on the way to new files that do not exist yet: made by the write, removed again if it fails.
    private(set) var newFolders: Set<String> = []

    init(_ set: FileSet) {
        self.set = set
        var problems: [String] = []
        var folder: ConfinedFolder?
        do {
            folder = try ConfinedFolder.open(set.folder, creating: false)
            if let root = folder, !set.subfolder.isEmpty { folder = try root.subfolder(set.subfolder, creating: false) }
        } catch {
            problems.append(error.description)
            folder = nil
        }
        self.folder = folder
        self.problems = problems
        checkPaths()
        guard self.problems.isEmpty else { return }
        let owned = readRecord().union(inheritedRecord())
        let contents = set.files.mapValues(Content.bytes).merging(set.copies.mapValues(Content.copy)) { a, _ in a }
        for (path, content) in contents.sorted(by: { $0.key < $1.key }) { plan(path, content, owned: owned) }
        if set.isComplete {
            for path in owned.sorted() where contents[path] == nil { planRemoval(path) }
        }
        let next = set.isComplete ? Set(contents.keys) : owned.union(contents.keys)
        record.new = set.retires ? [] : Array((set.record.header + next.sorted().map { $0 + "\n" }.joined()).utf8)
    }

    /// Whether the record is to be written anew, or removed with a retired edition.
    var recordChanges: Bool { self.set.retires ? record.old != nil : record.old != record.new }

    /// `relative` as the user names it.
    func shown(_ relative: String) -> String {
        if let folder { return folder.display(relative) }
        let base = set.subfolder.isEmpty ? set.folder : set.folder + "/" + set.subfolder
        return base == "." || base.isEmpty ? relative : base + "/" + relative
    }

    private mutating func problem(_ text: String) {
        if !problems.contains(text) { problems.append(text) }
    }

    /// Every path must name a file inside the folder (no hidden component: records and temporaries are hidden),
    /// and no path may be both a file and a folder of another.
    private mutating func checkPaths() {
        let paths = Set(set.files.keys).union(set.copies.keys)
        for path in set.files.keys where set.copies[path] != nil {
            problem("\(shown(path)): \(set.record.writer) would write it twice (once as a copy)")
        }
        for path in paths.sorted() {
            guard let parts = ConfinedFolder.components(path), !parts.contains(where: { $0.hasPrefix(".") }) else {
                problem(
                    "\(shown(path)): is not a file name \(set.record.writer) may write (an empty, '.', '..' or hidden component)"
                )
                continue
            }
            for k in 1..<parts.count where paths.contains(parts[..<k].joined(separator: "/")) {
                problem(
                    "\(shown(parts[..<k].joined(separator: "/"))): \(set.record.writer) would write both a file and a folder there (\(path))"
                )
            }
        }
    }

    /// Whether `path` lies in a folder that another set owns.
    private func isLeft(_ path: String) -> Bool { set.leaves.contains { path.hasPrefix($0 + "/") } }

    /// What the record of the folder above lists inside this subfolder: an edition that the top folder's set
    /// once wrote (before each edition had a record of its own) owns those files now.
    private mutating func inheritedRecord() -> Set<String> {
        guard folder != nil, !set.subfolder.isEmpty, let root = try? ConfinedFolder.open(set.folder, creating: false)
        else { return [] }
        let prefix = set.subfolder + "/"
        return Set(
            read(set.record.name, in: root, keepingOld: false).filter { $0.hasPrefix(prefix) }.map {
                String($0.dropFirst(prefix.count))
            })
    }

    /// The files the folder's record lists (paths inside the folder only; other lines and the folders other
    /// sets own are ignored).
    private mutating func readRecord() -> Set<String> {
        guard let folder else { return [] }
        return read(set.record.name, in: folder, keepingOld: true).filter { !isLeft($0) }
    }

    private mutating func read(_ name: String, in folder: ConfinedFolder, keepingOld: Bool) -> Set<String> {
        switch folder.entry(name).entry {
        case .missing: return []
        case .file(let size):
            guard let bytes = folder.read(name, maxBytes: Self.maxRecordBytes) else {
                problem(
                    size > Self.maxRecordBytes
                        ? "\(folder.display(name)): is larger than \(Self.maxRecordBytes >> 20) MiB, so workbook did not write it; move it away"
                        : "\(folder.display(name)): cannot be read: \(ConfinedFolder.lastError())")
                return []
            }
            if keepingOld { record.old = bytes }
            var owned = Set<String>()
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
                let path = String(line)
                guard let parts = ConfinedFolder.components(path), !parts.contains(where: { $0.hasPrefix(".") }) else {
                    continue
                }
                owned.insert(path)
            }
            return owned
        case let found:
            problem(folder.describe(found, at: name, wanted: "the file listing what \(set.record.writer) wrote"))
            return []
        }
    }

    /// One file to write: new, changed (when the record lists it) or already as it should be.
    private mutating func plan(_ path: String, _ content: Content, owned: Set<String>) {
        guard let folder else {
            changes.append(Change(path: path, content: content))
            let parts = path.split(separator: "/").dropLast()
            for k in 0..<parts.count { newFolders.insert(parts[...k].joined(separator: "/")) }
            return
        }
        let parts = path.split(separator: "/")
        let (found, depth) = folder.entry(path)
        if depth < parts.count {
            guard found == .missing else {
                problem(folder.describe(found, at: parts[..<depth].joined(separator: "/"), wanted: "a folder"))
                return
            }
            for k in depth..<parts.count { newFolders.insert(parts[..<k].joined(separator: "/")) }
            changes.append(Change(path: path, content: content))
            return
        }
        switch found {
        case .missing: changes.append(Change(path: path, content: content))
        case .file:
            var change = Change(path: path, content: content, exists: true)
            switch content {
            case .bytes(let bytes):
                change.old = folder.read(path, maxBytes: Self.maxCompareBytes)
                if change.old == bytes { return }
            case .copy(let copy):
                if folder.holds(path, sameBytesAs: copy) { return }
            }
            if owned.contains(path) {
                changes.append(change)
            } else {
                foreign += 1
                problem(
                    "\(shown(path)): exists and was not written by workbook (it is not in \(set.record.name)); \(set.record.writer) would replace it"
                )
            }
        default: problem(folder.describe(found, at: path, wanted: "a file"))
        }
    }

    /// A file the record lists that the set no longer has: stale when it is still a regular file. A link on the
    /// way, or in its place, is an error: nothing is removed through one.
    private mutating func planRemoval(_ path: String) {
        guard let folder else { return }
        let parts = path.split(separator: "/")
        let (found, depth) = folder.entry(path)
        if found == .link {
            let at = parts[..<depth].joined(separator: "/")
            let record = "\(set.record.name) lists '\(path)'"
            problem(
                depth < parts.count
                    ? "\(shown(at)): is a symbolic link; \(record) below it for \(set.record.writer) to remove, and workbook never removes anything through a link: remove the link, or that line of \(shown(set.record.name))"
                    : "\(shown(at)): is a symbolic link, where \(record) for \(set.record.writer) to remove; workbook removes only the files it wrote, never a link: remove the link, or that line of \(shown(set.record.name))"
            )
        } else if depth == parts.count, case .file = found {
            stale.append(path)
        }
    }
}

/// A plan's files written to registered temporaries beside their places, ready to be renamed into place as one
/// set (`commit`), or removed with the folders made for them (`discard`).
final class StagedSet {
    let plan: OutputPlan
    let folder: ConfinedFolder
    private var files: [(temporary: String, final: String)] = []
    private var record: String?
    private var committed = false

    init(_ plan: OutputPlan) throws(ConfinedFolder.Failure) {
        self.plan = plan
        if let existing = plan.folder { folder = existing } else { folder = try Self.make(plan.set) }
        do {
            var touched: Set<String> = [""]
            for change in plan.changes { touched.insert(ConfinedFolder.split(change.path).folder) }
            for path in touched where !plan.newFolders.contains(path) { folder.removeLeftovers(in: path) }
            for change in plan.changes {
                switch change.content {
                case .bytes(let bytes): files.append((try folder.stage(bytes, for: change.path), change.path))
                case .copy(let copy): files.append((try folder.stage(copyOf: copy, for: change.path), change.path))
                }
            }
            if plan.recordChanges, !plan.set.retires {
                record = try folder.stage(plan.record.new, for: plan.set.record.name)
            }
        } catch {
            discard()
            throw error
        }
    }

    /// The set's folder, made (it did not exist when the plan was made).
    private static func make(_ set: OutputWriter.FileSet) throws(ConfinedFolder.Failure) -> ConfinedFolder {
        guard let root = try ConfinedFolder.open(set.folder, creating: true),
            let folder = set.subfolder.isEmpty ? root : try root.subfolder(set.subfolder, creating: true)
        else { throw ConfinedFolder.Failure(description: "\(set.folder): cannot create the folder") }
        return folder
    }

    /// Renames every file into place, removes the stale ones, then puts the record in place.
    func commit() throws(ConfinedFolder.Failure) -> (written: [String], removed: [String]) {
        for file in files { try folder.commit(file.temporary, to: file.final) }
        let removed = plan.stale.filter { folder.removeFile($0) }
        if let record { try folder.commit(record, to: plan.set.record.name) }
        if plan.set.retires { retire() }
        committed = true
        return (plan.changes.map(\.path), removed)
    }

    /// A retired edition's record goes after its files, then the folders they leave empty, its own last.
    private func retire() {
        if plan.recordChanges { _ = folder.removeFile(plan.set.record.name) }
        var folders: Set<String> = []
        for path in plan.stale {
            let parts = path.split(separator: "/").dropLast()
            for k in 0..<parts.count { folders.insert(parts[...k].joined(separator: "/")) }
        }
        for path in folders.sorted(by: { $0.count > $1.count }) { folder.removeEmptyFolder(path) }
        try? ConfinedFolder.open(plan.set.folder, creating: false)?.removeEmptyFolder(plan.set.subfolder)
    }

    /// Removes the temporaries not renamed into place and, unless the set was committed, the folders made for
    /// its files (those still empty).
    func discard() {
        for file in files { Cleanup.shared.discard(file.temporary, in: folder) }
        if let record { Cleanup.shared.discard(record, in: folder) }
        (files, record) = ([], nil)
        guard !committed else { return }
        for path in plan.newFolders.sorted(by: { $0.count > $1.count }) { folder.removeEmptyFolder(path) }
    }
}
