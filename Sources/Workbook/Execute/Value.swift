/// A value a directive computed, as lessons see it in `check`, inline values and (later) plots.
public enum Value: Sendable {
    case number(Double)
    case tensor(Tensor)
    case text(String)
    case texts([String])
    case record(Record)

    public var typeName: String {
        switch self {
        case .number: return "a number"
        case .tensor(let t) where t.shape.count == 1: return "a vector of \(t.shape[0])"
        case .tensor(let t) where t.shape.count == 2: return "a \(t.shape[0])×\(t.shape[1]) matrix"
        case .tensor(let t): return "a \(t.shape.map(String.init).joined(separator: "×")) array"
        case .text: return "text"
        case .texts: return "a list of tokens"
        case .record: return "a record"
        }
    }

    /// The shape of a tensor; empty for anything else.
    var shape: [Int] {
        if case .tensor(let t) = self { return t.shape }
        return []
    }

    /// Whether the value is one number.
    var isScalar: Bool {
        if case .number = self { return true }
        return false
    }
}

/// An n-dimensional array of `Double` in row-major order; an axis may carry labels (e.g. the vocabulary), so
/// that `yhat[4, "o"]` reads ŷ(4) at token `o`.
public struct Tensor: Sendable, Equatable {
    /// Row-major `values` of `columns` per row, as rows.
    static func rows(_ values: [Double], columns: Int) -> [[Double]] {
        guard columns > 0 else { return [] }
        return (0..<(values.count / columns)).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    /// A matrix's rows.
    var rows: [[Double]] { Self.rows(data, columns: shape.count == 2 ? shape[1] : 1) }

    public var shape: [Int]
    public var data: [Double]
    public var labels: [[String]?]

    public init(shape: [Int], data: [Double], labels: [[String]?]? = nil) {
        precondition(shape.reduce(1, *) == data.count, "tensor data does not match its shape")
        self.shape = shape
        self.data = data
        self.labels = labels ?? Array(repeating: nil, count: shape.count)
    }

    public init(vector: [Double], labels: [String]? = nil) {
        self.init(shape: [vector.count], data: vector, labels: [labels])
    }

    public init(rows: [[Double]], columnLabels: [String]? = nil) {
        self.init(shape: [rows.count, rows.first?.count ?? 0], data: rows.flatMap { $0 }, labels: [nil, columnLabels])
    }

    public init(stack matrices: [[Double]], rows: Int, cols: Int) {
        self.init(shape: [matrices.count, rows, cols], data: matrices.flatMap { $0 })
    }
}

/// Named fields in a fixed order (the order tables and docs list them in).
public struct Record: Sendable {
    public var fields: [(name: String, value: Value)]

    public init(_ fields: [(String, Value)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    public subscript(name: String) -> Value? { fields.first(where: { $0.name == name })?.value }
}
