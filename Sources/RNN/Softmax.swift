import Foundation

/// Numerically stable softmax and log-sum-exp over a vector of logits.
public enum Softmax {
    /// `log Σ_w exp(o_w)`, computed as `m + log Σ exp(o_w - m)` with `m = max o`.
    public static func logSumExp(_ logits: [Double]) -> Double {
        guard let m = logits.max(), m.isFinite else { return logits.max() ?? -.infinity }
        var sum = 0.0
        for o in logits { sum += exp(o - m) }
        return m + log(sum)
    }

    /// `softmax(o)_w = exp(o_w - m) / Σ_v exp(o_v - m)` with `m = max o`, so no exponent overflows.
    public static func probabilities(_ logits: [Double]) -> [Double] {
        guard let m = logits.max() else { return [] }
        let shifted = logits.map { exp($0 - m) }
        let sum = shifted.reduce(0, +)
        return shifted.map { $0 / sum }
    }
}
