/// The largest singular value of a matrix, by power iteration on `AᵀA` from a fixed start vector until the
/// estimate changes by less than 1e-13 relative (at most 10,000 iterations). It bounds how much one step of
/// `W_h` can stretch a gradient: products of Jacobians `diag(σ') W_h` shrink when σ_max(W_h)·max σ' < 1.
public func largestSingularValue(_ a: Matrix) -> Double {
    guard a.rows > 0, a.cols > 0 else { return 0 }
    var v = (0..<a.cols).map { 1 / Double(a.cols).squareRoot() + 1e-3 * Double($0 % 7) }
    var estimate = 0.0
    // Both products as rows times a matrix (vᵀAᵀ, then (Av)ᵀA), which the kernels run along whole vectors.
    let at = a.transposed
    for _ in 0..<10_000 where !Deadline.passed {
        let av = Matrix(rows: 1, cols: a.cols, values: v) * at
        let atav = av * a
        let norm = atav.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return 0 }
        v = atav.values.map { $0 / norm }
        let next = norm.squareRoot()
        if abs(next - estimate) <= 1e-13 * next { return next }
        estimate = next
    }
    return estimate
}
