/// Numerically stable softmax and log-sum-exp over rows of logits, and the cross-entropy loss and its gradient.
public enum Softmax {
    /// `lse(o) = m + log Σ_w exp(o_w - m)` with `m = max o`, and, into `p` when given,
    /// `softmax(o)_w = exp(o_w - m) / Σ_v exp(o_v - m)`, so no exponent overflows. The sum adds its terms in
    /// order.
    public static func logSumExp(
        _ o: UnsafePointer<Double>, count: Int, probabilities p: UnsafeMutablePointer<Double>? = nil
    ) -> Double {
        guard count > 0 else { return -.infinity }
        var m = o[0]
        for v in 1..<count where m < o[v] { m = o[v] }
        var sum = 0.0
        if let p {
            // The exponentials in one loop (it vectorises), then their sum in order.
            for v in 0..<count { p[v] = Elementary.exp(o[v] - m) }
            for v in 0..<count { sum += p[v] }
            for v in 0..<count { p[v] /= sum }
        } else {
            guard m.isFinite else { return m }
            for v in 0..<count { sum += Elementary.exp(o[v] - m) }
        }
        return m.isFinite ? m + Elementary.log(sum) : m
    }

    /// The gradient of `w · J` with respect to the logits, `J = -log ŷ[y]`: `w (ŷ - onehot(y))`, into `dz`.
    @inline(__always)
    public static func crossEntropyGradient(
        probabilities p: UnsafePointer<Double>, count: Int, target y: Int, weight w: Double,
        into dz: UnsafeMutablePointer<Double>
    ) {
        for v in 0..<count { dz[v] = p[v] * w }
        dz[y] -= w
    }
}
