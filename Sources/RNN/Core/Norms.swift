/// Norms of vectors and matrices on pointers: the Euclidean norm (a gradient's size) and the largest singular
/// value (how much one step of a recurrent matrix can stretch it), each written once for the native engine and
/// the live figures' module.
public enum Norms {
    /// ‖v‖₂: the squares summed in order, one rounding each (a product, then a sum), then the square root.
    public static func euclidean(_ v: UnsafePointer<Double>, count: Int) -> Double {
        var sum = 0.0
        for k in 0..<count { sum = sum + v[k] * v[k] }
        return sum.squareRoot()
    }

    /// The doubles `largestSingularValue` needs for a rows × columns matrix: Aᵀ, v, Av and AᵀAv.
    public static func singularValueWorkspace(rows: Int, columns: Int) -> Int { rows * columns + 2 * columns + rows }

    /// The largest singular value of the rows × columns matrix at `a` (rows `ld` apart), by power iteration on
    /// AᵀA from a fixed start vector until the estimate changes by less than 1e-13 relative (at most 10,000
    /// iterations, fewer when `stop` says so). Both products run as rows times a matrix (vᵀAᵀ, then (Av)ᵀA).
    public static func largestSingularValue(
        rows: Int, columns: Int, _ a: UnsafePointer<Double>, ld: Int, workspace: UnsafeMutablePointer<Double>,
        stop: () -> Bool = { false }
    ) -> Double {
        guard rows > 0, columns > 0 else { return 0 }
        let (at, v, av, atav) = (
            workspace, workspace + rows * columns, workspace + rows * columns + columns,
            workspace + rows * columns + columns + rows
        )
        Products.transpose(rows: rows, columns: columns, a, ld: ld, into: at, ldOut: rows)
        for j in 0..<columns { v[j] = 1 / Double(columns).squareRoot() + 1e-3 * Double(j % 7) }
        var estimate = 0.0
        for _ in 0..<10_000 where !stop() {
            Products.multiply(
                m: 1, n: rows, k: columns, a: v, rowStride: columns, termStride: 1, b: at, ldb: rows,
                accumulate: false, c: av, ldc: rows, workspace: nil)
            Products.multiply(
                m: 1, n: columns, k: rows, a: av, rowStride: rows, termStride: 1, b: a, ldb: ld, accumulate: false,
                c: atav, ldc: columns, workspace: nil)
            let norm = euclidean(atav, count: columns)
            guard norm > 0 else { return 0 }
            for j in 0..<columns { v[j] = atav[j] / norm }
            let next = norm.squareRoot()
            if abs(next - estimate) <= 1e-13 * next { return next }
            estimate = next
        }
        return estimate
    }
}
