import COpenBLAS
import Dispatch
import Foundation
import Synchronization

/// Matrix products for the loops that own their memory: row-major pointers, register-blocked SIMD kernels written
/// here. `gemm` (min-char-rnn's `CharRNNTrainer`) sends large products to OpenBLAS; `general` (the networks'
/// batched passes and generation) runs every product in the kernels, so that its results do not depend on the
/// machine.
///
/// Why hand-written kernels at all: min-char-rnn's products (H = 100, T = 25, one stream) are 10⁴–10⁵
/// multiply-adds each, thousands of them per second, and OpenBLAS spends longer packing such operands than
/// multiplying them. The kernels below keep a tile of C in vector registers for the whole sum, load each
/// element of A and B once per tile, and use fused multiply-adds (one rounding per term, as `fma` does; no
/// fast-math, no reassociation by the compiler). Each element of C is computed in one fixed order, so results
/// are the same on every run and for every blocking of the other elements.
public enum Products {
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

    /// The number of threads the batched passes' products are shared out over: what a command asked for
    /// (`CharRNNTrainer.setThreads`, as `bench --threads` does), else the processors shared among the lessons
    /// running at that moment (`sharingProcessors`): a build runs its lessons in parallel, one thread each while
    /// there are more lessons than processors (measured: the shipped course on 2 cores, 47 s so, 56 s with two
    /// threads each), and a lesson running alone (a preview's rebuild, the last long lesson of a build) gets them
    /// all. The results do not depend on it, so it may change while a pass runs. (Only products of 2²²
    /// multiply-adds or more are shared: below that, handing the halves of a product to two threads cost more
    /// than it saved; lesson 18 alone, H=96 B=16: 10.8 s with 2¹⁸, 8.4 s with 2²², 8.8 s on one thread.)
    static var threads: Int {
        let asked = askedThreads.load(ordering: .relaxed)
        if asked > 0 { return asked }
        return max(1, processors / max(1, runningLessons.load(ordering: .relaxed)))
    }
    private static let askedThreads = Atomic<Int>(0)
    private static let runningLessons = Atomic<Int>(0)
    private static let processors = ProcessInfo.processInfo.activeProcessorCount

    /// Sets the number of threads (`CharRNNTrainer.setThreads`); 0 goes back to sharing the processors.
    static func setThreads(_ n: Int) { askedThreads.store(max(0, n), ordering: .relaxed) }

    /// Runs `body` (one lesson's execution) counted among the lessons sharing the processors.
    public static func sharingProcessors<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        runningLessons.add(1, ordering: .relaxed)
        defer { runningLessons.subtract(1, ordering: .relaxed) }
        return try body()
    }

    /// `C = op(A)·op(B) + β C` (β is 0 or 1) for any sizes and either transpose (not both), as the batched network
    /// passes need, always in the register-blocked kernels below and never in OpenBLAS: every C[i, j] adds its
    /// terms p = 0, 1, …, k-1 one by one, each as a fused multiply-add, to its starting value (0, or C[i, j]). The
    /// result is therefore that of the plain loop, whatever the blocking, the number of threads or the machine's
    /// BLAS, so a lesson's numbers are the same on every machine. With `transB`, B is first transposed into
    /// `scratch` (n·k values); a B used for many products (a weight matrix over the steps) is better transposed
    /// once by the caller. Products of 2²² multiply-adds or more are shared out over `threads` threads by blocks
    /// of C's columns (or rows, when C is narrow), each computed as it would be on one thread.
    static func general(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
        scratch: UnsafeMutablePointer<Double>?, threads: Int = Products.threads
    ) {
        precondition(!(transA && transB), "one transpose at most")
        guard m > 0, n > 0 else { return }
        var (b, ldb) = (b, ldb)
        if transB {
            guard let scratch else { preconditionFailure("a transposed B needs scratch space") }
            transpose(rows: n, columns: k, b, ld: ldb, into: scratch)
            (b, ldb) = (UnsafePointer(scratch), n)
        }
        let (rs, ts) = transA ? (1, lda) : (lda, 1)
        let accumulate = beta != 0
        let parts = m * n * k >= 1 << 22 ? min(threads, max(n / 16, m / 8)) : 1
        guard parts > 1 else {
            rowCombinations(
                m: m, n: n, k: k, a: a, rowStride: rs, termStride: ts, b: b, ldb: ldb, accumulate: accumulate, c: c,
                ldc: ldc, descending: false)
            return
        }
        // Blocks of whole tiles (16 columns, or 8 rows), as even as they go.
        let byColumns = n / 16 >= parts
        let (units, unit) = byColumns ? ((n + 15) / 16, 16) : ((m + 7) / 8, 8)
        let (aAddress, bAddress, cAddress) = (Int(bitPattern: a), Int(bitPattern: b), Int(bitPattern: c))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let first = units * part / parts * unit
            let last = min(units * (part + 1) / parts * unit, byColumns ? n : m)
            guard first < last else { return }
            let a = UnsafePointer<Double>(bitPattern: aAddress)!
            let b = UnsafePointer<Double>(bitPattern: bAddress)!
            let c = UnsafeMutablePointer<Double>(bitPattern: cAddress)!
            if byColumns {
                rowCombinations(
                    m: m, n: last - first, k: k, a: a, rowStride: rs, termStride: ts, b: b + first, ldb: ldb,
                    accumulate: accumulate, c: c + first, ldc: ldc, descending: false)
            } else {
                rowCombinations(
                    m: last - first, n: n, k: k, a: a + first * rs, rowStride: rs, termStride: ts, b: b, ldb: ldb,
                    accumulate: accumulate, c: c + first * ldc, ldc: ldc, descending: false)
            }
        }
    }

    /// `out` (columns × rows, rows `ldOut` apart) = the transpose of the rows × columns matrix at `m` (rows `ld`
    /// apart).
    static func transpose(
        rows: Int, columns: Int, _ m: UnsafePointer<Double>, ld: Int, into out: UnsafeMutablePointer<Double>,
        ldOut: Int? = nil
    ) {
        let ldOut = ldOut ?? rows
        // Blocks of 32 × 32, so that the rows written stay in cache while the block is read.
        for i0 in stride(from: 0, to: rows, by: 32) {
            for j0 in stride(from: 0, to: columns, by: 32) {
                for i in i0..<min(rows, i0 + 32) {
                    for j in j0..<min(columns, j0 + 32) { out[j * ldOut + i] = m[i * ld + j] }
                }
            }
        }
    }

    /// One core's float64 multiply-add peak in GFLOP/s, measured: twelve independent chains of fused
    /// multiply-adds on the engine's widest vectors (enough to hide the units' latency), for about 0.1 s in all, the
    /// best of three. What the benchmarks report their share of.
    public static func measuredPeakGFLOPS() -> Double {
        @inline(never) func chains(_ count: Int, _ x: Lanes, _ y: Lanes) -> Lanes {
            var (a0, a1, a2, a3, a4, a5) = (x, x + 1, x + 2, x + 3, x + 4, x + 5)
            var (a6, a7, a8, a9, a10, a11) = (x + 6, x + 7, x + 8, x + 9, x + 10, x + 11)
            for _ in 0..<count {
                a0 = a0.addingProduct(a0, y)
                a1 = a1.addingProduct(a1, y)
                a2 = a2.addingProduct(a2, y)
                a3 = a3.addingProduct(a3, y)
                a4 = a4.addingProduct(a4, y)
                a5 = a5.addingProduct(a5, y)
                a6 = a6.addingProduct(a6, y)
                a7 = a7.addingProduct(a7, y)
                a8 = a8.addingProduct(a8, y)
                a9 = a9.addingProduct(a9, y)
                a10 = a10.addingProduct(a10, y)
                a11 = a11.addingProduct(a11, y)
            }
            return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))
        }
        let count = 10_000_000
        var best = Double.infinity
        var sink = Lanes()
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            sink += chains(count, Lanes(repeating: 0.5), Lanes(repeating: 0.999_999))
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        withExtendedLifetime(sink) {}
        return Double(count) * 12 * Double(Lanes.scalarCount) * 2 / best / 1e9
    }

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// C[i, :] (+)= Σ_p A(i, p) B[p, :] with A(i, p) at `a[i·rowStride + p·termStride]`, for any m, n and k: the
    /// terms are taken 256 at a time (so that a strip of B stays in L1), C's rows 64 at a time (so that their
    /// part of A stays in L2), and within those, tiles of 8 rows × 16 columns (16 accumulators) held in registers
    /// over the chunk, then 8 × 8 and 4 × 8, then single rows by 32 and 8, and columns past the last
    /// multiple of 8 one by one. Every C[i, j] starts from 0 or its value and adds the terms in the order of p, so
    /// the blocking does not change any result.
    @inline(__always)
    static func rowCombinations(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride rs: Int, termStride ts: Int,
        b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int,
        descending: Bool
    ) {
        let (chunk, rowBlock) = (256, 64)
        let (m8, m4, n16, n8) = (m / 8 * 8, m / 4 * 4, n / 16 * 16, n / 8 * 8)
        var p0 = 0
        repeat {
            let kc = min(chunk, k - p0)
            let add = accumulate || p0 > 0
            @inline(__always) func start(_ p: UnsafeMutablePointer<Double>) -> Lanes { add ? load(p) : Lanes() }
            let (a0, b0) = (a + p0 * ts, b + p0 * ldb)
            @inline(__always) func tile8x16(_ aBlock: UnsafePointer<Double>, _ rs: Int, _ ts: Int, _ i: Int, _ j: Int) {
                let (rs2, rs3) = (2 * rs, 3 * rs)
                let o0 = c + i * ldc + j
                let (o1, o2, o3) = (o0 + ldc, o0 + 2 * ldc, o0 + 3 * ldc)
                let (o4, o5, o6, o7) = (o0 + 4 * ldc, o0 + 5 * ldc, o0 + 6 * ldc, o0 + 7 * ldc)
                var (c00, c01, c10, c11) = (start(o0), start(o0 + 8), start(o1), start(o1 + 8))
                var (c20, c21, c30, c31) = (start(o2), start(o2 + 8), start(o3), start(o3 + 8))
                var (c40, c41, c50, c51) = (start(o4), start(o4 + 8), start(o5), start(o5 + 8))
                var (c60, c61, c70, c71) = (start(o6), start(o6 + 8), start(o7), start(o7 + 8))
                var (ap, bp) = (aBlock, b0 + j)
                let (rs4, rs5, rs6, rs7) = (4 * rs, 5 * rs, 6 * rs, 7 * rs)
                for _ in 0..<kc {
                    let (u, v) = (load(bp), load(bp + 8))
                    var x = Lanes(repeating: ap[0])
                    c00 = c00.addingProduct(x, u)
                    c01 = c01.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs])
                    c10 = c10.addingProduct(x, u)
                    c11 = c11.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs2])
                    c20 = c20.addingProduct(x, u)
                    c21 = c21.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs3])
                    c30 = c30.addingProduct(x, u)
                    c31 = c31.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs4])
                    c40 = c40.addingProduct(x, u)
                    c41 = c41.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs5])
                    c50 = c50.addingProduct(x, u)
                    c51 = c51.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs6])
                    c60 = c60.addingProduct(x, u)
                    c61 = c61.addingProduct(x, v)
                    x = Lanes(repeating: ap[rs7])
                    c70 = c70.addingProduct(x, u)
                    c71 = c71.addingProduct(x, v)
                    ap += ts
                    bp += ldb
                }
                store(c00, o0)
                store(c01, o0 + 8)
                store(c10, o1)
                store(c11, o1 + 8)
                store(c20, o2)
                store(c21, o2 + 8)
                store(c30, o3)
                store(c31, o3 + 8)
                store(c40, o4)
                store(c41, o4 + 8)
                store(c50, o5)
                store(c51, o5 + 8)
                store(c60, o6)
                store(c61, o6 + 8)
                store(c70, o7)
                store(c71, o7 + 8)
            }
            /// Rows i..<i+count (at most 8) by 8 columns from j.
            @inline(__always) func tile8(_ i: Int, _ j: Int, rows count: Int) {
                var sums = (Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes())
                withUnsafeMutableBytes(of: &sums) { raw in
                    let s = raw.baseAddress!.assumingMemoryBound(to: Lanes.self)
                    for r in 0..<count { s[r] = start(c + (i + r) * ldc + j) }
                    var (ap, bp) = (a0 + i * rs, b0 + j)
                    for _ in 0..<kc {
                        let u = load(bp)
                        for r in 0..<count { s[r] = s[r].addingProduct(Lanes(repeating: ap[r * rs]), u) }
                        ap += ts
                        bp += ldb
                    }
                    for r in 0..<count { store(s[r], c + (i + r) * ldc + j) }
                }
            }
            /// Columns past the last multiple of 8, element by element, for rows i..<i+count.
            @inline(__always) func tail(_ i: Int, rows count: Int) {
                for r in i..<(i + count) {
                    for j in n8..<n {
                        var s = add ? c[r * ldc + j] : 0
                        var (ap, bp) = (a0 + r * rs, b0 + j)
                        for _ in 0..<kc {
                            s = s.addingProduct(ap[0], bp[0])
                            ap += ts
                            bp += ldb
                        }
                        c[r * ldc + j] = s
                    }
                }
            }
            for i0 in stride(from: 0, to: m8, by: rowBlock) {
                let i1 = min(m8, i0 + rowBlock)
                if rs == 1 && ts != 1 && n16 >= 64 {
                    // A transposed (a gradient's product over the rows): the 8 rows of a tile are 8 adjacent values
                    // of each of kc rows of the stored A, often a power of two apart, which evict one another from
                    // L1. Each 8-row panel is packed contiguously once and read by every strip of B's columns.
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: rowBlock * kc) { packed in
                        let q = packed.baseAddress!
                        for i in stride(from: i0, to: i1, by: 8) {
                            let panel = q + (i - i0) * kc
                            for p in 0..<kc { store(load(a0 + p * ts + i), panel + p * 8) }
                        }
                        for j in stride(from: 0, to: n16, by: 16) {
                            for i in stride(from: i0, to: i1, by: 8) {
                                tile8x16(UnsafePointer(q + (i - i0) * kc), 1, 8, i, j)
                            }
                        }
                    }
                } else {
                    for j in stride(from: 0, to: n16, by: 16) {
                        for i in stride(from: i0, to: i1, by: 8) { tile8x16(a0 + i * rs, rs, ts, i, j) }
                    }
                }
                if n16 < n8 { for i in stride(from: i0, to: i1, by: 8) { tile8(i, n16, rows: 8) } }
                if n8 < n { tail(i0, rows: i1 - i0) }
            }
            if m8 < m4 {
                for j in stride(from: 0, to: n8, by: 8) { tile8(m8, j, rows: 4) }
                if n8 < n { tail(m8, rows: 4) }
            }
            var i = m4
            while i < m {
                let (aRow, out) = (a0 + i * rs, c + i * ldc)
                @inline(__always) func strip32(_ j: Int) {
                    var (c0, c1, c2, c3) = (
                        start(out + j), start(out + j + 8), start(out + j + 16), start(out + j + 24)
                    )
                    var (ap, bp) = (aRow, b0 + j)
                    for _ in 0..<kc {
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
                    var (ap, bp) = (aRow, b0 + j)
                    for _ in 0..<kc {
                        c0 = c0.addingProduct(Lanes(repeating: ap[0]), load(bp))
                        ap += ts
                        bp += ldb
                    }
                    store(c0, out + j)
                }
                let wide = n8 / 32 * 32
                if descending {
                    for j in stride(from: n8 - 8, through: wide, by: -8) { strip8(j) }
                    for j in stride(from: wide - 32, through: 0, by: -32) { strip32(j) }
                } else {
                    for j in stride(from: 0, to: wide, by: 32) { strip32(j) }
                    for j in stride(from: wide, to: n8, by: 8) { strip8(j) }
                }
                if n8 < n { tail(i, rows: 1) }
                i += 1
            }
            p0 += kc
        } while p0 < k
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
