/// SVG rendering of plots for the HTML handout, inline in the page. Coordinates are printed with two
/// decimals, so the same numbers always give the same bytes; every label is escaped.
enum SVGPlot {
    /// Ten line colours, as matplotlib's default cycle has ten (a seventh line was the first's blue again).
    static let colors = [
        "#1f5f99", "#d9641e", "#2b8a3e", "#c92a2a", "#7048e8", "#868e96", "#8c564b", "#c2255c", "#5c940d", "#0b7285",
    ]
    static let margin = (left: 64.0, right: 16.0, top: 28.0, bottom: 46.0)

    /// The drawing's size in the SVG's own units, in which its text is 11 units high (13 for the title). A page
    /// draws it at most 640 px wide, so text comes out at 11 px; a slide draws it as large as the slide allows
    /// (at most 400 px high), so it gets a smaller drawing for the same text: its labels come out near 23 px on
    /// the slide's 1280×720 canvas, and no smaller than 14 px when the slide is zoomed out (`SlideAssets`).
    struct Canvas: Equatable, Sendable {
        let width, height: Double
        static let page = Canvas(width: 640, height: 300)
        static let slide = Canvas(width: 360, height: 190)
    }

    static func render(_ plot: Plot, canvas: Canvas = .page) -> String {
        var body: String
        var h = canvas.height
        switch plot.kind {
        case .lines(let series, let logY):
            body = lines(series, logY: logY, plot, canvas)
            if hasLegend(series) { h += 8 + Double(series.count) * 16 }
        case .bars(let labels, let values):
            h = max(80, Double(labels.count) * 20 + margin.top + 20)
            body = bars(labels, values, width: canvas.width)
        case .heatmap(let rows, let columns, let values):
            h = max(80, Double(rows.count) * 22 + margin.top + 50)
            body = heatmap(rows, columns, values, width: canvas.width)
        }
        // A title too long for one line (about 7.5 units a character) takes more, and the drawing moves down.
        let title = titleLines(plot.title, width: canvas.width - 16)
        let below = Double(title.count - 1) * 16
        if below > 0 { body = "<g transform=\"translate(0 \(n(below)))\">\n" + body + "</g>\n" }
        return
            "<figure class=\"wb-plot\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(canvas.width)) \(n(h + below))\" role=\"img\" aria-label=\"\(HTML.escape(plot.title))\">\n"
            + title.enumerated().map { k, line in
                "<text x=\"\(n(canvas.width / 2))\" y=\"\(18 + 16 * k)\" text-anchor=\"middle\" class=\"wb-plot-title\">\(HTML.escape(line))</text>\n"
            }.joined()
            + body + "</svg></figure>\n"
    }

    /// `title` in lines of at most `width` units at 7.5 a character, cut between words (a longer word stands
    /// alone on its line); one line, however long, when it has no space to cut at.
    static func titleLines(_ title: String, width: Double) -> [String] {
        let most = max(1, Int(width / 7.5))
        var lines: [String] = []
        var line = ""
        for word in title.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty, line.count + 1 + word.count > most {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines.isEmpty && line.isEmpty ? [title] : lines + (line.isEmpty ? [] : [line])
    }

    static func n(_ x: Double) -> String { NumberFormat(style: .fixed, precision: 2).format(x) }

    /// A line's points, when it has more than four per column (`column(x)`, half a unit of the page's width): of
    /// each run of points in one column, its first, lowest, highest and last, in their order (M4 aggregation,
    /// Jugel et al., VLDB 2014). The polyline through them covers the same columns and heights as the one through
    /// every point, drawn at up to twice the page's units (1,280 pixels), so `train`'s loss over a million updates
    /// is a few thousand points rather than 28 MB of them. Fewer points are drawn as they are.
    static func thinned(
        _ points: [(x: Double, y: Double)], columns: Int, column: (Double) -> Int
    ) -> [(x: Double, y: Double)] {
        guard points.count > 4 * columns else { return points }
        var (kept, start) = ([(x: Double, y: Double)](), 0)
        while start < points.count {
            let here = column(points[start].x)
            var (end, low, high) = (start + 1, start, start)
            while end < points.count, column(points[end].x) == here {
                if points[end].y < points[low].y { low = end }
                if points[end].y > points[high].y { high = end }
                end += 1
            }
            for i in Set([start, low, high, end - 1]).sorted() { kept.append(points[i]) }
            start = end
        }
        return kept
    }

    private static func text(_ s: String, x: Double, y: Double, anchor: String = "middle", extra: String = "") -> String
    {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(extra)>\(HTML.escape(s))</text>\n"
    }

    private static func lines(_ series: [Plot.Series], logY: Bool, _ plot: Plot, _ canvas: Canvas) -> String {
        let (width, height) = (canvas.width, canvas.height)
        let (points, xAxis, yAxis) = Plot.lineAxes(series, logY: logY, xLabels: plot.xTickLabels)
        let (xLow, xHigh, yLow, yHigh) = (xAxis.low, xAxis.high, yAxis.low, yAxis.high)
        let yLabels = ASCIIPlot.ticks(yAxis.ticks, logY: logY)
        // Room for the widest tick label, then the axis title beyond it: they never overlap.
        let labelWidth = Double(yLabels.map(\.count).max() ?? 1) * 7
        let left = max(margin.left, labelWidth + 36)
        let right = width - margin.right
        let top = margin.top
        let bottom = height - margin.bottom
        func px(_ x: Double) -> Double { left + Plot.fraction(x, xLow, xHigh) * (right - left) }
        func py(_ y: Double) -> Double { bottom - Plot.fraction(y, yLow, yHigh) * (bottom - top) }
        var svg =
            "<g class=\"wb-axes\" stroke=\"currentColor\" fill=\"none\"><path d=\"M\(n(left)) \(n(top))V\(n(bottom))H\(n(right))\"/></g>\n"
        for (y, label) in zip(yAxis.ticks, yLabels) {
            svg +=
                "<path d=\"M\(n(left - 4)) \(n(py(y)))H\(n(right))\" class=\"wb-grid\" stroke=\"#888\" stroke-opacity=\"0.3\"/>\n"
            svg += text(label, x: left - 7, y: py(y) + 4, anchor: "end")
        }
        // Labels about 7 px a character: every k-th tick is labelled so that neighbours never overlap.
        let xLabels = plot.xTicks(xAxis.ticks)
        let widest = Double(xLabels.map(\.count).max() ?? 1) * 7 + 6
        let room = (right - left) / Double(max(xAxis.ticks.count - 1, 1))
        let every = max(1, Int((widest / room).rounded(.up)))
        for (k, x) in xAxis.ticks.enumerated() {
            svg += "<path d=\"M\(n(px(x))) \(n(bottom))v4\" stroke=\"currentColor\"/>\n"
            if k % every == 0 { svg += text(xLabels[k], x: px(x), y: bottom + 16) }
        }
        if !plot.xLabel.isEmpty { svg += text(plot.xLabel, x: (left + right) / 2, y: height - 8) }
        if !plot.yLabel.isEmpty {
            let label = plot.yLabel + (logY ? " (log scale)" : "")
            let x = left - labelWidth - 22
            svg += text(
                label, x: x, y: (top + bottom) / 2, extra: " transform=\"rotate(-90 \(n(x)) \(n((top + bottom) / 2)))\""
            )
        }
        for (k, all) in points.enumerated() where !all.isEmpty {
            let color = colors[k % colors.count]
            let pts = thinned(all, columns: Int(2 * (right - left))) { Int(2 * (px($0) - left)) }
            let path = pts.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"/>\n"
            // Markers for a line of few points, however few its thinned line keeps.
            if all.count <= 40 {
                for p in pts {
                    svg += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
                }
            }
        }
        if hasLegend(series) {
            for (k, s) in series.enumerated() {
                let y = height + 8 + Double(k) * 16
                svg +=
                    "<rect x=\"\(n(left))\" y=\"\(n(y - 4))\" width=\"14\" height=\"3\" fill=\"\(colors[k % colors.count])\"/>\n"
                svg += text(s.name, x: left + 20, y: y, anchor: "start")
            }
        }
        return svg
    }

    private static func hasLegend(_ series: [Plot.Series]) -> Bool {
        series.count > 1 || !(series.first?.name.isEmpty ?? true)
    }

    private static func bars(_ labels: [String], _ values: [Double], width: Double) -> String {
        let top = values.filter(\.isFinite).map(abs).max() ?? 1
        let left = 120.0
        let span = width - left - 80
        var svg = ""
        for (i, (label, v)) in zip(labels, values).enumerated() {
            let y = margin.top + Double(i) * 20
            let w = top > 0 && v.isFinite ? abs(v) / top * span : 0
            svg += text(Plot.shown(label), x: left - 8, y: y + 13, anchor: "end", extra: " class=\"wb-mono\"")
            svg += "<rect x=\"\(n(left))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"14\" fill=\"\(colors[0])\"/>\n"
            svg += text(NumberFormat.standard.format(v), x: left + w + 6, y: y + 13, anchor: "start")
        }
        return svg
    }

    private static func heatmap(_ rows: [String], _ columns: [String], _ values: [[Double]], width: Double) -> String {
        let scale = values.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 1
        let left = 90.0
        let cell = min(28.0, (width - left - 20) / Double(max(columns.count, 1)))
        var svg = ""
        for (j, label) in columns.enumerated() {
            svg += text(
                Plot.shown(label), x: left + (Double(j) + 0.5) * cell, y: margin.top + 10, extra: " class=\"wb-small\"")
        }
        for (i, (label, row)) in zip(rows, values).enumerated() {
            let y = margin.top + 16 + Double(i) * 22
            svg += text(Plot.shown(label), x: left - 8, y: y + 15, anchor: "end", extra: " class=\"wb-mono\"")
            for (j, v) in row.enumerated() {
                svg +=
                    "<rect x=\"\(n(left + Double(j) * cell))\" y=\"\(n(y))\" width=\"\(n(cell - 1))\" height=\"21\" fill=\"\(color(v, scale: scale))\"><title>\(HTML.escape(NumberFormat.standard.format(v)))</title></rect>\n"
            }
        }
        let legendY = margin.top + 16 + Double(rows.count) * 22 + 16
        svg += text(
            "blue −\(ASCIIPlot.tick(scale)) · white 0 · red +\(ASCIIPlot.tick(scale))", x: left, y: legendY,
            anchor: "start", extra: " class=\"wb-small\"")
        return svg
    }

    /// Diverging colour: blue for negative, white for zero, red for positive, by `|v| / scale`.
    static func color(_ v: Double, scale: Double) -> String {
        guard v.isFinite, scale > 0 else { return "#999999" }
        let t = min(abs(v) / scale, 1)
        let (r, g, b): (Double, Double, Double) =
            v >= 0 ? (255, 255 - 180 * t, 255 - 200 * t) : (255 - 200 * t, 255 - 140 * t, 255)
        func hex(_ x: Double) -> String {
            let s = String(Int(x.rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }
}
