extension Softmax {
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
