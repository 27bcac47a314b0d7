/// Footnote definitions, `[^label]: text` (Pandoc's and GitHub's syntax), found on the lesson's lines before cmark
/// parses it: cmark would take `[^1]: https://x` for a link reference definition and the others for paragraphs.
/// A definition starts a block (after a blank line, another definition or the lesson's start) at most three
/// spaces in, outside code; its first paragraph may go on on the next lines, and further paragraphs are indented
/// four spaces. Its lines are left blank in the text cmark parses, and its text is parsed on its own and put in
/// the tree at its own lines and columns.
struct FootnoteDefinitions {
    struct Definition {
        let label: String
        /// Where the `[^` stands.
        let location: SourceLocation
        let lastLine: Int
        /// The column where the text starts on the first line, and how many columns each later line loses
        /// (its indentation, up to four).
        let textColumn: Int
        var dedents: [Int] = []

        var lines: ClosedRange<Int> { location.line...lastLine }
    }

    private(set) var definitions: [Definition] = []
    /// The lines that lie in code and HTML blocks, the definitions' own included.
    private(set) var verbatim: Set<Int> = []

    /// `original`: the lines of `file` in code and HTML blocks (`CommonMarkConverter.verbatimLines(of: file.text)`).
    init(_ file: SourceFile, verbatim original: Set<Int>) {
        // Every definition starts with `[^`: without one, there is nothing to find and nothing to blank.
        guard ByteSearch.contains("[^", in: file.text) else {
            verbatim = original
            return
        }
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var k = 0
        var previousBlank = true
        while k < lines.count {
            if !original.contains(k + 1), previousBlank || definitions.last?.lastLine == k,
                let definition = Self.definition(lines, at: k)
            {
                definitions.append(definition)
                k = definition.lastLine
                previousBlank = false
                continue
            }
            previousBlank = lines[k].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            k += 1
        }
        // `original` holds the verbatim lines of `file`'s text; with no definition nothing is blanked, so that
        // text need not be parsed a second time (a full cmark parse: 5% of building a 1 MB lesson).
        guard !definitions.isEmpty else {
            verbatim = original
            return
        }
        let inDefinitions = Set(definitions.flatMap(\.lines))
        verbatim = CommonMarkConverter.verbatimLines(of: Self.blanking(inDefinitions, in: file.text))
        let split = lines.map { $0[...] }
        for definition in definitions {
            let inner = CommonMarkConverter.verbatimLines(of: text(of: definition, lines: split))
            verbatim.formUnion(inner.map { $0 + definition.location.line - 1 })
        }
    }

    /// The definition starting on line `k + 1` (0-based `k`), if one does, with the lines it spans.
    private static func definition(_ lines: [String], at k: Int) -> Definition? {
        guard let (label, indent, textColumn) = opening(lines[k]) else { return nil }
        var dedents: [Int] = []
        var last = k
        var j = k + 1
        while j < lines.count {
            let text = lines[j]
            let blank = text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            let lead = text.prefix(while: { $0 == " " }).count
            let indented = lead >= 4 || text.hasPrefix("\t")
            let previousBlank = lines[j - 1].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            if indented {
                last = j
            } else if blank || (!previousBlank && Self.continues(text) && Self.opening(text) == nil) {
                if !blank { last = j }
            } else {
                break
            }
            j += 1
        }
        for n in (k + 1)..<(last + 1) {
            dedents.append(lines[n].hasPrefix("\t") ? 1 : min(4, lines[n].prefix { $0 == " " }.count))
        }
        return Definition(
            label: label, location: SourceLocation(line: k + 1, column: indent + 1), lastLine: last + 1,
            textColumn: textColumn, dedents: dedents)
    }

    /// The label, indentation and text's column (1-based) of the definition that `line` opens, `[^label]: text`
    /// (up to three spaces before it); nil when it opens none. Whether the next line opens another is asked of
    /// its line alone (finding that definition's end first had recursed through a run of definitions, one frame
    /// each: 40,000 on consecutive lines overflowed the stack, and 5,000 took 11 s).
    private static func opening(_ line: String) -> (label: String, indent: Int, textColumn: Int)? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3, line.dropFirst(indent).hasPrefix("[^"),
            let close = line.dropFirst(indent + 2).firstIndex(of: "]")
        else { return nil }
        let label = String(line[line.index(line.startIndex, offsetBy: indent + 2)..<close])
        let afterClose = line[line.index(after: close)...]
        guard !label.isEmpty, !label.contains(where: { $0 == " " || $0 == "\t" || $0 == "[" }), afterClose.hasPrefix(":")
        else { return nil }
        let gap = afterClose.dropFirst().prefix { $0 == " " || $0 == "\t" }.count
        return (label, indent, line.distance(from: line.startIndex, to: afterClose.startIndex) + 2 + gap)
    }

    /// Whether an unindented line goes on with the paragraph above (lazily), rather than starting a block.
    private static func continues(_ line: String) -> Bool {
        let starts = ["#", ">", "```", "~~~", ":::", "- ", "* ", "+ ", "<", "|"]
        return !starts.contains { line.hasPrefix($0) } && line.first?.isNumber != true
    }

    /// `text` with the given lines left empty.
    static func blanking(_ lines: Set<Int>, in text: String) -> String {
        guard !lines.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, line in
            lines.contains(k + 1) ? "" : String(line)
        }.joined(separator: "\n")
    }

    var lines: Set<Int> { Set(definitions.flatMap(\.lines)) }

    /// A definition's text without its label and indentation, from `all`, the lines of the lesson (or of the
    /// lesson with math protected: same lines), split once by the caller for all its definitions (splitting the
    /// lesson again for each one took quadratic time: 5,000 notes, 32 s).
    func text(of definition: Definition, lines all: [Substring]) -> String {
        var out: [Substring] = []
        for n in definition.lines where n <= all.count {
            let line = all[n - 1]
            guard n != definition.location.line else {
                out.append(line.dropFirst(min(definition.textColumn - 1, line.count)))
                continue
            }
            // Only the indentation goes: a later line of math that started above holds a placeholder's
            // continuation in place of its indentation (it showed as "D0", a letter of the text eaten).
            let indentation = line.prefix { $0 == " " || $0 == "\t" }.count
            out.append(line.dropFirst(min(definition.dedents[n - definition.location.line - 1], indentation)))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Where a position in a definition's text stands in the lesson.
    func lessonLocation(_ at: SourceLocation, in definition: Definition) -> SourceLocation {
        let line = definition.location.line + at.line - 1
        let shift = at.line == 1 ? definition.textColumn - 1 : at.line - 2 < definition.dedents.count ? definition.dedents[at.line - 2] : 0
        return SourceLocation(line: line, column: at.column + shift)
    }
}
