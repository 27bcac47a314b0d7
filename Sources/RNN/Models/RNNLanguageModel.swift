import Foundation

/// The vanilla RNN language model of the lecture notes:
///
///     e(t) = E x(t)                                   (x(t) one-hot over V; with one-hot input E = I)
///     h(t) = σ(W_h h(t-1) + W_e e(t) + b1)             h(0) given
///     ŷ(t) = softmax(U h(t) + b2)
///     J(t) = -log ŷ(t)[y(t)]
///
/// Shapes: `E` D×V, `W_e` H×D (H×V for one-hot input), `W_h` H×H, `b1` H×1, `U` V×H, `b2` V×1.
///
/// It is a configuration of the networks' one path (`SequenceModel.Configuration.notes`: one layer of the RNN
/// cell with the single bias b1, the notes' names kept as names), whose passes, generation and training it uses;
/// what it adds is its own h(0) and the per-step values lessons display (e(t), z(t), each step's part of
/// ∂J/∂W_h).
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

    /// The same model as a `SequenceModel` over the same parameters, whose passes compute everything.
    var network: SequenceModel {
        let embedding: Int?
        if case .embedding(let d) = input { embedding = d } else { embedding = nil }
        return SequenceModel(
            .notes(hidden: hiddenSize, activation: activation, embedding: embedding), sources: vocabulary,
            targets: vocabulary, parameters: parameters)
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
        /// The pass itself, for BPTT.
        let pass: SequenceModel.Trace

        public static func == (a: Trace, b: Trace) -> Bool {
            (a.inputs, a.h0, a.embeddings, a.preActivations) == (b.inputs, b.h0, b.embeddings, b.preActivations)
                && (a.hidden, a.logits, a.probabilities) == (b.hidden, b.logits, b.probabilities)
        }
    }

    /// The input index that stands for "no input", a zero vector x = 0, as the notes feed x(1) = 0 when a model
    /// predicts the first word of a sentence: then `z(1) = W_h h(0) + b1`.
    public static let noInput = Cell.noInput

    /// Runs the forward pass over token indices `inputs` (`noInput` for a zero input), starting from `h0`
    /// (default: the model's h(0)), keeping every step's vectors.
    public func forward(_ inputs: [Int], h0: [Double]? = nil) -> Trace {
        let start = h0 ?? initialHidden
        let pass = network.forward(source: inputs, initial: InitialState(hidden: [start]))
        let a = pass.activations.network
        let T = inputs.count
        return Trace(
            inputs: inputs, h0: start,
            embeddings: input == .oneHot ? [] : copyRows(a.input, count: T, width: a.inputSize),
            preActivations: copyRows(a.candidates(0), count: T, width: hiddenSize),
            hidden: pass.network.hiddenStates(), logits: pass.logits, probabilities: pass.probabilities, pass: pass)
    }

    /// One step for generation: the next hidden state and the logits.
    public func step(_ x: Int, _ previous: [Double]) -> (hidden: [Double], logits: [Double]) {
        let trace = forward([x], h0: previous)
        return (trace.hidden[0], trace.logits[0])
    }

    /// `J(t) = -log ŷ(t)[y(t)] = lse(o(t)) - o(t)[y(t)]` for each step.
    public static func stepLosses(_ trace: Trace, targets: [Int]) -> [Double] {
        trace.pass.activations.stepLosses(targets)
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
        let T = trace.inputs.count
        precondition(
            upstream.map { $0.count == T && $0.allSatisfy { $0.count == hiddenSize } }
                ?? (targets.count == T && stepWeights.count == T), "one target and one weight (or ∂L/∂h) per step")
        let g =
            upstream.map { network.backward(trace.pass, upstream: $0) }
            ?? network.backward(trace.pass, target: targets, stepWeights: stepWeights)
        let dHidden = g.network.hidden[0]
        return Gradients(
            parameters: g.parameters, hidden: dHidden, initialHidden: g.network.initialHidden[0],
            inputs: g.network.inputs,
            recurrentWeightContributions: recordContributions ? contributions(trace, dHidden: dHidden) : [])
    }

    /// Each step's `δ(t) h(t-1)ᵀ`, with δ(t) = ∂J/∂h(t) ⊙ σ'(z(t)) as the pass computed it.
    private func contributions(_ trace: Trace, dHidden: [[Double]]) -> [Matrix] {
        let H = hiddenSize
        return (0..<trace.inputs.count).map { t in
            let previous = t == 0 ? trace.h0 : trace.hidden[t - 1]
            let delta = (0..<H).map {
                dHidden[t][$0] * activation.derivative(output: trace.hidden[t][$0], input: trace.preActivations[t][$0])
            }
            var m = Matrix(zeros: H, H)
            for i in 0..<H { for j in 0..<H { m[i, j] = delta[i] * previous[j] } }
            return m
        }
    }
}
