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

/// One direction of one layer for the length of a pass: its kind, sizes and weights (`W_ih` G·H × I, `W_hh`
/// G·H × H, `b_ih`, `b_hh`), read in place. Its step and the step's derivative work on rows of a window's
/// buffers (`RecurrentNetwork.Activations`), so a pass allocates nothing per step.
struct Cell {
    let kind: CellKind
    let hidden: Int
    let inputSize: Int
    let wIH, wHH, bIH, bHH: UnsafePointer<Double>

    /// Where the step's derivative accumulates the weights' gradients (same shapes).
    struct Gradients {
        let wIH, wHH, bIH, bHH: UnsafeMutablePointer<Double>
    }

    /// Scratch space `forward` needs: (G + 1)·H values.
    static func forwardScratch(_ kind: CellKind, hidden: Int) -> Int { (kind.gates + 1) * hidden }
    /// Scratch space `backward` needs: (2·G + 3)·H values.
    var backwardScratch: Int { (2 * kind.gates + 3) * hidden }

    private static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// What a step reads: a vector of I values, or the one-hot vector of a token (`noInput`: the zero vector).
    /// A one-hot input's product with W_ih is a column of it: the same numbers as the dense product (whose
    /// other terms are all zeros) without the multiplications by zero.
    enum Input {
        case vector(UnsafePointer<Double>)
        case token(Int)
    }

    /// One step from (h, c) on input x: writes the gate activations after their non-linearities (RNN: h';
    /// LSTM: i f g o; GRU: r z n) to `gates` (G·H), the GRU's `W_hn h + b_hn` (original form: `W_hn (r ⊙ h) + b_hn`)
    /// to `candidate` (H), and h' (and the LSTM's c') to `hNext` (`cNext`).
    func forward(
        x: Input, h: UnsafePointer<Double>, c: UnsafePointer<Double>,
        gates: UnsafeMutablePointer<Double>, candidate: UnsafeMutablePointer<Double>,
        hNext: UnsafeMutablePointer<Double>, cNext: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        // gates ← b_ih + W_ih x, gh ← b_hh + W_hh h; the non-linearities then work in place.
        let gh = scratch
        switch x {
        case .vector(let x):
            gates.update(from: bIH, count: GH)
            Kernels.addMatVec(wIH, rows: GH, cols: inputSize, x, into: gates)
        case .token(let token) where token == RNNLanguageModel.noInput:
            for k in 0..<GH { gates[k] = bIH[k] + 0 }
        case .token(let token):
            // The dense sum 0 + Σ_j W[k,j] x_j is W[k,token] + zeros, which is 0 + W[k,token].
            for k in 0..<GH { gates[k] = bIH[k] + (0 + wIH[k * inputSize + token]) }
        }
        gh.update(from: bHH, count: GH)
        Kernels.addMatVec(wHH, rows: GH, cols: H, h, into: gh)
        activate(
            gates: gates, gh: gh, h: h, c: c, candidate: candidate, hNext: hNext, cNext: cNext, scratch: scratch + GH)
    }

    /// The step's non-linear part, from `gates` = b_ih + W_ih x and `gh` = b_hh + W_hh h (G·H each): the gate
    /// activations in place of `gates`, the GRU's candidate, h' and c'. `scratch` holds H values (the original
    /// GRU's r ⊙ h). Shared by the one-example pass and the batched pass, which computes both products for a
    /// whole batch at once.
    @inline(__always)
    func activate(
        gates: UnsafeMutablePointer<Double>, gh: UnsafePointer<Double>, h: UnsafePointer<Double>,
        c: UnsafePointer<Double>, candidate: UnsafeMutablePointer<Double>, hNext: UnsafeMutablePointer<Double>,
        cNext: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        switch kind {
        case .rnn(let activation):
            for k in 0..<H { gates[k] = activation.apply(gates[k] + gh[k]) }
            hNext.update(from: gates, count: H)
        case .lstm:
            for k in 0..<GH {
                let a = gates[k] + gh[k]
                gates[k] = (k >= 2 * H && k < 3 * H) ? tanh(a) : Self.sigmoid(a)
            }
            for k in 0..<H { cNext[k] = gates[H + k] * c[k] + gates[k] * gates[2 * H + k] }
            for k in 0..<H { hNext[k] = gates[3 * H + k] * tanh(cNext[k]) }
        case .gru, .gruOriginal:
            for k in 0..<(2 * H) { gates[k] = Self.sigmoid(gates[k] + gh[k]) }
            if kind == .gruOriginal {
                // W_hn (r ⊙ h) + b_hn in place of r ⊙ (W_hn h + b_hn).
                let resetHidden = scratch
                for k in 0..<H { resetHidden[k] = gates[k] * h[k] }
                candidate.update(from: bHH + 2 * H, count: H)
                Kernels.addMatVec(wHH + 2 * H * H, rows: H, cols: H, resetHidden, into: candidate)
                for k in 0..<H { gates[2 * H + k] = tanh(gates[2 * H + k] + candidate[k]) }
            } else {
                candidate.update(from: gh + 2 * H, count: H)
                for k in 0..<H { gates[2 * H + k] = tanh(gates[2 * H + k] + gates[k] * candidate[k]) }
            }
            for k in 0..<H { hNext[k] = (1 - gates[H + k]) * gates[2 * H + k] + gates[H + k] * h[k] }
        }
    }

    /// The step's derivative: given ∂L/∂h' and ∂L/∂c' (LSTM) of the step that read x, h and c and computed
    /// `gates`, `candidate` and c' (`cNext`), accumulates the weights' gradients into `g` and writes ∂L/∂x to `dx`
    /// (I; skipped when nil), ∂L/∂h to `dhPrevious` and ∂L/∂c to `dcPrevious` (LSTM).
    func backward(
        x: Input, h: UnsafePointer<Double>, c: UnsafePointer<Double>,
        gates g: UnsafePointer<Double>, candidate: UnsafePointer<Double>, cNext: UnsafePointer<Double>,
        dh: UnsafePointer<Double>, dc: UnsafePointer<Double>, into grads: Gradients,
        dx: UnsafeMutablePointer<Double>?, dhPrevious: UnsafeMutablePointer<Double>,
        dcPrevious: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        // ∂L/∂ of the input and hidden parts of the pre-activations (the same but for the GRU's new gate).
        let (dGi, dGh) = (scratch, scratch + GH)
        differentiate(
            h: h, c: c, gates: g, candidate: candidate, cNext: cNext, dh: dh, dc: dc, dGi: dGi, dGh: dGh,
            dhPrevious: dhPrevious, dcPrevious: dcPrevious, into: grads, scratch: scratch + 2 * GH)
        switch x {
        case .vector(let x):
            Kernels.addOuter(dGi, count: GH, x, count: inputSize, into: grads.wIH, rowStride: inputSize)
        case .token(let token) where token == RNNLanguageModel.noInput:
            break
        case .token(let token):
            for k in 0..<GH where dGi[k] != 0 { grads.wIH[k * inputSize + token] += dGi[k] }
        }
        Kernels.addOuter(dGh, count: GH, h, count: H, into: grads.wHH, rowStride: H)
        for k in 0..<GH { grads.bIH[k] += dGi[k] }
        for k in 0..<GH { grads.bHH[k] += dGh[k] }
        if let dx {
            dx.update(repeating: 0, count: inputSize)
            Kernels.addMatTVec(wIH, rows: GH, cols: inputSize, dGi, into: dx)
        }
        Kernels.addMatTVec(wHH, rows: GH, cols: H, dGh, into: dhPrevious)
    }

    /// The step's derivative up to its products: from ∂L/∂h' and ∂L/∂c', the gradients of the pre-activations'
    /// input and hidden parts (`dGi`, `dGh`, G·H each), the part of ∂L/∂h that bypasses W_hh (GRU: z ⊙ ∂L/∂h'; zero
    /// otherwise) in `dhPrevious`, and ∂L/∂c in `dcPrevious` (LSTM). The original GRU's W_hn (r ⊙ h) is
    /// differentiated here too (its gradients into `grads`; `scratch` holds 3·H values). The LSTM's tanh(c') is
    /// recomputed unless the pass kept it (`tanhCell`). What is left, the
    /// products with x, h, W_ih and W_hh, the one-example pass does per step and the batched pass per batch.
    @inline(__always)
    func differentiate(
        h: UnsafePointer<Double>, c: UnsafePointer<Double>, gates g: UnsafePointer<Double>,
        candidate: UnsafePointer<Double>, cNext: UnsafePointer<Double>, dh: UnsafePointer<Double>,
        dc: UnsafePointer<Double>, dGi: UnsafeMutablePointer<Double>, dGh: UnsafeMutablePointer<Double>,
        dhPrevious: UnsafeMutablePointer<Double>, dcPrevious: UnsafeMutablePointer<Double>, into grads: Gradients,
        scratch: UnsafeMutablePointer<Double>, tanhCell: UnsafePointer<Double>? = nil
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        dhPrevious.update(repeating: 0, count: H)
        switch kind {
        case .rnn(let activation):
            // σ' from the output (tanh, sigmoid) or the pre-activation's sign (ReLU: h' > 0 exactly when z > 0).
            for k in 0..<H { dGi[k] = dh[k] * activation.derivative(output: g[k], input: g[k]) }
            dGh.update(from: dGi, count: H)
        case .lstm:
            @inline(__always) func unit(_ k: Int, _ tc: Double) {
                let (i, f, gg, o) = (g[k], g[H + k], g[2 * H + k], g[3 * H + k])
                let dcTotal = dc[k] + dh[k] * o * (1 - tc * tc)
                dGi[k] = dcTotal * gg * i * (1 - i)
                dGi[H + k] = dcTotal * c[k] * f * (1 - f)
                dGi[2 * H + k] = dcTotal * i * (1 - gg * gg)
                dGi[3 * H + k] = dh[k] * tc * o * (1 - o)
                dcPrevious[k] = dcTotal * f
            }
            // Two loops, so that the one over a kept tanh(c') has no call and no branch.
            if let tanhCell {
                for k in 0..<H { unit(k, tanhCell[k]) }
            } else {
                for k in 0..<H { unit(k, tanh(cNext[k])) }
            }
            dGh.update(from: dGi, count: GH)
        case .gruOriginal:
            // As the GRU below, but the new-state gate's hidden part is W_hn (r ⊙ h) + b_hn: its gradient flows
            // to W_hn through r ⊙ h, and to r and h through W_hnᵀ.
            let (dan, resetHidden, dResetHidden) = (scratch, scratch + H, scratch + 2 * H)
            dGh.update(repeating: 0, count: GH)
            for k in 0..<H {
                let (z, n) = (g[H + k], g[2 * H + k])
                let dz = dh[k] * (h[k] - n)
                dhPrevious[k] = dh[k] * z
                dan[k] = dh[k] * (1 - z) * (1 - n * n)
                dGi[H + k] = dz * z * (1 - z)
                dGh[H + k] = dGi[H + k]
                dGi[2 * H + k] = dan[k]
            }
            for k in 0..<H { resetHidden[k] = g[k] * h[k] }
            dResetHidden.update(repeating: 0, count: H)
            Kernels.addMatTVec(wHH + 2 * H * H, rows: H, cols: H, dan, into: dResetHidden)
            for k in 0..<H {
                let r = g[k]
                dGi[k] = dResetHidden[k] * h[k] * r * (1 - r)
                dGh[k] = dGi[k]
                dhPrevious[k] += dResetHidden[k] * r
            }
            // dGh's new-gate rows are zero, so the common W_hh update below leaves these rows alone.
            Kernels.addOuter(dan, count: H, resetHidden, count: H, into: grads.wHH + 2 * H * H, rowStride: H)
            for k in 0..<H { grads.bHH[2 * H + k] += dan[k] }
        case .gru:
            for k in 0..<H {
                let (r, z, n) = (g[k], g[H + k], g[2 * H + k])
                let dn = dh[k] * (1 - z)
                let dz = dh[k] * (h[k] - n)
                dhPrevious[k] = dh[k] * z
                let dan = dn * (1 - n * n)
                let dar = dan * candidate[k] * r * (1 - r)
                let daz = dz * z * (1 - z)
                dGi[k] = dar
                dGi[H + k] = daz
                dGi[2 * H + k] = dan
                dGh[k] = dar
                dGh[H + k] = daz
                dGh[2 * H + k] = dan * r
            }
        }
    }
}
