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

/// Dense kernels written as plain loops (llm.c style); every one accumulates into `out`.
enum Kernels {
    /// `out += A x`, with `A` of shape `m × n` (each row's dot product summed left to right).
    static func addMatVec(_ a: Matrix, _ x: [Double], into out: inout [Double]) {
        let n = a.cols
        a.values.withUnsafeBufferPointer { av in
            x.withUnsafeBufferPointer { xv in
                out.withUnsafeMutableBufferPointer { ov in
                    for i in 0..<a.rows {
                        var sum = 0.0
                        let row = av.baseAddress! + i * n
                        for j in 0..<n { sum += row[j] * xv[j] }
                        ov[i] += sum
                    }
                }
            }
        }
    }

    /// `out += Aᵀ y`, with `A` of shape `m × n` and `y` of length `m`.
    static func addMatTVec(_ a: Matrix, _ y: [Double], into out: inout [Double]) {
        let n = a.cols
        a.values.withUnsafeBufferPointer { av in
            y.withUnsafeBufferPointer { yv in
                out.withUnsafeMutableBufferPointer { ov in
                    for i in 0..<a.rows {
                        let yi = yv[i]
                        if yi == 0 { continue }
                        let row = av.baseAddress! + i * n
                        for j in 0..<n { ov[j] += row[j] * yi }
                    }
                }
            }
        }
    }

    /// `G += u vᵀ` (outer product accumulated into `G` of shape `len(u) × len(v)`).
    static func addOuter(_ u: [Double], _ v: [Double], into g: inout Matrix) {
        let cols = g.cols
        g.values.withUnsafeMutableBufferPointer { gv in
            u.withUnsafeBufferPointer { uv in
                v.withUnsafeBufferPointer { vv in
                    for i in 0..<uv.count {
                        let ui = uv[i]
                        if ui == 0 { continue }
                        let row = gv.baseAddress! + i * cols
                        for j in 0..<vv.count { row[j] += ui * vv[j] }
                    }
                }
            }
        }
    }
}
