/// A fenced div's attributes as Pandoc reads them: `{#id .class key=value key="a value"}`, or one bare word
/// that is a class (`::: callout-tip`).
struct DivAttributes: Sendable, Equatable {
    var id: String?
    var classes: [String] = []
    var pairs: [String: String] = [:]

    /// Where in the attributes (in characters) reading failed, and why.
    struct Problem: Error {
        let offset: Int
        let message: String
    }

    /// `{.note} :::` → `{.note}`: an opening fence may end with colons.
    static func strippingTrailingColons(_ text: String) -> String {
        String(text.reversed().drop { $0 == ":" || $0 == " " || $0 == "\t" }.reversed())
    }

    static func parse(_ text: String) -> Result<DivAttributes, Problem> {
        var attributes = DivAttributes()
        guard text.hasPrefix("{") else {
            guard !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "}" }) else {
                return .failure(Problem(offset: 0, message: "a fenced div's attributes go in braces: {.class key=\"value\"}"))
            }
            attributes.classes = [text]
            return .success(attributes)
        }
        let chars = Array(text)
        guard chars.last == "}" else {
            return .failure(Problem(offset: chars.count, message: "the div's attributes have no closing '}'"))
        }
        var i = 1
        while i < chars.count - 1 {
            if chars[i] == " " || chars[i] == "\t" {
                i += 1
                continue
            }
            let start = i
            while i < chars.count - 1, chars[i] != " ", chars[i] != "\t", chars[i] != "=" { i += 1 }
            let word = String(chars[start..<i])
            if i < chars.count - 1, chars[i] == "=" {
                i += 1
                guard let value = Self.value(chars, &i) else {
                    return .failure(Problem(offset: start, message: "the value of '\(word)' has no closing quote"))
                }
                attributes.pairs[word] = value
            } else if word.hasPrefix("."), word.count > 1 {
                attributes.classes.append(String(word.dropFirst()))
            } else if word.hasPrefix("#"), word.count > 1 {
                attributes.id = String(word.dropFirst())
            } else {
                return .failure(Problem(offset: start, message: "'\(word)' is no attribute: write .class, #id or key=\"value\""))
            }
        }
        return .success(attributes)
    }

    /// A value, bare or in double or single quotes (a backslash escapes the quote); nil when a quote is unclosed.
    private static func value(_ chars: [Character], _ i: inout Int) -> String? {
        let end = chars.count - 1
        guard i < end, chars[i] == "\"" || chars[i] == "'" else {
            let start = i
            while i < end, chars[i] != " ", chars[i] != "\t" { i += 1 }
            return String(chars[start..<i])
        }
        let quote = chars[i]
        var out = ""
        i += 1
        while i < end, chars[i] != quote {
            if chars[i] == "\\", i + 1 < end { i += 1 }
            out.append(chars[i])
            i += 1
        }
        guard i < end else { return nil }
        i += 1
        return out
    }

    /// The class that makes the div a callout (`callout-note`, or `callout`, a note), if any.
    var calloutClass: String? { classes.first { $0 == "callout" || $0.hasPrefix("callout-") } }

    /// The callout's kind, nil for an unknown one or no callout.
    var calloutKind: Callout.Kind? {
        guard let name = calloutClass else { return nil }
        return name == "callout" ? .note : Callout.Kind(rawValue: String(name.dropFirst("callout-".count)))
    }

    var collapse: Callout.Collapse {
        switch pairs["collapse"] {
        case "true": return .folded
        case "false": return .open
        default: return .none
        }
    }

    /// An error for an unknown callout type, a warning for a `collapse` that is neither true nor false.
    func callout(file: SourceFile, line: Int) -> [Diagnostic] {
        guard let name = calloutClass else { return [] }
        let written = file.line(line)
        func column(of word: String) -> SourceLocation {
            let found = written.range(of: word).map { written.distance(from: written.startIndex, to: $0.lowerBound) }
            return SourceLocation(line: line, column: (found ?? 0) + 1)
        }
        var out: [Diagnostic] = []
        if calloutKind == nil {
            let known = Callout.Kind.allCases.map { "callout-" + $0.rawValue }
            out.append(
                Diagnostic(.error, in: file, at: column(of: "." + name),
                    "unknown callout type '\(name)'\(didYouMean(name, among: known)): the types are \(known.joined(separator: ", "))"))
        }
        if let value = pairs["collapse"], value != "true", value != "false" {
            out.append(
                Diagnostic(.warning, in: file, at: column(of: "collapse"),
                    "collapse=\"\(value)\" is neither true nor false, so the box does not fold"))
        }
        return out
    }
}
