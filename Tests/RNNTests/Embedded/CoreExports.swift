// Compiled only for WebAssembly with Embedded Swift, beside Sources/RNN/Core (EmbeddedCoreTests): an entry point
// to every piece of the core, so that the linker keeps (and must resolve) all of it. Not part of any target.

@_cdecl("rnn_exp") public func rnnExp(_ x: Double) -> Double { Elementary.exp(x) }
@_cdecl("rnn_tanh") public func rnnTanh(_ x: Double) -> Double { Elementary.tanh(x) }
@_cdecl("rnn_sigmoid") public func rnnSigmoid(_ x: Double) -> Double { Elementary.sigmoid(x) }
@_cdecl("rnn_log") public func rnnLog(_ x: Double) -> Double { Elementary.log(x) }
@_cdecl("rnn_rsqrt") public func rnnReciprocalSquareRoot(_ x: Double) -> Double { Elementary.reciprocalSquareRoot(x) }

@_cdecl("rnn_log_sum_exp")
public func rnnLogSumExp(_ o: UnsafePointer<Double>, _ count: Int, _ p: UnsafeMutablePointer<Double>) -> Double {
    Softmax.logSumExp(o, count: count, probabilities: p)
}

@_cdecl("rnn_cross_entropy_gradient")
public func rnnCrossEntropyGradient(
    _ p: UnsafePointer<Double>, _ count: Int, _ target: Int, _ weight: Double, _ dz: UnsafeMutablePointer<Double>
) {
    Softmax.crossEntropyGradient(probabilities: p, count: count, target: target, weight: weight, into: dz)
}

@_cdecl("rnn_multiply")
public func rnnMultiply(
    _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ rowStride: Int, _ termStride: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ accumulate: Bool, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ workspace: UnsafeMutablePointer<Double>?
) {
    Products.multiply(
        m: m, n: n, k: k, a: a, rowStride: rowStride, termStride: termStride, b: b, ldb: ldb, accumulate: accumulate,
        c: c, ldc: ldc, workspace: workspace)
}

@_cdecl("rnn_transpose")
public func rnnTranspose(
    _ rows: Int, _ columns: Int, _ m: UnsafePointer<Double>, _ ld: Int, _ out: UnsafeMutablePointer<Double>,
    _ ldOut: Int
) {
    Products.transpose(rows: rows, columns: columns, m, ld: ld, into: out, ldOut: ldOut)
}

@_cdecl("rnn_seed") public func rnnSeed(_ state: UnsafeMutablePointer<UInt32>, _ seed: UInt32) {
    MersenneTwister.seed(state, seed)
}

@_cdecl("rnn_uniform") public func rnnUniform(_ state: UnsafeMutablePointer<UInt32>) -> Double {
    MersenneTwister.nextDouble(state)
}

@_cdecl("rnn_choose")
public func rnnChoose(_ p: UnsafePointer<Double>, _ count: Int, _ u: Double) -> Int {
    MersenneTwister.choose(p, count: count, uniform: u)
}

/// The kinds by number: 0 RNN tanh, 1 RNN sigmoid, 2 RNN ReLU, 3 LSTM, 4 GRU, 5 the original GRU.
func cellKind(_ kind: Int) -> CellKind {
    switch kind {
    case 0: return .rnn(.tanh)
    case 1: return .rnn(.sigmoid)
    case 2: return .rnn(.relu)
    case 3: return .lstm
    case 4: return .gru
    default: return .gruOriginal
    }
}

/// One step of `rows` rows of a cell (the projections given in `gates` and `gh`) and its derivative.
@_cdecl("rnn_cell_step")
public func rnnCellStep(
    _ kind: Int, _ hidden: Int, _ inputSize: Int, _ w: UnsafePointer<Double>, _ wT: UnsafePointer<Double>,
    _ rows: Int, _ gates: UnsafeMutablePointer<Double>, _ gh: UnsafePointer<Double>, _ states: UnsafeMutablePointer<Double>,
    _ grads: UnsafeMutablePointer<Double>, _ scratch: UnsafeMutablePointer<Double>
) {
    let kind = cellKind(kind)
    let (H, GH) = (hidden, kind.gates * hidden)
    let cell = Cell(
        kind: kind, hidden: H, inputSize: inputSize, wIH: w, wHH: w + GH * inputSize, bIH: w + GH * (inputSize + H),
        bHH: w + GH * (inputSize + H + 1))
    let (h, c, candidate, hNext, cNext) = (states, states + H, states + 2 * H, states + 3 * H, states + 4 * H)
    cell.activate(
        rows: rows, gates: gates, gh: gh, h: h, c: c, candidate: candidate, hNext: hNext, cNext: cNext,
        hiddenTransposed: wT, scratch: scratch)
    let g = Cell.Gradients(
        wIH: grads, wHH: grads + GH * inputSize, bIH: grads + GH * (inputSize + H), bHH: grads + GH * (inputSize + H + 1))
    let (dh, dc, dGi, dGh, dhPrevious, dcPrevious) = (
        scratch + H, scratch + 2 * H, scratch + 3 * H, scratch + 3 * H + GH, scratch + 3 * H + 2 * GH,
        scratch + 4 * H + 2 * GH
    )
    cell.differentiate(
        h: h, c: c, gates: gates, candidate: candidate, cNext: cNext, dh: dh, dc: dc, dGi: dGi, dGh: dGh,
        dhPrevious: dhPrevious, dcPrevious: dcPrevious, into: g, scratch: scratch + 5 * H + 2 * GH)
}

/// The largest singular value of a rows × columns matrix (`Norms`; `work` of `Norms.singularValueWorkspace`).
@_cdecl("rnn_largest_singular_value")
public func rnnLargestSingularValue(
    _ rows: Int, _ columns: Int, _ a: UnsafePointer<Double>, _ work: UnsafeMutablePointer<Double>
) -> Double {
    Norms.largestSingularValue(rows: rows, columns: columns, a, ld: columns, workspace: work)
}
