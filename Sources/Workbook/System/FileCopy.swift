import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file the build copies into the output folder as it is (an image a lesson shows), named by where it is
/// instead of held in memory. Its bytes pass through one buffer of `chunkBytes` at a time when it is digested,
/// compared with the file already in place and copied, so an image near maxFileMB costs a megabyte, not its size
/// (four images of 250 MB were held whole, and again as the copy to write, and again as the old file to compare).
/// The copy checks the size and digest taken when the lesson was built: a file changed in between is an error,
/// never a copy that differs from what the build and its cache recorded.
public struct FileCopy: Sendable, Hashable {
    /// The file, as the lesson's folder resolves it (links inside the folder resolved, so never a link).
    public let source: String
    public let size: Int
    /// The SHA-256 of its bytes, in hexadecimal.
    public let digest: String

    /// The bytes read or written at once.
    static let chunkBytes = 1 << 20

    /// Whether two copies hold the same bytes (two lessons may show one image from different folders).
    func sameBytes(as other: FileCopy) -> Bool { size == other.size && digest == other.digest }

    /// How reading a file a chunk at a time ended.
    enum Streamed: Equatable {
        /// Read to its end: this many bytes.
        case read(Int)
        /// More than the limit.
        case tooLarge
        /// Reading failed (the reason), or the receiver stopped it (nil).
        case failed(String?)
    }

    /// The size and digest of what the open file `fd` holds from where it stands, read a chunk at a time; nil
    /// when reading fails or it holds more than `limit` bytes.
    static func digest(_ fd: Int32, limit: Int) -> (size: Int, digest: String)? {
        var hasher = SHA256()
        let streamed = forEachChunk(fd, limit: limit) { chunk in
            hasher.update(bufferPointer: chunk)
            return true
        }
        guard case .read(let size) = streamed else { return nil }
        return (size, BuildCache.hex(hasher.finalize()))
    }

    /// Passes the open file `fd` to `body` a chunk at a time, at most `limit` bytes of it (it may grow while it
    /// is read); `body` returns false to stop.
    static func forEachChunk(_ fd: Int32, limit: Int, _ body: (UnsafeRawBufferPointer) -> Bool) -> Streamed {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        FileBuffers.note(chunkBytes)
        var total = 0
        while true {
            let n = read(fd, buffer.baseAddress, chunkBytes)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .failed(ConfinedFolder.lastError()) }
            if n == 0 { return .read(total) }
            total += n
            guard total <= limit else { return .tooLarge }
            guard body(UnsafeRawBufferPointer(rebasing: buffer[..<n])) else { return .failed(nil) }
        }
    }

    /// Opens the source without following a link, when it is still a regular file; -1 otherwise.
    func openSource() -> Int32 {
        let fd = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            if fd >= 0 { close(fd) }
            return -1
        }
        return fd
    }

    /// Copies the source into the open file `destination` a chunk at a time; nil when done, else what went wrong
    /// (the source changed since it was digested, or reading or writing failed).
    func write(to destination: Int32) -> String? {
        let fd = openSource()
        guard fd >= 0 else { return "'\(source)' is no longer a regular file" }
        defer { close(fd) }
        var hasher = SHA256()
        var failure: String?
        let copied = Self.forEachChunk(fd, limit: size) { chunk in
            hasher.update(bufferPointer: chunk)
            failure = ConfinedFolder.writeAll(destination, chunk)
            return failure == nil
        }
        if let failure { return failure }
        if case .failed(let reason?) = copied { return "cannot read '\(source)': \(reason)" }
        guard copied == .read(size), BuildCache.hex(hasher.finalize()) == digest else {
            return "'\(source)' changed while the build ran; build again"
        }
        return nil
    }
}

/// The largest buffer of one file's contents the tool has held in memory at once: a file read whole, or the
/// buffer a streamed file passes through. Tests read it to check that a copied image is never held whole.
final class FileBuffers: @unchecked Sendable {
    private static let shared = FileBuffers()
    private let lock = NSLock()
    private var largestSeen = 0

    static func note(_ bytes: Int) {
        shared.lock.lock()
        shared.largestSeen = max(shared.largestSeen, bytes)
        shared.lock.unlock()
    }

    /// The largest noted since the last `reset`.
    static var largest: Int {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        return shared.largestSeen
    }

    static func reset() {
        shared.lock.lock()
        shared.largestSeen = 0
        shared.lock.unlock()
    }
}
