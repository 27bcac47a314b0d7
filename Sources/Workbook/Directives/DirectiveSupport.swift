import Foundation
import RNN

/// Small helpers every directive may use, in one place.
enum DirectiveSupport {
    /// Tokens back into text: characters run together, words separated by spaces.
    static func join(_ tokens: [String], _ tokenization: Corpus.Tokenization) -> String {
        tokens.joined(separator: tokenization == .characters ? "" : " ")
    }

    /// Whether `s` can name a model or a result: a letter, then letters, digits and underscores.
    static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The Euclidean norm ‖v‖ (the engine's core's, which the live figures' module computes too).
    static func norm(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { values in values.baseAddress.map { Norms.euclidean($0, count: values.count) } ?? 0 }
    }

    /// A share as a percentage with one decimal: 0.875 → "87.5%".
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    /// A number in prose (a learning rate, a discount): three significant digits, no trailing zeros.
    static func short(_ x: Double) -> String { NumberFormat(style: .general, precision: 3).format(x) }

    /// One state per cell (h0, ∂J/∂h0): a vector when there is one, else a matrix with a row per layer and
    /// direction.
    static func states(_ rows: [[Double]]) -> Value {
        rows.count == 1 ? .tensor(Tensor(vector: rows[0])) : .tensor(Tensor(rows: rows))
    }

    /// Reports a syntax error in an expression at plan time, at the column where it is, and declares the names
    /// it reads; names are resolved when the directive runs.
    static func checkSyntax(_ text: String, at location: SourceLocation, _ a: inout Arguments) {
        do {
            for name in try ExpressionParser.parse(text).names { a.declareRead(name) }
        } catch let e as ExpressionError {
            a.error(SourceLocation(line: location.line, column: location.column + e.offset), e.message)
        } catch {}
    }

    /// Declares the names read by the inline values of Markdown written in a directive (an exercise's question,
    /// an instructor block), whose first line is `line`, and its cross-references, where they stand in the lesson.
    static func declareProseReads(_ text: String, line: Int, _ a: inout Arguments) {
        let padded = String(repeating: "\n", count: max(0, line - 1)) + text
        let file = SourceFile(path: a.file.path, text: padded)
        guard let parsed = LessonParser.parse(file, slug: "", allowRawHTML: false).0 else { return }
        for span in parsed.values {
            for name in (try? ExpressionParser.parse(span.expression).names) ?? [] { a.declareRead(name) }
        }
        for reference in parsed.crossReferences {
            a.declareReference(
                CrossReferenceSpan(
                    label: reference.label, form: reference.form,
                    location: Prose.inLesson(reference.location, fragment: file, lesson: a.file),
                    written: reference.written))
        }
    }

    /// The math of short texts from a directive (`spans`), each written at its location, checked against the pages'
    /// KaTeX (`KaTeXCommands`): the first it cannot typeset is the error.
    static func checkMath(_ texts: [(String, SourceLocation)], _ context: ExecutionContext) throws(Diagnostic) {
        let math = texts.flatMap { text, location in
            spans(text).compactMap { span -> MathSpan? in
                guard case .math(let tex) = span else { return nil }
                return MathSpan(tex: tex, display: false, location: location)
            }
        }
        if let problem = KaTeXCommands.diagnostics(math, in: context.file, known: context.katex).first { throw problem }
    }

    /// A short text from a directive (a header, a title) as spans: `$…$` as math, the rest as text; `\$` is a
    /// dollar sign. An unclosed `$` leaves the rest as text.
    static func spans(_ text: String) -> [Span] {
        var spans: [Span] = []
        var plain = ""
        var chars = text[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\", chars.first == "$" {
                plain.append("$")
                chars = chars.dropFirst()
            } else if c == "$", let close = chars.firstIndex(of: "$"), close != chars.startIndex {
                if !plain.isEmpty { spans.append(.text(plain)) }
                plain = ""
                spans.append(.math(String(chars[..<close])))
                chars = chars[chars.index(after: close)...]
            } else {
                plain.append(c)
            }
        }
        if !plain.isEmpty { spans.append(.text(plain)) }
        return spans
    }

    /// The sequence loss as TeX for a reduction: `J = \frac{1}{T}\sum_t J^{(t)}`, the sum, or the last step's.
    static func lossTeX(_ reduction: LossReduction, argument: String = "") -> String {
        let (j, jt) = ("J" + argument, "J^{(t)}" + argument)
        switch reduction {
        case .mean: return "\(j) = \\frac{1}{T}\\sum_{t=1}^{T} \(jt)"
        case .sum: return "\(j) = \\sum_{t=1}^{T} \(jt)"
        case .last: return "\(j) = J^{(T)}" + argument
        }
    }
}
