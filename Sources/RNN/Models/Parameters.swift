import Foundation

/// One named parameter tensor of a model (a matrix; a bias is an `n × 1` matrix).
public struct Parameter: Equatable, Sendable {
    public let name: String
    public var value: Matrix

    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
    }
}

/// An ordered set of named tensors: a model's parameters, or their gradients (same names, same shapes).
public struct ParameterSet: Equatable, Sendable {
    public var items: [Parameter]

    public init(_ items: [Parameter]) { self.items = items }

    public var names: [String] { items.map(\.name) }

    public subscript(name: String) -> Matrix? {
        get { items.first(where: { $0.name == name })?.value }
        set {
            guard let i = items.firstIndex(where: { $0.name == name }), let newValue else { return }
            items[i].value = newValue
        }
    }

    /// A set of the same names and shapes filled with zeros.
    public func zeros() -> ParameterSet {
        ParameterSet(items.map { Parameter(name: $0.name, value: Matrix(zeros: $0.value.rows, $0.value.cols)) })
    }

    /// The total number of scalars.
    public var scalarCount: Int { items.reduce(0) { $0 + $1.value.count } }
}

extension ParameterSet {
    /// The position of the parameter called `name`.
    func index(of name: String) -> Int? { items.firstIndex { $0.name == name } }

    /// Pointers to every parameter's values, in order, valid for the length of `body`.
    func withValuePointers<R>(_ body: ([UnsafePointer<Double>]) -> R) -> R {
        var pointers: [UnsafePointer<Double>] = []
        pointers.reserveCapacity(items.count)
        func nest(_ i: Int) -> R {
            guard i < items.count else { return body(pointers) }
            return items[i].value.values.withUnsafeBufferPointer { values in
                pointers.append(nonEmptyAddress(values))
                return nest(i + 1)
            }
        }
        return nest(0)
    }
}
