/// Escaping for text placed in HTML: element content and attribute values alike (`&`, `<`, `>`, `"`, `'`; `'`
/// is left alone when `apostrophe` is false, as libcmark does).
enum HTML {
    static func escape(_ text: String, apostrophe: Bool = true) -> String {
        // The characters escaped are ASCII, and no byte of a longer UTF-8 sequence is: escaping the bytes is
        // escaping the characters. Most text has nothing to escape, and comes back as it is.
        var text = text
        let escaped = text.withUTF8 { bytes -> String? in
            guard let first = bytes.firstIndex(where: { isSpecial($0, apostrophe: apostrophe) }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 8)
            out += bytes[..<first]
            for byte in bytes[first...] {
                switch byte {
                case UInt8(ascii: "&"): out += "&amp;".utf8
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: ">"): out += "&gt;".utf8
                case UInt8(ascii: "\""): out += "&quot;".utf8
                case UInt8(ascii: "'") where apostrophe: out += "&#39;".utf8
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? text
    }

    private static func isSpecial(_ byte: UInt8, apostrophe: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""): true
        case UInt8(ascii: "'"): apostrophe
        default: false
        }
    }
}
