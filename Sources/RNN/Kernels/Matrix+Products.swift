/// Matrix products for callers of the engine (a lesson's Swift cells), computed by the engine's kernels: each
/// entry is one dot product summed left to right.
extension Matrix {
    /// `A x`: the product of this m × n matrix and a vector of n.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(x.count == a.cols, "a \(a.rows) × \(a.cols) matrix times a vector of \(x.count)")
        var out = [Double](repeating: 0, count: a.rows)
        Kernels.addMatVec(a, x, into: &out)
        return out
    }

    /// `A B`: the product of this m × n matrix and an n × p one.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.cols == b.rows, "a \(a.rows) × \(a.cols) matrix times a \(b.rows) × \(b.cols) one")
        let bt = b.transposed
        var values = [Double](repeating: 0, count: a.rows * b.cols)
        for j in 0..<b.cols {
            let column = a * bt.row(j)
            for i in 0..<a.rows { values[i * b.cols + j] = column[i] }
        }
        return Matrix(rows: a.rows, cols: b.cols, values: values)
    }

    /// `Aᵀ`.
    public var transposed: Matrix {
        var values = [Double](repeating: 0, count: count)
        for i in 0..<rows { for j in 0..<cols { values[j * rows + i] = self[i, j] } }
        return Matrix(rows: cols, cols: rows, values: values)
    }
}
