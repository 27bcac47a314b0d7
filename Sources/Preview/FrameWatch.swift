import Dispatch

/// What a page sends over the reload WebSocket, read frame by frame as the gate passes it on (RFC 6455 §5.2):
/// FlyingFox keeps a whole frame, and a whole message of fragments, in memory however long it says it is (a
/// frame announcing 2⁶² bytes held 1.7 GB), and queues a reply to each ping or "built N" for a client that may
/// never read them (a ping flood held 526 MB), while the preview's page only ever sends "built N" and control
/// frames. A frame or message longer than `limit`, or frames faster than `burst` at once and `perSecond` after,
/// end the connection.
struct FrameWatch {
    /// The longest frame, or message of fragments, a page may send.
    static let limit = 4096
    /// How many frames a page may send at once, and how many a second after that.
    static let (burst, perSecond) = (32.0, 2.0)

    /// Seconds on a monotonic clock (a test's own clock in tests).
    let clock: @Sendable () -> Double
    /// The frames the page may still send now, and when that was counted.
    private var allowance = FrameWatch.burst
    private var counted: Double?

    init(clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.clock = clock
    }

    /// The bytes of the frame header being read (2 to 14).
    private var header: [UInt8] = []
    /// The payload bytes of the current frame still to come.
    private var payloadLeft = 0
    /// The length so far of the data message whose fragments are arriving.
    private var messageLength = 0

    /// Reads the next bytes; false once the page has gone over a limit.
    mutating func feed(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if payloadLeft > 0 {
                let skip = min(payloadLeft, bytes.distance(from: index, to: bytes.endIndex))
                payloadLeft -= skip
                index = bytes.index(index, offsetBy: skip)
                continue
            }
            header.append(bytes[index])
            index = bytes.index(after: index)
            guard let (opcode, length) = Self.frame(header) else { continue }
            header.removeAll(keepingCapacity: true)
            guard length <= Self.limit, allowed() else { return false }
            // Data frames (text, binary) start a message, continuations add to it; control frames stand alone.
            if opcode < 8 {
                messageLength = (opcode == 0 ? messageLength : 0) + length
                guard messageLength <= Self.limit else { return false }
            }
            payloadLeft = length
        }
        return true
    }

    /// Whether one more frame is within the rate (a token bucket: `burst` at once, `perSecond` refilled).
    private mutating func allowed() -> Bool {
        let now = clock()
        allowance = min(Self.burst, allowance + (now - (counted ?? now)) * Self.perSecond)
        counted = now
        guard allowance >= 1 else { return false }
        allowance -= 1
        return true
    }

    /// The opcode and payload length of a complete frame header, nil while bytes are missing. A length that
    /// does not fit 63 bits reads as over any limit.
    static func frame(_ header: [UInt8]) -> (opcode: Int, length: Int)? {
        guard header.count >= 2 else { return nil }
        let short = Int(header[1] & 0x7f)
        let extra = short == 126 ? 2 : short == 127 ? 8 : 0
        let mask = header[1] & 0x80 != 0 ? 4 : 0
        guard header.count == 2 + extra + mask else { return nil }
        var length = short
        if extra > 0 {
            length = 0
            for byte in header[2..<(2 + extra)] {
                guard length <= Int.max >> 8 else { return (Int(header[0] & 0x0f), Int.max) }
                length = length << 8 | Int(byte)
            }
        }
        return (Int(header[0] & 0x0f), length)
    }
}
