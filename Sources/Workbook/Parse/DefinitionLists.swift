/// Pandoc's and MyST's definition lists, which plain cmark reads as paragraphs: a paragraph whose first line is a
/// term and whose next line starts with `: ` is a term with its definitions (each line starting with `: ` opens
/// one; a line without it goes on with the one before). Such paragraphs in a row make one list. A `: ` line alone
/// (a table's caption) is no definition, nor is a term followed by a blank line (Pandoc's loose form, which would
/// read as a table's caption after a table).
enum DefinitionLists {
    /// The term and its definitions, when a paragraph's inlines spell them.
    static func item(_ content: [Inline]) -> (term: [Inline], definitions: [[Inline]])? {
        guard content.contains(where: { $0.kind == .softBreak }) else { return nil }
        var lines: [[Inline]] = [[]]
        for inline in content {
            if inline.kind == .softBreak { lines.append([inline]) } else { lines[lines.count - 1].append(inline) }
        }
        guard !lines[0].isEmpty, marked(lines[0]) == nil, marked(Array(lines[1].dropFirst())) != nil else {
            return nil
        }
        var definitions: [[Inline]] = []
        for line in lines.dropFirst() {
            if let definition = marked(Array(line.dropFirst())) {
                definitions.append(definition)
            } else {
                definitions[definitions.count - 1] += line
            }
        }
        return (lines[0], definitions)
    }

    /// A line's inlines after its `: `, or nil when it does not start with one.
    private static func marked(_ line: [Inline]) -> [Inline]? {
        guard case .text(let text)? = line.first?.kind, text.hasPrefix(": ") || text.hasPrefix(":\t") else {
            return nil
        }
        var rest = line
        let after = text.dropFirst().drop { $0 == " " || $0 == "\t" }
        if after.isEmpty { rest.removeFirst() } else { rest[0].kind = .text(String(after)) }
        return rest.isEmpty ? nil : rest
    }
}

/// GitHub's task lists: a list item whose first paragraph starts with `[ ]`, `[x]` or `[X]` and a space shows a
/// box, ticked or not (cmark-gfm's `tasklist` extension).
enum TaskMarkers {
    /// The paragraph's inlines with the box in front, when they start with one.
    static func marked(_ content: [Inline]) -> [Inline]? {
        guard case .text(let text)? = content.first?.kind, text.count >= 4 else { return nil }
        let box = text.prefix(3)
        guard box == "[ ]" || box == "[x]" || box == "[X]" else { return nil }
        let space = text[text.index(text.startIndex, offsetBy: 3)]
        guard space == " " || space == "\t" else { return nil }
        var rest = content
        rest[0].kind = .text(String(text.dropFirst(3)))
        return [Inline(.taskMarker(checked: box != "[ ]"), at: content[0].location)] + rest
    }
}
