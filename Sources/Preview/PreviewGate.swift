import FlyingFox
import FlyingSocks
import Foundation

/// What stands between the network and the preview's HTTP server. FlyingFox reads a request's head a byte at a
/// time with no bound (a 256 KiB header took 37 s and held up every other request) and answers any `Host`, so
/// the preview's port is this gate's: it reads each connection's head itself, within bounds and a deadline
/// (`RequestHead`), refuses what it must, and passes the rest to FlyingFox over a Unix socket that no page can
/// reach, then carries bytes both ways. One request per connection (the head it passes on says
/// `Connection: close`), so every request is checked.
struct PreviewGate: Sendable {
    /// How long a client has to send its whole head.
    static let headSeconds: TimeInterval = 10
    /// How long a refused client may go on sending (discarded) before the connection closes, so that it reads
    /// the refusal instead of a reset.
    static let lingerSeconds: TimeInterval = 2

    let listener: AsyncSocket
    let upstream: sockaddr_un
    let hosts: ServedHosts
    let pool: any AsyncSocketPool
    /// Where it listens, as a URL shows it (`127.0.0.1:8000`, `[::1]:8000`).
    let shownAddress: String
    /// The WebSockets open.
    let webSockets = OpenCount()

    /// Listens on `address` (not yet accepting); the hosts it serves are named with the port it got.
    init(address: some SocketAddress, host: String, upstream: String, pool: any AsyncSocketPool) throws {
        let socket = try Socket(domain: Int32(type(of: address).family))
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: address)
        try socket.listen()
        listener = try AsyncSocket(socket: socket, pool: pool)
        self.upstream = sockaddr_un.unix(path: upstream)
        self.pool = pool
        var port: UInt16 = 0
        var shown = host
        switch try socket.sockname() {
        case .ip4(let ip, let p): (port, shown) = (p, ip)
        case .ip6(let ip, let p): (port, shown) = (p, "[\(ip)]")
        case .unix: break
        }
        hosts = ServedHosts(listeningOn: host, port: port)
        shownAddress = "\(shown):\(port)"
    }

    /// The most connections served at once: each holds up to four descriptors (the client's, both ends of the
    /// Unix socket, a file) of the 1,024 a process may have. More wait in the listening socket's queue until
    /// one ends (a head has `headSeconds` to arrive, so idle ones do not hold a place for long).
    static let maxConnections = 128
    /// The most of them that may be pages' WebSockets, which stay open while a page is: the others are left for
    /// requests (more pages are answered 503).
    static let maxWebSockets = 96

    /// Accepts connections until the process ends, each handled on its own, at most `maxConnections` at once.
    func run() async throws {
        let open = OpenCount()
        try await withThrowingDiscardingTaskGroup { group in
            var clients = listener.sockets.makeAsyncIterator()
            while true {
                while !open.enter(below: Self.maxConnections) { try await Task.sleep(nanoseconds: 10_000_000) }
                guard let client = try await clients.next() else { return }
                group.addTask {
                    await self.handle(client)
                    open.leave()
                }
            }
        }
    }

    /// A whole answer with a plain-text body that closes the connection.
    static func plainResponse(_ status: String, _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    func handle(_ client: AsyncSocket) async {
        defer { try? client.close() }
        let head: RequestHead
        let rest: [UInt8]
        do {
            (head, rest) = try await readHead(client)
            try check(head)
        } catch let refusal as RequestHead.Refusal {
            await refuse(client, refusal)
            return
        } catch {
            return
        }
        guard head.isWebSocketUpgrade else {
            guard let server = try? await AsyncSocket.connected(to: upstream, pool: pool) else { return }
            defer { try? server.close() }
            do { try await server.write(head.forwarded + Data(rest)) } catch { return }
            await relay(client, server, watch: nil)
            return
        }
        guard webSockets.enter(below: Self.maxWebSockets) else {
            await refuse(client, .busy("the preview has \(Self.maxWebSockets) pages open; close some and reload"))
            return
        }
        defer { webSockets.leave() }
        await upgrade(client, head, rest)
    }

    /// A page's WebSocket: the head passed on alone; nothing more of the client's reaches the server until it
    /// has answered 101, and an answer that is not 101 ends the connection once sent (so no second request on
    /// it goes unchecked). Then the page's frames are watched from the first byte after the head.
    func upgrade(_ client: AsyncSocket, _ head: RequestHead, _ rest: [UInt8]) async {
        var watch = FrameWatch()
        guard watch.feed(rest), let server = try? await AsyncSocket.connected(to: upstream, pool: pool) else { return }
        defer { try? server.close() }
        do { try await server.write(head.forwarded) } catch { return }
        guard let (answer, after) = await Self.answerHead(server) else { return }
        guard (try? await client.write(Data(answer + after))) != nil else { return }
        guard answer.starts(with: Array("HTTP/1.1 101 ".utf8)) else {
            shutdown(server.socket.file.rawValue, Int32(SHUT_WR))
            await Self.copy(from: server, to: client)
            return
        }
        do { try await server.write(Data(rest)) } catch { return }
        await relay(client, server, watch: watch)
    }

    /// The server's answer's head (to its blank line, at most 16 KiB) and the bytes after it; nil if it ends first.
    static func answerHead(_ server: AsyncSocket) async -> ([UInt8], [UInt8])? {
        var bytes: [UInt8] = []
        let blank = Array("\r\n\r\n".utf8)
        while bytes.count <= 16 << 10, let chunk = try? await server.read(atMost: 16 << 10) {
            let from = max(0, bytes.count - 3)
            bytes += chunk
            if let end = bytes[from...].firstRange(of: blank)?.upperBound {
                return (Array(bytes[..<end]), Array(bytes[end...]))
            }
        }
        return nil
    }

    /// The head, read chunk by chunk within `headSeconds`, and the bytes that came after it.
    func readHead(_ client: AsyncSocket) async throws -> (RequestHead, [UInt8]) {
        try await withThrowingTaskGroup(of: (RequestHead, [UInt8])?.self) { group in
            group.addTask {
                var reader = RequestHead.Reader()
                while true {
                    let chunk = try await client.read(atMost: 16 << 10)
                    if let done = try reader.feed(chunk) { return done }
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(Self.headSeconds * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let done = try await group.next(), let head = done else { throw RequestHead.Refusal.timedOut }
            return head
        }
    }

    /// Refuses a request for another host, a method the preview does not answer, and a WebSocket from a page it
    /// did not serve.
    func check(_ head: RequestHead) throws(RequestHead.Refusal) {
        let (host, repeated) = head.field("Host")
        guard let host, !repeated else { throw .badRequest("a request names its host in exactly one Host field") }
        guard hosts.serves(host) else { throw .misdirected(host) }
        guard head.method == "GET" || head.method == "HEAD" else { throw .methodNotAllowed }
        if head.isWebSocketUpgrade, let origin = head.field("Origin").value, !hosts.isOwnPage(origin) {
            throw .forbiddenOrigin(origin)
        }
    }

    /// Answers with the refusal's status and closes: the client's writing side is let finish (what it sends is
    /// read and dropped, for at most `lingerSeconds`) so that the answer is not lost to a reset.
    func refuse(_ client: AsyncSocket, _ refusal: RequestHead.Refusal) async {
        let response = Self.plainResponse("\(refusal.status) \(refusal.reason)", refusal.message + "\n")
        try? await client.write(Data(response.utf8))
        shutdown(client.socket.file.rawValue, Int32(SHUT_WR))
        _ = try? await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { while true { _ = try await client.read(atMost: 64 << 10) } }
            group.addTask { try await Task.sleep(nanoseconds: UInt64(Self.lingerSeconds * 1e9)) }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Carries bytes both ways until the server's side ends. When the client stops sending, the server is told
    /// (its reading side ends) and its answer still goes through. With a `watch`, a WebSocket frame or message
    /// from the client over its limit ends both sides.
    func relay(_ client: AsyncSocket, _ server: AsyncSocket, watch: FrameWatch?) async {
        let moved = Activity()
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await Self.copy(from: server, to: client, moved: moved)
                return true
            }
            // A request whose bytes stop moving (a client that asked for a file and reads none of it) is ended, so
            // that it does not hold one of the places for good; a page's WebSocket waits for reloads.
            if watch == nil {
                group.addTask {
                    while (try? await Task.sleep(nanoseconds: 1_000_000_000)) != nil {
                        guard moved.idle > Self.idleSeconds else { continue }
                        shutdown(server.socket.file.rawValue, Int32(SHUT_RDWR))
                        shutdown(client.socket.file.rawValue, Int32(SHUT_RDWR))
                        break
                    }
                    return false
                }
            }
            group.addTask {
                if await Self.copy(from: client, to: server, watch: watch, moved: moved) {
                    shutdown(server.socket.file.rawValue, Int32(SHUT_WR))
                } else {
                    shutdown(server.socket.file.rawValue, Int32(SHUT_RDWR))
                    shutdown(client.socket.file.rawValue, Int32(SHUT_RDWR))
                }
                return false
            }
            while let serverSideEnded = await group.next() {
                if serverSideEnded { group.cancelAll() }
            }
        }
    }

    /// Copies until either side ends; false when `watch` saw a frame over its limit (nothing of it is passed on).
    @discardableResult
    private static func copy(
        from source: AsyncSocket, to destination: AsyncSocket, watch: FrameWatch? = nil, moved: Activity? = nil
    ) async -> Bool {
        var watch = watch
        while let chunk = try? await source.read(atMost: 64 << 10) {
            guard watch?.feed(chunk) != false else { return false }
            guard (try? await destination.write(Data(chunk))) != nil else { return true }
            moved?.touch()
        }
        return true
    }

    /// How long a request may move no byte either way before the gate ends it.
    static let idleSeconds = 30.0
}

/// When bytes last moved on a connection.
final class Activity: @unchecked Sendable {
    private let lock = NSLock()
    private var last = DispatchTime.now().uptimeNanoseconds

    func touch() {
        lock.lock()
        last = DispatchTime.now().uptimeNanoseconds
        lock.unlock()
    }

    /// Seconds since bytes last moved.
    var idle: Double {
        lock.lock()
        defer { lock.unlock() }
        return Double(DispatchTime.now().uptimeNanoseconds - last) / 1e9
    }
}

/// How many connections the gate is serving.
final class OpenCount: @unchecked Sendable {
    private let lock = NSLock()
    private var open = 0

    /// Counts one more, unless `limit` are open already.
    func enter(below limit: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard open < limit else { return false }
        open += 1
        return true
    }

    func leave() {
        lock.lock()
        open -= 1
        lock.unlock()
    }
}
