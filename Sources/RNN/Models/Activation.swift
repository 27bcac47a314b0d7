import Foundation

/// The hidden-state non-linearity σ of `h(t) = σ(W_h h(t-1) + W_e e(t) + b1)`.
public enum Activation: String, CaseIterable, Sendable {
    case tanh
    case sigmoid
    case relu

    /// σ(z).
    public func apply(_ z: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(z)
        case .sigmoid: return 1 / (1 + exp(-z))
        case .relu: return z > 0 ? z : 0
        }
    }

    /// σ'(z) written in terms of the output `h = σ(z)` (and `z` for ReLU):
    /// tanh' = 1 - h², sigmoid' = h (1 - h), relu' = 1 if z > 0 else 0.
    public func derivative(output h: Double, input z: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .sigmoid: return h * (1 - h)
        case .relu: return z > 0 ? 1 : 0
        }
    }
}
