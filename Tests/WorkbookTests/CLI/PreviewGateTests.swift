import Foundation
import XCTest

import FlyingFox
import Workbook

@testable import Preview

/// The preview gate's rules without a server: how a head is read (bounded, a byte at a time or all at once),
/// what it passes on, and which hosts and origins are the preview's.
final class PreviewGateTests: XCTestCase {
    func testAHeadIsReadTheSameWhateverTheChunksAndPassedOnAsOneRequest() throws {
        let text = "\r\nGET /a.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\nNEXT"
        for size in [1, 7, text.utf8.count] {
            var reader = RequestHead.Reader()
            var done: (head: RequestHead, rest: [UInt8])?
            var bytes = Array(text.utf8)[...]
            while done == nil, !bytes.isEmpty {
                done = try reader.feed(Array(bytes.prefix(size)))
                bytes = bytes.dropFirst(size)
            }
            let (head, rest) = try XCTUnwrap(done, "\(size)")
            XCTAssertEqual([head.method, head.target, head.version], ["GET", "/a.html?x=1", "HTTP/1.1"])
            XCTAssertEqual(head.field("host").value, "127.0.0.1:8000")
            XCTAssertEqual(String(decoding: rest + bytes, as: UTF8.self), "NEXT")
            XCTAssertEqual(
                String(decoding: head.forwarded, as: UTF8.self),
                "GET /a.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        }
    }

    func testEachPartOfTheHeadHasItsBound() {
        var reader = RequestHead.Reader()
        XCTAssertThrowsError(try reader.feed(Array(repeating: UInt8(ascii: "a"), count: RequestHead.maxRequestLine + 1))) {
            XCTAssertEqual($0 as? RequestHead.Refusal, .uriTooLong(16384))
        }
        // Blank lines before the request line count towards its bound.
        var blank = RequestHead.Reader()
        XCTAssertThrowsError(try blank.feed(Array(String(repeating: "\r\n", count: 9000).utf8))) {
            XCTAssertEqual(($0 as? RequestHead.Refusal)?.status, 414)
        }
        var fields = RequestHead.Reader()
        XCTAssertNil(try fields.feed(Array("GET / HTTP/1.1\r\n".utf8)))
        // 16 bytes of request line, then 2,047 fields of 8 bytes: the section after the request line's end is
        // 16,377 bytes; one more field passes 16 KiB.
        XCTAssertNil(try fields.feed(Array(String(repeating: "X-A: b\r\n", count: 2047).utf8)))
        XCTAssertThrowsError(try fields.feed(Array("X-A: b\r\n".utf8))) {
            XCTAssertEqual($0 as? RequestHead.Refusal, .headersTooLarge(16384))
        }
    }

    func testMalformedHeadsAreBadRequests() {
        for text in ["GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\n folded: x\r\n\r\n"]
        {
            var reader = RequestHead.Reader()
            XCTAssertThrowsError(try reader.feed(Array(text.utf8)), text) {
                XCTAssertEqual(($0 as? RequestHead.Refusal)?.status, 400, text)
            }
        }
    }

    /// Only a GET of the reload path becomes a WebSocket and keeps its `Connection` field; a page's GET with
    /// `Upgrade: websocket` is an ordinary request whose connection closes (it stayed open, and a second request
    /// on it passed no check: a helper's hunt).
    func testOnlyTheReloadPathBecomesAWebSocket() throws {
        func head(_ line: String) throws -> RequestHead {
            var reader = RequestHead.Reader()
            let text = line + "\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n"
            return try XCTUnwrap(try reader.feed(Array(text.utf8))).head
        }
        for line in ["GET /__workbook/reload HTTP/1.1", "GET /__workbook/reload?x=1 HTTP/1.1"] {
            let upgrade = try head(line)
            XCTAssertTrue(upgrade.isWebSocketUpgrade, line)
            XCTAssertEqual(
                String(decoding: upgrade.forwarded, as: UTF8.self),
                line + "\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n")
        }
        for line in ["GET /01-hello.html HTTP/1.1", "HEAD /__workbook/reload HTTP/1.1", "GET /__workbook/reloadx HTTP/1.1"] {
            let plain = try head(line)
            XCTAssertFalse(plain.isWebSocketUpgrade, line)
            XCTAssertEqual(
                String(decoding: plain.forwarded, as: UTF8.self),
                line + "\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: close\r\n\r\n")
        }
    }

    func testTheHostsAndOriginsThePreviewServes() {
        let loopback = ServedHosts(listeningOn: "127.0.0.1", port: 8000)
        for host in ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"] {
            XCTAssertTrue(loopback.serves(host), host)
        }
        for host in [
            "127.0.0.1:8001", "attacker.example:8000", "192.168.1.5:8000", "[::1]x", "localhost:", "",
            "localhost:80000",
        ] {
            XCTAssertFalse(loopback.serves(host), host)
        }
        XCTAssertTrue(loopback.isOwnPage("http://localhost:8000"))
        XCTAssertFalse(loopback.isOwnPage("https://localhost:8000"))
        XCTAssertFalse(loopback.isOwnPage("null"))
        // Listening on every address: any address literal, never a name but loopback's.
        let everywhere = ServedHosts(listeningOn: "0.0.0.0", port: 8000)
        XCTAssertTrue(everywhere.serves("192.168.1.5:8000"))
        XCTAssertTrue(everywhere.serves("[fe80::1]:8000"))
        XCTAssertFalse(everywhere.serves("classroom.example:8000"))
        let named = ServedHosts(listeningOn: "::1", port: 9000)
        XCTAssertTrue(named.serves("[::1]:9000"))
        XCTAssertFalse(named.serves("[::2]:9000"))
    }

    /// A masked client frame: FIN and opcode in the first byte, the length in its shortest form.
    static func frame(_ opcode: UInt8, length: Int, final: Bool = true) -> [UInt8] {
        let first = (final ? 0x80 : 0) | opcode
        let mask: [UInt8] = [1, 2, 3, 4]
        let size: [UInt8] =
            length < 126
            ? [0x80 | UInt8(length)]
            : length < 65536
                ? [0xfe, UInt8(length >> 8), UInt8(length & 0xff)]
                : [0xff] + (0..<8).reversed().map { UInt8((length >> ($0 * 8)) & 0xff) }
        return [first] + size + mask + [UInt8](repeating: 0x61, count: min(length, 5000))
    }

    /// Each frame's length in its three forms, split at every byte, and messages of fragments with control
    /// frames among them: what the page may send passes, a frame or message of one byte more does not.
    func testTheReloadSocketsFramesAreWatchedForLength() {
        func passes(_ bytes: [UInt8], chunk: Int) -> Bool {
            var watch = FrameWatch()
            var rest = bytes[...]
            while !rest.isEmpty {
                guard watch.feed(rest.prefix(chunk)) else { return false }
                rest = rest.dropFirst(chunk)
            }
            return true
        }
        let limit = FrameWatch.limit
        let cases: [(String, [UInt8], Bool)] = [
            ("text 7", Self.frame(1, length: 7), true),
            ("text 125 then 126", Self.frame(1, length: 125) + Self.frame(1, length: 126), true),
            ("binary at the limit", Self.frame(2, length: limit), true),
            ("binary over", Self.frame(2, length: limit + 1), false),
            ("64-bit length", Self.frame(1, length: 1 << 62), false),
            ("length past 63 bits", [0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4], false),
            (
                "fragments to the limit, a ping between",
                Self.frame(1, length: limit / 2, final: false) + Self.frame(9, length: 3)
                    + Self.frame(0, length: limit / 2), true
            ),
            (
                "fragments one over",
                Self.frame(1, length: limit / 2, final: false) + Self.frame(0, length: limit / 2 + 1), false
            ),
            (
                "a new message starts from zero",
                Self.frame(1, length: limit) + Self.frame(1, length: limit / 2, final: false)
                    + Self.frame(0, length: limit / 2), true
            ),
        ]
        for (name, bytes, expected) in cases {
            for chunk in [1, 3, 64 << 10] {
                XCTAssertEqual(passes(bytes, chunk: chunk), expected, "\(name), chunks of \(chunk)")
            }
        }
    }

    /// Frames come at most 32 at once and 2 a second after that (a ping flood that never read the pongs held
    /// 526 MB of replies in FlyingFox's queue).
    func testAPagesFramesAreLimitedInRate() {
        final class Clock: @unchecked Sendable { var now = 100.0 }
        let clock = Clock()
        var watch = FrameWatch(clock: { clock.now })
        let ping = Self.frame(9, length: 0)
        for k in 0..<32 { XCTAssertTrue(watch.feed(ping), "frame \(k)") }
        XCTAssertFalse(watch.feed(ping), "the 33rd at once")
        var later = FrameWatch(clock: { clock.now })
        for _ in 0..<32 { _ = later.feed(ping) }
        clock.now += 1
        XCTAssertTrue(later.feed(ping))
        XCTAssertTrue(later.feed(ping))
        XCTAssertFalse(later.feed(ping), "two a second")
        clock.now += 60
        for k in 0..<32 { XCTAssertTrue(later.feed(ping), "a minute later, frame \(k)") }
    }

    /// A page with the preview's script and diagnostics, sent from the file around them, is what
    /// `PreviewHTML.inject` makes of it whole: tags cut by a chunk's end, missing, repeated, or empty bodies.
    func testAPageSentAroundItsInsertionsIsTheInjectedPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let chunk = FileBody.chunk
        func padded(_ before: Int, _ text: String) -> String { String(repeating: "x", count: before) + text }
        let pages = [
            "<html><body class=\"a\"><p>hi</p></body></html>",
            "<html><body></body></html>",
            "<p>no body at all</p>",
            "<body><p>a</p></body><p>b</p></body>\n",
            padded(chunk - 3, "<body id=\"b\">text</body>"),
            padded(chunk - 1, "<body>" + padded(chunk, "</body>")),
            padded(chunk - 4, "</body>") + padded(10, "<body>"),
            "<body>" + padded(2 * chunk - 5, "</body></html>"),
            "<body x=\"é\">ünïcode</body>",
        ]
        let script = PreviewHTML.scriptTag(scriptPath: "/s.js", generation: 3)
        for (k, text) in pages.enumerated() {
            let path = folder.appendingPathComponent("\(k).html").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            for errors in [[], ["a.md:1:1: error: <bad>"]] {
                let file = try XCTUnwrap(FileBody(path: path))
                let page = PageBody(file, script: script, overlay: errors.isEmpty ? nil : PreviewHTML.overlay(errors))
                var sent: [UInt8] = []
                for try await piece in HTTPBodySequence(from: page, count: page.count, suggestedBufferSize: 4096) {
                    sent += piece
                }
                let whole = PreviewHTML.inject(into: text, errors: errors, generation: 3, scriptPath: "/s.js")
                XCTAssertEqual(sent.count, page.count, "page \(k)")
                XCTAssertTrue(String(decoding: sent, as: UTF8.self) == whole, "page \(k), errors \(errors.count)")
            }
        }
    }
}
