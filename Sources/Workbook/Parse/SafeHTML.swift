/// The inline HTML a lesson may use without `--allow-raw-html`: an allowlist of tags and of their attributes,
/// each attribute's value checked (a colour, a width, an image's address). Anything else is not HTML the handouts
/// show. Hand-written because it is small and its whole point is what it refuses: no sanitiser library is
/// packaged for Swift on Linux, and a general one allows far more than lecture notes need.
///
/// A tag is read as cmark's inline-HTML grammar reads it (`<name attr="v" …>`, `</name>`); a value is decoded
/// for `&amp;` only, so `&#106;avascript:` or `&colon;` never turn into something the check did not see.
enum SafeHTML {
    /// One tag, as written and as the handouts may write it.
    struct Tag: Equatable {
        var name: String
        var closing: Bool
        /// The attributes kept, their values checked.
        var attributes: [HTMLAttribute]
        /// The attributes left out (not allowed on this tag, or with a value that failed its check).
        var leftOut: [String]
    }

    /// The tags allowed and, for each, the attributes it may carry.
    static let allowed: [String: Set<String>] = [
        "font": ["color"], "span": ["style"], "sub": [], "sup": [], "kbd": [], "mark": [], "br": [], "u": [],
        "s": [], "details": ["open"], "summary": [], "img": ["src", "alt", "width", "height"],
    ]
    /// Tags that have no content and no closing tag.
    static let void: Set<String> = ["br", "img"]

    /// The tag `literal` spells, when it is an allowed one; nil for anything else (comments, declarations,
    /// other tags, an `<img>` whose address is not a local or https image).
    static func tag(_ literal: String) -> Tag? {
        var scanner = TagScanner(literal)
        guard let (name, closing, raw) = scanner.read(), let names = allowed[name] else { return nil }
        if closing { return raw.isEmpty && !void.contains(name) ? Tag(name: name, closing: true, attributes: [], leftOut: []) : nil }
        var tag = Tag(name: name, closing: false, attributes: [], leftOut: [])
        for (attribute, value) in raw {
            if names.contains(attribute), !tag.attributes.contains(where: { $0.name == attribute }),
                let checked = check(attribute, value)
            {
                tag.attributes.append(HTMLAttribute(name: attribute, value: checked))
            } else {
                tag.leftOut.append(attribute)
            }
        }
        if name == "img", !tag.attributes.contains(where: { $0.name == "src" }) { return nil }
        return tag
    }

    /// A value as the handouts may write it, or nil when it fails the attribute's check.
    static func check(_ attribute: String, _ value: String?) -> String? {
        if attribute == "open" { return value == nil || value == "" || value == "open" ? "" : nil }
        guard let value = value.flatMap(decoded) else { return nil }
        switch attribute {
        case "color": return colour(value)
        case "style": return styleColour(value).map { "color: " + $0 }
        case "width", "height":
            return (1...4).contains(value.count) && value.allSatisfy({ $0.isASCII && $0.isNumber }) ? value : nil
        case "src": return imageSource(value)
        case "alt": return value
        default: return nil
        }
    }

    /// `&amp;` decoded; nil when any other `&` stands in the value (an entity could hide what the checks see).
    private static func decoded(_ value: String) -> String? {
        let plain = value.replacingOccurrences(of: "&amp;", with: "\u{E003}")
        guard !plain.contains("&"), !plain.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" })
        else { return nil }
        return plain.replacingOccurrences(of: "\u{E003}", with: "&")
    }

    /// An image's address: an https URL, or a relative image path (`LessonParser.isRelativeImage`), which the build
    /// looks for as it does a Markdown image's.
    static func imageSource(_ value: String) -> String? {
        if value.lowercased().hasPrefix("https://"), !value.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" }) {
            return value
        }
        return LessonParser.isRelativeImage(value) ? value : nil
    }

    /// `color: X` with an optional `;`, the only style allowed.
    static func styleColour(_ style: String) -> String? {
        var text = style.trimmingSpaces
        if text.hasSuffix(";") { text.removeLast() }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "color" else {
            return nil
        }
        return colour(String(parts[1]).trimmingSpaces)
    }

    /// A CSS colour: a named colour, `#rgb`, `#rrggbb`, or `rgb(r, g, b)` with 0–255 components.
    static func colour(_ value: String) -> String? {
        let v = value.trimmingSpaces.lowercased()
        if colourNames.contains(v) { return v }
        if v.hasPrefix("#"), [4, 7].contains(v.count), v.dropFirst().allSatisfy({ $0.isHexDigit && $0.isASCII }) {
            return v
        }
        guard v.hasPrefix("rgb("), v.hasSuffix(")") else { return nil }
        let components = v.dropFirst(4).dropLast().split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard components.count == 3, components.allSatisfy({ Int($0).map { (0...255).contains($0) } ?? false })
        else { return nil }
        return "rgb(" + components.joined(separator: ", ") + ")"
    }

    /// The CSS Color Module's named colours.
    static let colourNames: Set<String> = Set(
        ("aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown "
            + "burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan "
            + "darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid "
            + "darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet "
            + "deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro "
            + "ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki "
            + "lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow "
            + "lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray "
            + "lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine "
            + "mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen "
            + "mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace "
            + "olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred "
            + "papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue "
            + "saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey "
            + "snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow "
            + "yellowgreen").split(separator: " ").map(String.init))
}

/// Reads one tag in cmark's inline-HTML grammar: `<` name, attributes (unquoted, '…' or "…" values), an
/// optional `/`, `>`; or `</` name `>`. Names are lowercased.
private struct TagScanner {
    let s: [Character]
    var i = 0

    init(_ literal: String) { s = Array(literal) }

    mutating func read() -> (name: String, closing: Bool, attributes: [(String, String?)])? {
        guard s.count >= 3, s.first == "<", s.last == ">" else { return nil }
        i = 1
        let closing = s[i] == "/"
        if closing { i += 1 }
        let name = word()
        guard !name.isEmpty, name.first!.isLetter else { return nil }
        var attributes: [(String, String?)] = []
        while true {
            let spaced = skipSpace()
            if i >= s.count - 1 { break }
            if s[i] == "/", i == s.count - 2, !closing { break }
            guard spaced, !closing else { return nil }
            let attribute = word()
            guard !attribute.isEmpty else { return nil }
            skipSpace()
            guard i < s.count - 1, s[i] == "=" else {
                attributes.append((attribute, nil))
                continue
            }
            i += 1
            skipSpace()
            guard let value = value() else { return nil }
            attributes.append((attribute, value))
        }
        return (name, closing, attributes)
    }

    private mutating func word() -> String {
        let start = i
        while i < s.count - 1, s[i].isASCII, s[i].isLetter || s[i].isNumber || "-_:.".contains(s[i]) { i += 1 }
        return String(s[start..<i]).lowercased()
    }

    @discardableResult private mutating func skipSpace() -> Bool {
        let start = i
        while i < s.count - 1, s[i].isWhitespace { i += 1 }
        return i > start
    }

    private mutating func value() -> String? {
        guard i < s.count - 1 else { return nil }
        if s[i] == "\"" || s[i] == "'" {
            let quote = s[i]
            guard let end = s[(i + 1)...].firstIndex(of: quote), end < s.count - 1 else { return nil }
            defer { i = end + 1 }
            return String(s[(i + 1)..<end])
        }
        let start = i
        while i < s.count - 1, !s[i].isWhitespace, !"\"'=<>`".contains(s[i]) { i += 1 }
        return i > start ? String(s[start..<i]) : nil
    }
}
