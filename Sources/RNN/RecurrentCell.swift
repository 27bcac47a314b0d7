import Foundation

/// The recurrent cells, each exactly as PyTorch defines it (`nn.RNN`, `nn.LSTM`, `nn.GRU`), with its weights
/// `W_ih` (G·H × I), `W_hh` (G·H × H), biases `b_ih`, `b_hh` (G·H), gates stacked in PyTorch's order.
///
///     RNN:  h' = σ(W_ih x + b_ih + W_hh h + b_hh)                                    G = 1
///     LSTM: [i f g o] = W_ih x + b_ih + W_hh h + b_hh, i f o through sigmoid, g through tanh,
///           c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')                                     G = 4
///     GRU:  r = sigmoid(W_ir x + b_ir + W_hr h + b_hr),  z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
///           n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 - z) ⊙ n + z ⊙ h   G = 3
///     GRU, the original paper's form (Cho et al. 2014), the reset gate applied before the product:
///           n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)                                G = 3
public enum CellKind: Equatable, Sendable {
    case rnn(Activation)
    case lstm
    case gru
    case gruOriginal

    /// Gates per hidden unit (G).
    public var gates: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru, .gruOriginal: return 3
        }
    }
}

/// What one step of a cell computed, kept for the backward pass.
struct CellStep: Sendable {
    var input: [Double]
    var hPrevious: [Double]
    var cPrevious: [Double]
    /// Gate activations after their non-linearities (RNN: h'; LSTM: i f g o; GRU: r z n).
    var gates: [Double]
    /// GRU: W_hn h + b_hn, needed for ∂r.
    var hiddenCandidate: [Double]
    var h: [Double]
    var c: [Double]
}

/// One direction of one layer: its four tensors and the step and its derivative.
struct CellWeights: Sendable {
    let kind: CellKind
    let hidden: Int
    var wIH: Matrix
    var wHH: Matrix
    var bIH: [Double]
    var bHH: [Double]

    private static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// W_hn, the rows of W_hh for the GRU's new-state gate.
    var newGateRows: Matrix {
        Matrix(rows: hidden, cols: hidden, values: Array(wHH.values[(2 * hidden * hidden)..<(3 * hidden * hidden)]))
    }

    /// One forward step from (h, c) on input x.
    func step(_ x: [Double], _ h: [Double], _ c: [Double]) -> CellStep {
        let H = hidden
        var gi = bIH
        Kernels.addMatVec(wIH, x, into: &gi)
        var gh = bHH
        Kernels.addMatVec(wHH, h, into: &gh)
        var out = CellStep(input: x, hPrevious: h, cPrevious: c, gates: [], hiddenCandidate: [], h: [], c: [])
        switch kind {
        case .rnn(let activation):
            out.h = (0..<H).map { activation.apply(gi[$0] + gh[$0]) }
            out.gates = out.h
        case .lstm:
            var gates = [Double](repeating: 0, count: 4 * H)
            for k in 0..<(4 * H) {
                let a = gi[k] + gh[k]
                gates[k] = (k >= 2 * H && k < 3 * H) ? tanh(a) : Self.sigmoid(a)
            }
            out.gates = gates
            out.c = (0..<H).map { gates[H + $0] * c[$0] + gates[$0] * gates[2 * H + $0] }
            out.h = (0..<H).map { gates[3 * H + $0] * tanh(out.c[$0]) }
        case .gru, .gruOriginal:
            var gates = [Double](repeating: 0, count: 3 * H)
            for k in 0..<H {
                gates[k] = Self.sigmoid(gi[k] + gh[k])
                gates[H + k] = Self.sigmoid(gi[H + k] + gh[H + k])
            }
            var candidate = Array(gh[(2 * H)..<(3 * H)])
            if kind == .gruOriginal {
                // W_hn (r ⊙ h) + b_hn in place of r ⊙ (W_hn h + b_hn).
                candidate = Array(bHH[(2 * H)..<(3 * H)])
                Kernels.addMatVec(newGateRows, (0..<H).map { gates[$0] * h[$0] }, into: &candidate)
                for k in 0..<H { gates[2 * H + k] = tanh(gi[2 * H + k] + candidate[k]) }
            } else {
                for k in 0..<H { gates[2 * H + k] = tanh(gi[2 * H + k] + gates[k] * candidate[k]) }
            }
            out.gates = gates
            out.hiddenCandidate = candidate
            out.h = (0..<H).map { (1 - gates[H + $0]) * gates[2 * H + $0] + gates[H + $0] * h[$0] }
        }
        return out
    }

    /// The backward step: given ∂L/∂h' and ∂L/∂c' (LSTM), accumulates the weight gradients into `grads` and
    /// returns ∂L/∂x, ∂L/∂h and ∂L/∂c of the step's inputs.
    func backward(_ s: CellStep, dh: [Double], dc: [Double], into grads: inout CellWeights) -> (
        dx: [Double], dh: [Double], dc: [Double]
    ) {
        let H = hidden
        var dGi: [Double]
        var dGh: [Double]
        var dhPrevious = [Double](repeating: 0, count: H)
        var dcPrevious: [Double] = []
        switch kind {
        case .rnn(let activation):
            // σ' from the output (tanh, sigmoid) or the pre-activation's sign (ReLU: h' > 0 exactly when z > 0).
            dGi = (0..<H).map { dh[$0] * activation.derivative(output: s.h[$0], input: s.h[$0]) }
            dGh = dGi
        case .lstm:
            let g = s.gates
            var da = [Double](repeating: 0, count: 4 * H)
            dcPrevious = [Double](repeating: 0, count: H)
            for k in 0..<H {
                let (i, f, gg, o) = (g[k], g[H + k], g[2 * H + k], g[3 * H + k])
                let tc = tanh(s.c[k])
                let dcTotal = dc[k] + dh[k] * o * (1 - tc * tc)
                da[k] = dcTotal * gg * i * (1 - i)
                da[H + k] = dcTotal * s.cPrevious[k] * f * (1 - f)
                da[2 * H + k] = dcTotal * i * (1 - gg * gg)
                da[3 * H + k] = dh[k] * tc * o * (1 - o)
                dcPrevious[k] = dcTotal * f
            }
            dGi = da
            dGh = da
        case .gruOriginal:
            // As the GRU below, but the new-state gate's hidden part is W_hn (r ⊙ h) + b_hn: its gradient flows
            // to W_hn through r ⊙ h, and to r and h through W_hnᵀ.
            let g = s.gates
            dGi = [Double](repeating: 0, count: 3 * H)
            dGh = [Double](repeating: 0, count: 3 * H)
            var dan = [Double](repeating: 0, count: H)
            for k in 0..<H {
                let (z, n) = (g[H + k], g[2 * H + k])
                let dz = dh[k] * (s.hPrevious[k] - n)
                dhPrevious[k] = dh[k] * z
                dan[k] = dh[k] * (1 - z) * (1 - n * n)
                dGi[H + k] = dz * z * (1 - z)
                dGh[H + k] = dGi[H + k]
                dGi[2 * H + k] = dan[k]
            }
            let resetHidden = (0..<H).map { g[$0] * s.hPrevious[$0] }
            var dResetHidden = [Double](repeating: 0, count: H)
            Kernels.addMatTVec(newGateRows, dan, into: &dResetHidden)
            for k in 0..<H {
                let r = g[k]
                dGi[k] = dResetHidden[k] * s.hPrevious[k] * r * (1 - r)
                dGh[k] = dGi[k]
                dhPrevious[k] += dResetHidden[k] * r
            }
            var newRows = Matrix(zeros: H, H)
            Kernels.addOuter(dan, resetHidden, into: &newRows)
            for k in 0..<(H * H) { grads.wHH.values[2 * H * H + k] += newRows.values[k] }
            for k in 0..<H { grads.bHH[2 * H + k] += dan[k] }
        case .gru:
            let g = s.gates
            dGi = [Double](repeating: 0, count: 3 * H)
            dGh = [Double](repeating: 0, count: 3 * H)
            for k in 0..<H {
                let (r, z, n) = (g[k], g[H + k], g[2 * H + k])
                let dn = dh[k] * (1 - z)
                let dz = dh[k] * (s.hPrevious[k] - n)
                dhPrevious[k] = dh[k] * z
                let dan = dn * (1 - n * n)
                let dar = dan * s.hiddenCandidate[k] * r * (1 - r)
                let daz = dz * z * (1 - z)
                dGi[k] = dar
                dGi[H + k] = daz
                dGi[2 * H + k] = dan
                dGh[k] = dar
                dGh[H + k] = daz
                dGh[2 * H + k] = dan * r
            }
        }
        Kernels.addOuter(dGi, s.input, into: &grads.wIH)
        Kernels.addOuter(dGh, s.hPrevious, into: &grads.wHH)
        for k in 0..<dGi.count { grads.bIH[k] += dGi[k] }
        for k in 0..<dGh.count { grads.bHH[k] += dGh[k] }
        var dx = [Double](repeating: 0, count: wIH.cols)
        Kernels.addMatTVec(wIH, dGi, into: &dx)
        Kernels.addMatTVec(wHH, dGh, into: &dhPrevious)
        return (dx, dhPrevious, dcPrevious)
    }
}
