import RNN

/// Table and value builders shared by the directives.
enum Tables {
    /// A matrix as a table: one row per row label, one column per column label.
    static func matrix(
        caption: [Span], corner: [Span], rowLabels: [[Span]], columnLabels: [[Span]], rows: [[Double]],
        format: NumberFormat
    ) -> OutputBlock {
        let columns = [OutputTable.Column(corner, numeric: false)] + columnLabels.map { OutputTable.Column($0) }
        // Formatting is the slow part of a large table: it stops at the directive's deadline too.
        let body = zip(rowLabels, rows).prefix { _ in !Deadline.passed }.map { label, row in
            [label] + row.map { [.text(format.format($0))] }
        }
        return .table(OutputTable(caption: caption, columns: columns, rows: body))
    }

    /// `t = 1 … T` row labels with the input token of each step: `1 · h`.
    static func stepLabels(_ tokens: [String]) -> [[Span]] {
        tokens.enumerated().map { [.text("\($0.offset + 1)"), .text(" "), .code(Plot.shown($0.element))] }
    }

    /// Labels `1 … n` for hidden units or embedding dimensions.
    static func indexLabels(_ n: Int, symbol: String) -> [[Span]] {
        (1...max(n, 1)).prefix(n).map { [.math("\(symbol)_{\($0)}")] }
    }

    static func tokenLabels(_ tokens: [String]) -> [[Span]] { tokens.map { [.code(Plot.shown($0))] } }

    /// A parameter as a lesson value: biases as vectors, matrices with vocabulary labels where an axis is V.
    static func value(of parameter: Parameter, vocabulary: [String]) -> Value {
        let m = parameter.value
        if m.cols == 1 {
            return .tensor(
                Tensor(
                    vector: m.values, labels: m.rows == vocabulary.count && parameter.name == "b2" ? vocabulary : nil))
        }
        let rowLabels = parameter.name == "U" ? vocabulary : nil
        let colLabels =
            (parameter.name == "E" || (parameter.name == "W_e" && m.cols == vocabulary.count && m.cols != m.rows))
            ? vocabulary : nil
        return .tensor(Tensor(shape: [m.rows, m.cols], data: m.values, labels: [rowLabels, colLabels]))
    }

    /// A parameter matrix (or a gradient of one) as a table, with the notes' symbol in the caption.
    static func parameter(_ name: String, _ m: Matrix, vocabulary: [String], caption: [Span], format: NumberFormat)
        -> OutputBlock
    {
        let rows = (0..<m.rows).map { m.row($0) }
        let rowLabels: [[Span]] =
            name == "U" || name == "b2"
            ? tokenLabels(vocabulary) : (1...max(m.rows, 1)).prefix(m.rows).map { [.text("\($0)")] }
        let colLabels: [[Span]]
        if m.cols == 1 {
            colLabels = [[.math(symbol(name))]]
        } else if name == "E" || (name == "W_e" && m.cols == vocabulary.count) {
            colLabels = tokenLabels(vocabulary)
        } else {
            colLabels = (1...m.cols).map { [.text("\($0)")] }
        }
        return matrix(
            caption: caption, corner: [], rowLabels: rowLabels, columnLabels: colLabels, rows: rows, format: format)
    }

    static func activationTeX(_ activation: Activation) -> String {
        switch activation {
        case .tanh: return "\\tanh"
        case .sigmoid: return "\\operatorname{sigmoid}"
        case .relu: return "\\operatorname{relu}"
        }
    }

    /// The notes' symbol for a parameter, in TeX.
    static func symbol(_ name: String) -> String {
        switch name {
        case "E": return "\\mathbf{E}"
        case "W_e": return "\\mathbf{W}_e"
        case "W_h": return "\\mathbf{W}_h"
        case "b1": return "\\mathbf{b}_1"
        case "U": return "\\mathbf{U}"
        case "b2": return "\\mathbf{b}_2"
        case "W_c": return "\\mathbf{W}_c"
        case "b_c": return "\\mathbf{b}_c"
        default: return "\\texttt{" + name.replacingOccurrences(of: "_", with: "\\_") + "}"
        }
    }

    /// A parameter's name as shown: the notes' symbol as math, a PyTorch name (`weight_hh_l0`) as code.
    static func label(_ name: String, entry: String = "") -> Span {
        symbol(name).hasPrefix("\\texttt") ? .code(name + entry) : .math(symbol(name) + entry)
    }
}
