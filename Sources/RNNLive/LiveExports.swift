// The live figures' entry points: compiled only for WebAssembly with Embedded Swift, beside the engine's core
// (Sources/RNN/Core), by `LiveModule` (never part of a native target). Every number is the core's: the cell's step
// (`Cell`), the products (`Products`), softmax and log-sum-exp (`Softmax`), MT19937 (`MersenneTwister`), in the
// order the native passes use (`RecurrentNetwork+Pass`, `SequenceModel+Generate`), so that the page shows the
// native engine's bits. The page gives pointers into the module's memory and sizes; it only moves data.
//
// The model: one layer, one direction, one-hot inputs (a token per step, `-1` the zero input), then the output
// layer. `params` holds, one after another, W_ih (G·H × I), W_hh (G·H × H), b_ih (G·H), b_hh (G·H, when
// `hasHiddenBias`), U (K × H) and b2 (K), row-major as the engine keeps them.

/// The kinds by number: 0 RNN tanh, 1 RNN sigmoid, 2 RNN ReLU, 3 LSTM, 4 GRU, 5 the original GRU.
func liveCellKind(_ kind: Int) -> CellKind {
    switch kind {
    case 0: return .rnn(.tanh)
    case 1: return .rnn(.sigmoid)
    case 2: return .rnn(.relu)
    case 3: return .lstm
    case 4: return .gru
    default: return .gruOriginal
    }
}

/// A model's cell over `params`, and where U and b2 start.
struct LiveModel {
    let cell: Cell
    let outputs: Int
    let U: UnsafePointer<Double>
    let b2: UnsafePointer<Double>

    init(_ kind: Int, _ hidden: Int, _ inputs: Int, _ outputs: Int, _ hasHiddenBias: Bool, _ p: UnsafePointer<Double>) {
        let kind = liveCellKind(kind)
        let GH = kind.gates * hidden
        let bIH = p + GH * (inputs + hidden)
        let bHH = hasHiddenBias ? bIH + GH : nil
        cell = Cell(kind: kind, hidden: hidden, inputSize: inputs, wIH: p, wHH: p + GH * inputs, bIH: bIH, bHH: bHH)
        self.outputs = outputs
        U = bIH + (hasHiddenBias ? 2 : 1) * GH
        b2 = U + outputs * hidden
    }

    /// The doubles of work space `run` and `sample` need.
    static func workSize(_ kind: Int, _ hidden: Int, _ outputs: Int) -> Int {
        let GH = liveCellKind(kind).gates * hidden
        return Cell.transposedStride(GH) * hidden + hidden * (outputs + 8) + 4 * GH + 8 * hidden + 2 * outputs
    }
}

/// The work space's parts: W_hhᵀ, Uᵀ, gates, b_hh + W_hh h, the states before and after, the candidate, the
/// cell's scratch, a row of logits and one of probabilities.
struct LiveWork {
    let wHHt, uT, gates, gh, h, c, hNext, cNext, candidate, scratch, logits, probabilities: UnsafeMutablePointer<Double>

    init(_ model: LiveModel, _ w: UnsafeMutablePointer<Double>) {
        let (H, GH, K) = (model.cell.hidden, model.cell.kind.gates * model.cell.hidden, model.outputs)
        wHHt = w
        uT = wHHt + Cell.transposedStride(GH) * H
        gates = uT + H * (K + 8)
        gh = gates + GH
        h = gh + GH
        c = h + H
        hNext = c + H
        cNext = hNext + H
        candidate = cNext + H
        scratch = candidate + H
        logits = scratch + 3 * H
        probabilities = logits + K
        model.cell.transposeHiddenWeights(into: wHHt)
        Products.transpose(rows: K, columns: H, model.U, ld: H, into: uT, ldOut: K + 8)
    }

    /// One step from `h`, `c` reading `token`: the new states in `h`, `c`, the gates in `gates`, the candidate in
    /// `candidate`, the logits in `logits`.
    func step(_ model: LiveModel, _ token: Int) {
        let cell = model.cell
        let (H, GH, K) = (cell.hidden, cell.kind.gates * cell.hidden, model.outputs)
        var x = token
        cell.projectOneHot(&x, count: 1, into: gates)
        if let bHH = cell.bHH { gh.update(from: bHH, count: GH) }
        Products.multiply(
            m: 1, n: GH, k: H, a: h, rowStride: H, termStride: 1, b: wHHt, ldb: Cell.transposedStride(GH),
            accumulate: cell.bHH != nil, c: gh, ldc: GH, workspace: nil)
        cell.activate(
            rows: 1, gates: gates, gh: gh, h: h, c: c, candidate: candidate, hNext: hNext, cNext: cNext,
            hiddenTransposed: wHHt, scratch: scratch)
        h.update(from: hNext, count: H)
        c.update(from: cNext, count: H)
        logits.update(from: model.b2, count: K)
        Products.multiply(
            m: 1, n: K, k: H, a: h, rowStride: H, termStride: 1, b: uT, ldb: K + 8, accumulate: true, c: logits,
            ldc: K, workspace: nil)
    }
}

@_cdecl("live_work_size")
public func liveWorkSize(_ kind: Int, _ hidden: Int, _ outputs: Int) -> Int {
    LiveModel.workSize(kind, hidden, outputs)
}

/// The doubles `live_forward` writes per step: h, c, the candidate (the RNN's z), the gates (G·H), the logits
/// and ŷ (K each), log-sum-exp of the logits and J(t).
@_cdecl("live_step_size")
public func liveStepSize(_ kind: Int, _ hidden: Int, _ outputs: Int) -> Int {
    (3 + liveCellKind(kind).gates) * hidden + 2 * outputs + 2
}

/// The forward pass over `count` tokens from h(0) = `h0` (and c(0) = `c0`, LSTM), each step's values
/// (`live_step_size`) one after another into `out`; J(t) = lse - logits[target] where `targets[t]` is a token,
/// else 0.
@_cdecl("live_forward")
public func liveForward(
    _ kind: Int, _ hidden: Int, _ inputs: Int, _ outputs: Int, _ hasHiddenBias: Bool, _ params: UnsafePointer<Double>,
    _ tokens: UnsafePointer<Int>, _ targets: UnsafePointer<Int>, _ count: Int, _ h0: UnsafePointer<Double>,
    _ c0: UnsafePointer<Double>, _ work: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>
) {
    let model = LiveModel(kind, hidden, inputs, outputs, hasHiddenBias, params)
    let w = LiveWork(model, work)
    let (H, GH, K) = (hidden, model.cell.kind.gates * hidden, outputs)
    let stride = liveStepSize(kind, hidden, outputs)
    w.h.update(from: h0, count: H)
    w.c.update(from: c0, count: H)
    for t in 0..<count {
        w.step(model, tokens[t])
        let row = out + t * stride
        row.update(from: w.h, count: H)
        (row + H).update(from: w.c, count: H)
        (row + 2 * H).update(from: w.candidate, count: H)
        (row + 3 * H).update(from: w.gates, count: GH)
        let (logits, p) = (row + 3 * H + GH, row + 3 * H + GH + K)
        logits.update(from: w.logits, count: K)
        let lse = Softmax.logSumExp(logits, count: K, probabilities: p)
        p[K] = lse
        p[K + 1] = (0..<K).contains(targets[t]) ? lse - logits[targets[t]] : 0
    }
}

/// Sampling as `SamplingConfiguration.draw` does it: the prime's `primeCount` tokens read from h(0) (the zero
/// input when there are none), then up to `length` tokens drawn from softmax(logits / temperature) by MT19937
/// seeded with `seed` (`state`: 624 words and the index), each fed back, stopping after `stop` (-1: none).
/// Writes each token and its probability; returns how many were drawn.
@_cdecl("live_sample")
public func liveSample(
    _ kind: Int, _ hidden: Int, _ inputs: Int, _ outputs: Int, _ hasHiddenBias: Bool, _ params: UnsafePointer<Double>,
    _ prime: UnsafePointer<Int>, _ primeCount: Int, _ h0: UnsafePointer<Double>, _ c0: UnsafePointer<Double>,
    _ temperature: Double, _ seed: UInt32, _ length: Int, _ stop: Int, _ state: UnsafeMutablePointer<UInt32>,
    _ work: UnsafeMutablePointer<Double>, _ tokensOut: UnsafeMutablePointer<Int>,
    _ probabilitiesOut: UnsafeMutablePointer<Double>
) -> Int {
    let model = LiveModel(kind, hidden, inputs, outputs, hasHiddenBias, params)
    let w = LiveWork(model, work)
    let K = outputs
    w.h.update(from: h0, count: hidden)
    w.c.update(from: c0, count: hidden)
    if primeCount == 0 { w.step(model, Cell.noInput) }
    for t in 0..<primeCount { w.step(model, prime[t]) }
    MersenneTwister.seed(state, seed)
    var drawn = 0
    while drawn < length {
        for v in 0..<K { w.logits[v] = w.logits[v] / temperature }
        _ = Softmax.logSumExp(w.logits, count: K, probabilities: w.probabilities)
        let u = MersenneTwister.nextDouble(state)
        let token = MersenneTwister.choose(w.probabilities, count: K, uniform: u)
        tokensOut[drawn] = token
        probabilitiesOut[drawn] = w.probabilities[token]
        drawn += 1
        if token == stop || drawn == length { break }
        w.step(model, token)
    }
    return drawn
}
