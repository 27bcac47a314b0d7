import Foundation

/// Text rendering of plots for the Markdown handout: a grid of characters with labelled axes and a legend.
enum ASCIIPlot {
    static let width = 60
    static let height = 15
    static let markers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&", "=", "~"]
    static let shades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    static func render(_ plot: Plot) -> String {
        var lines = [plot.title]
        switch plot.kind {
        case .lines(let series, let logY):
            lines += lineChart(series, logY: logY, plot: plot)
        case .bars(let labels, let values):
            lines += barChart(labels, values)
        case .heatmap(let rows, let columns, let values):
            lines += heatmap(rows, columns, values)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func tick(_ value: Double, logY: Bool = false, precision: Int = 3) -> String {
        let v = logY ? Foundation.pow(10, value) : value
        return NumberFormat(style: .general, precision: precision).format(v)
    }

    /// An axis's tick labels, with the fewest significant digits (three at least) that tell ticks of different
    /// values apart, as matplotlib adds decimals: six ticks from 0.24998 to 0.25002 are not all "0.25".
    static func ticks(_ values: [Double], logY: Bool = false) -> [String] {
        var labels = values.map { tick($0, logY: logY) }
        for precision in 4...17 {
            var seen: [String: Double] = [:]
            let clash = zip(labels, values).contains { label, value in
                defer { seen[label] = value }
                return seen[label].map { $0 != value } ?? false
            }
            guard clash else { break }
            labels = values.map { tick($0, logY: logY, precision: precision) }
        }
        return labels
    }

    private static func lineChart(_ series: [Plot.Series], logY: Bool, plot: Plot) -> [String] {
        let (points, xAxis, yAxis) = Plot.lineAxes(series, logY: logY, xLabels: plot.xTickLabels)
        let (xLow, xHigh, yLow, yHigh) = (xAxis.low, xAxis.high, yAxis.low, yAxis.high)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for (k, pts) in points.enumerated() {
            let marker = markers[k % markers.count]
            for p in pts {
                let col = Int((Plot.fraction(p.x, xLow, xHigh) * Double(width - 1)).rounded())
                let row = Int((Plot.fraction(p.y, yLow, yHigh) * Double(height - 1)).rounded())
                grid[height - 1 - row][col] = marker
            }
        }
        // Each y tick on the row nearest its value (one label per row).
        var rowLabels: [Int: String] = [:]
        for (y, label) in zip(yAxis.ticks, ticks(yAxis.ticks, logY: logY)) {
            let row = height - 1 - Int((Plot.fraction(y, yLow, yHigh) * Double(height - 1)).rounded())
            if rowLabels[row] == nil { rowLabels[row] = label }
        }
        let gutter = max(rowLabels.values.map(\.count).max() ?? 0, plot.yLabel.count)
        var out: [String] = []
        if !plot.yLabel.isEmpty { out.append(pad(plot.yLabel + (logY ? " (log scale)" : ""), gutter, left: true)) }
        for (row, cells) in grid.enumerated() {
            let label = rowLabels[row] ?? ""
            out.append(pad(label, gutter) + (label.isEmpty ? " |" : " +") + String(cells))
        }
        var ruler = [Character](repeating: "-", count: width)
        var axis = [Character](repeating: " ", count: width + 2)
        var free = 0
        for (x, label) in zip(xAxis.ticks, plot.xTicks(xAxis.ticks)) {
            let col = Int((Plot.fraction(x, xLow, xHigh) * Double(width - 1)).rounded())
            ruler[col] = "+"
            // Centred under its mark, kept inside the line, never over the previous label.
            let at = min(max(col + 2 - label.count / 2, 0), width + 2 - label.count)
            if at >= free {
                place(label, at: at, in: &axis)
                free = at + label.count + 1
            }
        }
        out.append(String(repeating: " ", count: gutter) + " +" + String(ruler))
        out.append(String(repeating: " ", count: gutter) + String(axis))
        if !plot.xLabel.isEmpty { out.append(String(repeating: " ", count: gutter + 2) + plot.xLabel) }
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            out.append(
                "legend: "
                    + series.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element.name)" }.joined(
                        separator: "   "))
        }
        return out
    }

    private static func barChart(_ labels: [String], _ values: [Double]) -> [String] {
        let labels = labels.map(Plot.shown)
        let gutter = labels.map(\.count).max() ?? 0
        let top = values.filter(\.isFinite).map(abs).max() ?? 1
        return zip(labels, values).map { label, v in
            let n = top > 0 && v.isFinite ? Int((abs(v) / top * 40).rounded()) : 0
            return pad(label, gutter, left: true) + " |" + String(repeating: "#", count: n)
                + String(repeating: " ", count: 40 - n) + " " + NumberFormat.standard.format(v)
        }
    }

    private static func heatmap(_ rows: [String], _ columns: [String], _ values: [[Double]]) -> [String] {
        let (rows, columns) = (rows.map(Plot.shown), columns.map(Plot.shown))
        let all = values.flatMap { $0 }.filter(\.isFinite)
        let (low, high) = Plot.range(all)
        let gutter = rows.map(\.count).max() ?? 0
        var out = [String(repeating: " ", count: gutter + 2) + columns.map { String($0.prefix(1)) }.joined()]
        for (label, row) in zip(rows, values) {
            let cells = row.map { v -> Character in
                guard v.isFinite else { return "?" }
                let i = Int((Plot.fraction(v, low, high) * Double(shades.count - 1)).rounded())
                return shades[min(max(i, 0), shades.count - 1)]
            }
            out.append(pad(label, gutter, left: true) + " |" + String(cells) + "|")
        }
        out.append("scale: '\(shades.first!)' = \(tick(low)) … '\(shades.last!)' = \(tick(high)) (\(String(shades)))")
        return out
    }

    private static func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
        let space = String(repeating: " ", count: max(0, n - s.count))
        return left ? s + space : space + s
    }

    private static func place(_ s: String, at column: Int, in line: inout [Character]) {
        for (i, c) in s.enumerated() where column + i >= 0 && column + i < line.count { line[column + i] = c }
    }
}
