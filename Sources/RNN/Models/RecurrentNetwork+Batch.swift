import Foundation

/// The network's passes over a batch of B examples of the same length T at once, so that the products are
/// matrix–matrix: each layer's input projection over all T·B rows, the recurrent product per step over the B
/// rows of the batch, and in backward the weights' gradients over all T·B rows at the end. Rows are time-major
/// (row t·B + b is example b at step t), so a step's rows, and a direction's states in the order it reads
/// them, are contiguous.
///
/// Examples of different lengths are padded on the right to the longest (`lengths`), as PyTorch's packed
/// sequences compute them: the forward direction's states at an example's real steps never read its padding; the
/// backward direction starts each example from a zero state at its own last step (the states it would carry in
/// from the padding are set to zero), and its gradient does not flow back into the padding. A loss that gives
/// the padded steps weight 0 then has the gradient of the examples' own losses: the padded rows' gradients are
/// exact zeros, which add nothing.
///
/// The numbers are those of the one-example passes but for the order of summation: a product's terms are added
/// as `Products.general` adds them (one by one in the order of the shared index, whatever the machine or the
/// number of threads), a gradient sums over the rows of the whole batch in one product instead of example by
/// example, and the gates' sigmoid and tanh are `VectorMath`'s (within a few ulp of glibc's).
extension RecurrentNetwork {
    /// A batch pass's activations, laid out as `Activations` with B rows where it has one: the input (T·B × I, or
    /// tokens), each layer's outputs and dropout masks (T·B × O), each cell's states h and c ((T+1)·B × H, slot
    /// s in rows s·B..<(s+1)·B), gates (T·B × G·H) and GRU candidates (T·B × H; the LSTM keeps tanh(c) there).
    final class BatchActivations: PassActivations, @unchecked Sendable {
        let steps, batch, inputSize, hidden, gates, layers, directions: Int
        let hasMasks: Bool
        /// Layer 1's inputs as tokens (T·B, time-major), when they are one-hot vectors.
        let tokens: [Int]?
        /// Each example's length (at most T): its steps from there on are padding, read as the zero input.
        let lengths: [Int]
        let buffer: FlatBuffer

        init(
            _ network: RecurrentNetwork, steps T: Int, batch B: Int, masks: Bool, tokens: [Int]?, lengths: [Int]? = nil
        ) {
            (steps, batch, inputSize, hidden) = (T, B, network.inputSize, network.hiddenSize)
            self.lengths = lengths ?? Array(repeating: T, count: B)
            precondition(self.lengths.count == B && self.lengths.allSatisfy { (1...T).contains($0) }, "lengths 1...T")
            (gates, layers, directions, hasMasks) = (network.kind.gates, network.layers, network.directions, masks)
            if let tokens {
                let inRange = tokens.allSatisfy {
                    (0..<network.inputSize).contains($0) || $0 == RNNLanguageModel.noInput
                }
                precondition(tokens.count == T * B && inRange, "one token in range per step and example")
            }
            self.tokens = tokens
            let (H, O, G, rows) = (hidden, directions * hidden, gates, T * B)
            let layer = [rows * O, masks ? rows * O : 0]
            let cell = [(T + 1) * B * H, (T + 1) * B * H, rows * G * H, rows * H]
            buffer = FlatBuffer(
                parts: [tokens == nil ? rows * inputSize : 0] + Array(repeating: layer, count: layers).joined()
                    + Array(repeating: cell, count: layers * directions).joined() + [B * G * H, H])
        }

        /// b_hh + W_hh h of one step's B rows.
        var hiddenProducts: UnsafeMutablePointer<Double> { scratch(0) }
        var cellScratch: UnsafeMutablePointer<Double> { scratch(1) }
    }

    /// The forward pass of a batch from zero states, with inverted dropout between layers when `dropout` is
    /// given: example b's masks are drawn from MT19937 seeded with `seeds[b]`, layer by layer, step by step,
    /// unit by unit, as its one-example pass draws them.
    func runForward(batch cells: [Cell], dropout: (probability: Double, seeds: [UInt32])?, _ a: BatchActivations) {
        let (T, B, H, GH, O, I) = (a.steps, a.batch, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        var generators = a.hasMasks ? (dropout?.seeds ?? []).map { MT19937(seed: $0) } : []
        // W_ihᵀ and W_hhᵀ of the cell at hand, so that every product reads its B row by row.
        let ldT = Cell.transposedStride(GH)
        let transposes = FlatBuffer(parts: [ldT * max(I, O), ldT * H])
        let (wIHt, wHHt) = (transposes[0], transposes[1])
        for layer in 0..<layers {
            let out = a.outputs(layer)
            for direction in 0..<directions {
                let j = layer * directions + direction
                let cell = cells[j]
                let (hs, cs, gates, candidates) = (a.states(j), a.cellStates(j), a.gateValues(j), a.candidates(j))
                // The input projections of every step at once: gates ← b_ih + W_ih x.
                if layer == 0, let tokens = a.tokens {
                    cell.projectOneHot(tokens, inputs: I, into: gates)
                } else {
                    let (x, width) =
                        layer == 0 ? (UnsafePointer(a.input), I) : (UnsafePointer(a.outputs(layer - 1)), O)
                    for r in 0..<(T * B) { (gates + r * GH).update(from: cell.bIH, count: GH) }
                    cell.transposeInputWeights(inputs: width, into: wIHt)
                    Products.general(
                        m: T * B, n: GH, k: width, a: x, lda: width, b: wIHt, ldb: ldT, beta: 1, c: gates, ldc: GH,
                        scratch: nil)
                }
                let gh = a.hiddenProducts
                cell.transposeHiddenWeights(into: wHHt)
                for s in 0..<T where !Deadline.passed {
                    let t = direction == 0 ? s : T - 1 - s
                    let (previous, next) = a.slots(t, direction: direction)
                    for b in 0..<B { (gh + b * GH).update(from: cell.bHH, count: GH) }
                    Products.general(
                        m: B, n: GH, k: H, a: hs + previous * B * H, lda: H, b: wHHt, ldb: ldT, beta: 1, c: gh, ldc: GH,
                        scratch: nil)
                    cell.activate(
                        rows: B, gates: gates + t * B * GH, gh: gh, h: hs + previous * B * H, c: cs + previous * B * H,
                        candidate: candidates + t * B * H, hNext: hs + next * B * H, cNext: cs + next * B * H,
                        scratch: a.cellScratch)
                    // Going backwards, a step in an example's padding leaves the zero state its last step starts from.
                    if direction == 1 {
                        for b in 0..<B where a.lengths[b] <= t {
                            (hs + (next * B + b) * H).update(repeating: 0, count: H)
                            (cs + (next * B + b) * H).update(repeating: 0, count: H)
                        }
                    }
                    for b in 0..<B {
                        (out + (t * B + b) * O + direction * H).update(from: hs + (next * B + b) * H, count: H)
                    }
                }
            }
            if a.hasMasks, let dropout, layer < layers - 1 {
                let keep = 1 / (1 - dropout.probability)
                let mask = a.masks(layer)
                for b in 0..<B {
                    for t in 0..<a.lengths[b] {
                        let row = mask + (t * B + b) * O
                        for u in 0..<O { row[u] = generators[b].nextDouble() < dropout.probability ? 0 : keep }
                    }
                }
                for k in 0..<(T * B * O) { out[k] *= mask[k] }
            }
        }
    }

    /// BPTT over a batch from `a`, for a loss whose gradient with respect to the top layer's outputs is
    /// `dOutputs` (T·B × O) and which does not depend on the final states: accumulates the parameters'
    /// gradients into `gradients` (one per cell) and, when `dInputs` is given, writes ∂L/∂x (T·B × I) there.
    func runBackward(
        batch cells: [Cell], _ a: BatchActivations, dOutputs: UnsafePointer<Double>, gradients: [Cell.Gradients],
        dInputs: UnsafeMutablePointer<Double>?
    ) {
        let (T, B, H, GH, O, I) = (a.steps, a.batch, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        let rows = T * B
        let work = FlatBuffer(parts: [
            rows * O, rows * O, rows * GH, rows * GH, B * H, B * H, B * H, B * H, 3 * H,
        ])
        let below = [work[0], work[1]]
        let (dGiAll, dGhAll) = (work[2], work[3])
        var (dh, dc, dhPrevious, dcPrevious) = (work[4], work[5], work[6], work[7])
        let cellScratch = work[8]
        var dAbove = dOutputs
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let (dBelow, width) = layer == 0 ? (dInputs, I) : (below[layer % 2], O)
            for direction in 0..<directions {
                let j = layer * directions + direction
                let (cell, g) = (cells[j], gradients[j])
                let (hs, cs, gates, candidates) = (a.states(j), a.cellStates(j), a.gateValues(j), a.candidates(j))
                dh.update(repeating: 0, count: B * H)
                dc.update(repeating: 0, count: B * H)
                for s in stride(from: T - 1, through: 0, by: -1) where !Deadline.passed {
                    let t = direction == 0 ? s : T - 1 - s
                    let (previous, next) = a.slots(t, direction: direction)
                    for b in 0..<B {
                        let from = dAbove + (t * B + b) * O + direction * H
                        for i in 0..<H { dh[b * H + i] += from[i] }
                    }
                    for b in 0..<B {
                        let (r, bh) = (t * B + b, b * H)
                        cell.differentiate(
                            h: hs + (previous * B + b) * H, c: cs + (previous * B + b) * H, gates: gates + r * GH,
                            candidate: candidates + r * H, cNext: cs + (next * B + b) * H, dh: dh + bh, dc: dc + bh,
                            dGi: dGiAll + r * GH, dGh: dGhAll + r * GH, dhPrevious: dhPrevious + bh,
                            dcPrevious: dcPrevious + bh, into: g, scratch: cellScratch,
                            tanhCell: cell.kind == .lstm ? candidates + r * H : nil)
                    }
                    // ∂L/∂h of the step before: what bypassed W_hh plus W_hhᵀ ∂L/∂(W_hh h), for the B rows at once.
                    Products.general(
                        m: B, n: H, k: GH, a: dGhAll + t * B * GH, lda: GH, b: cell.wHH, ldb: H, beta: 1,
                        c: dhPrevious, ldc: H, scratch: nil)
                    // Going backwards, an example's last step started from a zero state, not from its padding.
                    if direction == 1 {
                        for b in 0..<B where a.lengths[b] <= t + 1 {
                            (dhPrevious + b * H).update(repeating: 0, count: H)
                            (dcPrevious + b * H).update(repeating: 0, count: H)
                        }
                    }
                    swap(&dh, &dhPrevious)
                    swap(&dc, &dcPrevious)
                }
                // The weights' gradients over every row of the batch: the states each step read are contiguous
                // (slots 0..<T for direction 0, 1...T for direction 1), in the rows' order.
                let read = hs + (direction == 0 ? 0 : B * H)
                Products.general(
                    transA: true, m: GH, n: H, k: rows, a: dGhAll, lda: GH, b: read, ldb: H, beta: 1, c: g.wHH, ldc: H,
                    scratch: nil)
                if layer == 0, let tokens = a.tokens {
                    // Column x of ∂W_ih sums the rows that read token x, in row order: summed first into row x of
                    // a token-major copy (contiguous, so the loop vectorises), then added to ∂W_ih.
                    let sums = FlatBuffer(parts: [I * GH])
                    withExtendedLifetime(sums) {
                        let byToken = sums[0]
                        for r in 0..<rows where tokens[r] != RNNLanguageModel.noInput {
                            let (row, into) = (dGiAll + r * GH, byToken + tokens[r] * GH)
                            for k in 0..<GH { into[k] += row[k] }
                        }
                        for k in 0..<GH { for x in 0..<I { g.wIH[k * I + x] += byToken[x * GH + k] } }
                    }
                } else {
                    let x = layer == 0 ? UnsafePointer(a.input) : UnsafePointer(a.outputs(layer - 1))
                    Products.general(
                        transA: true, m: GH, n: width, k: rows, a: dGiAll, lda: GH, b: x, ldb: width, beta: 1,
                        c: g.wIH, ldc: width, scratch: nil)
                }
                for r in 0..<rows {
                    let (gi, gh) = (dGiAll + r * GH, dGhAll + r * GH)
                    for k in 0..<GH { g.bIH[k] += gi[k] }
                    for k in 0..<GH { g.bHH[k] += gh[k] }
                }
                if let dBelow {
                    Products.general(
                        m: rows, n: width, k: GH, a: dGiAll, lda: GH, b: cell.wIH, ldb: width,
                        beta: direction == 0 ? 0 : 1, c: dBelow, ldc: width, scratch: nil)
                }
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
}

extension Cell {
    private static func sigmoid(_ x: Double) -> Double { 1 / (1 + VectorMath.exp(-x)) }

    /// The row length of the transposed weights: G·H + 8, because G·H is often a multiple of 512, and rows that
    /// many doubles apart put a column of B on a few sets of L1 (a step's product 87 → 112 GFLOP/s with the 8).
    static func transposedStride(_ gatesTimesHidden: Int) -> Int { gatesTimesHidden + 8 }

    /// W_ihᵀ (`inputs` × G·H, rows `transposedStride` apart) into `out`.
    func transposeInputWeights(inputs: Int, into out: UnsafeMutablePointer<Double>) {
        let GH = kind.gates * hidden
        Products.transpose(rows: GH, columns: inputs, wIH, ld: inputs, into: out, ldOut: Self.transposedStride(GH))
    }

    /// W_hhᵀ (H × G·H, rows `transposedStride` apart) into `out`.
    func transposeHiddenWeights(into out: UnsafeMutablePointer<Double>) {
        let GH = kind.gates * hidden
        Products.transpose(rows: GH, columns: hidden, wHH, ld: hidden, into: out, ldOut: Self.transposedStride(GH))
    }

    /// b_ih + W_ih x for one-hot inputs, one row of `gates` (G·H) per token: the bias plus the token's column
    /// of W_ih, or the bias alone for `RNNLanguageModel.noInput` (the zero vector).
    func projectOneHot(_ tokens: [Int], inputs I: Int, into gates: UnsafeMutablePointer<Double>) {
        let GH = kind.gates * hidden
        for (r, token) in tokens.enumerated() {
            let row = gates + r * GH
            if token == RNNLanguageModel.noInput {
                for k in 0..<GH { row[k] = bIH[k] + 0 }
            } else {
                for k in 0..<GH { row[k] = bIH[k] + (0 + wIH[k * I + token]) }
            }
        }
    }

    /// `activate` for `rows` consecutive rows (gates and gh G·H each, states and candidates H each), the
    /// element-wise loops over whole rows so that they vectorise.
    func activate(
        rows: Int, gates: UnsafeMutablePointer<Double>, gh: UnsafePointer<Double>, h: UnsafePointer<Double>,
        c: UnsafePointer<Double>, candidate: UnsafeMutablePointer<Double>, hNext: UnsafeMutablePointer<Double>,
        cNext: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let (H, GH) = (hidden, kind.gates * hidden)
        for b in 0..<rows {
            let (z, u, hp, cp) = (gates + b * GH, gh + b * GH, h + b * H, c + b * H)
            let (hn, cn, n) = (hNext + b * H, cNext + b * H, candidate + b * H)
            switch kind {
            case .lstm:
                for k in 0..<(2 * H) { z[k] = Self.sigmoid(z[k] + u[k]) }
                for k in (2 * H)..<(3 * H) { z[k] = VectorMath.tanh(z[k] + u[k]) }
                for k in (3 * H)..<(4 * H) { z[k] = Self.sigmoid(z[k] + u[k]) }
                for k in 0..<H { cn[k] = z[H + k] * cp[k] + z[k] * z[2 * H + k] }
                // tanh(c') is kept in the candidate's row (the LSTM has no candidate) for the backward pass.
                for k in 0..<H { n[k] = VectorMath.tanh(cn[k]) }
                for k in 0..<H { hn[k] = z[3 * H + k] * n[k] }
            case .gru:
                for k in 0..<(2 * H) { z[k] = Self.sigmoid(z[k] + u[k]) }
                n.update(from: u + 2 * H, count: H)
                for k in 0..<H { z[2 * H + k] = VectorMath.tanh(z[2 * H + k] + z[k] * n[k]) }
                for k in 0..<H { hn[k] = (1 - z[H + k]) * z[2 * H + k] + z[H + k] * hp[k] }
            case .rnn(.tanh):
                for k in 0..<H { z[k] = VectorMath.tanh(z[k] + u[k]) }
                hn.update(from: z, count: H)
            case .rnn, .gruOriginal:
                activate(gates: z, gh: u, h: hp, c: cp, candidate: n, hNext: hn, cNext: cn, scratch: scratch)
            }
        }
    }
}
