import Crypto
import Foundation

/// Reading a file a lesson names, or the lesson itself, within a size limit checked before any byte is read:
/// only regular files (a FIFO would block the build forever, a device could be endless), at most `maxMB` MiB
/// (a sparse file can claim a terabyte), and no more than that even if the file grows while it is read.
/// Without `followingLinks`, a symbolic link is refused rather than read (an answer file handed in as a link
/// could point at any file the grader can read).
enum LessonFile {
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// What sets a file's size limit, as its messages name it: a limit the command line may raise
    /// (`--limit maxFileMB=…`), or a fixed one, named by what the file is ("an answer file").
    enum Bound {
        case option(String)
        case fixed(String)
    }

    static func read(_ path: String, maxMB: Int, bound: Bound, followingLinks: Bool = true) throws(ReadError)
        -> Data
    {
        let (fd, size) = try open(path, maxMB: maxMB, bound: bound, followingLinks: followingLinks)
        defer { close(fd) }
        FileBuffers.note(size)
        var data = Data(capacity: size)
        let streamed = FileCopy.forEachChunk(fd, limit: maxMB << 20) { chunk in
            data.append(chunk.assumingMemoryBound(to: UInt8.self))
            return true
        }
        guard case .read = streamed else { throw readFailure(streamed, maxMB: maxMB, bound: bound) }
        return data
    }

    /// The file as a `FileCopy`: its size and digest, read a chunk at a time (never held whole), with the same
    /// checks as `read`.
    static func copy(_ path: String, maxMB: Int, bound: Bound) throws(ReadError) -> FileCopy {
        let (fd, _) = try open(path, maxMB: maxMB, bound: bound, followingLinks: true)
        defer { close(fd) }
        var hasher = SHA256()
        let streamed = FileCopy.forEachChunk(fd, limit: maxMB << 20) { chunk in
            hasher.update(bufferPointer: chunk)
            return true
        }
        guard case .read(let size) = streamed else {
            throw readFailure(streamed, maxMB: maxMB, bound: bound)
        }
        return FileCopy(source: path, size: size, digest: BuildCache.hex(hasher.finalize()))
    }

    /// Why reading by chunks stopped: an error, or the file grew past the limit.
    private static func readFailure(_ streamed: FileCopy.Streamed, maxMB: Int, bound: Bound) -> ReadError {
        if case .failed(let reason) = streamed { return ReadError(description: "cannot read the file: \(reason ?? "")") }
        return ReadError(description: "the file grew, while it was read, to more than \(limit(maxMB, bound))")
    }

    /// `1 MiB, the limit maxLessonMB; raise it with --limit maxLessonMB=…` for a limit the command line sets, or
    /// `1 MiB, the most an answer file may be` for a fixed one.
    private static func limit(_ maxMB: Int, _ bound: Bound) -> String {
        switch bound {
        case .option(let name): return "\(maxMB) MiB, the limit \(name); raise it with --limit \(name)=…"
        case .fixed(let file): return "\(maxMB) MiB, the most \(file) may be"
        }
    }

    /// Opens a regular file of at most `maxMB` MiB (see the type's comment) and returns it with its size.
    private static func open(_ path: String, maxMB: Int, bound: Bound, followingLinks: Bool) throws(ReadError)
        -> (fd: Int32, size: Int)
    {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw ReadError(description: "no such file")
            case ELOOP where !followingLinks:
                throw ReadError(description: "this is a symbolic link; links are refused, hand in the file itself")
            default: throw ReadError(description: "cannot read the file: \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw ReadError(description: "cannot read the file")
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(fd)
            let what: String
            switch kind {
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFCHR, S_IFBLK: what = "a device"
            case S_IFDIR: what = "a folder"
            case S_IFSOCK: what = "a socket"
            default: what = "not a regular file"
            }
            throw ReadError(description: "this is \(what), not a file; only regular files are read")
        }
        guard Int(info.st_size) <= maxMB << 20 else {
            close(fd)
            throw ReadError(
                description:
                    "the file is \(describe(bytes: Int(info.st_size))), more than \(limit(maxMB, bound))")
        }
        return (fd, Int(info.st_size))
    }

    static func describe(bytes: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size {
            return String(format: "%.1f", Double(bytes) / Double(size)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}

extension LessonFile {
    /// The file in `path`'s folder whose name is nearest to its own, at most 2 edits away (the nearest, then the
    /// first by name), for the "did you mean" under an error that `path` does not exist; nil when none is.
    static func nearestName(to path: String) -> String? {
        let (folder, name) = ConfinedFolder.split(path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else {
            return nil
        }
        let near = names.filter { abs($0.count - name.count) <= 2 }.map { ($0, editDistance($0, name)) }.filter {
            (1...2).contains($0.1)
        }
        return near.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.first { candidate in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + candidate.0, isDirectory: &isFolder)
                && !isFolder.boolValue
        }?.0
    }
}
