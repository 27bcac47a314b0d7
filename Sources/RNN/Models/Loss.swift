/// How the per-step losses J(t) combine into the sequence loss J.
public enum LossReduction: String, CaseIterable, Sendable {
    /// `J = (1/T) Σ_t J(t)`, the lecture notes' average.
    case mean
    /// `J = Σ_t J(t)`, as min-char-rnn sums its losses.
    case sum
    /// `J = J(T)`, the last output's loss alone: its gradient with respect to the inputs says how much the last
    /// prediction depends on each earlier input (saliency).
    case last

    /// The weight w(t) of each J(t) in J.
    public func stepWeights(count: Int) -> [Double] {
        switch self {
        case .mean: return Array(repeating: 1 / Double(count), count: count)
        case .sum: return Array(repeating: 1, count: count)
        case .last: return (0..<count).map { $0 == count - 1 ? 1 : 0 }
        }
    }

    public func combine(_ stepLosses: [Double]) -> Double {
        let total = stepLosses.reduce(0, +)
        switch self {
        case .mean: return total / Double(stepLosses.count)
        case .sum: return total
        case .last: return stepLosses.last ?? .nan
        }
    }
}

extension RNNLanguageModel {
    /// The sequence loss `J = Σ_t w(t) J(t)` for inputs and targets (token indices, same length).
    public func loss(inputs: [Int], targets: [Int], reduction: LossReduction, h0: [Double]? = nil) -> Double {
        let trace = forward(inputs, h0: h0)
        return reduction.combine(Self.stepLosses(trace, targets: targets))
    }
}
