import Foundation

/// The model's loss and gradient over a batch of examples at once (`RecurrentNetwork+Batch`): what training
/// and the held-out loss use for the shapes whose outputs are one per input (language model, many-to-many), from
/// zero states, on tokens (one-hot or embedded). Examples of different lengths are padded on the right to the
/// longest, their padded steps weighing nothing. Other batches take the one-example passes. The output layer is
/// one product over all T·B rows each way.
extension SequenceModel {
    /// Whether these examples go through the batched passes: more than one, each with one target per input, of
    /// a shape with one output per input, read as tokens.
    func batches(sources: [[Int]], targets: [[Int]]) -> Bool {
        let c = configuration
        guard sources.count > 1, sources.count == targets.count, c.shape == .languageModel || c.shape == .manyToMany,
            c.inputSize == nil
        else { return false }
        return zip(sources, targets).allSatisfy { !$0.isEmpty && $0.count == $1.count }
    }

    /// One batch's pass: the network's activations and, per row (t·B + b), the logits, softmax and log-sum-exp.
    final class BatchPass {
        let network: RecurrentNetwork.BatchActivations
        /// The inputs, time-major (row t·B + b).
        let tokens: [Int]
        let steps, batch, classes: Int
        private let buffer: FlatBuffer

        init(network: RecurrentNetwork.BatchActivations, tokens: [Int], classes: Int) {
            (self.network, self.tokens) = (network, tokens)
            (steps, batch, self.classes) = (network.steps, network.batch, classes)
            let rows = steps * batch
            buffer = FlatBuffer(parts: [rows * classes, rows * classes, rows])
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
    }

    /// The forward pass of a batch (see `batches`), with example b's dropout masks drawn from `dropoutSeeds[b]`.
    func runForward(
        batch sources: [[Int]], targets: [[Int]], dropoutSeeds: [UInt32]?, _ layout: Layout,
        _ p: [UnsafePointer<Double>]
    ) -> BatchPass {
        let c = configuration
        let lengths = sources.map(\.count)
        let (B, T, K, O) = (sources.count, lengths.max() ?? 0, self.targets.count, c.hidden * directions)
        let reads = layout.reads.count
        precondition(
            sources.joined().allSatisfy { (0..<reads).contains($0) || $0 == RNNLanguageModel.noInput }
                && targets.joined().allSatisfy { (0..<self.targets.count).contains($0) }, "token out of range")
        precondition(zip(sources, targets).allSatisfy { $0.count == $1.count }, "one target per input")
        var tokens = [Int](repeating: RNNLanguageModel.noInput, count: T * B)
        for b in 0..<B { for t in 0..<lengths[b] { tokens[t * B + b] = sources[b][t] } }
        let dropout = c.dropout > 0 ? dropoutSeeds.map { (probability: c.dropout, seeds: $0) } : nil
        let network = layout.network
        let net = RecurrentNetwork.BatchActivations(
            network, steps: T, batch: B, masks: dropout != nil, tokens: layout.embedding == nil ? tokens : nil,
            lengths: lengths)
        Self.embed(
            tokens, layout.embedding.map { p[$0] }, vocabulary: reads, into: net.input, width: network.inputSize)
        network.runForward(batch: network.cells(p[layout.networkFirst...]), dropout: dropout, net)
        let pass = BatchPass(network: net, tokens: tokens, classes: K)
        let rows = T * B
        for r in 0..<rows { (pass.logits + r * K).update(from: p[layout.b2], count: K) }
        let scratch = FlatBuffer(parts: [K * O])
        Products.general(
            transB: true, m: rows, n: K, k: O, a: net.outputs(c.layers - 1), lda: O, b: p[layout.U], ldb: O,
            beta: 1, c: pass.logits, ldc: K, scratch: scratch[0])
        for r in 0..<rows {
            pass.logSumExps[r] = Softmax.logSumExp(
                pass.logits + r * K, count: K, probabilities: pass.probabilities + r * K)
        }
        return pass
    }

    /// The batch's step losses and the gradient of `Σ_b Σ_t w_b(t) J_b(t)`.
    func lossAndGradient(
        batch sources: [[Int]], targets: [[Int]], stepWeights: [[Double]], dropoutSeeds: [UInt32]?
    ) -> (stepLosses: [[Double]], gradients: ParameterSet) {
        let layout = self.layout
        return parameters.withValuePointers { p in
            let pass = runForward(batch: sources, targets: targets, dropoutSeeds: dropoutSeeds, layout, p)
            let gradients = runBackward(batch: pass, targets: targets, stepWeights: stepWeights, layout, p)
            return (pass.stepLosses(targets), gradients.parameterSet)
        }
    }

    /// BPTT over a batch: the output layer's gradients over all rows in one product each, then the network's.
    func runBackward(
        batch pass: BatchPass, targets: [[Int]], stepWeights: [[Double]], _ layout: Layout,
        _ p: [UnsafePointer<Double>]
    ) -> GradientBuffer {
        let c = configuration
        let (B, T, K, O) = (pass.batch, pass.steps, pass.classes, c.hidden * directions)
        let rows = T * B
        precondition(
            stepWeights.count == B && zip(stepWeights, pass.network.lengths).allSatisfy { $0.count >= $1 },
            "one weight per output")
        let grads = GradientBuffer(like: parameters)
        let net = pass.network
        let network = layout.network
        let work = FlatBuffer(parts: [
            rows * K, rows * O, layout.embedding == nil ? 0 : rows * network.inputSize,
        ])
        let (dz, dOutputs) = (work[0], work[1])
        // A padded step's row of ∂J/∂z stays zero.
        for b in 0..<B {
            for t in 0..<pass.network.lengths[b] {
                let (r, weight) = (t * B + b, stepWeights[b][t])
                let (row, probabilities) = (dz + r * K, pass.probabilities + r * K)
                for v in 0..<K { row[v] = probabilities[v] * weight }
                row[targets[b][t]] -= weight
            }
        }
        let outputs = UnsafePointer(net.outputs(c.layers - 1))
        Products.general(
            transA: true, m: K, n: O, k: rows, a: dz, lda: K, b: outputs, ldb: O, beta: 1, c: grads[layout.U],
            ldc: O, scratch: nil)
        let db2 = grads[layout.b2]
        for r in 0..<rows { for v in 0..<K { db2[v] += dz[r * K + v] } }
        Products.general(
            m: rows, n: O, k: K, a: dz, lda: K, b: p[layout.U], ldb: O, beta: 0, c: dOutputs, ldc: O,
            scratch: nil)
        let dInputs = layout.embedding == nil ? nil : work[2]
        network.runBackward(
            batch: network.cells(p[layout.networkFirst...]), net, dOutputs: dOutputs,
            gradients: network.gradientPointers(grads, first: layout.networkFirst), dInputs: dInputs)
        if let index = layout.embedding, let dInputs {
            let (dE, width, V) = (grads[index], network.inputSize, layout.reads.count)
            for (r, x) in pass.tokens.enumerated() where x != RNNLanguageModel.noInput {
                for k in 0..<width { dE[k * V + x] += dInputs[r * width + k] }
            }
        }
        return grads
    }
}
