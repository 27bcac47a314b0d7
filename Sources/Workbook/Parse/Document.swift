/// A lesson's prose as a typed tree, from Parse to the writers: blocks and inlines as cmark parsed them, with
/// math, inline values and directives standing in it as nodes that point into the lesson's `math`, `values` and
/// `directives`. No HTML or Markdown text exists in it: each writer walks it.
///
/// Blocks live in one array and containers name their children by index, so a lesson of 50,000 nested block
/// quotes is neither built, walked nor freed by recursion (which would overflow the stack).
public struct Document: Sendable, Equatable {
    /// Every block, each after its children.
    public var nodes: [Block]
    /// The top-level blocks (indices into `nodes`), in order.
    public var roots: [Int]
    /// The footnotes referred to, in the order of their numbers (`Footnotes`).
    public var footnotes: [Footnote] = []

    public init(nodes: [Block] = [], roots: [Int] = []) {
        self.nodes = nodes
        self.roots = roots
    }

    /// The top-level blocks.
    public var blocks: [Block] { roots.map { nodes[$0] } }
}

/// A block with where it starts in the lesson.
public struct Block: Sendable, Equatable {
    public var kind: Kind
    public var location: SourceLocation
    /// A place links go to on the block itself: Obsidian's id of a table, a list, a block quote or a callout,
    /// `^tbl` (`BlockIDs`).
    public var anchor: String? = nil

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Adds `items` to this block's definition list, in place; false when the block is not a definition list.
    /// The kind is emptied first so that the list is not shared while it grows (a new list for each item added
    /// was quadratic: 40,000 definition lists in a row, which are one list, took 15 s).
    mutating func appendDefinitions(_ items: [DefinitionItem]) -> Bool {
        guard case .definitionList(var list) = kind else { return false }
        kind = .definitionList([])
        list += items
        kind = .definitionList(list)
        return true
    }

    public enum Kind: Sendable, Equatable {
        /// A heading of level 1 to 6 with its anchor (unique in the lesson, GitHub's way: `Anchors`).
        case heading(level: Int, anchor: String, [Inline])
        case paragraph([Inline])
        /// A block quote; its children are `Document.nodes` indices.
        case blockQuote([Int])
        /// A list; each item's blocks are `Document.nodes` indices.
        case list(ListStyle, items: [[Int]])
        /// A code block that is no directive (its info string, its text).
        case code(info: String, literal: String)
        /// Raw HTML as written; the HTML handout leaves it out unless raw HTML is allowed.
        case html(String)
        case thematicBreak
        /// A GitHub pipe table.
        case table(ProseTable)
        /// Where a directive stood: `ParsedLesson.directives` holds it by this index, its results come at Execute.
        case directive(index: Int)
        /// A figure or a pipe table with its caption (`Parse/Labels.swift`), numbered when it has a label.
        case captioned(Captioned)
        /// A callout box (`::: {.callout-note}` or `> [!NOTE]`); its children are `Document.nodes` indices.
        case callout(Callout, [Int])
        /// A fenced div that is no callout (`::: {.columns}`): only its children are shown, but for a margin note
        /// (`Division.isMarginNote`) and a glossary (`Division.isGlossary`).
        case division(Division, [Int])
        /// Pandoc's and MyST's `Term` / `: definition` (`DefinitionLists`).
        case definitionList([DefinitionItem])
        /// Tabs (Quarto's `::: {.panel-tabset}`, MyST's `{tab-set}`) or columns (`:::: {.columns}`): panels
        /// shown one at a time or side by side (`Panels`).
        case panels(Panels)
    }
}

/// Tabs or columns: each panel's label (tabs), width (columns) and blocks.
public struct Panels: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        /// One panel at a time, chosen by its label; every panel under its label where scripts do not run.
        case tabs
        /// Side by side on a wide page, one under the other on a narrow one.
        case columns
    }

    public struct Panel: Sendable, Equatable {
        /// A paragraph (`Document.nodes` index) holding the tab's label; nil for a column, or for blocks of a
        /// tabset before its first heading (an error: `PanelProblems`).
        public var label: Int?
        /// A column's share of the width in percent (`width="40%"`), nil for an even share of what is left.
        public var width: Double?
        public var children: [Int]
    }

    public var layout: Layout
    public var panels: [Panel]
}

/// An entry of a definition list: its terms, each a paragraph, and its definitions (`Document.nodes` indices).
public struct DefinitionItem: Sendable, Equatable {
    /// A term's paragraph, and in a glossary its anchor (`term-rnn`), which MyST's `` {term}`RNN` `` links to.
    public struct Term: Sendable, Equatable {
        public var paragraph: Int
        public var anchor: String? = nil
    }

    /// One in Pandoc's lists; in a MyST glossary one or more, each on its line, over the same definition.
    public var terms: [Term]
    /// Each definition's blocks: one paragraph in Pandoc's lists (`: …`); in a glossary every block indented
    /// under the terms (paragraphs a blank line apart, lists, code).
    public var definitions: [[Int]]

    /// The item's blocks in reading order: its terms, then its definitions'.
    public var blocks: [Int] { terms.map(\.paragraph) + definitions.flatMap { $0 } }
}

public struct ListStyle: Sendable, Equatable {
    /// Nil for a bullet list; the first number for an ordered one.
    public var start: Int?
    /// A tight list's paragraphs are not wrapped in `<p>`.
    public var tight: Bool
}

/// A pipe table: each cell is prose of its own (usually one paragraph).
public struct ProseTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case none, left, center, right
    }

    public var alignments: [Alignment]
    public var header: [Document]
    public var rows: [[Document]]
}

/// An inline with where cmark says it starts (exact for the line; an inline value or math earlier on the line
/// shifts the column).
public struct Inline: Sendable, Equatable {
    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public indirect enum Kind: Sendable, Equatable {
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        /// Raw inline HTML as written.
        case html(String)
        case emphasis([Inline])
        case strong([Inline])
        /// GitHub's `~~struck~~`, Pandoc's `H~2~O` and `x^2^` (`TildesAndCarets`).
        case strikethrough([Inline])
        /// Obsidian's `==marked==` (`<mark>` in both handouts).
        case highlight([Inline])
        case sub([Inline])
        case sup([Inline])
        /// A link; a title may hold math or inline values (`MarkedText`).
        case link(url: String, title: MarkedText, [Inline])
        case image(url: String, title: MarkedText, [Inline])
        /// `ParsedLesson.math[index]` (inline or display math).
        case math(index: Int)
        /// `ParsedLesson.values[index]`, computed at Execute.
        case value(index: Int)
        /// A citation, `[@key]`, `[@key, p. 3]`, `[see @a; @b]` (bracketed) or `@key` (narrative), found in the
        /// prose's text by `CitationsInProse`; the writers format it with the course's `CitationFormatter`.
        case citation([CitationItem], bracketed: Bool)
        /// A cross-reference, `ParsedLesson.crossReferences[index]` (`@eq-loss`, `\eqref{eq:loss}`, `\ref{…}`).
        case crossReference(index: Int)
        /// A footnote reference, `[^label]`, pointing at `Document.footnotes[number - 1]`.
        case footnoteReference(FootnoteReference)
        /// An HTML element of the safe subset (`SafeHTML`: `<font color>`, `<kbd>`, `<br>`, `<img>` …) with what
        /// stands between its tags.
        case element(HTMLElement, [Inline])
        /// GitHub's task-list box at the start of a list item (`- [x] done`), ticked or not (`TaskMarkers`).
        case taskMarker(checked: Bool)
        /// A place links go to, shown as nothing: Obsidian's block id, `^para-one`, at the start of the paragraph
        /// it ended (`BlockIDs`).
        case anchor(String)
    }
}

/// An element of the safe subset of inline HTML: its checked attributes, and its tags as written (which the
/// handouts write instead when raw HTML is allowed).
public struct HTMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [HTMLAttribute]
    public var openTag: String
    /// Empty for a void element (`<br>`, `<img>`).
    public var closeTag: String
}

public struct HTMLAttribute: Sendable, Equatable {
    public var name: String
    /// Checked, not escaped.
    public var value: String
}

/// One work cited, with its locator (`p. 3`), if any.
public struct CitationItem: Sendable, Equatable {
    public var key: String
    public var locator: String?
    /// Text before the key inside the brackets (`see` in `[see @a]`).
    public var prefix = ""
    /// `[-@key]`: the authors left out.
    public var suppressAuthor = false
    /// Where the `@` stands in the lesson.
    public var location = SourceLocation(line: 0, column: 0)
}

/// Text that may hold math or inline values (a link's title): literal runs and references to them.
public struct MarkedText: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case math(index: Int)
        case value(index: Int)
    }

    public var pieces: [Piece]
    public var isEmpty: Bool { pieces.isEmpty }
}

extension Document {
    /// Whether a `::: {#refs}` div says where the reference list goes (`Division.holdsReferences`).
    public var holdsReferences: Bool {
        nodes.contains {
            guard case .division(let division, _) = $0.kind else { return false }
            return division.holdsReferences
        }
    }

    /// The blocks `block` holds, in reading order (a tab's label before its panel's blocks).
    public func children(of block: Block) -> [Int] {
        switch block.kind {
        case .blockQuote(let children), .callout(_, let children), .division(_, let children): return children
        case .list(_, let items): return items.flatMap { $0 }
        case .definitionList(let items): return items.flatMap(\.blocks)
        case .panels(let panels): return panels.panels.flatMap { ($0.label.map { [$0] } ?? []) + $0.children }
        case .captioned(let captioned): return captioned.table.map { [$0] } ?? []
        default: return []
        }
    }

    /// Every run of blocks that stand one after the other: the lesson's top level, a block quote's, a callout's or
    /// a div's children, a list item's, a panel's, a definition's and a footnote's blocks.
    var siblings: [[Int]] {
        var lists = [roots] + footnotes.map(\.blocks)
        for node in nodes {
            switch node.kind {
            case .blockQuote(let children), .callout(_, let children), .division(_, let children): lists.append(children)
            case .list(_, let items): lists += items
            case .panels(let panels): lists += panels.panels.map(\.children)
            case .definitionList(let items): lists += items.flatMap(\.definitions)
            default: continue
            }
        }
        return lists
    }

    /// The document with `blocks` taken out of the runs of blocks that hold them (`siblings`); their nodes stay,
    /// held by nothing.
    mutating func remove(_ blocks: Set<Int>) {
        let kept = { (run: [Int]) in run.filter { !blocks.contains($0) } }
        roots = kept(roots)
        for k in footnotes.indices { footnotes[k].blocks = kept(footnotes[k].blocks) }
        for i in nodes.indices {
            switch nodes[i].kind {
            case .blockQuote(let children): nodes[i].kind = .blockQuote(kept(children))
            case .callout(let callout, let children): nodes[i].kind = .callout(callout, kept(children))
            case .division(let division, let children): nodes[i].kind = .division(division, kept(children))
            case .list(let style, let items): nodes[i].kind = .list(style, items: items.map(kept))
            case .panels(var panels):
                for k in panels.panels.indices { panels.panels[k].children = kept(panels.panels[k].children) }
                nodes[i].kind = .panels(panels)
            case .definitionList(var items):
                for k in items.indices { items[k].definitions = items[k].definitions.map(kept) }
                nodes[i].kind = .definitionList(items)
            default: continue
            }
        }
    }

    /// The block that follows directive `index` in the container it stands in (the lesson's top level, a block
    /// quote, a list item, a callout or a div), or nil when it is the last one.
    public func block(after directive: Int) -> Block? {
        for children in siblings {
            guard let at = children.firstIndex(where: { nodes[$0].kind == .directive(index: directive) }) else { continue }
            return at + 1 < children.count ? nodes[children[at + 1]] : nil
        }
        return nil
    }
}
