/// Whether a number, as written, is one that a lesson page of the edition writes (`LeakGuard.numbers` of the
/// page and its Markdown), found without reading every number of every page: the leak guard asks only about the
/// few numbers outside the pages that equal an answer, and a long lesson's page holds hundreds of thousands of
/// numbers (its live figures' weights), whose reading by regular expression was nine tenths of a no-op rebuild.
///
/// The answer is the one the full reading gives. A page is read whole, once, only if it holds the number's text
/// at a place where the reading could end a number: a number's end is never followed by a word character, so an
/// occurrence followed by an ASCII letter, digit or `_` that is a character of its own (the next byte is ASCII
/// too, or there is none: no combining mark joins it) cannot be that number, and `0.347` inside `0.34712` does
/// not make the page be read.
final class PageNumbers {
    /// Each lesson's page and Markdown, as the leak guard reads them: `html + "\n" + markdown`.
    private var pages: [String]
    /// The numbers of each page read so far.
    private(set) var read: [Int: Set<String>] = [:]
    private var known: [String: Bool] = [:]

    init(_ lessons: [LessonProduct]) {
        pages = lessons.map { ($0.html ?? "") + "\n" + ($0.markdown ?? "") }
    }

    /// Whether some page writes `number` (a `LeakGuard.Written.text`).
    func contains(_ number: String) -> Bool {
        if let answer = known[number] { return answer }
        let answer = pages.indices.contains { i in
            mayEnd(number, in: i) && numbers(of: i).contains(number)
        }
        known[number] = answer
        return answer
    }

    private func numbers(of page: Int) -> Set<String> {
        if let found = read[page] { return found }
        let found = Set(LeakGuard.numbers(in: pages[page]).map(\.text))
        read[page] = found
        return found
    }

    /// Whether `number` stands in page `page` at least once where a number could end after it.
    private func mayEnd(_ number: String, in page: Int) -> Bool {
        let needle = Array(number.utf8)
        return pages[page].utf8.withContiguousStorageIfAvailable { bytes in
            var from = 0
            while let at = ByteSearch.offset(of: needle, in: bytes, from: from) {
                let end = at + needle.count
                if !Self.isWordByteAlone(bytes, at: end) { return true }
                from = at + 1
            }
            return false
        } ?? true
    }

    /// Whether the byte at `i` is an ASCII letter, digit or `_` that is a character by itself.
    private static func isWordByteAlone(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i < bytes.count else { return false }
        let b = bytes[i]
        let isWord = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
        return isWord && (i + 1 == bytes.count || bytes[i + 1] < 0x80)
    }
}
