/// Where a page's anchors live. A lesson's own page uses its ids as they are (`page`); the course's print page
/// holds every lesson, so each lesson's ids take its slug as a prefix (`01-intro--eq-loss`) and links to the
/// course's lessons (`02-bptt.html#eq-sum`) point inside the document (`#02-bptt--eq-sum`). The HTML writer asks
/// it for every id and every link it writes.
struct AnchorScope: Sendable {
    /// Put before each id: "" on a lesson's page, `slug--` on the print page.
    let prefix: String
    /// The course's lessons, whose pages are sections of the print page.
    let lessons: Set<String>

    static let page = AnchorScope(prefix: "", lessons: [])

    /// The scope of lesson `slug`'s part of the print page of a course of `lessons`.
    static func printed(_ slug: String, lessons: Set<String>) -> AnchorScope {
        AnchorScope(prefix: slug + "--", lessons: lessons)
    }

    /// An id on the page.
    func id(_ id: String) -> String { prefix + id }

    /// A link's destination (before escaping): `#x` to this lesson's `x`, a lesson of the course (`x.html`,
    /// `x.html#y`) to its section, anything else as it is.
    func href(_ url: String) -> String {
        guard !prefix.isEmpty else { return url }
        if url.hasPrefix("#") { return "#" + prefix + url.dropFirst() }
        let (path, fragment) = splitFragment(url)
        guard path.hasSuffix(".html") else { return url }
        let slug = String(path.dropLast(5))
        guard lessons.contains(slug), slug.utf8.allSatisfy(Self.isSlugByte) else { return url }
        return fragment.isEmpty ? "#" + slug : "#" + slug + "--" + fragment.dropFirst()
    }

    private static func isSlugByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }
}
