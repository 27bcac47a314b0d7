/// The Parse stage: lesson text to a `ParsedLesson`.
///
/// 1. cmark finds the code and HTML blocks (where `$` stays literal);
/// 2. `MathProtection` swaps math and `{{ … }}` for placeholders;
/// 3. cmark parses the protected text, lifts out the `rnn` directive blocks and renders the prose.
public enum LessonParser {
    public static let directiveWord = "rnn"
    /// ```` ```swift run ```` and ```` ```swift setup ```` are Swift cells; a plain ```` ```swift ```` block stays a listing.
    static let swiftCellModes = ["run", "setup"]

    static func words(_ info: String) -> [String] {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    static func isDirective(_ info: String) -> Bool {
        let w = words(info)
        return w.first == directiveWord || (w.first == "swift" && w.count >= 2 && swiftCellModes.contains(w[1]))
    }

    public static func parse(_ file: SourceFile, slug: String, allowRawHTML: Bool) -> (ParsedLesson?, [Diagnostic]) {
        if file.text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return (nil, [Diagnostic(.error, path: file.path, "the lesson is empty")])
        }
        let verbatim = CommonMarkConverter.verbatimLines(of: file.text)
        let protected = MathProtection(file: file, verbatimLines: verbatim).run()
        var diagnostics = protected.diagnostics
        let document = CommonMarkConverter.convert(
            protected.text, isDirective: isDirective, allowRawHTML: allowRawHTML)
        // An inline value's placeholder on the line stands where its `{{` was, so the first `<` of the line as
        // written is where the left-out HTML starts.
        for line in Set(document.rawHTMLLines).sorted() where line > 0 {
            let text = file.line(line)
            let column = (text.firstIndex(of: "<").map { text.distance(from: text.startIndex, to: $0) } ?? 0) + 1
            diagnostics.append(
                Diagnostic(
                    .warning, in: file, at: SourceLocation(line: line, column: column),
                    "raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it"
                ))
        }
        var directives: [DirectiveBlock] = []
        for (index, block) in document.directives.enumerated() {
            let words = Self.words(block.info)
            let isSwiftCell = words.first == "swift"
            let fenceLine = file.line(block.start.line)
            let fenceText = fenceLine.unicodeScalars.dropFirst(block.start.column - 1)
            let fenceChar = fenceText.first ?? "`"
            let fenceLength = fenceText.prefix(while: { $0 == fenceChar }).count
            let infoOffset = fenceText.dropFirst(fenceLength).prefix(while: { $0 == " " || $0 == "\t" }).count
            let kindColumn = block.start.column + fenceLength + infoOffset + (isSwiftCell ? 0 : directiveWord.count + 1)
            if !isClosingFence(file.line(block.endLine), char: fenceChar, length: fenceLength)
                || block.endLine == block.start.line
            {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: block.start,
                        "unclosed directive fence: add a closing \(String(repeating: String(fenceChar), count: fenceLength))"
                    ))
                continue
            }
            guard words.count >= 2 || isSwiftCell else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: block.start,
                        "directive fence names no directive: write '\(directiveWord) <directive>', e.g. '\(directiveWord) forward'"
                    ))
                continue
            }
            directives.append(
                DirectiveBlock(
                    index: index, kind: isSwiftCell ? "swift" : words[1], isSwiftCell: isSwiftCell,
                    words: Array(words.dropFirst(isSwiftCell ? 1 : 2)),
                    body: block.literal,
                    fence: block.start, kindLocation: SourceLocation(line: block.start.line, column: kindColumn),
                    bodyFirstLine: block.start.line + 1, columnOffset: block.start.column - 1, endLine: block.endLine))
        }
        let title = document.title.map { substituteMath(in: $0, protected.math) }?.trimmingSpaces
        let lesson = ParsedLesson(
            file: file, slug: slug, title: (title?.isEmpty ?? true) ? slug : title!, bodyHTML: document.html,
            math: protected.math, values: protected.values, directives: directives)
        return (lesson, diagnostics)
    }

    /// A closing fence: optional container markers and indentation, then `length` or more fence characters.
    private static func isClosingFence(_ line: String, char: Unicode.Scalar, length: Int) -> Bool {
        let body = line.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        let run = body.prefix(while: { $0 == char }).count
        return run >= length && body.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// A title's placeholders back as their TeX source (titles are plain text).
    private static func substituteMath(in text: String, _ math: [MathSpan]) -> String {
        Placeholder.split(text).map { piece -> String in
            switch piece {
            case .text(let s): return String(s)
            case .marker(.inlineMath, let i), .marker(.displayMath, let i): return i < math.count ? math[i].tex : ""
            case .marker: return ""
            }
        }.joined()
    }
}
