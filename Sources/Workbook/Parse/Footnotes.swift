/// Footnotes in the tree: each definition's text parsed and put among the document's nodes, each `[^label]` in
/// the prose made a reference, the notes numbered in the order of their first reference (the main text first,
/// then the notes, for a note referred to from another). An unknown label and a second definition of a label
/// are errors at their place; a note never referred to is a warning (it is left out). Pandoc's inline notes,
/// `^[text]`, are notes written where they are referred to: numbered with the others (not inside a table's cell,
/// where they stay text).
struct Footnotes {
    private let file: SourceFile
    private var labels: [String: Int] = [:]
    /// The labels' "did you mean" (once per unknown label: 5,000 unknown among 5,000 defined took 15 s).
    private lazy var nearLabels = Suggestions(labels.keys)
    private var order: [String] = []
    private var counts: [String: Int] = [:]
    /// Each label's number, its place in `order` (found there once per label rather than per reference).
    private var numbers: [String: Int] = [:]
    /// Where each `[^label]` and `^[` is written in the lesson, in reading order (read once, on first use), with
    /// the next one not yet given to a reference: searching the lines again for each reference took quadratic
    /// time (5,000 notes referred to from one paragraph built in 32 s).
    private var written: WrittenMarks? = nil
    /// Each note's blocks and where it starts, by label (an inline note's label has a space, which no
    /// `[^label]` can).
    private var notes: [String: (blocks: [Int], at: SourceLocation)] = [:]
    /// The paragraphs of inline notes not yet among the document's nodes, and the index the first will have.
    private var pending: [Block] = []
    private var nextNode = 0
    private var inCell = false
    /// How deep in inline notes the blocks being numbered are (0: the main text and defined notes), and each
    /// inline note's depth by label. Notes nest at most `InlineDepth.maxDepth` deep: a deeper `^[` stays text
    /// (each level reads again all the levels it holds: 8,000 nested notes took 11 s).
    private var noteDepth = 0
    private var noteDepths: [String: Int] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    private init(file: SourceFile) { self.file = file }

    /// `document` with the notes of `definitions` (their text taken from `protected`, the lesson with math and
    /// values as placeholders) and its references numbered; and the images the notes that are shown hold, at
    /// their places in the lesson (the build copies them as the prose's).
    static func attach(
        _ definitions: FootnoteDefinitions, protected: String, to document: Document, file: SourceFile,
        allowRawHTML: Bool
    ) -> (Document, [Diagnostic], images: [Reference]) {
        // No definition and no `[^` in the text: no reference to number and none to report (each heading and
        // paragraph of a large lesson would otherwise be copied).
        if definitions.definitions.isEmpty, !ByteSearch.contains("[^", in: protected),
            !ByteSearch.contains("^[", in: protected)
        {
            return (document, [], [])
        }
        var state = Footnotes(file: file)
        var document = document
        var images: [String: [Reference]] = [:]
        let lines = protected.split(separator: "\n", omittingEmptySubsequences: false)
        for definition in definitions.definitions {
            if let first = state.notes[definition.label] {
                state.diagnostics.append(
                    Diagnostic(.error, in: file, at: definition.location,
                        "the footnote '[^\(definition.label)]' is already defined on line \(first.at.line)"))
                continue
            }
            let parsed = CommonMarkConverter.convert(
                definitions.text(of: definition, lines: lines), isDirective: { _ in false }, allowRawHTML: allowRawHTML)
            let offset = document.nodes.count
            let move = { definitions.lessonLocation($0, in: definition) }
            document.nodes += parsed.document.nodes.map { $0.moved(move, indexOffset: offset) }
            state.notes[definition.label] = (parsed.document.roots.map { $0 + offset }, definition.location)
            let references = parsed.references.map {
                Reference(isImage: $0.isImage, url: $0.url, hasText: $0.hasText, location: move($0.location))
            }
            let anchors = LessonAnchors(parsed.anchors)
            state.diagnostics += references.flatMap { LessonParser.referenceWarnings($0, file, anchors: anchors) }
            images[definition.label] = references.filter(\.isImage)
        }
        state.labels = Dictionary(uniqueKeysWithValues: state.notes.keys.map { ($0, 0) })
        let written = state.notes
        state.number(document.roots, in: &document)
        var k = 0
        while k < state.order.count {
            state.noteDepth = state.noteDepths[state.order[k]] ?? 0
            state.number(state.notes[state.order[k]]!.blocks, in: &document)
            k += 1
        }
        document.footnotes = state.order.enumerated().map { n, label in
            Footnote(label: label, number: n + 1, blocks: state.notes[label]!.blocks, location: state.notes[label]!.at,
                references: state.counts[label] ?? 0)
        }
        for (label, note) in written.sorted(by: { $0.value.at < $1.value.at }) where state.counts[label] == nil {
            state.diagnostics.append(
                Diagnostic(.warning, in: file, at: note.at,
                    "the footnote '[^\(label)]' is never referred to, so it is left out; refer to it with [^\(label)]"))
        }
        return (document, state.diagnostics, state.order.flatMap { images[$0] ?? [] })
    }

    /// Numbers the references in the blocks `roots` and all they hold, in reading order.
    private mutating func number(_ roots: [Int], in document: inout Document) {
        var stack = Array(roots.reversed())
        nextNode = document.nodes.count
        defer {
            document.nodes += pending
            pending = []
        }
        while let index = stack.popLast() {
            let kind = document.nodes[index].kind
            switch kind {
            case .heading(let level, let anchor, let content):
                document.nodes[index].kind = .heading(level: level, anchor: anchor, inlines(content))
            case .paragraph(let content): document.nodes[index].kind = .paragraph(inlines(content))
            case .blockQuote(let children), .division(_, let children): stack += children.reversed()
            case .list(_, let items): stack += items.flatMap { $0 }.reversed()
            case .definitionList(let items): stack += items.flatMap(\.blocks).reversed()
            case .panels: stack += document.children(of: document.nodes[index]).reversed()
            case .callout(var callout, let children):
                callout.title = inlines(callout.title)
                document.nodes[index].kind = .callout(callout, children)
                stack += children.reversed()
            case .table(var table):
                for k in table.header.indices { table.header[k] = cell(table.header[k]) }
                for r in table.rows.indices {
                    for k in table.rows[r].indices { table.rows[r][k] = cell(table.rows[r][k]) }
                }
                document.nodes[index].kind = .table(table)
            default: break
            }
        }
    }

    private mutating func cell(_ document: Document) -> Document {
        var cell = document
        let (outerPending, outerNext, outerInCell) = (pending, nextNode, inCell)
        (pending, inCell) = ([], true)
        number(cell.roots, in: &cell)
        (pending, nextNode, inCell) = (outerPending, outerNext, outerInCell)
        return cell
    }

    /// The inlines with each `[^label]` in their text a reference, and each `^[note]` a note and its reference.
    private mutating func inlines(_ content: [Inline]) -> [Inline] {
        inlineNotes(content).flatMap { inline -> [Inline] in
            var copy = inline
            switch inline.kind {
            case .text(let text): return split(text, at: inline.location)
            case .footnoteReference(let reference) where reference.occurrence == 0:
                order.append(reference.label)
                counts[reference.label] = 1
                copy.kind = .footnoteReference(
                    FootnoteReference(label: reference.label, number: order.count, occurrence: 1))
            case .emphasis(let children): copy.kind = .emphasis(inlines(children))
            case .strong(let children): copy.kind = .strong(inlines(children))
            case .link(let url, let title, let children): copy.kind = .link(url: url, title: title, inlines(children))
            default: break
            }
            return [copy]
        }
    }

    /// A text's `[^label]`s as references (an unknown label stays text, with an error).
    private mutating func split(_ text: String, at location: SourceLocation) -> [Inline] {
        guard text.contains("[^") else { return [Inline(.text(text), at: location)] }
        var out: [Inline] = []
        var rest = text[...]
        // The `]` after an opening is the one after every later opening before it: found once for them all (an
        // opening with a space in its label, then another, each searched to the end: 20,000 took 33 s).
        var known: String.Index?
        while let open = rest.range(of: "[^"),
            let close = known.flatMap({ $0 >= open.upperBound ? $0 : nil }) ?? rest[open.upperBound...].firstIndex(of: "]")
        {
            known = close
            let label = String(rest[open.upperBound..<close])
            guard !label.isEmpty, !label.contains(where: { $0 == " " || $0 == "\t" || $0 == "[" }) else {
                out.append(Inline(.text(String(rest[..<open.upperBound])), at: location))
                rest = rest[open.upperBound...]
                continue
            }
            if !rest[..<open.lowerBound].isEmpty { out.append(Inline(.text(String(rest[..<open.lowerBound])), at: location)) }
            let at = locate("[^\(label)]", from: location)
            if labels[label] != nil {
                if counts[label] == nil { order.append(label) }
                counts[label, default: 0] += 1
                if numbers[label] == nil { numbers[label] = order.count }
                let reference = FootnoteReference(label: label, number: numbers[label]!, occurrence: counts[label]!)
                out.append(Inline(.footnoteReference(reference), at: at))
            } else {
                diagnostics.append(
                    Diagnostic(.error, in: file, at: at,
                        "no footnote '[^\(label)]' is defined\(nearLabels.didYouMean(label)): define it on a line of its own, '[^\(label)]: text'"))
                out.append(Inline(.text("[^\(label)]"), at: at))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(Inline(.text(String(rest)), at: location)) }
        return out
    }

    /// The inlines with each `^[…]` (its brackets balanced, in text at this level) made a note of its own. The
    /// inlines are read in place, each text from where the last note closed in it, and each `[`'s closing `]` is
    /// found once for all (`closingBrackets`): looking for it from each `^[` to the end, and copying the rest of
    /// the paragraph after each note, made 20,000 unclosed `^[` take 23 s.
    private mutating func inlineNotes(_ content: [Inline]) -> [Inline] {
        guard !inCell, noteDepth < InlineDepth.maxDepth,
            content.contains(where: { if case .text(let t) = $0.kind { t.contains("^[") } else { false } })
        else { return content }
        let closes = Self.closingBrackets(content)
        var out: [Inline] = []
        var (k, from): (Int, String.Index?) = (0, nil)
        while k < content.count {
            let inline = content[k]
            guard case .text(let whole) = inline.kind else {
                out.append(inline)
                (k, from) = (k + 1, nil)
                continue
            }
            let text = whole[(from ?? whole.startIndex)...]
            guard let open = text.range(of: "^["), let (end, close) = closes[Bracket(k, whole.index(before: open.upperBound))],
                case .text(let lastText) = content[end].kind
            else {
                if !text.isEmpty { out.append(from == nil ? inline : Inline(.text(String(text)), at: inline.location)) }
                (k, from) = (k + 1, nil)
                continue
            }
            let at = locate("^[", from: inline.location)
            if open.lowerBound > text.startIndex { out.append(Inline(.text(String(text[..<open.lowerBound])), at: inline.location)) }
            var inside: [Inline]
            if end == k {
                inside = [Inline(.text(String(text[open.upperBound..<close])), at: inline.location)]
            } else {
                inside = [Inline(.text(String(text[open.upperBound...])), at: inline.location)]
                inside += content[(k + 1)..<end]
                inside.append(Inline(.text(String(lastText[..<close])), at: content[end].location))
            }
            out.append(note(inside.filter { $0.kind != .text("") }, at: at))
            (k, from) = (end, lastText.index(after: close))
        }
        return out
    }

    /// Where a bracket stands: the inline (a text) and the index in its text.
    private struct Bracket: Hashable {
        let inline: Int
        let index: String.Index
        init(_ inline: Int, _ index: String.Index) { (self.inline, self.index) = (inline, index) }
    }

    /// The `]` that closes each `[` of the texts of `content` (other inlines are not looked into): the first
    /// after it where as many `]` as `[` stand between, found with one stack for all.
    private static func closingBrackets(_ content: [Inline]) -> [Bracket: (Int, String.Index)] {
        var (open, closes) = ([Bracket](), [Bracket: (Int, String.Index)]())
        for (k, inline) in content.enumerated() {
            guard case .text(let text) = inline.kind else { continue }
            var i = text.startIndex
            while i < text.endIndex {
                if text[i] == "[" { open.append(Bracket(k, i)) }
                if text[i] == "]", let matched = open.popLast() { closes[matched] = (k, i) }
                i = text.index(after: i)
            }
        }
        return closes
    }

    /// An inline note: a paragraph of its own among the document's nodes, and the reference to it.
    private mutating func note(_ content: [Inline], at location: SourceLocation) -> Inline {
        let label = "inline \(notes.count + 1)"
        noteDepths[label] = noteDepth + 1
        pending.append(Block(.paragraph(content), at: location))
        notes[label] = ([nextNode + pending.count - 1], location)
        // Numbered where it stands among the references (`inlines`), as a `[^label]` is.
        return Inline(.footnoteReference(FootnoteReference(label: label, number: 0, occurrence: 0)), at: location)
    }

    /// Where `written` stands in the lesson: its first place from `from`'s line on not found before.
    private mutating func locate(_ mark: String, from: SourceLocation) -> SourceLocation {
        if written == nil { written = WrittenMarks(file) }
        return written!.take(mark, from: from)
    }
}

/// The places where each footnote mark (`[^label]`, up to the first `]` after it, or `^[`) is written in a lesson,
/// line and column (in characters) from 1, in reading order; `take` gives each place once, the first not yet
/// given at or after a line.
struct WrittenMarks {
    private var places: [String: [SourceLocation]] = [:]
    /// For each mark, `free[i]` leads to the first place from i on not yet given (path-halving pointers).
    private var free: [String: [Int]] = [:]

    init(_ file: SourceFile) {
        for number in stride(from: 1, through: file.lineCount, by: 1) {
            let text = file.line(number)
            for opening in ["[^", "^["] where text.contains(opening) {
                var (search, column, counted) = (text.startIndex, 1, text.startIndex)
                while let found = text[search...].range(of: opening) {
                    column += text.distance(from: counted, to: found.lowerBound)
                    counted = found.lowerBound
                    let mark = opening == "^[" ? opening : Self.label(in: text, after: found).map { String(text[found.lowerBound...$0]) }
                    if let mark { places[mark, default: []].append(SourceLocation(line: number, column: column)) }
                    search = found.upperBound
                }
            }
        }
        free = places.mapValues { Array(0...$0.count) }
    }

    /// The `]` that closes the `[^` at `opening` when what stands between can be a label (no space, tab or `[`, as
    /// `Footnotes.split` reads one): the search stops at the first that cannot, so that openings without a label
    /// are not each kept with the text up to a `]` far on (20,000 on a line took 51 s and 826 MB).
    private static func label(in text: String, after opening: Range<String.Index>) -> String.Index? {
        var i = opening.upperBound
        while i < text.endIndex {
            let c = text[i]
            if c == "]" { return i }
            if c == " " || c == "\t" || c == "[" { return nil }
            i = text.index(after: i)
        }
        return nil
    }

    /// The first place of `mark` on line `from.line` or after that no earlier call was given; `from` when none is left.
    mutating func take(_ mark: String, from: SourceLocation) -> SourceLocation {
        guard let list = places[mark] else { return from }
        let line = max(from.line, 1)
        var (low, high) = (0, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle].line < line { low = middle + 1 } else { high = middle }
        }
        var i = low
        while free[mark]![i] != i {
            free[mark]![i] = free[mark]![free[mark]![i]]
            i = free[mark]![i]
        }
        guard i < list.count else { return from }
        free[mark]![i] = i + 1
        return list[i]
    }
}
