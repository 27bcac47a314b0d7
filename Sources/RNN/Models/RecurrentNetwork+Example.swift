import Foundation

/// The network's forward and backward passes over a window, written once, on flat buffers allocated once per
/// pass: the training loops call them directly and allocate nothing per step; `forward` and `backward`, whose
/// traces lessons display, call them and copy the buffers into per-step arrays.
extension RecurrentNetwork {
    /// A pass's activations over T steps in one allocation: the inputs x(t) (T × I); each layer's outputs
    /// (T × O, after dropout) and dropout masks; each layer's and direction's states h and c (T+1 slots of H),
    /// gate activations (T × G·H) and GRU candidates (T × H); and the cells' scratch space.
    ///
    /// States are kept in time order: direction 0 keeps its initial state in slot 0 and h after step t in slot
    /// t+1; direction 1, which runs from t = T down to 1, its initial state in slot T and h after step t in slot t.
    final class Activations: PassActivations, @unchecked Sendable {
        let steps, inputSize, hidden, gates, layers, directions: Int
        let hasMasks: Bool
        /// Layer 1's inputs as tokens, when they are one-hot vectors (then `input` is empty).
        let tokens: [Int]?
        /// Parts: the input; each layer's outputs and masks; each cell's h, c, gates and candidates; scratch.
        let buffer: FlatBuffer

        init(_ network: RecurrentNetwork, steps T: Int, masks: Bool, tokens: [Int]? = nil) {
            (steps, inputSize, hidden, gates) = (T, network.inputSize, network.hiddenSize, network.kind.gates)
            (layers, directions, hasMasks) = (network.layers, network.directions, masks)
            if let tokens {
                let inRange = tokens.allSatisfy {
                    (0..<network.inputSize).contains($0) || $0 == RNNLanguageModel.noInput
                }
                precondition(tokens.count == T && inRange, "one token in range per step")
            }
            self.tokens = tokens
            let (H, O, G) = (hidden, directions * hidden, gates)
            let layer = [T * O, T * O]
            let cell = [(T + 1) * H, (T + 1) * H, T * G * H, T * H]
            buffer = FlatBuffer(
                parts: [tokens == nil ? T * inputSize : 0] + Array(repeating: layer, count: layers).joined()
                    + Array(repeating: cell, count: layers * directions).joined()
                    + [Cell.forwardScratch(network.kind, hidden: H)])
        }

        /// Whether `network` has the sizes this pass was laid out for.
        func fits(_ network: RecurrentNetwork) -> Bool {
            (inputSize, hidden, gates, layers, directions)
                == (network.inputSize, network.hiddenSize, network.kind.gates, network.layers, network.directions)
        }
        var scratch: UnsafeMutablePointer<Double> { scratch(0) }

        func initialSlot(direction: Int) -> Int { direction == 0 ? 0 : steps }
        func finalSlot(direction: Int) -> Int { direction == 0 ? steps : 0 }
    }

    /// The cells, one per layer and direction (index layer·directions + direction), over the network's parameters'
    /// values (4 per cell, in PyTorch's order).
    func cells(_ p: ArraySlice<UnsafePointer<Double>>) -> [Cell] {
        let start = p.startIndex
        return (0..<(layers * directions)).map { j in
            Cell(
                kind: kind, hidden: hiddenSize, inputSize: j < directions ? inputSize : hiddenSize * directions,
                wIH: p[start + 4 * j], wHH: p[start + 4 * j + 1], bIH: p[start + 4 * j + 2], bHH: p[start + 4 * j + 3])
        }
    }

    /// The forward pass over `a.input`, from the initial states already in `a` (zeros unless written), with
    /// inverted dropout between layers when `dropout` is given (masks drawn from MT19937, layer by layer, step by
    /// step, unit by unit).
    func runForward(_ cells: [Cell], dropout: (probability: Double, seed: UInt32)?, _ a: Activations) {
        // Seeding MT19937 fills 624 words: only a pass with dropout does it.
        var generator = a.hasMasks ? MT19937(seed: dropout?.seed ?? 0) : nil
        let (scratch, tokens, input) = (a.scratch, a.tokens, UnsafePointer(a.input))
        let (T, H, GH, O, I) = (a.steps, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        for layer in 0..<layers {
            let below = UnsafePointer(a.outputs(max(layer - 1, 0)))
            let out = a.outputs(layer)
            for direction in 0..<directions {
                let j = layer * directions + direction
                let (hs, cs, gates, candidates) = (a.states(j), a.cellStates(j), a.gateValues(j), a.candidates(j))
                for k in 0..<T where !Deadline.passed {
                    let t = direction == 0 ? k : T - 1 - k
                    let (previous, next) = a.slots(t, direction: direction)
                    cells[j].forward(
                        x: layer > 0 ? .vector(below + t * O) : tokens.map { .token($0[t]) } ?? .vector(input + t * I),
                        h: hs + previous * H, c: cs + previous * H, gates: gates + t * GH,
                        candidate: candidates + t * H, hNext: hs + next * H, cNext: cs + next * H, scratch: scratch)
                    (out + t * O + direction * H).update(from: hs + next * H, count: H)
                }
            }
            if a.hasMasks, let dropout, layer < layers - 1 {
                let keep = 1 / (1 - dropout.probability)
                let mask = a.masks(layer)
                for k in 0..<(T * O) { mask[k] = generator!.nextDouble() < dropout.probability ? 0 : keep }
                for k in 0..<(T * O) { out[k] *= mask[k] }
            }
        }
    }

    /// What backpropagation through time writes besides the parameters' gradients, in one allocation: ∂L/∂x(t)
    /// (T × I, unless `keepsInputs` is false: training on one-hot inputs has no use for it), ∂L/∂h0 and ∂L/∂c0
    /// (one row of H per cell), and when asked ∂L/∂h(t) (per cell, T × H).
    final class InputGradients {
        /// Parts: ∂L/∂x, ∂L/∂h0, ∂L/∂c0, ∂L/∂h(t).
        private let buffer: FlatBuffer
        let steps, inputSize, hiddenSize, cells: Int
        let keepsInputs, keepsHidden: Bool

        init(_ network: RecurrentNetwork, steps T: Int, keepsInputs: Bool = true, keepsHidden: Bool) {
            (steps, inputSize, hiddenSize) = (T, network.inputSize, network.hiddenSize)
            cells = network.layers * network.directions
            (self.keepsInputs, self.keepsHidden) = (keepsInputs, keepsHidden)
            let H = hiddenSize
            buffer = FlatBuffer(
                parts: [keepsInputs ? T * inputSize : 0, cells * H, cells * H, keepsHidden ? cells * T * H : 0])
        }

        var inputs: UnsafeMutablePointer<Double> { buffer[0] }
        var initialHidden: UnsafeMutablePointer<Double> { buffer[1] }
        var initialCell: UnsafeMutablePointer<Double> { buffer[2] }
        var hidden: UnsafeMutablePointer<Double>? { keepsHidden ? buffer[3] : nil }
    }

    /// BPTT from `a` for a loss whose gradient with respect to the outputs is `dOutputs` (T × O) and with
    /// respect to the final states `dFinalHidden` (and `dFinalCell`, LSTM), one row of H per cell (zeros when
    /// nil): accumulates the parameters' gradients into `gradients` (one per cell) and writes the rest to `r`.
    func runBackward(
        _ cells: [Cell], _ a: Activations, dOutputs: UnsafePointer<Double>, dFinalHidden: UnsafePointer<Double>?,
        dFinalCell: UnsafePointer<Double>?, gradients: [Cell.Gradients], into r: InputGradients
    ) {
        let (T, H, GH, O, I) = (a.steps, hiddenSize, kind.gates * hiddenSize, a.width, inputSize)
        let (tokens, inputs, dHidden) = (a.tokens, UnsafePointer(a.input), r.hidden)
        let scratch = FlatBuffer(parts: [T * O, T * O, H, H, H, H, max(inputSize, O), cells[0].backwardScratch])
        let below = [scratch[0], scratch[1]]
        let (dh, dc, dhPrevious, dcPrevious) = (scratch[2], scratch[3], scratch[4], scratch[5])
        let (dx, cellScratch) = (scratch[6], scratch[7])
        var dAbove = dOutputs
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            // ∂L/∂ of the layer's inputs: the layer below's outputs, or the network's inputs when kept.
            let (dBelow, width) = layer == 0 ? (r.keepsInputs ? r.inputs : nil, inputSize) : (below[layer % 2], O)
            dBelow?.update(repeating: 0, count: T * width)
            let input = UnsafePointer(a.outputs(max(layer - 1, 0)))
            for direction in 0..<directions {
                let j = layer * directions + direction
                let (hs, cs, gates, candidates) = (a.states(j), a.cellStates(j), a.gateValues(j), a.candidates(j))
                if let dFinalHidden {
                    dh.update(from: dFinalHidden + j * H, count: H)
                } else {
                    dh.update(repeating: 0, count: H)
                }
                if let dFinalCell {
                    dc.update(from: dFinalCell + j * H, count: H)
                } else {
                    dc.update(repeating: 0, count: H)
                }
                // Undo the steps in the reverse of the order they ran.
                for k in stride(from: T - 1, through: 0, by: -1) where !Deadline.passed {
                    let t = direction == 0 ? k : T - 1 - k
                    let (previous, next) = a.slots(t, direction: direction)
                    for i in 0..<H { dh[i] += dAbove[t * O + direction * H + i] }
                    dHidden?.advanced(by: (j * T + t) * H).update(from: dh, count: H)
                    cells[j].backward(
                        x: layer > 0
                            ? .vector(input + t * O) : tokens.map { .token($0[t]) } ?? .vector(inputs + t * I),
                        h: hs + previous * H, c: cs + previous * H, gates: gates + t * GH,
                        candidate: candidates + t * H, cNext: cs + next * H, dh: dh, dc: dc, into: gradients[j],
                        dx: dBelow == nil ? nil : dx, dhPrevious: dhPrevious, dcPrevious: dcPrevious,
                        scratch: cellScratch)
                    if let dBelow { for i in 0..<width { dBelow[t * width + i] += dx[i] } }
                    dh.update(from: dhPrevious, count: H)
                    dc.update(from: dcPrevious, count: H)
                }
                (r.initialHidden + j * H).update(from: dh, count: H)
                (r.initialCell + j * H).update(from: dc, count: H)
            }
            // Through the dropout between this layer and the one below: only the kept units pass gradient.
            if let dBelow, layer > 0 {
                if a.hasMasks {
                    let mask = a.masks(layer - 1)
                    for k in 0..<(T * O) { dBelow[k] *= mask[k] }
                }
                dAbove = UnsafePointer(dBelow)
            }
        }
    }
}

/// The layout a pass's activations share, one example's (`Activations`, a row per step) or a batch's
/// (`BatchActivations`, B rows per step): one buffer whose parts are the input; each layer's outputs and dropout
/// masks; each cell's (layer·directions + direction) states h and c, gate activations and GRU candidates; then scratch.
protocol PassActivations {
    var buffer: FlatBuffer { get }
    var layers: Int { get }
    var directions: Int { get }
    var hidden: Int { get }
}

extension PassActivations {
    var width: Int { directions * hidden }
    var input: UnsafeMutablePointer<Double> { buffer[0] }
    /// Layer l's outputs, a row of O per step: what layer l+1 reads, and for the last layer the network's outputs.
    func outputs(_ layer: Int) -> UnsafeMutablePointer<Double> { buffer[1 + 2 * layer] }
    /// The dropout mask applied to layer l's outputs (0 or 1/(1-p)).
    func masks(_ layer: Int) -> UnsafeMutablePointer<Double> { buffer[2 + 2 * layer] }
    /// Cell j's states h, T+1 slots.
    func states(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[1 + 2 * layers + 4 * j] }
    /// The LSTM's cell states c, T+1 slots.
    func cellStates(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[2 + 2 * layers + 4 * j] }
    /// Gate activations, G·H per step and row.
    func gateValues(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[3 + 2 * layers + 4 * j] }
    /// The GRU's W_hn h + b_hn (original form: W_hn (r ⊙ h) + b_hn), H per step and row.
    func candidates(_ j: Int) -> UnsafeMutablePointer<Double> { buffer[4 + 2 * layers + 4 * j] }
    /// The k-th scratch part after the cells'.
    func scratch(_ k: Int) -> UnsafeMutablePointer<Double> { buffer[1 + 2 * layers + 4 * layers * directions + k] }
    /// The slots of the state a direction reads at step t and the one it writes.
    func slots(_ t: Int, direction: Int) -> (previous: Int, next: Int) { direction == 0 ? (t, t + 1) : (t + 1, t) }
}
