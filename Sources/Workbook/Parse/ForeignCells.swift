/// Code blocks other tools run or read, ```` ```{python} ````, ```` ```{r} ```` (Quarto, Jupyter Book's MyST) and
/// MyST's directives ```` ```{name} ````: MyST's `{math}` becomes display math; a cell of another language stays
/// code in that language, with a warning that it is not run (Swift cells and `rnn` directives are); another
/// directive stays code with a warning naming what to write instead. MyST's role `` {math}`x` `` is inline math.
enum ForeignCells {
    static let mystCallouts: Set<String> = ["note", "tip", "warning", "important", "caution", "attention", "hint"]

    static func resolve(_ document: Document, math: inout [MathSpan], file: SourceFile) -> (Document, [Diagnostic]) {
        var document = document
        var diagnostics: [Diagnostic] = []
        for i in document.nodes.indices {
            if case .paragraph(let content) = document.nodes[i].kind,
                content.contains(where: { if case .code = $0.kind { true } else { false } })
            {
                document.nodes[i].kind = .paragraph(mathRoles(content, math: &math))
            }
            guard case .code(let info, let literal) = document.nodes[i].kind, let name = braced(info) else { continue }
            let at = document.nodes[i].location
            if name == "math" {
                math.append(MathSpan(tex: literal.trimmingSpaces, display: true, location: at))
                document.nodes[i].kind = .paragraph([Inline(.math(index: math.count - 1), at: at)])
                continue
            }
            document.nodes[i].kind = .code(info: name, literal: literal)
            let message =
                mystCallouts.contains(name)
                ? "MyST's {\(name)} directive is shown as code: write it as a callout, '> [!\(name.uppercased())]' or '::: {.callout-\(name)}'"
                : "this {\(name)} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)"
            diagnostics.append(Diagnostic(.warning, in: file, at: at, message))
        }
        return (document, diagnostics)
    }

    /// MyST's role `` {math}`x^2` `` (cmark reads `{math}` then a code span) as inline math.
    private static func mathRoles(_ content: [Inline], math: inout [MathSpan]) -> [Inline] {
        var out: [Inline] = []
        for inline in content {
            if case .code(let tex) = inline.kind, case .text(let before)? = out.last?.kind, before.hasSuffix("{math}") {
                let at = out[out.count - 1].location
                out[out.count - 1].kind = .text(String(before.dropLast(6)))
                if before.count == 6 { out.removeLast() }
                math.append(MathSpan(tex: tex, display: false, location: at))
                out.append(Inline(.math(index: math.count - 1), at: inline.location))
            } else {
                out.append(inline)
            }
        }
        return out
    }

    /// `python` for the info string `{python}` or `{python} extra`.
    private static func braced(_ info: String) -> String? {
        guard let word = LessonParser.words(info).first, word.hasPrefix("{"), word.hasSuffix("}"), word.count > 2
        else { return nil }
        let name = String(word.dropFirst().dropLast())
        return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) ? name : nil
    }
}
