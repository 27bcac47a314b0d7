import Foundation

/// Numerically stable softmax and log-sum-exp over a vector of logits.
public enum Softmax {
    /// `lse(o) = m + log Σ_w exp(o_w - m)` with `m = max o`, and, into `p` when given,
    /// `softmax(o)_w = exp(o_w - m) / Σ_v exp(o_v - m)`, so no exponent overflows: the form the training loops
    /// call on their buffers, and the one the array forms below call.
    static func logSumExp(
        _ o: UnsafePointer<Double>, count: Int, probabilities p: UnsafeMutablePointer<Double>? = nil
    ) -> Double {
        guard count > 0 else { return -.infinity }
        var m = o[0]
        for v in 1..<count where m < o[v] { m = o[v] }
        guard m.isFinite || p != nil else { return m }
        var sum = 0.0
        for v in 0..<count {
            let e = exp(o[v] - m)
            p?[v] = e
            sum += e
        }
        if let p { for v in 0..<count { p[v] /= sum } }
        return m.isFinite ? m + log(sum) : m
    }

    /// `log Σ_w exp(o_w)`, computed as `m + log Σ exp(o_w - m)` with `m = max o`.
    public static func logSumExp(_ logits: [Double]) -> Double {
        logits.withUnsafeBufferPointer { o in o.baseAddress.map { logSumExp($0, count: o.count) } ?? -.infinity }
    }

    /// `softmax(o)_w = exp(o_w - m) / Σ_v exp(o_v - m)` with `m = max o`, so no exponent overflows.
    public static func probabilities(_ logits: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: logits.count) { p, count in
            logits.withUnsafeBufferPointer { o in
                if let o = o.baseAddress { _ = logSumExp(o, count: logits.count, probabilities: p.baseAddress) }
            }
            count = logits.count
        }
    }
}
