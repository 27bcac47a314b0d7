/// The template syntax of static-site generators, recognised as such before `{{ … }}` is read as an inline
/// value: Hugo's shortcodes `{{< name args >}}` and `{{% name args %}}`, Jekyll's Liquid tags `{% name args %}`
/// and `{{ site.baseurl }}`, and kramdown's attribute lines `{: .class}`. Hugo's `figure` becomes the Markdown
/// image it shows, `ref` and `relref` the lesson file they name (so `[text]({{< ref "x.md" >}})` is a link to that
/// lesson), Jekyll's `post_url` the lesson of that name; hugo-book's `katex` is math (`mathOpening`, which
/// `MathProtection` reads as it reads `$`); anything else is left out with a warning saying so.
enum SiteTemplates {
    struct Tag {
        /// The Markdown that stands for it (empty when left out).
        var markdown: String
        /// Why it is left out, when it is.
        var problem: String?
    }

    /// The tag that starts at `bytes[start]` (`{{<`, `{{%` or `{%`) and ends on its line: its end and what it
    /// becomes; nil when none starts there.
    static func tag(_ bytes: [UInt8], at start: Int, _ ends: RememberedSearches) -> (end: Int, tag: Tag)? {
        if let end = siteBase(bytes, at: start) { return (end, Tag(markdown: "..", problem: nil)) }
        guard let found = shortcode(bytes, at: start, ends) else { return nil }
        if let shown = commentedShortcode(String(decoding: bytes[start..<found.end], as: UTF8.self)) {
            return (found.end, Tag(markdown: literal(shown), problem: nil))
        }
        return (found.end, make(found.words, liquid: found.liquid))
    }

    /// Hugo's way of writing a shortcode to be shown rather than run, `{{</* name args */>}}` (or with `%`, as
    /// documentation about shortcodes writes them): the shortcode it shows, `{{< name args >}}`; nil for any other
    /// tag.
    static func commentedShortcode(_ tag: String) -> String? {
        for (open, close) in commentMarks
        where tag.hasPrefix(open) && tag.hasSuffix(close) && tag.utf8.count >= open.utf8.count + close.utf8.count {
            return String(open.dropLast(2)) + tag.dropFirst(open.count).dropLast(close.count) + String(close.dropFirst(2))
        }
        return nil
    }

    /// How Hugo's shortcodes written to be shown open and close.
    static let commentMarks = [("{{</*", "*/>}}"), ("{{%/*", "*/%}}")]

    /// `text` as Markdown that shows it as it is: every ASCII punctuation mark backslash-escaped (CommonMark lets
    /// any of them be), so that nothing in it is read as emphasis, a link, math or a tag.
    static func literal(_ text: String) -> String {
        let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        return String(text.flatMap { punctuation.contains($0) ? ["\\", $0] : [$0] })
    }

    /// What the searches for the ends of tags (`>}}`, `%}}`, `%}`: kinds 0, 1, 2) in one text found, so that a
    /// line of openers that nothing closes is searched once rather than once per opener: 20,000 `{{< ` on one line
    /// took 2 s, and 9 s after a `{{< katex >}}`.
    static func tagEnds() -> RememberedSearches { RememberedSearches(kinds: 3) }

    /// hugo-book's math shortcode, `{{< katex >}}` (or with `%`), opening at `start`: the end of its tag, and
    /// whether the math is displayed (`display=true`, `display` or `[display]` among its arguments).
    static func mathOpening(_ bytes: [UInt8], at start: Int, _ ends: RememberedSearches) -> (end: Int, display: Bool)? {
        // Asked at every `{`: the name is looked at before the line is searched for the tag's end.
        var j = min(start + 3, bytes.count)
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
        guard bytes[j...].starts(with: Array("katex".utf8)), let found = shortcode(bytes, at: start, ends), !found.liquid,
            found.words.first == "katex"
        else { return nil }
        let display = found.words.dropFirst().contains { ["display", "[display]", "display=true"].contains($0) }
        return (found.end, display)
    }

    /// The end of the shortcode that closes hugo-book's math, `{{< /katex >}}`, when it starts at `start`.
    static func mathClosing(_ bytes: [UInt8], at start: Int, _ ends: RememberedSearches) -> Int? {
        guard let found = shortcode(bytes, at: start, ends), !found.liquid else { return nil }
        return found.words.joined() == "/katex" ? found.end : nil
    }

    /// A line that is one Hugo shortcode and nothing else (spaces after it aside): its name, whether it closes
    /// (`{{< /name >}}`), and its arguments as written (quotes removed: `title=Why it works`).
    static func blockShortcode(_ line: String) -> (name: String, closing: Bool, arguments: [String])? {
        let bytes = Array(line.utf8)
        guard let found = shortcode(bytes, at: 0), !found.liquid, let first = found.words.first,
            bytes[found.end...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else { return nil }
        let closing = first.hasPrefix("/")
        return (closing ? String(first.dropFirst()) : first, closing, Array(found.words.dropFirst()))
    }

    /// The shortcode or Liquid tag that starts at `start` and ends on its line: its end and its words.
    private static func shortcode(
        _ bytes: [UInt8], at start: Int, _ ends: RememberedSearches = tagEnds()
    ) -> (end: Int, words: [String], liquid: Bool)? {
        let (kind, opener, closer): (Int, [UInt8], [UInt8])
        if bytes[start...].starts(with: Array("{{<".utf8)) {
            (kind, opener, closer) = (0, Array("{{<".utf8), Array(">}}".utf8))
        } else if bytes[start...].starts(with: Array("{{%".utf8)) {
            (kind, opener, closer) = (1, Array("{{%".utf8), Array("%}}".utf8))
        } else if bytes[start...].starts(with: Array("{%".utf8)) {
            (kind, opener, closer) = (2, Array("{%".utf8), Array("%}".utf8))
        } else {
            return nil
        }
        let from = start + opener.count
        let found = ends.find(kind, from: from) {
            var j = from
            while j + closer.count <= bytes.count, bytes[j] != UInt8(ascii: "\n") {
                if bytes[j...].starts(with: closer) { return (j, j) }
                j += 1
            }
            return (nil, j)
        }
        guard let j = found else { return nil }
        return (j + closer.count, words(String(decoding: bytes[from..<j], as: UTF8.self)), opener.count == 2)
    }

    /// The end of Jekyll's `{{ site.baseurl }}` (or `{{ site.url }}`) starting at `start`: the site's root, which
    /// for a course is the course folder, `..` from its lessons (`{{ site.baseurl }}/img/x.png` is `../img/x.png`).
    private static func siteBase(_ bytes: [UInt8], at start: Int) -> Int? {
        guard bytes[start...].starts(with: Array("{{".utf8)) else { return nil }
        var j = start + 2
        func spaces() { while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 } }
        spaces()
        for name in ["site.baseurl", "site.url"] where bytes[j...].starts(with: Array(name.utf8)) {
            j += name.utf8.count
            spaces()
            return bytes[j...].starts(with: Array("}}".utf8)) ? j + 2 : nil
        }
        return nil
    }

    private static func make(_ words: [String], liquid: Bool) -> Tag {
        let name = words.first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? ""
        let arguments = Array(words.dropFirst())
        func named(_ key: String) -> String? { argument(key, in: arguments) }
        let positional = arguments.first { !$0.contains("=") }
        switch (liquid, name) {
        case (false, "figure"):
            guard let src = named("src") else { return Tag(markdown: "", problem: "Hugo's figure shortcode names no src") }
            let alt = named("alt") ?? named("caption") ?? named("title") ?? ""
            return Tag(markdown: "![\(escaped(alt))](<\(src)>)", problem: nil)
        case (false, "ref"), (false, "relref"):
            guard let target = positional else { return Tag(markdown: "", problem: "Hugo's \(name) shortcode names no page") }
            return Tag(markdown: lessonFile(target), problem: nil)
        case (false, "katex"):
            // An opening one is math (`mathOpening`): this one closes none.
            return Tag(markdown: "", problem: "this '{{< /katex >}}' closes no '{{< katex >}}', so it is left out")
        case (false, let box) where HugoBoxes.names.contains(box) && words.first?.hasPrefix("/") == true:
            // An opening one on a line of its own is a box (`HugoBoxes`): this one closes none that is open.
            return Tag(
                markdown: "",
                problem: "this '{{< /\(box) >}}' closes no open '\(box)' box (a box closes with its own name, the "
                    + "innermost first, each shortcode on a line of its own), so it is left out")
        case (true, "post_url"):
            guard let target = positional else { return Tag(markdown: "", problem: "Jekyll's post_url names no post") }
            return Tag(markdown: lessonFile(target), problem: nil)
        default:
            let what = liquid ? "Jekyll's Liquid tag '{% \(name) %}'" : "Hugo's shortcode '\(name)'"
            return Tag(
                markdown: "",
                problem: "\(what) is left out: the handouts honour only Hugo's figure, ref and katex shortcodes, "
                    + "hugo-book's hint, details, expand, tabs and columns and Docsy's alert on lines of their own, and Jekyll's post_url")
        }
    }

    /// The value of a shortcode's `key=value` argument (`src="x.png"`, quotes already removed by `words`).
    static func argument(_ key: String, in arguments: [String]) -> String? {
        arguments.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// A page a generator names (`posts/x.md`, `x`, `x/`) as the lesson file beside this one.
    private static func lessonFile(_ target: String) -> String {
        var name = target.split(separator: "/").last.map(String.init) ?? target
        if name.hasSuffix(".md") { name.removeLast(3) }
        return name + ".md"
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "[", with: "\\[")
            .replacingOccurrences(of: "]", with: "\\]")
    }

    /// Words as a shortcode's arguments are written: quotes group, and are removed; in double quotes a backslash
    /// takes the next character as it is (`"Say \"hi\""`), as in Go's strings.
    private static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for c in text {
            if let q = quote {
                if escaped {
                    current.append(c)
                    escaped = false
                } else if c == "\\", q == "\"" {
                    escaped = true
                } else if c == q {
                    quote = nil
                } else {
                    current.append(c)
                }
            } else if c == "\"" || c == "'" || c == "`" {
                quote = c
            } else if c == " " || c == "\t" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// A kramdown attribute line, `{: .class #id}` alone on its line (from `start`, the line's start).
    static func isAttributeLine(_ bytes: [UInt8], at start: Int) -> Int? {
        var j = start
        while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") { j += 1 }
        guard bytes[j...].starts(with: Array("{:".utf8)) else { return nil }
        var end = j
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: bytes[j..<end], as: UTF8.self).trimmingSpaces
        return line.hasSuffix("}") && !line.dropFirst(2).contains("{") ? end : nil
    }
}
