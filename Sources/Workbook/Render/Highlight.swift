import Foundation

/// A text with each token's background coloured by a computed value (a hidden unit, a gate, the probability the
/// model gave the token, its loss, a saliency), optionally with the model's top guesses for the next token under
/// each, as in "The Unreasonable Effectiveness of Recurrent Neural Networks". HTML: coloured spans with the value
/// on hover and a colour scale; Markdown: the text with a 0–9 shade under every token, and a table.
public struct Highlight: Sendable, Equatable {
    public var title: String
    public var tokens: [String]
    /// One value per token; nil where the token has none (the first token has no probability of its own).
    public var values: [Double?]
    /// The top guesses for the token after each one (empty: none shown).
    public var guesses: [[Diagram.Output]] = []
    /// Characters are run together, words separated by spaces.
    public var joiner = ""
    public var format = NumberFormat(style: .fixed, precision: 3)
    /// What the values are, for the scale's caption ("P(token)", "unit 3 of h").
    public var valueName: String
    /// The largest magnitude the scale shows, when the values have a known range (a probability or a sigmoid
    /// gate: 1, a tanh state: ±1), so that values near 0.5 do not all look the largest; nil: their own largest.
    public var range: ClosedRange<Double>?

    /// The colour scale: the known range, else 0 … max for values that are never negative, −m … m otherwise.
    public var scale: (low: Double, high: Double) {
        if let range { return (range.lowerBound, range.upperBound) }
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        let top = finite.map(abs).max() ?? 1
        let high = top > 0 ? top : 1
        return finite.contains { $0 < 0 } ? (-high, high) : (0, high)
    }

    /// The background of a value (white at 0; red for positive, blue for negative values).
    public func colour(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "#eeeeee" }
        return SVGPlot.color(v, scale: scale.high)
    }

    /// The shade digit of a value, 0 (none) … 9 (the largest magnitude); `·` for no value.
    func shade(_ v: Double?) -> Character {
        guard let v, v.isFinite else { return "·" }
        let digit = Int((abs(v) / scale.high * 9).rounded())
        return Character("\(min(max(digit, 0), 9))")
    }

    /// The Markdown text form: lines of at most 64 characters, each token with its shade digits under it.
    public var text: String {
        var out = ["\(title): \(valueName), shade 0–9 = |value| / \(format.format(scale.high)) under each token"]
        var top = ""
        var bottom = ""
        func flush() {
            if !top.isEmpty { out += [top, bottom, ""] }
            (top, bottom) = ("", "")
        }
        for (token, value) in zip(tokens, values) {
            let shown = token == "\n" ? "↵" : token == " " ? "␣" : token
            let width = shown.count + (joiner.isEmpty ? 0 : 1)
            if top.count + width > 64 { flush() }
            top += shown + (joiner.isEmpty ? "" : " ")
            bottom += String(repeating: shade(value), count: shown.count) + (joiner.isEmpty ? "" : " ")
            if token == "\n" { flush() }
        }
        flush()
        return out.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
    }

    /// Every token with its value and guesses.
    public var table: OutputTable {
        var columns: [OutputTable.Column] = [
            .init([.math("t")]), .init([.text("token")], numeric: false), .init([.text(valueName)]),
        ]
        if !guesses.isEmpty { columns.append(.init([.text("next-token guesses")], numeric: false)) }
        let rows = tokens.indices.map { i -> [[Span]] in
            var row: [[Span]] = [
                [.text("\(i + 1)")], [.code(Plot.shown(tokens[i]))], [.text(values[i].map(format.format) ?? "")],
            ]
            if !guesses.isEmpty {
                let g = i < guesses.count ? guesses[i] : []
                row.append([
                    .text(g.map { "\(Plot.shown($0.token)) \(format.format($0.probability))" }.joined(separator: " · "))
                ])
            }
            return row
        }
        return OutputTable(
            caption: [.strong(title), .text(": " + valueName + " of every token")], columns: columns, rows: rows)
    }
}

/// The HTML of a `Highlight`: spans coloured by value, the value and guesses on hover, a colour scale.
enum HighlightHTML {
    static func render(_ h: Highlight) -> String {
        let (low, high) = h.scale
        var html = "<figure class=\"wb-highlight\">\n<figcaption><strong>\(HTML.escape(h.title))</strong>: "
        html += "\(HTML.escape(h.valueName)), "
        html +=
            "<span class=\"wb-scale\" style=\"background:linear-gradient(to right,\(h.colour(low)),\(h.colour((low + high) / 2)),\(h.colour(high)))\"></span> "
        html += "\(HTML.escape(h.format.format(low))) … \(HTML.escape(h.format.format(high)))</figcaption>\n"
        html += "<p class=\"wb-highlight-text\(h.guesses.isEmpty ? "" : " wb-with-guesses")\">"
        for (i, (token, value)) in zip(h.tokens, h.values).enumerated() {
            if token == "\n" {
                html += "<br>"
                continue
            }
            let shown = token == " " ? "\u{00A0}" : token
            var tip = "\(Plot.shown(token)): \(value.map(h.format.format) ?? "no value")"
            let guesses = i < h.guesses.count ? h.guesses[i] : []
            if !guesses.isEmpty {
                tip +=
                    "; next: "
                    + guesses.map { "\(Plot.shown($0.token)) \(h.format.format($0.probability))" }.joined(
                        separator: ", ")
            }
            html +=
                "<span class=\"wb-tok\" style=\"background:\(h.colour(value))\" title=\"\(HTML.escape(tip))\">\(HTML.escape(shown))"
            if !guesses.isEmpty {
                html +=
                    "<small class=\"wb-guesses\">"
                    + guesses.map {
                        "\(HTML.escape(Plot.shown($0.token))) \(HTML.escape(h.format.format($0.probability)))"
                    }.joined(
                        separator: "<br>") + "</small>"
            }
            html += "</span>"
            if !h.joiner.isEmpty { html += " " }
        }
        return html + "</p>\n</figure>\n"
    }
}
