import Foundation

/// Heading anchors: every heading gets a stable id, GitHub's way (lower case, letters, digits, `-` and `_`
/// kept, spaces to `-`, the rest dropped; `-1`, `-2`, … for repeats), and a visible link to itself, so
/// `02-students.html#the-loss` and `[…](#the-loss)` reach it.
enum Anchors {
    static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        // Trimmed as Foundation's `.whitespaces` would (tab, the space separators and U+200B: checked against it
        // for every scalar below U+30000), without bridging a string per heading.
        let isSpace = { (s: Unicode.Scalar) in
            s == "\t" || s == "\u{200B}" || s.properties.generalCategory == .spaceSeparator
        }
        let scalars = withoutPlaceholders(text).unicodeScalars
        let start = scalars.firstIndex { !isSpace($0) } ?? scalars.endIndex
        let end = scalars.lastIndex { !isSpace($0) }.map(scalars.index(after:)) ?? start
        let plain = String(Substring(scalars[start..<end]))
        var out = ""
        for c in plain.lowercased() {
            if c.isLetter || c.isNumber || c == "-" || c == "_" {
                out.append(c)
            } else if c == " " {
                out.append("-")
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// `slug` of ASCII text (no placeholder can be in it), on its bytes: the same rules, without a Unicode
    /// property look-up per character (a page of 170,000 headings slugs each one).
    private static func asciiSlug(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var (start, end) = (0, bytes.count)
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var out: [UInt8] = []
        var afterSpace = false
        for byte in bytes[start..<end] {
            defer { afterSpace = byte == 0x20 }
            switch byte {
            case 0x20 where !afterSpace: out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                UInt8(ascii: "_"):
                out.append(byte)
            default: break
            }
        }
        return out.isEmpty ? "section" : String(decoding: out, as: UTF8.self)
    }

    /// The text without its placeholders (math, inline values: each from `U+E000` to the next `U+E001`), and
    /// a run of spaces, where one stood, as one space.
    private static func withoutPlaceholders(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        // Where the next `U+E001` is, once looked for (nil: none is left).
        var nextClose: Int? = -1
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{E000}" {
                if let known = nextClose, known < i {
                    nextClose = scalars[i...].firstIndex(of: "\u{E001}")
                }
                if let close = nextClose {
                    i = close + 1
                    continue
                }
            }
            if scalars[i] != " " || out.last != " " { out.append(scalars[i]) }
            i += 1
        }
        return String(out)
    }

    /// The ids given so far, and for each slug the last number tried after it, so that the ten-thousandth
    /// repeat of a heading does not try the 9,999 taken before it.
    struct Used {
        var ids: Set<String> = []
        var lastSuffix: [String: Int] = [:]
    }

    static func unique(_ slug: String, _ used: inout Used) -> String {
        var n = used.lastSuffix[slug] ?? 0
        while true {
            let candidate = n == 0 ? slug : slug + "-" + String(n)
            if used.ids.insert(candidate).inserted {
                used.lastSuffix[slug] = n
                return candidate
            }
            n += 1
        }
    }
}
