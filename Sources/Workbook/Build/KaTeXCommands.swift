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
    /// What a KaTeX knows: its commands' names (without their backslash) and its environments' (`pmatrix`).
    struct Names: Sendable {
        let commands: Set<String>
        let environments: Set<String>
    }

    /// Debian's KaTeX's names, read once.
    private static let debian = names(in: AssetLinks.debianKaTeX)

    /// The names KaTeX in `directory` knows, or nil when it has no script there.
    static func known(katexDirectory directory: String?) -> Names? {
        guard let directory else { return nil }
        return directory == AssetLinks.debianKaTeX ? debian : names(in: directory)
    }

    /// The commands are the script's `"\\name"` strings; the environments the plain names (letters, a last `*`)
    /// in its `names:[…]` lists, where `defineEnvironment` gives them (`names:["array","darray"]`).
    private static func names(in directory: String) -> Names? {
        guard let data = FileManager.default.contents(atPath: directory + "/katex.min.js") else { return nil }
        let text = Array(data)
        var (commands, environments) = (Set<String>(), Set<String>())
        var i = 0
        while i + 3 < text.count {
            defer { i += 1 }
            if text[i] == UInt8(ascii: "n"), text[i...].starts(with: "names:[".utf8) {
                environments.formUnion(plainNames(text, from: i + 7))
                continue
            }
            // `"\\name"`: a quote, two backslashes, letters, a quote.
            guard text[i] == UInt8(ascii: "\""), text[i + 1] == UInt8(ascii: "\\"), text[i + 2] == UInt8(ascii: "\\")
            else { continue }
            var end = i + 3
            while end < text.count, MathGroups.isLetter(Unicode.Scalar(text[end])) { end += 1 }
            if end > i + 3, end < text.count, text[end] == UInt8(ascii: "\"") {
                commands.insert(String(decoding: text[(i + 3)..<end], as: UTF8.self))
            }
        }
        return commands.isEmpty ? nil : Names(commands: commands, environments: environments)
    }

    /// The quoted names of letters (and a last `*`) in the list that starts at `start`, up to its `]`.
    private static func plainNames(_ text: [UInt8], from start: Int) -> [String] {
        guard let close = text[start...].prefix(2_000).firstIndex(of: UInt8(ascii: "]")) else { return [] }
        return text[start..<close].split(separator: UInt8(ascii: ",")).compactMap { item in
            guard item.count > 2, item.first == UInt8(ascii: "\""), item.last == UInt8(ascii: "\"") else { return nil }
            let name = item.dropFirst().dropLast()
            let letters = name.last == UInt8(ascii: "*") ? name.dropLast() : name
            guard !letters.isEmpty, letters.allSatisfy({ MathGroups.isLetter(Unicode.Scalar($0)) }) else { return nil }
            return String(decoding: name, as: UTF8.self)
        }
    }

    /// An error for each math span that uses a command `known` does not hold, nor the span itself defines, or an
    /// environment it does not hold.
    static func diagnostics(_ math: [MathSpan], in file: SourceFile, known: Names?) -> [Diagnostic] {
        guard let known, !math.isEmpty else { return [] }
        return math.compactMap { span in
            let (words, environments) = read(span.tex)
            let defined = Set(following(definers, in: words))
            let unknown = words.filter { !known.commands.contains($0) && !defined.contains($0) }
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
            if let environment = environments.first(where: { !known.environments.contains($0) }) {
                return Diagnostic(
                    .error, in: file, at: span.location,
                    "KaTeX cannot typeset this math: it has no environment '\(environment)'"
                        + didYouMean(environment, among: known.environments.sorted()),
                    details: [tex, "KaTeX's environments: " + known.environments.sorted().joined(separator: ", ")])
            }
            // KaTeX refuses `\newcommand` of a name it has (`\R` is ℝ): "attempting to redefine".
            guard let taken = following(["newcommand"], in: words).first(where: known.commands.contains) else {
                return nil
            }
            return Diagnostic(
                .error, in: file, at: span.location,
                "KaTeX cannot typeset this math: \\newcommand{\\\(taken)} redefines a command KaTeX has",
                details: [tex, "write \\renewcommand to redefine it, or choose another name"])
        }
    }

    /// The control words of `tex`, in order (`\alpha` → "alpha", as `MathGroups` reads them), and the environments
    /// it begins (`\begin{pmatrix}` → "pmatrix", the argument as `MathGroups` reads it), outside TeX comments, in one
    /// reading; control symbols (`\{`, `\\`, `\,`) are not commands that can be unknown.
    static func read(_ tex: String) -> (commands: [String], environments: [String]) {
        let s = Array(tex.unicodeScalars)
        var (words, environments, i) = ([String](), [String](), 0)
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
                if word == "begin", let (name, _) = MathGroups.argument(s, from: end) { environments.append(name) }
                i = end
            default:
                i += 1
            }
        }
        return (words, environments)
    }

    /// What defines a name: `\newcommand`, `\renewcommand`, `\providecommand` (with or without braces), `\def`,
    /// `\gdef`, `\edef`, `\xdef` and `\let`, each followed by the name.
    static let definers: Set<String> = [
        "newcommand", "renewcommand", "providecommand", "def", "gdef", "edef", "xdef", "let",
    ]

    /// The names `tex` defines with `\newcommand` (which must be new).
    static func newCommands(in tex: String) -> [String] { following(["newcommand"], in: read(tex).commands) }

    /// The words that follow one of `commands` in `words` (`\newcommand{\R}` → "R").
    private static func following(_ commands: Set<String>, in words: [String]) -> [String] {
        zip(words, words.dropFirst()).compactMap { commands.contains($0) ? $1 : nil }
    }
}
