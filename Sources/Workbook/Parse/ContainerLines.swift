/// Where a line's own text starts when it stands inside block quotes and list items: after each quote's `>`
/// (and one space) and each item's marker or indentation, as cmark placed the line (`CommonMarkConverter.layout`).
/// Fences written inside a container (MyST's ```` ```{note} ````, Quarto's `::: {.callout-note}` in a list item
/// or a quote) are found on that text; the prefix before it stays as written, so the container stays one.
struct ContainerLines {
    /// A block quote or a list item.
    struct Container: Sendable {
        let isQuote: Bool
        let line: Int
        /// Where the item's first block starts on its first line (its marker's column for a quote).
        let contentColumn: Int
        /// The container around it, if any.
        let parent: Int?
    }

    /// A block that holds lines (a paragraph, a heading, a code or HTML block) inside a container.
    struct Leaf: Sendable {
        let container: Int
        let line: Int
        let column: Int
        let endLine: Int
        /// A code block's info string (empty for an indented one); nil for any other block.
        let fenceInfo: String?
    }

    /// A line's container (the innermost whose marks the line carries) and its text's first column.
    struct Place: Sendable, Equatable {
        let container: Int
        let column: Int
    }

    var containers: [Container] = []
    var leaves: [Leaf] = []
    /// Each item's indentation once measured: measuring one places its first line under its parents, whose own
    /// indentations it needs, so unremembered a line 31 items deep took 2³¹ steps.
    private let measured = Measured()

    private final class Measured {
        var indentation: [Int: Int] = [:]
    }

    /// Containers deeper than this are not looked into (the cost of placing a line grows with its depth).
    static let maxDepth = 32

    /// The places of the lines of `leaf` that `wanted` accepts (1-based line numbers), from `lines`.
    func places(of leaf: Leaf, lines: [Substring], wanted: (Int) -> Bool) -> [Int: Place] {
        guard let chain = chain(of: leaf) else { return [:] }
        var found: [Int: Place] = [:]
        for line in leaf.line...leaf.endLine where line <= lines.count && wanted(line) {
            found[line] =
                line == leaf.line
                ? Place(container: leaf.container, column: leaf.column)
                : place(line, text: lines[line - 1], chain: chain, lines: lines)
        }
        return found
    }

    /// Where the text of line `line` (1-based, in `lines`) starts under the marks of `leaf`'s containers, also past
    /// the leaf's last line (math that goes on over lines reads them so): its first column, or nil when the line
    /// carries none of them.
    func column(ofLine line: Int, under leaf: Leaf, lines: [Substring]) -> Int? {
        guard line != leaf.line else { return leaf.column }
        guard line <= lines.count, let chain = chain(of: leaf) else { return nil }
        return place(line, text: lines[line - 1], chain: chain, lines: lines)?.column
    }

    /// `leaf`'s containers, outermost first; nil deeper than `maxDepth`.
    private func chain(of leaf: Leaf) -> [Int]? {
        var chain: [Int] = []
        var next: Int? = leaf.container
        while let container = next {
            chain.append(container)
            guard chain.count <= Self.maxDepth else { return nil }
            next = containers[container].parent
        }
        return chain.reversed()
    }

    /// Strips the marks of `chain` (outermost first) from line `line`: each quote's `>` and one space after it,
    /// each item's indentation (the width from its parent's text to its own on its first line). A line that
    /// lacks a container's marks (a lazy continuation line) belongs to the last container whose marks it has.
    /// The line's text starts after up to three spaces of indentation (`indented`; else right after the marks).
    private func place(_ line: Int, text: Substring, chain: [Int], lines: [Substring], indented: Bool = true) -> Place?
    {
        let bytes = Array(text.utf8)
        var (position, deepest): (Int, Int?) = (0, nil)
        for container in chain {
            let box = containers[container]
            if box.isQuote {
                var at = position
                while at < bytes.count, bytes[at] == UInt8(ascii: " "), at - position < 3 { at += 1 }
                guard at < bytes.count, bytes[at] == UInt8(ascii: ">") else { break }
                let space =
                    at + 1 < bytes.count && (bytes[at + 1] == UInt8(ascii: " ") || bytes[at + 1] == UInt8(ascii: "\t"))
                position = at + 1 + (space ? 1 : 0)
            } else if line == box.line {
                position = box.contentColumn - 1
            } else {
                guard let end = Self.advance(bytes, from: position, by: indentation(of: container, lines: lines))
                else { break }
                position = end
            }
            deepest = container
        }
        // A fence may stand up to three spaces into its container's text (as on a line of its own).
        let indent =
            indented ? bytes[min(position, bytes.count)...].prefix(3).prefix { $0 == UInt8(ascii: " ") }.count : 0
        return deepest.map { Place(container: $0, column: position + indent + 1) }
    }

    /// The place `width` columns of spaces and tabs (a tab to the next multiple of four, as cmark counts) after
    /// `start`; nil when something else comes first (the line's end counts as blank).
    private static func advance(_ bytes: [UInt8], from start: Int, by width: Int) -> Int? {
        let goal = column(bytes, start) + width
        var at = start
        while column(bytes, at) < goal, at < bytes.count {
            guard bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") else { return nil }
            at += 1
        }
        return at
    }

    /// The column (from 0, tabs to multiples of four) at which byte `end` of `bytes` stands.
    private static func column(_ bytes: [UInt8], _ end: Int) -> Int {
        bytes[..<min(end, bytes.count)].reduce(0) { column, byte in
            byte == UInt8(ascii: "\t") ? column + 4 - column % 4 : byte & 0xC0 == 0x80 ? column : column + 1
        }
    }

    /// How far an item's later lines are indented past its parent's text (in columns): from where its parent's
    /// text starts on the item's first line to where the item's first block starts.
    private func indentation(of item: Int, lines: [Substring]) -> Int {
        if let known = measured.indentation[item] { return known }
        let width = measure(item, lines: lines)
        measured.indentation[item] = width
        return width
    }

    private func measure(_ item: Int, lines: [Substring]) -> Int {
        let box = containers[item]
        guard box.line <= lines.count else { return 0 }
        var chain: [Int] = []
        var next = box.parent
        while let container = next {
            chain.append(container)
            next = containers[container].parent
        }
        let parent =
            place(box.line, text: lines[box.line - 1], chain: chain.reversed(), lines: lines, indented: false)?.column
            ?? 1
        let bytes = Array(lines[box.line - 1].utf8)
        return max(Self.column(bytes, box.contentColumn - 1) - Self.column(bytes, parent - 1), 0)
    }
}
