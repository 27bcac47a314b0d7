import Foundation

/// A BibTeX field's LaTeX as runs of Unicode text, the way BibTeX users write accents and dashes:
///
/// - accents on a letter, `{\"o}`, `\"{o}`, `\"o`, `\'e`, `` \`a ``, `\^o`, `\~n`, `\=a`, `\.z`, and the lettered
///   ones `\u`, `\v`, `\H`, `\c`, `\k`, `\r`, `\d`, `\b` (`\v{c}` is č; `\"{\i}` is ï), composed to NFC;
/// - the letters `\o \O \ae \AE \oe \OE \aa \AA \ss \l \L \i \j`, and `\&`, `\%`, `\$`, `\#`, `\_`, `\{`, `\}`;
/// - `--` an en dash, `---` an em dash, `~` a no-break space, ` `` ` and `''` curly double quotes;
/// - `\emph{…}`, `\textit{…}`, `\textsl{…}` and `{\em …}`, `{\it …}` emphasis;
/// - braces (BibTeX's case protection) and `$` dropped; any other command dropped, its argument kept as text.
///
/// The scan is one pass with a stack of the groups' emphasis: no recursion, however deep the braces.
enum LaTeXText {
    static func runs(_ latex: String) -> [TextRun] {
        // Most fields are plain ASCII that the scan would copy a character at a time: given back as they are.
        if latex.utf8.allSatisfy(isCopiedAsItIs) {
            return latex.isEmpty ? [] : [TextRun(latex, [])]
        }
        return scanned(latex)
    }

    /// The scan itself, whatever the text.
    static func scanned(_ latex: String) -> [TextRun] {
        var scanner = Scanner(Array(latex.unicodeScalars))
        scanner.run()
        return scanner.output.map { TextRun($0.text.precomposedStringWithCanonicalMapping, $0.marks) }
    }

    static func plain(_ latex: String) -> String { runs(latex).plainText }

    /// Whether the scan copies this byte as it is: ASCII but for groups, commands, ties, math, dashes and quotes.
    @inline(__always)
    static func isCopiedAsItIs(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"), UInt8(ascii: "~"), UInt8(ascii: "$"),
            UInt8(ascii: "-"), UInt8(ascii: "`"), UInt8(ascii: "'"):
            return false
        default: return byte < 0x80
        }
    }

    static let symbolAccents: [Unicode.Scalar: Unicode.Scalar] = [
        "\"": "\u{0308}", "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "~": "\u{0303}", "=": "\u{0304}",
        ".": "\u{0307}",
    ]
    static let letterAccents: [String: Unicode.Scalar] = [
        "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}", "r": "\u{030A}",
        "d": "\u{0323}", "b": "\u{0331}", "t": "\u{0361}",
    ]
    static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "ss": "ß",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
    ]
    static let escapes: [Unicode.Scalar: String] = [
        "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", "\\": " ", "-": "",
        ",": "\u{2009}", ";": " ", ":": " ", "!": "", "/": "",
    ]
    static let emphasisCommands: Set<String> = ["emph", "textit", "textsl"]
    static let emphasisDeclarations: Set<String> = ["em", "it", "itshape", "sl", "slshape"]

    private struct Scanner {
        let s: [Unicode.Scalar]
        var i = 0
        var output: [TextRun] = []
        var groups: [Bool] = []
        var emphasis = false
        /// Set by `\emph` and its kin: the next group is emphasised.
        var emphasiseNextGroup = false

        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func emit(_ text: String) { output.append(text, emphasis ? [.emphasis] : []) }

        mutating func run() {
            while i < s.count {
                let c = s[i]
                switch c {
                case "{":
                    groups.append(emphasis)
                    if emphasiseNextGroup { (emphasis, emphasiseNextGroup) = (true, false) }
                    i += 1
                case "}":
                    if let outer = groups.popLast() { emphasis = outer }
                    i += 1
                case "\\": command()
                case "~":
                    emit("\u{00A0}")
                    i += 1
                case "$": i += 1
                case "-": dashes()
                case "`" where next == "`":
                    emit("\u{201C}")
                    i += 2
                case "'" where next == "'":
                    emit("\u{201D}")
                    i += 2
                default:
                    emit(String(c))
                    i += 1
                }
            }
        }

        var next: Unicode.Scalar? { i + 1 < s.count ? s[i + 1] : nil }

        mutating func dashes() {
            var n = 0
            while i < s.count, s[i] == "-" { (n, i) = (n + 1, i + 1) }
            emit(n == 2 ? "\u{2013}" : n == 3 ? "\u{2014}" : String(repeating: "-", count: n))
        }

        /// A control sequence at `i` (the backslash).
        mutating func command() {
            i += 1
            guard i < s.count else { return }
            let c = s[i]
            guard c.properties.isAlphabetic, c.isASCII else {
                i += 1
                if let mark = LaTeXText.symbolAccents[c] {
                    accent(mark)
                } else {
                    emit(LaTeXText.escapes[c] ?? String(c))
                }
                return
            }
            var name = ""
            while i < s.count, s[i].isASCII, s[i].properties.isAlphabetic {
                name.unicodeScalars.append(s[i])
                i += 1
            }
            while i < s.count, s[i] == " " || s[i] == "\n" { i += 1 }
            named(name)
        }

        mutating func named(_ name: String) {
            if let mark = LaTeXText.letterAccents[name] {
                accent(mark)
            } else if let letter = LaTeXText.letters[name] {
                emit(letter)
            } else if LaTeXText.emphasisCommands.contains(name) {
                emphasiseNextGroup = true
            } else if LaTeXText.emphasisDeclarations.contains(name) {
                emphasis = true
            }
        }

        /// The accent `mark` on the argument at `i`: a letter, `\i`/`\j`, or a group whose first letter takes it.
        mutating func accent(_ mark: Unicode.Scalar) {
            while i < s.count, s[i] == " " { i += 1 }
            guard i < s.count else { return }
            var argument: ArraySlice<Unicode.Scalar>
            if s[i] == "{" {
                var end = i + 1
                var depth = 1
                while end < s.count {
                    if s[end] == "{" { depth += 1 } else if s[end] == "}" { depth -= 1 }
                    if depth == 0 { break }
                    end += 1
                }
                argument = s[(i + 1)..<end]
                i = min(end + 1, s.count)
            } else if s[i] == "\\", i + 1 < s.count, s[i + 1] == "i" || s[i + 1] == "j" {
                argument = s[i..<(i + 2)]
                i += 2
            } else {
                argument = s[i..<(i + 1)]
                i += 1
            }
            if argument.starts(with: ["\\", "i"]) || argument.starts(with: ["\\", "j"]) {
                argument = [argument[argument.startIndex + 1]] + argument.dropFirst(2)
            }
            let plain = argument.filter { $0 != "{" && $0 != "}" && $0 != "\\" }
            guard let base = plain.first else { return }
            var text = String(base)
            text.unicodeScalars.append(mark)
            text.unicodeScalars.append(contentsOf: plain.dropFirst())
            emit(text)
        }
    }
}
