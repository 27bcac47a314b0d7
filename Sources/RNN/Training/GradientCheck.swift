import Foundation

/// Backpropagation through time against central finite differences.
///
/// For each chosen entry θ_k the numeric derivative is `n = (J(θ + ε e_k) - J(θ - ε e_k)) / 2ε`, whose truncation
/// error is O(ε²) and rounding error about `ε_mach · |J| / ε` (1e-10 for J ≈ 10 and ε = 1e-5). The relative
/// error is `|a - n| / max(|a|, |n|)`, and 0 when both are exactly zero. An entry passes when its relative error
/// is at most `tolerance` or its absolute error at most `absoluteTolerance`: for a gradient entry of 1e-5 the
/// rounding noise alone is a relative 1e-5, so the absolute bound (default 1e-9, as PyTorch's gradcheck has an
/// `atol`) keeps tiny entries from failing while an O(1) relative bug on any entry above 1e-9 is still caught.
public struct GradientCheck: Sendable {
    public struct Entry: Equatable, Sendable {
        public let parameter: String
        public let row: Int
        public let col: Int
        public let analytic: Double
        public let numeric: Double
        public let relativeError: Double
        public let passed: Bool
    }

    public var step: Double
    public var tolerance: Double
    public var absoluteTolerance: Double

    public init(step: Double = 1e-5, tolerance: Double = 1e-6, absoluteTolerance: Double = 1e-9) {
        self.step = step
        self.tolerance = tolerance
        self.absoluteTolerance = absoluteTolerance
    }

    public static func relativeError(analytic a: Double, numeric n: Double) -> Double {
        let difference = abs(a - n)
        if difference == 0 { return 0 }
        return difference / max(abs(a), abs(n))
    }

    /// Checks the entries `(parameter, row, col)` of `model`'s gradient of `loss` against finite differences.
    /// `loss` evaluates J for a model; `analytic` holds ∂J/∂θ from BPTT.
    public func run<Model: RecurrentModel>(
        model: Model, analytic: ParameterSet, entries: [(String, Int, Int)], loss: (Model) -> Double
    ) -> [Entry] {
        var probe = model
        return entries.prefix { _ in !Deadline.passed }.map { name, row, col in
            let original = probe.parameters[name]![row, col]
            probe.parameters[name]![row, col] = original + step
            let plus = loss(probe)
            probe.parameters[name]![row, col] = original - step
            let minus = loss(probe)
            probe.parameters[name]![row, col] = original
            let numeric = (plus - minus) / (2 * step)
            let a = analytic[name]![row, col]
            let relative = Self.relativeError(analytic: a, numeric: numeric)
            let passed = relative <= tolerance || abs(a - numeric) <= absoluteTolerance
            return Entry(
                parameter: name, row: row, col: col, analytic: a, numeric: numeric, relativeError: relative,
                passed: passed)
        }
    }
}
