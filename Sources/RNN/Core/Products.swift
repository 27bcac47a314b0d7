/// The engine's one family of matrix products: row-major pointers, register-blocked SIMD kernels written here,
/// every element of C summed in one documented order, so that results are the same on every run, for every
/// blocking, any number of threads (`Products.general` shares a product out by blocks of whole tiles) and any
/// machine, natively or in WebAssembly.
///
/// The order: C[i, j] starts from 0 (or its value, accumulating) and adds the terms A(i, p)·B[p, j] for
/// p = 0, 1, …, k-1 one by one, each as a fused multiply-add (one rounding per term): the plain loop
/// `for p in 0..<k { c = c.addingProduct(a[i, p], b[p, j]) }`. No fast-math, no reassociation by the compiler.
///
/// Why hand-written kernels: the engine's products are small (min-char-rnn's are 10⁴–10⁵ multiply-adds each,
/// thousands of them per second), where a BLAS spends longer packing operands than multiplying them (and its
/// results depend on its kernels and thread count). These keep a tile of C in vector registers for the whole sum
/// and load each element of A and B once per tile.
public enum Products {
    typealias Lanes = SIMD8<Double>

    /// The terms taken at a time (a strip of B stays in L1) and the rows of C (their part of A stays in L2).
    static let (chunk, rowBlock) = (256, 64)

    /// The doubles of the workspace `multiply` uses when given one: packed panels of a transposed A, and the
    /// last columns of B padded to a whole vector.
    public static let workspaceSize = rowBlock * chunk + chunk * 8 + 8

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// C (+)= A·B on one thread, C m × n (rows `ldc` apart), B k × n (rows `ldb` apart), A(i, p) at
    /// `a[i·rowStride + p·termStride]` (A as stored: `rowStride` = lda, `termStride` = 1; transposed: 1 and lda),
    /// summed in the order above. `workspace` (`workspaceSize` doubles) lets a transposed A be packed into panels
    /// and B's last n mod 8 columns be read as a whole vector; without it the results are the same, only slower.
    /// `descending` computes single rows from their last columns to their first (the values are the same):
    /// alternated between products that stream the same B, the part of B read last by one is still in L1 when
    /// the next starts with it. `paddedB` says that every row of B can be read 8 values past the last multiple of
    /// 8 below n (rows `ldb` ≥ n/8·8 + 8 apart, the last one too): the last columns are then read in place as
    /// one vector, whatever the padding holds (its lanes are computed and dropped).
    public static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride: Int, termStride: Int,
        b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int,
        workspace: UnsafeMutablePointer<Double>?, descending: Bool = false, paddedB: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        var p0 = 0
        repeat {
            let kc = min(chunk, k - p0)
            let block = Block(
                a: a + p0 * termStride, rs: rowStride, ts: termStride, b: b + p0 * ldb, ldb: ldb, c: c, ldc: ldc,
                kc: kc, n: n, add: accumulate || p0 > 0, workspace: workspace, paddedB: paddedB)
            block.run(m: m, descending: descending)
            p0 += kc
        } while p0 < k
    }

    /// `out` (columns × rows, rows `ldOut` apart) = the transpose of the rows × columns matrix at `m` (rows `ld`
    /// apart), by blocks of 32 × 32 so that the rows written stay in cache while the block is read.
    public static func transpose(
        rows: Int, columns: Int, _ m: UnsafePointer<Double>, ld: Int, into out: UnsafeMutablePointer<Double>,
        ldOut: Int? = nil
    ) {
        let ldOut = ldOut ?? rows
        for i0 in stride(from: 0, to: rows, by: 32) {
            for j0 in stride(from: 0, to: columns, by: 32) {
                for i in i0..<min(rows, i0 + 32) {
                    for j in j0..<min(columns, j0 + 32) { out[j * ldOut + i] = m[i * ld + j] }
                }
            }
        }
    }

    /// One chunk of terms (kc ≤ `chunk`) of a product: tiles of 8 rows × 16 columns (16 accumulators) held in
    /// registers over the chunk, then 8 × 8 and 4 × 8, then single rows by 32 and 8 columns, and the columns past
    /// the last multiple of 8 as one more vector (read from a padded copy of B's last columns) or one by one.
    struct Block {
        let a: UnsafePointer<Double>
        let rs, ts: Int
        let b: UnsafePointer<Double>
        let ldb: Int
        let c: UnsafeMutablePointer<Double>
        let ldc, kc, n: Int
        let add: Bool
        let workspace: UnsafeMutablePointer<Double>?
        let paddedB: Bool

        var n16: Int { n / 16 * 16 }
        var n8: Int { n / 8 * 8 }

        @inline(__always) func start(_ p: UnsafeMutablePointer<Double>) -> Lanes { add ? load(p) : Lanes() }

        @inline(__always) func run(m: Int, descending: Bool) {
            let (m8, m4) = (m / 8 * 8, m / 4 * 4)
            let tailPanel =
                n8 < n ? paddedB ? UnsafePointer(b + n8) : workspace.map { padLastColumns(into: $0 + rowBlock * chunk) }
                : nil
            for i0 in stride(from: 0, to: m8, by: rowBlock) {
                let i1 = min(m8, i0 + rowBlock)
                if rs == 1 && ts != 1 && n16 >= 64, let workspace {
                    packedTiles(i0, i1, workspace)
                } else {
                    for j in stride(from: 0, to: n16, by: 16) {
                        for i in stride(from: i0, to: i1, by: 8) { tile8x16(a + i * rs, rs, ts, i, j) }
                    }
                }
                if n16 < n8 { for i in stride(from: i0, to: i1, by: 8) { tile8(i, n16, rows: 8) } }
                tail(i0, rows: i1 - i0, tailPanel)
            }
            if m8 < m4 {
                for j in stride(from: 0, to: n8, by: 8) { tile8(m8, j, rows: 4) }
                tail(m8, rows: 4, tailPanel)
            }
            for i in m4..<m {
                singleRow(i, descending: descending)
                tail(i, rows: 1, tailPanel)
            }
        }

        /// A transposed A (a gradient's product over the rows): the 8 rows of a tile are 8 adjacent values of each
        /// of kc rows of the stored A, often a power of two apart, which evict one another from L1. Each 8-row panel
        /// is packed contiguously once and read by every strip of B's columns.
        @inline(__always) func packedTiles(_ i0: Int, _ i1: Int, _ q: UnsafeMutablePointer<Double>) {
            for i in stride(from: i0, to: i1, by: 8) {
                let panel = q + (i - i0) * kc
                for p in 0..<kc { store(load(a + p * ts + i), panel + p * 8) }
            }
            for j in stride(from: 0, to: n16, by: 16) {
                for i in stride(from: i0, to: i1, by: 8) { tile8x16(UnsafePointer(q + (i - i0) * kc), 1, 8, i, j) }
            }
        }

        @inline(__always) func tile8x16(_ aBlock: UnsafePointer<Double>, _ rs: Int, _ ts: Int, _ i: Int, _ j: Int) {
            let o0 = c + i * ldc + j
            let (o1, o2, o3) = (o0 + ldc, o0 + 2 * ldc, o0 + 3 * ldc)
            let (o4, o5, o6, o7) = (o0 + 4 * ldc, o0 + 5 * ldc, o0 + 6 * ldc, o0 + 7 * ldc)
            var (c00, c01, c10, c11) = (start(o0), start(o0 + 8), start(o1), start(o1 + 8))
            var (c20, c21, c30, c31) = (start(o2), start(o2 + 8), start(o3), start(o3 + 8))
            var (c40, c41, c50, c51) = (start(o4), start(o4 + 8), start(o5), start(o5 + 8))
            var (c60, c61, c70, c71) = (start(o6), start(o6 + 8), start(o7), start(o7 + 8))
            var (ap, bp) = (aBlock, b + j)
            let (rs2, rs3, rs4, rs5, rs6, rs7) = (2 * rs, 3 * rs, 4 * rs, 5 * rs, 6 * rs, 7 * rs)
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
                var (ap, bp) = (a + i * rs, b + j)
                for _ in 0..<kc {
                    let u = load(bp)
                    for r in 0..<count { s[r] = s[r].addingProduct(Lanes(repeating: ap[r * rs]), u) }
                    ap += ts
                    bp += ldb
                }
                for r in 0..<count { store(s[r], c + (i + r) * ldc + j) }
            }
        }

        /// Row i by strips of 32 columns, then 8.
        @inline(__always) func singleRow(_ i: Int, descending: Bool) {
            let (aRow, out) = (a + i * rs, c + i * ldc)
            @inline(__always) func strip32(_ j: Int) {
                var (c0, c1, c2, c3) = (start(out + j), start(out + j + 8), start(out + j + 16), start(out + j + 24))
                var (ap, bp) = (aRow, b + j)
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
            // Eight accumulators at a time where the row is wide enough: a multiply-add waits four cycles for the
            // one before it in its chain, so four chains leave the units half idle.
            @inline(__always) func strip64(_ j: Int) {
                var (c0, c1, c2, c3) = (start(out + j), start(out + j + 8), start(out + j + 16), start(out + j + 24))
                var (c4, c5, c6, c7) = (
                    start(out + j + 32), start(out + j + 40), start(out + j + 48), start(out + j + 56)
                )
                var (ap, bp) = (aRow, b + j)
                for _ in 0..<kc {
                    let x = Lanes(repeating: ap[0])
                    c0 = c0.addingProduct(x, load(bp))
                    c1 = c1.addingProduct(x, load(bp + 8))
                    c2 = c2.addingProduct(x, load(bp + 16))
                    c3 = c3.addingProduct(x, load(bp + 24))
                    c4 = c4.addingProduct(x, load(bp + 32))
                    c5 = c5.addingProduct(x, load(bp + 40))
                    c6 = c6.addingProduct(x, load(bp + 48))
                    c7 = c7.addingProduct(x, load(bp + 56))
                    ap += ts
                    bp += ldb
                }
                store(c0, out + j)
                store(c1, out + j + 8)
                store(c2, out + j + 16)
                store(c3, out + j + 24)
                store(c4, out + j + 32)
                store(c5, out + j + 40)
                store(c6, out + j + 48)
                store(c7, out + j + 56)
            }
            let (widest, wide) = (n8 / 64 * 64, n8 / 32 * 32)
            if descending {
                for j in stride(from: n8 - 8, through: wide, by: -8) { strip8(aRow, out, b + j, ldb, j) }
                for j in stride(from: wide - 32, through: widest, by: -32) { strip32(j) }
                for j in stride(from: widest - 64, through: 0, by: -64) { strip64(j) }
            } else {
                for j in stride(from: 0, to: widest, by: 64) { strip64(j) }
                for j in stride(from: widest, to: wide, by: 32) { strip32(j) }
                for j in stride(from: wide, to: n8, by: 8) { strip8(aRow, out, b + j, ldb, j) }
            }
        }

        /// out[j..<j+8] (+)= Σ_p A(row, p) B'[p, 0..<8] with B' at `bColumns` (rows `ld` apart).
        @inline(__always) func strip8(
            _ aRow: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ bColumns: UnsafePointer<Double>,
            _ ld: Int, _ j: Int
        ) {
            var c0 = start(out + j)
            var (ap, bp) = (aRow, bColumns)
            for _ in 0..<kc {
                c0 = c0.addingProduct(Lanes(repeating: ap[0]), load(bp))
                ap += ts
                bp += ld
            }
            store(c0, out + j)
        }

        /// B's columns n8..<n for the chunk's kc terms, copied into rows of 8 with zeros after them.
        @inline(__always) func padLastColumns(into panel: UnsafeMutablePointer<Double>) -> UnsafePointer<Double> {
            for p in 0..<kc {
                let row = panel + p * 8
                for j in 0..<8 { row[j] = n8 + j < n ? b[p * ldb + n8 + j] : 0 }
            }
            return UnsafePointer(panel)
        }

        /// The columns past the last multiple of 8 for rows i..<i+count: as a vector over the padded copy of B's
        /// last columns (its padding lanes computed and dropped), or element by element.
        @inline(__always) func tail(_ i: Int, rows count: Int, _ panel: UnsafePointer<Double>?) {
            guard n8 < n else { return }
            guard let panel, let scratch = workspace.map({ $0 + rowBlock * chunk + chunk * 8 }) else {
                for r in i..<(i + count) {
                    for j in n8..<n {
                        var s = add ? c[r * ldc + j] : 0
                        var (ap, bp) = (a + r * rs, b + j)
                        for _ in 0..<kc {
                            s = s.addingProduct(ap[0], bp[0])
                            ap += ts
                            bp += ldb
                        }
                        c[r * ldc + j] = s
                    }
                }
                return
            }
            for r in i..<(i + count) {
                let out = c + r * ldc
                for j in 0..<(n - n8) { scratch[j] = out[n8 + j] }
                strip8(a + r * rs, scratch, panel, paddedB ? ldb : 8, 0)
                for j in 0..<(n - n8) { out[n8 + j] = scratch[j] }
            }
        }
    }
}
