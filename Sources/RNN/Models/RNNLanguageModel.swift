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

    /// Runs the forward pass over token indices `inputs` (`noInput` for a zero input), starting from `h0`
    /// (default: the model's h(0)), keeping every step's vectors (`runForward` computes them).
    public func forward(_ inputs: [Int], h0: [Double]? = nil) -> Trace {
        var trace = Trace(inputs: inputs, h0: h0 ?? initialHidden)
        let (T, H, V) = (inputs.count, hiddenSize, vocabulary.count)
        withWeightPointers { w in
            let D = w.embeddingSize
            let a = Activations(steps: T, hidden: H, vocabulary: V, embedding: D)
            runForward(inputs, h0: trace.h0, w, into: a)
            func rows(_ p: UnsafeMutablePointer<Double>, _ width: Int) -> [[Double]] {
                copyRows(p, count: T, width: width)
            }
            if w.E != nil { trace.embeddings = rows(a.es, D) }
            trace.preActivations = rows(a.zs, H)
            trace.hidden = rows(a.hs + H, H)
            trace.logits = rows(a.os, V)
            trace.probabilities = rows(a.ps, V)
        }
        return trace
    }

    /// One step for generation: the next hidden state and the logits.
    public func step(_ x: Int, _ previous: [Double]) -> (hidden: [Double], logits: [Double]) {
        let trace = forward([x], h0: previous)
        return (trace.hidden[0], trace.logits[0])
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
        /// ∂J/∂x(t) for t = 1…T: `W_eᵀ δ(t)`, the gradient with respect to the one-hot vector (or the embedding
        /// e(t)) the step read.
        public var inputs: [[Double]] = []
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
    ///
    /// With `upstream`, BPTT for a loss L given by ∂L/∂h(t) through the output (T × H) instead: `targets` and
    /// `stepWeights` are not read and the output layer's gradients are zero.
    public func backward(
        _ trace: Trace, targets: [Int], stepWeights: [Double], recordContributions: Bool = false,
        upstream: [[Double]]? = nil
    ) -> Gradients {
        let (T, H, V) = (trace.inputs.count, hiddenSize, vocabulary.count)
        precondition(
            upstream.map { $0.count == T && $0.allSatisfy { $0.count == H } }
                ?? (targets.count == T && stepWeights.count == T), "one target and one weight (or ∂L/∂h) per step")
        return withWeightPointers { w in
            // The trace's vectors back into flat buffers for `runBackward`.
            let D = w.embeddingSize
            let a = Activations(steps: T, hidden: H, vocabulary: V, embedding: D)
            a.hs.update(from: trace.h0, count: H)
            for t in 0..<T {
                (a.hs + (t + 1) * H).update(from: trace.hidden[t], count: H)
                (a.zs + t * H).update(from: trace.preActivations[t], count: H)
                (a.ps + t * V).update(from: trace.probabilities[t], count: V)
                if w.E != nil { (a.es + t * D).update(from: trace.embeddings[t], count: D) }
            }
            let I = w.inputSize
            var dHidden = [Double](repeating: 0, count: T * H)
            var dInputs = [Double](repeating: 0, count: T * I)
            var contributions = [Double](repeating: 0, count: recordContributions ? T * H * H : 0)
            let given = upstream?.flatMap { $0 } ?? []
            let (gradients, initial) = dHidden.withUnsafeMutableBufferPointer { dh in
                dInputs.withUnsafeMutableBufferPointer { dx in
                    contributions.withUnsafeMutableBufferPointer { c in
                        given.withUnsafeBufferPointer { u in
                            runBackward(
                                a, inputs: trace.inputs, targets: targets, stepWeights: stepWeights, w,
                                dHidden: dh.baseAddress, dInputs: dx.baseAddress,
                                contributions: recordContributions ? c.baseAddress : nil,
                                upstream: upstream == nil ? nil : u.baseAddress)
                        }
                    }
                }
            }
            return Gradients(
                parameters: gradients, hidden: (0..<T).map { Array(dHidden[($0 * H)..<(($0 + 1) * H)]) },
                initialHidden: initial, inputs: (0..<T).map { Array(dInputs[($0 * I)..<(($0 + 1) * I)]) },
                recurrentWeightContributions: (0..<(recordContributions ? T : 0)).map {
                    Matrix(rows: H, cols: H, values: Array(contributions[($0 * H * H)..<(($0 + 1) * H * H)]))
                })
        }
    }
}
