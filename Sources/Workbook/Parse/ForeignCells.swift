/// Code blocks other tools run or read, ```` ```{python} ````, ```` ```{r} ```` (Quarto, Jupyter Book's MyST) and
/// MyST's directives ```` ```{name} ````: MyST's `{math}` becomes display math; a cell of another language stays
/// code in that language, with a warning that it is not run (Swift cells and `rnn` directives are); another
/// directive stays code with a warning naming what to write instead. MyST's role `` {math}`x` `` is inline math,
/// `{term}` a link to a glossary's term, `{cite}`, `{cite:p}` and `{cite:t}` citations; other roles show their
/// content, with a warning.
enum ForeignCells {
    static let mystCallouts: Set<String> = ["note", "tip", "warning", "important", "caution", "attention", "hint"]

    /// The document with its cells and roles read, the diagnostics, and the citations MyST's roles make.
    static func resolve(_ document: Document, math: inout [MathSpan], file: SourceFile)
        -> (Document, [Diagnostic], [CitationUse])
    {
        var document = document
        var context = RoleContext(
            file: file, terms: Glossary.anchors(in: document), math: math, cursor: LocationCursor(file: file))
        defer { math = context.math }
        for i in document.nodes.indices {
            if case .paragraph(let content) = document.nodes[i].kind,
                content.contains(where: { if case .code = $0.kind { true } else { false } })
            {
                document.nodes[i].kind = .paragraph(roles(content, &context))
            }
            guard case .code(let info, let literal) = document.nodes[i].kind, let name = braced(info) else { continue }
            let at = document.nodes[i].location
            if name == "math" {
                let (span, problems) = mathBlock(literal, at: at, file: file)
                context.math.append(span)
                context.diagnostics += problems
                document.nodes[i].kind = .paragraph([Inline(.math(index: context.math.count - 1), at: at)])
                continue
            }
            document.nodes[i].kind = .code(info: name, literal: literal)
            let message =
                mystCallouts.contains(name)
                ? "MyST's {\(name)} directive is shown as code: write it as a callout, '> [!\(name.uppercased())]' or '::: {.callout-\(name)}'"
                : "this {\(name)} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)"
            context.diagnostics.append(Diagnostic(.warning, in: file, at: at, message))
        }
        return (document, context.diagnostics, context.citations)
    }

    /// A ```` ```{math} ```` block fenced at `at`: its TeX, numbered when an option line names a label (`:label: loss`,
    /// MyST's way, or `label: loss` in a `---` block of options); other options (`:nowrap:`, `:class:`) are dropped.
    /// A label that is no label is an error at it.
    static func mathBlock(_ literal: String, at: SourceLocation, file: SourceFile) -> (MathSpan, [Diagnostic]) {
        var lines = literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var options: [(key: String, value: String, line: Int, column: Int)] = []
        var k = 0
        let yaml = lines.first?.trimmingSpaces == "---" && lines.dropFirst().contains { $0.trimmingSpaces == "---" }
        if yaml { k = 1 }
        while k < lines.count {
            let line = lines[k]
            if yaml, line.trimmingSpaces == "---" {
                k += 1
                break
            }
            guard let option = option(line, yaml: yaml) else { break }
            let column = at.column + line.distance(from: line.startIndex, to: option.value.startIndex)
            options.append((option.key, String(option.value).trimmingSpaces, at.line + 1 + k, column))
            k += 1
        }
        lines.removeFirst(k)
        var span = MathSpan(tex: lines.joined(separator: "\n").trimmingSpaces, display: true, location: at)
        guard let label = options.last(where: { $0.key == "label" }) else { return (span, []) }
        let location = SourceLocation(line: label.line, column: label.column)
        guard !label.value.isEmpty, label.value.utf8.allSatisfy(Labels.isLabelByte) else {
            let message = "'\(label.value)' is no label: a label holds letters, digits, '-', '_', ':' and '.' (':label: total-loss')"
            return (span, [Diagnostic(.error, in: file, at: location, message)])
        }
        span.label = EquationLabel(id: label.value, location: location, open: 0, close: 0, attribute: 0..<0, inTeX: false)
        return (span, [])
    }

    /// `:key: value` (or `key: value` in a `---` block): the key and where the value starts.
    private static func option(_ line: String, yaml: Bool) -> (key: String, value: Substring)? {
        let body = line.drop { $0 == " " }
        if yaml {
            guard let colon = body.firstIndex(of: ":") else { return nil }
            return (String(body[..<colon]).trimmingSpaces, body[body.index(after: colon)...].drop { $0 == " " })
        }
        guard body.hasPrefix(":"), let colon = body.dropFirst().firstIndex(of: ":") else { return nil }
        let key = String(body[body.index(after: body.startIndex)..<colon])
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else { return nil }
        return (key, body[body.index(after: colon)...].drop { $0 == " " })
    }

    /// MyST's roles, `` {name}`content` `` (cmark reads `{name}` then a code span): `` {math}`x^2` `` is inline
    /// math; `` {term}`RNN` `` a link to the glossary's term (`Glossary`); `{cite}`, `{cite:p}` and `{cite:t}`
    /// citations (`MySTCitations`); another role (`{doc}`, …; `{eq}`, `{ref}` and `{numref}` are
    /// cross-references, read before) shows its content as code without the `{name}`, with a warning at the role
    /// saying what to write.
    private static func roles(_ content: [Inline], _ context: inout RoleContext) -> [Inline] {
        var out: [Inline] = []
        var searchFrom = 0
        for inline in content {
            guard case .code(let code) = inline.kind, case .text(let before)? = out.last?.kind,
                let name = roleName(endingAt: before)
            else {
                out.append(inline)
                continue
            }
            let at = out[out.count - 1].location
            out[out.count - 1].kind = .text(String(before.dropLast(name.count + 2)))
            if before.count == name.count + 2 { out.removeLast() }
            if name == "math" {
                context.math.append(MathSpan(tex: code, display: false, location: at))
                out.append(Inline(.math(index: context.math.count - 1), at: inline.location))
                continue
            }
            // Searched on from the paragraph's last role, so that a role written twice on a line is found twice.
            let written = WrittenRole.find(name, code, line: at.line, from: searchFrom, in: context.file)
            searchFrom = written?.bytes.upperBound ?? searchFrom
            let role = written.map { context.cursor.location(ofByte: $0.bytes.lowerBound) } ?? at
            if name == "term" {
                out.append(Glossary.link(
                    code, at: role, anchors: context.terms, near: context.nearTerms, file: context.file,
                    &context.diagnostics))
            } else if let cited = MySTCitations.citation(name, code, at: role, written: written, &context.cursor) {
                out += cited.inlines
                context.citations += cited.uses
            } else {
                out.append(inline)
                context.diagnostics.append(unreadRole(name, code, at: role, file: context.file))
            }
        }
        return out
    }

    /// What `roles` reads and adds to, over a lesson's paragraphs.
    struct RoleContext {
        let file: SourceFile
        /// The glossaries' terms and their anchors (`Glossary.anchors`).
        let terms: [String: (term: String, anchor: String)]
        /// Their "did you mean", made when a role first names an unknown term (once per term: 4,000 unknown among
        /// 4,000 took 15 s).
        lazy var nearTerms = Suggestions(terms.values.map(\.term))
        var math: [MathSpan]
        var diagnostics: [Diagnostic] = []
        var citations: [CitationUse] = []
        /// Where the roles are, found in the lesson's order: linear on a line of many roles.
        var cursor: LocationCursor
    }

    /// The warning for a role that is not read: what to write instead.
    private static func unreadRole(_ name: String, _ code: String, at: SourceLocation, file: SourceFile) -> Diagnostic {
        let keys = code.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }.map { "@" + $0 }
        var advice = "write the text itself, or a Markdown link"
        if name.hasPrefix("cite") {
            advice =
                keys.isEmpty
                ? "it names no key"
                : "write Pandoc's citation, [\(keys.joined(separator: "; "))] (or [-\(keys[0])] for the year alone), "
                    + "or MyST's {cite:p} or {cite:t}"
        }
        return Diagnostic(
            .warning, in: file, at: at, "MyST's role {\(name)} is not read, so only its content shows, as code: \(advice)")
    }

    /// The role name that `text` ends with, `{name}` or `{domain:name}`, if any.
    private static func roleName(endingAt text: String) -> String? {
        guard text.hasSuffix("}"), let open = text.lastIndex(of: "{") else { return nil }
        let name = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard let first = name.first, first.isLetter,
            name.allSatisfy({ $0.isLetter || $0.isNumber || ":-_".contains($0) })
        else { return nil }
        return String(name)
    }

    /// `python` for the info string `{python}` or `{python} extra`.
    private static func braced(_ info: String) -> String? {
        guard let word = LessonParser.words(info).first, word.hasPrefix("{"), word.hasSuffix("}"), word.count > 2
        else { return nil }
        let name = String(word.dropFirst().dropLast())
        return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) ? name : nil
    }
}
