/// `search-index.js`, the site's search index as a script, from each page's `SearchSection`s.
enum SearchIndexScript {
    /// `search-index.js`: every section (a page's start, then each heading with an anchor) of every page, as
    /// `window.wbSearch = [{u: "page.html#anchor", t: page title, h: heading, x: text}]`, from the lessons' trees
    /// (`SearchText`: a student edition's index holds what its pages hold, and no more).
    static func script(_ pages: [(slug: String, title: String, sections: [SearchSection])]) -> String {
        var sections: [[String]] = []
        for page in pages {
            for section in page.sections {
                let url = "\(page.slug).html" + (section.anchor.isEmpty ? "" : "#" + section.anchor)
                sections.append([section.heading, page.title, url, section.text])
            }
        }
        return "window.wbSearch = \(json(sections, keys: ["h", "t", "u", "x"]));\n"
    }

    /// Objects of string values under `keys` (sorted), as JSON, in the bytes JSONEncoder writes with sorted keys and
    /// slashes unescaped. Written directly: JSONEncoder's containers and boxes per value were the larger part of
    /// the index's cost (a page of 100,000 headings: 2.2 s of CPU, 41% of it in the encoder).
    static func json(_ objects: [[String]], keys: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, values) in objects.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            for (k, (key, value)) in zip(keys, values).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendJSONString(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` quoted: `"` and `\\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as is.
    private static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        // Most text has nothing to escape: its bytes are copied at once.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out += text.utf8
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case ..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
