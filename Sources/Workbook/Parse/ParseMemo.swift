import Foundation

/// The parses of the lessons a build has asked for, by path, slug, raw-HTML setting and the lesson's whole text:
/// parsing is a function of these alone (and, for a lesson with Obsidian links, of the lessons beside it), so a second ask (the cross-references' numbering pass, the citations'
/// pass, then the lesson's build) gets the first parse. At most `capacity` entries are kept; past it the memo
/// starts afresh (the fuzzers parse many texts under one path).
final class ParseMemo: @unchecked Sendable {
    static let shared = ParseMemo()
    static let capacity = 64

    private struct Key: Hashable {
        let path: String
        let slug: String
        let allowRawHTML: Bool
        let text: String
        /// The lessons beside it that its Obsidian links may name (`WikiLinks.fingerprint`).
        let beside: String
    }

    private var entries: [Key: (ParsedLesson?, [Diagnostic])] = [:]
    private let lock = NSLock()
    /// How many parses were made rather than found (for the tests).
    private(set) var made = 0

    func parse(
        _ file: SourceFile, slug: String, allowRawHTML: Bool, _ make: () -> (ParsedLesson?, [Diagnostic])
    ) -> (ParsedLesson?, [Diagnostic]) {
        let key = Key(
            path: file.path, slug: slug, allowRawHTML: allowRawHTML, text: file.text, beside: WikiLinks.fingerprint(file))
        lock.lock()
        let found = entries[key]
        lock.unlock()
        if let found { return found }
        let made = make()
        lock.lock()
        if entries.count >= Self.capacity { entries.removeAll() }
        entries[key] = made
        self.made += 1
        lock.unlock()
        return made
    }
}
