import Foundation

/// The commands the KaTeX that draws the pages knows, read from its own script, and the math of a lesson that
/// uses another (`$\lgo x$`, `\softmax`, mhchem's `\ce`): KaTeX would draw it as red source and no build would
/// notice, so each is an error at the math's opening delimiter, as unbalanced groups are (`MathGroups`).
///
/// The names are the quoted `"\\name"` strings of `katex.min.js`, where KaTeX defines every function, symbol and
/// macro it has (measured on Debian's KaTeX 0.16.4: 1,011 names; of 1,077 candidate commands, those in KaTeX's
/// script and common LaTeX ones, every one KaTeX renders is among them). Without that script (KaTeX from a CDN)
/// nothing is checked. Names a formula defines (`\newcommand{\Rset}`, `\def\Rset`, …) are known in that formula only: the
/// pages draw each formula with its own `katex.render`, so a definition does not carry to the next one (checked
/// with node and Debian's KaTeX: `\Rset` defined in one formula is red in the next).
enum KaTeXCommands {
    /// Debian's KaTeX's names, read once.
    private static let debian = names(in: AssetLinks.debianKaTeX)

    /// The names KaTeX in `directory` knows (without their backslash), or nil when it has no script there.
    static func known(katexDirectory directory: String?) -> Set<String>? {
        guard let directory else { return nil }
        return directory == AssetLinks.debianKaTeX ? debian : names(in: directory)
    }

    private static func names(in directory: String) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: directory + "/katex.min.js") else { return nil }
        let text = Array(data)
        var names = Set<String>()
        var i = 0
        // `"\\name"`: a quote, two backslashes, letters, a quote.
        while i + 3 < text.count {
            defer { i += 1 }
            guard text[i] == UInt8(ascii: "\""), text[i + 1] == UInt8(ascii: "\\"), text[i + 2] == UInt8(ascii: "\\")
            else { continue }
            var end = i + 3
            while end < text.count, MathGroups.isLetter(Unicode.Scalar(text[end])) { end += 1 }
            if end > i + 3, end < text.count, text[end] == UInt8(ascii: "\"") {
                names.insert(String(decoding: text[(i + 3)..<end], as: UTF8.self))
            }
        }
        return names.isEmpty ? nil : names
    }

    /// An error for each math span that uses a command `known` does not hold, nor the span itself defines.
    static func diagnostics(_ math: [MathSpan], in file: SourceFile, known: Set<String>?) -> [Diagnostic] {
        guard let known, !math.isEmpty else { return [] }
        return math.compactMap { span in
            let words = commands(in: span.tex)
            let defined = Set(following(definers, in: words))
            let unknown = words.filter { !known.contains($0) && !defined.contains($0) }
            let shown = span.tex.count > 80 ? String(span.tex.prefix(80)) + "…" : span.tex
            let tex = "the TeX: \(shown.replacingOccurrences(of: "\n", with: " "))"
            if !unknown.isEmpty {
                var seen = Set<String>()
                let names = unknown.filter { seen.insert($0).inserted }.map { "'\\\($0)'" }
                return Diagnostic(
                    .error, in: file, at: span.location,
                    "KaTeX cannot typeset this math: it has no command \(names.joined(separator: ", "))",
                    details: [
                        tex,
                        "write \\operatorname{name} for an operator, or define it with \\newcommand in this formula "
                            + "(KaTeX draws each formula on its own: a definition in another one does not count)",
                    ])
            }
            // KaTeX refuses `\newcommand` of a name it has (`\R` is ℝ): "attempting to redefine".
            guard let taken = following(["newcommand"], in: words).first(where: known.contains) else { return nil }
            return Diagnostic(
                .error, in: file, at: span.location,
                "KaTeX cannot typeset this math: \\newcommand{\\\(taken)} redefines a command KaTeX has",
                details: [tex, "write \\renewcommand to redefine it, or choose another name"])
        }
    }

    /// The control words of `tex`, in order (`\alpha` → "alpha", as `MathGroups` reads them), outside TeX
    /// comments; control symbols (`\{`, `\\`, `\,`) are not commands that can be unknown.
    static func commands(in tex: String) -> [String] {
        let s = Array(tex.unicodeScalars)
        var (words, i) = ([String](), 0)
        while i < s.count {
            switch s[i] {
            case "%":
                while i < s.count, s[i] != "\n" { i += 1 }
            case "\\":
                guard let (word, end) = MathGroups.controlWord(s, at: i) else {
                    i += 2
                    continue
                }
                words.append(word)
                i = end
            default:
                i += 1
            }
        }
        return words
    }

    /// What defines a name: `\newcommand`, `\renewcommand`, `\providecommand` (with or without braces), `\def`,
    /// `\gdef`, `\edef`, `\xdef` and `\let`, each followed by the name.
    static let definers: Set<String> = [
        "newcommand", "renewcommand", "providecommand", "def", "gdef", "edef", "xdef", "let",
    ]

    /// The names `tex` defines with `\newcommand` (which must be new).
    static func newCommands(in tex: String) -> [String] { following(["newcommand"], in: commands(in: tex)) }

    /// The words that follow one of `commands` in `words` (`\newcommand{\R}` → "R").
    private static func following(_ commands: Set<String>, in words: [String]) -> [String] {
        zip(words, words.dropFirst()).compactMap { commands.contains($0) ? $1 : nil }
    }
}
