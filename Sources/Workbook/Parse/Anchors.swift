import Foundation

/// Heading anchors: every heading gets a stable id, GitHub's way (lower case, letters, digits, `-` and `_`
/// kept, spaces to `-`, the rest dropped; `-1`, `-2`, … for repeats), and a visible link to itself, so
/// `02-students.html#the-loss` and `[…](#the-loss)` reach it.
enum Anchors {
    static func slug(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "\u{E000}[^\u{E001}]*\u{E001}", with: "", options: .regularExpression)
            .replacingOccurrences(of: " {2,}", with: " ", options: .regularExpression)  // where math stood
            .trimmingCharacters(in: .whitespaces)
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

    static func unique(_ slug: String, _ used: inout Set<String>) -> String {
        var candidate = slug
        var n = 0
        while used.contains(candidate) {
            n += 1
            candidate = "\(slug)-\(n)"
        }
        used.insert(candidate)
        return candidate
    }

    /// cmark's HTML with the i-th `<hN>` given `anchors[i]` as its id and a `#` link to it.
    static func add(_ anchors: [String], to html: String) -> String {
        var out = ""
        var rest = html[...]
        var index = 0
        while index < anchors.count, let open = rest.range(of: #"<h[1-6]>"#, options: .regularExpression) {
            let level = rest[open].dropFirst(2).prefix(1)
            guard let close = rest.range(of: "</h\(level)>", range: open.upperBound..<rest.endIndex) else { break }
            let id = HTML.escape(anchors[index])
            out += rest[..<open.lowerBound]
            out += "<h\(level) id=\"\(id)\">" + rest[open.upperBound..<close.lowerBound]
            out += " <a class=\"wb-anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a></h\(level)>"
            rest = rest[close.upperBound...]
            index += 1
        }
        return out + rest
    }
}
