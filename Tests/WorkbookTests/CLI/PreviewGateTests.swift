import Foundation
import XCTest

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

    func testAWebSocketUpgradeKeepsItsConnectionField() throws {
        var reader = RequestHead.Reader()
        let text = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n"
        let head = try XCTUnwrap(try reader.feed(Array(text.utf8))).head
        XCTAssertTrue(head.isWebSocketUpgrade)
        XCTAssertEqual(String(decoding: head.forwarded, as: UTF8.self), text)
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
}
