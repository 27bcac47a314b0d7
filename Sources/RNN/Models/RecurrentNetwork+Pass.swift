import Foundation

/// The network's forward and backward passes, written once, over a batch of B examples of up to T steps (one
/// example is a batch of one): each layer's input projection is one product over all T·B rows, the recurrent
/// product runs per step over the B rows, and backward computes the weights' gradients over all T·B rows at the
/// end; the cells' step and its derivative in between are `Cell.activate` and `Cell.differentiate`. Rows are
/// time-major (row t·B + b is example b at step t), so a step's rows, and a direction's states in the order it
/// reads them, are contiguous. Buffers are allocated once per pass, nothing per step.
///
/// Examples of different lengths are padded on the right to the longest (`lengths`), as PyTorch's packed
/// sequences compute them: the forward direction's states at an example's real steps never read its padding; the
/// backward direction starts each example from its initial state (zero unless given) at its own last step, and
/// its gradient does not flow back into the padding. A loss that gives the padded steps weight 0 then has the
/// gradient of the examples' own losses: the padded rows' gradients are exact zeros, which add nothing.
///
/// Every product is `Products.general`'s, each element summed in one order whatever the machine or the number
/// of threads; a gradient sums over the rows of the whole batch in one product, so the batch's gradient equals
/// the sum of its examples' up to that order of summation.
extension RecurrentNetwork {
    /// A pass's activations in one allocation: the input (T·B × I, unless the inputs are tokens), each layer's
    /// outputs (T·B × O, after dropout) and dropout masks; each cell's (layer·directions + direction) states h and
    /// c ((T+1)·B × H, slot s in rows s·B..<(s+1)·B), gate activations (T·B × G·H) and candidates (T·B × H: see
    /// `Cell.activate`); then scratch.
    ///
    /// States are kept in time order: direction 0 keeps its initial state in slot 0 and h after step t in slot
    /// t+1; direction 1, which runs from t = T down to 1, its initial state in slot T and h after step t in slot t.
    final class Activations: @unchecked Sendable {
        let steps, batch, inputSize, hidden, gates, layers, directions: Int
        let hasMasks: Bool
        /// Layer 1's inputs as tokens (T·B, time-major), when they are one-hot vectors.
        let tokens: [Int]?
        /// Each example's length (at most T): its steps from there on are padding, read as the zero input.
        let lengths: [Int]
        let buffer: FlatBuffer

        init(
            _ network: RecurrentNetwork, steps T: Int, batch B: Int = 1, masks: Bool, tokens: [Int]? = nil,
            lengths: [Int]? = nil
        ) {
            (steps, batch, inputSize, hidden) = (T, B, network.inputSize, network.hiddenSize)
            self.lengths = lengths ?? Array(repeating: T, count: B)
            precondition(
                self.lengths.count == B && self.lengths.allSatisfy { (min(1, T)...T).contains($0) }, "lengths 1...T")
            (gates, layers, directions, hasMasks) = (network.kind.gates, network.layers, network.directions, masks)
            if let tokens {
                let inRange = tokens.allSatisfy { (0..<network.inputSize).contains($0) || $0 == Cell.noInput }
                precondition(tokens.count == T * B && inRange, "one token in range per step and example")
            }
            self.tokens = tokens
            let (H, O, G, rows) = (hidden, directions * hidden, gates, T * B)
            let layer = [rows * O, masks ? rows * O : 0]
            let cell = [(T + 1) * B * H, (T + 1) * B * H, rows * G * H, rows * H]
            buffer = FlatBuffer(
                parts: [tokens == nil ? rows * inputSize : 0] + Array(repeating: layer, count: layers).joined()
                    + Array(repeating: cell, count: layers * directions).joined() + [B * G * H, 3 * H],
                zeroed: false)
            // What the pass reads before it writes: the inputs (zero rows for the zero input), the masks (zero in
            // the padding) and the initial states; the rest it writes first.
            buffer.zero(0)
            for layer in 0..<layers { buffer.zero(2 + 2 * layer) }
            for j in 0..<(layers * directions) {
                for part in [states(j), cellStates(j)] {
                    part.update(repeating: 0, count: B * H)
                    (part + T * B * H).update(repeating: 0, count: B * H)
                }
            }
        }

        var width: Int { directions * hidden }
        var input: UnsafeMutablePointer<Double> { buffer[0] }
        /// Layer l's outputs, a row of O per step and example: what layer l+1 reads, and for the last layer the
        /// network's outputs.
        func outputs(_ layer: Int) -> UnsafeMutablePointer<Double> { buffer[1 + 2 * layer] }
        /// The dropout mask applied to layer l's outputs (0 or 1/(1-p)).
        func masks(_ layer: Int) -> UnsafeMutablePointer<Double> { buffer[2 + 2 * layer] }
        /// Cell j's states h, T+1 slots of B rows.
        func states(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[1 + 2 * layers + 4 * j] }
        /// The LSTM's cell states c, T+1 slots of B rows.
        func cellStates(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[2 + 2 * layers + 4 * j] }
        /// Gate activations, G·H per step and row.
        func gateValues(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[3 + 2 * layers + 4 * j] }
        /// What `Cell.activate` keeps per row besides the gates (the RNN's z, the LSTM's tanh(c'), the GRU's
        /// W_hn h + b_hn), H per step and row.
        func candidates(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[4 + 2 * layers + 4 * j] }
        /// b_hh + W_hh h of one step's B rows.
        var hiddenProducts: UnsafeMutablePointer<Double> { buffer[1 + 2 * layers + 4 * layers * directions] }
        var cellScratch: UnsafeMutablePointer<Double> { buffer[2 + 2 * layers + 4 * layers * directions] }

        /// The slots of the state a direction reads at step t and the one it writes.
        func slots(_ t: Int, direction: Int) -> (previous: Int, next: Int) { direction == 0 ? (t, t + 1) : (t + 1, t) }
        func initialSlot(direction: Int) -> Int { direction == 0 ? 0 : steps }
        func finalSlot(direction: Int) -> Int { direction == 0 ? steps : 0 }

        /// Whether `network` has the sizes this pass was laid out for.
        func fits(_ network: RecurrentNetwork) -> Bool {
            (inputSize, hidden, gates, layers, directions)
                == (network.inputSize, network.hiddenSize, network.kind.gates, network.layers, network.directions)
        }
    }

    /// The cells, one per layer and direction (index layer·directions + direction), over pointers to the
    /// network's parameters' values (3 or 4 per cell, in PyTorch's order) starting at `p.startIndex`.
    func cells(_ p: ArraySlice<UnsafePointer<Double>>) -> [Cell] {
        let (start, stride) = (p.startIndex, parametersPerCell)
        return (0..<(layers * directions)).map { j in
            let first = start + stride * j
            return Cell(
                kind: kind, hidden: hiddenSize, inputSize: j < directions ? inputSize : hiddenSize * directions,
                wIH: p[first], wHH: p[first + 1], bIH: p[first + 2], bHH: hiddenBias ? p[first + 3] : nil)
        }
    }

    /// The gradients' buffers of the cells, whose parameters start at `first` in `g` (one per parameter).
    func gradientPointers(_ g: [UnsafeMutablePointer<Double>], first: Int = 0) -> [Cell.Gradients] {
        (0..<(layers * directions)).map { j in
            let k = first + parametersPerCell * j
            return Cell.Gradients(wIH: g[k], wHH: g[k + 1], bIH: g[k + 2], bHH: hiddenBias ? g[k + 3] : nil)
        }
    }

    /// The forward pass from the initial states already in `a` (zeros unless written), with inverted dropout
    /// between layers when `dropout` is given: example b's masks are drawn from MT19937 seeded with `seeds[b]`,
    /// layer by layer, step by step, unit by unit.
    func runForward(_ cells: [Cell], dropout: (probability: Double, seeds: [UInt32])?, _ a: Activations) {
        let (T, B, H, GH, O, I) = (a.steps, a.batch, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        // W_ihᵀ and W_hhᵀ of the cell at hand, so that every product reads its B row by row.
        let ldT = Cell.transposedStride(GH)
        let projected = layers > 1 || a.tokens == nil
        let transposes = FlatBuffer(parts: [projected ? ldT * max(I, O) : 0, ldT * H], zeroed: false)
        let (wIHt, wHHt) = (transposes[0], transposes[1])
        defer { withExtendedLifetime(transposes) {} }
        var generators = a.hasMasks ? (dropout?.seeds ?? []).map { MT19937(seed: $0) } : []
        for layer in 0..<layers {
            let out = a.outputs(layer)
            for direction in 0..<directions {
                let j = layer * directions + direction
                let cell = cells[j]
                project(cell, layer: layer, a, gates: a.gateValues(j), transposed: wIHt)
                cell.transposeHiddenWeights(into: wHHt)
                for s in 0..<T where !Deadline.passed {
                    let t = direction == 0 ? s : T - 1 - s
                    step(cell, j: j, t: t, direction: direction, a, wHHt, ldT)
                    let next = a.states(j) + a.slots(t, direction: direction).next * B * H
                    for b in 0..<B { (out + (t * B + b) * O + direction * H).update(from: next + b * H, count: H) }
                }
            }
            if a.hasMasks, let dropout, layer < layers - 1 {
                drawMasks(layer, probability: dropout.probability, &generators, a)
            }
        }
    }

    /// The input projections of every step at once: gates ← b_ih + W_ih x.
    private func project(_ cell: Cell, layer: Int, _ a: Activations, gates: UnsafeMutablePointer<Double>,
        transposed wIHt: UnsafeMutablePointer<Double>)
    {
        let (rows, GH) = (a.steps * a.batch, kind.gates * hiddenSize)
        if layer == 0, let tokens = a.tokens {
            cell.projectOneHot(tokens, count: rows, into: gates)
            return
        }
        let (x, width) = layer == 0 ? (UnsafePointer(a.input), inputSize) : (UnsafePointer(a.outputs(layer - 1)), a.width)
        for r in 0..<rows { (gates + r * GH).update(from: cell.bIH, count: GH) }
        cell.transposeInputWeights(inputs: width, into: wIHt)
        Products.general(
            m: rows, n: GH, k: width, a: x, lda: width, b: wIHt, ldb: Cell.transposedStride(GH), beta: 1, c: gates,
            ldc: GH, scratch: nil, paddedB: true)
    }

    /// Step t of cell j (direction `direction`) for the B rows: b_hh + W_hh h, then the cell's step.
    @inline(__always)
    private func step(
        _ cell: Cell, j: Int, t: Int, direction: Int, _ a: Activations, _ wHHt: UnsafeMutablePointer<Double>,
        _ ldT: Int
    ) {
        let (B, H, GH) = (a.batch, hiddenSize, kind.gates * hiddenSize)
        let (hs, cs) = (a.states(j), a.cellStates(j))
        let (previous, next) = a.slots(t, direction: direction)
        let gh = a.hiddenProducts
        if let bHH = cell.bHH { for b in 0..<B { (gh + b * GH).update(from: bHH, count: GH) } }
        // A single row alternates the direction it sweeps W_hhᵀ from step to step, so that what one step read
        // last is still in L1 when the next starts (the values do not depend on it).
        Products.general(
            m: B, n: GH, k: H, a: hs + previous * B * H, lda: H, b: wHHt, ldb: ldT, beta: cell.bHH == nil ? 0 : 1,
            c: gh, ldc: GH, scratch: nil, descending: t % 2 == 1, paddedB: true)
        cell.activate(
            rows: B, gates: a.gateValues(j) + t * B * GH, gh: gh, h: hs + previous * B * H, c: cs + previous * B * H,
            candidate: a.candidates(j) + t * B * H, hNext: hs + next * B * H, cNext: cs + next * B * H,
            hiddenTransposed: wHHt, scratch: a.cellScratch)
        // Going backwards, a step in an example's padding leaves the initial state its last step starts from.
        if direction == 1 {
            let initial = a.initialSlot(direction: 1) * B
            for b in 0..<B where a.lengths[b] <= t {
                (hs + (next * B + b) * H).update(from: hs + (initial + b) * H, count: H)
                (cs + (next * B + b) * H).update(from: cs + (initial + b) * H, count: H)
            }
        }
    }

    /// Layer l's dropout masks, example by example over its real steps (each example's generator goes on from
    /// the layer below), then applied to the layer's outputs.
    private func drawMasks(_ layer: Int, probability: Double, _ generators: inout [MT19937], _ a: Activations) {
        let (B, O) = (a.batch, a.width)
        let keep = 1 / (1 - probability)
        let (mask, out) = (a.masks(layer), a.outputs(layer))
        for b in 0..<B {
            for t in 0..<a.lengths[b] {
                let row = mask + (t * B + b) * O
                for u in 0..<O { row[u] = generators[b].nextDouble() < probability ? 0 : keep }
            }
        }
        for k in 0..<(a.steps * B * O) { out[k] *= mask[k] }
    }

    /// What backpropagation through time writes besides the parameters' gradients, in one allocation: ∂L/∂x
    /// (T·B × I, unless `keepsInputs` is false: training on one-hot inputs has no use for it), ∂L/∂h0 and ∂L/∂c0
    /// (B rows of H per cell), and when asked ∂L/∂h(t) (per cell, T·B × H).
    final class InputGradients {
        /// Parts: ∂L/∂x, ∂L/∂h0, ∂L/∂c0, ∂L/∂h(t).
        private let buffer: FlatBuffer
        let steps, batch, inputSize, hiddenSize, cells: Int
        let keepsInputs, keepsHidden: Bool

        init(_ network: RecurrentNetwork, steps T: Int, batch B: Int = 1, keepsInputs: Bool = true, keepsHidden: Bool) {
            (steps, batch, inputSize, hiddenSize) = (T, B, network.inputSize, network.hiddenSize)
            cells = network.layers * network.directions
            (self.keepsInputs, self.keepsHidden) = (keepsInputs, keepsHidden)
            let H = hiddenSize
            buffer = FlatBuffer(
                parts: [keepsInputs ? T * B * inputSize : 0, cells * B * H, cells * B * H, keepsHidden ? cells * T * B * H : 0]
            )
        }

        var inputs: UnsafeMutablePointer<Double> { buffer[0] }
        var initialHidden: UnsafeMutablePointer<Double> { buffer[1] }
        var initialCell: UnsafeMutablePointer<Double> { buffer[2] }
        var hidden: UnsafeMutablePointer<Double>? { keepsHidden ? buffer[3] : nil }
    }

    /// BPTT from `a` for a loss whose gradient with respect to the top layer's outputs is `dOutputs` (T·B × O)
    /// and with respect to the final states `dFinalHidden` (and `dFinalCell`, LSTM), B rows of H per cell (zeros
    /// when nil): accumulates the parameters' gradients into `gradients` (one per cell) and writes the rest to
    /// `r`.
    func runBackward(
        _ cells: [Cell], _ a: Activations, dOutputs: UnsafePointer<Double>, dFinalHidden: UnsafePointer<Double>?,
        dFinalCell: UnsafePointer<Double>?, gradients: [Cell.Gradients], into r: InputGradients
    ) {
        let (T, B, H, GH, O, I) = (a.steps, a.batch, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        let rows = T * B
        // Every part is written before it is read (dh and dc are zeroed per cell).
        let work = FlatBuffer(
            parts: [rows * O, rows * O, rows * GH, rows * GH, B * H, B * H, B * H, B * H, 3 * H], zeroed: false)
        let below = [work[0], work[1]]
        var dAbove = dOutputs
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            // ∂L/∂ of the layer's inputs: the layer below's outputs, or the network's inputs when kept.
            let (dBelow, width) = layer == 0 ? (r.keepsInputs ? r.inputs : nil, I) : (below[layer % 2], O)
            for direction in 0..<directions {
                let j = layer * directions + direction
                let final = (dFinalHidden.map { $0 + j * B * H }, dFinalCell.map { $0 + j * B * H })
                backThroughTime(cells[j], j: j, direction: direction, a, dAbove: dAbove, final: final, gradients[j], r, work)
                weightGradients(cells[j], j: j, layer: layer, direction: direction, a, gradients[j], work, dBelow, width)
            }
            // Through the dropout between this layer and the one below: only the kept units pass gradient.
            if let dBelow, layer > 0 {
                if a.hasMasks {
                    let mask = a.masks(layer - 1)
                    for k in 0..<(rows * O) { dBelow[k] *= mask[k] }
                }
                dAbove = UnsafePointer(dBelow)
            }
        }
    }

    /// Cell j's steps undone in the reverse of the order they ran: ∂L/∂ of every gate of every step and row
    /// (work parts 2 and 3), ∂L/∂h(t) when kept, and ∂L/∂h0, ∂L/∂c0.
    private func backThroughTime(
        _ cell: Cell, j: Int, direction: Int, _ a: Activations, dAbove: UnsafePointer<Double>,
        final: (hidden: UnsafePointer<Double>?, cell: UnsafePointer<Double>?), _ g: Cell.Gradients,
        _ r: InputGradients, _ work: FlatBuffer
    ) {
        let (T, B, H, GH) = (a.steps, a.batch, hiddenSize, kind.gates * hiddenSize)
        let (hs, cs, gates, candidates) = (a.states(j), a.cellStates(j), a.gateValues(j), a.candidates(j))
        let (dGiAll, dGhAll) = (work[2], work[3])
        var (dh, dc, dhPrevious, dcPrevious) = (work[4], work[5], work[6], work[7])
        // W_hh with padded rows, so that each step's product reads its last columns in place.
        let ldW = Products.paddedStride(H)
        let padded = FlatBuffer(parts: [GH * ldW], zeroed: false)
        defer { withExtendedLifetime(padded) {} }
        for row in 0..<GH { (padded[0] + row * ldW).update(from: cell.wHH + row * H, count: H) }
        dh.update(repeating: 0, count: B * H)
        dc.update(repeating: 0, count: B * H)
        let (initialHidden, initialCell) = (r.initialHidden + j * B * H, r.initialCell + j * B * H)
        for s in stride(from: T - 1, through: 0, by: -1) where !Deadline.passed {
            let t = direction == 0 ? s : T - 1 - s
            let (previous, next) = a.slots(t, direction: direction)
            enter(t, direction: direction, a, dAbove: dAbove, final: final, dh: dh, dc: dc)
            r.hidden?.advanced(by: (j * T + t) * B * H).update(from: dh, count: B * H)
            for b in 0..<B {
                let (row, bh) = (t * B + b, b * H)
                cell.differentiate(
                    h: hs + (previous * B + b) * H, c: cs + (previous * B + b) * H, gates: gates + row * GH,
                    candidate: candidates + row * H, cNext: cs + (next * B + b) * H, dh: dh + bh, dc: dc + bh,
                    dGi: dGiAll + row * GH, dGh: dGhAll + row * GH, dhPrevious: dhPrevious + bh,
                    dcPrevious: dcPrevious + bh, into: g, scratch: work[8])
            }
            // ∂L/∂h of the step before: what bypassed W_hh plus W_hhᵀ ∂L/∂(W_hh h), for the B rows at once.
            Products.general(
                m: B, n: H, k: GH, a: dGhAll + t * B * GH, lda: GH, b: padded[0], ldb: ldW, beta: 1, c: dhPrevious,
                ldc: H, scratch: nil, descending: t % 2 == 1, paddedB: true)
            // Going backwards, an example's last step started from its initial state, not from its padding.
            if direction == 1 {
                for b in 0..<B where a.lengths[b] <= t + 1 {
                    if a.lengths[b] == t + 1 {
                        (initialHidden + b * H).update(from: dhPrevious + b * H, count: H)
                        (initialCell + b * H).update(from: dcPrevious + b * H, count: H)
                    }
                    (dhPrevious + b * H).update(repeating: 0, count: H)
                    (dcPrevious + b * H).update(repeating: 0, count: H)
                }
            }
            swap(&dh, &dhPrevious)
            swap(&dc, &dcPrevious)
        }
        if direction == 0 {
            initialHidden.update(from: dh, count: B * H)
            initialCell.update(from: dc, count: B * H)
        }
    }

    /// What enters ∂L/∂h(t) and ∂L/∂c(t) of direction `direction` from outside the recurrence: the final state's
    /// gradient at each example's last step (direction 1: at t = 0, its first), and the layer above's (or the
    /// loss's) at every step.
    private func enter(
        _ t: Int, direction: Int, _ a: Activations, dAbove: UnsafePointer<Double>,
        final: (hidden: UnsafePointer<Double>?, cell: UnsafePointer<Double>?), dh: UnsafeMutablePointer<Double>,
        dc: UnsafeMutablePointer<Double>
    ) {
        let (B, H, O) = (a.batch, hiddenSize, a.width)
        for b in 0..<B where direction == 0 ? a.lengths[b] - 1 == t : t == 0 {
            if let fh = final.hidden { for i in 0..<H { dh[b * H + i] += fh[b * H + i] } }
            if let fc = final.cell { for i in 0..<H { dc[b * H + i] += fc[b * H + i] } }
        }
        for b in 0..<B {
            let from = dAbove + (t * B + b) * O + direction * H
            for i in 0..<H { dh[b * H + i] += from[i] }
        }
    }

    /// Cell j's weights' gradients over every row of the batch, and ∂L/∂ of its inputs into `dBelow` (rows of
    /// `width`; the second direction adds to the first's).
    private func weightGradients(
        _ cell: Cell, j: Int, layer: Int, direction: Int, _ a: Activations, _ g: Cell.Gradients, _ work: FlatBuffer,
        _ dBelow: UnsafeMutablePointer<Double>?, _ width: Int
    ) {
        let (B, H, GH, I, rows) = (a.batch, hiddenSize, kind.gates * hiddenSize, inputSize, a.steps * a.batch)
        let (dGiAll, dGhAll) = (work[2], work[3])
        // The states each step read are contiguous (slots 0..<T for direction 0, 1...T for direction 1), in the
        // rows' order.
        let read = a.states(j) + (direction == 0 ? 0 : B * H)
        Products.general(
            transA: true, m: GH, n: H, k: rows, a: dGhAll, lda: GH, b: read, ldb: H, beta: 1, c: g.wHH, ldc: H,
            scratch: nil)
        if layer == 0, let tokens = a.tokens {
            // Column x of ∂W_ih sums the rows that read token x, in row order: summed first into a row per token
            // read (contiguous, so the loop vectorises), then added to ∂W_ih's columns of those tokens only (the
            // others' gradient is zero: min-char-rnn's W_xh·x with a one-hot x is a column pick).
            var (slots, read) = ([Int](repeating: -1, count: I), [Int]())
            for r in 0..<rows where tokens[r] != Cell.noInput && slots[tokens[r]] < 0 {
                slots[tokens[r]] = read.count
                read.append(tokens[r])
            }
            let sums = FlatBuffer(parts: [read.count * GH])
            defer { withExtendedLifetime(sums) {} }
            let byToken = sums[0]
            for r in 0..<rows where tokens[r] != Cell.noInput {
                let (row, into) = (dGiAll + r * GH, byToken + slots[tokens[r]] * GH)
                for k in 0..<GH { into[k] += row[k] }
            }
            for k in 0..<GH { for (s, x) in read.enumerated() { g.wIH[k * I + x] += byToken[s * GH + k] } }
        } else {
            let x = layer == 0 ? UnsafePointer(a.input) : UnsafePointer(a.outputs(layer - 1))
            Products.general(
                transA: true, m: GH, n: width, k: rows, a: dGiAll, lda: GH, b: x, ldb: width, beta: 1, c: g.wIH,
                ldc: width, scratch: nil)
        }
        for r in 0..<rows {
            let gi = dGiAll + r * GH
            for k in 0..<GH { g.bIH[k] += gi[k] }
        }
        if let bHH = g.bHH {
            for r in 0..<rows {
                let gh = dGhAll + r * GH
                for k in 0..<GH { bHH[k] += gh[k] }
            }
        }
        if let dBelow {
            Products.general(
                m: rows, n: width, k: GH, a: dGiAll, lda: GH, b: cell.wIH, ldb: width, beta: direction == 0 ? 0 : 1,
                c: dBelow, ldc: width, scratch: nil)
        }
    }
}
