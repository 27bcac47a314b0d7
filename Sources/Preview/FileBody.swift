import FlyingSocks
import Foundation

/// A file of the output folder as a response body, read a chunk at a time as the client takes it: a request
/// holds one open file and at most a chunk of it in memory, whatever the file's size or the client's pace (a
/// 200 MB file was read whole per request and held until the client left). The file is opened and measured when
/// the request is answered, so a rebuild that replaces it meanwhile (writers rename into place) does not change
/// what this response sends; each iterator reads from its own offset.
struct FileBody: AsyncBufferedSequence {
    typealias Element = UInt8
    /// The most read at once.
    static let chunk = 64 << 10

    /// The open file, closed when the last response or iterator that reads it is gone.
    final class Handle: Sendable {
        let descriptor: Int32
        init(_ descriptor: Int32) { self.descriptor = descriptor }
        deinit { close(descriptor) }
    }

    let handle: Handle
    /// The file's size when it was opened: the body's length.
    let count: Int

    /// Opens `path` for reading; nil unless it opens as a regular file.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        (handle, count) = (Handle(descriptor), Int(info.st_size))
    }

    /// The whole file, when it holds at most `limit` bytes (nil when larger or unreadable).
    func contents(limit: Int) -> [UInt8]? {
        guard count <= limit else { return nil }
        var iterator = makeAsyncIterator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while let chunk = iterator.read(Self.chunk) { bytes += chunk }
        return bytes.count == count ? bytes : nil
    }

    func makeAsyncIterator() -> Iterator { Iterator(handle: handle, offset: 0, end: count) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let handle: Handle
        var offset: Int
        let end: Int

        mutating func next() async throws -> UInt8? { read(1)?.first }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { read(count) }

        /// Up to `count` (at most a chunk) of the next bytes; nil at the end, or when the file has shrunk or
        /// cannot be read (the response then ends short and its connection closes).
        mutating func read(_ count: Int) -> [UInt8]? {
            let wanted = Swift.min(Swift.max(count, 1), end - offset, FileBody.chunk)
            guard wanted > 0 else { return nil }
            let start = offset
            let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
                let got = pread(handle.descriptor, buffer.baseAddress, wanted, off_t(start))
                initialized = Swift.max(got, 0)
            }
            guard !bytes.isEmpty else { return nil }
            offset += bytes.count
            return bytes
        }
    }
}
