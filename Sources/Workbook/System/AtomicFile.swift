import Foundation

/// Files written so that a reader sees the old bytes or the new ones, never a part: the bytes go to a temporary
/// beside the file (registered with `Cleanup` before it exists, so an interrupt removes it), are flushed to
/// disk, and the temporary is renamed over the file (atomic within a file system).
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `bytes` to a new temporary beside `final` and returns the temporary's path.
    static func stage(_ bytes: [UInt8], for final: String) throws(WriteError) -> String {
        let temporary = Cleanup.shared.temporaryPath(for: final)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            Cleanup.shared.discard(temporary)
            throw WriteError(description: "\(final): cannot write: \(reason)")
        }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            Cleanup.shared.discard(temporary)
            throw WriteError(description: "\(final): cannot write: \(failure)")
        }
        return temporary
    }

    /// Renames a staged temporary over `final`.
    static func commit(_ temporary: String, to final: String) throws(WriteError) {
        guard Cleanup.shared.commit(temporary, to: final) else {
            let reason = String(cString: strerror(errno))
            Cleanup.shared.discard(temporary)
            throw WriteError(description: "\(final): cannot rename into place: \(reason)")
        }
    }

    /// Writes `bytes` to `final` atomically.
    static func write(_ bytes: [UInt8], to final: String) throws(WriteError) {
        try commit(try stage(bytes, for: final), to: final)
    }

    /// Makes the folder `final` as a whole: `fill` writes into a registered staging folder beside it, which is
    /// renamed into place (replacing an older `final`) only when `fill` returns; when it throws, or the tool
    /// stops, the staging folder is removed. Staging folders that a killed run left there are removed first.
    static func folder<E: Error>(_ final: String, _ fill: (String) throws(E) -> Void) throws(E) {
        let parent = (final as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        Cleanup.removeLeftovers(in: parent)
        let staging = Cleanup.shared.temporaryFolderPath(for: final)
        defer { Cleanup.shared.removeFolder(staging) }
        try? FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try fill(staging)
        try? FileManager.default.removeItem(atPath: final)
        if rename(staging, final) == 0 { Cleanup.shared.keepFolder(staging) }
    }

    /// Whether `path` is a regular file (not following a symbolic link), and its size.
    static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
