import Foundation
import XCTest

@testable import Preview

/// `workbook preview` as a user runs it: the real binary serving a course, with a real HTTP client (raw
/// sockets, so that paths reach the server exactly as written).
final class PreviewServerTests: XCTestCase {
    var folder: URL!
    var process: Process!
    var base = ""
    var port: UInt16 = 0
    let lessonPath = "Lessons/01-hello.md"

    func lesson(seed: Int) -> String {
        """
        # Hello

        ```rnn model
        name: hello
        vocabulary: [h, e, l, o]
        hidden: 3
        scale: 0.5
        seed: \(seed)
        ```

        ```rnn loss
        model: hello
        input: hell
        target: ello
        ```

        The loss is {{ hello.loss.mean | .6f }}.

        """
    }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try write(lesson(seed: 7))
        process = Process()
        process.executableURL = workbookBinary(for: Self.self)
        process.arguments = ["preview", "--port", "0"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the URL, with the port the system chose.
        var text = ""
        let deadline = Date(timeIntervalSinceNow: 120)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let match = try XCTUnwrap(text.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression), text)
        base = String(text[match])
        port = UInt16(base.split(separator: ":").last!.dropLast())!
    }

    override func tearDownWithError() throws {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(lessonPath), options: .atomic)
    }

    /// One request over a fresh connection: the status code, the headers and the body.
    func get(_ path: String, method: String = "GET") throws -> (status: Int, headers: String, body: String) {
        try exchange(Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
    }

    /// A fresh connection to the preview, with a receive and send timeout of 30 s (a hang guard).
    func connection() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        XCTAssertEqual(connected, 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends `bytes` (stopping early if the server closes the connection).
    func send(_ bytes: [UInt8], on fd: Int32) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// Sends `request` as it is over a fresh connection and reads the answer to its end: the status code, the
    /// headers and the body.
    func exchange(_ request: [UInt8]) throws -> (status: Int, headers: String, body: String) {
        let fd = connection()
        defer { close(fd) }
        send(request, on: fd)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return (0, text, "") }
        let head = String(text[..<split.lowerBound])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, String(text[split.upperBound...]))
    }

    /// A GET of `path` with the given header fields (and nothing else).
    func request(_ path: String, _ fields: [String]) -> [UInt8] {
        Array(("GET \(path) HTTP/1.1\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n").utf8)
    }

    func status() throws -> [String: Double] {
        let body = try get(PreviewServer.statusPath).body
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Double]
        return try XCTUnwrap(object, body)
    }

    func waitForGeneration(after generation: Double) throws -> [String: Double] {
        let deadline = Date(timeIntervalSinceNow: 60)
        while Date() < deadline {
            let s = try status()
            if s["generation"]! > generation { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("no rebuild within 60 s")
        return try status()
    }

    func testServesEditsErrorsAndNothingOutsideTheOutputFolder() throws {
        let index = try get("/")
        XCTAssertEqual(index.status, 200)
        XCTAssertTrue(index.headers.contains("Content-Type: text/html; charset=utf-8"), index.headers)
        let page = try get("/01-hello.html")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("<script src=\"/__workbook/preview.js\" data-generation=\"1\"></script>\n</body>"))
        let first = try XCTUnwrap(page.body.range(of: #"The loss is (<[^>]*>)?\d\.\d{6}"#, options: .regularExpression))
        XCTAssertEqual(try get("/01-hello.md").headers.contains("text/markdown"), true)
        XCTAssertEqual(try get("/assets/workbook.css").status, 200)
        XCTAssertEqual(try get("/01-hello.html", method: "HEAD").status, 200)

        // Traversal, encoded or not, hidden files and a missing page: nothing outside Output/, no manifest.
        for path in [
            "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/assets/../../etc/passwd",
            "/.workbook-manifest", "/%2eworkbook-manifest", "/nothing.html", "/..\\..\\etc\\passwd",
        ] {
            let response = try get(path)
            XCTAssertEqual(response.status, 404, path)
            XCTAssertFalse(response.body.contains("root:"), path)
        }

        // An edit is rebuilt and served.
        var generation = try status()["generation"]!
        try write(lesson(seed: 8))
        generation = try waitForGeneration(after: generation)["generation"]!
        let edited = try get("/01-hello.html").body
        XCTAssertNotEqual(
            edited[try XCTUnwrap(edited.range(of: #"The loss is (<[^>]*>)?\d\.\d{6}"#, options: .regularExpression))],
            page.body[first])

        // A mistake: the page keeps its last good handout and shows the diagnostic, escaped, with its caret.
        try write(lesson(seed: 8).replacingOccurrences(of: "hidden: 3", with: "hidden: <3>"))
        let failed = try waitForGeneration(after: generation)
        XCTAssertGreaterThan(failed["errors"]!, 0)
        let shown = try get("/01-hello.html").body
        XCTAssertTrue(shown.contains("id=\"wb-preview-errors\""), shown)
        XCTAssertTrue(
            shown.contains("Lessons/01-hello.md:6:9: error: 'hidden' must be a whole number, got '&lt;3&gt;'"), shown)
        XCTAssertTrue(shown.contains(" 6 | hidden: &lt;3&gt;"), shown)
        XCTAssertTrue(
            shown.contains(edited[edited.range(of: #"The loss is (<[^>]*>)?\d\.\d{6}"#, options: .regularExpression)!]))
    }

    func testManyRequestsAtOnceAndACleanStopOnSignal() throws {
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let path = i % 2 == 0 ? "/01-hello.html" : "/assets/workbook.css"
            results.add((try? get(path).status) ?? -1)
        }
        XCTAssertEqual(results.values.filter { $0 == 200 }.count, 64, "\(results.values)")
        for (signal, code) in [(SIGTERM, 143)] {
            let start = Date()
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertLessThan(Date().timeIntervalSince(start), 1.0)
            XCTAssertEqual(process.terminationStatus, Int32(code))
        }
        let left = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        XCTAssertEqual(left.filter { $0.contains("workbook-tmp") }, [])
    }

    func testOversizedHeadsAreRefusedWithoutHoldingUpOtherRequests() throws {
        let host = "Host: 127.0.0.1:\(port)"
        for size in [64 << 10, 256 << 10] {
            let big = try exchange(request("/", [host, "X-Big: " + String(repeating: "a", count: size)]))
            XCTAssertEqual(big.status, 431, "\(size)")
            XCTAssertEqual(big.body, "the request's header fields are longer than 16384 bytes\n")
        }
        let longURL = try exchange(request("/" + String(repeating: "a", count: 64 << 10), [host]))
        XCTAssertEqual(longURL.status, 414)
        // While a client sends a 16 MiB header, other requests are answered.
        let flood = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [self] in
            flood.add((try? exchange(request("/", [host, "X-Big: " + String(repeating: "a", count: 16 << 20)])).status) ?? -1)
            done.signal()
        }
        XCTAssertEqual(try get("/01-hello.html").status, 200)
        done.wait()
        XCTAssertEqual(flood.values, [431])
    }

    func testOnlyTheHostsThePreviewServesAreAnswered() throws {
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)", "127.0.0.1"] {
            XCTAssertEqual(try exchange(request("/01-hello.html", ["Host: " + host])).status, 200, host)
        }
        // A page on another name that resolves to 127.0.0.1 (DNS rebinding), another port, no or two hosts.
        for fields in [
            ["Host: attacker.example:\(port)"], ["Host: 127.0.0.1:\(port &+ 1)"], ["Host: 127.0.0.2:\(port)"],
            ["Host: localhost.attacker.example"],
        ] {
            let refused = try exchange(request("/01-hello.html", fields))
            XCTAssertEqual(refused.status, 421, "\(fields)")
            XCTAssertFalse(refused.body.contains("Hello"))
        }
        XCTAssertEqual(try exchange(request("/", [])).status, 400)
        XCTAssertEqual(try exchange(request("/", ["Host: 127.0.0.1", "Host: attacker.example"])).status, 400)
        XCTAssertEqual(try exchange(Array("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)).status, 405)
        // A second request on the same connection is not answered: each connection carries one, checked.
        let twice = try exchange(
            request(PreviewServer.statusPath, ["Host: 127.0.0.1"]) + request("/01-hello.html", ["Host: attacker.example"]))
        XCTAssertEqual(twice.status, 200)
        XCTAssertFalse(twice.body.contains("HTTP/1.1"), twice.body)
    }

    func testWebSocketsOnlyFromThePreviewsOwnPages() throws {
        let upgrade = [
            "Host: 127.0.0.1:\(port)", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
        ]
        let foreign = try exchange(request(PreviewServer.reloadPath, upgrade + ["Origin: http://attacker.example"]))
        XCTAssertEqual(foreign.status, 403)
        // The preview's own page: the upgrade goes through (the connection then stays open until the server
        // ends it, so this only reads the head).
        let own = try upgradeStatus(upgrade + ["Origin: http://127.0.0.1:\(port)"])
        XCTAssertEqual(own, "HTTP/1.1 101 Switching Protocols")
    }

    /// A page that connects after a rebuild it missed (saved between its load and its WebSocket opening) is
    /// told to reload at once; a page of the last build is not, until the next rebuild. Before pages said which
    /// build they came from, such a page never reloaded (CI's preview reload check failed about one run in four).
    func testAPageThatMissedARebuildReloadsWhenItConnects() throws {
        let page = try get("/01-hello.html").body
        XCTAssertTrue(page.contains("<script src=\"\(PreviewServer.scriptPath)\" data-generation=\"1\"></script>"), page)
        let stale = try openWebSocket()
        defer { close(stale) }
        send(Self.maskedText("built 0"), on: stale)
        XCTAssertEqual(readText(stale), "reload", "a page of build 0 after build 1")
        let current = try openWebSocket()
        defer { close(current) }
        send(Self.maskedText("built 1"), on: current)
        var quiet = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(current, SOL_SOCKET, SO_RCVTIMEO, &quiet, socklen_t(MemoryLayout<timeval>.size))
        XCTAssertNil(readText(current), "a page of the last build is not reloaded")
        var patient = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(current, SOL_SOCKET, SO_RCVTIMEO, &patient, socklen_t(MemoryLayout<timeval>.size))
        try write(lesson(seed: 8))
        XCTAssertEqual(readText(current), "reload", "until the lesson is saved and built again")
        XCTAssertEqual(try status()["generation"], 2)
    }

    /// A WebSocket to the reload path, its upgrade answered (the head read to its blank line).
    func openWebSocket() throws -> Int32 {
        let fd = connection()
        send(
            request(
                PreviewServer.reloadPath,
                [
                    "Host: 127.0.0.1:\(port)", "Upgrade: websocket", "Connection: Upgrade",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                    "Origin: http://127.0.0.1:\(port)",
                ]), on: fd)
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)), recv(fd, &byte, 1, 0) == 1 { head.append(byte) }
        XCTAssertTrue(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101"))
        return fd
    }

    /// A client's text frame (RFC 6455: final, opcode 1, masked, a payload under 126 bytes).
    static func maskedText(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        return [0x81, 0x80 | UInt8(payload.count)] + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }

    /// The next frame from the server as text (unmasked, a payload under 126 bytes), or nil if none arrives
    /// before the socket's receive timeout.
    func readText(_ fd: Int32) -> String? {
        var head: [UInt8] = [0, 0]
        guard recv(fd, &head, 2, Int32(MSG_WAITALL)) == 2, head[1] < 126 else { return nil }
        var payload = [UInt8](repeating: 0, count: Int(head[1]))
        guard payload.isEmpty || recv(fd, &payload, payload.count, Int32(MSG_WAITALL)) == payload.count else { return nil }
        return String(decoding: payload, as: UTF8.self)
    }

    /// The status line of the answer to a WebSocket upgrade request, read without waiting for the end.
    func upgradeStatus(_ fields: [String]) throws -> String {
        let fd = connection()
        defer { close(fd) }
        send(request(PreviewServer.reloadPath, fields), on: fd)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The preview's resident memory in MiB (Linux's /proc).
    func residentMiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])) / 1024
    }

    /// A file is read a chunk at a time as the client takes it: before, each request read the whole file and held
    /// it until the client left (a 3 GB file asked for by four clients that read nothing: 12.8 GB), and HEAD
    /// read it too and answered `Content-Length: 0`.
    func testFilesGoOutAChunkAtATimeAndHEADTellsTheirLength() throws {
        let output = folder.appendingPathComponent("Output")
        let big = output.appendingPathComponent("big.bin").path
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        XCTAssertEqual(truncate(big, 3 << 30), 0)
        let head = try get("/big.bin", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.headers.contains("Content-Length: 3221225472"), head.headers)
        XCTAssertEqual(head.body, "")
        // HEAD of a page tells the length of the page GET sends (the preview's script in it).
        let page = try get("/01-hello.html")
        XCTAssertTrue(
            try get("/01-hello.html", method: "HEAD").headers.contains("Content-Length: \(page.body.utf8.count)"))
        let stalled = (0..<4).map { _ in connection() }
        defer { stalled.forEach { close($0) } }
        for fd in stalled { send(request("/big.bin", ["Host: 127.0.0.1"]), on: fd) }
        Thread.sleep(forTimeInterval: 2)
        XCTAssertLessThan(try residentMiB(), 300)
        // A file that is not small arrives whole and unchanged.
        let lines = (0..<400_000).map { "line \($0) of the file\n" }.joined()
        try Data(lines.utf8).write(to: output.appendingPathComponent("lines.txt"))
        let got = try get("/lines.txt")
        XCTAssertTrue(got.headers.contains("Content-Length: \(lines.utf8.count)"), got.headers)
        XCTAssertEqual(got.body.count, lines.count)
        XCTAssertTrue(got.body == lines)
    }

    /// The reload WebSocket carries only short frames from a page: a frame or a message of fragments over 4,096
    /// bytes ends the connection before FlyingFox holds it (a frame announcing 2⁶² bytes held 1.7 GB; 1 GB sent
    /// as fragments, 443 MB). Frames up to the limit, control frames among fragments, still go through.
    func testAWebSocketFrameOrMessageOverTheLimitEndsItsConnection() throws {
        let mask: [UInt8] = [0, 0, 0, 0]
        let huge = try openWebSocket()
        defer { close(huge) }
        send([0x81, 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0] + mask + [UInt8](repeating: 97, count: 1 << 20), on: huge)
        XCTAssertTrue(closedByThePreview(huge))
        let fragments = try openWebSocket()
        defer { close(fragments) }
        let part = [UInt8](repeating: 120, count: 3000)
        send([0x01, 0xfe, 0x0b, 0xb8] + mask + part + [0x00, 0xfe, 0x0b, 0xb8] + mask + part, on: fragments)
        XCTAssertTrue(closedByThePreview(fragments))
        // At the limit, in two fragments with a ping between them, then "built 0": answered.
        let fine = try openWebSocket()
        defer { close(fine) }
        let half = [UInt8](repeating: 120, count: 2048)
        let ping: [UInt8] = [0x89, 0x80] + mask
        send([0x02, 0xfe, 0x08, 0x00] + mask + half + ping + [0x80, 0xfe, 0x08, 0x00] + mask + half, on: fine)
        send(Self.maskedText("built 0"), on: fine)
        var answers: [String] = []
        while answers.count < 3, answers.last != "reload", let text = readText(fine) { answers.append(text) }
        XCTAssertEqual(answers.last, "reload", "\(answers)")
        XCTAssertLessThan(try residentMiB(), 300)
    }

    /// Whether the preview ends the connection within 10 s (rather than the wait running out).
    func closedByThePreview(_ fd: Int32) -> Bool {
        var wait = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { continue }
            return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }

    /// A page's GET with `Upgrade: websocket` is answered and its connection closed: it stayed open, and a second
    /// request on it reached the server unchecked (another host: 200; a foreign page's WebSocket: 101; then a
    /// frame of 2⁴⁰ bytes past the frame limit, buffered to 1.1 GB). An upgrade the server refuses is closed too.
    /// HEAD answers the status and the script as GET does, and a HEAD of a page is not a page served.
    func testAConnectionCarriesOneCheckedRequestWhateverItsFieldsSay() throws {
        let fd = connection()
        defer { close(fd) }
        send(request("/01-hello.html", ["Host: 127.0.0.1:\(port)", "Upgrade: websocket"]), on: fd)
        XCTAssertTrue(closedByThePreview(fd), "the connection ends after the page")
        let refused = try exchange(
            request(
                PreviewServer.reloadPath,
                ["Host: 127.0.0.1:\(port)", "Upgrade: websocket", "Connection: Upgrade", "Origin: http://127.0.0.1:\(port)"]))
        XCTAssertEqual(refused.status, 400, "no key: refused by the server, and the connection ended")
        let served = try status()["pages_served"]
        XCTAssertEqual(try get(PreviewServer.statusPath, method: "HEAD").status, 200)
        XCTAssertEqual(try get(PreviewServer.scriptPath, method: "HEAD").status, 200)
        XCTAssertEqual(try get("/01-hello.html", method: "HEAD").status, 200)
        XCTAssertEqual(try status()["pages_served"], served)
    }

    /// A page that sends frames faster than 32 at once and 2 a second is cut off: a ping flood that never read
    /// the pongs held 526 MB of replies.
    func testAFloodOfFramesEndsItsConnection() throws {
        let flood = try openWebSocket()
        defer { close(flood) }
        let ping: [UInt8] = [0x89, 0x80, 0, 0, 0, 0]
        send(Array(repeating: ping, count: 2000).joined().map { $0 }, on: flood)
        XCTAssertTrue(closedByThePreview(flood))
        XCTAssertLessThan(try residentMiB(), 300)
    }

    /// The preview's open descriptors (Linux's /proc).
    func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count
    }

    /// A request whose bytes stop moving for 30 s (a client that asked for a file and reads none of it) is
    /// ended, its connection, its Unix socket and its file closed, so that 128 of them cannot hold every place
    /// for good. (What the kernel had queued still drains to the client, slowly, so the test counts descriptors.)
    func testARequestThatStopsReadingIsEnded() throws {
        let big = folder.appendingPathComponent("Output/big.bin").path
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        XCTAssertEqual(truncate(big, 1 << 30), 0)
        _ = try get("/01-hello.html")
        Thread.sleep(forTimeInterval: 0.5)
        let before = try openDescriptors()
        let fd = connection()
        defer { close(fd) }
        send(request("/big.bin", ["Host: 127.0.0.1"]), on: fd)
        Thread.sleep(forTimeInterval: 2)
        XCTAssertGreaterThanOrEqual(try openDescriptors(), before + 3, "the client's, the Unix socket's two, the file")
        Thread.sleep(forTimeInterval: PreviewGate.idleSeconds + 3)
        XCTAssertEqual(try openDescriptors(), before)
    }

    /// The gate serves at most 128 connections at once (each holds up to four descriptors of the 1,024 a process
    /// may have); one more waits, unanswered, until one of them ends.
    func testConnectionsOverTheLimitWaitTheirTurn() throws {
        var idle = (0..<PreviewGate.maxConnections).map { _ in connection() }
        defer { idle.forEach { close($0) } }
        Thread.sleep(forTimeInterval: 0.5)
        let waiting = connection()
        defer { close(waiting) }
        send(request("/01-hello.html", ["Host: 127.0.0.1"]), on: waiting)
        var byte: UInt8 = 0
        var quiet = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &quiet, socklen_t(MemoryLayout<timeval>.size))
        XCTAssertEqual(recv(waiting, &byte, 1, 0), -1, "no answer while 128 connections are open")
        close(idle.removeLast())
        var patient = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &patient, socklen_t(MemoryLayout<timeval>.size))
        var line: [UInt8] = []
        while recv(waiting, &byte, 1, 0) == 1, byte != UInt8(ascii: "\r") { line.append(byte) }
        XCTAssertEqual(String(decoding: line, as: UTF8.self), "HTTP/1.1 200 OK")
    }

    func testAHeadThatDoesNotArriveIsAnswered408() throws {
        // Half a head, then nothing: the gate answers once its time for a head (10 s) is over.
        let partial = try exchange(Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
        XCTAssertEqual(partial.status, 408)
    }

    func testStaticFilesRefusesEveryWayOut() throws {
        let root = folder.appendingPathComponent("Output").path
        XCTAssertEqual(
            StaticFiles.resolve("/", under: root),
            URL(fileURLWithPath: root).resolvingSymlinksInPath().path + "/index.html")
        try FileManager.default.createSymbolicLink(atPath: root + "/out.html", withDestinationPath: "/etc/passwd")
        XCTAssertNil(StaticFiles.resolve("/out.html", under: root))
        XCTAssertNil(StaticFiles.resolve("/assets%00/x", under: root))
        XCTAssertNil(StaticFiles.resolve("relative", under: root))
        XCTAssertEqual(StaticFiles.contentType(of: "a/b.svg"), "image/svg+xml")
        XCTAssertEqual(StaticFiles.contentType(of: "a/b.woff2"), "font/woff2")
        XCTAssertEqual(StaticFiles.contentType(of: "x.bin"), "application/octet-stream")
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Int] = []
    func add(_ value: Int) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
}
