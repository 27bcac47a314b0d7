import Foundation

/// A request's head (its request line and header fields) as the preview's gate reads it: with a bound on each
/// part, looking at every byte once, before any HTTP server sees it. The checks the gate makes are here, tested
/// without a server.
struct RequestHead: Sendable {
    /// Why a head is refused, as the status code and reason the client gets.
    struct Refusal: Error, Equatable, Sendable {
        let status: Int
        let reason: String
        let message: String

        static func uriTooLong(_ limit: Int) -> Refusal {
            Refusal(status: 414, reason: "URI Too Long", message: "the request line is longer than \(limit) bytes")
        }
        static func headersTooLarge(_ limit: Int) -> Refusal {
            Refusal(
                status: 431, reason: "Request Header Fields Too Large",
                message: "the request's header fields are longer than \(limit) bytes")
        }
        static let timedOut = Refusal(
            status: 408, reason: "Request Timeout", message: "the request's head did not arrive in time")
        static func badRequest(_ message: String) -> Refusal {
            Refusal(status: 400, reason: "Bad Request", message: message)
        }
        static func misdirected(_ host: String) -> Refusal {
            Refusal(
                status: 421, reason: "Misdirected Request",
                message: "this preview does not serve the host '\(host)'; open it at 127.0.0.1 or localhost")
        }
        static func forbiddenOrigin(_ origin: String) -> Refusal {
            Refusal(
                status: 403, reason: "Forbidden", message: "WebSocket connections from '\(origin)' are refused")
        }
        static func busy(_ message: String) -> Refusal {
            Refusal(status: 503, reason: "Service Unavailable", message: message)
        }
        static let methodNotAllowed = Refusal(
            status: 405, reason: "Method Not Allowed", message: "the preview answers GET and HEAD only")
    }

    /// The longest request line and header section taken (each), in bytes.
    static let maxRequestLine = 16 << 10
    static let maxHeaderFields = 16 << 10

    let method: String
    let target: String
    let version: String
    let fields: [(name: String, value: String)]

    /// The value of the field `name` (case-insensitive), and whether it appears more than once.
    func field(_ name: String) -> (value: String?, repeated: Bool) {
        let values = fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        return (values.first, values.count > 1)
    }

    /// Whether the request asks to become the preview's WebSocket: a GET of the reload path with `Upgrade:
    /// websocket`. A request to any other path is an ordinary one whatever its fields say, and its connection
    /// closes after the answer (an `Upgrade` field on a page's GET kept the connection open, and a second request
    /// on it passed no check).
    var isWebSocketUpgrade: Bool {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard method == "GET", path == PreviewServer.reloadPath else { return false }
        return field("Upgrade").value?.lowercased().split(separator: ",").contains {
            $0.trimmingCharacters(in: .whitespaces) == "websocket"
        } ?? false
    }

    /// The head as it is passed on: the request line and fields as they came, and, unless the request becomes a
    /// WebSocket, `Connection: close` in place of any `Connection` field, so that the server answers one request
    /// on the connection and every request passes the gate.
    var forwarded: Data {
        var lines = ["\(method) \(target) \(version)"]
        for (name, value) in fields where isWebSocketUpgrade || name.caseInsensitiveCompare("Connection") != .orderedSame {
            lines.append("\(name): \(value)")
        }
        if !isWebSocketUpgrade { lines.append("Connection: close") }
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Reads bytes as they arrive until the head is complete: `feed` each chunk; it returns the head and the
    /// bytes after it once the blank line has come, nil while more is needed, or throws when a part passes its
    /// bound. Every byte is looked at once.
    struct Reader {
        private(set) var bytes: [UInt8] = []
        private var scanned = 0
        private var requestLineEnd: Int?
        private var lineStart = 0

        mutating func feed(_ chunk: [UInt8]) throws(Refusal) -> (head: RequestHead, rest: [UInt8])? {
            bytes += chunk
            while scanned < bytes.count {
                let i = scanned
                scanned += 1
                guard bytes[i] == UInt8(ascii: "\n") else { continue }
                let line = bytes[lineStart..<i]
                lineStart = i + 1
                if requestLineEnd == nil {
                    // Blank lines before the request line are allowed (RFC 9112 §2.2).
                    if line.allSatisfy({ $0 == UInt8(ascii: "\r") }) { continue }
                    requestLineEnd = i
                } else if line.allSatisfy({ $0 == UInt8(ascii: "\r") }) {
                    return (try RequestHead(bytes[..<i]), Array(bytes[(i + 1)...]))
                }
            }
            guard let requestLineEnd else {
                // Counting from the first byte: blank lines before the request line count too.
                if bytes.count > RequestHead.maxRequestLine { throw .uriTooLong(RequestHead.maxRequestLine) }
                return nil
            }
            if bytes.count - requestLineEnd > RequestHead.maxHeaderFields {
                throw .headersTooLarge(RequestHead.maxHeaderFields)
            }
            return nil
        }
    }

    /// Parses a complete head (without its blank line).
    init(_ head: ArraySlice<UInt8>) throws(Refusal) {
        let lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)
        }.drop { $0.isEmpty }
        guard let requestLine = lines.first else { throw .badRequest("the request has no request line") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/") else {
            throw .badRequest("the request line is not 'METHOD TARGET HTTP/1.1'")
        }
        (method, target, version) = (String(parts[0]), String(parts[1]), String(parts[2]))
        var fields: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex, !line.first!.isWhitespace else {
                throw .badRequest("a header field is not 'Name: value'")
            }
            fields.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        self.fields = fields
    }
}

/// The host names a preview answers to: loopback's and the one it was told to listen on, each with the port it
/// listens on (or none). A page on another name that resolves here (DNS rebinding) is refused, and so is a
/// WebSocket from a page the preview did not serve.
struct ServedHosts: Sendable {
    let names: Set<String>
    let port: UInt16
    /// Listening on every address (0.0.0.0, ::): any address literal is one of ours (no name can be rebound).
    let anyAddress: Bool

    init(listeningOn host: String, port: UInt16) {
        let given = host.contains(":") ? "[\(host)]" : host
        names = ["127.0.0.1", "localhost", "[::1]", given.lowercased()]
        self.port = port
        anyAddress = ["0.0.0.0", "::", "[::]"].contains(host)
    }

    /// Whether a `Host` field's value (`name`, `name:port`, `[v6]:port`) names this preview.
    func serves(_ host: String) -> Bool {
        var name = host.lowercased()
        var portText: Substring?
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let after = name[name.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return false }
                portText = after.dropFirst()
            }
            name = String(name[...close])
        } else if let colon = name.lastIndex(of: ":") {
            portText = name[name.index(after: colon)...]
            name = String(name[..<colon])
        }
        if let portText, UInt16(portText) != port { return false }
        return names.contains(name) || (anyAddress && Self.isAddressLiteral(name))
    }

    /// Whether a WebSocket's `Origin` is a page this preview served (`http://` one of its hosts).
    func isOwnPage(_ origin: String) -> Bool {
        origin.lowercased().hasPrefix("http://") && serves(String(origin.dropFirst("http://".count)))
    }

    private static func isAddressLiteral(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        if name.hasPrefix("["), name.hasSuffix("]") {
            return inet_pton(AF_INET6, String(name.dropFirst().dropLast()), &v6) == 1
        }
        return inet_pton(AF_INET, name, &v4) == 1
    }
}
