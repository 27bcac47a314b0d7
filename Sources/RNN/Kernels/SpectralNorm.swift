/// The largest singular value of a matrix (`Norms.largestSingularValue`, the core's, which the live figures'
/// module runs too), stopping early when the directive's time is up. It bounds how much one step of `W_h` can
/// stretch a gradient: products of Jacobians `diag(σ') W_h` shrink when σ_max(W_h)·max σ' < 1.
public func largestSingularValue(_ a: Matrix) -> Double {
    guard a.rows > 0, a.cols > 0 else { return 0 }
    let work = FlatBuffer(parts: [Norms.singularValueWorkspace(rows: a.rows, columns: a.cols)], zeroed: false)
    return withExtendedLifetime(work) {
        a.values.withUnsafeBufferPointer { values in
            Norms.largestSingularValue(
                rows: a.rows, columns: a.cols, values.baseAddress!, ld: a.cols, workspace: work[0],
                stop: { Deadline.passed })
        }
    }
}
