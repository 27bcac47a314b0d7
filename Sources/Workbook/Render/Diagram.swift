import Foundation

/// The unrolled network of one forward pass, as the notes draw it: a column per step with the input, the hidden
/// state of every layer and direction, and the output distribution with the target marked right or wrong. The
/// HTML handout draws it as SVG (`render`), the Markdown handout as a table (`table`), from the same numbers.
public struct Diagram: Sendable, Equatable {
    public struct Output: Sendable, Equatable {
        public var token: String
        public var probability: Double
    }

    public struct Column: Sendable, Equatable {
        /// What the step reads (a token; nil when the step reads nothing shown, e.g. a classifier's outputs).
        public var input: String?
        /// Each hidden row's state at this step (empty rows are not drawn in this column).
        public var hidden: [[Double]]
        /// The most likely outputs, best first; empty when the step has no output.
        public var outputs: [Output] = []
        /// The target and its probability, and whether it is the most likely output.
        public var target: Output?
        public var right = false
    }

    public var title: String
    /// One label per hidden row (`h layer 1 →`), and whether that row's recurrence runs right to left.
    public var rows: [String]
    public var backwards: [Bool]
    public var columns: [Column]
    /// The first `encoderColumns` columns are an encoder, whose last state starts the rest.
    public var encoderColumns = 0
    /// One-to-many: the label h(0) is computed from.
    public var condition: String?
    /// Generating shapes: each output is the next step's input (drawn as a dashed arrow).
    public var feedsBack = false
    /// What the first step of the steps shown is (1 unless a range was chosen).
    public var firstStep = 1
    /// Input, hidden and output rows shown.
    public var showInput = true
    public var showHidden = true
    public var showOutput = true
    /// How many units of a state are drawn (the rest are in the hover text and the Markdown table).
    public var maxUnits = 6
    public var format = NumberFormat(style: .fixed, precision: 2)
    /// Labels of the three kinds of weights, as the notes name them.
    public var inputWeight = "W_e"
    public var recurrentWeight = "W_h"
    public var outputWeight = "U"

    /// A state as text, its first `maxUnits` units (the count of the others after them).
    func vector(_ v: [Double]) -> String {
        let shown = v.prefix(maxUnits).map(format.format).joined(separator: ", ")
        return "[" + shown + (v.count > maxUnits ? ", … \(v.count - maxUnits) more" : "") + "]"
    }

    /// The text form: one row per step.
    public var table: OutputTable {
        var header: [OutputTable.Column] = [.init([.math("t")])]
        if showInput { header.append(.init([.text("input")], numeric: false)) }
        if showHidden { header += rows.map { .init([.text($0)], numeric: false) } }
        if showOutput {
            header.append(.init([.text("most likely outputs")], numeric: false))
            if columns.contains(where: { $0.target != nil }) { header.append(.init([.text("target")], numeric: false)) }
        }
        let hasTarget = columns.contains { $0.target != nil }
        let body = columns.enumerated().map { i, c -> [[Span]] in
            var row: [[Span]] = [
                [.text(i < encoderColumns ? "enc \(i + firstStep)" : "\(i - encoderColumns + firstStep)")]
            ]
            if showInput { row.append(c.input.map { [.code(Plot.shown($0))] } ?? [.text("")]) }
            if showHidden {
                row += rows.indices.map { r in
                    r < c.hidden.count && !c.hidden[r].isEmpty ? [.text(vector(c.hidden[r]))] : [.text("")]
                }
            }
            if showOutput {
                row.append(
                    [
                        .text(
                            c.outputs.map { "\(Plot.shown($0.token)) \(format.format($0.probability))" }.joined(
                                separator: " · "))
                    ])
                if hasTarget {
                    row.append(
                        c.target.map {
                            [
                                .code(Plot.shown($0.token)),
                                .text(" \(format.format($0.probability)) \(c.right ? "✓" : "✗")"),
                            ]
                        }
                            ?? [.text("")])
                }
            }
            return row
        }
        var caption: [Span] = [.strong("Unrolled network"), .text(": " + title)]
        if let condition {
            caption.append(.text("; h(0) from the label "))
            caption.append(.code(condition))
        }
        if encoderColumns > 0 { caption.append(.text("; the encoder's last state starts the decoder")) }
        return OutputTable(caption: caption, columns: header, rows: body)
    }
}
