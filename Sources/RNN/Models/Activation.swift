/// The names lessons and archives give the activations (the core's enum carries no strings, so that it compiles
/// for WebAssembly without Unicode tables).
extension Activation: RawRepresentable, CaseIterable {
    public static var allCases: [Activation] { [.tanh, .sigmoid, .relu] }

    public init?(rawValue: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    public var rawValue: String {
        switch self {
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .relu: return "relu"
        }
    }
}
