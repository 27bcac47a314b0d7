/// An `author` or `editor` field split into names the way BibTeX (and libbtparse's `bt_split_name`) splits it:
///
/// - names are separated by the word `and` outside braces (`{Barnes and Noble}` is one name); a last name
///   `others` means "et al.";
/// - a name is words separated by white space outside braces, and up to two commas outside braces:
///   "First von Last", "von Last, First", or "von Last, Jr, First";
/// - the von part is the words from the first to the last lower-case word before the last name (without
///   commas), or the lower-case words leading the part before the first comma; the last name keeps at least one
///   word;
/// - a word is lower-case when its first letter outside braces is; a brace group before any letter decides it:
///   a group starting with an accent command (`{\"o}`) or a letter command (`{\ae}`) by its letter, any other
///   group (`{von}`, `{\relax van}`) counts as not lower-case, so braces keep a particle in the last name.
///
/// The expected splits in the tests are libbtparse's, run on the same names (`Tests/WorkbookTests/Bibliography`).
enum BibTeXNames {
    struct Split: Equatable {
        var names: [PersonName]
        var others: Bool
        /// Names that could not be read (empty, or more than two commas), for a diagnostic.
        var problems: [String]
    }

    static func split(_ field: String) -> Split {
        var result = Split(names: [], others: false, problems: [])
        var current: [String] = []
        let words = self.words(field)
        for (index, word) in words.enumerated() {
            let isAnd = word.lowercased() == "and"
            if !isAnd { current.append(word) }
            guard isAnd || index == words.count - 1 else { continue }
            if current == ["others"] && index == words.count - 1 && !result.names.isEmpty {
                result.others = true
            } else if let name = name(current) {
                result.names.append(name)
            } else {
                result.problems.append(current.joined(separator: " "))
            }
            current = []
        }
        return result
    }

    /// The words of `text`: split at white space outside braces (each word a slice of the text, not built a
    /// character at a time: a field of 64 KiB of names, repeated by macros, took seconds).
    static func words(_ text: String) -> [String] {
        let scalars = text.unicodeScalars
        var words: [String] = []
        var start: String.UnicodeScalarView.Index?
        var depth = 0
        for index in scalars.indices {
            let c = scalars[index]
            if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1) }
            if depth == 0 && isWhitespace(c) {
                if let begun = start { words.append(String(scalars[begun..<index])) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let begun = start { words.append(String(scalars[begun...])) }
        return words
    }

    /// Unicode's white space, with the ASCII answers written out.
    @inline(__always)
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || (0x09...0x0d).contains(c.value) : c.properties.isWhitespace
    }

    /// One name's words in its parts; nil when it has none or more than two commas.
    static func name(_ words: [String]) -> PersonName? {
        var segments: [[String]] = [[]]
        for word in words {
            let pieces = splitAtCommas(word)
            for (i, piece) in pieces.enumerated() {
                if i > 0 { segments.append([]) }
                if !piece.isEmpty { segments[segments.count - 1].append(piece) }
            }
        }
        guard segments.count <= 3, !segments[0].isEmpty else { return nil }
        if segments.count == 1 { return firstVonLast(segments[0]) }
        let (von, last) = vonLast(segments[0])
        let first = segments.count == 3 ? segments[2] : segments[1]
        let jr = segments.count == 3 ? segments[1] : []
        return PersonName(first: text(first), von: text(von), last: text(last), jr: text(jr))
    }

    /// "First von Last".
    static func firstVonLast(_ w: [String]) -> PersonName {
        let lower = w.map(isLowerCase)
        guard let start = lower.dropLast().firstIndex(of: true) else {
            return PersonName(first: text(Array(w.dropLast())), last: text([w[w.count - 1]]))
        }
        let end = lower[..<(w.count - 1)].lastIndex(of: true) ?? start
        return PersonName(
            first: text(Array(w[..<start])), von: text(Array(w[start...end])), last: text(Array(w[(end + 1)...])))
    }

    /// "von Last" before a comma.
    static func vonLast(_ w: [String]) -> (von: [String], last: [String]) {
        guard isLowerCase(w[0]), let end = w.dropLast().map(isLowerCase).lastIndex(of: true) else { return ([], w) }
        return (Array(w[...end]), Array(w[(end + 1)...]))
    }

    static func splitAtCommas(_ word: String) -> [String] {
        guard word.utf8.contains(UInt8(ascii: ",")) else { return [word] }
        var pieces = [""]
        var depth = 0
        for c in word.unicodeScalars {
            if c == "{" { depth += 1 } else if c == "}" { depth = max(0, depth - 1) }
            if c == "," && depth == 0 {
                pieces.append("")
            } else {
                pieces[pieces.count - 1].unicodeScalars.append(c)
            }
        }
        return pieces
    }

    static func text(_ words: [String]) -> String { LaTeXText.plain(words.joined(separator: " ")) }

    /// Whether the word's case, as BibTeX decides it, is lower (see the type's comment).
    static func isLowerCase(_ word: String) -> Bool {
        for (offset, c) in word.unicodeScalars.enumerated() {
            if c == "{" { return groupIsLowerCase(Array(word.unicodeScalars), from: offset + 1) }
            if c.isASCII {
                if ("a"..."z").contains(c) { return true }
                if ("A"..."Z").contains(c) { return false }
            } else if c.properties.isAlphabetic {
                return c.properties.isLowercase
            }
        }
        return false
    }

    /// A brace group at depth 0: lower-case only when it starts with a command that puts an accent on, or
    /// names, a lower-case letter.
    static func groupIsLowerCase(_ s: [Unicode.Scalar], from start: Int) -> Bool {
        guard start + 1 < s.count, s[start] == "\\" else { return false }
        var i = start + 1
        var command = ""
        while i < s.count, s[i].isASCII, s[i].properties.isAlphabetic {
            command.unicodeScalars.append(s[i])
            i += 1
        }
        if command.isEmpty {
            guard i < s.count, LaTeXText.symbolAccents[s[i]] != nil else { return false }
            i += 1
        } else if LaTeXText.letters[command] != nil {
            return command.unicodeScalars.first!.properties.isLowercase
        } else if LaTeXText.letterAccents[command] == nil {
            return false
        }
        while i < s.count, s[i] != "}" {
            if s[i].properties.isAlphabetic && s[i] != "\\" { return s[i].properties.isLowercase }
            i += 1
        }
        return false
    }
}
