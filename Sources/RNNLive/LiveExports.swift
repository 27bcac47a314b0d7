// The live figures' entry points: compiled only for WebAssembly with Embedded Swift, beside the engine's core
// (Sources/RNN/Core), by `LiveModule` (never part of a native target). Every number is the core's: the cell's step
// (`Cell`), the products (`Products`), softmax and log-sum-exp (`Softmax`), MT19937 (`MersenneTwister`), in the
// order the native passes use (`RecurrentNetwork+Pass`, `SequenceModel+Generate`), so that the page shows the
// native engine's bits. The page gives pointers into the module's memory and sizes; it only moves data.
//
// The model: `layers` layers of one direction over tokens (a token per step, `-1` the zero input) read one-hot
// (`embedding` 0) or through an embedding E (D × V, `embedding` = D), then the output layer. `params` holds E
// (when embedded), then layer after layer W_ih (G·H × I, I the vocabulary or D in layer 1 and H above), W_hh
// (G·H × H), b_ih (G·H), b_hh (G·H, when `hasHiddenBias`), then U (K × H) and b2 (K), row-major as the engine
// keeps them. `h0` and `c0` hold one state of H per layer.

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

/// A model's layers over `params`, and where E, U and b2 start.
struct LiveModel {
    let kind: CellKind
    let layers, hidden, inputs, embedding, outputs: Int
    let hasHiddenBias: Bool
    let E, cells, U, b2: UnsafePointer<Double>

    init(
        _ kind: Int, _ layers: Int, _ hidden: Int, _ inputs: Int, _ embedding: Int, _ outputs: Int,
        _ hasHiddenBias: Bool, _ p: UnsafePointer<Double>
    ) {
        self.kind = liveCellKind(kind)
        (self.layers, self.hidden, self.inputs, self.embedding, self.outputs) = (
            layers, hidden, inputs, embedding, outputs
        )
        self.hasHiddenBias = hasHiddenBias
        (E, cells) = (p, p + embedding * inputs)
        let GH = self.kind.gates * hidden
        let biases = (hasHiddenBias ? 2 : 1) * GH
        let width = embedding > 0 ? embedding : inputs
        U = cells + GH * (width + hidden) + biases + (layers - 1) * (GH * 2 * hidden + biases)
        b2 = U + outputs * hidden
    }

    /// What layer 1 reads per step: the vocabulary's one-hot vector or an embedding of D.
    var firstWidth: Int { embedding > 0 ? embedding : inputs }

    /// Layer l's cell (its weights read in place).
    func cell(_ layer: Int) -> Cell {
        let GH = kind.gates * hidden
        let biases = (hasHiddenBias ? 2 : 1) * GH
        let first =
            layer == 0 ? cells : cells + GH * (firstWidth + hidden) + biases + (layer - 1) * (GH * 2 * hidden + biases)
        let width = layer == 0 ? firstWidth : hidden
        let bIH = first + GH * (width + hidden)
        return Cell(
            kind: kind, hidden: hidden, inputSize: width, wIH: first, wHH: first + GH * width, bIH: bIH,
            bHH: hasHiddenBias ? bIH + GH : nil)
    }

    /// The doubles of work space `live_forward` and `live_sample` need (`LiveWork`).
    static func workSize(_ kind: Int, _ layers: Int, _ hidden: Int, _ embedding: Int, _ outputs: Int) -> Int {
        let GH = liveCellKind(kind).gates * hidden
        let perLayer = Cell.transposedStride(GH) * (hidden + max(hidden, embedding)) + 2 * hidden
        return layers * perLayer + hidden * (outputs + 8) + 3 * GH + 8 * hidden + 2 * outputs + embedding
            + 2 * hidden * layers + outputs
    }
}

/// The work space's parts: per layer W_hhᵀ, W_ihᵀ (above layer 1, and in layer 1 when embedded), h and c; Uᵀ,
/// gates, b_hh + W_hh h, the states after a layer's step, the candidate, the cell's scratch, a row of logits and
/// one of probabilities; what the forward figure shows of layer 1 (c, the candidate, the gates: the native
/// tables' layer); the embedded input; a copy of every layer's h and c and the logits after a sample's prime.
struct LiveWork {
    let model: LiveModel
    let base: UnsafeMutablePointer<Double>
    let perLayer, ldT: Int
    let uT, gates, gh, hNext, cNext, candidate, scratch, logits, probabilities: UnsafeMutablePointer<Double>
    let firstCell, firstCandidate, firstGates, x, primed: UnsafeMutablePointer<Double>

    /// The parts of `w` for `model`; `transposing` writes the transposed weights (a call that continues an
    /// earlier one's work finds them there).
    init(_ model: LiveModel, _ w: UnsafeMutablePointer<Double>, transposing: Bool = true) {
        let (H, GH, K) = (model.hidden, model.kind.gates * model.hidden, model.outputs)
        self.model = model
        ldT = Cell.transposedStride(GH)
        (base, perLayer) = (w, ldT * (H + max(H, model.embedding)) + 2 * H)
        uT = w + model.layers * perLayer
        gates = uT + H * (K + 8)
        gh = gates + GH
        hNext = gh + GH
        cNext = hNext + H
        candidate = cNext + H
        scratch = candidate + H
        logits = scratch + 3 * H
        probabilities = logits + K
        firstCell = probabilities + K
        firstCandidate = firstCell + H
        firstGates = firstCandidate + H
        x = firstGates + GH
        primed = x + model.embedding
        guard transposing else { return }
        for layer in 0..<model.layers {
            let cell = model.cell(layer)
            cell.transposeHiddenWeights(into: hiddenTransposed(layer))
            if layer > 0 || model.embedding > 0 {
                cell.transposeInputWeights(inputs: cell.inputSize, into: inputTransposed(layer))
            }
        }
        Products.transpose(rows: K, columns: H, model.U, ld: H, into: uT, ldOut: K + 8)
    }

    func hiddenTransposed(_ layer: Int) -> UnsafeMutablePointer<Double> { base + layer * perLayer }
    func inputTransposed(_ layer: Int) -> UnsafeMutablePointer<Double> { hiddenTransposed(layer) + ldT * model.hidden }
    /// Layer l's state h (and c after it).
    func h(_ layer: Int) -> UnsafeMutablePointer<Double> { base + (layer + 1) * perLayer - 2 * model.hidden }
    func c(_ layer: Int) -> UnsafeMutablePointer<Double> { h(layer) + model.hidden }

    /// Every layer's h and c from `h0`, `c0` (one state of H per layer).
    func start(_ h0: UnsafePointer<Double>, _ c0: UnsafePointer<Double>) {
        for layer in 0..<model.layers {
            h(layer).update(from: h0 + layer * model.hidden, count: model.hidden)
            c(layer).update(from: c0 + layer * model.hidden, count: model.hidden)
        }
    }

    /// Keeps (`saving`) or brings back every layer's h and c and the logits (`live_state_size` doubles), in
    /// `place` or, without one, in `primed`.
    func keep(saving: Bool, in place: UnsafeMutablePointer<Double>? = nil) {
        let (H, K, primed) = (model.hidden, model.outputs, place ?? primed)
        for layer in 0..<model.layers {
            let copy = primed + 2 * H * layer
            if saving {
                copy.update(from: h(layer), count: H)
                (copy + H).update(from: c(layer), count: H)
            } else {
                h(layer).update(from: copy, count: H)
                c(layer).update(from: copy + H, count: H)
            }
        }
        let logitsCopy = primed + 2 * H * model.layers
        if saving { logitsCopy.update(from: logits, count: K) } else { logits.update(from: logitsCopy, count: K) }
    }

    /// One step reading `token`, layer by layer as `RecurrentNetwork.Stepper` runs it: each layer's new states
    /// in `h(l)`, `c(l)`; layer 1's cell state, candidate and gates kept; the top layer's logits in `logits`.
    /// With `record`, what the top layer's step read and wrote, as its derivative reads them (`LiveRecord`).
    func step(_ token: Int, record: UnsafeMutablePointer<Double>? = nil) {
        let (H, GH, K) = (model.hidden, model.kind.gates * model.hidden, model.outputs)
        for layer in 0..<model.layers {
            let cell = model.cell(layer)
            if layer == 0 && model.embedding == 0 {
                var x = token
                cell.projectOneHot(&x, count: 1, into: gates)
            } else {
                let input = layer > 0 ? UnsafePointer(h(layer - 1)) : embed(token)
                gates.update(from: cell.bIH, count: GH)
                Products.multiply(
                    m: 1, n: GH, k: cell.inputSize, a: input, rowStride: cell.inputSize, termStride: 1,
                    b: inputTransposed(layer), ldb: ldT, accumulate: true, c: gates, ldc: GH, workspace: nil)
            }
            if let bHH = cell.bHH { gh.update(from: bHH, count: GH) }
            Products.multiply(
                m: 1, n: GH, k: H, a: h(layer), rowStride: H, termStride: 1, b: hiddenTransposed(layer), ldb: ldT,
                accumulate: cell.bHH != nil, c: gh, ldc: GH, workspace: nil)
            cell.activate(
                rows: 1, gates: gates, gh: gh, h: h(layer), c: c(layer), candidate: candidate, hNext: hNext,
                cNext: cNext, hiddenTransposed: hiddenTransposed(layer), scratch: scratch)
            if layer == model.layers - 1, let record {
                LiveRecord(record, hidden: H, gates: GH).keep(h(layer), c(layer), gates, candidate, cNext)
            }
            h(layer).update(from: hNext, count: H)
            c(layer).update(from: cNext, count: H)
            if layer == 0 {
                firstCell.update(from: cNext, count: H)
                firstCandidate.update(from: candidate, count: H)
                firstGates.update(from: gates, count: GH)
            }
        }
        logits.update(from: model.b2, count: K)
        Products.multiply(
            m: 1, n: K, k: H, a: h(model.layers - 1), rowStride: H, termStride: 1, b: uT, ldb: K + 8,
            accumulate: true, c: logits, ldc: K, workspace: nil)
    }
}

extension LiveWork {
    /// The token's column of E in `x` (zeros for the zero input), as `SequenceModel.embed` copies it.
    func embed(_ token: Int) -> UnsafePointer<Double> {
        let (D, V) = (model.embedding, model.inputs)
        for k in 0..<D { x[k] = token == Cell.noInput ? 0 : model.E[k * V + token] }
        return UnsafePointer(x)
    }
}

@_cdecl("live_work_size")
public func liveWorkSize(_ kind: Int, _ layers: Int, _ hidden: Int, _ embedding: Int, _ outputs: Int) -> Int {
    LiveModel.workSize(kind, layers, hidden, embedding, outputs)
}

/// The doubles `live_forward` writes per step: the top layer's h; layer 1's c, candidate (the RNN's z) and gates
/// (G·H); the logits and ŷ (K each), log-sum-exp of the logits and J(t).
@_cdecl("live_step_size")
public func liveStepSize(_ kind: Int, _ hidden: Int, _ outputs: Int) -> Int {
    (3 + liveCellKind(kind).gates) * hidden + 2 * outputs + 2
}

/// The doubles of one step's states: every layer's h and c, and the logits.
@_cdecl("live_state_size")
public func liveStateSize(_ layers: Int, _ hidden: Int, _ outputs: Int) -> Int { 2 * layers * hidden + outputs }

/// The forward pass over `count` tokens from h(0) = `h0` (and c(0) = `c0`, LSTM), each step's values
/// (`live_step_size`) one after another into `out`; J(t) = lse - logits[target] where `targets[t]` is a token,
/// else 0; the states after each step (`live_state_size` doubles) into `states`. `from` > 0 says that `out` and
/// `states` hold an earlier pass's first `from` steps over the same first tokens (a text the reader edited after
/// them): those steps are kept, their J(t) taken again (the last one's target may be new), and the pass goes on
/// from the states after them.
@_cdecl("live_forward")
public func liveForward(
    _ kind: Int, _ layers: Int, _ hidden: Int, _ inputs: Int, _ embedding: Int, _ outputs: Int,
    _ hasHiddenBias: Bool, _ params: UnsafePointer<Double>, _ tokens: UnsafePointer<Int>,
    _ targets: UnsafePointer<Int>, _ count: Int, _ from: Int, _ h0: UnsafePointer<Double>,
    _ c0: UnsafePointer<Double>, _ work: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>,
    _ states: UnsafeMutablePointer<Double>
) {
    let model = LiveModel(kind, layers, hidden, inputs, embedding, outputs, hasHiddenBias, params)
    let w = LiveWork(model, work, transposing: from == 0)
    let (H, GH, K) = (hidden, model.kind.gates * hidden, outputs)
    let (stride, S) = (liveStepSize(kind, hidden, outputs), liveStateSize(layers, hidden, outputs))
    if from == 0 { w.start(h0, c0) } else { w.keep(saving: false, in: states + (from - 1) * S) }
    for t in 0..<count {
        let row = out + t * stride
        let (logits, p) = (row + 3 * H + GH, row + 3 * H + GH + K)
        if t >= from {
            w.step(tokens[t])
            w.keep(saving: true, in: states + t * S)
            row.update(from: w.h(layers - 1), count: H)
            (row + H).update(from: w.firstCell, count: H)
            (row + 2 * H).update(from: w.firstCandidate, count: H)
            (row + 3 * H).update(from: w.firstGates, count: GH)
            logits.update(from: w.logits, count: K)
            p[K] = Softmax.logSumExp(logits, count: K, probabilities: p)
        }
        p[K + 1] = (0..<K).contains(targets[t]) ? p[K] - logits[targets[t]] : 0
    }
}

/// Sampling as `SamplingConfiguration.draw` does it, begun: the prime's `primeCount` tokens read from h(0) (the
/// zero input when there are none), MT19937 seeded with `seed` (`state`: 624 words and the index). The states and
/// the logits of the first draw stay in `work` for `live_sample_draw`, and a copy of them for the next sample:
/// `kept` ≥ 0 says that the copy in `work` is of the states after the prime's first `kept` tokens (the whole of
/// an earlier prime this one extends, or repeats), which are then brought back and only the rest is read; -1,
/// none.
@_cdecl("live_sample_start")
public func liveSampleStart(
    _ kind: Int, _ layers: Int, _ hidden: Int, _ inputs: Int, _ embedding: Int, _ outputs: Int,
    _ hasHiddenBias: Bool, _ params: UnsafePointer<Double>, _ prime: UnsafePointer<Int>, _ primeCount: Int,
    _ kept: Int, _ h0: UnsafePointer<Double>, _ c0: UnsafePointer<Double>, _ seed: UInt32,
    _ state: UnsafeMutablePointer<UInt32>, _ work: UnsafeMutablePointer<Double>
) {
    let model = LiveModel(kind, layers, hidden, inputs, embedding, outputs, hasHiddenBias, params)
    let w = LiveWork(model, work, transposing: kept < 0)
    if kept < 0 {
        w.start(h0, c0)
        if primeCount == 0 { w.step(Cell.noInput) }
    } else {
        w.keep(saving: false)
    }
    for t in max(kept, 0)..<primeCount { w.step(prime[t]) }
    w.keep(saving: true)
    MersenneTwister.seed(state, seed)
}

/// Up to `count` more tokens of a sample `live_sample_start` began (or an earlier call continued): `previous`, the
/// token drawn last (negative: none yet), is fed back first, then each token is drawn from
/// softmax(logits / temperature) and fed back before the next, stopping after `stop` (-1: none). Writes each
/// token and its probability; returns how many were drawn. Called in pieces, it draws what one call would (the
/// transposed weights are the ones `live_sample_start` wrote into `work`).
@_cdecl("live_sample_draw")
public func liveSampleDraw(
    _ kind: Int, _ layers: Int, _ hidden: Int, _ inputs: Int, _ embedding: Int, _ outputs: Int,
    _ hasHiddenBias: Bool, _ params: UnsafePointer<Double>, _ previous: Int, _ temperature: Double, _ count: Int,
    _ stop: Int, _ state: UnsafeMutablePointer<UInt32>, _ work: UnsafeMutablePointer<Double>,
    _ tokensOut: UnsafeMutablePointer<Int>, _ probabilitiesOut: UnsafeMutablePointer<Double>
) -> Int {
    let model = LiveModel(kind, layers, hidden, inputs, embedding, outputs, hasHiddenBias, params)
    let w = LiveWork(model, work, transposing: false)
    let K = outputs
    var (last, drawn) = (previous, 0)
    while drawn < count {
        if last >= 0 { w.step(last) }
        for v in 0..<K { w.logits[v] = w.logits[v] / temperature }
        _ = Softmax.logSumExp(w.logits, count: K, probabilities: w.probabilities)
        let u = MersenneTwister.nextDouble(state)
        let token = MersenneTwister.choose(w.probabilities, count: K, uniform: u)
        tokensOut[drawn] = token
        probabilitiesOut[drawn] = w.probabilities[token]
        drawn += 1
        last = token
        if token == stop { break }
    }
    return drawn
}
