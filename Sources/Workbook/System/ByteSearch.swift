import Foundation

/// Where a string of bytes stands in a larger one: memchr for its first byte, memcmp for the rest (both vectorised
/// in glibc). Pages of a large lesson are megabytes; `String.contains` and loops over array slices cost a
/// noticeable share of building one.
enum ByteSearch {
    /// Where `needle` first stands in `bytes` at or after `from`, or nil.
    static func offset(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from <= bytes.count else { return nil }
        let rest = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[from...])
        return needle.withUnsafeBytes { pattern in first(pattern, in: rest).map { from + $0 } }
    }

    /// A run of `byte` one longer than the longest in `text`, and at least `least` long: the fence or the
    /// backticks of a code span that nothing inside closes. One pass (growing a fence until the text no longer
    /// holds it took quadratic time on a long run: 50 s for 65,000 backticks).
    static func fence(of byte: UInt8, longerThanAnyIn text: String, least: Int) -> String {
        var longest = 0
        var run = 0
        for b in text.utf8 {
            run = b == byte ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: Character(Unicode.Scalar(byte)), count: max(least, longest + 1))
    }

    /// Whether `needle` stands in `text`, compared as UTF-8 bytes.
    static func contains(_ needle: String, in text: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                first(UnsafeRawBufferPointer(pattern), in: UnsafeRawBufferPointer(haystack)) != nil
            }
        }
    }

    private static func first(_ pattern: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !pattern.isEmpty, haystack.count >= pattern.count, let base = haystack.baseAddress else { return nil }
        var from = 0
        while haystack.count - from >= pattern.count,
            let hit = memchr(base + from, Int32(pattern[0]), haystack.count - from - pattern.count + 1)
        {
            let at = UnsafeRawPointer(hit) - base
            if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 { return at }
            from = at + 1
        }
        return nil
    }
}
