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

/// A page of the output folder with the preview's script before its last `</body>` and, when its lesson failed,
/// the diagnostics after its `<body …>` (as `PreviewHTML.inject` places them), sent as the file's bytes around
/// them, a chunk at a time: a page is never held whole (128 clients stalled on a 16 MiB page held 2.2 GB).
struct PageBody: AsyncBufferedSequence {
    typealias Element = UInt8

    enum Segment {
        case file(Range<Int>)
        case bytes([UInt8])

        var count: Int {
            switch self {
            case .file(let range): return range.count
            case .bytes(let bytes): return bytes.count
            }
        }
    }

    let file: FileBody
    let segments: [Segment]
    var count: Int { segments.reduce(0) { $0 + $1.count } }

    init(_ file: FileBody, script: String, overlay: String?) {
        self.file = file
        let (opened, closing) = Self.places(in: file)
        // The script at the last `</body>` (else at the end); the diagnostics after `<body …>`, before the script
        // when both fall at one place (`<body></body>`).
        var cuts = [(at: closing ?? file.count, bytes: Array(script.utf8))]
        if let overlay, let opened { cuts.insert((opened, Array(overlay.utf8)), at: 0) }
        var segments: [Segment] = []
        var from = 0
        for cut in cuts.sorted(by: { $0.at < $1.at }) {
            if cut.at > from { segments.append(.file(from..<cut.at)) }
            segments.append(.bytes(cut.bytes))
            from = Swift.max(from, cut.at)
        }
        if from < file.count { segments.append(.file(from..<file.count)) }
        self.segments = segments
    }

    /// Where the first `<body …>` ends (after its `>`) and where the last `</body>` starts, read a chunk at a time
    /// (each chunk looked at with the last bytes of the one before, so that a tag cut in two is found).
    static func places(in file: FileBody) -> (opened: Int?, closing: Int?) {
        let (open, close) = (Array("<body".utf8), Array("</body>".utf8))
        var (opened, closing, tag): (Int?, Int?, Int?) = (nil, nil, nil)
        var iterator = file.makeAsyncIterator()
        var (carried, start): ([UInt8], Int) = ([], 0)
        while let chunk = iterator.read(FileBody.chunk) {
            let window = carried + chunk
            for i in window.indices where window[i] == UInt8(ascii: "<") || (tag != nil && window[i] == UInt8(ascii: ">")) {
                let at = start + i
                if let begun = tag, window[i] == UInt8(ascii: ">"), at >= begun {
                    (opened, tag) = (at + 1, nil)
                } else if tag == nil, opened == nil, window[i...].starts(with: open) {
                    tag = at + open.count
                }
                if window[i...].starts(with: close) { closing = at }
            }
            let keep = Swift.min(close.count - 1, window.count)
            (start, carried) = (start + window.count - keep, Array(window.suffix(keep)))
        }
        return (opened, closing)
    }

    func makeAsyncIterator() -> Iterator { Iterator(file: file, segments: segments[...]) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let file: FileBody
        var segments: ArraySlice<Segment>
        var inner: FileBody.Iterator?

        mutating func next() async throws -> UInt8? { try await nextBuffer(suggested: 1)?.first }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            while true {
                if var reading = inner {
                    if let bytes = reading.read(count) {
                        inner = reading
                        return bytes
                    }
                    inner = nil
                }
                guard let segment = segments.popFirst() else { return nil }
                switch segment {
                case .bytes(let bytes): if !bytes.isEmpty { return bytes }
                case .file(let range): inner = FileBody.Iterator(handle: file.handle, offset: range.lowerBound, end: range.upperBound)
                }
            }
        }
    }
}
