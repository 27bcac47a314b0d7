/// Matrix products for callers of the engine (a lesson's Swift cells), computed by the engine's one family of
/// products (`Products`): each entry sums its terms in order, one fused multiply-add each.
extension Matrix {
    /// `A x`: the product of this m × n matrix and a vector of n.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(x.count == a.cols, "a \(a.rows) × \(a.cols) matrix times a vector of \(x.count)")
        // As the row xᵀAᵀ, which the kernels run along whole vectors.
        return (Matrix(rows: 1, cols: x.count, values: x) * a.transposed).values
    }

    /// `A B`: the product of this m × n matrix and an n × p one.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.cols == b.rows, "a \(a.rows) × \(a.cols) matrix times a \(b.rows) × \(b.cols) one")
        var values = [Double](repeating: 0, count: a.rows * b.cols)
        a.values.withUnsafeBufferPointer { av in
            b.values.withUnsafeBufferPointer { bv in
                values.withUnsafeMutableBufferPointer { cv in
                    Products.general(
                        m: a.rows, n: b.cols, k: a.cols, a: nonEmptyAddress(av), lda: a.cols, b: nonEmptyAddress(bv),
                        ldb: b.cols, beta: 0, c: cv.baseAddress ?? UnsafeMutablePointer(mutating: nonEmptyAddress(av)),
                        ldc: b.cols, scratch: nil)
                }
            }
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
