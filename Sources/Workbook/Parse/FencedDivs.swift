/// Pandoc's fenced divs, `::: {.callout-note title="…"}` … `:::` (Quarto's callouts), which plain cmark does not
/// know. They are found on the lesson's lines before cmark parses it: a fence starts at the line's first column,
/// outside code and HTML blocks, and divs nest. Each fence line becomes an HTML comment marker (one line for
/// one, so every position stays), which cmark takes as an HTML block that ends a paragraph, a list or a quote;
/// `CommonMarkConverter` wraps the blocks between a div's two markers (`DivBlocks`).
///
/// Quarto shows an unclosed fence or an unknown `callout-` type as text without a word; here they are errors,
/// since the author meant a box. A div of other classes keeps its content (with one warning: it is not drawn);
/// `::: {#refs}` is where the reference list goes.
struct FencedDivs {
    /// A div as written: its fence lines and attributes (`#id`, `.class`, `key="value"`).
    struct Div: Sendable {
        let line: Int
        var closingLine = 0
        var attributes: DivAttributes
        /// The column of the title's first character (after `title="`).
        var titleColumn = 1
        /// False when the attributes could not be read (an error says why): the div then only pairs its fences.
        var readable = true
        /// The lesson's first `::: {#refs}`, where the reference list goes.
        var holdsReferences = false
        /// A column's `width="40%"` in percent.
        var width: Double?

        /// Quarto's `::: {#refs}` (a callout with that id stays a callout).
        var isReferences: Bool {
            closingLine > 0 && readable && attributes.id == "refs" && attributes.calloutClass == nil
        }
    }

    private(set) var text = ""
    private(set) var divs: [Div] = []
    private(set) var diagnostics: [Diagnostic] = []

    static let markerStart = "<!--\u{E003}"

    static func openingMarker(_ index: Int) -> String { markerStart + "div \(index)-->" }
    static func closingMarker(_ index: Int) -> String { markerStart + "/div \(index)-->" }

    /// The div a marker stands for and whether it opens it; nil for any other HTML.
    static func marker(_ literal: String) -> (index: Int, opens: Bool)? {
        guard literal.hasPrefix(markerStart) else { return nil }
        let body = literal.dropFirst(markerStart.count).prefix { $0 != "-" }
        let opens = !body.hasPrefix("/")
        guard let index = Int(body.dropFirst(opens ? 4 : 5)) else { return nil }
        return (index, opens)
    }

    /// Finds the divs of `text` (the protected lesson), leaving out the lines in `skipping` (code, HTML blocks).
    init(_ text: String, skipping: Set<Int>, file: SourceFile) {
        // No line can open or close a div without ':::' (a 1 MB lesson would otherwise be split into lines).
        guard ByteSearch.contains(":::", in: text) else {
            self.text = text
            return
        }
        let protected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines = protected
        var open: [Int] = []
        for (k, line) in lines.enumerated() where !skipping.contains(k + 1) && line.hasPrefix(":::") {
            let fence = line.prefix { $0 == ":" }
            let rest = line.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
            if rest.allSatisfy({ $0 == ":" }) {
                guard let index = open.popLast() else {
                    diagnostics.append(
                        Diagnostic(.warning, in: file, at: SourceLocation(line: k + 1, column: 1),
                            "this ':::' closes no fenced div, so it shows as text"))
                    continue
                }
                divs[index].closingLine = k + 1
                lines[k] = Self.closingMarker(index)
            } else {
                open.append(divs.count)
                lines[k] = Self.openingMarker(divs.count)
                divs.append(opening(line: k + 1, protected: rest, file: file))
            }
        }
        for index in open {
            lines[divs[index].line - 1] = protected[divs[index].line - 1]
            diagnostics.append(
                Diagnostic(.error, in: file, at: SourceLocation(line: divs[index].line, column: 1),
                    "unclosed fenced div: add a line ':::' where it ends"))
        }
        self.text = lines.joined(separator: "\n")
        placeReferences(file)
        noteOtherDivs(file)
    }

    /// The first `::: {#refs}` holds the reference list; a second one is an error (Pandoc would draw the list in
    /// each), and shows only its content.
    private mutating func placeReferences(_ file: SourceFile) {
        let places = divs.indices.filter { divs[$0].isReferences }
        guard let first = places.first else { return }
        divs[first].holdsReferences = true
        for index in places.dropFirst() {
            let written = file.line(divs[index].line)
            let column = written.range(of: "#refs").map {
                written.distance(from: written.startIndex, to: $0.lowerBound) + 1
            }
            diagnostics.append(
                Diagnostic(.error, in: file, at: SourceLocation(line: divs[index].line, column: column ?? 1),
                    "a second '::: {#refs}' div: the reference list goes at the first, on line \(divs[first].line); "
                        + "remove this one"))
        }
    }

    /// The div an opening fence starts (an unreadable one, with an error, when its attributes cannot be read).
    private mutating func opening(line: Int, protected: String, file: SourceFile) -> Div {
        let written = file.line(line)
        let source = written.drop { $0 == ":" }.trimmingCharacters(in: .whitespaces)
        let column = written.count - written.drop { $0 == ":" }.drop { $0 == " " || $0 == "\t" }.count + 1
        switch (DivAttributes.parse(DivAttributes.strippingTrailingColons(protected)),
            DivAttributes.parse(DivAttributes.strippingTrailingColons(source)))
        {
        case (.success(let attributes), .success):
            diagnostics += attributes.callout(file: file, line: line)
            var div = Div(line: line, attributes: attributes)
            div.width = width(attributes, written: written, line: line, file: file)
            if let column = Self.valueColumn("title", in: written) { div.titleColumn = column }
            return div
        case (_, .failure(let problem)), (.failure(let problem), _):
            diagnostics.append(
                Diagnostic(.error, in: file, at: SourceLocation(line: line, column: column + problem.offset),
                    problem.message))
            return Div(line: line, attributes: DivAttributes(), readable: false)
        }
    }

    /// A column's width, `width="40%"`: a percentage above 0 and at most 100 (Quarto's other units, pixels or
    /// inches, mean nothing on a page that narrows to a phone's width); anything else is an error at the value.
    private mutating func width(_ attributes: DivAttributes, written: String, line: Int, file: SourceFile) -> Double? {
        guard attributes.classes.contains(Division.columnClass), let value = attributes.pairs["width"] else {
            return nil
        }
        let number = value.hasSuffix("%") ? Double(value.dropLast().trimmingCharacters(in: .whitespaces)) : nil
        if let number, number.isFinite, number > 0, number <= 100 { return number }
        let at = SourceLocation(line: line, column: Self.valueColumn("width", in: written) ?? 1)
        diagnostics.append(
            Diagnostic(.error, in: file, at: at,
                "a column's width is a percentage of the page's width, above 0% and at most 100% (width=\"40%\"), "
                    + "not '\(value)'"))
        return nil
    }

    /// The column of the first character of `key`'s value on the fence line as written (after its quote).
    private static func valueColumn(_ key: String, in written: String) -> Int? {
        guard let found = written.range(of: key + "=") else { return nil }
        let quoted = written[found.upperBound...].first.map { $0 == "\"" || $0 == "'" } ?? false
        return written.distance(from: written.startIndex, to: found.upperBound) + (quoted ? 2 : 1)
    }

    /// One warning for the divs that are no callouts (their content shows as it is), at the first of them.
    private mutating func noteOtherDivs(_ file: SourceFile) {
        let others = divs.filter {
            $0.closingLine > 0 && $0.readable && $0.attributes.calloutClass == nil && !$0.isReferences
                && Block.Kind.slideClasses.isDisjoint(with: $0.attributes.classes)
                && !$0.attributes.classes.contains(where: [Division.marginClass, Division.glossaryClass].contains)
                && Division.panelClasses.isDisjoint(with: $0.attributes.classes)
        }
        guard let first = others.first else { return }
        let names = Set(others.flatMap { $0.attributes.classes.map { "." + $0 } }).sorted()
        diagnostics.append(
            Diagnostic(.warning, in: file, at: SourceLocation(line: first.line, column: 1),
                "only callout divs are drawn; the content of \(others.count == 1 ? "this div" : "the \(others.count) divs")"
                    + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))") + " shows as it is"))
    }
}
