/// Pandoc's fenced divs, `::: {.callout-note title="…"}` … `:::` (Quarto's callouts), which plain cmark does not
/// know. They are found on the lesson's lines before cmark parses it: a fence starts at the line's first column,
/// or inside a list item or a block quote after the container's marks (`ContainerLines`), outside code and HTML
/// blocks, and divs nest within their container. Each fence line becomes an HTML comment marker (one line for
/// one, so every position stays; a container's marks stay before it), which cmark takes as an HTML block that
/// ends a paragraph; `CommonMarkConverter` wraps the blocks between a div's two markers (`DivBlocks`).
///
/// Quarto shows an unclosed fence or an unknown `callout-` type as text without a word; here they are errors,
/// since the author meant a box. A div of other classes keeps its content (with one warning: it is not drawn);
/// `::: {#refs}` is where the reference list goes.
struct FencedDivs {
    /// A div as written: its fence lines and attributes (`#id`, `.class`, `key="value"`).
    struct Div: Sendable {
        let line: Int
        /// The fence's column (after a container's marks).
        var column = 1
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
        /// A MyST box's title, left where the author wrote it (`titled`): text, whose raw HTML shows as written.
        var titleIsText = false

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

    /// How deep divs (callouts, panels, boxes) may nest in one container: deeper ones are an error, as the
    /// Markdown handout prefixes each of their lines with a mark per level (10,000 nested callouts, 10,000 lines,
    /// wrote 100 MB and took 2.5 GB to build).
    static let deepest = 32

    /// Finds the divs of `text` (the protected lesson), leaving out the lines in `skipping` (code, HTML blocks).
    /// `file` is the lesson as `ForeignBoxes` rewrote it (the fences' attributes are read from it); `author` is
    /// the lesson as written, which the diagnostics quote. A fence inside a block quote or a list item stands
    /// after the container's marks, which stay; it pairs only with fences of the same container. `openings` are
    /// the attributes of the boxes `ForeignBoxes` left titled where the author wrote them (`:::` and the title).
    init(
        _ text: String, skipping: Set<Int>, file: SourceFile, author: SourceFile? = nil,
        openings: [Int: DivAttributes] = [:]
    ) {
        // No line can open or close a div without ':::' (a 1 MB lesson would otherwise be split into lines).
        guard ByteSearch.contains(":::", in: text) else {
            self.text = text
            return
        }
        let author = author ?? file
        let protected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines = protected
        let places = Self.contained(protected, skipping: skipping)
        var open: [Int: [Int]] = [:]
        for k in lines.indices where !skipping.contains(k + 1) {
            let place = places[k + 1] ?? ContainerLines.Place(container: -1, column: 1)
            let line = String(lines[k].utf8.dropFirst(place.column - 1)) ?? ""
            guard line.hasPrefix(":::") else { continue }
            let marks = String(lines[k].utf8.prefix(place.column - 1)) ?? ""
            let fence = line.prefix { $0 == ":" }
            let rest = line.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
            if rest.allSatisfy({ $0 == ":" }), openings[k + 1] == nil {
                guard let index = open[place.container]?.popLast() else {
                    diagnostics.append(
                        Diagnostic(
                            .warning, in: author, at: SourceLocation(line: k + 1, column: place.column),
                            "this '\(Self.fence(on: k + 1, at: place.column, in: author))' closes no fenced div, "
                                + "so it shows as text"))
                    continue
                }
                divs[index].closingLine = k + 1
                lines[k] = marks + Self.closingMarker(index)
            } else {
                if open[place.container]?.count == Self.deepest {
                    diagnostics.append(
                        Diagnostic(
                            .error, in: author, at: SourceLocation(line: k + 1, column: place.column),
                            "this fenced div is nested \(Self.deepest + 1) deep: divs and callouts nest at most "
                                + "\(Self.deepest) deep (the Markdown handout writes a line of every one of them "
                                + "with a mark per level)"))
                }
                open[place.container, default: []].append(divs.count)
                lines[k] = marks + Self.openingMarker(divs.count)
                divs.append(
                    openings[k + 1].map { Self.titled($0, line: k + 1, column: place.column, title: rest, file: file) }
                        ?? opening(line: k + 1, column: place.column, protected: rest, file: file, author: author))
            }
        }
        for index in open.values.joined().sorted() {
            lines[divs[index].line - 1] = protected[divs[index].line - 1]
            diagnostics.append(unclosed(divs[index], file: file, author: author))
        }
        self.text = lines.joined(separator: "\n")
        placeReferences(author)
        uniqueCalloutIDs(author)
        noteOtherDivs(author)
    }

    /// A box `ForeignBoxes` rewrote with its title where the author wrote it: its `attributes`, titled by the
    /// rest of the (protected) line, whose first character's column is the title's.
    private static func titled(_ attributes: DivAttributes, line: Int, column: Int, title: String, file: SourceFile)
        -> Div
    {
        var div = Div(line: line, column: column, attributes: attributes)
        div.titleIsText = true
        let after = file.line(line).utf8.dropFirst(column - 1 + 3)
        div.titleColumn = column + 3 + after.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        if !title.isEmpty { div.attributes.pairs["title"] = title }
        return div
    }

    /// The places of the lines inside block quotes and list items that hold ':::' after their first column
    /// (none when no line does).
    private static func contained(_ lines: [String], skipping: Set<Int>) -> [Int: ContainerLines.Place] {
        let wanted = Set(
            lines.indices.filter { k in
                !skipping.contains(k + 1) && !lines[k].hasPrefix(":::") && lines[k].contains(":::")
            }.map { $0 + 1 })
        guard !wanted.isEmpty else { return [:] }
        let layout = CommonMarkConverter.containerLines(of: lines.joined(separator: "\n"))
        let split = lines.map { Substring($0) }
        var places: [Int: ContainerLines.Place] = [:]
        for leaf in layout.leaves
        where leaf.fenceInfo == nil && (leaf.line...leaf.endLine).contains(where: wanted.contains) {
            places.merge(layout.places(of: leaf, lines: split, wanted: wanted.contains)) { first, _ in first }
        }
        return places
    }

    /// The error for a div nothing closes, at its fence as the author wrote it: MyST's box (```` ```{note} ````)
    /// HTML's `<details>` and Hugo's boxes (`{{< hint >}}`) name their own closing line.
    private func unclosed(_ div: Div, file: SourceFile, author: SourceFile) -> Diagnostic {
        let at = SourceLocation(line: div.line, column: div.column)
        let written = String(author.line(div.line).utf8.dropFirst(div.column - 1)) ?? ""
        let place = div.column > 1 ? " where it ends, in the same list item or quote" : " where it ends"
        guard written != String(file.line(div.line).utf8.dropFirst(div.column - 1)) else {
            return Diagnostic(.error, in: author, at: at, "unclosed fenced div: add a line ':::'" + place)
        }
        if written.hasPrefix("<details") {
            return Diagnostic(.error, in: author, at: at, "unclosed <details>: add a line '</details>'" + place)
        }
        let shortcode = String(written.drop { $0 == " " })
        if let (name, _, _) = SiteTemplates.blockShortcode(shortcode) {
            let (open, close) = shortcode.hasPrefix("{{%") ? ("{{%", "%}}") : ("{{<", ">}}")
            return Diagnostic(
                .error, in: author, at: at, "unclosed '\(open) \(name) \(close)': add a line '\(open) /\(name) \(close)'" + place)
        }
        let fence = written.prefix { $0 == written.first }
        let opening = written.prefix { $0 != " " && $0 != "\t" }
        return Diagnostic(.error, in: author, at: at, "unclosed '\(opening)' box: add a line '\(fence)'" + place)
    }

    /// The first `::: {#refs}` holds the reference list; a second one is an error (Pandoc would draw the list in
    /// each), and shows only its content.
    private mutating func placeReferences(_ file: SourceFile) {
        let places = divs.indices.filter { divs[$0].isReferences }
        guard let first = places.first else { return }
        divs[first].holdsReferences = true
        for index in places.dropFirst() {
            let column = Self.column(of: "#refs", on: divs[index].line, in: file)
            diagnostics.append(
                Diagnostic(
                    .error, in: file, at: SourceLocation(line: divs[index].line, column: column ?? 1),
                    "a second '::: {#refs}' div: the reference list goes at the first, on line \(divs[first].line); "
                        + "remove this one"))
        }
    }

    /// The fence the author wrote on line `line` at `column` (a MyST box's ```` ``` ```` read as `:::`).
    private static func fence(on line: Int, at column: Int, in file: SourceFile) -> String {
        let written = (String(file.line(line).utf8.dropFirst(column - 1)) ?? "").drop { $0 == " " }
        return String(written.prefix { $0 == written.first })
    }

    /// The column where `text` first stands on line `line` of `file`, if it does.
    private static func column(of text: String, on line: Int, in file: SourceFile) -> Int? {
        let written = file.line(line)
        return written.range(of: text).map { written.distance(from: written.startIndex, to: $0.lowerBound) + 1 }
    }

    /// A callout's `#id` is its anchor, and a page's ids are unique: an id the reference list's div holds
    /// (`refs`, wherever that div stands) or an earlier callout's is a warning at the id, as Pandoc warns of a
    /// duplicate identifier, and the callout is drawn without it (Pandoc would write the id twice).
    private mutating func uniqueCalloutIDs(_ file: SourceFile) {
        var taken: [String: (line: Int, what: String)] = [:]
        if let list = divs.first(where: \.holdsReferences) {
            taken["refs"] = (list.line, "where the reference list goes (the '::: {#refs}' div on line \(list.line))")
        }
        for index in divs.indices where divs[index].readable && divs[index].attributes.calloutClass != nil {
            guard let id = divs[index].attributes.id else { continue }
            guard let first = taken[id] else {
                taken[id] = (divs[index].line, "the callout's on line \(divs[index].line)")
                continue
            }
            let column = Self.column(of: "#" + id, on: divs[index].line, in: file)
            diagnostics.append(
                Diagnostic(
                    .warning, in: file,
                    at: SourceLocation(line: divs[index].line, column: column ?? divs[index].column),
                    "the id '\(id)' is already \(first.what), and an id names one place in a page: this callout is "
                        + "drawn without it; give it another"))
            divs[index].attributes.id = nil
        }
    }

    /// The div an opening fence starts (an unreadable one, with an error, when its attributes cannot be read).
    private mutating func opening(line: Int, column: Int, protected: String, file: SourceFile, author: SourceFile)
        -> Div
    {
        let written = file.line(line)
        let after = String(written.utf8.dropFirst(column - 1)) ?? ""
        let source = after.drop { $0 == ":" }.trimmingCharacters(in: .whitespaces)
        let start =
            column - 1 + after.utf8.count - after.drop { $0 == ":" }.drop { $0 == " " || $0 == "\t" }.utf8.count + 1
        switch (
            DivAttributes.parse(DivAttributes.strippingTrailingColons(protected)),
            DivAttributes.parse(DivAttributes.strippingTrailingColons(source))
        )
        {
        case (.success(let attributes), .success):
            diagnostics += attributes.callout(file: author, line: line)
            var div = Div(line: line, column: column, attributes: attributes)
            div.width = width(attributes, written: written, line: line, file: author)
            if let column = Self.valueColumn("title", in: written) { div.titleColumn = column }
            return div
        case (_, .failure(let problem)), (.failure(let problem), _):
            diagnostics.append(
                Diagnostic(
                    .error, in: author, at: SourceLocation(line: line, column: start + problem.offset),
                    problem.message))
            return Div(line: line, column: column, attributes: DivAttributes(), readable: false)
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
            Diagnostic(
                .error, in: file, at: at,
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
            Diagnostic(
                .warning, in: file, at: SourceLocation(line: first.line, column: first.column),
                "only callout divs are drawn; the content of \(others.count == 1 ? "this div" : "the \(others.count) divs")"
                    + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))") + " shows as it is"))
    }
}
