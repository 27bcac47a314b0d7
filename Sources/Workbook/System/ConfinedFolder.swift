import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder the tool writes into or reads back from (the output folder, an edition's folder, a grades folder, the
/// cache), opened once by the path the user gave. Every path below it is reached from that descriptor one
/// component at a time, each folder opened with `O_NOFOLLOW | O_DIRECTORY` and each file with `O_NOFOLLOW`: a
/// symbolic link inside, where a folder or a file is expected, is never followed, even one swapped in while the
/// tool runs. Nothing is read, written, created or removed through one.
public final class ConfinedFolder: @unchecked Sendable, Hashable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a path inside the folder holds, links not followed.
    enum Entry: Equatable {
        case missing
        case file(size: Int)
        case folder
        case link
        /// A FIFO, a device or a socket.
        case other
    }

    /// The folder as the user named it; messages name paths below it from here.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public static func == (a: ConfinedFolder, b: ConfinedFolder) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// The folder at `path`, or nil when it does not exist. The path itself may pass through links: it is the
    /// one the user chose. With `creating`, a missing folder is made, with its parents.
    public static func open(_ path: String, creating: Bool) throws(Failure) -> ConfinedFolder? {
        let name = path.isEmpty ? "." : path
        var fd = Glibc.open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0, errno == ENOENT, creating {
            try makeFolders(name)
            fd = Glibc.open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw Failure(
                description: errno == ENOTDIR
                    ? "\(path): is not a folder" : "\(path): cannot open the folder: \(lastError())")
        }
        return ConfinedFolder(path: path, descriptor: fd)
    }

    /// `mkdir -p` for the path the user gave.
    private static func makeFolders(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw Failure(description: "\(prefix): cannot create the folder: \(lastError())")
            }
            prefix += "/"
        }
    }

    /// The components of a path inside a folder, or nil when it could leave it or name nothing: empty, absolute,
    /// with an empty, `.` or `..` component, or a NUL.
    static func components(_ relative: String) -> [String]? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("\0") }) else {
            return nil
        }
        return parts
    }

    /// A path's folder ("" for a bare name, "/" for one at the root) and its last component, split at its last
    /// `/`. (Foundation's `deletingLastPathComponent` traps on a one-character name.)
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let name = String(path[path.index(after: slash)...])
        return (slash == path.startIndex ? "/" : String(path[..<slash]), name)
    }

    /// `relative` as the user would name it: under the folder's own path.
    public func display(_ relative: String) -> String {
        path == "." || path.isEmpty ? relative : (path.hasSuffix("/") ? path : path + "/") + relative
    }

    /// The folder at `relative` below this one, reached without following links (made, when missing, with
    /// `creating`); nil when it is missing.
    public func subfolder(_ relative: String, creating: Bool) throws(Failure) -> ConfinedFolder? {
        guard let parts = Self.components(relative) else {
            throw Failure(description: "\(display(relative)): is not a path inside \(path)")
        }
        guard let fd = try openFolder(parts[...], creating: creating) else { return nil }
        return ConfinedFolder(path: display(relative), descriptor: fd)
    }

    /// The names of the folders directly inside this one (not links), sorted.
    func folders() -> [String] {
        Self.names(in: descriptor).filter { Self.entry(descriptor, $0) == .folder }.sorted()
    }

    /// What `relative` holds, and how many of its components were reached: fewer than all when a component on
    /// the way is not a folder (then the entry is that component's).
    func entry(_ relative: String) -> (entry: Entry, depth: Int) {
        guard let parts = Self.components(relative) else { return (.other, 0) }
        var fd = dup(descriptor)
        defer { close(fd) }
        for (i, name) in parts.enumerated() {
            let found = Self.entry(fd, name)
            guard i < parts.count - 1, found == .folder else { return (found, i + 1) }
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            // Swapped for something else since it was looked at.
            guard next >= 0 else { return (.other, i + 1) }
            close(fd)
            fd = next
        }
        return (.missing, parts.count)
    }

    private static func entry(_ folder: Int32, _ name: String) -> Entry {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return errno == ENOENT ? .missing : .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Opens the folder at `parts` below this one, each step without following a link; nil when one is missing
    /// and not `creating`. Anything but a folder on the way is an error naming it. The caller closes the result.
    private func openFolder(_ parts: ArraySlice<String>, creating: Bool) throws(Failure) -> Int32? {
        var fd = dup(descriptor)
        var reached: [String] = []
        for name in parts {
            reached.append(name)
            var next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, creating {
                if mkdirat(fd, name, 0o755) != 0, errno != EEXIST {
                    let reason = Self.lastError()
                    close(fd)
                    throw Failure(
                        description: "\(display(reached.joined(separator: "/"))): cannot create the folder: \(reason)")
                }
                next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else {
                let (code, found) = (errno, Self.entry(fd, name))
                close(fd)
                if code == ENOENT, found == .missing { return nil }
                throw Failure(description: describe(found, at: reached.joined(separator: "/"), wanted: "a folder"))
            }
            close(fd)
            fd = next
        }
        return fd
    }

    /// The message for finding `found` at `relative` where the tool wants `wanted` ("a folder", "a file").
    func describe(_ found: Entry, at relative: String, wanted: String) -> String {
        let shown = display(relative)
        switch found {
        case .link:
            return
                "\(shown): is a symbolic link, where workbook wants \(wanted); it never writes, reads back or removes anything through a link: remove the link"
        case .folder: return "\(shown): is a folder, where workbook wants \(wanted)"
        case .file: return "\(shown): is a file, where workbook wants \(wanted)"
        case .other:
            return
                "\(shown): is not a regular file or a folder (a FIFO, a device or a socket), where workbook wants \(wanted)"
        case .missing: return "\(shown): does not exist"
        }
    }

    /// Runs `body` with the descriptor of the folder holding `relative` and its last component.
    private func inParent<T>(of relative: String, creating: Bool, _ body: (Int32, String) -> T) throws(Failure) -> T {
        guard let parts = Self.components(relative) else {
            throw Failure(description: "\(display(relative)): is not a path inside \(path)")
        }
        guard let parent = try openFolder(parts.dropLast(), creating: creating) else {
            throw Failure(description: "\(display(relative)): its folder does not exist")
        }
        defer { close(parent) }
        return body(parent, parts[parts.count - 1])
    }

    /// The bytes of the regular file at `relative`, or nil when there is none (missing, a link, a folder, …) or
    /// it holds more than `maxBytes`.
    func read(_ relative: String, maxBytes: Int) -> [UInt8]? {
        let bytes = try? inParent(of: relative, creating: false) { parent, name -> [UInt8]? in
            let fd = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            return Self.readAll(fd, maxBytes: maxBytes)
        }
        return bytes ?? nil
    }

    /// A regular file's bytes, at most `maxBytes` of them (nil if it has more, even if it grows while read).
    static func readAll(_ fd: Int32, maxBytes: Int) -> [UInt8]? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= maxBytes else {
            return nil
        }
        FileBuffers.note(Int(info.st_size))
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var total = 0
        while total < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            total += n
        }
        guard total <= maxBytes, total < bytes.count else { return nil }
        return Array(bytes[..<total])
    }

    /// Writes `bytes` to a new temporary beside `relative` (registered with `Cleanup` before it exists, flushed
    /// to disk), making the folders on the way, and returns the temporary's path.
    func stage(_ bytes: [UInt8], for relative: String, mode: mode_t = 0o644) throws(Failure) -> String {
        try stage(for: relative, mode: mode) { fd in bytes.withUnsafeBytes { Self.writeAll(fd, $0) } }
    }

    /// `stage` for a file copied as it is, a chunk at a time (`FileCopy.write`): never held whole.
    func stage(copyOf copy: FileCopy, for relative: String) throws(Failure) -> String {
        try stage(for: relative, mode: 0o644) { fd in copy.write(to: fd) }
    }

    private func stage(for relative: String, mode: mode_t, _ write: (Int32) -> String?) throws(Failure) -> String {
        let temporary = Cleanup.shared.temporary(beside: relative, in: self)
        let failure = try inParent(of: temporary, creating: true) { parent, name -> String? in
            let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard fd >= 0 else { return Self.lastError() }
            defer { close(fd) }
            if let problem = write(fd) { return problem }
            return fsync(fd) == 0 ? nil : Self.lastError()
        }
        if let failure {
            Cleanup.shared.discard(temporary, in: self)
            throw Failure(description: "\(display(relative)): cannot write: \(failure)")
        }
        return temporary
    }

    /// Whether the regular file at `relative` holds exactly the bytes of `copy`, compared a chunk at a time
    /// (sizes first, then digests).
    func holds(_ relative: String, sameBytesAs copy: FileCopy) -> Bool {
        let same = try? inParent(of: relative, creating: false) { parent, name -> Bool in
            let fd = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == copy.size,
                let found = FileCopy.digest(fd, limit: copy.size)
            else { return false }
            return found.size == copy.size && found.digest == copy.digest
        }
        return same == true
    }

    /// Makes a new registered temporary folder beside `relative` and returns its path.
    func stageFolder(for relative: String) throws(Failure) -> String {
        let temporary = Cleanup.shared.temporary(beside: relative, in: self)
        let failure = try inParent(of: temporary, creating: true) { parent, name in
            mkdirat(parent, name, 0o755) == 0 ? nil : Self.lastError()
        }
        if let failure {
            Cleanup.shared.discard(temporary, in: self)
            throw Failure(description: "\(display(relative)): cannot create the folder: \(failure)")
        }
        return temporary
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return lastError() }
            offset += n
        }
        return nil
    }

    /// Renames a staged temporary (a file or a folder) over `relative`, in the same folder.
    func commit(_ temporary: String, to relative: String) throws(Failure) {
        var reason = "its folder is gone"
        let done = Cleanup.shared.settle(temporary, in: self) {
            let renamed = try? inParent(of: relative, creating: false) { parent, name -> Bool in
                guard renameat(parent, Self.split(temporary).name, parent, name) == 0 else {
                    reason = Self.lastError()
                    return false
                }
                return true
            }
            return renamed == true
        }
        guard done else {
            Cleanup.shared.discard(temporary, in: self)
            throw Failure(description: "\(display(relative)): cannot rename into place: \(reason)")
        }
    }

    /// Removes the regular file at `relative` (never a link, or anything through one); whether it did.
    func removeFile(_ relative: String) -> Bool {
        let removed = try? inParent(of: relative, creating: false) { parent, name -> Bool in
            guard case .file = Self.entry(parent, name) else { return false }
            return unlinkat(parent, name, 0) == 0
        }
        return removed == true
    }

    /// Removes the folder at `relative` if it is empty.
    func removeEmptyFolder(_ relative: String) {
        _ = try? inParent(of: relative, creating: false) { parent, name in unlinkat(parent, name, AT_REMOVEDIR) }
    }

    /// Removes what is at `relative`: a file or a link (the link itself), or a folder with everything in it,
    /// walked by descriptor without following links.
    func remove(_ relative: String) {
        _ = try? inParent(of: relative, creating: false) { parent, name in Self.removeTree(parent, name) }
    }

    private static func removeTree(_ parent: Int32, _ name: String) {
        if entry(parent, name) == .folder {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return }
            for child in names(in: fd) { removeTree(fd, child) }
            close(fd)
            unlinkat(parent, name, AT_REMOVEDIR)
        } else {
            unlinkat(parent, name, 0)
        }
    }

    /// The names in the folder `fd` (without `.` and `..`).
    private static func names(in fd: Int32) -> [String] {
        guard let stream = fdopendir(dup(fd)) else { return [] }
        defer { closedir(stream) }
        var found: [String] = []
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { found.append(name) }
        }
        return found
    }

    /// Removes the temporaries that runs which died without cleaning up left in the folder at `relative`
    /// (not recursively; see `Cleanup.isLeftover`). Nothing else is touched.
    func removeLeftovers(in relative: String) {
        let parts = relative.isEmpty ? [] : Self.components(relative)
        guard let parts, let fd = try? openFolder(parts[...], creating: false) else { return }
        defer { close(fd) }
        for name in Self.names(in: fd) where Cleanup.isLeftover(name) { Self.removeTree(fd, name) }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
