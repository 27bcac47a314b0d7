import Foundation

/// The model's forward and backward passes over one example, for every shape, on the network's one pass
/// (`RecurrentNetwork+Pass`, a batch of one) and flat buffers allocated once per example; `forward` and
/// `backward`, whose traces lessons display, copy the buffers into per-step arrays. (Batches of the shapes with
/// one output per input take `SequenceModel+Batch`.)
extension SequenceModel {
    /// Where each part's parameters are in `parameters` (indices), and the networks that read them.
    struct Layout {
        let network: RecurrentNetwork
        /// The index of the output network's first parameter.
        let networkFirst: Int
        /// The vocabulary the output network's inputs are drawn from, and its embedding (`E`), if any.
        let reads: Vocabulary
        let embedding: Int?
        let encoder: RecurrentNetwork?
        let encoderFirst: Int
        let encoderEmbedding: Int?
        let U, b2: Int
        let Wc, bc: Int?
    }

    var layout: Layout {
        let (network, prefix, reads) = outputNetwork
        let index = { (name: String) in parameters.index(of: name) }
        return Layout(
            network: network, networkFirst: index(prefix + Self.firstNetworkParameter(configuration.notation))!,
            reads: reads,
            embedding: index(prefix + "E"), encoder: encoder, encoderFirst: index("encoder.weight_ih_l0") ?? 0,
            encoderEmbedding: index("encoder.E"), U: index("U")!, b2: index("b2")!, Wc: index("W_c"), bc: index("b_c"))
    }

    /// One example's pass: the networks' activations, and one row per output of the logits, the softmax and
    /// log-sum-exp of the logits; the pooled state (many-to-one), and the one-to-many's initial state before and
    /// after its tanh.
    final class Activations: @unchecked Sendable {
        let source: [Int]
        let inputs: [Int]
        let encoder: RecurrentNetwork.Activations?
        let network: RecurrentNetwork.Activations
        let rows, classes: Int
        /// Parts: logits, probabilities, log-sum-exps, pooled state, condition before and after the tanh.
        private let buffer: FlatBuffer

        init(_ model: SequenceModel, _ layout: Layout, source: [Int], inputs: [Int], dropout: Bool) {
            self.source = source
            self.inputs = inputs
            // One-hot inputs are read as tokens; embedded ones are written into the input buffers.
            encoder = layout.encoder.map {
                .init($0, steps: source.count, masks: dropout, tokens: layout.encoderEmbedding == nil ? source : nil)
            }
            // Embedded and real-valued inputs are written into the input buffer; one-hot ones are read as tokens.
            let oneHot = layout.embedding == nil && model.configuration.inputSize == nil
            network = .init(layout.network, steps: inputs.count, masks: dropout, tokens: oneHot ? inputs : nil)
            rows = model.configuration.shape == .manyToOne ? 1 : inputs.count
            classes = model.targets.count
            let H = model.configuration.hidden
            buffer = FlatBuffer(parts: [rows * classes, rows * classes, rows, network.width, H, H])
        }

        var logits: UnsafeMutablePointer<Double> { buffer[0] }
        var probabilities: UnsafeMutablePointer<Double> { buffer[1] }
        var logSumExps: UnsafeMutablePointer<Double> { buffer[2] }
        var pooled: UnsafeMutablePointer<Double> { buffer[3] }
        var conditionPreActivation: UnsafeMutablePointer<Double> { buffer[4] }
        var initialState: UnsafeMutablePointer<Double> { buffer[5] }

        /// J(t) = lse(z(t)) - z(t)[y(t)] for every output.
        func stepLosses(_ target: [Int]) -> [Double] {
            precondition(target.prefix(rows).allSatisfy { (0..<classes).contains($0) }, "target out of range")
            return (0..<min(rows, target.count)).map { logSumExps[$0] - logits[$0 * classes + target[$0]] }
        }
    }

    /// Writes the embeddings of `tokens` into `input` (rows of `width`, zeros to start with): column x of `E`
    /// (width × `vocabulary`), a zero vector for `noInput`. (One-hot inputs are read as tokens.)
    static func embed(
        _ tokens: [Int], _ E: UnsafePointer<Double>?, vocabulary V: Int, into input: UnsafeMutablePointer<Double>,
        width: Int
    ) {
        guard let E else { return }
        for (t, x) in tokens.enumerated() where x != Cell.noInput {
            for k in 0..<width { input[t * width + k] = E[k * V + x] }
        }
    }

    /// The forward pass on one example (see `forward`) over the parameters' values `p`, the network started
    /// from `initial` (zeros when nil; only the shapes whose network starts from nothing take one).
    /// With `vectors` (a model with real-valued inputs), the network reads them and `source` is not read.
    func runForward(
        source: [Int], target: [Int], dropoutSeed: UInt32?, initial: InitialState? = nil, vectors: [[Double]]? = nil,
        _ layout: Layout, _ p: [UnsafePointer<Double>]
    ) -> Activations {
        let c = configuration
        let dropout = dropoutSeed.flatMap { c.dropout > 0 ? (probability: c.dropout, seed: $0) : nil }
        precondition((vectors != nil) == (c.inputSize != nil), "a model reads either tokens or real vectors")
        if let vectors, let n = c.inputSize {
            precondition(vectors.allSatisfy { $0.count == n }, "every input has the model's input size")
        }
        // A real-valued input is no token: the steps are marked as such.
        let source = vectors.map { Array(repeating: Cell.noInput, count: $0.count) } ?? source
        let inputs = networkInputs(source: source, target: target)
        // The buffers are read and written by index: what indexes them is checked here, once.
        let reads = layout.reads.count
        precondition(
            inputs.allSatisfy { (0..<reads).contains($0) || $0 == Cell.noInput }, "input token out of range"
        )
        precondition(
            c.shape != .encoderDecoder || source.allSatisfy { (0..<sources.count).contains($0) },
            "source token out of range")
        precondition(
            c.shape != .oneToMany || (0..<sources.count).contains(source.first ?? -1), "one-to-many reads one condition"
        )
        precondition(c.shape != .manyToOne || !inputs.isEmpty, "many-to-one pools at least one state")
        let a = Activations(self, layout, source: source, inputs: inputs, dropout: dropout != nil)
        let net = a.network
        start(a, source: source, initial: initial, dropout: dropout, layout, p)
        Self.embed(
            inputs, layout.embedding.map { p[$0] }, vocabulary: layout.reads.count, into: net.input,
            width: layout.network.inputSize)
        if let vectors, let n = c.inputSize {
            for (t, x) in vectors.enumerated() { (net.input + t * n).update(from: x, count: n) }
        }
        layout.network.runForward(
            layout.network.cells(p[layout.networkFirst...]), dropout: dropout.map { ($0.probability, [$0.seed]) }, net)
        output(a, layout, p)
        return a
    }

    /// The network's starting state: the condition's (one-to-many), the encoder's final states (encoder-decoder,
    /// whose encoder runs here), or `initial` (zeros when nil).
    private func start(
        _ a: Activations, source: [Int], initial: InitialState?, dropout: (probability: Double, seed: UInt32)?,
        _ layout: Layout, _ p: [UnsafePointer<Double>]
    ) {
        let c = configuration
        let H = c.hidden
        let net = a.network
        switch c.shape {
        case .oneToMany:
            let (Wc, bc, S) = (p[layout.Wc!], p[layout.bc!], sources.count)
            for i in 0..<H {
                a.conditionPreActivation[i] = bc[i] + Wc[i * S + source[0]]
                a.initialState[i] = Elementary.tanh(a.conditionPreActivation[i])
            }
            net.states(0).update(from: a.initialState, count: H)
        case .encoderDecoder:
            let (encoder, e) = (layout.encoder!, a.encoder!)
            Self.embed(
                source, layout.encoderEmbedding.map { p[$0] }, vocabulary: sources.count, into: e.input,
                width: encoder.inputSize)
            encoder.runForward(
                encoder.cells(p[layout.encoderFirst...]), dropout: dropout.map { ($0.probability, [$0.seed &+ 7919]) },
                e)
            // The encoder's final states of every layer are the decoder's initial states.
            for j in 0..<(c.layers) {
                let (from, to) = (e.finalSlot(direction: 0) * H, net.initialSlot(direction: 0) * H)
                (net.states(j) + to).update(from: e.states(j) + from, count: H)
                if c.cell == .lstm { (net.cellStates(j) + to).update(from: e.cellStates(j) + from, count: H) }
            }
        default:
            if let initial {
                precondition(initial.fits(layout.network), "one initial state of H per layer and direction")
                for j in 0..<(c.layers * directions) {
                    let slot = net.initialSlot(direction: j % directions) * H
                    (net.states(j) + slot).update(from: initial.hidden[j], count: H)
                    if c.cell == .lstm { (net.cellStates(j) + slot).update(from: initial.cell[j], count: H) }
                }
            }
        }
    }

    /// The output layer over the top layer's outputs (many-to-one: over their pooling, last or mean).
    private func output(_ a: Activations, _ layout: Layout, _ p: [UnsafePointer<Double>]) {
        let c = configuration
        let (H, O) = (c.hidden, c.hidden * directions)
        let net = a.network
        let (T, outputs) = (net.steps, UnsafePointer(net.outputs(c.layers - 1)))
        if c.shape == .manyToOne {
            switch c.pooling {
            case .last:
                a.pooled.update(from: outputs + (T - 1) * O, count: H)
                if c.bidirectional { (a.pooled + H).update(from: outputs + H, count: H) }
            case .mean:
                for t in 0..<T { for k in 0..<O { a.pooled[k] += outputs[t * O + k] } }
                for k in 0..<O { a.pooled[k] /= Double(T) }
            }
            head(UnsafePointer(a.pooled), rows: 1, a.logits, a.probabilities, a.logSumExps, layout, p)
        } else {
            head(outputs, rows: T, a.logits, a.probabilities, a.logSumExps, layout, p)
        }
    }

    /// The output layer over `rows` rows of O: logits `z = U o + b2` (one product over all rows), their softmax
    /// and log-sum-exp.
    func head(
        _ o: UnsafePointer<Double>, rows: Int, _ logits: UnsafeMutablePointer<Double>,
        _ probabilities: UnsafeMutablePointer<Double>, _ logSumExps: UnsafeMutablePointer<Double>, _ layout: Layout,
        _ p: [UnsafePointer<Double>]
    ) {
        let (K, O) = (targets.count, configuration.hidden * directions)
        for r in 0..<rows { (logits + r * K).update(from: p[layout.b2], count: K) }
        let transposed = FlatBuffer(parts: [Products.paddedStride(K) * O], zeroed: false)
        withExtendedLifetime(transposed) {
            Products.general(
                transB: true, m: rows, n: K, k: O, a: o, lda: O, b: p[layout.U], ldb: O, beta: 1, c: logits, ldc: K,
                scratch: transposed[0])
        }
        for r in 0..<rows {
            logSumExps[r] = Softmax.logSumExp(logits + r * K, count: K, probabilities: probabilities + r * K)
        }
    }

    /// BPTT for `J = Σ_t w(t) J(t)` from `a` (see `backward`): adds every parameter's gradient into `grads` (one
    /// pointer per parameter) and returns what the output network's backward pass wrote (with ∂J/∂h(t) when
    /// `keepsHidden`). With `upstream` (T × O), the loss is the one whose gradient with respect to the top layer's
    /// outputs that is, and `target`, `stepWeights` are not read.
    func runBackward(
        _ a: Activations, target: [Int], stepWeights: [Double], _ layout: Layout, _ p: [UnsafePointer<Double>],
        into grads: [UnsafeMutablePointer<Double>], keepsHidden: Bool, upstream: UnsafePointer<Double>? = nil
    ) -> RecurrentNetwork.InputGradients {
        let c = configuration
        let (H, O, K) = (c.hidden, c.hidden * directions, a.classes)
        let net = a.network
        let T = net.steps
        precondition(
            a.network.fits(layout.network) && a.classes == K && a.encoder.map { $0.fits(layout.encoder!) } ?? true
                && (a.encoder == nil) == (layout.encoder == nil), "the trace comes from a model of other sizes")
        precondition(
            upstream != nil
                || (target.count >= a.rows && stepWeights.count >= a.rows
                    && target.prefix(a.rows).allSatisfy { (0..<K).contains($0) }),
            "one target in range and one weight per output")
        // Parts: ∂J/∂ the network's outputs, ∂J/∂z of every output, ∂J/∂ the states they read, and zeros for the
        // encoder's outputs.
        let scratch = FlatBuffer(parts: [T * O, a.rows * K, a.rows * O, (a.encoder?.steps ?? 0) * H])
        let (dOutputs, dz, dRead) = (scratch[0], scratch[1], scratch[2])
        if let upstream {
            dOutputs.update(from: upstream, count: T * O)
        } else {
            outputGradients(
                a, target: target, stepWeights: stepWeights, dz: dz, dRead: dRead, into: dOutputs, layout, p, grads)
        }
        let network = layout.network
        let r = RecurrentNetwork.InputGradients(
            network, steps: T, keepsInputs: keepsHidden || layout.embedding != nil, keepsHidden: keepsHidden)
        network.runBackward(
            network.cells(p[layout.networkFirst...]), net, dOutputs: dOutputs, dFinalHidden: nil, dFinalCell: nil,
            gradients: network.gradientPointers(grads, first: layout.networkFirst), into: r)
        Self.accumulateEmbedding(
            layout.embedding.map { grads[$0] }, a.inputs, r.inputs, width: network.inputSize, layout.reads.count)
        inputsBackward(a, r, encoderOutputs: scratch[3], layout, p, grads)
        withExtendedLifetime(scratch) {}
        return r
    }

    /// ∂J/∂ the top layer's outputs from the targets: the softmax's `ŷ − y` (weighted) through the output layer
    /// (many-to-one: through the pooling too). `dz` and `dRead` are scratch of `a.rows` × K and × O.
    private func outputGradients(
        _ a: Activations, target: [Int], stepWeights: [Double], dz: UnsafeMutablePointer<Double>,
        dRead: UnsafeMutablePointer<Double>, into dOutputs: UnsafeMutablePointer<Double>, _ layout: Layout,
        _ p: [UnsafePointer<Double>], _ grads: [UnsafeMutablePointer<Double>]
    ) {
        let c = configuration
        let (H, O, K) = (c.hidden, c.hidden * directions, a.classes)
        let net = a.network
        let T = net.steps
        for k in 0..<a.rows {
            Softmax.crossEntropyGradient(
                probabilities: a.probabilities + k * K, count: K, target: target[k], weight: stepWeights[k],
                into: dz + k * K)
        }
        let reads = c.shape == .manyToOne ? UnsafePointer(a.pooled) : UnsafePointer(net.outputs(c.layers - 1))
        headBackward(dz, rows: a.rows, reads: reads, into: c.shape == .manyToOne ? dRead : dOutputs, layout, p, grads)
        if c.shape == .manyToOne {
            switch c.pooling {
            case .last:
                for i in 0..<H { dOutputs[(T - 1) * O + i] += dRead[i] }
                if c.bidirectional { for i in 0..<H { dOutputs[H + i] += dRead[H + i] } }
            case .mean:
                for t in 0..<T { for i in 0..<O { dOutputs[t * O + i] += dRead[i] / Double(T) } }
            }
        }
    }

    /// What feeds the network's first states: the condition's weights (one-to-many) or the encoder, run backward
    /// from the decoder's ∂J/∂ its initial states (encoder-decoder; `encoderOutputs` are zeros of its steps × H).
    private func inputsBackward(
        _ a: Activations, _ r: RecurrentNetwork.InputGradients, encoderOutputs: UnsafeMutablePointer<Double>,
        _ layout: Layout, _ p: [UnsafePointer<Double>], _ grads: [UnsafeMutablePointer<Double>]
    ) {
        let c = configuration
        let H = c.hidden
        switch c.shape {
        case .oneToMany:
            let (dWc, dbc, S) = (grads[layout.Wc!], grads[layout.bc!], sources.count)
            for i in 0..<H {
                let dPre = r.initialHidden[i] * (1 - a.initialState[i] * a.initialState[i])
                dWc[i * S + a.source[0]] += dPre
                dbc[i] += dPre
            }
        case .encoderDecoder:
            let (encoder, e) = (layout.encoder!, a.encoder!)
            let re = RecurrentNetwork.InputGradients(
                encoder, steps: e.steps, keepsInputs: layout.encoderEmbedding != nil, keepsHidden: false)
            // The encoder's outputs feed nothing but its final states, which the decoder started from.
            encoder.runBackward(
                encoder.cells(p[layout.encoderFirst...]), e, dOutputs: encoderOutputs, dFinalHidden: r.initialHidden,
                dFinalCell: c.cell == .lstm ? r.initialCell : nil,
                gradients: encoder.gradientPointers(grads, first: layout.encoderFirst), into: re)
            Self.accumulateEmbedding(
                layout.encoderEmbedding.map { grads[$0] }, a.source, re.inputs, width: encoder.inputSize,
                sources.count)
        default: break
        }
    }

    /// The example's loss `Σ_t w(t) J(t)` and its gradient (zero state, or the one-to-many's condition).
    func lossAndGradient(source: [Int], target: [Int], stepWeights: [Double], dropoutSeed: UInt32?) -> (
        stepLosses: [Double], gradients: ParameterSet
    ) {
        let (layout, gradients) = (self.layout, GradientBuffer(like: parameters))
        return parameters.withValuePointers { p in
            let a = runForward(source: source, target: target, dropoutSeed: dropoutSeed, layout, p)
            _ = runBackward(
                a, target: target, stepWeights: stepWeights, layout, p, into: gradients.pointers, keepsHidden: false)
            return (a.stepLosses(target), gradients.parameterSet)
        }
    }

    /// The output layer's part of BPTT over `rows` rows: ∂U += ∂zᵀ o and ∂b2 += Σ ∂z (o the rows the logits were
    /// computed from), and ∂J/∂o = ∂z U into `dReads` (rows × O), each one product over all rows.
    func headBackward(
        _ dz: UnsafePointer<Double>, rows: Int, reads: UnsafePointer<Double>, into dReads: UnsafeMutablePointer<Double>,
        _ layout: Layout, _ p: [UnsafePointer<Double>], _ grads: [UnsafeMutablePointer<Double>]
    ) {
        let (K, O) = (targets.count, configuration.hidden * directions)
        Products.general(
            transA: true, m: K, n: O, k: rows, a: dz, lda: K, b: reads, ldb: O, beta: 1, c: grads[layout.U], ldc: O,
            scratch: nil)
        let db2 = grads[layout.b2]
        for r in 0..<rows { for v in 0..<K { db2[v] += dz[r * K + v] } }
        Products.general(
            m: rows, n: O, k: K, a: dz, lda: K, b: p[layout.U], ldb: O, beta: 0, c: dReads, ldc: O, scratch: nil)
    }

    /// Adds ∂J/∂e(t) (rows of `width`) to column x(t) of ∂E (width × V) for every step that read a token.
    static func accumulateEmbedding(
        _ dE: UnsafeMutablePointer<Double>?, _ tokens: [Int], _ dInputs: UnsafePointer<Double>, width: Int, _ V: Int
    ) {
        guard let dE else { return }
        for (t, x) in tokens.enumerated() where x != Cell.noInput {
            for k in 0..<width { dE[k * V + x] += dInputs[t * width + k] }
        }
    }
}
