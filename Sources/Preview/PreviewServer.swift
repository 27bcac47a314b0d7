import FlyingFox
import FlyingSocks
import Foundation
import Workbook

/// `workbook preview`: serves the output folder over HTTP (FlyingFox), rebuilds when a watched file changes and
/// tells every open page to reload over a WebSocket as soon as the new handouts are written. A lesson that fails
/// shows its diagnostics over its last good handout. Only files inside the output folder are served.
public final class PreviewServer: @unchecked Sendable {
    let builder: PreviewBuilder
    let host: String
    let port: UInt16
    /// How often the watched files are looked at.
    let pollInterval: TimeInterval
    /// Called after every rebuild (the command line prints its diagnostics).
    let onBuild: @Sendable (PreviewBuilder.State, TimeInterval) -> Void
    private let clients = ReloadClients()
    private let pages = PageCounter()

    public static let reloadPath = "/__workbook/reload"
    public static let statusPath = "/__workbook/status"
    public static let scriptPath = "/__workbook/preview.js"
    static let script = PreviewHTML.reloadScript(reloadPath: reloadPath)

    public init(
        builder: PreviewBuilder, host: String, port: UInt16, pollInterval: TimeInterval = 0.2,
        onBuild: @escaping @Sendable (PreviewBuilder.State, TimeInterval) -> Void = { _, _ in }
    ) {
        self.builder = builder
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
        self.onBuild = onBuild
    }

    /// The socket address for `host` (an IPv4 or IPv6 address, or `localhost`).
    static func address(host: String, port: UInt16) throws -> any SocketAddress {
        if host == "localhost" { return try sockaddr_in.inet(ip4: "127.0.0.1", port: port) }
        if host.contains(":") { return try sockaddr_in6.inet6(ip6: host, port: port) }
        return try sockaddr_in.inet(ip4: host, port: port)
    }

    /// Builds once, starts watching, and serves until the process is stopped; `ready` gets the URL once the
    /// server listens (with the port the system chose when `port` is 0). The port is the gate's
    /// (`PreviewGate`), which passes the requests it accepts to the HTTP server on a Unix socket of its own.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        builder.build()
        let folder = Cleanup.shared.temporaryFolder(prefix: "workbook-preview")
        defer { Cleanup.shared.removeFolder(folder) }
        let socketPath = folder + "/http.sock"
        let server = HTTPServer(address: sockaddr_un.unix(path: socketPath), timeout: 60, logger: .disabled)
        await server.appendRoute(HTTPRoute(method: .GET, path: Self.reloadPath), to: .webSocket(ReloadHandler(clients, generation: { [builder] in builder.current.generation })))
        await server.appendRoute(HTTPRoute(method: .GET, path: Self.statusPath)) { [self] _ in self.status() }
        await server.appendRoute(HTTPRoute(method: .GET, path: Self.scriptPath)) { _ in Self.scriptResponse() }
        await server.appendRoute("GET *") { [self] request in self.serve(request) }
        await server.appendRoute("HEAD *") { [self] request in
            switch request.target.path() {
            case Self.statusPath: return Self.head(of: self.status())
            case Self.scriptPath: return Self.head(of: Self.scriptResponse())
            default: return Self.head(of: self.serve(request, counting: false))
            }
        }
        let pool = HTTPServer.defaultPool()
        try await pool.prepare()
        let gate = try PreviewGate(
            address: try Self.address(host: host, port: port), host: host, upstream: socketPath, pool: pool)
        startWatching()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { try await pool.run() }
            group.addTask {
                try await server.waitUntilListening()
                ready("http://\(gate.shownAddress)/")
                try await gate.run()
            }
            try await group.next()
        }
    }

    /// What tests and the benchmark watch: builds, errors, open pages, and pages served (a reload is one).
    func status() -> HTTPResponse {
        let state = builder.current
        let errors = state.lessonErrors.values.map(\.count).reduce(state.courseErrors.count, +)
        let (served, last) = pages.read()
        let body =
            "{\"generation\": \(state.generation), \"errors\": \(errors), \"connected\": \(clients.count), "
            + "\"pages_served\": \(served), \"last_page_served\": \(String(format: "%.6f", last))}\n"
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: Data(body.utf8))
    }

    static func scriptResponse() -> HTTPResponse {
        HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: Data(Self.script.utf8))
    }

    /// Polls the watched files on a thread of its own; a change rebuilds, then every open page reloads.
    func startWatching() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: pollInterval)
                guard builder.changed() else { continue }
                // Let an editor finish saving (write, then rename) before reading.
                Thread.sleep(forTimeInterval: 0.05)
                let start = Date()
                let state = builder.build()
                onBuild(state, Date().timeIntervalSince(start))
                clients.broadcast("reload")
            }
        }
        thread.name = "workbook-preview-watch"
        thread.start()
    }

    /// A file of the output folder; an HTML page with the preview's script and, when its lesson failed, the
    /// diagnostics over it.
    func serve(_ request: HTTPRequest, counting: Bool = true) -> HTTPResponse {
        let state = builder.current
        let raw = request.target.path()
        guard let file = StaticFiles.resolve(raw, under: builder.out) else {
            // A failed lesson that never built has no handout: its diagnostics are the page.
            if let slug = Self.slug(ofPage: raw), state.lessonErrors[slug] != nil {
                return page(PreviewHTML.errorPage(slug: slug), state: state, slug: slug, counting: counting)
            }
            return HTTPResponse(
                statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: Data("not found\n".utf8))
        }
        guard let body = FileBody(path: file) else {
            return HTTPResponse(statusCode: .notFound, body: Data("not found\n".utf8))
        }
        if file.hasSuffix(".html") {
            if counting { pages.count() }
            let errors = self.errors(state, slug: Self.slug(ofPage: "/" + (file as NSString).lastPathComponent))
            let page = PageBody(
                body, script: PreviewHTML.scriptTag(scriptPath: Self.scriptPath, generation: state.generation),
                overlay: errors.isEmpty ? nil : PreviewHTML.overlay(errors))
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: HTTPBodySequence(from: page, count: page.count, suggestedBufferSize: FileBody.chunk))
        }
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: StaticFiles.contentType(of: file), .cacheControl: "no-store"],
            body: HTTPBodySequence(from: body, count: body.count, suggestedBufferSize: FileBody.chunk))
    }

    /// The answer to HEAD: GET's status and fields, its Content-Length included, and no body (the file is opened
    /// and measured, not read).
    static func head(of response: HTTPResponse) -> HTTPResponse {
        var response = response
        if case .httpBody(let body) = response.payload, let count = body.count {
            response.headers[.contentLength] = String(count)
        }
        response.payload = .httpBody(HTTPBodySequence(data: Data()))
        return response
    }

    /// A page made here (a lesson that never built), with the preview's script and the diagnostics.
    func page(_ html: String, state: PreviewBuilder.State, slug: String?, counting: Bool) -> HTTPResponse {
        if counting { pages.count() }
        let injected = PreviewHTML.inject(
            into: html, errors: errors(state, slug: slug), generation: state.generation, scriptPath: Self.scriptPath)
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: Data(injected.utf8))
    }

    /// The diagnostics a page shows: the course's, then its lesson's.
    func errors(_ state: PreviewBuilder.State, slug: String?) -> [String] {
        state.courseErrors + (slug.flatMap { state.lessonErrors[$0] } ?? [])
    }

    /// `/02-students.html` → `02-students`.
    static func slug(ofPage path: String) -> String? {
        let name = (path.removingPercentEncoding ?? path).split(separator: "/").last.map(String.init) ?? ""
        return name.hasSuffix(".html") && !name.contains("..") ? String(name.dropLast(5)) : nil
    }
}

/// The open pages' WebSocket streams, each told "reload" after a rebuild.
final class ReloadClients: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [UUID: AsyncStream<WSMessage>.Continuation] = [:]

    func add(_ id: UUID, _ continuation: AsyncStream<WSMessage>.Continuation) {
        lock.lock()
        continuations[id] = continuation
        lock.unlock()
    }

    func remove(_ id: UUID) {
        lock.lock()
        continuations[id] = nil
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return continuations.count
    }

    func broadcast(_ text: String) {
        lock.lock()
        let all = Array(continuations.values)
        lock.unlock()
        for c in all { c.yield(.text(text)) }
    }
}

/// How many HTML pages were served, and when the last one was (seconds since 1970).
final class PageCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var served = 0
    private var last = 0.0

    func count() {
        lock.lock()
        served += 1
        last = Date().timeIntervalSince1970
        lock.unlock()
    }

    func read() -> (Int, Double) {
        lock.lock()
        defer { lock.unlock() }
        return (served, last)
    }
}

struct ReloadHandler: WSMessageHandler {
    let clients: ReloadClients
    /// The generation of the last build.
    let generation: @Sendable () -> Int

    init(_ clients: ReloadClients, generation: @escaping @Sendable () -> Int) {
        self.clients = clients
        self.generation = generation
    }

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<WSMessage>.makeStream()
        clients.add(id, continuation)
        // The page says which build it was served from ("built 3"); an older one than the last is reloaded at
        // once: the rebuild's "reload" went out before it connected. When its stream ends the page has gone.
        Task { [clients, generation] in
            for await message in client {
                if case .text(let text) = message, text.hasPrefix("built "), let built = Int(text.dropFirst(6)),
                    built < generation()
                {
                    continuation.yield(.text("reload"))
                }
            }
            clients.remove(id)
            continuation.finish()
        }
        return stream
    }
}
