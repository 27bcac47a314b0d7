import Foundation

/// Where a model's network starts: h0 (and c0 for an LSTM), one vector of H per layer and direction in
/// PyTorch's order (index layer·directions + direction), as `nn.LSTM` takes `(h0, c0)`. The notes' model has one: h(0).
public struct InitialState: Equatable, Sendable {
    public var hidden: [[Double]]
    public var cell: [[Double]]

    public init(hidden: [[Double]], cell: [[Double]] = []) {
        self.hidden = hidden
        self.cell = cell
    }

    func fits(_ network: RecurrentNetwork) -> Bool {
        let count = network.layers * network.directions
        let sized = { (states: [[Double]]) in
            states.count == count && states.allSatisfy { $0.count == network.hiddenSize }
        }
        return sized(hidden) && (network.kind == .lstm ? sized(cell) : cell.isEmpty)
    }
}

/// Any model of the engine, whatever its cell, depth and shape: the notes' vanilla RNN language model
/// (`RNNLanguageModel`, the readable reference) and the networks (`SequenceModel` over nn.RNN / nn.LSTM /
/// nn.GRU stacks) answer the same questions with the same types, so a caller never needs to know which it holds.
///
/// Shape letters as in the notes: T steps, H hidden units, K outputs, L layers, O = directions·H the width of a layer's output; "cells" are the
/// L·directions recurrences, indexed layer·directions + direction.
public protocol RecurrentModel: Sendable {
    var parameters: ParameterSet { get set }
    /// The model as the networks' one path computes and trains it (the notes' model: its `SequenceModel`
    /// configuration, over the same parameters).
    var asSequenceModel: SequenceModel { get }
    /// What the model reads and what it predicts (the same vocabulary for a language model).
    var sources: Vocabulary { get }
    var targets: Vocabulary { get }
    var shape: SequenceModel.Shape { get }
    /// The recurrence: its cell, H, L and its directions.
    var cell: CellKind { get }
    var hiddenSize: Int { get }
    var layers: Int { get }
    var directions: Int { get }
    /// Whether `pass` takes a given initial state (the generating shapes start from their condition or encoder).
    var takesInitialState: Bool { get }
    /// The name of the recurrent weight matrix of the top layer (forward direction) of the network that makes
    /// the outputs: what the gradient's trip back through time multiplies by at every step.
    var recurrentWeightName: String { get }
    /// The state the model starts from when none is given, if it has one of its own (the notes' h(0)); nil
    /// for zeros.
    var ownInitialState: InitialState? { get }

    /// The forward pass on one example; `target` is read only by the generating shapes (teacher forcing).
    func pass(source: [Int], target: [Int], initial: InitialState?) -> ModelPass

    /// The number of values of each real-valued input x(t), for a model that reads vectors instead of tokens;
    /// nil for one that reads tokens.
    var inputSize: Int? { get }

    /// The forward pass on real-valued inputs, each of `inputSize` values (only when `inputSize` is set).
    func pass(vectors: [[Double]], initial: InitialState?) -> ModelPass

    /// BPTT for a loss L given by its gradient with respect to what the output layer reads at every step,
    /// ∂L/∂h(t) of the top layer (T × O, both directions side by side), instead of a loss over targets: the
    /// recurrence's gradients (the output layer's are zero), ∂L/∂x(t), ∂L/∂h0 (∂L/∂c0).
    func backward(_ pass: ModelPass, upstream: [[Double]]) -> ModelGradients

    /// BPTT for `J = Σ_t w(t) J(t)` over the outputs of `pass`: every parameter's gradient under its own name,
    /// ∂J/∂h(t) of every cell and ∂J/∂h0 (∂J/∂c0). `recordContributions` also keeps each step's contribution to
    /// ∂J/∂W_h where the model can (the notes' model: T·H² numbers).
    func backward(_ pass: ModelPass, target: [Int], stepWeights: [Double], recordContributions: Bool)
        -> ModelGradients

    /// The example's loss J = Σ w(t) J(t), from `initial` (zeros, or the model's h(0), when nil).
    func loss(source: [Int], target: [Int], reduction: LossReduction, initial: InitialState?) -> Double

    /// The mean loss per output over examples, each from the model's own initial state.
    func meanLoss(sources: [[Int]], targets: [[Int]]) -> Double

    /// Generates tokens: a language model after priming with `source` (none: the zero input), the
    /// one-to-many and encoder-decoder shapes from their condition or input, until the length or stop token.
    func generate(source: [Int], _ config: SamplingConfiguration) -> [SampledToken]

    /// `generate` for each pair of sources and configurations, the same samples as one by one (the networks
    /// generate them at once, their products over all the samples still going).
    func generate(sources: [[Int]], _ configs: [SamplingConfiguration]) -> [[SampledToken]]
}

/// What a model reads in one example: token indices (`RNNLanguageModel.noInput` for the zero vector), or
/// real-valued vectors for a model with an `inputSize`.
public enum ModelInput: Sendable, Equatable {
    case tokens([Int])
    case vectors([[Double]])

    public var count: Int {
        switch self {
        case .tokens(let t): return t.count
        case .vectors(let v): return v.count
        }
    }
}

extension RecurrentModel {
    /// The forward pass on either kind of input.
    public func pass(_ input: ModelInput, target: [Int], initial: InitialState?) -> ModelPass {
        switch input {
        case .tokens(let tokens): return pass(source: tokens, target: target, initial: initial)
        case .vectors(let vectors): return pass(vectors: vectors, initial: initial)
        }
    }

    /// The example's loss J = Σ w(t) J(t) on either kind of input.
    public func loss(_ input: ModelInput, target: [Int], reduction: LossReduction, initial: InitialState?) -> Double {
        switch input {
        case .tokens(let tokens): return loss(source: tokens, target: target, reduction: reduction, initial: initial)
        case .vectors(let vectors):
            return reduction.combine(pass(vectors: vectors, initial: initial).stepLosses(target: target))
        }
    }
}

/// What one forward pass computed, step by step, for any model.
public struct ModelPass: Sendable {
    enum Trace: Sendable {
        case notes(RNNLanguageModel.Trace)
        case network(SequenceModel.Trace)
    }

    let trace: Trace
    /// What the (output) network read at each step: token indices, `RNNLanguageModel.noInput` for the zero
    /// vector.
    public let inputs: [Int]
    /// One row per output: the K logits and the softmax over them.
    public let logits: [[Double]]
    public let probabilities: [[Double]]
    /// h(t), t = 1…T, of every cell (index layer·directions + direction).
    public let hidden: [[[Double]]]
    /// The LSTM's cell states c(t) of every cell (empty for other cells).
    public let cellStates: [[[Double]]]
    /// The gate activations of every cell at every step, PyTorch's order (LSTM: i f g o; GRU: r z n; a
    /// network's RNN cell: its output), G·H values per step; empty for the notes' model.
    public let gates: [[[Double]]]
    /// What the output layer reads at every step: the top layer's outputs, both directions (T × O).
    public let outputs: [[Double]]
    /// The notes' model: the embeddings e(t) (when it has E) and the pre-activations z(t); empty otherwise.
    public let embeddings: [[Double]]
    public let preActivations: [[Double]]
    /// The state the network was given to start from (nil: zeros, or the condition or encoder of a generating
    /// shape; the notes' model always reports its h(0)).
    public let initial: InitialState?
    /// The encoder-decoder's encoder states h(s), s = 1…S, of every layer (empty for the other shapes).
    public var encoderHidden: [[[Double]]] = []

    /// The most likely output of every row (the first of equal ones).
    public var mostLikely: [Int] { probabilities.map { p in p.indices.max { (p[$0], $1) < (p[$1], $0) }! } }

    /// The J(t) = -log ŷ(t)[y(t)] of every output, as the model computes it (from the log-sum-exp of the logits).
    public func stepLosses(target: [Int]) -> [Double] {
        switch trace {
        case .notes(let t): return RNNLanguageModel.stepLosses(t, targets: target)
        case .network(let t): return t.activations.stepLosses(target)
        }
    }
}

extension RecurrentModel {
    public func generate(sources: [[Int]], _ configs: [SamplingConfiguration]) -> [[SampledToken]] {
        precondition(sources.count == configs.count, "one configuration per sample")
        return zip(sources, configs).map { generate(source: $0, $1) }
    }

    /// Greedy decoding: the most likely token each step, fed back, up to `maxLength` tokens or the targets'
    /// `<EOS>` (included).
    public func decode(source: [Int], maxLength: Int) -> [SampledToken] {
        var config = SamplingConfiguration(length: maxLength)
        config.greedy = true
        config.stopToken = targets.index(of: Vocabulary.endOfSentence)
        return generate(source: source, config)
    }
}

/// What BPTT computed for any model.
public struct ModelGradients: Sendable {
    /// ∂J/∂θ for every parameter, under the parameter's own name.
    public let parameters: ParameterSet
    /// ∂J/∂h(t) of every cell (index layer·directions + direction), t = 1…T: through the output and the next step.
    public let hidden: [[[Double]]]
    /// ∂J/∂h0 and ∂J/∂c0 (LSTM), one per cell.
    public let initialHidden: [[Double]]
    public let initialCell: [[Double]]
    /// ∂J/∂x(t) of the vector each step of the (output) network read, t = 1…T: the one-hot vector, the
    /// embedding or the real-valued input.
    public let inputs: [[Double]]
    /// Each step's contribution δ(t) h(t-1)ᵀ to ∂J/∂W_h, when recorded (the notes' model).
    public let recurrentContributions: [Matrix]
}

extension ModelGradients {
    init(_ g: RNNLanguageModel.Gradients) {
        self.init(
            parameters: g.parameters, hidden: [g.hidden], initialHidden: [g.initialHidden], initialCell: [],
            inputs: g.inputs, recurrentContributions: g.recurrentWeightContributions)
    }

    init(_ g: (parameters: ParameterSet, network: RecurrentNetwork.Gradients)) {
        self.init(
            parameters: g.parameters, hidden: g.network.hidden, initialHidden: g.network.initialHidden,
            initialCell: g.network.initialCell, inputs: g.network.inputs, recurrentContributions: [])
    }
}

extension RNNLanguageModel: RecurrentModel {
    public var sources: Vocabulary { vocabulary }
    public var targets: Vocabulary { vocabulary }
    public var shape: SequenceModel.Shape { .languageModel }
    public var cell: CellKind { .rnn(activation) }
    public var layers: Int { 1 }
    public var directions: Int { 1 }
    public var takesInitialState: Bool { true }
    public var recurrentWeightName: String { "W_h" }
    public var ownInitialState: InitialState? { InitialState(hidden: [initialHidden]) }
    public var asSequenceModel: SequenceModel { network }

    public func pass(source: [Int], target: [Int] = [], initial: InitialState? = nil) -> ModelPass {
        let h0 = initial?.hidden.first ?? initialHidden
        let trace = forward(source, h0: h0)
        return ModelPass(
            trace: .notes(trace), inputs: source, logits: trace.logits, probabilities: trace.probabilities,
            hidden: [trace.hidden], cellStates: [], gates: [], outputs: trace.hidden, embeddings: trace.embeddings,
            preActivations: trace.preActivations, initial: InitialState(hidden: [h0]))
    }

    public func backward(
        _ pass: ModelPass, target: [Int], stepWeights: [Double], recordContributions: Bool = false
    ) -> ModelGradients {
        guard case .notes(let trace) = pass.trace else { preconditionFailure("the pass comes from another model") }
        let g = backward(trace, targets: target, stepWeights: stepWeights, recordContributions: recordContributions)
        return ModelGradients(g)
    }

    public var inputSize: Int? { nil }

    public func pass(vectors: [[Double]], initial: InitialState?) -> ModelPass {
        preconditionFailure("the notes' model reads tokens")
    }

    public func backward(_ pass: ModelPass, upstream: [[Double]]) -> ModelGradients {
        guard case .notes(let trace) = pass.trace else { preconditionFailure("the pass comes from another model") }
        return ModelGradients(backward(trace, targets: [], stepWeights: [], upstream: upstream))
    }

    public func loss(source: [Int], target: [Int], reduction: LossReduction, initial: InitialState? = nil) -> Double {
        reduction.combine(pass(source: source, target: target, initial: initial).stepLosses(target: target))
    }

    public func meanLoss(sources: [[Int]], targets: [[Int]]) -> Double {
        network.meanLoss(sources: sources, targets: targets, initial: ownInitialState)
    }

    public func generate(source: [Int], _ config: SamplingConfiguration) -> [SampledToken] {
        sample(prime: source, config)
    }
}

extension RecurrentModel {
    /// The mean loss per output over examples taken from `examples` as they are needed (a lazy sequence holds
    /// one batch of them at a time), each from the model's own initial state: `meanLoss(sources:targets:)`'s
    /// value.
    public func meanLoss(examples: some Sequence<(source: [Int], target: [Int])>) -> Double {
        asSequenceModel.meanLoss(examples: examples, initial: ownInitialState)
    }
}

extension SequenceModel: RecurrentModel {
    public var shape: Shape { configuration.shape }
    public var cell: CellKind { configuration.cell }
    public var hiddenSize: Int { configuration.hidden }
    public var layers: Int { configuration.layers }
    public var recurrentWeightName: String {
        if configuration.notation == .notes { return Self.notesNames[1] }
        return (shape == .encoderDecoder ? "decoder." : "") + "weight_hh_l\(layers - 1)"
    }
    public var ownInitialState: InitialState? { nil }
    public var asSequenceModel: SequenceModel { self }

    public func pass(source: [Int], target: [Int] = [], initial: InitialState? = nil) -> ModelPass {
        pass(forward(source: source, target: target, initial: initial), initial: initial)
    }

    public var inputSize: Int? { configuration.inputSize }

    public func pass(vectors: [[Double]], initial: InitialState? = nil) -> ModelPass {
        pass(forward(vectors: vectors, initial: initial), initial: initial)
    }

    private func pass(_ trace: Trace, initial: InitialState?) -> ModelPass {
        let network = trace.network
        let cells = (0..<(layers * directions)).map { (layer: $0 / directions, direction: $0 % directions) }
        let isLSTM = cell == .lstm
        var pass = ModelPass(
            trace: .network(trace), inputs: trace.inputs, logits: trace.logits, probabilities: trace.probabilities,
            hidden: cells.map { network.hiddenStates(layer: $0.layer, direction: $0.direction) },
            cellStates: isLSTM ? cells.map { network.cellStates(layer: $0.layer, direction: $0.direction) } : [],
            gates: cells.map { network.gates(layer: $0.layer, direction: $0.direction) }, outputs: network.outputs,
            embeddings: [], preActivations: [], initial: initial)
        if let encoder = trace.encoder {
            pass.encoderHidden = (0..<layers).map { encoder.hiddenStates(layer: $0, direction: 0) }
        }
        return pass
    }
    public func backward(
        _ pass: ModelPass, target: [Int], stepWeights: [Double], recordContributions: Bool = false
    ) -> ModelGradients {
        guard case .network(let trace) = pass.trace else { preconditionFailure("the pass comes from another model") }
        return ModelGradients(backward(trace, target: target, stepWeights: stepWeights))
    }

    public func backward(_ pass: ModelPass, upstream: [[Double]]) -> ModelGradients {
        guard case .network(let trace) = pass.trace else { preconditionFailure("the pass comes from another model") }
        return ModelGradients(backward(trace, upstream: upstream))
    }

}
