import Foundation

/// SVG of an unrolled network (`Diagram`) for the HTML handout: boxes for inputs, hidden states (each unit a cell
/// coloured by its value, blue negative, red positive) and output distributions, arrows for the three weight
/// matrices, the target marked green when it is the most likely output and red when not. Coordinates have two
/// decimals, so the same numbers give the same bytes; every text is escaped; colours follow the page's theme
/// through `currentColor` and the `wb-diagram` classes.
enum DiagramSVG {
    static let columnWidth = 104.0
    static let boxWidth = 84.0
    static let unitHeight = 15.0
    static let lineHeight = 15.0

    static func n(_ x: Double) -> String { SVGPlot.n(x) }

    static func render(_ d: Diagram, scope: AnchorScope = .page) -> String {
        let canvas = Canvas(d, scope: scope)
        var svg = canvas.header()
        svg += canvas.rowLabels()
        svg += canvas.condition()
        for c in d.columns.indices {
            svg += canvas.input(c) + canvas.hidden(c) + canvas.output(c)
        }
        return svg + "</g></svg></figure>\n"
    }

    /// Where everything of a diagram stands: rows from the top (outputs, hidden rows with the top layer first,
    /// inputs), a column per step, and the id its arrows' marker is drawn with.
    struct Canvas {
        let d: Diagram
        let hiddenRows: Int
        let units: Int
        let hiddenHeight: Double
        let outputHeight: Double
        let inputHeight: Double
        let left: Double
        let top = 40.0
        let outputY: Double
        let hiddenY: [Double]
        let inputY: Double
        let width: Double
        let height: Double
        let id: String

        init(_ d: Diagram, scope: AnchorScope) {
            self.d = d
            hiddenRows = d.showHidden ? d.rows.count : 0
            let most = d.columns.flatMap(\.hidden).map(\.count).max() ?? 0
            units = min(d.maxUnits, most)
            hiddenHeight = Double(units) * unitHeight + (most > units ? 12 : 0) + 8
            let outputLines = d.columns.map { $0.outputs.count + (extraTargetLine($0) ? 1 : 0) }.max() ?? 0
            outputHeight = d.showOutput && outputLines > 0 ? Double(outputLines) * lineHeight + 10 : 0
            inputHeight = d.showInput ? 26.0 : 0
            let gap = 30.0
            left = 112.0 + (d.condition != nil ? columnWidth : 0)
            var y = top
            outputY = y
            if outputHeight > 0 { y += outputHeight + gap }
            var hiddenY: [Double] = Array(repeating: 0, count: hiddenRows)
            for r in stride(from: hiddenRows - 1, through: 0, by: -1) {
                hiddenY[r] = y
                y += hiddenHeight + gap
            }
            self.hiddenY = hiddenY
            inputY = y
            if inputHeight > 0 { y += inputHeight }
            width = left + Double(d.columns.count) * columnWidth + 8
            height = y + 16
            id = scope.id("wb-arrow-\(stableHash(d.title + "\(d.columns.count)"))")
        }

        func x(_ c: Int) -> Double { left + Double(c) * columnWidth }

        /// The figure's opening: the SVG element, its title and description, the arrows' marker, the title drawn.
        func header() -> String {
            var svg =
                "<figure class=\"wb-diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
            svg += "<title id=\"\(id)-title\">\(HTML.escape(d.title))</title>\n"
            svg += "<desc id=\"\(id)-desc\">\(HTML.escape(description(d)))</desc>\n"
            svg +=
                "<defs><marker id=\"\(id)\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L8 4L0 8z\" fill=\"currentColor\"/></marker></defs>\n"
            svg += "<g class=\"wb-diagram-body\" fill=\"currentColor\" font-size=\"11\">\n"
            return svg + text(d.title, x: width / 2, y: 18, anchor: "middle", extra: " class=\"wb-plot-title\"")
        }

        /// The rows' names at the left, and the line between encoder and decoder.
        func rowLabels() -> String {
            var svg = ""
            if outputHeight > 0 { svg += text("output ŷ", x: 8, y: outputY + 16, anchor: "start") }
            for r in 0..<hiddenRows { svg += text(d.rows[r], x: 8, y: hiddenY[r] + 16, anchor: "start") }
            if inputHeight > 0 { svg += text("input x", x: 8, y: inputY + 17, anchor: "start") }
            if d.encoderColumns > 0, d.encoderColumns < d.columns.count {
                let sx = x(d.encoderColumns) - (columnWidth - boxWidth) / 2
                svg +=
                    "<path d=\"M\(n(sx)) \(n(top - 6))V\(n(height - 8))\" stroke=\"currentColor\" stroke-opacity=\"0.4\" stroke-dasharray=\"4 3\" fill=\"none\"/>\n"
                svg += text("encoder", x: x(0), y: height - 4, anchor: "start", extra: " class=\"wb-small\"")
                svg += text("decoder", x: sx + 6, y: height - 4, anchor: "start", extra: " class=\"wb-small\"")
            }
            return svg
        }

        func arrow(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, label: String? = nil, dashed: Bool = false)
            -> String
        {
            var s =
                "<path d=\"M\(n(x1)) \(n(y1))L\(n(x2)) \(n(y2))\" stroke=\"currentColor\" stroke-width=\"1.2\" fill=\"none\" marker-end=\"url(#\(id))\"\(dashed ? " stroke-dasharray=\"3 3\"" : "")/>\n"
            if let label {
                // Beside a vertical arrow; above a horizontal one, whose gap is narrow.
                s +=
                    y1 == y2
                    ? text(label, x: (x1 + x2) / 2, y: y1 - 5, anchor: "middle", extra: " class=\"wb-small wb-weight\"")
                    : text(
                        label, x: (x1 + x2) / 2 + 3, y: (y1 + y2) / 2 + 3, anchor: "start",
                        extra: " class=\"wb-small wb-weight\"")
            }
            return s
        }

        /// The encoder's summary a conditioned decoder starts from, left of the first column.
        func condition() -> String {
            guard let condition = d.condition, hiddenRows > 0 else { return "" }
            let cy = hiddenY[0] + hiddenHeight / 2
            var svg = box(x: left - columnWidth, y: cy - 13, w: boxWidth, h: 26)
            svg += text(
                Plot.shown(condition), x: left - columnWidth + boxWidth / 2, y: cy + 4, anchor: "middle",
                extra: " class=\"wb-mono\"")
            return svg + arrow(left - columnWidth + boxWidth, cy, x(0) - 2, cy, label: "W_c")
        }

        /// Column `c`'s input box and its arrow up to the first hidden row.
        func input(_ c: Int) -> String {
            guard inputHeight > 0, let input = d.columns[c].input else { return "" }
            let bx = x(c)
            var svg = box(x: bx, y: inputY, w: boxWidth, h: inputHeight)
            svg += text(
                Plot.shown(input), x: bx + boxWidth / 2, y: inputY + 17, anchor: "middle", extra: " class=\"wb-mono\"")
            if hiddenRows > 0 {
                svg += arrow(
                    bx + boxWidth / 2, inputY, bx + boxWidth / 2, hiddenY[0] + hiddenHeight + 2,
                    label: c == 0 ? d.inputWeight : nil)
            }
            return svg
        }

        /// Column `c`'s hidden states, a row per cell: each unit coloured by its value, the recurrence from the
        /// row's previous step (in its direction), and the arrow up to the next layer.
        func hidden(_ c: Int) -> String {
            let column = d.columns[c]
            let bx = x(c)
            var svg = ""
            for r in 0..<hiddenRows where r < column.hidden.count && !column.hidden[r].isEmpty {
                let values = column.hidden[r]
                let hy = hiddenY[r]
                svg += box(x: bx, y: hy, w: boxWidth, h: hiddenHeight) + cells(values, x: bx, y: hy)
                let mid = hy + hiddenHeight / 2
                let previous = d.backwards[r] ? c + 1 : c - 1
                if previous >= 0, previous < d.columns.count, r < d.columns[previous].hidden.count,
                    !d.columns[previous].hidden[r].isEmpty
                {
                    let isDecoder = c >= d.encoderColumns
                    svg +=
                        d.backwards[r]
                        ? arrow(x(previous) - 2, mid, bx + boxWidth + 2, mid, label: nil)
                        : arrow(
                            x(previous) + boxWidth, mid, bx - 2, mid,
                            label: c == 1 || (isDecoder && c == d.encoderColumns + 1) ? d.recurrentWeight : nil)
                }
                if let above = nextRowAbove(r, d), above < hiddenRows {
                    svg += arrow(bx + boxWidth / 2, hy, bx + boxWidth / 2, hiddenY[above] + hiddenHeight + 2)
                }
            }
            return svg
        }

        /// One hidden box's units (at most `units`, then how many more there are).
        func cells(_ values: [Double], x bx: Double, y hy: Double) -> String {
            var svg = ""
            let scale = max(1, values.map(abs).max() ?? 1)
            for (k, v) in values.prefix(units).enumerated() {
                let cy = hy + 4 + Double(k) * unitHeight
                svg +=
                    "<rect x=\"\(n(bx + 4))\" y=\"\(n(cy))\" width=\"\(n(boxWidth - 8))\" height=\"\(n(unitHeight - 2))\" fill=\"\(SVGPlot.color(v, scale: scale))\"><title>\(HTML.escape("unit \(k + 1): \(d.format.format(v))"))</title></rect>\n"
                svg += text(
                    d.format.format(v), x: bx + boxWidth / 2, y: cy + 10.5, anchor: "middle",
                    extra: " class=\"wb-mono wb-on-colour\" fill=\"#111\"")
            }
            if values.count > units {
                svg += text(
                    "… \(values.count - units) more", x: bx + boxWidth / 2, y: hy + hiddenHeight - 5,
                    anchor: "middle", extra: " class=\"wb-small\"")
            }
            return svg
        }

        /// Column `c`'s most likely outputs (the target marked), the arrow up from the top layer, and the dashed
        /// arrow of a generated output fed back as the next input.
        func output(_ c: Int) -> String {
            let column = d.columns[c]
            guard outputHeight > 0, !column.outputs.isEmpty else { return "" }
            let bx = x(c)
            let lines = column.outputs.count + (extraTargetLine(column) ? 1 : 0)
            let h = Double(lines) * lineHeight + 10
            var svg = box(x: bx, y: outputY + outputHeight - h, w: boxWidth, h: h)
            var ly = outputY + outputHeight - h + 15
            for o in column.outputs {
                let isTarget = column.target?.token == o.token
                svg += outputLine(o, x: bx, y: ly, target: isTarget ? column.right : nil, format: d.format)
                ly += lineHeight
            }
            if extraTargetLine(column), let t = column.target {
                svg += outputLine(t, x: bx, y: ly, target: false, format: d.format)
            }
            if hiddenRows > 0, let topRow = topRows(d).last, topRow < column.hidden.count, !column.hidden[topRow].isEmpty {
                svg += arrow(
                    bx + boxWidth / 2, hiddenY[topRow], bx + boxWidth / 2, outputY + outputHeight + 2,
                    label: c == d.encoderColumns ? d.outputWeight : nil)
            }
            if d.feedsBack, c + 1 < d.columns.count, inputHeight > 0 {
                svg += arrow(bx + boxWidth, outputY + outputHeight - 8, x(c + 1) + 8, inputY - 2, dashed: true)
            }
            return svg
        }
    }

    /// The rows of the top layer (both directions).
    static func topRows(_ d: Diagram) -> [Int] {
        let directions = d.backwards.contains(true) ? 2 : 1
        let count = d.rows.count
        return Array(max(0, count - directions)..<count)
    }

    /// The row of the layer above `r` in the same direction, if any.
    static func nextRowAbove(_ r: Int, _ d: Diagram) -> Int? {
        let directions = d.backwards.contains(true) ? 2 : 1
        return r + directions < d.rows.count ? r + directions : nil
    }

    static func extraTargetLine(_ c: Diagram.Column) -> Bool {
        guard let t = c.target else { return false }
        return !c.outputs.contains { $0.token == t.token }
    }

    static func outputLine(_ o: Diagram.Output, x: Double, y: Double, target: Bool?, format: NumberFormat) -> String {
        var s = ""
        if let right = target {
            let color = right ? "#2b8a3e" : "#c92a2a"
            s +=
                "<rect x=\"\(n(x + 2))\" y=\"\(n(y - 11))\" width=\"\(n(boxWidth - 4))\" height=\"14\" rx=\"2\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"\(color)\" class=\"\(right ? "wb-right" : "wb-wrong")\"/>\n"
        }
        let mark = target.map { $0 ? " ✓" : " ✗" } ?? ""
        s += text(Plot.shown(o.token), x: x + 6, y: y, anchor: "start", extra: " class=\"wb-mono\"")
        s += text(format.format(o.probability) + mark, x: x + boxWidth - 5, y: y, anchor: "end")
        return s
    }

    static func box(x: Double, y: Double, w: Double, h: Double) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" rx=\"4\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.55\"/>\n"
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String, extra: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(extra)>\(HTML.escape(s))</text>\n"
    }

    /// A sentence for screen readers: what the figure shows, step by step.
    static func description(_ d: Diagram) -> String {
        let steps = d.columns.enumerated().map { i, c -> String in
            var parts: [String] = []
            if let input = c.input { parts.append("reads \(Plot.shown(input))") }
            if let best = c.outputs.first {
                parts.append("most likely output \(Plot.shown(best.token)) (\(d.format.format(best.probability)))")
            }
            if let t = c.target {
                parts.append(
                    "target \(Plot.shown(t.token)) has probability \(d.format.format(t.probability)), \(c.right ? "right" : "wrong")"
                )
            }
            return "step \(i + d.firstStep): " + parts.joined(separator: ", ")
        }
        return "The network unrolled over \(d.columns.count) steps. " + steps.joined(separator: "; ") + "."
    }

    /// FNV-1a of a string, for ids that are the same on every build.
    static func stableHash(_ s: String) -> String {
        var h: UInt32 = 2_166_136_261
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        return String(h, radix: 16)
    }
}
