import Foundation

/// Parameter update rules, each exactly as its reference states it.
public enum Optimizer: Equatable, Sendable {
    /// `θ -= lr · g`.
    case sgd(learningRate: Double)
    /// min-char-rnn's Adagrad: `mem += g²; θ -= lr · g / √(mem + ε)` with ε = 1e-8 inside the square root
    /// (1/√ from `Elementary.reciprocalSquareRoot`, within an ulp, then a product: a square root and a division
    /// per parameter were most of min-char-rnn's update time).
    case adagrad(learningRate: Double, epsilon: Double = 1e-8)
    /// Adam as in PyTorch: `m = β1 m + (1-β1) g`, `v = β2 v + (1-β2) g²`, `m̂ = m/(1-β1ᵗ)`, `v̂ = v/(1-β2ᵗ)`,
    /// `θ -= lr · m̂ / (√v̂ + ε)`.
    case adam(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// Update number `step` (from 1) of `count` parameters θ with gradients g, clipped on the way by `clipping`
    /// given the global norm of all gradients (g itself is left as it is unless `clearing`, which sets every g
    /// it reads back to zero for the next update's gradient to add into: cheaper than zeroing the buffers in a
    /// pass of their own), and the rule's memories (Adagrad's sum of squares in `first`; Adam's moments in `first`
    /// and `second`). Returns whether every θ is finite after the update. Plain loops over the buffers, which the
    /// compiler vectorises.
    @inline(__always)
    func update(
        _ theta: UnsafeMutablePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
        first: UnsafeMutablePointer<Double>, second: UnsafeMutablePointer<Double>, count: Int, step: Int,
        clipping: GradientClipping = .none, norm: Double = 0, clearing: Bool = false
    ) -> Bool {
        var (low, high, scale) = (-Double.infinity, Double.infinity, 1.0)
        switch clipping {
        case .none: break
        case .elementwise(let c): (low, high) = (-c, c)
        case .globalNorm(let c): if norm > c { scale = c / (norm + 1e-6) }
        }
        @inline(__always) func clipped(_ i: Int) -> Double { min(max(g[i], low), high) * scale }
        // The exponent bits of every θ or-ed together: all ones only if some θ is infinite or NaN.
        var exponents: UInt64 = 0
        let exponent: UInt64 = 0x7ff0_0000_0000_0000
        switch self {
        case .sgd(let lr):
            for i in 0..<count {
                theta[i] -= lr * clipped(i)
                exponents |= (theta[i].bitPattern & exponent) == exponent ? 1 : 0
                if clearing { g[i] = 0 }
            }
        case .adagrad(let lr, let epsilon):
            for i in 0..<count {
                let gi = clipped(i)
                let memory = first[i] + gi * gi
                first[i] = memory
                theta[i] -= lr * gi * Elementary.reciprocalSquareRoot(memory + epsilon)
                exponents |= (theta[i].bitPattern & exponent) == exponent ? 1 : 0
                if clearing { g[i] = 0 }
            }
        case .adam(let lr, let beta1, let beta2, let epsilon):
            let c1 = 1 - pow(beta1, Double(step))
            let c2 = 1 - pow(beta2, Double(step))
            for i in 0..<count {
                let gi = clipped(i)
                first[i] = beta1 * first[i] + (1 - beta1) * gi
                second[i] = beta2 * second[i] + (1 - beta2) * gi * gi
                theta[i] -= lr * (first[i] / c1) / ((second[i] / c2).squareRoot() + epsilon)
                exponents |= (theta[i].bitPattern & exponent) == exponent ? 1 : 0
                if clearing { g[i] = 0 }
            }
        }
        return exponents == 0
    }
}

/// The optimizer's memory between steps (Adagrad's sum of squares, Adam's moments).
public struct OptimizerState: Sendable {
    public let optimizer: Optimizer
    private var first: ParameterSet
    private var second: ParameterSet
    public private(set) var steps = 0

    public init(_ optimizer: Optimizer, for parameters: ParameterSet) {
        self.optimizer = optimizer
        first = parameters.zeros()
        second = parameters.zeros()
    }

    /// Applies one update of `parameters` with gradients `gradients` (same names and shapes).
    public mutating func update(_ parameters: inout ParameterSet, with gradients: ParameterSet) {
        steps += 1
        for k in parameters.items.indices {
            let count = gradients.items[k].value.count
            parameters.items[k].value.values.withUnsafeMutableBufferPointer { theta in
                gradients.items[k].value.values.withUnsafeBufferPointer { g in
                    first.items[k].value.values.withUnsafeMutableBufferPointer { m in
                        second.items[k].value.values.withUnsafeMutableBufferPointer { v in
                            guard count > 0 else { return }
                            _ = optimizer.update(
                                theta.baseAddress!, gradient: UnsafeMutablePointer(mutating: g.baseAddress!),
                                first: m.baseAddress!, second: v.baseAddress!, count: count, step: steps)
                        }
                    }
                }
            }
        }
    }
}

/// Gradient clipping before the update.
public enum GradientClipping: Equatable, Sendable {
    case none
    /// Every entry clamped to [-c, c] (min-char-rnn's `np.clip(g, -5, 5)`).
    case elementwise(Double)
    /// All gradients scaled by `c / (‖g‖ + 1e-6)` when their global norm ‖g‖ exceeds c (PyTorch's `clip_grad_norm_`).
    case globalNorm(Double)

    /// The squares of `count` values, summed into eight lanes (value i into lane i mod 8, in order) and a last
    /// sum for the values past the last multiple of 8: `norm` adds them up.
    @inline(__always)
    static func addSquares(_ g: UnsafePointer<Double>, count: Int, into lanes: inout SIMD8<Double>, _ rest: inout Double) {
        var i = 0
        while i + 8 <= count {
            let v = Products.load(g + i)
            lanes = lanes.addingProduct(v, v)
            i += 8
        }
        while i < count {
            rest = rest.addingProduct(g[i], g[i])
            i += 1
        }
    }

    /// ‖g‖ over several buffers: each buffer's squares into the lanes in turn (`addSquares`), then the lanes
    /// added as ((l0+l4) + (l1+l5)) + ((l2+l6) + (l3+l7)), then the rest.
    static func norm(_ buffers: [(UnsafePointer<Double>, Int)]) -> Double {
        var (lanes, rest) = (SIMD8<Double>(), 0.0)
        for (g, count) in buffers { addSquares(g, count: count, into: &lanes, &rest) }
        let total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
        return (total + rest).squareRoot()
    }

    /// Clips `count` gradients in place, given the global norm of all of them.
    @inline(__always)
    func clip(_ g: UnsafeMutablePointer<Double>, count: Int, norm: Double) {
        switch self {
        case .none: break
        case .elementwise(let c):
            for i in 0..<count { g[i] = min(max(g[i], -c), c) }
        case .globalNorm(let c):
            guard norm > c else { return }
            let scale = c / (norm + 1e-6)
            for i in 0..<count { g[i] *= scale }
        }
    }

    /// Clips in place and returns the global norm before clipping.
    @discardableResult
    public func apply(to gradients: inout ParameterSet) -> Double {
        let norm = gradients.withValuePointers { p in
            GradientClipping.norm(zip(p, gradients.items).map { ($0, $1.value.count) })
        }
        for k in gradients.items.indices {
            gradients.items[k].value.values.withUnsafeMutableBufferPointer { g in
                if let base = g.baseAddress { clip(base, count: g.count, norm: norm) }
            }
        }
        return norm
    }
}
