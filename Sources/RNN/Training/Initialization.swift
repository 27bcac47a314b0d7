import Foundation

/// How a model's parameters get their first values.
public enum Initialization: Equatable, Sendable {
    /// Weight matrices from N(0, scale²), biases zero, drawn in parameter order with numpy's generator
    /// (`np.random.seed(seed)`, then `np.random.randn(rows, cols) * scale` per weight), as min-char-rnn does.
    case normal(scale: Double, seed: UInt32)
    /// Every parameter, biases included, from U(-k, k) with k = 1/√H, PyTorch's `nn.RNN` rule, drawn with
    /// MT19937 (`np.random.seed(seed)`, then `np.random.uniform(-k, k, size)` per parameter).
    case uniform(seed: UInt32)

    /// Parameters of the given shapes, in the given order.
    public func parameters(shapes: [(String, [Int])], hiddenSize: Int) -> ParameterSet {
        switch self {
        case .normal(let scale, let seed):
            var generator = MT19937(seed: seed)
            return ParameterSet(
                shapes.map { name, shape in
                    let count = shape[0] * shape[1]
                    let isBias = (name.split(separator: ".").last ?? "").hasPrefix("b")
                    let values =
                        isBias ? Array(repeating: 0, count: count) : generator.normal(count: count).map { $0 * scale }
                    return Parameter(name: name, value: Matrix(rows: shape[0], cols: shape[1], values: values))
                })
        case .uniform(let seed):
            var generator = MT19937(seed: seed)
            let k = 1 / Double(hiddenSize).squareRoot()
            return ParameterSet(
                shapes.map { name, shape in
                    let values = generator.uniform(count: shape[0] * shape[1], low: -k, high: k)
                    return Parameter(name: name, value: Matrix(rows: shape[0], cols: shape[1], values: values))
                })
        }
    }
}
