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
/// Layout (row-major): the states of step t are a B × H block of `hs` (block 0 is h(0)), the probabilities a
/// B × V block of `ps`. The products that do not depend on the recurrence are single matrix products over all
/// T·B rows: the logits `Y = H Uᵀ + b2`, `∂U = ∂Yᵀ H`, `∂H = ∂Y U`, `∂W_h = Δᵀ H_prev`; only `W_h h(t-1)`
/// forward and `W_hᵀ δ(t)` backward run step by step. Products go through OpenBLAS (`cblas_dgemm`); the rest
/// are loops over contiguous memory. Activations are O(T·B·(H + V)).
public final class CharRNNTrainer {
    public let vocabularySize: Int
    public let hiddenSize: Int
    public let window: Int
    public let batch: Int
    public let learningRate: Double
    public let clip: Double

    /// One buffer, allocated once, freed with the trainer.
    final class Buffer {
        let pointer: UnsafeMutablePointer<Double>
        let count: Int
        init(_ values: [Double]) {
            count = values.count
            pointer = .allocate(capacity: max(count, 1))
            pointer.initialize(from: values, count: count)
        }
        convenience init(zeros count: Int) { self.init([Double](repeating: 0, count: count)) }
        deinit { pointer.deallocate() }
        var array: [Double] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
        func zero() { pointer.update(repeating: 0, count: count) }
    }

    // Parameters W_xh H×V, W_hh H×H, W_hy V×H, b_h H, b_y V, with their gradients and Adagrad memories.
    let wxh, whh, why, bh, by: Buffer
    /// W_xhᵀ (one row per token), refreshed after every update when the forward pass gathers many columns
    /// (T·B > 4V); otherwise the columns of W_xh are read in place.
    let wxhT: Buffer
    let gathersFromTranspose: Bool
    /// W_hhᵀ and W_hyᵀ, refreshed after every update when their products are small enough to run as loops,
    /// which read rows (`gemm` sends large products to OpenBLAS, which reads a transposed operand in place).
    let whhT, whyT: Buffer
    let recurrentUsesBLAS: Bool
    let logitsUseBLAS: Bool
    /// ∂W_xhᵀ, accumulated row by row (one row per input token), then transposed into ∂W_xh.
    let dwxhT: Buffer
    let dwxh, dwhh, dwhy, dbh, dby: Buffer
    var gradientBuffers: [Buffer] { [dwxh, dwhh, dwhy, dbh, dby] }
    let mwxh, mwhh, mwhy, mbh, mby: Buffer
    // Workspace.
    let hs: Buffer  // (T+1) × B × H
    let ps: Buffer  // T × B × V: logits, then probabilities, then ∂Y
    let fromOutput: Buffer  // T × B × H
    let deltas: Buffer  // T × B × H: δ(t) = (1 - h²) ⊙ ∂J/∂h(t)
    let next: Buffer  // B × H
    var inputs: [Int]  // T × B
    var targets: [Int]  // T × B
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
        vocabularySize = V
        hiddenSize = H
        self.window = window
        self.batch = batch
        self.learningRate = learningRate
        self.clip = clip
        wxh = Buffer(model.parameters["W_e"]!.values)
        whh = Buffer(model.parameters["W_h"]!.values)
        why = Buffer(model.parameters["U"]!.values)
        bh = Buffer(model.parameters["b1"]!.values)
        by = Buffer(model.parameters["b2"]!.values)
        wxhT = Buffer(zeros: V * H)
        dwxhT = Buffer(zeros: V * H)
        gathersFromTranspose = window * batch > 4 * V
        whhT = Buffer(zeros: H * H)
        whyT = Buffer(zeros: H * V)
        recurrentUsesBLAS = usesBLAS(m: batch, n: H, k: H)
        logitsUseBLAS = usesBLAS(m: window * batch, n: V, k: H)
        (dwxh, dwhh, dwhy, dbh, dby) = (
            Buffer(zeros: H * V), Buffer(zeros: H * H), Buffer(zeros: V * H), Buffer(zeros: H), Buffer(zeros: V)
        )
        (mwxh, mwhh, mwhy, mbh, mby) = (
            Buffer(zeros: H * V), Buffer(zeros: H * H), Buffer(zeros: V * H), Buffer(zeros: H), Buffer(zeros: V)
        )
        hs = Buffer(zeros: (window + 1) * batch * H)
        ps = Buffer(zeros: window * batch * V)
        fromOutput = Buffer(zeros: window * batch * H)
        deltas = Buffer(zeros: window * batch * H)
        next = Buffer(zeros: batch * H)
        inputs = [Int](repeating: 0, count: window * batch)
        targets = inputs
        self.tokens = tokens
        let stride = (tokens.count - 1) / batch
        starts = (0..<batch).map { $0 * stride }
        positions = starts
        smoothLoss = -log(1 / Double(V)) * Double(window)
        transposeWeights()
    }

    private func transposeWeights() {
        let (V, H) = (vocabularySize, hiddenSize)
        if gathersFromTranspose { transpose(wxh.pointer, rows: H, cols: V, into: wxhT.pointer) }
        if !recurrentUsesBLAS { transpose(whh.pointer, rows: H, cols: H, into: whhT.pointer) }
        if !logitsUseBLAS { transpose(why.pointer, rows: V, cols: H, into: whyT.pointer) }
    }

    /// The model with the current weights.
    public func model(vocabulary: Vocabulary) -> RNNLanguageModel {
        RNNLanguageModel(
            vocabulary: vocabulary, hiddenSize: hiddenSize, activation: .tanh, input: .oneHot,
            parameters: parameters(wxh, whh, bh, why, by))
    }

    /// The gradient of the last `computeGradients`, clipped, under the notes' names.
    public var gradients: ParameterSet { parameters(dwxh, dwhh, dbh, dwhy, dby) }

    private func parameters(_ we: Buffer, _ wh: Buffer, _ b1: Buffer, _ u: Buffer, _ b2: Buffer) -> ParameterSet {
        let (V, H) = (vocabularySize, hiddenSize)
        return ParameterSet([
            Parameter(name: "W_e", value: Matrix(rows: H, cols: V, values: we.array)),
            Parameter(name: "W_h", value: Matrix(rows: H, cols: H, values: wh.array)),
            Parameter(name: "b1", value: Matrix(rows: H, cols: 1, values: b1.array)),
            Parameter(name: "U", value: Matrix(rows: V, cols: H, values: u.array)),
            Parameter(name: "b2", value: Matrix(rows: V, cols: 1, values: b2.array)),
        ])
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
        let (V, H, T, B) = (vocabularySize, hiddenSize, window, batch)
        let hsP = hs.pointer
        let psP = ps.pointer
        for b in 0..<B {
            if !started || positions[b] + T + 1 >= tokens.count {
                positions[b] = starts[b]
                for k in 0..<H { hsP[b * H + k] = 0 }
            }
            for t in 0..<T {
                inputs[t * B + b] = tokens[positions[b] + t]
                targets[t * B + b] = tokens[positions[b] + t + 1]
            }
            positions[b] += T
        }
        started = true
        // Forward, step by step: h(t) = tanh(W_xh[:, x] + b_h + W_hh h(t-1)).
        let (wxhT, wxhP, bhP, byP) = (wxhT.pointer, wxh.pointer, bh.pointer, by.pointer)
        for t in 0..<T {
            let previous = hsP + t * B * H
            let current = hsP + (t + 1) * B * H
            for b in 0..<B {
                let x = inputs[t * B + b]
                let row = current + b * H
                if gathersFromTranspose {
                    let column = wxhT + x * H
                    for k in 0..<H { row[k] = column[k] + bhP[k] }
                } else {
                    for k in 0..<H { row[k] = wxhP[k * V + x] + bhP[k] }
                }
            }
            if recurrentUsesBLAS {
                gemm(
                    transA: false, transB: true, m: B, n: H, k: H, a: previous, lda: H, b: whh.pointer, ldb: H,
                    beta: 1, c: current, ldc: H)
            } else {
                gemm(
                    transA: false, transB: false, m: B, n: H, k: H, a: previous, lda: H, b: whhT.pointer, ldb: H,
                    beta: 1, c: current, ldc: H)
            }
            VectorMath.tanh(current, count: B * H)
        }
        // Every step's logits at once: Y (T·B × V) = H(1…T) W_hyᵀ + b_y.
        for r in 0..<(T * B) { for v in 0..<V { psP[r * V + v] = byP[v] } }
        if logitsUseBLAS {
            gemm(
                transA: false, transB: true, m: T * B, n: V, k: H, a: hsP + B * H, lda: H, b: why.pointer, ldb: H,
                beta: 1, c: psP, ldc: V)
        } else {
            gemm(
                transA: false, transB: false, m: T * B, n: V, k: H, a: hsP + B * H, lda: H, b: whyT.pointer, ldb: V,
                beta: 1, c: psP, ldc: V)
        }
        // Softmax, the loss, and ∂Y = (p - onehot(y)) / B.
        let share = 1 / Double(B)
        var loss = 0.0
        for r in 0..<(T * B) {
            let row = psP + r * V
            var top = row[0]
            for v in 1..<V where row[v] > top { top = row[v] }
            for v in 0..<V { row[v] -= top }
            VectorMath.exp(row, count: V)
            var total = 0.0
            for v in 0..<V { total += row[v] }
            let y = targets[r]
            loss += share * -log(row[y] / total)
            let scale = share / total
            for v in 0..<V { row[v] *= scale }
            row[y] -= share
        }
        backward()
        return loss
    }

    private func backward() {
        let (V, H, T, B) = (vocabularySize, hiddenSize, window, batch)
        let (hsP, psP, fromOut, deltaP, nextP) = (
            hs.pointer, ps.pointer, fromOutput.pointer, deltas.pointer, next.pointer
        )
        // ∂W_hy = ∂Yᵀ H(1…T); ∂b_y = the sum of ∂Y's rows; ∂H from the output = ∂Y W_hy.
        gemm(
            transA: true, transB: false, m: V, n: H, k: T * B, a: psP, lda: V, b: hsP + B * H, ldb: H, beta: 0,
            c: dwhy.pointer, ldc: H)
        dby.zero()
        let dbyP = dby.pointer
        for r in 0..<(T * B) { for v in 0..<V { dbyP[v] += psP[r * V + v] } }
        gemm(
            transA: false, transB: false, m: T * B, n: H, k: V, a: psP, lda: V, b: why.pointer, ldb: H, beta: 0,
            c: fromOut, ldc: H)
        // Back through time: δ(t) = (1 - h(t)²) ⊙ (∂H_out(t) + W_hhᵀ δ(t+1)).
        next.zero()
        for t in stride(from: T - 1, through: 0, by: -1) {
            let h = hsP + (t + 1) * B * H
            let out = fromOut + t * B * H
            let delta = deltaP + t * B * H
            for i in 0..<(B * H) { delta[i] = (1 - h[i] * h[i]) * (out[i] + nextP[i]) }
            if t > 0 {
                gemm(
                    transA: false, transB: false, m: B, n: H, k: H, a: delta, lda: H, b: whh.pointer, ldb: H, beta: 0,
                    c: nextP, ldc: H)
            }
        }
        // ∂W_hh = Δᵀ H(0…T-1); ∂b_h = the sum of the δ; ∂W_xh[:, x] += δ.
        gemm(
            transA: true, transB: false, m: H, n: H, k: T * B, a: deltaP, lda: H, b: hsP, ldb: H, beta: 0,
            c: dwhh.pointer, ldc: H)
        dbh.zero()
        let (dbhP, dwxhP, dwxhTP) = (dbh.pointer, dwxh.pointer, dwxhT.pointer)
        for r in 0..<(T * B) {
            let delta = deltaP + r * H
            for k in 0..<H { dbhP[k] += delta[k] }
        }
        // Many rows: into ∂W_xhᵀ row by row, then transposed; few: straight into the columns of ∂W_xh.
        if gathersFromTranspose {
            dwxhT.zero()
            for r in 0..<(T * B) {
                let (delta, row) = (deltaP + r * H, dwxhTP + inputs[r] * H)
                for k in 0..<H { row[k] += delta[k] }
            }
            transpose(dwxhTP, rows: V, cols: H, into: dwxhP)
        } else {
            dwxh.zero()
            for r in 0..<(T * B) {
                let (delta, x) = (deltaP + r * H, inputs[r])
                for k in 0..<H { dwxhP[k * V + x] += delta[k] }
            }
        }
        // The last states carry over to the next windows.
        hsP.update(from: hsP + T * B * H, count: B * H)
        let c = clip
        for g in gradientBuffers {
            let p = g.pointer
            for i in 0..<g.count { p[i] = min(max(p[i], -c), c) }
        }
    }

    /// Adagrad, min-char-rnn's: m += g²; θ -= lr · g / √(m + 1e-8), every parameter.
    private func update() {
        let lr = learningRate
        for (p, g, m) in [(wxh, dwxh, mwxh), (whh, dwhh, mwhh), (why, dwhy, mwhy), (bh, dbh, mbh), (by, dby, mby)] {
            let (pp, gp, mp) = (p.pointer, g.pointer, m.pointer)
            for i in 0..<p.count {
                let g = gp[i]
                let memory = mp[i] + g * g
                mp[i] = memory
                pp[i] -= lr * g / (memory + 1e-8).squareRoot()
            }
        }
        transposeWeights()
    }

    /// The name of the kernels OpenBLAS chose for this CPU (e.g. "SkylakeX", "Haswell", or "Prescott" when it
    /// did not recognise the processor, as happens in some virtual machines).
    public static var blasCore: String { String(cString: openblas_get_corename()) }

    /// How many threads OpenBLAS may use.
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

/// `C = A·B + β C` in row-major order, with A m×k (stored k×m when `transA`) and B k×n (stored n×k when
/// `transB`). Products of at least 2²⁰ multiply-adds go to OpenBLAS (`cblas_dgemm`); smaller ones, where
/// OpenBLAS spends more time packing than computing, run as loops of contiguous `C[i, :] += a · B[p, :]`, which
/// the compiler vectorises and which add every element's terms in the order p = 0, 1, …, k-1. Small products
/// with `transB` are not supported here (keep a transposed copy of B instead).
/// `out` (cols × rows) = `m`ᵀ, in 8×8 tiles so that reads and writes both stay within a few cache lines.
func transpose(_ m: UnsafePointer<Double>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Double>) {
    for i0 in stride(from: 0, to: rows, by: 8) {
        for j0 in stride(from: 0, to: cols, by: 8) {
            for i in i0..<min(i0 + 8, rows) {
                for j in j0..<min(j0 + 8, cols) { out[j * rows + i] = m[i * cols + j] }
            }
        }
    }
}

/// t + x₀v₀ + x₁v₁ + x₂v₂ + x₃v₃, added left to right.
@inline(__always)
func fourTerms(_ t: Double, _ x: (Double, Double, Double, Double), _ v: (Double, Double, Double, Double)) -> Double {
    var t = t
    t += x.0 * v.0
    t += x.1 * v.1
    t += x.2 * v.2
    t += x.3 * v.3
    return t
}

/// Whether `gemm` sends an m×k by k×n product to OpenBLAS.
func usesBLAS(m: Int, n: Int, k: Int) -> Bool { m * n * k >= 1 << 20 }

@inline(__always)
func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    if usesBLAS(m: m, n: n, k: k) {
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m),
            Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return
    }
    if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
    precondition(!transB, "small products read B row by row")
    // A(i, p), whichever way A is stored.
    @inline(__always) func element(_ i: Int, _ p: Int) -> Double { transA ? a[p * lda + i] : a[i * lda + p] }
    // Four rows of B at a time (p, p+1, p+2, p+3), added to four rows of C at a time: each element of B is
    // loaded once for four rows, each element of C once for four terms, and every element of C still sums its
    // terms in the order p = 0, 1, 2, …
    let whole = k - k % 4
    let fourRows = m - m % 4
    for p in stride(from: 0, to: whole, by: 4) {
        let (b0, b1, b2, b3) = (b + p * ldb, b + (p + 1) * ldb, b + (p + 2) * ldb, b + (p + 3) * ldb)
        for i in stride(from: 0, to: fourRows, by: 4) {
            let (c0, c1, c2, c3) = (c + i * ldc, c + (i + 1) * ldc, c + (i + 2) * ldc, c + (i + 3) * ldc)
            let x0 = (element(i, p), element(i, p + 1), element(i, p + 2), element(i, p + 3))
            let x1 = (element(i + 1, p), element(i + 1, p + 1), element(i + 1, p + 2), element(i + 1, p + 3))
            let x2 = (element(i + 2, p), element(i + 2, p + 1), element(i + 2, p + 2), element(i + 2, p + 3))
            let x3 = (element(i + 3, p), element(i + 3, p + 1), element(i + 3, p + 2), element(i + 3, p + 3))
            for j in 0..<n {
                let v = (b0[j], b1[j], b2[j], b3[j])
                c0[j] = fourTerms(c0[j], x0, v)
                c1[j] = fourTerms(c1[j], x1, v)
                c2[j] = fourTerms(c2[j], x2, v)
                c3[j] = fourTerms(c3[j], x3, v)
            }
        }
    }
    // The rows left over (all of them when m < 4): four terms per pass over the row.
    for i in fourRows..<m {
        let cRow = c + i * ldc
        for p in stride(from: 0, to: whole, by: 4) {
            let x = (element(i, p), element(i, p + 1), element(i, p + 2), element(i, p + 3))
            let (b0, b1, b2, b3) = (b + p * ldb, b + (p + 1) * ldb, b + (p + 2) * ldb, b + (p + 3) * ldb)
            for j in 0..<n { cRow[j] = fourTerms(cRow[j], x, (b0[j], b1[j], b2[j], b3[j])) }
        }
        for p in whole..<k {
            let (x, bRow) = (element(i, p), b + p * ldb)
            for j in 0..<n { cRow[j] += x * bRow[j] }
        }
    }
    // The terms left over for the blocks of four rows.
    for p in whole..<k {
        let bRow = b + p * ldb
        for i in 0..<fourRows {
            let (x, cRow) = (element(i, p), c + i * ldc)
            for j in 0..<n { cRow[j] += x * bRow[j] }
        }
    }
}
