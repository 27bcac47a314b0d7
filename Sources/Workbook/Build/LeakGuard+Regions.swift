/// Where numbers can be in a text, so that the number pattern (a Swift regular expression, about 4 MB/s) runs
/// only there: a page or a search index is mostly words, and reading them all with the pattern was most of the
/// leak guard's time.
extension LeakGuard {
    /// Every number in `text`, as written: the numbers `numbersByPattern` finds, in order, reading only the
    /// regions `numberRegions` keeps.
    static func numbers(in text: String) -> [Written] {
        var text = text
        return text.withUTF8 { bytes in
            numberRegions(bytes).flatMap { region in
                numbersByPattern(in: String(decoding: UnsafeBufferPointer(rebasing: bytes[region]), as: UTF8.self))
            }
        }
    }

    /// The text cut where no number of the pattern can cross, the pieces without an ASCII digit left out
    /// (a number the pattern keeps parses as a `Double`, which takes ASCII digits only), the neighbouring
    /// pieces joined. A cut follows a separator (`isCut`); the pattern reads the same numbers in the pieces as
    /// in the whole: no number holds a separator, a separator before a number is a non-word character, as the
    /// start of a piece is (`^`), and no number ends at a cut, so its look at the character after it is the same.
    static func numberRegions(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var regions: [Range<Int>] = []
        var (start, hasDigit) = (0, false)
        var region: Int? = nil
        for p in 0...bytes.count {
            if p == bytes.count || (p > 0 && isCut(bytes, at: p)) {
                if hasDigit {
                    region = region ?? start
                } else if let from = region {
                    regions.append(from..<start)
                    region = nil
                }
                (start, hasDigit) = (p, false)
            }
            if p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { hasDigit = true }
        }
        if let from = region { regions.append(from..<bytes.count) }
        return regions
    }

    /// Whether the text can be cut before byte `p`: the byte before is a separator that is a character of its
    /// own (ASCII, between ASCII bytes: no combining mark or prepended character joins it), neither part of a
    /// number nor a word character. After white space, only where neither more white space nor a backslash
    /// follows (`1.2 \times 10^{-5}` crosses spaces).
    static func isCut(_ bytes: UnsafeBufferPointer<UInt8>, at p: Int) -> Bool {
        let q = p - 1
        guard bytes[p] < 0x80, q == 0 || bytes[q - 1] < 0x80 else { return false }
        switch bytes[q] {
        case 0x22, 0x27, 0x28, 0x29, 0x2C, 0x2F, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x5B, 0x5D:  // " ' ( ) , / : ; < = > [ ]
            return true
        case 0x20, 0x09, 0x0A, 0x0D:
            return !isSpace(bytes[p]) && bytes[p] != 0x5C
        default:
            return false
        }
    }

    /// ASCII white space as the pattern's `\s` reads it.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
