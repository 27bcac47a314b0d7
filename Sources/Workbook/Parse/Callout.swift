/// A callout box: Quarto's fenced div `::: {.callout-note}` or GitHub's alert `> [!NOTE]` (Obsidian's
/// `> [!TIP] Title` and `> [!WARNING]-` too). Both have the same five kinds.
public struct Callout: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case note, tip, warning, important, caution

        /// The title a callout without one shows: `Note`, `Tip`, …
        var defaultTitle: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    }

    /// Whether the box folds (`collapse="true"`, `[!NOTE]-`: folded at first; `collapse="false"`, `[!NOTE]+`:
    /// open at first) or always shows its content.
    public enum Collapse: Sendable, Equatable {
        case none, folded, open
    }

    public var kind: Kind
    /// The title's inlines; empty for the kind's name.
    public var title: [Inline]
    public var collapse: Collapse
    /// The `#id` of a fenced div, if any.
    public var id: String?
}

/// A fenced div that is no callout (`::: {.columns}`): its classes and the line of its closing fence.
public struct Division: Sendable, Equatable {
    public var classes: [String]
    public var closingLine: Int

    /// Quarto's class for a note in the page's margin (MyST's ```` ```{margin} ```` is written with it).
    static let marginClass = "column-margin"
    /// MyST's ```` ```{glossary} ```` (`ForeignBoxes`): its definition lists' terms have anchors.
    static let glossaryClass = "glossary"
    /// hugo-book's `<--->` between two columns of a `{{< columns >}}` box, as `HugoBoxes` writes it: a comment line,
    /// which ends the paragraph before it and is no column of its own (`DivBlocks.columns`).
    static let columnBreak = "<!-- wb-column-break -->"
    /// The glossary's lines that hold a term right after a definition's line (`ForeignBoxes` writes them, as
    /// `terms="6 9"`, for `Glossary.entries`, since cmark reads such a line into the definition before).
    static let glossaryTermsKey = "terms"

    /// A side note: beside the text on a wide page, in the flow on a narrow one.
    public var isMarginNote: Bool { classes.contains(Self.marginClass) }
    public var isGlossary: Bool { classes.contains(Self.glossaryClass) }
    /// Quarto's `::: {#refs}` (the lesson's first): the reference list is drawn here, after the div's own blocks
    /// (as Pandoc appends it), instead of under a References heading of the tool's own at the end.
    public var holdsReferences = false
    /// A column's `width="40%"`, in percent (`FencedDivs` checked it).
    public var width: Double? = nil

    /// Quarto's tabset, MyST's `{tab-set}` (`ForeignBoxes` writes it so) and its `{tab-item}`, Quarto's columns.
    static let tabsetClass = "panel-tabset"
    static let tabItemClass = "tab-item"
    static let columnsClass = "columns"
    static let columnClass = "column"
    static let panelClasses: Set<String> = [tabsetClass, tabItemClass, columnsClass, columnClass]
}

/// GitHub's alerts: a block quote whose first line is `[!NOTE]` (any case), optionally followed by Obsidian's
/// fold sign (`-` folded, `+` open) and a title; Obsidian's own types too (`[!info]`, `[!question]`, …).
enum Alerts {
    /// The kind word of a paragraph that starts with `[!WORD]`, the fold sign and the title that follow it, and
    /// the paragraph's remaining inlines (after the first line); nil when the paragraph does not start so.
    static func marker(_ content: [Inline]) -> (word: String, fold: Character?, title: [Inline], rest: [Inline])? {
        guard case .text(let first)? = content.first?.kind, first.hasPrefix("[!"),
            let close = first.firstIndex(of: "]")
        else { return nil }
        let word = String(first[first.index(first.startIndex, offsetBy: 2)..<close])
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter }) else { return nil }
        var after = first[first.index(after: close)...]
        let fold = after.first.flatMap { "+-".contains($0) ? $0 : nil }
        if fold != nil { after = after.dropFirst() }
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        let lineEnd = content.firstIndex { $0.kind == .softBreak || $0.kind == .lineBreak } ?? content.count
        var title = Array(content[1..<lineEnd])
        let lead = after.drop { $0 == " " || $0 == "\t" }
        if !lead.isEmpty { title.insert(Inline(.text(String(lead)), at: content[0].location), at: 0) }
        if let last = title.last, case .text(let text) = last.kind {
            let trimmed = String(text.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            title[title.count - 1] = Inline(.text(trimmed), at: last.location)
            if trimmed.isEmpty { title.removeLast() }
        }
        return (word, fold, title, Array(content[min(lineEnd + 1, content.count)...]))
    }

    /// Obsidian's other callout types and their aliases, drawn as the box nearest in meaning and titled with the
    /// word as written (`> [!question]` is a note titled "Question"), as Obsidian titles a callout without a title.
    static let obsidianKinds: [String: Callout.Kind] = [
        "info": .note, "todo": .note, "abstract": .note, "summary": .note, "tldr": .note, "example": .note,
        "quote": .note, "cite": .note, "question": .note, "help": .note, "faq": .note,
        "hint": .tip, "success": .tip, "check": .tip, "done": .tip, "attention": .warning,
        "failure": .caution, "fail": .caution, "missing": .caution, "danger": .caution, "error": .caution,
        "bug": .caution,
    ]

    /// The callout a block quote spells, or nil for a plain block quote (an unknown kind word stays one:
    /// `unknownKinds` reports it). `nodes` gets the shortened first paragraph, when anything is left of it.
    static func callout(quote children: [Int], nodes: inout [Block]) -> Block.Kind? {
        guard let first = children.first, case .paragraph(let content) = nodes[first].kind,
            var found = marker(content)
        else { return nil }
        let word = found.word.lowercased()
        guard let kind = Callout.Kind(rawValue: word) ?? obsidianKinds[word] else { return nil }
        if Callout.Kind(rawValue: word) == nil, found.title.isEmpty {
            found.title = [Inline(.text(word.prefix(1).uppercased() + word.dropFirst()), at: content[0].location)]
        }
        var kept = Array(children.dropFirst())
        if !found.rest.isEmpty {
            nodes.append(Block(.paragraph(found.rest), at: found.rest[0].location))
            kept.insert(nodes.count - 1, at: 0)
        }
        let callout = Callout(
            kind: kind, title: found.title,
            collapse: found.fold == "-" ? .folded : found.fold == "+" ? .open : .none, id: nil)
        return .callout(callout, kept)
    }

    /// A warning for each block quote that starts with `[!WORD]` of no known kind (it stays a block quote).
    static func unknownKinds(in document: Document, _ file: SourceFile) -> [Diagnostic] {
        document.nodes.compactMap { block in
            guard case .blockQuote(let children) = block.kind, let first = children.first,
                case .paragraph(let content) = document.nodes[first].kind, let found = marker(content)
            else { return nil }
            let kinds = Callout.Kind.allCases.map { $0.rawValue.uppercased() }
            let obsidian = obsidianKinds.keys.sorted().map { $0.uppercased() }
            return Diagnostic(
                .warning, in: file, at: document.nodes[first].location,
                "unknown alert type '[!\(found.word)]'\(didYouMean(found.word.uppercased(), among: kinds + obsidian)): this stays a plain block quote; the types are \(kinds.joined(separator: ", ")) (and Obsidian's \(obsidian.joined(separator: ", ")))"
            )
        }
    }
}
