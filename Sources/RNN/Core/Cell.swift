/// The hidden-state non-linearity σ of the vanilla cell, `h' = σ(W_ih x + b_ih + W_hh h (+ b_hh))`.
public enum Activation: Equatable, Sendable {
    case tanh
    case sigmoid
    case relu

    /// σ(z).
    @inline(__always) public func apply(_ z: Double) -> Double {
        switch self {
        case .tanh: return Elementary.tanh(z)
        case .sigmoid: return Elementary.sigmoid(z)
        case .relu: return z > 0 ? z : 0
        }
    }

    /// σ'(z) written in terms of the output `h = σ(z)` (and `z` for ReLU):
    /// tanh' = 1 - h², sigmoid' = h (1 - h), relu' = 1 if z > 0 else 0.
    @inline(__always) public func derivative(output h: Double, input z: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .sigmoid: return h * (1 - h)
        case .relu: return z > 0 ? 1 : 0
        }
    }
}

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
///
/// The lecture notes' vanilla model is the RNN cell with one bias (`b1` as b_ih, no b_hh).
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
/// G·H × H, `b_ih`, `b_hh` (absent for the notes' model: zero)), read in place. Its step (`activate`) and the
/// step's derivative (`differentiate`) work on rows of a pass's buffers; every pass, training loop and
/// generation calls these two, and the products around them are `Products.multiply`'s.
public struct Cell {
    public let kind: CellKind
    public let hidden: Int
    public let inputSize: Int
    public let wIH, wHH, bIH: UnsafePointer<Double>
    public let bHH: UnsafePointer<Double>?

    public init(
        kind: CellKind, hidden: Int, inputSize: Int, wIH: UnsafePointer<Double>, wHH: UnsafePointer<Double>,
        bIH: UnsafePointer<Double>, bHH: UnsafePointer<Double>?
    ) {
        (self.kind, self.hidden, self.inputSize) = (kind, hidden, inputSize)
        (self.wIH, self.wHH, self.bIH, self.bHH) = (wIH, wHH, bIH, bHH)
    }

    /// Where the step's derivative accumulates the weights' gradients (same shapes).
    public struct Gradients {
        public let wIH, wHH, bIH: UnsafeMutablePointer<Double>
        public let bHH: UnsafeMutablePointer<Double>?

        public init(
            wIH: UnsafeMutablePointer<Double>, wHH: UnsafeMutablePointer<Double>, bIH: UnsafeMutablePointer<Double>,
            bHH: UnsafeMutablePointer<Double>?
        ) {
            (self.wIH, self.wHH, self.bIH, self.bHH) = (wIH, wHH, bIH, bHH)
        }
    }

    /// The index of a one-hot input that stands for the zero vector (the notes' x(1) = 0).
    public static let noInput = -1

    /// The row length of the transposed weights: `Products.paddedStride(G·H)`.
    public static func transposedStride(_ gatesTimesHidden: Int) -> Int { Products.paddedStride(gatesTimesHidden) }

    /// W_ihᵀ (`inputs` × G·H, rows `transposedStride` apart) into `out`.
    public func transposeInputWeights(inputs: Int, into out: UnsafeMutablePointer<Double>) {
        let GH = kind.gates * hidden
        Products.transpose(rows: GH, columns: inputs, wIH, ld: inputs, into: out, ldOut: Self.transposedStride(GH))
    }

    /// W_hhᵀ (H × G·H, rows `transposedStride` apart) into `out`.
    public func transposeHiddenWeights(into out: UnsafeMutablePointer<Double>) {
        let GH = kind.gates * hidden
        Products.transpose(rows: GH, columns: hidden, wHH, ld: hidden, into: out, ldOut: Self.transposedStride(GH))
    }

    /// b_ih + W_ih x for `count` one-hot inputs, one row of `gates` (G·H) per token: the bias plus the token's
    /// column of W_ih (what the dense product sums to: its other terms are all zeros), or the bias alone for
    /// `noInput` (the zero vector).
    public func projectOneHot(_ tokens: UnsafePointer<Int>, count: Int, into gates: UnsafeMutablePointer<Double>) {
        let (GH, I) = (kind.gates * hidden, inputSize)
        for r in 0..<count {
            let (row, token) = (gates + r * GH, tokens[r])
            if token == Self.noInput {
                for k in 0..<GH { row[k] = bIH[k] + 0 }
            } else {
                for k in 0..<GH { row[k] = bIH[k] + wIH[k * I + token] }
            }
        }
    }

    /// The step's non-linear part for `rows` consecutive rows, from `gates` = b_ih + W_ih x and `gh` = b_hh + W_hh h
    /// (G·H per row): the gate activations in place of `gates` (RNN: h'; LSTM: i f g o; GRU: r z n), per row in
    /// `candidate` (H) the RNN's pre-activation z, the LSTM's tanh(c'), the GRU's `W_hn h + b_hn` (original form:
    /// `W_hn (r ⊙ h) + b_hn`, computed here from W_hhᵀ as `transposeHiddenWeights` lays it out, `hiddenTransposed`),
    /// and h' (and the LSTM's c') in `hNext` (`cNext`). `scratch` holds H values. The loops run over whole rows, so
    /// that they vectorise.
    public func activate(
        rows: Int, gates: UnsafeMutablePointer<Double>, gh: UnsafePointer<Double>, h: UnsafePointer<Double>,
        c: UnsafePointer<Double>, candidate: UnsafeMutablePointer<Double>, hNext: UnsafeMutablePointer<Double>,
        cNext: UnsafeMutablePointer<Double>, hiddenTransposed: UnsafePointer<Double>?,
        scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        for b in 0..<rows {
            let (z, u, hp, cp) = (gates + b * GH, gh + b * GH, h + b * H, c + b * H)
            let (hn, cn, n) = (hNext + b * H, cNext + b * H, candidate + b * H)
            switch kind {
            case .rnn(let activation):
                for k in 0..<H { n[k] = z[k] + u[k] }
                switch activation {
                case .tanh: for k in 0..<H { z[k] = Elementary.tanh(n[k]) }
                case .sigmoid: for k in 0..<H { z[k] = Elementary.sigmoid(n[k]) }
                case .relu: for k in 0..<H { z[k] = n[k] > 0 ? n[k] : 0 }
                }
                hn.update(from: z, count: H)
            case .lstm:
                for k in 0..<(2 * H) { z[k] = Elementary.sigmoid(z[k] + u[k]) }
                for k in (2 * H)..<(3 * H) { z[k] = Elementary.tanh(z[k] + u[k]) }
                for k in (3 * H)..<(4 * H) { z[k] = Elementary.sigmoid(z[k] + u[k]) }
                for k in 0..<H { cn[k] = z[H + k] * cp[k] + z[k] * z[2 * H + k] }
                for k in 0..<H { n[k] = Elementary.tanh(cn[k]) }
                for k in 0..<H { hn[k] = z[3 * H + k] * n[k] }
            case .gru:
                for k in 0..<(2 * H) { z[k] = Elementary.sigmoid(z[k] + u[k]) }
                n.update(from: u + 2 * H, count: H)
                for k in 0..<H { z[2 * H + k] = Elementary.tanh(z[2 * H + k] + z[k] * n[k]) }
                for k in 0..<H { hn[k] = (1 - z[H + k]) * z[2 * H + k] + z[H + k] * hp[k] }
            case .gruOriginal:
                guard let wT = hiddenTransposed else { preconditionFailure("the original GRU needs W_hhᵀ") }
                for k in 0..<(2 * H) { z[k] = Elementary.sigmoid(z[k] + u[k]) }
                // W_hn (r ⊙ h) + b_hn in place of r ⊙ (W_hn h + b_hn).
                for k in 0..<H { scratch[k] = z[k] * hp[k] }
                n.update(from: bHH! + 2 * H, count: H)
                Products.multiply(
                    m: 1, n: H, k: H, a: scratch, rowStride: H, termStride: 1, b: wT + 2 * H,
                    ldb: Self.transposedStride(GH), accumulate: true, c: n, ldc: H, workspace: nil)
                for k in 0..<H { z[2 * H + k] = Elementary.tanh(z[2 * H + k] + n[k]) }
                for k in 0..<H { hn[k] = (1 - z[H + k]) * z[2 * H + k] + z[H + k] * hp[k] }
            }
        }
    }

    /// The step's derivative for one row, up to its products with x, h, W_ih and W_hh (which the passes compute
    /// over all rows at once): from ∂L/∂h' and ∂L/∂c' of the step that read h and c and computed `gates`,
    /// `candidate` (see `activate`) and c' (`cNext`), the gradients of the pre-activations' input and hidden parts
    /// (`dGi`, `dGh`, G·H each; the same but for the GRU's new gate), the part of ∂L/∂h that bypasses W_hh (GRU:
    /// z ⊙ ∂L/∂h'; zero otherwise) in `dhPrevious`, and ∂L/∂c in `dcPrevious` (LSTM). The original GRU's
    /// W_hn (r ⊙ h) is differentiated here too (its gradients into `grads`; `scratch` holds 3·H values).
    @inline(__always)
    public func differentiate(
        h: UnsafePointer<Double>, c: UnsafePointer<Double>, gates g: UnsafePointer<Double>,
        candidate: UnsafePointer<Double>, cNext: UnsafePointer<Double>, dh: UnsafePointer<Double>,
        dc: UnsafePointer<Double>, dGi: UnsafeMutablePointer<Double>, dGh: UnsafeMutablePointer<Double>,
        dhPrevious: UnsafeMutablePointer<Double>, dcPrevious: UnsafeMutablePointer<Double>, into grads: Gradients,
        scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        dhPrevious.update(repeating: 0, count: H)
        switch kind {
        case .rnn(let activation):
            // σ' from the output (tanh, sigmoid) or the pre-activation's sign (ReLU: h' > 0 exactly when z > 0).
            for k in 0..<H { dGi[k] = dh[k] * activation.derivative(output: g[k], input: g[k]) }
            dGh.update(from: dGi, count: H)
        case .lstm:
            for k in 0..<H {
                let (i, f, gg, o, tc) = (g[k], g[H + k], g[2 * H + k], g[3 * H + k], candidate[k])
                let dcTotal = dc[k] + dh[k] * o * (1 - tc * tc)
                dGi[k] = dcTotal * gg * i * (1 - i)
                dGi[H + k] = dcTotal * c[k] * f * (1 - f)
                dGi[2 * H + k] = dcTotal * i * (1 - gg * gg)
                dGi[3 * H + k] = dh[k] * tc * o * (1 - o)
                dcPrevious[k] = dcTotal * f
            }
            dGh.update(from: dGi, count: GH)
        case .gruOriginal:
            differentiateOriginalGRU(
                h: h, gates: g, dh: dh, dGi: dGi, dGh: dGh, dhPrevious: dhPrevious, into: grads, scratch: scratch)
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

    /// As the GRU's, but the new-state gate's hidden part is W_hn (r ⊙ h) + b_hn: its gradient flows to W_hn
    /// through r ⊙ h, and to r and h through W_hnᵀ. dGh's new-gate rows stay zero, so the pass's common W_hh
    /// update leaves those rows alone.
    @inline(__always)
    func differentiateOriginalGRU(
        h: UnsafePointer<Double>, gates g: UnsafePointer<Double>, dh: UnsafePointer<Double>,
        dGi: UnsafeMutablePointer<Double>, dGh: UnsafeMutablePointer<Double>,
        dhPrevious: UnsafeMutablePointer<Double>, into grads: Gradients, scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
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
        // ∂(r ⊙ h) = W_hnᵀ ∂a_n, as the row ∂a_nᵀ W_hn.
        Products.multiply(
            m: 1, n: H, k: H, a: dan, rowStride: H, termStride: 1, b: wHH + 2 * H * H, ldb: H, accumulate: false,
            c: dResetHidden, ldc: H, workspace: nil)
        for k in 0..<H {
            let r = g[k]
            dGi[k] = dResetHidden[k] * h[k] * r * (1 - r)
            dGh[k] = dGi[k]
            dhPrevious[k] += dResetHidden[k] * r
        }
        // ∂W_hn += ∂a_n (r ⊙ h)ᵀ, a product over one term.
        Products.multiply(
            m: H, n: H, k: 1, a: dan, rowStride: 1, termStride: H, b: resetHidden, ldb: H, accumulate: true,
            c: grads.wHH + 2 * H * H, ldc: H, workspace: nil)
        for k in 0..<H { grads.bHH![2 * H + k] += dan[k] }
    }
}
