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

    public init(title: String, xLabel: String = "", yLabel: String = "", kind: Kind) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.kind = kind
    }

    /// The finite points of a series, and on a log axis the positive ones, with y mapped to log10.
    static func visible(_ s: Series, logY: Bool) -> [(x: Double, y: Double)] {
        zip(s.x, s.y).compactMap { x, y in
            guard x.isFinite, y.isFinite, !logY || y > 0 else { return nil }
            return (x, logY ? log10Value(y) : y)
        }
    }

    static func log10Value(_ y: Double) -> Double { Foundation.log10(y) }

    /// A tick value on an axis of whole numbers (steps) is rounded to a whole number.
    static func niceTick(_ x: Double, integers: Bool) -> Double { integers ? x.rounded() : x }

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
