/// TeX whose groups do not nest, which KaTeX cannot typeset: a `{` never closed, a `}` that closes nothing, a
/// `\begin{…}` ended by another environment's `\end{…}` or by none. The page would show such math as red source
/// and no build would notice; each is an error at the math's opening delimiter. Escaped braces (`\{`, `\}`), the
/// control symbol `\\` and what follows a `%` on its line (a TeX comment) open and close nothing.
enum MathGroups {
    static func diagnostics(_ math: [MathSpan], in file: SourceFile) -> [Diagnostic] {
        math.compactMap { span in
            problem(in: span.tex).map { problem in
                let shown = span.tex.count > 80 ? String(span.tex.prefix(80)) + "…" : span.tex
                return Diagnostic(
                    .error, in: file, at: span.location, "KaTeX cannot typeset this math: \(problem)",
                    details: ["the TeX: \(shown.replacingOccurrences(of: "\n", with: " "))"])
            }
        }
    }

    /// What is wrong with the nesting of `tex`'s groups and environments, or nil.
    static func problem(in tex: String) -> String? {
        let s = Array(tex.unicodeScalars)
        var (depth, environments, i) = (0, [String](), 0)
        while i < s.count {
            switch s[i] {
            case "\\":
                guard let (word, end) = controlWord(s, at: i) else {
                    i += 2
                    continue
                }
                i = end
                guard word == "begin" || word == "end", let (name, next) = argument(s, from: end) else { continue }
                i = next
                if word == "begin" {
                    environments.append(name)
                } else if let open = environments.popLast() {
                    if open != name { return "'\\begin{\(open)}' is ended by '\\end{\(name)}'" }
                } else {
                    return "'\\end{\(name)}' ends no '\\begin{\(name)}'"
                }
            case "%":
                while i < s.count, s[i] != "\n" { i += 1 }
            case "{":
                (depth, i) = (depth + 1, i + 1)
            case "}":
                guard depth > 0 else { return "a '}' closes no '{'" }
                (depth, i) = (depth - 1, i + 1)
            default:
                i += 1
            }
        }
        if depth > 0 { return depth == 1 ? "a '{' is never closed" : "\(depth) '{' are never closed" }
        if let open = environments.last { return "'\\begin{\(open)}' has no '\\end{\(open)}'" }
        return nil
    }

    /// The control word that the backslash at `i` starts (`\\alpha` → "alpha") and the offset after it; nil for a
    /// control symbol (`\\{`, `\\\\`, `\\,`), which takes the backslash and one character.
    static func controlWord(_ s: [Unicode.Scalar], at i: Int) -> (word: String, end: Int)? {
        var end = i + 1
        while end < s.count, isLetter(s[end]) { end += 1 }
        return end > i + 1 ? (String(String.UnicodeScalarView(s[(i + 1)..<end])), end) : nil
    }

    /// A letter of a control word: TeX's are ASCII letters (`\\alpha2` is `\\alpha` then `2`).
    static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// `{name}` after `\begin` or `\end` (spaces allowed before it): the name and the offset after its `}`. A
    /// name holds no brace or backslash: the search for its `}` stops at one (20,000 `\begin{a` without a `}`
    /// searched to the end of the math each, 1.5 s).
    static func argument(_ s: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var i = start
        while i < s.count, s[i] == " " { i += 1 }
        guard i < s.count, s[i] == "{",
            let close = s[(i + 1)...].firstIndex(where: { $0 == "}" || $0 == "{" || $0 == "\\" }), s[close] == "}"
        else { return nil }
        return (String(String.UnicodeScalarView(s[(i + 1)..<close])), close + 1)
    }
}
