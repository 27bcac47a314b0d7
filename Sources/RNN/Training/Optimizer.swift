import Foundation

/// Parameter update rules, each exactly as its reference states it.
public enum Optimizer: Equatable, Sendable {
    /// `θ -= lr · g`.
    case sgd(learningRate: Double)
    /// min-char-rnn's Adagrad: `mem += g²; θ -= lr · g / √(mem + ε)` with ε = 1e-8 inside the square root.
    case adagrad(learningRate: Double, epsilon: Double = 1e-8)
    /// Adam as in PyTorch: `m = β1 m + (1-β1) g`, `v = β2 v + (1-β2) g²`, `m̂ = m/(1-β1ᵗ)`, `v̂ = v/(1-β2ᵗ)`,
    /// `θ -= lr · m̂ / (√v̂ + ε)`.
    case adam(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
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
            let g = gradients.items[k].value.values
            parameters.items[k].value.values.withUnsafeMutableBufferPointer { theta in
                switch optimizer {
                case .sgd(let lr):
                    for i in 0..<g.count { theta[i] -= lr * g[i] }
                case .adagrad(let lr, let epsilon):
                    first.items[k].value.values.withUnsafeMutableBufferPointer { mem in
                        for i in 0..<g.count {
                            mem[i] += g[i] * g[i]
                            theta[i] -= lr * g[i] / (mem[i] + epsilon).squareRoot()
                        }
                    }
                case .adam(let lr, let beta1, let beta2, let epsilon):
                    let c1 = 1 - pow(beta1, Double(steps))
                    let c2 = 1 - pow(beta2, Double(steps))
                    first.items[k].value.values.withUnsafeMutableBufferPointer { m in
                        second.items[k].value.values.withUnsafeMutableBufferPointer { v in
                            for i in 0..<g.count {
                                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                                theta[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
                            }
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

    /// Clips in place and returns the global norm before clipping.
    @discardableResult
    public func apply(to gradients: inout ParameterSet) -> Double {
        let norm = gradients.items.reduce(0) { $0 + $1.value.values.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        switch self {
        case .none:
            break
        case .elementwise(let c):
            for k in gradients.items.indices {
                gradients.items[k].value.values.withUnsafeMutableBufferPointer { g in
                    for i in g.indices { g[i] = min(max(g[i], -c), c) }
                }
            }
        case .globalNorm(let c):
            guard norm > c else { break }
            let scale = c / (norm + 1e-6)
            for k in gradients.items.indices {
                gradients.items[k].value.values.withUnsafeMutableBufferPointer { g in
                    for i in g.indices { g[i] *= scale }
                }
            }
        }
        return norm
    }
}
