/// A dense row-major matrix of `Double`. Vectors are `rows × 1` matrices.
///
/// Shape letters used across the engine, as in the lecture notes:
/// `V` vocabulary size, `D` embedding size, `H` hidden size, `T` sequence length.
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

/// Dense kernels written as plain loops (llm.c style); every one accumulates into `out`. Each has a pointer form,
/// which training loops call on buffers they allocated once, and an array form that calls it.
enum Kernels {
    /// `out += A x`, with `A` row-major `m × n` (each row's dot product summed left to right, then added).
    static func addMatVec(
        _ a: UnsafePointer<Double>, rows m: Int, cols n: Int, _ x: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<m {
            var sum = 0.0
            let row = a + i * n
            for j in 0..<n { sum += row[j] * x[j] }
            out[i] += sum
        }
    }

    /// `out += Aᵀ y`, with `A` row-major `m × n` and `y` of length `m` (rows with y_i = 0 skipped).
    static func addMatTVec(
        _ a: UnsafePointer<Double>, rows m: Int, cols n: Int, _ y: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<m {
            let yi = y[i]
            if yi == 0 { continue }
            let row = a + i * n
            for j in 0..<n { out[j] += row[j] * yi }
        }
    }

    /// `G += u vᵀ` into row-major `G` (rows `rowStride` apart; `len(u) × len(v)` used) (rows with u_i = 0
    /// skipped).
    static func addOuter(
        _ u: UnsafePointer<Double>, count m: Int, _ v: UnsafePointer<Double>, count n: Int,
        into g: UnsafeMutablePointer<Double>, rowStride: Int
    ) {
        for i in 0..<m {
            let ui = u[i]
            if ui == 0 { continue }
            let row = g + i * rowStride
            for j in 0..<n { row[j] += ui * v[j] }
        }
    }

    /// An address for a buffer that may be empty (and then never read).
    nonisolated(unsafe) private static let nothing = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    static func address(_ b: UnsafeBufferPointer<Double>) -> UnsafePointer<Double> {
        b.baseAddress ?? UnsafePointer(nothing)
    }
    private static func address(_ b: UnsafeMutableBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        b.baseAddress ?? nothing
    }

    static func addMatVec(_ a: Matrix, _ x: [Double], into out: inout [Double]) {
        a.values.withUnsafeBufferPointer { av in
            x.withUnsafeBufferPointer { xv in
                out.withUnsafeMutableBufferPointer { ov in
                    addMatVec(address(av), rows: a.rows, cols: a.cols, address(xv), into: address(ov))
                }
            }
        }
    }

    static func addMatTVec(_ a: Matrix, _ y: [Double], into out: inout [Double]) {
        a.values.withUnsafeBufferPointer { av in
            y.withUnsafeBufferPointer { yv in
                out.withUnsafeMutableBufferPointer { ov in
                    addMatTVec(address(av), rows: a.rows, cols: a.cols, address(yv), into: address(ov))
                }
            }
        }
    }

    static func addOuter(_ u: [Double], _ v: [Double], into g: inout Matrix) {
        let cols = g.cols
        g.values.withUnsafeMutableBufferPointer { gv in
            u.withUnsafeBufferPointer { uv in
                v.withUnsafeBufferPointer { vv in
                    addOuter(
                        address(uv), count: uv.count, address(vv), count: vv.count, into: address(gv),
                        rowStride: cols)
                }
            }
        }
    }
}
