import Foundation

/// The model's loss and gradient over a batch of examples at once (`RecurrentNetwork+Pass`): what training and
/// the held-out loss use for the shapes whose outputs are one per input (language model, many-to-many), on tokens
/// (one-hot or embedded). Examples of different lengths are padded on the right to the longest, their padded
/// steps weighing nothing. Other batches take the one-example passes. The output layer is one product over all
/// T·B rows each way.
extension SequenceModel {
    /// Whether these examples go through the batched passes: each with one target per input, of a shape with one
    /// output per input, read as tokens.
    func batches(sources: [[Int]], targets: [[Int]]) -> Bool {
        let c = configuration
        guard !sources.isEmpty, sources.count == targets.count, c.shape == .languageModel || c.shape == .manyToMany,
            c.inputSize == nil
        else { return false }
        return zip(sources, targets).allSatisfy { !$0.isEmpty && $0.count == $1.count }
    }

    /// The states a batch starts from or ends in: for every cell (layer·directions + direction), B rows of H
    /// values of h, and of c for the LSTM.
    struct BatchStates {
        let hidden: UnsafeMutablePointer<Double>
        let cell: UnsafeMutablePointer<Double>?
    }

    /// One batch's pass: the network's activations and, per row (t·B + b), the logits, softmax and log-sum-exp.
    final class BatchPass {
        let network: RecurrentNetwork.Activations
        /// The inputs, time-major (row t·B + b).
        let tokens: [Int]
        let steps, batch, classes: Int
        private let buffer: FlatBuffer

        init(network: RecurrentNetwork.Activations, tokens: [Int], classes: Int) {
            (self.network, self.tokens) = (network, tokens)
            (steps, batch, self.classes) = (network.steps, network.batch, classes)
            let rows = steps * batch
            buffer = FlatBuffer(parts: [rows * classes, rows * classes, rows], zeroed: false)
        }

        var logits: UnsafeMutablePointer<Double> { buffer[0] }
        var probabilities: UnsafeMutablePointer<Double> { buffer[1] }
        var logSumExps: UnsafeMutablePointer<Double> { buffer[2] }

        /// J(t) of example b for each of its steps, example by example.
        func stepLosses(_ targets: [[Int]]) -> [[Double]] {
            (0..<batch).map { b in
                (0..<network.lengths[b]).map { t in
                    let r = t * batch + b
                    return logSumExps[r] - logits[r * classes + targets[b][t]]
                }
            }
        }

        /// Copies every cell's final states (slot T; all examples of length T) into `states`.
        func finalStates(into states: BatchStates) {
            let (a, B, H) = (network, batch, network.hidden)
            for j in 0..<(a.layers * a.directions) {
                let slot = a.finalSlot(direction: j % a.directions) * B * H
                (states.hidden + j * B * H).update(from: a.states(j) + slot, count: B * H)
                if let c = states.cell { (c + j * B * H).update(from: a.cellStates(j) + slot, count: B * H) }
            }
        }
    }

    /// The forward pass of a batch (see `batches`) from `initial` (zeros when nil), with example b's dropout
    /// masks drawn from `dropoutSeeds[b]`.
    func runForward(
        batch sources: [[Int]], targets: [[Int]], dropoutSeeds: [UInt32]?, initial: BatchStates? = nil,
        _ layout: Layout, _ p: [UnsafePointer<Double>]
    ) -> BatchPass {
        let c = configuration
        let lengths = sources.map(\.count)
        let (B, T, K, H) = (sources.count, lengths.max() ?? 0, self.targets.count, c.hidden)
        let reads = layout.reads.count
        precondition(
            sources.joined().allSatisfy { (0..<reads).contains($0) || $0 == Cell.noInput }
                && targets.joined().allSatisfy { (0..<self.targets.count).contains($0) }, "token out of range")
        precondition(zip(sources, targets).allSatisfy { $0.count == $1.count }, "one target per input")
        var tokens = [Int](repeating: Cell.noInput, count: T * B)
        for b in 0..<B { for t in 0..<lengths[b] { tokens[t * B + b] = sources[b][t] } }
        let dropout = c.dropout > 0 ? dropoutSeeds.map { (probability: c.dropout, seeds: $0) } : nil
        let network = layout.network
        let net = RecurrentNetwork.Activations(
            network, steps: T, batch: B, masks: dropout != nil, tokens: layout.embedding == nil ? tokens : nil,
            lengths: lengths)
        if let initial {
            for j in 0..<(c.layers * directions) {
                let slot = net.initialSlot(direction: j % directions) * B * H
                (net.states(j) + slot).update(from: initial.hidden + j * B * H, count: B * H)
                if let cell = initial.cell { (net.cellStates(j) + slot).update(from: cell + j * B * H, count: B * H) }
            }
        }
        Self.embed(
            tokens, layout.embedding.map { p[$0] }, vocabulary: reads, into: net.input, width: network.inputSize)
        network.runForward(network.cells(p[layout.networkFirst...]), dropout: dropout, net)
        let pass = BatchPass(network: net, tokens: tokens, classes: K)
        head(
            net.outputs(c.layers - 1), rows: T * B, pass.logits, pass.probabilities, pass.logSumExps, layout, p)
        return pass
    }

    /// BPTT over a batch for `Σ_b Σ_t w_b(t) J_b(t)`: adds every parameter's gradient into `grads` (one pointer
    /// per parameter): the output layer's over all rows in one product each, then the network's.
    func runBackward(
        batch pass: BatchPass, targets: [[Int]], stepWeights: [[Double]], _ layout: Layout,
        _ p: [UnsafePointer<Double>], into grads: [UnsafeMutablePointer<Double>]
    ) {
        let c = configuration
        let (B, T, K, O) = (pass.batch, pass.steps, pass.classes, c.hidden * directions)
        let rows = T * B
        precondition(
            stepWeights.count == B && zip(stepWeights, pass.network.lengths).allSatisfy { $0.count >= $1 },
            "one weight per output")
        let net = pass.network
        let network = layout.network
        let work = FlatBuffer(parts: [rows * K, rows * O], zeroed: false)
        defer { withExtendedLifetime(work) {} }
        if pass.network.lengths.contains(where: { $0 < T }) { work.zero(0) }
        let (dz, dOutputs) = (work[0], work[1])
        // A padded step's row of ∂J/∂z stays zero.
        for b in 0..<B {
            for t in 0..<pass.network.lengths[b] {
                let r = t * B + b
                Softmax.crossEntropyGradient(
                    probabilities: pass.probabilities + r * K, count: K, target: targets[b][t],
                    weight: stepWeights[b][t], into: dz + r * K)
            }
        }
        headBackward(dz, rows: rows, reads: net.outputs(c.layers - 1), into: dOutputs, layout, p, grads)
        let r = RecurrentNetwork.InputGradients(
            network, steps: T, batch: B, keepsInputs: layout.embedding != nil, keepsHidden: false)
        network.runBackward(
            network.cells(p[layout.networkFirst...]), net, dOutputs: dOutputs, dFinalHidden: nil, dFinalCell: nil,
            gradients: network.gradientPointers(grads, first: layout.networkFirst), into: r)
        Self.accumulateEmbedding(
            layout.embedding.map { grads[$0] }, pass.tokens, r.inputs, width: network.inputSize, layout.reads.count)
    }

    /// The batch's step losses and the gradient of `Σ_b Σ_t w_b(t) J_b(t)`, from zero states.
    func lossAndGradient(
        batch sources: [[Int]], targets: [[Int]], stepWeights: [[Double]], dropoutSeeds: [UInt32]?
    ) -> (stepLosses: [[Double]], gradients: ParameterSet) {
        let (layout, gradients) = (self.layout, GradientBuffer(like: parameters))
        return parameters.withValuePointers { p in
            let pass = runForward(batch: sources, targets: targets, dropoutSeeds: dropoutSeeds, layout, p)
            runBackward(batch: pass, targets: targets, stepWeights: stepWeights, layout, p, into: gradients.pointers)
            return (pass.stepLosses(targets), gradients.parameterSet)
        }
    }
}
