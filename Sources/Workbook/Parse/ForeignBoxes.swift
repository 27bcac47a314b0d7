/// Boxes other tools write, read as the callouts they are: MyST's admonitions (Jupyter Book), ```` ```{note} ````
/// … ```` ``` ```` and the colon fence `:::{tip} Title`, and HTML's `<details>` … `</details>` on lines of their
/// own (a folding box; `<details open>` open at first), its `<summary>…</summary>` line its title. Each opening
/// line becomes Quarto's `::: {.callout-note title="…"}` and its closing line `:::`, one line for one (every
/// position stays), before `FencedDivs` finds the divs, so the box's content is Markdown and no HTML passes.
/// MyST's option lines right after the opening (`:class: dropdown`, `:name: x`) are dropped; `dropdown` folds,
/// and a class that names a kind (`:class: tip` on an `admonition`) draws that kind's box. MyST's (sphinx-design's)
/// `{dropdown} Title` is a folded note (`:open:` open at first); its `{margin}` becomes Quarto's margin note,
/// `::: {.column-margin}`, and its `{glossary}` a `::: {.glossary}` div around Pandoc's definition list (`glossary`).
/// MyST's `(label)=` target before a heading labels it `sec-label` (`headingTarget`); MyST's figure becomes an
/// image alone in its paragraph, its caption the description and its name the label (`figure`). Hugo's
/// documentation themes' boxes (`{{< hint >}}`, `{{< details >}}`, tabs) are read by `HugoBoxes`, here.
///
/// MyST's kinds map onto the five callouts: `attention` is a warning, `hint` and `seealso` tips, `danger` and
/// `error` cautions, `admonition` (whose argument is its title) a note. Text after another kind's name is its
/// title too (MyST would start the content with it). Fences inside code blocks are left alone. A box written
/// inside a list item or a block quote is rewritten behind the container's marks (`containedBoxes`).
enum ForeignBoxes {
    static let kinds: [String: Callout.Kind] = [
        "note": .note, "tip": .tip, "warning": .warning, "important": .important, "caution": .caution,
        "attention": .warning, "hint": .tip, "seealso": .tip, "danger": .caution, "error": .caution,
        "admonition": .note,
    ]

    private struct Fence {
        let char: Character
        let count: Int
        let isAdmonition: Bool
    }

    /// `file` with its admonitions' fences rewritten (the same file when it has none), and the attributes of
    /// the boxes whose titles stay where the author wrote them, by line (`inPlace`).
    static func rewrite(_ file: SourceFile) -> (file: SourceFile, openings: [Int: DivAttributes]) {
        // Most lessons have none of these (a 1 MB lesson would otherwise be split into lines).
        let has = { (marks: [String]) in marks.contains { ByteSearch.contains($0, in: file.text) } }
        let (hugo, colon) = (has(["{{<", "{{%"]), has(["``{", "::{"]))
        guard hugo || colon || has(["<details", ")="]) else { return (file, [:]) }
        var openings: [Int: DivAttributes] = [:]
        var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var stack: [Fence] = []
        var changed = false
        var openDetails = 0
        var unclosed = UnclosedFences()
        var k = 0
        while k < lines.count {
            defer { k += 1 }
            if stack.last?.isAdmonition ?? true,
                details(&lines, at: k, open: &openDetails) || headingTarget(&lines, at: k)
            {
                changed = true
                continue
            }
            guard let (char, count, rest) = fence(lines[k]) else { continue }
            if let top = stack.last, !top.isAdmonition {
                if char == top.char, count >= top.count, rest.isEmpty { stack.removeLast() }
                continue
            }
            if char != "~",
                let end = figure(&lines, at: k, char: char, count: count, rest: rest, &unclosed)
                    ?? glossary(&lines, at: k, char: char, count: count, rest: rest, &unclosed)
            {
                changed = true
                k = end
            } else if char != "~", box(&lines, at: k, rest: rest, openings: &openings) {
                changed = true
                if char == "`" { stack.append(Fence(char: char, count: count, isAdmonition: true)) }
            } else if char != ":" {
                if let top = stack.last, char == top.char, count >= top.count, rest.isEmpty {
                    stack.removeLast()
                    lines[k] = ":::"
                } else {
                    stack.append(Fence(char: char, count: count, isAdmonition: false))
                }
            }
        }
        if colon || hugo { changed = containedBoxes(&lines, &openings) || changed }
        if hugo { changed = topLevelHugoBoxes(&lines) || changed }
        if has(SiteTemplates.commentMarks.map(\.0)) { changed = commentedShortcodesInCode(&lines) || changed }
        return (changed ? SourceFile(path: file.path, text: lines.joined(separator: "\n")) : file, openings)
    }

    /// Rewrites line `k` (and its option lines, blanked) when it opens a box whose content is Markdown: an
    /// admonition or a dropdown (a callout), or MyST's margin note `{margin}` (Quarto's `::: {.column-margin}`).
    /// Inside a container, `marks` holds each of the box's lines' container marks (by index), which stay.
    private static func box(
        _ lines: inout [String], at k: Int, rest: String, marks: [Int: Int]? = nil,
        openings: inout [Int: DivAttributes]
    ) -> Bool {
        func lead(_ i: Int) -> String { marks.map { String(lines[i].utf8.prefix($0[i] ?? 0)) ?? "" } ?? "" }
        func text(_ i: Int) -> String? {
            guard let marks else { return lines[i] }
            return marks[i].map { String(lines[i].utf8.dropFirst($0)) ?? "" }
        }
        if rest == "{margin}" {
            lines[k] = lead(k) + "::: {.\(Division.marginClass)}"
            return true
        }
        if let tabs = tabs(rest) {
            let label = rest.dropFirst("{tab-item}".count).trimmingCharacters(in: .whitespaces)
            let item = DivAttributes(classes: [Division.tabItemClass])
            if !rest.hasPrefix("{tab-item}") || !inPlace(&lines, at: k, title: label, item, &openings) {
                lines[k] = lead(k) + tabs
            }
            var next = k + 1
            while next < lines.count, let line = text(next), option(line) != nil {
                lines[next] = lead(next)
                next += 1
            }
            return true
        }
        guard let (named, titled, isDropdown) = admonition(rest) else { return false }
        var (kind, title) = (named, titled)
        var (folded, opened) = (isDropdown, false)
        var next = k + 1
        while next < lines.count, let line = text(next), let option = option(line) {
            let classes = option.name == "class" ? option.value.split(separator: " ").map(String.init) : []
            folded = folded || classes.contains("dropdown")
            opened = opened || option.name == "open"
            kind = classes.lazy.compactMap { kinds[$0] }.first ?? kind
            lines[next] = lead(next)
            next += 1
        }
        let callout = DivAttributes(
            classes: ["callout-\(kind.rawValue)"], pairs: folded ? ["collapse": "\(!opened)"] : [:])
        if !inPlace(&lines, at: k, title: title, callout, &openings) {
            if isDropdown, title.isEmpty { title = "Details" }
            lines[k] = lead(k) + opening(kind, title: title, folded: folded && !opened, folds: folded)
        }
        return true
    }

    /// Rewrites line `k`, a box's opening whose line ends with its `title`, as `:::` and the title where the author
    /// wrote it (so that its math, citations and cross-references are found at their own columns); `openings`
    /// gets the div's `attributes`. False, and nothing rewritten, when there is no title.
    private static func inPlace(
        _ lines: inout [String], at k: Int, title: String, _ attributes: DivAttributes,
        _ openings: inout [Int: DivAttributes]
    ) -> Bool {
        let bytes = Array(lines[k].utf8)
        let end = bytes.count - bytes.reversed().prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        let start = end - title.utf8.count
        guard !title.isEmpty,
            let fence = bytes.firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: ":") }),
            start > fence + 3, bytes[start..<end].elementsEqual(title.utf8)
        else { return false }
        lines[k] =
            String(decoding: bytes[..<fence], as: UTF8.self) + ":::" + String(repeating: " ", count: start - fence - 3)
            + String(decoding: bytes[start...], as: UTF8.self)
        openings[k + 1] = attributes
        return true
    }

    /// The boxes written inside block quotes and list items: each fenced code block there whose info names a box,
    /// and each colon fence (`:::{note}`) on a paragraph's line there, is rewritten as `box` does at the top level,
    /// behind its lines' container marks; a code block's closing fence becomes `:::` (an unclosed one is left for
    /// `FencedDivs` to report). A box inside such a box is a code block's text until its own is rewritten, so each
    /// pass finds the boxes the one before uncovered.
    private static func containedBoxes(_ lines: inout [String], _ openings: inout [Int: DivAttributes]) -> Bool {
        var changed = false
        var hugo: [String] = []
        for _ in 0..<ContainerLines.maxDepth {
            let layout = CommonMarkConverter.containerLines(of: lines.joined(separator: "\n"))
            let snapshot = lines.map { Substring($0) }
            var found = false
            for leaf in layout.leaves
            where leaf.endLine <= lines.count && leaf.fenceInfo.map({ $0.hasPrefix("{") })
                ?? (leaf.line...min(leaf.endLine, lines.count)).contains(where: {
                    ["::{", "{{<", "{{%"].contains(where: snapshot[$0 - 1].contains)
                })
            {
                let places = layout.places(of: leaf, lines: snapshot) { _ in true }
                let marks = Dictionary(uniqueKeysWithValues: places.map { ($0.key - 1, $0.value.column - 1) })
                guard leaf.fenceInfo == nil else {
                    found = codeBox(&lines, leaf, marks, &openings) || found
                    continue
                }
                found = colonBoxes(&lines, marks, &openings) || found
                found = hugoBoxes(&lines, marks, &hugo) || found
            }
            guard found else { break }
            changed = true
        }
        return changed
    }

    /// Line `k`'s text after its container marks (`marks`, by line index), its indentation dropped.
    private static func text(_ lines: [String], _ k: Int, _ marks: [Int: Int]) -> String {
        guard let mark = marks[k] else { return "" }
        return String((String(lines[k].utf8.dropFirst(mark)) ?? "").drop { $0 == " " })
    }

    /// A box's fenced code block inside a container (`containedBoxes`), rewritten; false for any other.
    private static func codeBox(
        _ lines: inout [String], _ leaf: ContainerLines.Leaf, _ marks: [Int: Int],
        _ openings: inout [Int: DivAttributes]
    ) -> Bool {
        let (start, end) = (leaf.line - 1, leaf.endLine - 1)
        guard let (char, count, _) = fence(text(lines, start, marks)) else { return false }
        let closes = { (line: String) in
            fence(line).map { $0.0 == char && $0.1 >= count && $0.2.isEmpty } ?? false
        }
        let closed = end > start && closes(text(lines, end, marks))
        // A closing fence cmark found where the container's marks could not be placed: the block stays code.
        guard closed || end == start || !closes(String(lines[end].drop { " \t>".contains($0) })),
            let (_, _, rest) = fence(text(lines, start, marks)), char != "~",
            box(&lines, at: start, rest: rest, marks: marks, openings: &openings)
        else { return false }
        if closed { lines[end] = (String(lines[end].utf8.prefix(marks[end] ?? 0)) ?? "") + ":::" }
        return true
    }

    /// The colon fences that open boxes (`:::{note}`) on a paragraph's lines inside a container, rewritten (their
    /// closing `:::` is already a div's).
    private static func colonBoxes(
        _ lines: inout [String], _ marks: [Int: Int], _ openings: inout [Int: DivAttributes]
    ) -> Bool {
        var found = false
        for k in marks.keys.sorted() {
            guard let (char, _, rest) = fence(text(lines, k, marks)), char == ":", rest.hasPrefix("{"),
                box(&lines, at: k, rest: rest, marks: marks, openings: &openings)
            else { continue }
            found = true
        }
        return found
    }

    /// Hugo's boxes outside any container (those in one are rewritten already), at the line's start or indented
    /// up to three spaces, one stack for all of them; code's lines stay. Each fence is written at its line's start.
    private static func topLevelHugoBoxes(_ lines: inout [String]) -> Bool {
        let candidates = lines.indices.filter { k in
            let text = lines[k].drop { $0 == " " }
            return (text.hasPrefix("{{") || text.hasPrefix("<--->")) && lines[k].count - text.count <= 3
        }
        // A lone carriage return ends a line for cmark, so its line numbers are not these lines' (then no box is
        // read: the shortcodes are left out with their warnings, as `containerLines` gives no containers).
        let text = lines.joined(separator: "\n")
        guard !candidates.isEmpty, !CommonMarkConverter.hasLoneCarriageReturn(text) else { return false }
        let verbatim = CommonMarkConverter.verbatimLines(of: text)
        var (open, found) = ([String](), false)
        for k in candidates where !verbatim.contains(k + 1) {
            guard let box = HugoBoxes.rewrite(lines[k], open: &open) else { continue }
            lines[k] = box
            found = true
        }
        return found
    }

    /// Hugo's shortcodes written to be shown, `{{</* name */>}}`, in code and HTML blocks (where Hugo reads them as
    /// everywhere else): the shortcode they show, `{{< name >}}` (`SiteTemplates.commentedShortcode`). In prose
    /// `MathProtection` shows them. A lone carriage return (cmark's lines not these) leaves them as written.
    private static func commentedShortcodesInCode(_ lines: inout [String]) -> Bool {
        let text = lines.joined(separator: "\n")
        guard !CommonMarkConverter.hasLoneCarriageReturn(text) else { return false }
        var changed = false
        for k in CommonMarkConverter.verbatimLines(of: text).sorted() where k <= lines.count {
            var line = lines[k - 1]
            for (open, close) in SiteTemplates.commentMarks {
                var from = line.startIndex
                while let start = line.range(of: open, range: from..<line.endIndex),
                    let end = line.range(of: close, range: start.upperBound..<line.endIndex),
                    let shown = SiteTemplates.commentedShortcode(String(line[start.lowerBound..<end.upperBound]))
                {
                    line.replaceSubrange(start.lowerBound..<end.upperBound, with: shown)
                    from = line.index(start.lowerBound, offsetBy: shown.count)
                }
            }
            if line != lines[k - 1] {
                lines[k - 1] = line
                changed = true
            }
        }
        return changed
    }

    /// Hugo's boxes (`HugoBoxes`) on a paragraph's lines inside a container, rewritten behind the container's marks;
    /// `open` holds the boxes open so far.
    private static func hugoBoxes(_ lines: inout [String], _ marks: [Int: Int], _ open: inout [String]) -> Bool {
        var found = false
        for k in marks.keys.sorted() {
            // The spaces after the marks stay: four or more make no box, as at the top level.
            guard let mark = marks[k], let written = String(lines[k].utf8.dropFirst(mark)),
                let box = HugoBoxes.rewrite(written, open: &open)
            else { continue }
            lines[k] = (String(lines[k].utf8.prefix(mark)) ?? "") + box
            found = true
        }
        return found
    }

    /// MyST's glossary, ```` ```{glossary} ```` (or `:::{glossary}`) up to its closing fence: each term alone on
    /// its line (terms on lines in a row share a definition), its definition indented on the lines below. It
    /// becomes `::: {.glossary}` around each entry's terms, a paragraph, and its definition, a list item: the
    /// definition's first line gets a bullet in its indentation (in its first place, with up to four spaces after
    /// it; the place after that four when it is deeper), so every column stays for an indentation of two to eight,
    /// and the blocks indented as deep after a blank line are the item's, as they are the definition's in MyST
    /// (`Glossary.entries` makes the pair an entry). A term right after a definition's line (no blank line between)
    /// is named in the div's `terms` (`Division.glossaryTermsKey`): cmark reads it into that definition.
    /// The index of the closing line; nil when line `k` opens no glossary or nothing closes it.
    private static func glossary(
        _ lines: inout [String], at k: Int, char: Character, count: Int, rest: String, _ unclosed: inout UnclosedFences
    ) -> Int? {
        guard rest == "{glossary}", let end = unclosed.closing(lines, after: k, char: char, count: count) else {
            return nil
        }
        lines[end] = ":::"
        var afterTerm = false
        // Terms right after a definition's line, with no blank line between (`Division.glossaryTermsKey`).
        var (next, inDefinition) = ([Int](), false)
        for i in (k + 1)..<end {
            let line = lines[i]
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            defer { inDefinition = indent > 0 && !line.trimmingCharacters(in: .whitespaces).isEmpty }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || option(line) != nil {
                if option(line) != nil { lines[i] = "" }
                afterTerm = false
            } else if indent == 0 {
                if inDefinition { next.append(i + 1) }
                afterTerm = true
            } else if afterTerm {
                // A bullet more than three places in would be code, and so would text more than four after it:
                // an indentation of one or of more than eight loses its columns. As far left as that allows, so
                // that the next entry's bullet, on a deeper definition, is not inside this one's item.
                let bullet = max(min(indent - 5, 3), 0)
                lines[i] =
                    (2...8).contains(indent)
                    ? line.prefix(bullet) + "-" + line.dropFirst(bullet + 1)
                    : line.prefix(bullet) + "- " + line.dropFirst(indent)
                afterTerm = false
            }
        }
        lines[k] =
            "::: {.\(Division.glossaryClass)"
            + (next.isEmpty ? "" : " \(Division.glossaryTermsKey)=\"\(next.map(String.init).joined(separator: " "))\"") + "}"
        return end
    }

    /// Rewrites line `k` when it opens (`<details>`, `<details open>`, taking the `<summary>` line after it as the
    /// title) or closes (`</details>`, when one is open) a details box.
    private static func details(_ lines: inout [String], at k: Int, open: inout Int) -> Bool {
        guard lines[k].hasPrefix("<") else { return false }
        let line = lines[k].trimmingCharacters(in: .whitespaces)
        if line == "</details>", open > 0 {
            open -= 1
            lines[k] = ":::"
            return true
        }
        guard line == "<details>" || line == "<details open>" else { return false }
        var title = ""
        var next = k + 1
        while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
        if next < lines.count {
            let summary = lines[next].trimmingCharacters(in: .whitespaces)
            if summary.hasPrefix("<summary>"), summary.hasSuffix("</summary>") {
                title = String(summary.dropFirst(9).dropLast(10)).trimmingCharacters(in: .whitespaces)
                lines[next] = ""
            }
        }
        open += 1
        lines[k] = opening(.note, title: title.isEmpty ? "Details" : title, folded: line == "<details>", folds: true)
        return true
    }

    /// MyST's target `(label)=` alone on line `k` before a heading (blank lines between): the heading gets
    /// Quarto's `{#sec-label}`, so `` {ref}`label` `` shows its title; the target line is blanked. A target before
    /// anything else stays text.
    private static func headingTarget(_ lines: inout [String], at k: Int) -> Bool {
        let line = lines[k].trimmingCharacters(in: .whitespaces)
        guard line.hasPrefix("("), line.hasSuffix(")="), line.count > 3 else { return false }
        let label = line.dropFirst().dropLast(2)
        guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }) else {
            return false
        }
        var next = k + 1
        while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
        guard next < lines.count, lines[next].hasPrefix("#"), lines[next].drop(while: { $0 == "#" }).first == " ",
            !lines[next].hasSuffix("}")
        else { return false }
        lines[next] += " {#sec-\(label)}"
        lines[k] = ""
        return true
    }

    /// MyST's figure, ```` ```{figure} path ```` (or `:::{figure} path`), its option lines (`:name:` its label,
    /// `:alt:` its description when it has no caption, the others dropped) and its caption up to the closing fence:
    /// the opening line becomes the image alone in its paragraph, `![caption](path){#fig-name}` (a name without
    /// Quarto's `fig-` gets it, and `` {numref}`name` `` finds it), and the other lines are blanked, so every later
    /// position stays. The index of the closing line; nil when line `k` opens no figure or nothing closes it.
    private static func figure(
        _ lines: inout [String], at k: Int, char: Character, count: Int, rest: String, _ unclosed: inout UnclosedFences
    ) -> Int? {
        guard rest.hasPrefix("{figure}") else { return nil }
        let path = rest.dropFirst(8).trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, let end = unclosed.closing(lines, after: k, char: char, count: count) else { return nil }
        var (name, alt, next) = ("", "", k + 1)
        while next < end, let option = option(lines[next]) {
            if option.name == "name" { name = option.value }
            if option.name == "alt" { alt = option.value }
            next += 1
        }
        let caption = lines[next..<end].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
        let label = name.isEmpty || LabelKind.ofQuartoLabel(name) == .figure ? name : "fig-" + name
        let target = path.contains(" ") ? "<\(path)>" : path
        lines[k] = "![\(caption.isEmpty ? alt : caption)](\(target))" + (label.isEmpty ? "" : "{#\(label)}")
        for i in (k + 1)...end { lines[i] = "" }
        return end
    }

    /// sphinx-design's ```` ```{tab-set} ```` as Quarto's `::: {.panel-tabset}`, and its ```` ```{tab-item} Label ````
    /// as a `::: {.tab-item title="Label"}` div (`DivBlocks` makes the tab-set's items its tabs); nil for other
    /// fences. Their options (`:sync:`, `:selected:`, …) are dropped.
    private static func tabs(_ rest: String) -> String? {
        if rest == "{tab-set}" { return "::: {.\(Division.tabsetClass)}" }
        guard rest.hasPrefix("{tab-item}") else { return nil }
        let label = rest.dropFirst("{tab-item}".count).trimmingCharacters(in: .whitespaces)
        return "::: {.\(Division.tabItemClass)" + (label.isEmpty ? "" : " title=\"\(quoted(label))\"") + "}"
    }

    /// The searches for a figure's or a glossary's closing fence (a bare fence of its character, at least as
    /// long), line by line from the opening, with the last that found none of each character remembered: a later
    /// opening, below it, whose fence is no shorter finds none either (each of 5,000 unclosed `:::{figure}` searched
    /// to the end: 16 s). The scan rewrites only the line it stands on and the lines of a box it has found, so no
    /// closing fence appears below a search that found none.
    struct UnclosedFences {
        /// For each character and length, the first line below which a search found no closing fence.
        private var failed: [Character: [Int: Int]] = [:]

        mutating func closing(_ lines: [String], after k: Int, char: Character, count: Int) -> Int? {
            if failed[char, default: [:]].contains(where: { $0.key <= count && $0.value <= k }) { return nil }
            let found = lines[(k + 1)...].firstIndex { line in
                fence(line).map { $0.0 == char && $0.1 >= count && $0.2.isEmpty } ?? false
            }
            if found == nil, failed[char, default: [:]][count] == nil { failed[char, default: [:]][count] = k }
            return found
        }
    }

    /// A fence at the line's start: three or more backticks, tildes or colons, and what follows them.
    private static func fence(_ line: String) -> (Character, Int, String)? {
        guard let char = line.first, char == "`" || char == "~" || char == ":" else { return nil }
        let count = line.prefix { $0 == char }.count
        guard count >= 3 else { return nil }
        return (char, count, line.dropFirst(count).trimmingCharacters(in: .whitespaces))
    }

    /// `{note} Title` as the callout kind and the title; MyST's (sphinx-design's) `{dropdown} Title` is a folding
    /// note (`dropdown` true), which the option `:open:` shows open at first.
    private static func admonition(_ rest: String) -> (Callout.Kind, String, dropdown: Bool)? {
        guard rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") else { return nil }
        let name = String(rest[rest.index(after: rest.startIndex)..<close])
        guard let kind = name == "dropdown" ? .note : kinds[name] else { return nil }
        return (kind, rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces), name == "dropdown")
    }

    /// A MyST option line, `:name: value`, or a flag, `:open:` (an empty value).
    private static func option(_ line: String) -> (name: String, value: String)? {
        guard line.hasPrefix(":"), !line.hasPrefix("::") else { return nil }
        let parts = line.dropFirst().split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0 == "-" }) else {
            return nil
        }
        return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// A callout div's opening fence; `folds` writes `collapse` (true when `folded`).
    static func opening(_ kind: Callout.Kind, title: String, folded: Bool, folds: Bool = false) -> String {
        "::: {.callout-\(kind.rawValue)" + (title.isEmpty ? "" : " title=\"\(quoted(title))\"")
            + (folded || folds ? " collapse=\"\(folded)\"" : "") + "}"
    }

    /// `text` for a div attribute's double quotes.
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
