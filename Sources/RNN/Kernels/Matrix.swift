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
    ///
    /// Eight rows at a time: each row's sum is still one chain of additions in order, but eight independent
    /// chains keep the adder busy where one would wait on each addition's latency.
    static func addMatVec(
        _ a: UnsafePointer<Double>, rows m: Int, cols n: Int, _ x: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        var i = 0
        while i + 8 <= m {
            let (r0, r1, r2, r3) = (a + i * n, a + (i + 1) * n, a + (i + 2) * n, a + (i + 3) * n)
            let (r4, r5, r6, r7) = (r0 + 4 * n, r1 + 4 * n, r2 + 4 * n, r3 + 4 * n)
            var (s0, s1, s2, s3, s4, s5, s6, s7) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            for j in 0..<n {
                let xj = x[j]
                s0 += r0[j] * xj
                s1 += r1[j] * xj
                s2 += r2[j] * xj
                s3 += r3[j] * xj
                s4 += r4[j] * xj
                s5 += r5[j] * xj
                s6 += r6[j] * xj
                s7 += r7[j] * xj
            }
            (out[i], out[i + 1], out[i + 2], out[i + 3]) = (
                out[i] + s0, out[i + 1] + s1, out[i + 2] + s2, out[i + 3] + s3
            )
            (out[i + 4], out[i + 5], out[i + 6], out[i + 7]) = (
                out[i + 4] + s4, out[i + 5] + s5, out[i + 6] + s6, out[i + 7] + s7
            )
            i += 8
        }
        for i in i..<m {
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
