/// Generation, one step at a time with the states carried (`RecurrentNetwork.Stepper`), and several samples at
/// once: the samples that are still going step together, so that each step's products are over all of them.
extension SequenceModel {
    /// Generates from `source` (one-to-many: the condition; encoder-decoder: the sequence to encode; language
    /// model: the tokens to prime with, or none: the zero input), feeding each output back as the next input,
    /// until `config.length` tokens or the stop token.
    public func generate(source: [Int], _ config: SamplingConfiguration) -> [SampledToken] {
        generate(sources: [source], [config])[0]
    }

    /// `generate(source:_:)` for every pair of `sources` and `configs` (each its own seed, length, stop token,
    /// temperature), all at once; sample i is the one `generate(source: sources[i], configs[i])` gives. A language
    /// model starts from `initial` (zeros when nil).
    public func generate(
        sources: [[Int]], _ configs: [SamplingConfiguration], initial: InitialState? = nil
    ) -> [[SampledToken]] {
        let c = configuration
        precondition(c.shape.generates && c.inputSize == nil, "only generating shapes over tokens generate")
        precondition(sources.count == configs.count, "one configuration per sample")
        let layout = self.layout
        let (N, H, K) = (sources.count, c.hidden, targets.count)
        guard N > 0 else { return [] }
        return parameters.withValuePointers { p in
            let network = layout.network
            let stepper = RecurrentNetwork.Stepper(
                network, cells: network.cells(p[layout.networkFirst...]), rows: N, oneHot: layout.embedding == nil)
            let prompts = start(stepper, sources: sources, initial: initial, layout, p)
            // Uᵀ with padded rows, so that the products read its last columns in place.
            let ldU = Products.paddedStride(K)
            let transposedU = FlatBuffer(parts: [H * ldU, N * K])
            Products.transpose(rows: K, columns: H, p[layout.U], ld: H, into: transposedU[0], ldOut: ldU)
            var logits = [[Double]](repeating: [], count: N)
            /// One step of `which` reading `tokens`, and the logits of each of them after it.
            func step(_ which: [Int], _ tokens: [Int]) {
                let E = layout.embedding.map { p[$0] }
                if E != nil {
                    // The buffer holds the last step's rows: a zero input must be written as zeros.
                    let width = network.inputSize
                    stepper.inputs.update(repeating: 0, count: tokens.count * width)
                    Self.embed(tokens, E, vocabulary: layout.reads.count, into: stepper.inputs, width: width)
                }
                let top = stepper.step(which, tokens: E == nil ? tokens : nil)
                let z = transposedU[1]
                for i in which.indices { (z + i * K).update(from: p[layout.b2], count: K) }
                Products.general(
                    m: which.count, n: K, k: H, a: top, lda: H, b: transposedU[0], ldb: ldU, beta: 1, c: z, ldc: K,
                    scratch: nil, paddedB: true)
                for (i, r) in which.enumerated() { logits[r] = Array(UnsafeBufferPointer(start: z + i * K, count: K)) }
            }
            // The prompts, the samples whose prompt is that long stepping together.
            for s in 0..<(prompts.map(\.count).max() ?? 0) where !Deadline.passed {
                let which = prompts.indices.filter { s < prompts[$0].count }
                step(which, which.map { prompts[$0][s] })
            }
            return Self.draw(configs, logits: { logits[$0] }, step: step)
        }
    }

    /// Draws each sample's tokens from its logits, all the samples still going in one step, until each has its
    /// length or its stop token (or the deadline passes); `step(which, tokens)` feeds the drawn tokens back.
    private static func draw(
        _ configs: [SamplingConfiguration], logits: (Int) -> [Double], step: ([Int], [Int]) -> Void
    ) -> [[SampledToken]] {
        var generators = configs.map { MT19937(seed: $0.seed) }
        var out = [[SampledToken]](repeating: [], count: configs.count)
        var going = configs.indices.filter { configs[$0].length > 0 }
        while !going.isEmpty, !Deadline.passed {
            var next: [Int] = []
            for r in going {
                let token = configs[r].draw(logits(r), &generators[r])
                out[r].append(token)
                next.append(token.token)
            }
            let keep = going.indices.filter {
                let r = going[$0]
                return out[r].count < configs[r].length && next[$0] != configs[r].stopToken
            }
            going = keep.map { going[$0] }
            if going.isEmpty { break }
            step(going, keep.map { next[$0] })
        }
        return out
    }

    /// Puts each sample's starting state in `stepper` (a language model's: `initial`, or zeros; otherwise the
    /// condition's or the encoder's, as the teacher-forced pass computes it) and returns what each reads before its
    /// first draw.
    private func start(
        _ stepper: RecurrentNetwork.Stepper, sources: [[Int]], initial: InitialState?, _ layout: Layout,
        _ p: [UnsafePointer<Double>]
    ) -> [[Int]] {
        let (c, H) = (configuration, configuration.hidden)
        var prompts: [[Int]] = []
        for (r, source) in sources.enumerated() {
            if c.shape == .languageModel {
                if let initial {
                    for layer in 0..<c.layers {
                        stepper.hidden(layer, row: r).update(from: initial.hidden[layer], count: H)
                        if c.cell == .lstm { stepper.cell(layer, row: r).update(from: initial.cell[layer], count: H) }
                    }
                }
                prompts.append(source.isEmpty ? [Cell.noInput] : source)
                continue
            }
            // The condition's or the encoder's state, as the teacher-forced pass computes it.
            let a = runForward(source: source, target: [0], dropoutSeed: nil, layout, p).network
            for layer in 0..<c.layers {
                let slot = a.initialSlot(direction: 0) * H
                stepper.hidden(layer, row: r).update(from: a.states(layer) + slot, count: H)
                if c.cell == .lstm {
                    stepper.cell(layer, row: r).update(from: a.cellStates(layer) + slot, count: H)
                }
            }
            prompts.append([Cell.noInput])
        }
        return prompts
    }
}
