import Foundation

/// A recurrent network (RNN, LSTM or GRU; stacked; bidirectional where the shape allows it) with an input
/// encoding and a softmax output, in one of the lecture notes' four input/output shapes or as a language model:
///
///     language model   x(1…T) → ŷ(t) = P(x(t+1) | x(≤t)) at every step           (the notes' RNN-LM, any cell)
///     many-to-many     x(1…T) → one label per token (tagging)                      bidirectional allowed
///     many-to-one      x(1…T) → one label for the sequence (classification) from the last state or the mean
///                      of the states; bidirectional: [h→(T); h←(1)]
///     one-to-many      one input c → y(1…T): h(0) of layer 1 = tanh(W_c c + b_c), then the decoder runs on its
///                      own previous outputs (teacher forcing in training), the first input a zero vector
///     encoder-decoder  x(1…S) → y(1…T): the encoder's final states (h, and c for the LSTM) of every layer are
///                      the decoder's initial states; the decoder is as in one-to-many
///
/// Inputs are one-hot or a learned embedding `E` (D × V). The output layer is `U` (K × O) and `b2`.
/// Parameter names follow PyTorch's `state_dict`: the network's `weight_ih_l0`…, prefixed `encoder.` and
/// `decoder.` in the encoder-decoder, plus `E`, `W_c`, `b_c`, `U`, `b2`.
public struct SequenceModel: Sendable {
    public enum Shape: String, CaseIterable, Sendable {
        case languageModel = "language-model"
        case manyToMany = "many-to-many"
        case manyToOne = "many-to-one"
        case oneToMany = "one-to-many"
        case encoderDecoder = "encoder-decoder"

        /// Whether the model produces its outputs one at a time from its own previous outputs.
        public var generates: Bool { self == .oneToMany || self == .encoderDecoder || self == .languageModel }
    }

    /// How parameters are named: as PyTorch's `state_dict` (`weight_ih_l0`, …; two biases per cell) or as the
    /// lecture notes name the vanilla model's (`W_e` = W_ih, `W_h` = W_hh, `b1` = b_ih, no b_hh).
    public enum Notation: String, Sendable {
        case pytorch
        case notes
    }

    public enum Pooling: String, CaseIterable, Sendable {
        case last
        case mean
    }

    public struct Configuration: Equatable, Sendable {
        public var shape: Shape
        public var cell: CellKind
        public var hidden: Int
        public var layers: Int
        public var bidirectional: Bool
        /// The embedding size D, or nil for one-hot inputs.
        public var embedding: Int?
        public var pooling: Pooling
        /// Probability of dropping each output of every layer but the last, in training only.
        public var dropout: Double
        /// Real-valued inputs of this many numbers per step instead of tokens (many-to-many and many-to-one):
        /// x(t) ∈ ℝⁿ, as in notebooks whose inputs are vectors; nil for one-hot or embedded tokens.
        public var inputSize: Int?
        /// How the parameters are named (and whether the cell has b_hh).
        public var notation: Notation

        public init(
            shape: Shape, cell: CellKind, hidden: Int, layers: Int = 1, bidirectional: Bool = false,
            embedding: Int? = nil, pooling: Pooling = .last, dropout: Double = 0, inputSize: Int? = nil,
            notation: Notation = .pytorch
        ) {
            self.notation = notation
            self.inputSize = inputSize
            self.shape = shape
            self.cell = cell
            self.hidden = hidden
            self.layers = layers
            self.bidirectional = bidirectional
            self.embedding = embedding
            self.pooling = pooling
            self.dropout = dropout
        }

        /// The lecture notes' vanilla RNN language model: one layer of the RNN cell with one bias, one-hot or
        /// embedded input, parameters `E`, `W_e`, `W_h`, `b1`, `U`, `b2`.
        public static func notes(hidden: Int, activation: Activation, embedding: Int?) -> Configuration {
            Configuration(
                shape: .languageModel, cell: .rnn(activation), hidden: hidden, embedding: embedding, notation: .notes)
        }

        /// Why this configuration cannot be built, or nil.
        public var problem: String? {
            if notation == .notes {
                guard case .rnn = cell, shape == .languageModel, layers == 1, !bidirectional, inputSize == nil,
                    dropout == 0
                else { return "the notes' model is a one-layer vanilla RNN language model" }
            }
            if bidirectional, shape.generates {
                let what = shape == .languageModel ? "language model" : "\(shape.rawValue) model"
                return "a \(what) generates left to right, so it cannot be bidirectional"
            }
            if !(0..<1).contains(dropout) { return "dropout must be at least 0 and below 1" }
            if let n = inputSize {
                if shape != .manyToMany && shape != .manyToOne {
                    return "real-valued inputs are for many-to-many and many-to-one models"
                }
                if embedding != nil { return "real-valued inputs are read as they are, without an embedding" }
                if n < 1 { return "the input size must be at least 1" }
            }
            return nil
        }
    }

    public let configuration: Configuration
    /// What the model reads: tokens (one-to-many: the conditions it starts from).
    public let sources: Vocabulary
    /// What the model predicts: next tokens, labels or target tokens.
    public let targets: Vocabulary
    public var parameters: ParameterSet

    public var directions: Int { configuration.bidirectional ? 2 : 1 }

    /// The parameter names and shapes, in order.
    public static func parameterShapes(_ c: Configuration, sources: Int, targets: Int) -> [(String, [Int])] {
        let H = c.hidden
        func embedded(_ vocabulary: Int) -> (shapes: [(String, [Int])], size: Int) {
            guard let d = c.embedding else { return ([], vocabulary) }
            return ([("E", [d, vocabulary])], d)
        }
        func network(_ inputSize: Int, bidirectional: Bool) -> [(String, [Int])] {
            let shapes = RecurrentNetwork.parameterShapes(
                kind: c.cell, inputSize: inputSize, hiddenSize: H, layers: c.layers, bidirectional: bidirectional,
                hiddenBias: c.notation == .pytorch)
            guard c.notation == .notes else { return shapes }
            return zip(notesNames, shapes).map { ($0, $1.1) }
        }
        let head: [(String, [Int])] = [("U", [targets, H * (c.bidirectional ? 2 : 1)]), ("b2", [targets, 1])]
        switch c.shape {
        case .languageModel, .manyToMany, .manyToOne:
            let input = c.inputSize.map { (shapes: [(String, [Int])](), size: $0) } ?? embedded(sources)
            return input.shapes + network(input.size, bidirectional: c.bidirectional) + head
        case .oneToMany:
            let input = embedded(targets)
            return [("W_c", [H, sources]), ("b_c", [H, 1])] + input.shapes + network(input.size, bidirectional: false)
                + head
        case .encoderDecoder:
            let encoderInput = embedded(sources)
            let decoderInput = embedded(targets)
            func prefixed(_ p: String, _ shapes: [(String, [Int])]) -> [(String, [Int])] {
                shapes.map { (p + $0.0, $0.1) }
            }
            return prefixed("encoder.", encoderInput.shapes + network(encoderInput.size, bidirectional: false))
                + prefixed("decoder.", decoderInput.shapes + network(decoderInput.size, bidirectional: false)) + head
        }
    }

    /// The notes' names of the vanilla cell's W_ih, W_hh and b_ih.
    static let notesNames = ["W_e", "W_h", "b1"]

    /// The name of the network's first parameter (W_ih of layer 1).
    static func firstNetworkParameter(_ notation: Notation) -> String {
        notation == .notes ? notesNames[0] : "weight_ih_l0"
    }

    public init(
        _ configuration: Configuration, sources: Vocabulary, targets: Vocabulary, parameters: ParameterSet
    ) {
        precondition(configuration.problem == nil, configuration.problem ?? "")
        let expected = Self.parameterShapes(configuration, sources: sources.count, targets: targets.count)
        precondition(parameters.names == expected.map(\.0), "parameter names out of order")
        for (p, (_, shape)) in zip(parameters.items, expected) {
            precondition(p.value.shape == shape, "\(p.name) has the wrong shape")
        }
        self.configuration = configuration
        self.sources = sources
        self.targets = targets
        self.parameters = parameters
    }

    /// A model with weights drawn by `initialization`.
    public init(
        _ configuration: Configuration, sources: Vocabulary, targets: Vocabulary, initialization: Initialization
    ) {
        let shapes = Self.parameterShapes(configuration, sources: sources.count, targets: targets.count)
        self.init(
            configuration, sources: sources, targets: targets,
            parameters: initialization.parameters(shapes: shapes, hiddenSize: configuration.hidden))
    }

    // MARK: Parts

    /// The recurrent network whose parameters carry `prefix` ("" or "encoder." / "decoder.").
    func network(_ prefix: String = "", inputSize: Int, bidirectional: Bool) -> RecurrentNetwork {
        let c = configuration
        let names = RecurrentNetwork.parameterShapes(
            kind: c.cell, inputSize: inputSize, hiddenSize: c.hidden, layers: c.layers, bidirectional: bidirectional,
            hiddenBias: c.notation == .pytorch
        ).map(\.0)
        let own = c.notation == .notes ? Self.notesNames : names.map { prefix + $0 }
        return RecurrentNetwork(
            kind: c.cell, inputSize: inputSize, hiddenSize: c.hidden, layers: c.layers, bidirectional: bidirectional,
            hiddenBias: c.notation == .pytorch,
            parameters: ParameterSet(zip(names, own).map { Parameter(name: $0, value: parameters[$1]!) }))
    }

    /// The network that produces the outputs (the decoder in the encoder-decoder), its parameter prefix, and the
    /// vocabulary its inputs are drawn from.
    var outputNetwork: (network: RecurrentNetwork, prefix: String, reads: Vocabulary) {
        let c = configuration
        switch c.shape {
        case .languageModel, .manyToMany, .manyToOne:
            return (
                network("", inputSize: c.inputSize ?? c.embedding ?? sources.count, bidirectional: c.bidirectional),
                "", sources
            )
        case .oneToMany:
            return (network("", inputSize: c.embedding ?? targets.count, bidirectional: false), "", targets)
        case .encoderDecoder:
            return (
                network("decoder.", inputSize: c.embedding ?? targets.count, bidirectional: false), "decoder.", targets
            )
        }
    }

    /// The encoder of the encoder-decoder.
    var encoder: RecurrentNetwork? {
        guard configuration.shape == .encoderDecoder else { return nil }
        return network("encoder.", inputSize: configuration.embedding ?? sources.count, bidirectional: false)
    }

    /// What the output network reads at each step: the source tokens, or (generating) a zero vector followed by
    /// the targets but the last, as in teacher forcing.
    public func networkInputs(source: [Int], target: [Int]) -> [Int] {
        switch configuration.shape {
        case .languageModel, .manyToMany, .manyToOne: return source
        case .oneToMany, .encoderDecoder: return [RNNLanguageModel.noInput] + target.dropLast()
        }
    }

    // MARK: Forward

    /// Whether the model's network can start from a given state (see `InitialState`): the shapes whose network
    /// starts from nothing (language model, many-to-many, many-to-one); the generating shapes start from their
    /// condition or encoder.
    public var takesInitialState: Bool { !configuration.shape.generates || configuration.shape == .languageModel }

    public struct Trace: Sendable {
        let activations: Activations
        public let source: [Int]
        /// The output network's inputs (token indices; -1 for the zero vector).
        public let inputs: [Int]
        public let encoder: RecurrentNetwork.Trace?
        public let network: RecurrentNetwork.Trace
        /// One-to-many: the decoder's initial state of layer 1 before the tanh, and after.
        public let conditionPreActivation: [Double]
        public let initialState: [Double]
        /// Many-to-one: the pooled state the output layer reads.
        public let pooled: [Double]
        /// One row per output: K logits and the softmax over them.
        public let logits: [[Double]]
        public let probabilities: [[Double]]

        /// Copies of what `runForward` computed.
        init(_ a: Activations, _ c: Configuration) {
            activations = a
            source = a.source
            inputs = a.inputs
            let isLSTM = c.cell == .lstm
            encoder = a.encoder.map { RecurrentNetwork.Trace($0, isLSTM: isLSTM) }
            network = RecurrentNetwork.Trace(a.network, isLSTM: isLSTM)
            let H = c.hidden
            conditionPreActivation =
                c.shape == .oneToMany ? Array(UnsafeBufferPointer(start: a.conditionPreActivation, count: H)) : []
            initialState = c.shape == .oneToMany ? Array(UnsafeBufferPointer(start: a.initialState, count: H)) : []
            pooled = c.shape == .manyToOne ? Array(UnsafeBufferPointer(start: a.pooled, count: a.network.width)) : []
            logits = copyRows(a.logits, count: a.rows, width: a.classes)
            probabilities = copyRows(a.probabilities, count: a.rows, width: a.classes)
        }
    }

    /// The forward pass on one example. `target` is needed only by the generating shapes, which read it shifted
    /// by one (teacher forcing). `dropoutSeed` turns on dropout between layers (training).
    /// `initial` starts the network from a given state (see `InitialState`).
    public func forward(
        source: [Int], target: [Int] = [], initial: InitialState? = nil, dropoutSeed: UInt32? = nil
    ) -> Trace {
        Trace(run(source: source, target: target, initial: initial, dropoutSeed: dropoutSeed), configuration)
    }

    /// The forward pass on real-valued inputs x(1…T), each of `configuration.inputSize` numbers.
    public func forward(vectors: [[Double]], initial: InitialState? = nil) -> Trace {
        let layout = self.layout
        return Trace(
            parameters.withValuePointers {
                runForward(source: [], target: [], dropoutSeed: nil, initial: initial, vectors: vectors, layout, $0)
            }, configuration)
    }

    /// The forward pass's activations.
    func run(source: [Int], target: [Int], initial: InitialState? = nil, dropoutSeed: UInt32? = nil) -> Activations {
        precondition(initial == nil || takesInitialState, "this shape starts from its condition or encoder")
        let layout = self.layout
        return parameters.withValuePointers {
            runForward(source: source, target: target, dropoutSeed: dropoutSeed, initial: initial, layout, $0)
        }
    }

    /// J(t) = -log ŷ(t)[y(t)] for every output.
    public func stepLosses(_ trace: Trace, target: [Int]) -> [Double] {
        trace.activations.stepLosses(target)
    }

    /// The example's loss J = Σ w(t) J(t).
    public func loss(source: [Int], target: [Int], reduction: LossReduction, initial: InitialState? = nil) -> Double {
        reduction.combine(run(source: source, target: target, initial: initial).stepLosses(target))
    }

    // MARK: Backward

    /// BPTT for `J = Σ_t w(t) J(t)`: the gradient of every parameter, and the output network's (its ∂J/∂h(t),
    /// and ∂J/∂h0, ∂J/∂c0 of the state it started from).
    public func backward(_ trace: Trace, target: [Int], stepWeights: [Double]) -> (
        parameters: ParameterSet, network: RecurrentNetwork.Gradients
    ) {
        let (layout, gradients) = (self.layout, GradientBuffer(like: parameters))
        let r = parameters.withValuePointers {
            runBackward(
                trace.activations, target: target, stepWeights: stepWeights, layout, $0, into: gradients.pointers,
                keepsHidden: true)
        }
        return split(gradients, r, layout)
    }

    /// BPTT for a loss L given by its gradient with respect to the outputs the output layer reads, ∂L/∂h(t) of
    /// the top layer (T × O, both directions side by side; many-to-one: every step's, not the pooled state's):
    /// the network's parameters' gradients (the output layer's are zero), and ∂L/∂x(t), ∂L/∂h0, ∂L/∂c0.
    public func backward(_ trace: Trace, upstream: [[Double]]) -> (
        parameters: ParameterSet, network: RecurrentNetwork.Gradients
    ) {
        let T = trace.activations.network.steps
        let O = configuration.hidden * directions
        precondition(upstream.count == T && upstream.allSatisfy { $0.count == O }, "∂L/∂h(t) is T × O")
        let (layout, gradients) = (self.layout, GradientBuffer(like: parameters))
        let flat = upstream.flatMap { $0 }
        let r = flat.withUnsafeBufferPointer { d in
            parameters.withValuePointers {
                runBackward(
                    trace.activations, target: [], stepWeights: [], layout, $0, into: gradients.pointers,
                    keepsHidden: true, upstream: nonEmptyAddress(d))
            }
        }
        return split(gradients, r, layout)
    }

    /// The model's gradients, and the output network's part of them with what its backward pass wrote.
    private func split(_ gradients: GradientBuffer, _ r: RecurrentNetwork.InputGradients, _ layout: Layout) -> (
        parameters: ParameterSet, network: RecurrentNetwork.Gradients
    ) {
        let all = gradients.parameterSet
        let network = layout.network
        let count = network.parameters.items.count
        let networkGradients = ParameterSet(
            (0..<count).map {
                Parameter(name: network.parameters.items[$0].name, value: all.items[layout.networkFirst + $0].value)
            })
        return (all, RecurrentNetwork.Gradients(parameters: networkGradients, r, isLSTM: configuration.cell == .lstm))
    }

    // MARK: Prediction and generation

    /// The most likely label of every output (many-to-many: one per token; many-to-one: one).
    public func predict(source: [Int]) -> [Int] {
        pass(source: source).mostLikely
    }
}
