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

    static func read(_ path: String, maxMB: Int, limitName: String, followingLinks: Bool = true) throws(ReadError)
        -> Data
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw ReadError(description: "no such file")
            case ELOOP where !followingLinks:
                throw ReadError(description: "this is a symbolic link; links are refused, hand in the file itself")
            default: throw ReadError(description: "cannot read the file: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(description: "cannot read the file") }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else {
            let what: String
            switch kind {
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFCHR, S_IFBLK: what = "a device"
            case S_IFDIR: what = "a folder"
            case S_IFSOCK: what = "a socket"
            default: what = "not a regular file"
            }
            throw ReadError(description: "this is \(what), not a file; a lesson reads only regular files")
        }
        let limit = maxMB << 20
        guard Int(info.st_size) <= limit else {
            throw ReadError(
                description:
                    "the file is \(describe(bytes: Int(info.st_size))), more than \(maxMB) MiB, the limit \(limitName); raise it with --limit \(limitName)=…"
            )
        }
        var data = Data(count: Int(info.st_size))
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            guard total + n <= limit else {
                throw ReadError(
                    description: "the file grew past \(maxMB) MiB, the limit \(limitName), while it was read")
            }
            if total + n > data.count { data.count = total + n }
            data.replaceSubrange(total..<(total + n), with: chunk[0..<n])
            total += n
        }
        data.count = total
        return data
    }

    static func describe(bytes: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size {
            return String(format: "%.1f", Double(bytes) / Double(size)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
