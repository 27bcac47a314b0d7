/// A stack of recurrent layers, each one or two directions, as PyTorch's `nn.RNN`, `nn.LSTM` and `nn.GRU`
/// (`batch_first=False`, one sequence): layer 1 reads the inputs, layer k the outputs of layer k-1; a
/// bidirectional layer runs a second cell from t = T down to 1 and concatenates the two states at every step.
///
/// Parameters carry PyTorch's names, so weights load from and save to a PyTorch `state_dict`:
/// `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, with `_reverse` for the backward direction.
/// Shapes: I input size, H hidden size, L layers, D directions (1 or 2), T steps.
public struct RecurrentNetwork: Equatable, Sendable {
    public let kind: CellKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let layers: Int
    public let bidirectional: Bool
    public var parameters: ParameterSet

    public var directions: Int { bidirectional ? 2 : 1 }

    /// The parameter names and shapes, in PyTorch's order.
    public static func parameterShapes(
        kind: CellKind, inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool
    ) -> [(String, [Int])] {
        var shapes: [(String, [Int])] = []
        let G = kind.gates
        for layer in 0..<layers {
            let input = layer == 0 ? inputSize : hiddenSize * (bidirectional ? 2 : 1)
            for suffix in bidirectional ? ["", "_reverse"] : [""] {
                shapes += [
                    ("weight_ih_l\(layer)\(suffix)", [G * hiddenSize, input]),
                    ("weight_hh_l\(layer)\(suffix)", [G * hiddenSize, hiddenSize]),
                    ("bias_ih_l\(layer)\(suffix)", [G * hiddenSize, 1]),
                    ("bias_hh_l\(layer)\(suffix)", [G * hiddenSize, 1]),
                ]
            }
        }
        return shapes
    }

    public init(
        kind: CellKind, inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false,
        parameters: ParameterSet
    ) {
        let expected = Self.parameterShapes(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional)
        precondition(parameters.names == expected.map(\.0), "parameter names out of order")
        for (p, (_, shape)) in zip(parameters.items, expected) {
            precondition(p.value.shape == shape, "\(p.name) has the wrong shape")
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.parameters = parameters
    }

    private func suffix(_ direction: Int) -> String { direction == 0 ? "" : "_reverse" }

    func cell(layer: Int, direction: Int) -> CellWeights {
        let s = "\(layer)\(suffix(direction))"
        return CellWeights(
            kind: kind, hidden: hiddenSize, wIH: parameters["weight_ih_l" + s]!, wHH: parameters["weight_hh_l" + s]!,
            bIH: parameters["bias_ih_l" + s]!.values, bHH: parameters["bias_hh_l" + s]!.values)
    }

    /// Everything the forward pass computed.
    public struct Trace: Sendable {
        /// Outputs of the last layer, T × (D·H): forward state, then backward state.
        public var outputs: [[Double]] = []
        /// Final states h_n (and c_n for the LSTM), one per layer and direction (index layer·D + direction).
        public var finalHidden: [[Double]] = []
        public var finalCell: [[Double]] = []
        /// Each layer's and direction's steps, in the order they ran.
        var steps: [[[CellStep]]] = []
        /// The dropout masks applied to each layer's outputs but the last (already scaled by 1/(1-p)).
        var masks: [[[Double]]] = []

        /// The gate activations at every step t = 1…T of one layer and direction, PyTorch's order (LSTM:
        /// i f g o; GRU: r z n; RNN: h), each step's G·H values.
        public func gates(layer: Int = 0, direction: Int = 0) -> [[Double]] {
            let steps = self.steps[layer][direction]
            return direction == 0 ? steps.map(\.gates) : steps.reversed().map(\.gates)
        }

        /// The LSTM's cell states c(t), t = 1…T, of one layer and direction.
        public func cellStates(layer: Int = 0, direction: Int = 0) -> [[Double]] {
            let steps = self.steps[layer][direction]
            return direction == 0 ? steps.map(\.c) : steps.reversed().map(\.c)
        }
    }

    /// Runs the network on `inputs` (T vectors of size I) from `h0` (and `c0`), one state per layer and
    /// direction (zeros when nil). With `dropout` (training only, as PyTorch's `dropout` argument), each output of
    /// every layer but the last is zeroed with probability p and the rest scaled by 1/(1-p) (inverted dropout),
    /// the masks drawn from MT19937 with the given seed.
    public func forward(
        _ inputs: [[Double]], h0: [[Double]]? = nil, c0: [[Double]]? = nil,
        dropout: (probability: Double, seed: UInt32)? = nil
    ) -> Trace {
        var generator = MT19937(seed: dropout?.seed ?? 0)
        let zeros = [Double](repeating: 0, count: hiddenSize)
        var trace = Trace()
        var layerInput = inputs
        let T = inputs.count
        for layer in 0..<layers {
            var layerSteps: [[CellStep]] = []
            var outputs = [[Double]](repeating: [], count: T)
            for direction in 0..<directions {
                let index = layer * directions + direction
                let weights = cell(layer: layer, direction: direction)
                var h = h0?[index] ?? zeros
                var c = c0?[index] ?? zeros
                var steps: [CellStep] = []
                for t in direction == 0 ? Array(0..<T) : Array((0..<T).reversed()) {
                    let s = weights.step(layerInput[t], h, c)
                    h = s.h
                    c = kind == .lstm ? s.c : c
                    outputs[t] += s.h
                    steps.append(s)
                }
                trace.finalHidden.append(h)
                if kind == .lstm { trace.finalCell.append(c) }
                layerSteps.append(steps)
            }
            trace.steps.append(layerSteps)
            if let dropout, dropout.probability > 0, layer < layers - 1 {
                let keep = 1 / (1 - dropout.probability)
                let mask = outputs.map { $0.map { _ in generator.nextDouble() < dropout.probability ? 0 : keep } }
                for t in 0..<T { for k in 0..<outputs[t].count { outputs[t][k] *= mask[t][k] } }
                trace.masks.append(mask)
            }
            layerInput = outputs
        }
        trace.outputs = layerInput
        return trace
    }

    /// What backpropagation through time returns.
    public struct Gradients: Sendable {
        public var parameters: ParameterSet
        /// ∂L/∂x(t) for every input vector.
        public var inputs: [[Double]]
        /// ∂L/∂h0 and ∂L/∂c0, one per layer and direction.
        public var initialHidden: [[Double]]
        public var initialCell: [[Double]]
        /// ∂L/∂h(t), the total derivative (through the output and through the next step), for every layer and
        /// direction (index layer·D + direction) and step t.
        public var hidden: [[[Double]]] = []
    }

    /// BPTT for a loss L whose gradient with respect to the outputs is `dOutputs` (T × D·H) and with respect
    /// to the final states `dFinalHidden` (and `dFinalCell`), each one per layer and direction (zeros when nil).
    public func backward(
        _ trace: Trace, dOutputs: [[Double]], dFinalHidden: [[Double]]? = nil, dFinalCell: [[Double]]? = nil
    ) -> Gradients {
        let H = hiddenSize
        let zeros = [Double](repeating: 0, count: H)
        var grads = parameters.zeros()
        var dAbove = dOutputs
        var dh0: [[Double]] = Array(repeating: zeros, count: layers * directions)
        var dc0: [[Double]] = kind == .lstm ? Array(repeating: zeros, count: layers * directions) : []
        var dHidden = [[[Double]]](repeating: [], count: layers * directions)
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let T = dAbove.count
            let inputSize = layer == 0 ? self.inputSize : H * directions
            var dBelow = [[Double]](repeating: [Double](repeating: 0, count: inputSize), count: T)
            for direction in 0..<directions {
                let index = layer * directions + direction
                let weights = cell(layer: layer, direction: direction)
                var g = CellWeights(
                    kind: kind, hidden: H, wIH: Matrix(zeros: weights.wIH.rows, weights.wIH.cols),
                    wHH: Matrix(zeros: weights.wHH.rows, weights.wHH.cols),
                    bIH: [Double](repeating: 0, count: weights.bIH.count),
                    bHH: [Double](repeating: 0, count: weights.bHH.count))
                var dh = dFinalHidden?[index] ?? zeros
                var dc = kind == .lstm ? (dFinalCell?[index] ?? zeros) : []
                let steps = trace.steps[layer][direction]
                // Steps ran forward in time for direction 0 and backward for direction 1; undo them in reverse.
                let times = direction == 0 ? Array(0..<T) : Array((0..<T).reversed())
                dHidden[index] = Array(repeating: [], count: T)
                for (k, t) in times.enumerated().reversed() {
                    let slice = Array(dAbove[t][(direction * H)..<((direction + 1) * H)])
                    for i in 0..<H { dh[i] += slice[i] }
                    dHidden[index][t] = dh
                    let (dx, dhPrevious, dcPrevious) = weights.backward(steps[k], dh: dh, dc: dc, into: &g)
                    for i in 0..<dx.count { dBelow[t][i] += dx[i] }
                    dh = dhPrevious
                    dc = dcPrevious
                }
                dh0[index] = dh
                if kind == .lstm { dc0[index] = dc }
                let s = "\(layer)\(suffix(direction))"
                grads["weight_ih_l" + s] = g.wIH
                grads["weight_hh_l" + s] = g.wHH
                grads["bias_ih_l" + s] = Matrix(column: g.bIH)
                grads["bias_hh_l" + s] = Matrix(column: g.bHH)
            }
            // Through the dropout between this layer and the one below: only the kept units pass gradient.
            if layer > 0, layer - 1 < trace.masks.count {
                let mask = trace.masks[layer - 1]
                for t in 0..<T { for k in 0..<dBelow[t].count { dBelow[t][k] *= mask[t][k] } }
            }
            dAbove = dBelow
        }
        return Gradients(parameters: grads, inputs: dAbove, initialHidden: dh0, initialCell: dc0, hidden: dHidden)
    }
}
