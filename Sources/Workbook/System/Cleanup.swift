import CSystem
import Foundation

/// What the tool must undo when it stops, for any reason: temporary files not yet renamed into place,
/// temporary folders, and the process groups of the programs it started (Swift cells, the compiler).
///
/// Every temporary is registered here before it exists and unregistered once it is renamed or removed, and
/// every child is started in a process group of its own while the lock is held (`spawn`), so the clean-up,
/// which holds the same lock, never misses one that is being made. On SIGINT or SIGTERM (`handleSignals`)
/// the clean-up kills every child group, removes every temporary and exits with 128 + the signal's number.
/// Names carry the owner's process id (`.NAME.workbook-tmp-PID-N`, `workbook-cells-PID-…`), so a later run can
/// tell the leftovers of a build that was killed outright (`removeLeftovers`) from those of one still running.
public final class Cleanup: @unchecked Sendable {
    public static let shared = Cleanup()

    /// The mark in every temporary name this tool makes.
    public static let temporaryMark = ".workbook-tmp-"
    /// The start of the name of a child program's own temporary folder (its TMPDIR).
    /// Short, because Chromium makes its `SingletonSocket` two levels below it (see `temporaryFolder`).
    static let scratchPrefix = "wbscratch"

    private let lock = NSLock()
    /// Held while a command's files are renamed into place (`uninterrupted`); the clean-up waits for it.
    private let section = NSLock()
    private var files = Set<Temporary>()
    private var folders = Set<String>()
    private var groups = Set<pid_t>()
    private var counter = 0
    private var exiting = false
    /// Set as soon as SIGINT or SIGTERM arrives, before the clean-up waits for anything (`holdIfStopping`).
    private var signalled = false
    private var sources: [DispatchSourceSignal] = []
    private static let signalQueue = DispatchQueue(label: "workbook.signals")
    private var isSubreaper = false

    /// On SIGINT and SIGTERM: kill the children, remove the temporaries, exit with 128 + the signal. The
    /// process also becomes a child subreaper, so what a child leaves running when it ends is reparented here
    /// and ended too (`endOrphans`).
    public func handleSignals() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        isSubreaper = workbook_become_subreaper() == 0
        // The Swift cells' folders and the child programs' scratch folders of builds that were killed outright.
        for mark in ["workbook-cells-", Self.scratchPrefix + "-", "workbook-scratch-"] {
            Self.removeLeftovers(in: NSTemporaryDirectory(), mark: mark)
        }
        for signalNumber in [SIGINT, SIGTERM] {
            // The signal is delivered to a dispatch source instead of ending the process; children get the
            // default disposition back when they start (`ChildProcess`).
            signal(signalNumber, SIG_IGN)
            // On a queue of its own, which gets a thread of its own: the global queue's threads may all be busy
            // with a directive's work (on one core, SIGTERM waited for the directive's time limit, 300 s).
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: Self.signalQueue)
            source.setEventHandler { [self] in
                lock.lock()
                signalled = true
                lock.unlock()
                cleanUpAndExit(code: 128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// A fresh temporary path beside `relative` in `folder` (hidden, marked with this process's id), registered:
    /// the caller makes the file or folder, then renames it into place (`settle`) or removes it (`discard`).
    func temporary(beside relative: String, in folder: ConfinedFolder) -> String {
        lock.lock()
        defer { lock.unlock() }
        let path = freshName(beside: relative)
        files.insert(Temporary(folder: folder, path: path))
        return path
    }

    /// A fresh temporary folder path beside `final`, registered (the caller creates the folder, fills it, and
    /// renames it into place or removes it).
    func temporaryFolderPath(for final: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let path = freshName(beside: final)
        folders.insert(path)
        return path
    }

    private func freshName(beside final: String) -> String {
        counter += 1
        let (folder, name) = ConfinedFolder.split(final)
        return (folder.isEmpty ? "" : folder + "/") + ".\(name)\(Self.temporaryMark)\(getpid())-\(counter)"
    }

    /// Runs `rename` (which puts a registered temporary in place) under the lock, and unregisters the temporary
    /// when it succeeds: the clean-up never removes a temporary that is being renamed.
    func settle(_ temporary: String, in folder: ConfinedFolder, by rename: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard rename() else { return false }
        files.remove(Temporary(folder: folder, path: temporary))
        return true
    }

    /// Removes a registered temporary (if it exists, with everything in it) and unregisters it.
    func discard(_ temporary: String, in folder: ConfinedFolder) {
        lock.lock()
        defer { lock.unlock() }
        if files.remove(Temporary(folder: folder, path: temporary)) != nil { folder.remove(temporary) }
    }

    /// Runs `body` with SIGINT and SIGTERM held off: a signal that arrives meanwhile takes effect when it returns.
    /// The renames that put a command's files in place run here, so an interrupted command leaves all of its
    /// files old or all new.
    func uninterrupted<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        section.lock()
        defer { section.unlock() }
        return try body()
    }

    /// A new folder under the system's temporary folder, named `prefix-PID-` and six random characters (made
    /// by `mkdtemp`: only this user can enter it, and it did not exist before), registered for removal. The
    /// name is short because programs put Unix sockets inside: Chromium's `SingletonSocket`, in the folder
    /// given as its TMPDIR, must fit in a socket address's 107 bytes.
    /// A system temporary folder too long for that (Chromium aborts: "Socket path too long") is passed over for
    /// /tmp.
    public func temporaryFolder(prefix: String) -> String {
        var parent = NSTemporaryDirectory()
        if !parent.hasSuffix("/") { parent += "/" }
        let name = "\(prefix)-\(getpid())-XXXXXX"
        // org.chromium.Chromium.XXXXXX/SingletonSocket inside the folder, in a socket address's 107 bytes.
        if parent.utf8.count + name.utf8.count + 46 > 107 { parent = "/tmp/" }
        var template = Array((parent + name).utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) } != nil
        let path = String(cString: template)
        lock.lock()
        // When the temporary folder cannot be written, the path is returned unmade: what is written into it
        // fails with its own error.
        if made { folders.insert(path) }
        lock.unlock()
        return path
    }

    /// Removes a registered folder and everything in it, and unregisters it.
    public func removeFolder(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        folders.remove(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Unregisters a folder that was renamed into place (it is no longer temporary).
    func keepFolder(_ path: String) {
        lock.lock()
        folders.remove(path)
        lock.unlock()
    }

    /// Runs `start` (which starts a child in a process group of its own and returns its id) under the lock,
    /// and registers the group: a signal cannot arrive between the start and the registration.
    func spawn(_ start: () -> pid_t?) -> pid_t? {
        lock.lock()
        defer { lock.unlock() }
        guard !exiting, let pid = start() else { return nil }
        groups.insert(pid)
        return pid
    }

    /// Unregisters a child group after it was reaped.
    func forget(group: pid_t) {
        lock.lock()
        groups.remove(group)
        lock.unlock()
    }

    /// Called before the process ends on its own (the command returned or failed): when a signal has arrived,
    /// the clean-up is under way and ends the process with 128 + the signal, so this thread waits for it instead
    /// of exiting first. Without it, a command whose child the clean-up had just killed (Chromium while
    /// printing) failed with "the browser ended" and exited 1 while the clean-up was still removing temporaries.
    public func holdIfStopping() {
        lock.lock()
        let stopping = signalled
        lock.unlock()
        guard stopping else { return }
        while true { sleep(60) }
    }

    func cleanUpAndExit(code: Int32) -> Never {
        // Never released: the process ends here, after the renames under way are done.
        section.lock()
        lock.lock()
        exiting = true
        for group in groups { ProcessTree.kill(group) }
        for group in groups { kill(-group, SIGKILL) }
        for group in groups { waitpid(group, nil, 0) }
        if isSubreaper { ProcessTree.kill(getpid(), includingRoot: false) }
        for temporary in files { temporary.folder.remove(temporary.path) }
        for path in folders { try? FileManager.default.removeItem(atPath: path) }
        exit(code)
    }

    /// Ends the processes below this one that no registered child accounts for: what a lesson's program
    /// left running, reparented here because the tool is a subreaper. Only a subreaper does this (in a
    /// process that is not, such processes are not its own).
    public func endOrphans() {
        lock.lock()
        defer { lock.unlock() }
        guard isSubreaper else { return }
        var owned = Set(groups)
        for group in groups { owned.formUnion(ProcessTree.descendants(of: group)) }
        for pid in ProcessTree.descendants(of: getpid()) where !owned.contains(pid) {
            guard let parent = ProcessTree.parent(of: pid), parent == getpid() else { continue }
            ProcessTree.kill(pid)
            waitpid(pid, nil, 0)
        }
    }

    /// The processes reparented to this one (a subreaper) that no registered child accounts for: what a program
    /// left running when it ended. Empty when this process is not a subreaper (they went to init).
    func adoptedOrphans() -> [pid_t] {
        lock.lock()
        let (subreaper, registered) = (isSubreaper, groups)
        lock.unlock()
        guard subreaper else { return [] }
        return ProcessTree.children(of: getpid()).filter { !registered.contains($0) && Self.isAlive($0) }
    }

    /// Whether a process with this id exists (a zombie counts as gone).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let state = ProcessTree.status(of: pid)?.first else { return true }
        return state != "Z" && state != "X"
    }

    /// Whether `name` is a temporary of a run that died without cleaning up: named `…<mark><pid>-…` with a
    /// process id that no longer exists. Those of live processes are not.
    static func isLeftover(_ name: String, mark: String = temporaryMark) -> Bool {
        guard let range = name.range(of: mark) else { return false }
        let digits = name[range.upperBound...].prefix { $0.isNumber }
        guard let pid = pid_t(digits) else { return false }
        return !isAlive(pid)
    }

    /// Removes what runs that died without cleaning up left in `folder` (not recursively): entries named
    /// `…<mark><pid>-…` whose process no longer exists. Entries of live processes and every other file are left
    /// alone.
    public static func removeLeftovers(in folder: String, mark: String = temporaryMark) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where isLeftover(name, mark: mark) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}

/// A temporary file or folder inside a confined folder, by its path there.
struct Temporary: Hashable {
    let folder: ConfinedFolder
    let path: String
}
