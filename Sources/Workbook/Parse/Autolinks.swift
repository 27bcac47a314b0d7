/// GitHub's extended autolinks (cmark-gfm's `autolink` extension; Quarto's and Jupyter Book's Markdown link them
/// too): `https://…`, `http://…`, `ftp://…` and `www.…` in the prose's text become links without `<…>`. One starts the text
/// or follows a space, `*`, `_`, `~` or `(`; its domain is parts of letters, digits, `-` and `_` joined by `.`
/// (a `www.` link needs a second part), without `_` in its last two parts; it runs to a space or `<`, less
/// trailing `?!.,:*_~`, a `)` that no `(` inside it opens, and an entity-like `&name;` at its end. A `www.` link
/// points at `http://`, as GitHub's does. Text only: code, math and links' own text never reach here. (GitHub's
/// bare e-mail addresses are not made links: `name@host` reads as a citation's look-alike, left as text.)
enum Autolinks {
    /// Whether `text` may hold one: a quick look at its bytes (each heading of a large lesson asks).
    static func mayContain(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") && previous == UInt8(ascii: ":") { return true }
            if byte == UInt8(ascii: ".") && previous == UInt8(ascii: "w") { return true }
            previous = byte
        }
        return false
    }

    /// The inlines with their texts' autolinks as links.
    static func apply(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(where: { if case .text(let t) = $0.kind { mayContain(t) } else { false } }) else {
            return inlines
        }
        var out: [Inline] = []
        for inline in inlines {
            guard case .text(let text) = inline.kind, mayContain(text) else {
                out.append(inline)
                continue
            }
            out += split(text, at: inline.location, after: previousCharacter(out))
        }
        return out
    }

    /// The last character shown before a text (nil at the start: a link may start there).
    private static func previousCharacter(_ inlines: [Inline]) -> Character? {
        guard let last = inlines.last else { return nil }
        switch last.kind {
        case .text(let text): return text.last
        case .softBreak, .lineBreak: return " "
        default: return "x"
        }
    }

    private static func split(_ text: String, at location: SourceLocation, after previous: Character?) -> [Inline] {
        let characters = Array(text)
        var out: [Inline] = []
        var (start, k, refused) = (0, 0, -1)
        while k < characters.count {
            let before = k == 0 ? previous : characters[k - 1]
            guard before.map(canPrecede) ?? true, let (end, href) = link(characters, at: k, refused: &refused) else {
                k += 1
                continue
            }
            if start < k { out.append(Inline(.text(String(characters[start..<k])), at: location)) }
            let shown = String(characters[k..<end])
            out.append(
                Inline(.link(url: href, title: MarkedText(pieces: []), [Inline(.text(shown), at: location)]), at: location))
            (start, k) = (end, end)
        }
        if start < characters.count { out.append(Inline(.text(String(characters[start...])), at: location)) }
        return out
    }

    private static func canPrecede(_ c: Character) -> Bool {
        c.isWhitespace || c == "*" || c == "_" || c == "~" || c == "("
    }

    /// The link starting at `k`: where it ends and where it points. `refused` is where the second-to-last part
    /// of the last `www.` domain refused for a `_` in its last two parts starts: a `www.` before it starts a domain
    /// with the same last two parts, refused as well without reading it again (each `_www.` of a long run of them
    /// read the run to its end: 10,000 took 47 s).
    private static func link(_ c: [Character], at k: Int, refused: inout Int) -> (end: Int, href: String)? {
        let rest = c[k...]
        if k < refused, rest.starts(with: "www.") { return nil }
        let scheme: String
        if rest.starts(with: "https://") {
            scheme = "https://"
        } else if rest.starts(with: "http://") {
            scheme = "http://"
        } else if rest.starts(with: "ftp://") {
            scheme = "ftp://"
        } else if rest.starts(with: "www.") {
            scheme = ""
        } else {
            return nil
        }
        let domainStart = k + scheme.count
        var end = domainStart
        while end < c.count, c[end].isLetter || c[end].isNumber || "-_.".contains(c[end]) { end += 1 }
        var domain = String(c[domainStart..<end])
        while domain.hasSuffix(".") { domain.removeLast() }
        let parts = domain.split(separator: ".", omittingEmptySubsequences: false)
        if scheme.isEmpty, parts.count >= 2, parts.suffix(2).contains(where: { $0.contains("_") }) {
            refused = max(refused, domainStart + parts.dropLast(2).reduce(0) { $0 + $1.count + 1 })
        }
        // A `www.` before the domain's last `..` has that empty part in its domain too (`_www.a..b` 20,000 times
        // read the run to its end for each: over a minute).
        if scheme.isEmpty, parts.contains(where: \.isEmpty),
            let dots = lastDoubleDot(c, from: domainStart, to: domainStart + domain.count)
        {
            refused = max(refused, dots + 1)
        }
        guard !domain.isEmpty, !parts.contains(where: \.isEmpty), !parts.suffix(2).contains(where: { $0.contains("_") }),
            parts.count >= (scheme.isEmpty ? 2 : 1)
        else { return nil }
        while end < c.count, !c[end].isWhitespace, c[end] != "<" { end += 1 }
        end = trimmed(c, from: domainStart, to: end)
        guard end > domainStart else { return nil }
        let shown = String(c[k..<end])
        return (end, scheme.isEmpty ? "http://" + shown : shown)
    }

    /// Where the last `..` of `c[start..<end]` starts.
    private static func lastDoubleDot(_ c: [Character], from start: Int, to end: Int) -> Int? {
        var i = end - 1
        while i > start {
            if c[i] == ".", c[i - 1] == "." { return i - 1 }
            i -= 1
        }
        return nil
    }

    /// The end once trailing punctuation, an unmatched `)` and an entity-like `&name;` are left out.
    private static func trimmed(_ c: [Character], from start: Int, to end: Int) -> Int {
        var end = end
        // The parentheses of c[start..<end], counted once and kept as the end moves (recounting them for each
        // trailing `)` made 20,000 of them take 2.6 s).
        var (opens, closes) = (c[start..<end].filter { $0 == "(" }.count, c[start..<end].filter { $0 == ")" }.count)
        while end > start {
            let last = c[end - 1]
            if "?!.,:*_~".contains(last) {
                end -= 1
            } else if last == ")", closes > opens {
                (end, closes) = (end - 1, closes - 1)
            } else if last == ";", let amp = c[start..<(end - 1)].lastIndex(of: "&"),
                amp < end - 2, c[(amp + 1)..<(end - 1)].allSatisfy({ $0.isLetter || $0.isNumber })
            {
                end = amp
            } else {
                break
            }
        }
        return end
    }
}
