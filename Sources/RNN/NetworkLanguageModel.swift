/// A language model whose recurrence is a `RecurrentNetwork` (RNN, LSTM or GRU; stacked): the notes' model
/// with another cell. `e(t) = E x(t)` (or the one-hot x(t) itself), the network's top outputs o(t), and
/// `ŷ(t) = softmax(U o(t) + b2)`, J(t) = -log ŷ(t)[y(t)].
///
/// Parameters: `E` (D × V, with an embedding), the network's (PyTorch's names), `U` (V × D·H), `b2` (V × 1).
public struct NetworkLanguageModel: Sendable {
    public let vocabulary: Vocabulary
    public var network: RecurrentNetwork
    public var embedding: Matrix?
    public var output: Matrix
    public var outputBias: [Double]

    public init(
        vocabulary: Vocabulary, network: RecurrentNetwork, embedding: Matrix?, output: Matrix, outputBias: [Double]
    ) {
        precondition(
            network.inputSize == (embedding?.rows ?? vocabulary.count),
            "the network's input size is the embedding's or |V|")
        precondition(output.shape == [vocabulary.count, network.hiddenSize * network.directions], "U is |V| × D·H")
        self.vocabulary = vocabulary
        self.network = network
        self.embedding = embedding
        self.output = output
        self.outputBias = outputBias
    }

    /// All parameters in one set (for optimizers and gradient checks), in the order E, network, U, b2.
    public var parameters: ParameterSet {
        get {
            ParameterSet(
                (embedding.map { [Parameter(name: "E", value: $0)] } ?? []) + network.parameters.items
                    + [Parameter(name: "U", value: output), Parameter(name: "b2", value: Matrix(column: outputBias))])
        }
        set {
            if embedding != nil { embedding = newValue["E"] }
            for p in network.parameters.items { network.parameters[p.name] = newValue[p.name] }
            output = newValue["U"]!
            outputBias = newValue["b2"]!.values
        }
    }

    public struct Trace: Sendable {
        public let inputs: [Int]
        public var network: RecurrentNetwork.Trace
        public var logits: [[Double]]
        public var probabilities: [[Double]]
    }

    private func inputVector(_ x: Int) -> [Double] {
        let size = embedding?.rows ?? vocabulary.count
        guard x != RNNLanguageModel.noInput else { return [Double](repeating: 0, count: size) }
        if let embedding { return embedding.column(x) }
        var v = [Double](repeating: 0, count: size)
        v[x] = 1
        return v
    }

    public func forward(_ inputs: [Int], h0: [[Double]]? = nil, c0: [[Double]]? = nil) -> Trace {
        let trace = network.forward(inputs.map(inputVector), h0: h0, c0: c0)
        let logits = trace.outputs.map { o -> [Double] in
            var z = outputBias
            Kernels.addMatVec(output, o, into: &z)
            return z
        }
        return Trace(inputs: inputs, network: trace, logits: logits, probabilities: logits.map(Softmax.probabilities))
    }

    public func stepLosses(_ trace: Trace, targets: [Int]) -> [Double] {
        zip(trace.logits, targets).map { o, y in Softmax.logSumExp(o) - o[y] }
    }

    /// BPTT for `J = Σ_t w(t) J(t)`: every parameter's gradient, and the network's (∂J/∂h(t) per layer).
    public func backward(_ trace: Trace, targets: [Int], stepWeights: [Double]) -> (
        parameters: ParameterSet, network: RecurrentNetwork.Gradients
    ) {
        var dU = Matrix(zeros: output.rows, output.cols)
        var db2 = [Double](repeating: 0, count: outputBias.count)
        var dOutputs: [[Double]] = []
        for t in trace.inputs.indices {
            var dO = trace.probabilities[t].map { $0 * stepWeights[t] }
            dO[targets[t]] -= stepWeights[t]
            Kernels.addOuter(dO, trace.network.outputs[t], into: &dU)
            for i in dO.indices { db2[i] += dO[i] }
            var dOut = [Double](repeating: 0, count: output.cols)
            Kernels.addMatTVec(output, dO, into: &dOut)
            dOutputs.append(dOut)
        }
        let g = network.backward(trace.network, dOutputs: dOutputs)
        var items: [Parameter] = []
        if let embedding {
            var dE = Matrix(zeros: embedding.rows, embedding.cols)
            for (t, x) in trace.inputs.enumerated() where x != RNNLanguageModel.noInput {
                for k in 0..<embedding.rows { dE[k, x] += g.inputs[t][k] }
            }
            items.append(Parameter(name: "E", value: dE))
        }
        items +=
            g.parameters.items + [Parameter(name: "U", value: dU), Parameter(name: "b2", value: Matrix(column: db2))]
        return (ParameterSet(items), g)
    }
}
