import Foundation

extension RNNLanguageModel {
    /// The per-step losses J(t) of one window, the gradient of `Σ_t w(t) J(t)` and h(T): what `forward`,
    /// `stepLosses` and `backward` give, by the same operations in the same order (so the same bits; tested),
    /// but with every activation and every per-step vector in buffers allocated once for the window, so a
    /// training loop allocates nothing per time step. Activations are O(T·(H + V + D)).
    func windowLossAndGradient(inputs: [Int], targets: [Int], h0: [Double], stepWeights: [Double])
        -> (stepLosses: [Double], gradients: ParameterSet, last: [Double])
    {
        let T = inputs.count
        precondition(targets.count == T && stepWeights.count == T && h0.count == hiddenSize, "window shapes")
        let (H, V) = (hiddenSize, vocabulary.count)
        let w = weights
        let (I, D) = (w.We.cols, w.E?.rows ?? 0)
        // One allocation for the window: weights (read through pointers), activations and per-step vectors.
        let sizes = [
            H * I, H * H, H, V * H, V, D * V,  // W_e, W_h, b1, U, b2, E
            (T + 1) * H, T * H, T * V, T * D,  // h(0…T), z, ŷ, e
            V, H, H, H, D,  // ∂o, ∂h, δ, ∂h(t+1), ∂e
        ]
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: sizes.reduce(0, +) + 1)
        defer { storage.deallocate() }
        var offset = 0
        func take(_ k: Int) -> UnsafeMutablePointer<Double> {
            defer { offset += sizes[k] }
            return storage + offset
        }
        let (We, Wh, b1, U, b2, E) = (take(0), take(1), take(2), take(3), take(4), take(5))
        let (hs, zs, ps, es) = (take(6), take(7), take(8), take(9))
        let (dO, dh, delta, dhNext, de) = (take(10), take(11), take(12), take(13), take(14))
        We.initialize(from: w.We.values, count: H * I)
        Wh.initialize(from: w.Wh.values, count: H * H)
        b1.initialize(from: w.b1, count: H)
        U.initialize(from: w.U.values, count: V * H)
        b2.initialize(from: w.b2, count: V)
        if let matrix = w.E { E.initialize(from: matrix.values, count: D * V) }
        hs.initialize(from: h0, count: H)
        es.initialize(repeating: 0, count: T * D)

        // Forward, as `cell` and `Softmax` compute it.
        var losses = [Double](repeating: 0, count: T)
        for t in 0..<T {
            let (previous, h, z) = (hs + t * H, hs + (t + 1) * H, zs + t * H)
            let (o, e, x) = (ps + t * V, es + t * D, inputs[t])
            z.update(from: b1, count: H)
            Kernels.addMatVec(Wh, rows: H, cols: H, previous, into: z)
            if x != Self.noInput {
                if w.E != nil {
                    for k in 0..<D { e[k] = E[k * V + x] }
                    Kernels.addMatVec(We, rows: H, cols: I, e, into: z)
                } else {
                    for i in 0..<H { z[i] += We[i * I + x] }
                }
            }
            for i in 0..<H { h[i] = activation.apply(z[i]) }
            o.update(from: b2, count: V)
            Kernels.addMatVec(U, rows: V, cols: H, h, into: o)
            // J(t) = lse(o) - o[y] and ŷ = exp(o - m) / Σ exp(o - m), m = max o (ŷ overwrites o).
            var m = o[0]
            for v in 1..<V where m < o[v] { m = o[v] }
            let target = o[targets[t]]
            var sum = 0.0
            for v in 0..<V {
                o[v] = exp(o[v] - m)
                sum += o[v]
            }
            losses[t] = (m.isFinite ? m + log(sum) : m) - target
            for v in 0..<V { o[v] /= sum }
        }

        // Backward, as `backward` computes it.
        var gradients = parameters.zeros()
        let gradientSizes = [H * I, H * H, H, V * H, V, D * V]
        let gradientStorage = UnsafeMutablePointer<Double>.allocate(capacity: gradientSizes.reduce(0, +) + 1)
        defer { gradientStorage.deallocate() }
        gradientStorage.initialize(repeating: 0, count: gradientSizes.reduce(0, +) + 1)
        let dWe = gradientStorage
        let dWh = dWe + H * I
        let db1 = dWh + H * H
        let dU = db1 + H
        let db2 = dU + V * H
        let dE = db2 + V
        dhNext.initialize(repeating: 0, count: H)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let weight = stepWeights[t]
            let (p, h, z, hPrevious) = (ps + t * V, hs + (t + 1) * H, zs + t * H, hs + t * H)
            for v in 0..<V { dO[v] = p[v] * weight }
            dO[targets[t]] -= weight
            Kernels.addOuter(dO, count: V, h, count: H, into: dU, rowStride: H)
            for v in 0..<V { db2[v] += dO[v] }
            dh.update(from: dhNext, count: H)
            Kernels.addMatTVec(U, rows: V, cols: H, dO, into: dh)
            for i in 0..<H { delta[i] = dh[i] * activation.derivative(output: h[i], input: z[i]) }
            Kernels.addOuter(delta, count: H, hPrevious, count: H, into: dWh, rowStride: H)
            for i in 0..<H { db1[i] += delta[i] }
            let x = inputs[t]
            if x != Self.noInput, w.E != nil {
                Kernels.addOuter(delta, count: H, es + t * D, count: D, into: dWe, rowStride: I)
                de.update(repeating: 0, count: D)
                Kernels.addMatTVec(We, rows: H, cols: I, delta, into: de)
                for k in 0..<D { dE[k * V + x] += de[k] }
            } else if x != Self.noInput {
                for i in 0..<H { dWe[i * I + x] += delta[i] }
            }
            dhNext.update(repeating: 0, count: H)
            Kernels.addMatTVec(Wh, rows: H, cols: H, delta, into: dhNext)
        }
        func matrix(_ p: UnsafeMutablePointer<Double>, _ rows: Int, _ cols: Int) -> Matrix {
            Matrix(rows: rows, cols: cols, values: Array(UnsafeBufferPointer(start: p, count: rows * cols)))
        }
        gradients["W_e"] = matrix(dWe, H, I)
        gradients["W_h"] = matrix(dWh, H, H)
        gradients["b1"] = matrix(db1, H, 1)
        gradients["U"] = matrix(dU, V, H)
        gradients["b2"] = matrix(db2, V, 1)
        if w.E != nil { gradients["E"] = matrix(dE, D, V) }
        return (losses, gradients, Array(UnsafeBufferPointer(start: hs + T * H, count: H)))
    }
}
