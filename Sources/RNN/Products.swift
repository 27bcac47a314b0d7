import COpenBLAS

/// Matrix products for the training loops that own their memory (`CharRNNTrainer`): row-major pointers, with
/// large products sent to OpenBLAS and small ones run as register-blocked SIMD kernels written here.
///
/// Why hand-written kernels at all: min-char-rnn's products (H = 100, T = 25, one stream) are 10⁴–10⁵
/// multiply-adds each, thousands of them per second, and OpenBLAS spends longer packing such operands than
/// multiplying them. The kernels below keep a tile of C in vector registers for the whole sum, load each
/// element of A and B once per tile, and use fused multiply-adds (one rounding per term, as `fma` does; no
/// fast-math, no reassociation by the compiler). Each element of C is computed in one fixed order, so results
/// are the same on every run and for every blocking of the other elements.
enum Products {
    typealias Lanes = SIMD8<Double>

    /// Whether `gemm` sends an m×k by k×n product to OpenBLAS.
    static func usesBLAS(m: Int, n: Int, k: Int) -> Bool { m * n * k >= 1 << 20 }

    /// The multiple of 8 at or above `n`: the kernels work on whole vectors of 8 doubles, so the trainers
    /// pad rows to this length with zeros.
    static func padded(_ n: Int) -> Int { (n + 7) / 8 * 8 }

    /// `C = A·B + β C` (β is 0 or 1), row-major, with A m×k (stored k×m when `transA`) and B k×n (stored n×k
    /// when `transB`). Small products need n to be a multiple of 8, and also k when `transB`; `transA` and
    /// `transB` together are not supported.
    ///
    /// Order of summation in the small kernels: without `transB`, each C[i, j] adds its terms p = 0, 1, …, k-1
    /// one by one to its starting value; with `transB` (dot products of rows), lane l of eight partial sums adds
    /// the terms p ≡ l (mod 8) in order, the eight are added as ((s₀+s₄) + (s₁+s₅)) + ((s₂+s₆) + (s₃+s₇)), and
    /// the result is added to C's starting value.
    ///
    /// `descending` computes single rows of C from their last columns to their first (the values are the same):
    /// alternated between products that stream the same B, the part of B read last by one is still in L1 when
    /// the next starts with it.
    @inline(__always)
    static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
        descending: Bool = false
    ) {
        if usesBLAS(m: m, n: n, k: k) {
            cblas_dgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m),
                Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        } else if transB {
            precondition(!transA && n % 8 == 0 && k % 8 == 0, "small products of rows need whole vectors")
            dotProducts(
                m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: beta != 0, c: c, ldc: ldc,
                descending: descending)
        } else {
            precondition(n % 8 == 0, "small products need rows of whole vectors")
            let (rowStride, termStride) = transA ? (1, lda) : (lda, 1)
            rowCombinations(
                m: m, n: n, k: k, a: a, rowStride: rowStride, termStride: termStride, b: b, ldb: ldb,
                accumulate: beta != 0, c: c, ldc: ldc,
                descending: descending)
        }
    }

    /// Whether the batched passes' products of one step (B rows by W_hh) run in the kernels below even when
    /// large: on one thread they are faster there than in OpenBLAS, which packs W_hh again for every step
    /// (measured: LSTM H=256, L=2, B=32, 5.8 → 6.5 updates/s; GRU 7.3 → 8.4); on more threads OpenBLAS shares
    /// them out and is faster.
    static var stepKernels: Bool { openblas_get_num_threads() == 1 }

    /// `C = op(A)·op(B) + β C` for any sizes and either transpose (not both), as the batched network passes
    /// need: OpenBLAS for large products, the register-blocked kernels where their shapes allow, and otherwise a
    /// plain loop in the same order as the kernels without `transB` (each C[i, j] adds its terms p = 0, 1, …,
    /// k-1 to its starting value; with `transB`, B is first transposed into `scratch`, n·k values).
    /// `kernelsFirst` sends products the kernels can take to them whatever their size.
    static func general(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
        scratch: UnsafeMutablePointer<Double>, kernelsFirst: Bool = false
    ) {
        precondition(!(transA && transB), "one transpose at most")
        guard m > 0, n > 0 else { return }
        let fits = n % 8 == 0 && (!transB || k % 8 == 0)
        if kernelsFirst, fits, !transA {
            if transB {
                dotProducts(
                    m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: beta != 0, c: c, ldc: ldc,
                    descending: false)
            } else {
                rowCombinations(
                    m: m, n: n, k: k, a: a, rowStride: lda, termStride: 1, b: b, ldb: ldb, accumulate: beta != 0,
                    c: c, ldc: ldc, descending: false)
            }
            return
        }
        if usesBLAS(m: m, n: n, k: k) || fits {
            gemm(
                transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c,
                ldc: ldc)
            return
        }
        var (b, ldb) = (b, ldb)
        if transB {
            for j in 0..<n { for p in 0..<k { scratch[p * n + j] = b[j * ldb + p] } }
            (b, ldb) = (UnsafePointer(scratch), n)
        }
        let (rowStride, termStride) = transA ? (1, lda) : (lda, 1)
        for i in 0..<m {
            let out = c + i * ldc
            if beta == 0 { out.update(repeating: 0, count: n) }
            for p in 0..<k {
                let x = a[i * rowStride + p * termStride]
                let row = b + p * ldb
                for j in 0..<n { out[j] = out[j].addingProduct(x, row[j]) }
            }
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// C[i, :] (+)= Σ_p A(i, p) B[p, :] with A(i, p) at `a[i·rowStride + p·termStride]`: tiles of 4 rows × 16
    /// columns (8 accumulators) held in registers over the whole sum, then 4 × 8, then single rows by 32 and 8.
    @inline(__always)
    static func rowCombinations(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride rs: Int, termStride ts: Int,
        b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int,
        descending: Bool
    ) {
        @inline(__always) func start(_ p: UnsafeMutablePointer<Double>) -> Lanes { accumulate ? load(p) : Lanes() }
        let (rs2, rs3) = (2 * rs, 3 * rs)
        @inline(__always) func tile4x16(_ i: Int, _ j: Int) {
            let out = c + i * ldc + j
            let (out1, out2, out3) = (out + ldc, out + 2 * ldc, out + 3 * ldc)
            var (c00, c01, c10, c11) = (start(out), start(out + 8), start(out1), start(out1 + 8))
            var (c20, c21, c30, c31) = (start(out2), start(out2 + 8), start(out3), start(out3 + 8))
            var (ap, bp) = (a + i * rs, b + j)
            for _ in 0..<k {
                let (b0, b1) = (load(bp), load(bp + 8))
                let (x0, x1) = (Lanes(repeating: ap[0]), Lanes(repeating: ap[rs]))
                let (x2, x3) = (Lanes(repeating: ap[rs2]), Lanes(repeating: ap[rs3]))
                c00 = c00.addingProduct(x0, b0)
                c01 = c01.addingProduct(x0, b1)
                c10 = c10.addingProduct(x1, b0)
                c11 = c11.addingProduct(x1, b1)
                c20 = c20.addingProduct(x2, b0)
                c21 = c21.addingProduct(x2, b1)
                c30 = c30.addingProduct(x3, b0)
                c31 = c31.addingProduct(x3, b1)
                ap += ts
                bp += ldb
            }
            store(c00, out)
            store(c01, out + 8)
            store(c10, out1)
            store(c11, out1 + 8)
            store(c20, out2)
            store(c21, out2 + 8)
            store(c30, out3)
            store(c31, out3 + 8)
        }
        @inline(__always) func tile4x8(_ i: Int, _ j: Int) {
            let out = c + i * ldc + j
            let (out1, out2, out3) = (out + ldc, out + 2 * ldc, out + 3 * ldc)
            var (c0, c1, c2, c3) = (start(out), start(out1), start(out2), start(out3))
            var (ap, bp) = (a + i * rs, b + j)
            for _ in 0..<k {
                let b0 = load(bp)
                c0 = c0.addingProduct(Lanes(repeating: ap[0]), b0)
                c1 = c1.addingProduct(Lanes(repeating: ap[rs]), b0)
                c2 = c2.addingProduct(Lanes(repeating: ap[rs2]), b0)
                c3 = c3.addingProduct(Lanes(repeating: ap[rs3]), b0)
                ap += ts
                bp += ldb
            }
            store(c0, out)
            store(c1, out1)
            store(c2, out2)
            store(c3, out3)
        }
        // A strip of B's columns at a time, so that it stays in L1 while every block of rows of A passes over it.
        let blocks = m / 4 * 4
        var j = 0
        while j + 16 <= n {
            for i in stride(from: 0, to: blocks, by: 4) { tile4x16(i, j) }
            j += 16
        }
        if j < n {
            for i in stride(from: 0, to: blocks, by: 4) { tile4x8(i, j) }
        }
        var i = blocks
        while i < m {
            let (aRow, out) = (a + i * rs, c + i * ldc)
            @inline(__always) func strip32(_ j: Int) {
                var (c0, c1, c2, c3) = (start(out + j), start(out + j + 8), start(out + j + 16), start(out + j + 24))
                var (ap, bp) = (aRow, b + j)
                for _ in 0..<k {
                    let x = Lanes(repeating: ap[0])
                    c0 = c0.addingProduct(x, load(bp))
                    c1 = c1.addingProduct(x, load(bp + 8))
                    c2 = c2.addingProduct(x, load(bp + 16))
                    c3 = c3.addingProduct(x, load(bp + 24))
                    ap += ts
                    bp += ldb
                }
                store(c0, out + j)
                store(c1, out + j + 8)
                store(c2, out + j + 16)
                store(c3, out + j + 24)
            }
            @inline(__always) func strip8(_ j: Int) {
                var c0 = start(out + j)
                var (ap, bp) = (aRow, b + j)
                for _ in 0..<k {
                    c0 = c0.addingProduct(Lanes(repeating: ap[0]), load(bp))
                    ap += ts
                    bp += ldb
                }
                store(c0, out + j)
            }
            let wide = n / 32 * 32
            if descending {
                for j in stride(from: n - 8, through: wide, by: -8) { strip8(j) }
                for j in stride(from: wide - 32, through: 0, by: -32) { strip32(j) }
            } else {
                for j in stride(from: 0, to: wide, by: 32) { strip32(j) }
                for j in stride(from: wide, to: n, by: 8) { strip8(j) }
            }
            i += 1
        }
    }

    /// C[i, j] (+)= A[i, :] · B[j, :]: for two rows of A (then one) and eight rows of B at a time, sixteen
    /// (eight) vectors of partial sums over the whole length, then reduced eight outputs at a time.
    @inline(__always)
    static func dotProducts(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int, descending: Bool
    ) {
        let (ldb2, ldb3, ldb4, ldb5, ldb6, ldb7) = (2 * ldb, 3 * ldb, 4 * ldb, 5 * ldb, 6 * ldb, 7 * ldb)
        // Eight rows of B at a time, so that they stay in L1 while every row of A passes over them.
        @inline(__always) func pair(_ i: Int, _ j: Int) {
            let bj = b + j * ldb
            var (s0, s1, s2, s3, s4, s5, s6, s7) = (
                Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes()
            )
            var (t0, t1, t2, t3, t4, t5, t6, t7) = (s0, s1, s2, s3, s4, s5, s6, s7)
            var (x0, y0, w0) = (a + i * lda, a + (i + 1) * lda, bj)
            for _ in 0..<(k / 8) {
                let (x, y) = (load(x0), load(y0))
                var w = load(w0)
                s0 = s0.addingProduct(x, w)
                t0 = t0.addingProduct(y, w)
                w = load(w0 + ldb)
                s1 = s1.addingProduct(x, w)
                t1 = t1.addingProduct(y, w)
                w = load(w0 + ldb2)
                s2 = s2.addingProduct(x, w)
                t2 = t2.addingProduct(y, w)
                w = load(w0 + ldb3)
                s3 = s3.addingProduct(x, w)
                t3 = t3.addingProduct(y, w)
                w = load(w0 + ldb4)
                s4 = s4.addingProduct(x, w)
                t4 = t4.addingProduct(y, w)
                w = load(w0 + ldb5)
                s5 = s5.addingProduct(x, w)
                t5 = t5.addingProduct(y, w)
                w = load(w0 + ldb6)
                s6 = s6.addingProduct(x, w)
                t6 = t6.addingProduct(y, w)
                w = load(w0 + ldb7)
                s7 = s7.addingProduct(x, w)
                t7 = t7.addingProduct(y, w)
                x0 += 8
                y0 += 8
                w0 += 8
            }
            let out0 = c + i * ldc + j
            let out1 = out0 + ldc
            let u = sums(s0, s1, s2, s3, s4, s5, s6, s7)
            let v = sums(t0, t1, t2, t3, t4, t5, t6, t7)
            store(accumulate ? load(out0) + u : u, out0)
            store(accumulate ? load(out1) + v : v, out1)
        }
        @inline(__always) func single(_ i: Int, _ j: Int) {
            let bj = b + j * ldb
            var (s0, s1, s2, s3, s4, s5, s6, s7) = (
                Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes()
            )
            var (x0, w0) = (a + i * lda, bj)
            for _ in 0..<(k / 8) {
                let x = load(x0)
                s0 = s0.addingProduct(x, load(w0))
                s1 = s1.addingProduct(x, load(w0 + ldb))
                s2 = s2.addingProduct(x, load(w0 + ldb2))
                s3 = s3.addingProduct(x, load(w0 + ldb3))
                s4 = s4.addingProduct(x, load(w0 + ldb4))
                s5 = s5.addingProduct(x, load(w0 + ldb5))
                s6 = s6.addingProduct(x, load(w0 + ldb6))
                s7 = s7.addingProduct(x, load(w0 + ldb7))
                x0 += 8
                w0 += 8
            }
            let out = c + i * ldc + j
            let u = sums(s0, s1, s2, s3, s4, s5, s6, s7)
            store(accumulate ? load(out) + u : u, out)
        }
        let pairs = m / 2 * 2
        for j in descending ? stride(from: n - 8, through: 0, by: -8) : stride(from: 0, through: n - 8, by: 8) {
            for i in stride(from: 0, to: pairs, by: 2) { pair(i, j) }
            if pairs < m { single(pairs, j) }
        }
    }
    /// The sums of the lanes of eight vectors, as one vector (lane l = the sum of vector l): halves added
    /// (lane q + lane q+4), then even and odd lanes twice.
    @inline(__always)
    static func sums(
        _ v0: Lanes, _ v1: Lanes, _ v2: Lanes, _ v3: Lanes, _ v4: Lanes, _ v5: Lanes, _ v6: Lanes, _ v7: Lanes
    ) -> Lanes {
        @inline(__always) func halves(_ x: Lanes, _ y: Lanes) -> Lanes {
            Lanes(lowHalf: x.lowHalf + x.highHalf, highHalf: y.lowHalf + y.highHalf)
        }
        @inline(__always) func pairs(_ x: Lanes, _ y: Lanes) -> Lanes {
            Lanes(lowHalf: x.evenHalf + x.oddHalf, highHalf: y.evenHalf + y.oddHalf)
        }
        let quarters = pairs(halves(v0, v1), halves(v2, v3))
        let rest = pairs(halves(v4, v5), halves(v6, v7))
        return Lanes(lowHalf: quarters.evenHalf + quarters.oddHalf, highHalf: rest.evenHalf + rest.oddHalf)
    }
}
