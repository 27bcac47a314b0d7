import Foundation

/// The vanilla RNN language model of the lecture notes:
///
///     e(t) = E x(t)                                   (x(t) one-hot over V; with one-hot input E = I)
///     h(t) = σ(W_h h(t-1) + W_e e(t) + b1)             h(0) given
///     ŷ(t) = softmax(U h(t) + b2)
///     J(t) = -log ŷ(t)[y(t)]
///
/// Shapes: `E` D×V, `W_e` H×D (H×V for one-hot input), `W_h` H×H, `b1` H×1, `U` V×H, `b2` V×1.
public struct RNNLanguageModel: Equatable, Sendable {
    public enum Input: Equatable, Sendable {
        case oneHot
        case embedding(size: Int)
    }

    public let vocabulary: Vocabulary
    public let hiddenSize: Int
    public let activation: Activation
    public let input: Input
    public var parameters: ParameterSet
    public var initialHidden: [Double]

    /// The parameter names in order, as the notes name them.
    public static func parameterNames(input: Input) -> [String] {
        switch input {
        case .oneHot: return ["W_e", "W_h", "b1", "U", "b2"]
        case .embedding: return ["E", "W_e", "W_h", "b1", "U", "b2"]
        }
    }

    /// The shape `[rows, cols]` of each parameter for a vocabulary of `V` tokens and hidden size `H`.
    public static func parameterShapes(vocabularySize v: Int, hiddenSize h: Int, input: Input) -> [(String, [Int])] {
        let d: Int
        switch input {
        case .oneHot: d = v
        case .embedding(let size): d = size
        }
        var shapes: [(String, [Int])] = []
        if case .embedding = input { shapes.append(("E", [d, v])) }
        shapes += [("W_e", [h, d]), ("W_h", [h, h]), ("b1", [h, 1]), ("U", [v, h]), ("b2", [v, 1])]
        return shapes
    }

    public init(
        vocabulary: Vocabulary, hiddenSize: Int, activation: Activation, input: Input,
        parameters: ParameterSet, initialHidden: [Double]? = nil
    ) {
        let expected = Self.parameterShapes(vocabularySize: vocabulary.count, hiddenSize: hiddenSize, input: input)
        precondition(parameters.items.map(\.name) == expected.map(\.0), "parameter names out of order")
        for (item, (_, shape)) in zip(parameters.items, expected) {
            precondition(item.value.shape == shape, "parameter \(item.name) has the wrong shape")
        }
        self.vocabulary = vocabulary
        self.hiddenSize = hiddenSize
        self.activation = activation
        self.input = input
        self.parameters = parameters
        self.initialHidden = initialHidden ?? Array(repeating: 0, count: hiddenSize)
    }

    /// Everything the forward pass computed, kept for BPTT. Arrays are indexed by step, 0-based
    /// (`h[0]` is h(1) of the notes; `h0` is h(0)).
    public struct Trace: Equatable, Sendable {
        public let inputs: [Int]
        public let h0: [Double]
        public var embeddings: [[Double]] = []
        public var preActivations: [[Double]] = []
        public var hidden: [[Double]] = []
        public var logits: [[Double]] = []
        public var probabilities: [[Double]] = []
    }

    /// The input index that stands for "no input", a zero vector x = 0, as the notes feed x(1) = 0 when a model
    /// predicts the first word of a sentence: then `z(1) = W_h h(0) + b1`.
    public static let noInput = -1

    /// The parameters by role, looked up once per pass rather than by name at every step.
    struct Weights {
        let E: Matrix?
        let We: Matrix
        let Wh: Matrix
        let b1: [Double]
        let U: Matrix
        let b2: [Double]
    }

    var weights: Weights {
        Weights(
            E: parameters["E"], We: parameters["W_e"]!, Wh: parameters["W_h"]!, b1: parameters["b1"]!.values,
            U: parameters["U"]!, b2: parameters["b2"]!.values)
    }

    /// One step of the recurrence: `z = W_h h + W_e e(x) + b1`, `h' = σ(z)`, `o = U h' + b2`.
    /// Returns the embedding used (empty for one-hot input), `z`, `h'` and `o`.
    func cell(_ x: Int, _ previous: [Double], _ w: Weights) -> (e: [Double], z: [Double], h: [Double], o: [Double]) {
        var z = w.b1
        Kernels.addMatVec(w.Wh, previous, into: &z)
        var e: [Double] = []
        if x != Self.noInput {
            if let E = w.E {
                e = E.column(x)
                Kernels.addMatVec(w.We, e, into: &z)
            } else {
                w.We.values.withUnsafeBufferPointer { we in
                    let cols = w.We.cols
                    for i in 0..<hiddenSize { z[i] += we[i * cols + x] }
                }
            }
        } else if let E = w.E {
            e = Array(repeating: 0, count: E.rows)
        }
        let h = z.map(activation.apply)
        var o = w.b2
        Kernels.addMatVec(w.U, h, into: &o)
        return (e, z, h, o)
    }

    /// Runs the forward pass over token indices `inputs` (`noInput` for a zero input), starting from `h0`
    /// (default: the model's h(0)).
    public func forward(_ inputs: [Int], h0: [Double]? = nil) -> Trace {
        var trace = Trace(inputs: inputs, h0: h0 ?? initialHidden)
        var previous = trace.h0
        let w = weights
        for x in inputs {
            let (e, z, h, o) = cell(x, previous, w)
            if parameters["E"] != nil { trace.embeddings.append(e) }
            trace.preActivations.append(z)
            trace.hidden.append(h)
            trace.logits.append(o)
            trace.probabilities.append(Softmax.probabilities(o))
            previous = h
        }
        return trace
    }

    /// One step for generation: the next hidden state and the logits.
    public func step(_ x: Int, _ previous: [Double]) -> (hidden: [Double], logits: [Double]) {
        let (_, _, h, o) = cell(x, previous, weights)
        return (h, o)
    }

    /// `J(t) = -log ŷ(t)[y(t)] = lse(o(t)) - o(t)[y(t)]` for each step.
    public static func stepLosses(_ trace: Trace, targets: [Int]) -> [Double] {
        zip(trace.logits, targets).map { o, y in Softmax.logSumExp(o) - o[y] }
    }

    /// What backpropagation through time returns.
    public struct Gradients: Equatable, Sendable {
        /// ∂J/∂θ for every parameter, same names and shapes as the model's parameters.
        public var parameters: ParameterSet
        /// ∂J/∂h(t) for t = 1…T (total derivative: through ŷ(t) and through h(t+1)).
        public var hidden: [[Double]]
        /// ∂J/∂h(0).
        public var initialHidden: [Double]
        /// The contribution of step i to ∂J/∂W_h, `δ(i) h(i-1)ᵀ` with `δ(i) = ∂J/∂z(i)`; they sum to ∂J/∂W_h.
        /// Empty unless asked for (`recordContributions`): T matrices of H × H are costly in a training loop.
        public var recurrentWeightContributions: [Matrix]
    }

    /// Backpropagation through time for `J = Σ_t w(t) J(t)`.
    ///
    /// `stepWeights` gives w(t): `1/T` each for the notes' mean loss, `1` each for min-char-rnn's sum, and
    /// `[0, …, 0, 1]` for ∂J(T)/∂θ alone. With `do(t) = w(t)(ŷ(t) - onehot(y(t)))`:
    ///
    ///     ∂J/∂U += do(t) h(t)ᵀ     ∂J/∂b2 += do(t)
    ///     ∂J/∂h(t) = Uᵀ do(t) + W_hᵀ δ(t+1)      δ(t) = ∂J/∂h(t) ⊙ σ'(z(t))
    ///     ∂J/∂W_h += δ(t) h(t-1)ᵀ  ∂J/∂W_e += δ(t) e(t)ᵀ  ∂J/∂b1 += δ(t)  ∂J/∂E[:, x(t)] += W_eᵀ δ(t)
    public func backward(_ trace: Trace, targets: [Int], stepWeights: [Double], recordContributions: Bool = false)
        -> Gradients
    {
        let T = trace.inputs.count
        precondition(targets.count == T && stepWeights.count == T, "one target and one weight per step")
        let We = parameters["W_e"]!
        let Wh = parameters["W_h"]!
        let U = parameters["U"]!
        var grads = parameters.zeros()
        var dE = grads["E"]
        var dWe = grads["W_e"]!
        var dWh = grads["W_h"]!
        var db1 = grads["b1"]!
        var dU = grads["U"]!
        var db2 = grads["b2"]!
        var dHidden = [[Double]](repeating: [], count: T)
        var contributions =
            recordContributions ? [Matrix](repeating: Matrix(zeros: hiddenSize, hiddenSize), count: T) : []
        var dhNext = [Double](repeating: 0, count: hiddenSize)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let w = stepWeights[t]
            var dO = trace.probabilities[t].map { $0 * w }
            dO[targets[t]] -= w
            let h = trace.hidden[t]
            Kernels.addOuter(dO, h, into: &dU)
            for i in 0..<dO.count { db2.values[i] += dO[i] }
            var dh = dhNext
            Kernels.addMatTVec(U, dO, into: &dh)
            dHidden[t] = dh
            let z = trace.preActivations[t]
            var delta = [Double](repeating: 0, count: hiddenSize)
            for i in 0..<hiddenSize { delta[i] = dh[i] * activation.derivative(output: h[i], input: z[i]) }
            let hPrevious = t > 0 ? trace.hidden[t - 1] : trace.h0
            if recordContributions {
                Kernels.addOuter(delta, hPrevious, into: &contributions[t])
            } else {
                Kernels.addOuter(delta, hPrevious, into: &dWh)
            }
            for i in 0..<hiddenSize { db1.values[i] += delta[i] }
            // A zero input (x = noInput) involved no input weight.
            let x = trace.inputs[t]
            if x != Self.noInput, dE != nil {
                Kernels.addOuter(delta, trace.embeddings[t], into: &dWe)
                var de = [Double](repeating: 0, count: We.cols)
                Kernels.addMatTVec(We, delta, into: &de)
                for k in 0..<de.count { dE![k, x] += de[k] }
            } else if x != Self.noInput {
                for i in 0..<hiddenSize { dWe[i, x] += delta[i] }
            }
            dhNext = [Double](repeating: 0, count: hiddenSize)
            Kernels.addMatTVec(Wh, delta, into: &dhNext)
        }
        for c in contributions {
            for k in 0..<c.count { dWh.values[k] += c.values[k] }
        }
        grads["E"] = dE
        grads["W_e"] = dWe
        grads["W_h"] = dWh
        grads["b1"] = db1
        grads["U"] = dU
        grads["b2"] = db2
        return Gradients(
            parameters: grads, hidden: dHidden, initialHidden: dhNext, recurrentWeightContributions: contributions)
    }
}
