/// A dense row-major matrix of `Double`. Vectors are `rows × 1` matrices.
///
/// Shape letters used across the engine, as in the lecture notes: `V` vocabulary size, `D` embedding size, `H`
/// hidden size, `T` sequence length (and for the networks `O` = directions·H, the width of a layer's output).
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public var values: [Double]

    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "Matrix values do not match its shape")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    public init(zeros rows: Int, _ cols: Int) {
        self.init(rows: rows, cols: cols, values: Array(repeating: 0, count: rows * cols))
    }

    public init(column: [Double]) {
        self.init(rows: column.count, cols: 1, values: column)
    }

    public var count: Int { values.count }
    public var shape: [Int] { [rows, cols] }

    public subscript(row: Int, col: Int) -> Double {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    public func row(_ index: Int) -> [Double] {
        Array(values[(index * cols)..<((index + 1) * cols)])
    }

    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { values[$0 * cols + index] }
    }
}
