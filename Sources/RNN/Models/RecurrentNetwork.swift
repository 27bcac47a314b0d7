/// A stack of recurrent layers, each one or two directions, as PyTorch's `nn.RNN`, `nn.LSTM` and `nn.GRU`
/// (`batch_first=False`, one sequence): layer 1 reads the inputs, layer k the outputs of layer k-1; a
/// bidirectional layer runs a second cell from t = T down to 1 and concatenates the two states at every step.
///
/// Parameters carry PyTorch's names, so weights load from and save to a PyTorch `state_dict`:
/// `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, with `_reverse` for the backward direction.
/// Shapes: I input size, H hidden size, L layers, T steps; O = directions·H, the width of a layer's output (H, or 2H when bidirectional: both directions side by side).
public struct RecurrentNetwork: Equatable, Sendable {
    public let kind: CellKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let layers: Int
    public let bidirectional: Bool
    /// Whether each cell has `bias_hh` besides `bias_ih` (PyTorch's cells do; the notes' model has one bias).
    public let hiddenBias: Bool
    public var parameters: ParameterSet

    public var directions: Int { bidirectional ? 2 : 1 }
    var parametersPerCell: Int { hiddenBias ? 4 : 3 }

    /// The parameter names and shapes, in PyTorch's order.
    public static func parameterShapes(
        kind: CellKind, inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool, hiddenBias: Bool = true
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
                ]
                if hiddenBias { shapes.append(("bias_hh_l\(layer)\(suffix)", [G * hiddenSize, 1])) }
            }
        }
        return shapes
    }

    public init(
        kind: CellKind, inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false,
        hiddenBias: Bool = true, parameters: ParameterSet
    ) {
        let expected = Self.parameterShapes(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional,
            hiddenBias: hiddenBias)
        precondition(parameters.names == expected.map(\.0), "parameter names out of order")
        for (p, (_, shape)) in zip(parameters.items, expected) {
            precondition(p.value.shape == shape, "\(p.name) has the wrong shape")
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.hiddenBias = hiddenBias
        self.parameters = parameters
    }

    /// The cells over this network's own parameters, for the length of `body`.
    func withCells<R>(_ body: ([Cell]) -> R) -> R {
        parameters.withValuePointers { body(cells($0[...])) }
    }

    /// Everything the forward pass computed: the activations, and copies of what lessons display.
    public struct Trace: Sendable {
        let activations: Activations
        /// Outputs of the last layer, T × O: forward state, then backward state.
        public let outputs: [[Double]]
        /// Final states h_n (and c_n for the LSTM), one per layer and direction (index layer·directions + direction).
        public let finalHidden: [[Double]]
        public let finalCell: [[Double]]

        init(_ a: Activations, isLSTM: Bool) {
            activations = a
            outputs = copyRows(a.outputs(a.layers - 1), count: a.steps, width: a.width)
            let cells = 0..<(a.layers * a.directions)
            func final(_ j: Int, _ p: UnsafeMutablePointer<Double>) -> [Double] {
                Array(
                    UnsafeBufferPointer(start: p + a.finalSlot(direction: j % a.directions) * a.hidden, count: a.hidden)
                )
            }
            finalHidden = cells.map { final($0, a.states($0)) }
            finalCell = isLSTM ? cells.map { final($0, a.cellStates($0)) } : []
        }

        /// The gate activations at every step t = 1…T of one layer and direction, PyTorch's order (LSTM:
        /// i f g o; GRU: r z n; RNN: h), each step's G·H values.
        public func gates(layer: Int = 0, direction: Int = 0) -> [[Double]] {
            let a = activations
            return copyRows(a.gateValues(layer * a.directions + direction), count: a.steps, width: a.gates * a.hidden)
        }

        /// The hidden states h(t), t = 1…T, of one layer and direction.
        public func hiddenStates(layer: Int = 0, direction: Int = 0) -> [[Double]] {
            stepRows(activations.states(layer * activations.directions + direction), direction: direction)
        }

        /// The LSTM's cell states c(t), t = 1…T, of one layer and direction.
        public func cellStates(layer: Int = 0, direction: Int = 0) -> [[Double]] {
            stepRows(activations.cellStates(layer * activations.directions + direction), direction: direction)
        }

        /// The state each step t = 1…T wrote, from a cell's T+1 time-ordered slots.
        private func stepRows(_ slots: UnsafeMutablePointer<Double>, direction: Int) -> [[Double]] {
            let a = activations
            return (0..<a.steps).map {
                Array(
                    UnsafeBufferPointer(
                        start: slots + a.slots($0, direction: direction).next * a.hidden, count: a.hidden))
            }
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
        let a = Activations(self, steps: inputs.count, masks: (dropout?.probability ?? 0) > 0)
        for (t, x) in inputs.enumerated() {
            precondition(x.count == inputSize, "input \(t) has \(x.count) values, not \(inputSize)")
            (a.input + t * inputSize).update(from: x, count: inputSize)
        }
        let cells = layers * directions
        for states in [h0, c0].compactMap({ $0 }) {
            precondition(
                states.count == cells && states.allSatisfy { $0.count == hiddenSize }, "one state of H per cell")
        }
        for j in 0..<cells {
            let slot = a.initialSlot(direction: j % directions) * hiddenSize
            if let h0 { (a.states(j) + slot).update(from: h0[j], count: hiddenSize) }
            if let c0 { (a.cellStates(j) + slot).update(from: c0[j], count: hiddenSize) }
        }
        withCells { runForward($0, dropout: dropout.map { ($0.probability, [$0.seed]) }, a) }
        return Trace(a, isLSTM: kind == .lstm)
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
        /// direction (index layer·directions + direction) and step t.
        public var hidden: [[[Double]]] = []

        /// Copies of what `runBackward` wrote.
        init(parameters: ParameterSet, _ r: InputGradients, isLSTM: Bool) {
            self.parameters = parameters
            let (T, H) = (r.steps, r.hiddenSize)
            inputs = r.keepsInputs ? copyRows(r.inputs, count: T, width: r.inputSize) : []
            initialHidden = copyRows(r.initialHidden, count: r.cells, width: H)
            initialCell = isLSTM ? copyRows(r.initialCell, count: r.cells, width: H) : []
            if let hidden = r.hidden {
                self.hidden = (0..<r.cells).map { copyRows(hidden + $0 * T * H, count: T, width: H) }
            }
        }
    }

    /// BPTT for a loss L whose gradient with respect to the outputs is `dOutputs` (T × O) and with respect
    /// to the final states `dFinalHidden` (and `dFinalCell`), each one per layer and direction (zeros when nil).
    public func backward(
        _ trace: Trace, dOutputs: [[Double]], dFinalHidden: [[Double]]? = nil, dFinalCell: [[Double]]? = nil
    ) -> Gradients {
        let a = trace.activations
        precondition(a.fits(self), "the trace comes from a network of other sizes")
        precondition(dOutputs.count == a.steps && dOutputs.allSatisfy { $0.count == a.width }, "∂L/∂outputs is T × O")
        for states in [dFinalHidden, dFinalCell].compactMap({ $0 }) {
            precondition(
                states.count == layers * directions && states.allSatisfy { $0.count == hiddenSize },
                "one gradient of H per cell")
        }
        let grads = GradientBuffer(like: parameters)
        let r = InputGradients(self, steps: a.steps, keepsHidden: true)
        let flat = dOutputs.flatMap { $0 }
        let finalHidden = dFinalHidden?.flatMap { $0 }
        let finalCell = dFinalCell?.flatMap { $0 }
        withCells { cells in
            flat.withUnsafeBufferPointer { d in
                (finalHidden ?? []).withUnsafeBufferPointer { fh in
                    (finalCell ?? []).withUnsafeBufferPointer { fc in
                        runBackward(
                            cells, a, dOutputs: nonEmptyAddress(d),
                            dFinalHidden: finalHidden == nil ? nil : nonEmptyAddress(fh),
                            dFinalCell: finalCell == nil ? nil : nonEmptyAddress(fc),
                            gradients: gradientPointers(grads.pointers),
                            into: r)
                    }
                }
            }
        }
        return Gradients(parameters: grads.parameterSet, r, isLSTM: kind == .lstm)
    }
}
