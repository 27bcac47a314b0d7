import COpenBLAS
import Foundation

/// min-char-rnn's training loop for the notes' vanilla model with one-hot input (`W_e` = W_xh, `W_h` = W_hh,
/// `U` = W_hy, `b1`, `b2`), over B parallel streams of the text, with every buffer allocated once.
///
/// One iteration: each stream b reads the window `tokens[p_b ..< p_b + T]` and predicts `tokens[p_b + 1 ... p_b + T]`
/// from its carried state h_b (reset to zero, with p_b back at the stream's start, when the window would run
/// past the end of the text), the loss is Σ_t J(t) averaged over the streams, the gradient likewise, every
/// entry is clipped to [-clip, clip] and Adagrad updates the weights (`m += g²; θ -= lr·g/√(m + 1e-8)`). With
/// B = 1 this is min-char-rnn exactly. Stream b starts at offset b·⌊(N-1)/B⌋ of the N tokens.
///
/// Layout (row-major, every row padded with zeros to P = H or Q = V rounded up to a multiple of 8, so that the
/// kernels in `Products` work on whole vectors): W_hh and W_hy are stored as they are, W_xh transposed (one row
/// per input token, so that the forward pass reads a row and the backward pass adds to one). The states of step
/// t are a B × P block of `hs` (block 0 is h(0)), the logits and then the probabilities a B × Q block of `ps`,
/// whose padding holds -∞ (probability 0). The products that do not depend on the recurrence are single
/// products over all T·B rows: the logits `Y = H W_hyᵀ + b_y`, `∂W_hy = ∂Yᵀ H`, `∂H = ∂Y W_hy`,
/// `∂W_hh = Δᵀ H_prev`; only `W_hh h(t-1)` forward and `W_hhᵀ δ(t)` backward run step by step. Rows of W_xh
/// whose gradient is zero (tokens absent from the windows) are left out of clipping and the update, which would
/// leave them unchanged. Activations are O(T·B·(H + V)).
public final class CharRNNTrainer {
    public let vocabularySize: Int
    public let hiddenSize: Int
    public let window: Int
    public let batch: Int
    public let learningRate: Double
    public let clip: Double
    /// H and V rounded up to multiples of 8: the length of stored rows.
    let P: Int
    let Q: Int

    /// One buffer of doubles, allocated once, freed with the trainer; aligned to 64 bytes, so that with rows of
    /// a multiple of 8 doubles every vector load reads one cache line.
    final class Buffer {
        let pointer: UnsafeMutablePointer<Double>
        let count: Int
        init(zeros count: Int) {
            self.count = count
            pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 8, alignment: 64)
                .initializeMemory(as: Double.self, repeating: 0, count: max(count, 1))
        }
        deinit { pointer.deallocate() }
        func zero() { pointer.update(repeating: 0, count: count) }
    }

    // Parameters W_xhᵀ Q×P, W_hh P×P, W_hy Q×P, b_h P, b_y Q (zero outside H × V), with their gradients and
    // Adagrad memories.
    let wxhT, whh, why, bh, by: Buffer
    let dwxhT, dwhh, dwhy, dbh, dby: Buffer
    let mwxhT, mwhh, mwhy, mbh, mby: Buffer
    // Workspace.
    let hs: Buffer  // (T+1) × B × P
    let ps: Buffer  // T × B × Q: logits, then probabilities, then ∂Y
    let fromOutput: Buffer  // T × B × P
    let deltas: Buffer  // T × B × P: δ(t) = (1 - h²) ⊙ ∂J/∂h(t)
    let next: Buffer  // B × P
    let inputs: UnsafeMutablePointer<Int>  // T × B
    let targets: UnsafeMutablePointer<Int>  // T × B
    /// The input tokens of the last windows, each once (the rows of ∂W_xhᵀ that may be non-zero), and a mark
    /// per token.
    let seen: UnsafeMutablePointer<Int>
    var seenCount = 0
    let isSeen: UnsafeMutablePointer<Bool>
    // The text and the streams.
    let tokens: [Int]
    var positions: [Int]
    let starts: [Int]
    public private(set) var smoothLoss: Double
    public private(set) var iterations = 0
    private var started = false

    /// Starts from `model`'s weights (the one-hot vanilla model with tanh). Each stream must have more than
    /// `window + 1` tokens.
    public init(
        model: RNNLanguageModel, tokens: [Int], window: Int, batch: Int = 1, learningRate: Double = 0.1,
        clip: Double = 5
    ) {
        precondition(model.input == .oneHot && model.activation == .tanh, "the one-hot tanh model")
        precondition(batch >= 1 && window >= 1 && (tokens.count - 1) / batch > window + 1, "streams too short")
        let V = model.vocabulary.count
        let H = model.hiddenSize
        let (P, Q) = (Products.padded(H), Products.padded(V))
        (vocabularySize, hiddenSize, self.P, self.Q) = (V, H, P, Q)
        self.window = window
        self.batch = batch
        self.learningRate = learningRate
        self.clip = clip
        (wxhT, whh, why, bh, by) = (
            Buffer(zeros: Q * P), Buffer(zeros: P * P), Buffer(zeros: Q * P), Buffer(zeros: P), Buffer(zeros: Q)
        )
        (dwxhT, dwhh, dwhy, dbh, dby) = (
            Buffer(zeros: Q * P), Buffer(zeros: P * P), Buffer(zeros: Q * P), Buffer(zeros: P), Buffer(zeros: Q)
        )
        (mwxhT, mwhh, mwhy, mbh, mby) = (
            Buffer(zeros: Q * P), Buffer(zeros: P * P), Buffer(zeros: Q * P), Buffer(zeros: P), Buffer(zeros: Q)
        )
        hs = Buffer(zeros: (window + 1) * batch * P)
        ps = Buffer(zeros: window * batch * Q)
        fromOutput = Buffer(zeros: window * batch * P)
        deltas = Buffer(zeros: window * batch * P)
        next = Buffer(zeros: batch * P)
        inputs = .allocate(capacity: window * batch)
        inputs.initialize(repeating: 0, count: window * batch)
        targets = .allocate(capacity: window * batch)
        targets.initialize(repeating: 0, count: window * batch)
        seen = .allocate(capacity: V)
        seen.initialize(repeating: 0, count: V)
        isSeen = .allocate(capacity: V)
        isSeen.initialize(repeating: false, count: V)
        self.tokens = tokens
        let stride = (tokens.count - 1) / batch
        starts = (0..<batch).map { $0 * stride }
        positions = starts
        smoothLoss = -log(1 / Double(V)) * Double(window)
        for slot in slots(wxhT, whh, bh, why, by) {
            let m = model.parameters[slot.name]!
            for i in 0..<m.rows {
                for j in 0..<m.cols {
                    slot.element(i, j).pointee = m[i, j]
                }
            }
        }
    }

    deinit {
        inputs.deallocate()
        targets.deallocate()
        seen.deallocate()
        isSeen.deallocate()
    }

    /// Where one of the notes' parameters (`rows × cols`) is stored: its buffer, row stride, and whether
    /// transposed (W_e, one row per token).
    struct Slot {
        let name: String
        let buffer: Buffer
        let rows, cols, stride: Int
        let transposed: Bool
        /// The address of element (i, j) of the parameter.
        func element(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Double> {
            buffer.pointer + (transposed ? j * stride + i : i * stride + j)
        }
    }

    /// The slots of W_e, W_h, b1, U, b2 in the given buffers (weights, gradients or memories).
    private func slots(_ we: Buffer, _ wh: Buffer, _ b1: Buffer, _ u: Buffer, _ b2: Buffer) -> [Slot] {
        let (V, H) = (vocabularySize, hiddenSize)
        return [
            Slot(name: "W_e", buffer: we, rows: H, cols: V, stride: P, transposed: true),
            Slot(name: "W_h", buffer: wh, rows: H, cols: H, stride: P, transposed: false),
            Slot(name: "b1", buffer: b1, rows: H, cols: 1, stride: 1, transposed: false),
            Slot(name: "U", buffer: u, rows: V, cols: H, stride: P, transposed: false),
            Slot(name: "b2", buffer: b2, rows: V, cols: 1, stride: 1, transposed: false),
        ]
    }

    /// The model with the current weights.
    public func model(vocabulary: Vocabulary) -> RNNLanguageModel {
        RNNLanguageModel(
            vocabulary: vocabulary, hiddenSize: hiddenSize, activation: .tanh, input: .oneHot,
            parameters: parameters(wxhT, whh, bh, why, by))
    }

    /// The gradient of the last `computeGradients`, clipped, under the notes' names.
    public var gradients: ParameterSet { parameters(dwxhT, dwhh, dbh, dwhy, dby) }

    private func parameters(_ we: Buffer, _ wh: Buffer, _ b1: Buffer, _ u: Buffer, _ b2: Buffer) -> ParameterSet {
        ParameterSet(
            slots(we, wh, b1, u, b2).map { slot in
                var m = Matrix(zeros: slot.rows, slot.cols)
                for i in 0..<slot.rows {
                    for j in 0..<slot.cols {
                        m[i, j] = slot.element(i, j).pointee
                    }
                }
                return Parameter(name: slot.name, value: m)
            })
    }

    /// One iteration: forward, BPTT, clipping and the Adagrad update. Returns the loss (Σ_t J(t), mean over
    /// the streams) and updates the smoothed loss as min-char-rnn does.
    @discardableResult
    public func step() -> Double {
        let loss = computeGradients()
        update()
        smoothLoss = smoothLoss * 0.999 + loss * 0.001
        iterations += 1
        return loss
    }

    /// The loss of the streams' next windows and its gradient (left in the gradient buffers, clipped); the
    /// streams advance and carry their states, as `step` would, but the weights do not change.
    @discardableResult
    public func computeGradients() -> Double {
        let (V, P, Q, T, B) = (vocabularySize, P, Q, window, batch)
        let (hsP, psP) = (hs.pointer, ps.pointer)
        for b in 0..<B {
            if !started || positions[b] + T + 1 >= tokens.count {
                positions[b] = starts[b]
                (hsP + b * P).update(repeating: 0, count: P)
            }
            for t in 0..<T {
                inputs[t * B + b] = tokens[positions[b] + t]
                targets[t * B + b] = tokens[positions[b] + t + 1]
            }
            positions[b] += T
        }
        started = true
        // Forward, step by step: h(t) = tanh(W_xh[:, x] + b_h + W_hh h(t-1)).
        let (wxhTP, bhP, byP) = (wxhT.pointer, bh.pointer, by.pointer)
        for t in 0..<T {
            let previous = hsP + t * B * P
            let current = hsP + (t + 1) * B * P
            for b in 0..<B {
                let (row, column) = (current + b * P, wxhTP + inputs[t * B + b] * P)
                for k in 0..<P { row[k] = column[k] + bhP[k] }
            }
            Products.gemm(
                transB: true, m: B, n: P, k: P, a: previous, lda: P, b: whh.pointer, ldb: P, beta: 1, c: current,
                ldc: P, descending: t % 2 == 1)
            VectorMath.tanh(current, count: B * P)
        }
        // Every step's logits at once: Y (T·B × Q) = H(1…T) W_hyᵀ + b_y, -∞ in the padding.
        for r in 0..<(T * B) {
            let row = psP + r * Q
            for v in 0..<V { row[v] = byP[v] }
            for v in V..<Q { row[v] = -.infinity }
        }
        Products.gemm(
            transB: true, m: T * B, n: Q, k: P, a: hsP + B * P, lda: P, b: why.pointer, ldb: P, beta: 1, c: psP,
            ldc: Q)
        // Softmax, the loss, and ∂Y = (p - onehot(y)) / B.
        let share = 1 / Double(B)
        var loss = 0.0
        for r in 0..<(T * B) {
            let row = psP + r * Q
            var top = Products.Lanes(repeating: -.infinity)
            for v in stride(from: 0, to: Q, by: 8) {
                let x = Products.load(row + v)
                top.replace(with: x, where: x .> top)
            }
            let largest = Products.Lanes(repeating: top.max())
            for v in stride(from: 0, to: Q, by: 8) { Products.store(Products.load(row + v) - largest, row + v) }
            VectorMath.exp(row, count: Q)
            var sums = Products.Lanes()
            for v in stride(from: 0, to: Q, by: 8) { sums += Products.load(row + v) }
            let total = sums.sum()
            let y = targets[r]
            loss += share * -log(row[y] / total)
            let scale = Products.Lanes(repeating: share / total)
            for v in stride(from: 0, to: Q, by: 8) { Products.store(Products.load(row + v) * scale, row + v) }
            row[y] -= share
        }
        backward()
        return loss
    }

    private func backward() {
        let (V, H, P, Q, T, B) = (vocabularySize, hiddenSize, P, Q, window, batch)
        let (hsP, psP, fromOut, deltaP, nextP) = (
            hs.pointer, ps.pointer, fromOutput.pointer, deltas.pointer, next.pointer
        )
        // ∂W_hy = ∂Yᵀ H(1…T); ∂b_y = the sum of ∂Y's rows; ∂H from the output = ∂Y W_hy.
        Products.gemm(
            transA: true, m: V, n: P, k: T * B, a: psP, lda: Q, b: hsP + B * P, ldb: P, beta: 0, c: dwhy.pointer,
            ldc: P)
        Self.sumRows(psP, rows: T * B, width: Q, into: dby.pointer)
        Products.gemm(
            m: T * B, n: P, k: V, a: psP, lda: Q, b: why.pointer, ldb: P, beta: 0, c: fromOut, ldc: P)
        // Back through time: δ(t) = (1 - h(t)²) ⊙ (∂H_out(t) + W_hhᵀ δ(t+1)).
        next.zero()
        for t in stride(from: T - 1, through: 0, by: -1) {
            let h = hsP + (t + 1) * B * P
            let out = fromOut + t * B * P
            let delta = deltaP + t * B * P
            for i in 0..<(B * P) { delta[i] = (1 - h[i] * h[i]) * (out[i] + nextP[i]) }
            if t > 0 {
                Products.gemm(
                    m: B, n: P, k: H, a: delta, lda: P, b: whh.pointer, ldb: P, beta: 0, c: nextP, ldc: P,
                    descending: t % 2 == 0)
            }
        }
        // ∂W_hh = Δᵀ H(0…T-1); ∂b_h = the sum of the δ; ∂W_xhᵀ[x, :] += δ.
        Products.gemm(
            transA: true, m: H, n: P, k: T * B, a: deltaP, lda: P, b: hsP, ldb: P, beta: 0, c: dwhh.pointer, ldc: P)
        Self.sumRows(deltaP, rows: T * B, width: P, into: dbh.pointer)
        let dwxhTP = dwxhT.pointer
        for s in 0..<seenCount {
            (dwxhTP + seen[s] * P).update(repeating: 0, count: P)
            isSeen[seen[s]] = false
        }
        seenCount = 0
        for r in 0..<(T * B) {
            let x = inputs[r]
            if !isSeen[x] {
                (isSeen[x], seen[seenCount]) = (true, x)
                seenCount += 1
            }
            let (delta, row) = (deltaP + r * P, dwxhTP + x * P)
            for k in 0..<P { row[k] += delta[k] }
        }
        // The last states carry over to the next windows.
        hsP.update(from: hsP + T * B * P, count: B * P)
        forEachGradient { g, _, _, count in
            let c = clip
            for i in 0..<count { g[i] = min(max(g[i], -c), c) }
        }
    }

    /// `out` = the sum of `rows` rows of `width` (a multiple of 8) doubles, each column's terms in row order.
    private static func sumRows(
        _ m: UnsafePointer<Double>, rows: Int, width: Int, into out: UnsafeMutablePointer<Double>
    ) {
        for j in stride(from: 0, to: width, by: 8) {
            var column = Products.Lanes()
            for r in 0..<rows { column += Products.load(m + r * width + j) }
            Products.store(column, out + j)
        }
    }

    /// Calls `body(gradient, parameter, memory, count)` for every stretch of parameters whose gradient may be
    /// non-zero: the rows of W_hh, W_hy and the biases, and the rows of W_xhᵀ for the tokens in the windows.
    @inline(__always)
    private func forEachGradient(
        _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int)
            -> Void
    ) {
        let (V, H, P, Q) = (vocabularySize, hiddenSize, P, Q)
        body(dwhh.pointer, whh.pointer, mwhh.pointer, H * P)
        body(dwhy.pointer, why.pointer, mwhy.pointer, V * P)
        body(dbh.pointer, bh.pointer, mbh.pointer, P)
        body(dby.pointer, by.pointer, mby.pointer, Q)
        for s in 0..<seenCount {
            let offset = seen[s] * P
            body(dwxhT.pointer + offset, wxhT.pointer + offset, mwxhT.pointer + offset, P)
        }
    }

    /// Adagrad, min-char-rnn's: m += g²; θ -= lr · g / √(m + 1e-8), every parameter (those whose gradient is
    /// zero would not change), with 1/√(m + 1e-8) from `VectorMath.reciprocalSquareRoot` (within an ulp).
    private func update() {
        let lr = learningRate
        forEachGradient { gp, pp, mp, count in
            for i in 0..<count {
                let g = gp[i]
                let memory = mp[i] + g * g
                mp[i] = memory
                pp[i] -= lr * g * VectorMath.reciprocalSquareRoot(memory + 1e-8)
            }
        }
    }

    /// The name of the kernels OpenBLAS chose for this CPU (e.g. "SkylakeX", "Haswell", or "Prescott" when it
    /// did not recognise the processor, as happens in some virtual machines).
    public static var blasCore: String { String(cString: openblas_get_corename()) }

    /// How many threads OpenBLAS may use, and the batched network passes' products (`Products.threads`).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(n))
        Products.setThreads(max(1, n))
    }
}
