import Foundation

/// A figure a directive draws. The Markdown handout shows it as text (`ASCIIPlot`), the HTML handout as SVG
/// (`SVGPlot`), from the same numbers.
public struct Plot: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]

        public init(name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }

        /// `y` against 1, 2, 3, … (steps, time).
        public init(name: String, y: [Double]) {
            self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y)
        }
    }

    public enum Kind: Sendable, Equatable {
        /// Line plot of one or more series, optionally with a logarithmic y axis.
        case lines([Series], logY: Bool)
        /// One bar per label (a distribution over the vocabulary).
        case bars(labels: [String], values: [Double])
        /// A matrix as coloured cells (hidden states over time).
        case heatmap(rowLabels: [String], columnLabels: [String], values: [[Double]])
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var kind: Kind
    /// A line plot's x axis labelled with these (the tokens of the steps 1, 2, 3, …) instead of numbers.
    public var xTickLabels: [String]?

    public init(title: String, xLabel: String = "", yLabel: String = "", kind: Kind) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.kind = kind
    }

    /// A label as drawn: the space token as `␣`, a newline as `↵`, so no label is blank.
    static func shown(_ label: String) -> String {
        label == " " ? "␣" : label == "\n" ? "↵" : label.isEmpty ? "∅" : label
    }

    /// The finite points of a series, and on a log axis the positive ones, with y mapped to log10.
    static func visible(_ s: Series, logY: Bool) -> [(x: Double, y: Double)] {
        zip(s.x, s.y).compactMap { x, y in
            guard x.isFinite, y.isFinite, !logY || y > 0 else { return nil }
            return (x, logY ? log10Value(y) : y)
        }
    }

    static func log10Value(_ y: Double) -> Double { Foundation.log10(y) }

    /// An axis: its range and its ticks, at 1, 2 or 5 times a power of ten (whole numbers only, and no two the
    /// same, on an axis of whole numbers such as steps). `extend` widens the range to the outer ticks (a y axis);
    /// otherwise the ticks lie within the data's range (an x axis).
    struct Axis: Equatable {
        var low: Double
        var high: Double
        var ticks: [Double]
    }

    static func axis(_ low: Double, _ high: Double, integers: Bool = false, extend: Bool, target: Int = 5) -> Axis {
        let raw = (high / 2 - low / 2) * 2 / Double(target)
        guard low.isFinite, high.isFinite, high > low, raw.isFinite, raw > 0 else {
            return Axis(low: low, high: high, ticks: low == high ? [low] : [low, high])
        }
        let magnitude = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * 0.999 } ?? 10 * magnitude
        if integers, step < 1 { step = 1 }
        let first = extend ? (low / step).rounded(.down) : (low / step).rounded(.up)
        let last = extend ? (high / step).rounded(.up) : (high / step).rounded(.down)
        guard (last - first).isFinite, last - first <= 100 else {
            return Axis(low: low, high: high, ticks: [low, high])
        }
        // Multiples of the step, so 0.1 · 3 prints as 0.3 and zero is never −0.
        let decimals = max(0, -Int(Foundation.log10(step).rounded(.down)))
        let scale = Foundation.pow(10, Double(min(decimals, 300)))
        let ticks = stride(from: first, through: last, by: 1).map { k -> Double in
            let v = k * step
            let rounded = scale.isFinite && (v * scale).isFinite ? (v * scale).rounded() / scale : v
            return abs(rounded) < step * 1e-9 ? 0 : rounded
        }
        guard !ticks.isEmpty else { return Axis(low: low, high: high, ticks: [low, high]) }
        return extend
            ? Axis(low: ticks.first!, high: ticks.last!, ticks: ticks) : Axis(low: low, high: high, ticks: ticks)
    }

    /// A line plot's visible points per series and its two axes, as both renderers draw them; with labels on the x
    /// axis, a tick at every step 1 … n.
    static func lineAxes(_ series: [Series], logY: Bool, xLabels: [String]? = nil) -> (
        points: [[(x: Double, y: Double)]], x: Axis, y: Axis
    ) {
        let points = series.map { visible($0, logY: logY) }
        let (xMin, xMax) = range(points.flatMap { $0.map(\.x) })
        let (yMin, yMax) = range(points.flatMap { $0.map(\.y) })
        let integerX = points.allSatisfy { $0.allSatisfy { $0.x == $0.x.rounded() } }
        let y = logY ? logAxis(yMin, yMax) : axis(yMin, yMax, extend: true)
        if let xLabels, !xLabels.isEmpty {
            let n = Double(xLabels.count)
            let ticks = (1...xLabels.count).map(Double.init)
            return (points, Axis(low: n == 1 ? 0.5 : 1, high: n == 1 ? 1.5 : n, ticks: ticks), y)
        }
        return (points, axis(xMin, xMax, integers: integerX, extend: false), y)
    }

    /// The number of steps of a line plot's longest line.
    var lineSteps: Int {
        guard case .lines(let series, _) = kind else { return 0 }
        return series.map(\.y.count).max() ?? 0
    }

    /// The x axis's tick labels: the data's own labels where it has them (`xTickLabels`), else the numbers
    /// (`ASCIIPlot.ticks`).
    func xTicks(_ xs: [Double]) -> [String] {
        let numbers = ASCIIPlot.ticks(xs)
        return zip(xs, numbers).map { x, number in
            guard let xTickLabels, x == x.rounded(), x >= 1, Int(x) <= xTickLabels.count else { return number }
            return Plot.shown(xTickLabels[Int(x) - 1])
        }
    }

    /// A log axis (values are log10 of the data): ticks at powers of ten when the range spans a decade, else at
    /// 1-2-5 values of the data placed at their logarithms.
    static func logAxis(_ low: Double, _ high: Double) -> Axis {
        guard low.isFinite, high.isFinite, high > low else { return axis(low, high, extend: true) }
        if high - low >= 1 {
            let a = axis(low, high, integers: true, extend: true)
            return a
        }
        let linear = axis(Foundation.pow(10, low), Foundation.pow(10, high), extend: false)
        let ticks = linear.ticks.filter { $0 > 0 }.map { Foundation.log10($0) }
        return Axis(low: low, high: high, ticks: ticks.isEmpty ? [low, high] : ticks)
    }

    /// Where `v` lies between `low` and `high`, from 0 to 1, without overflow for any finite numbers (the halves
    /// are subtracted, as `high - low` can overflow); the middle when the range has no width.
    static func fraction(_ v: Double, _ low: Double, _ high: Double) -> Double {
        let width = high / 2 - low / 2
        let t = (v / 2 - low / 2) / width
        guard width > 0, t.isFinite else { return 0.5 }
        return min(max(t, 0), 1)
    }

    /// The value at fraction `t` of the way from `low` to `high`, without overflow.
    static func interpolate(_ low: Double, _ high: Double, _ t: Double) -> Double { low * (1 - t) + high * t }

    /// Axis range padded so that a flat series still has height.
    static func range(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        if low == high { return (low - 0.5, high + 0.5) }
        return (low, high)
    }
}
