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

    /// The terms taken at a time (a strip of B stays in L1) and the rows of C (their part of A stays in L2; a
    /// multiple of both tiles' rows).
    static let (chunk, rowBlock) = (256, 48)

    /// The doubles of the workspace `multiply` uses when given one: packed panels of a transposed A, and the
    /// last columns of B padded to a whole vector.
    public static let workspaceSize = rowBlock * chunk + chunk * 8 + 8 * 8

    /// The block of C that a kernel keeps in vector registers over a chunk of terms. Either gives the same bits
    /// (each element sums its terms in the documented order); which is faster depends on the vector registers.
    public enum Tile: Sendable {
        /// 6 rows × 8 columns: twelve 256-bit accumulators, which with B's vector and A's broadcast fit AVX2's
        /// sixteen registers (with AVX-512, six 512-bit ones: six chains of multiply-adds, where two units of
        /// four cycles' latency need eight).
        case narrow
        /// 8 rows × 16 columns: sixteen 512-bit accumulators of AVX-512's thirty-two registers (on AVX2 they
        /// would be thirty-two 256-bit ones, half of them on the stack).
        case wide

        /// The rows of C a tile covers (a product shared over threads is cut into blocks of whole tiles).
        public var rows: Int { self == .wide ? 8 : 6 }
    }

    /// The distance between the rows of a padded copy of a matrix n wide (`paddedB`): n rounded up to a whole
    /// vector, so that in a buffer aligned to 64 bytes (`FlatBuffer`'s) every row starts on a cache line and no
    /// load of a vector is split between two lines (min-char-rnn's W_hᵀ, n = 100, was read every step with rows
    /// 108 apart, half of them split), plus 8, because n is often a multiple of 512, and rows that many doubles
    /// apart put a column of B on a few sets of L1 (a step's product 87 → 112 GFLOP/s with the 8).
    public static func paddedStride(_ n: Int) -> Int { (n + 7) / 8 * 8 + 8 }

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
    /// one vector, whatever the padding holds (its lanes are computed and dropped). `tile` is the block of C
    /// kept in registers (the results do not depend on it).
    public static func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride: Int, termStride: Int,
        b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int,
        workspace: UnsafeMutablePointer<Double>?, descending: Bool = false, paddedB: Bool = false,
        tile: Tile = .narrow
    ) {
        guard m > 0, n > 0 else { return }
        var p0 = 0
        repeat {
            let kc = min(chunk, k - p0)
            let block = Block(
                a: a + p0 * termStride, rs: rowStride, ts: termStride, b: b + p0 * ldb, ldb: ldb, c: c, ldc: ldc,
                kc: kc, n: n, add: accumulate || p0 > 0, workspace: workspace, paddedB: paddedB)
            switch tile {
            case .narrow: block.run(m: m, descending: descending, rows: Six.self, columns: One.self)
            case .wide: block.run(m: m, descending: descending, rows: Eight.self, columns: Two.self)
            }
            p0 += kc
        } while p0 < k
    }

    /// `out` (columns × rows, rows `ldOut` apart) = the transpose of the rows × columns matrix at `m` (rows `ld`
    /// apart): blocks of 8 × 8 read as eight vectors and written as eight (the values exchanged in registers; a
    /// scalar loop wrote every value to another cache line, 5 % of min-char-rnn's update for W_h alone), the
    /// edges value by value.
    public static func transpose(
        rows: Int, columns: Int, _ m: UnsafePointer<Double>, ld: Int, into out: UnsafeMutablePointer<Double>,
        ldOut: Int? = nil
    ) {
        let ldOut = ldOut ?? rows
        let (r8, c8) = (rows / 8 * 8, columns / 8 * 8)
        for j0 in stride(from: 0, to: c8, by: 8) {
            for i0 in stride(from: 0, to: r8, by: 8) { transpose8(m + i0 * ld + j0, ld, out + j0 * ldOut + i0, ldOut) }
        }
        for i in 0..<r8 { for j in c8..<columns { out[j * ldOut + i] = m[i * ld + j] } }
        for i in r8..<rows { for j in 0..<columns { out[j * ldOut + i] = m[i * ld + j] } }
    }

    /// The 8 × 8 block at `m` (rows `ld` apart) transposed into `out` (rows `ldOut` apart).
    @inline(__always) static func transpose8(
        _ m: UnsafePointer<Double>, _ ld: Int, _ out: UnsafeMutablePointer<Double>, _ ldOut: Int
    ) {
        let (r0, r1, r2, r3) = (load(m), load(m + ld), load(m + 2 * ld), load(m + 3 * ld))
        let (r4, r5, r6, r7) = (load(m + 4 * ld), load(m + 5 * ld), load(m + 6 * ld), load(m + 7 * ld))
        for j in 0..<8 {
            store(Lanes(r0[j], r1[j], r2[j], r3[j], r4[j], r5[j], r6[j], r7[j]), out + j * ldOut)
        }
    }

    /// One chunk of terms (kc ≤ `chunk`) of a product, in tiles of C held in vector registers over the chunk
    /// (`Tile`: R rows × 8·V columns), the rows left over 4 to R-1 at a time the same way, fewer row by row in
    /// strips of several vectors (independent chains that hide the multiply-add's latency). The columns past the
    /// last multiple of 8·V are tiles of one vector, the last ones (past the last multiple of 8) one more vector,
    /// read in place when B is padded, else from a zero-padded copy of B's last columns, and written through a
    /// small scratch block; with neither they are summed one by one.
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

        var n8: Int { n / 8 * 8 }

        /// B's last columns as a vector (where, and its rows' distance), when they are read so.
        typealias Tail = (columns: UnsafePointer<Double>, ld: Int)

        @inline(__always) func start(_ p: UnsafeMutablePointer<Double>) -> Lanes { add ? load(p) : Lanes() }

        /// The chunk in tiles of `Rows` × `Columns` vectors (constants where it is called).
        @inline(__always) func run<Rows: TileSize, Columns: TileSize>(
            m: Int, descending: Bool, rows: Rows.Type, columns: Columns.Type
        ) {
            let R = Rows.value
            let tail: Tail? =
                n8 == n ? nil : paddedB ? (b + n8, ldb) : workspace.map { (padLastColumns(into: $0 + rowBlock * chunk), 8) }
            let scratch = workspace.map { $0 + rowBlock * chunk + chunk * 8 }
            let mR = m / R * R
            for i0 in stride(from: 0, to: mR, by: rowBlock) {
                let i1 = min(mR, i0 + rowBlock)
                if rs == 1 && ts != 1 && n8 >= 64, let workspace {
                    let q = UnsafePointer(packPanels(i0, i1, rows: R, workspace))
                    tileRows(Rows.self, Columns.self, i0, i1, q, 1, R, perRow: kc, tail, scratch)
                } else {
                    tileRows(Rows.self, Columns.self, i0, i1, a + i0 * rs, rs, ts, perRow: rs, tail, scratch)
                }
            }
            let rest = a + mR * rs
            switch m - mR {
            case 7: tileRow(Seven.self, Columns.self, mR, rest, rs, ts, tail, scratch)
            case 6: tileRow(Six.self, Columns.self, mR, rest, rs, ts, tail, scratch)
            case 5: tileRow(Five.self, Columns.self, mR, rest, rs, ts, tail, scratch)
            case 4: tileRow(Four.self, Columns.self, mR, rest, rs, ts, tail, scratch)
            default: for i in mR..<m { singleRow(i, descending: descending, tail, scratch) }
            }
        }

        /// A transposed A (a gradient's product over the rows): the R rows of a tile are R adjacent values of each
        /// of kc rows of the stored A, often a power of two apart, which evict one another from L1. Each R-row panel
        /// is packed contiguously once (value (r, p) at p·R + r) and read by every strip of B's columns.
        @inline(__always) func packPanels(
            _ i0: Int, _ i1: Int, rows R: Int, _ q: UnsafeMutablePointer<Double>
        ) -> UnsafeMutablePointer<Double> {
            for i in stride(from: i0, to: i1, by: R) {
                let panel = q + (i - i0) * kc
                for p in 0..<kc { for r in 0..<R { panel[p * R + r] = a[p * ts + i + r] } }
            }
            return q
        }

        /// Rows i0..<i1 (a multiple of R; the tile of rows i..<i+R reads A at `aRows` + (i - i0)·`perRow`, its row r
        /// r·rs further, term p p·ts further) across every column, the columns outside: each strip of B's columns
        /// (kc × 8·V, at most 32 KB) is read from memory once and from L1 by the block's other tiles (rows
        /// outside, a weight matrix of 2 MB read once per tile of rows, ran at a tenth of the peak: the LSTM at
        /// char-rnn's size streamed W_hhᵀ four times per step from L3).
        @inline(__always) func tileRows<Rows: TileSize, Columns: TileSize>(
            _ rows: Rows.Type, _ columns: Columns.Type, _ i0: Int, _ i1: Int, _ aRows: UnsafePointer<Double>,
            _ rs: Int, _ ts: Int, perRow: Int, _ tail: Tail?, _ scratch: UnsafeMutablePointer<Double>?
        ) {
            let (R, width) = (Rows.value, 8 * Columns.value)
            let nW = n8 / width * width
            for j in stride(from: 0, to: nW, by: width) {
                for i in stride(from: i0, to: i1, by: R) {
                    tile(Rows.self, Columns.self, aRows + (i - i0) * perRow, rs, ts, b + j, ldb, c + i * ldc + j, ldc)
                }
            }
            for j in stride(from: nW, to: n8, by: 8) {
                for i in stride(from: i0, to: i1, by: R) {
                    tile(Rows.self, One.self, aRows + (i - i0) * perRow, rs, ts, b + j, ldb, c + i * ldc + j, ldc)
                }
            }
            guard n8 < n else { return }
            for i in stride(from: i0, to: i1, by: R) {
                lastColumns(Rows.self, i, aRows + (i - i0) * perRow, rs, ts, tail, scratch)
            }
        }

        /// Rows i..<i+R's columns past the last multiple of 8: through `scratch` as one more vector, or one by one.
        @inline(__always) func lastColumns<Rows: TileSize>(
            _ rows: Rows.Type, _ i: Int, _ aRows: UnsafePointer<Double>, _ rs: Int, _ ts: Int, _ tail: Tail?,
            _ scratch: UnsafeMutablePointer<Double>?
        ) {
            let R = Rows.value
            guard let tail, let scratch else { return scalarTail(i, rows: R) }
            let w = n - n8
            if add { for r in 0..<R { for j in 0..<w { scratch[r * 8 + j] = c[(i + r) * ldc + n8 + j] } } }
            tile(Rows.self, One.self, aRows, rs, ts, tail.columns, tail.ld, scratch, 8)
            for r in 0..<R { for j in 0..<w { c[(i + r) * ldc + n8 + j] = scratch[r * 8 + j] } }
        }

        /// Rows i..<i+R (A's row r at `aRows` + r·rs, term p + p·ts) across every column: 8·V at a time, then
        /// 8 at a time, then the last ones.
        @inline(__always) func tileRow<Rows: TileSize, Columns: TileSize>(
            _ rows: Rows.Type, _ columns: Columns.Type, _ i: Int, _ aRows: UnsafePointer<Double>, _ rs: Int,
            _ ts: Int, _ tail: Tail?, _ scratch: UnsafeMutablePointer<Double>?
        ) {
            let width = 8 * Columns.value
            let nW = n8 / width * width
            for j in stride(from: 0, to: nW, by: width) {
                tile(Rows.self, Columns.self, aRows, rs, ts, b + j, ldb, c + i * ldc + j, ldc)
            }
            for j in stride(from: nW, to: n8, by: 8) {
                tile(Rows.self, One.self, aRows, rs, ts, b + j, ldb, c + i * ldc + j, ldc)
            }
            guard n8 < n else { return }
            lastColumns(Rows.self, i, aRows, rs, ts, tail, scratch)
        }

        /// out[r, 0..<8·V] (+)= Σ_p A(r, p) B'[p, 0..<8·V] for R rows (R ≤ 8, V ≤ 2, constants where it is called,
        /// so that the accumulators stay in registers), B' at `bColumns` (rows `ld` apart), out's rows `ldo` apart.
        @inline(__always) func tile<Rows: TileSize, Columns: TileSize>(
            _ rows: Rows.Type, _ columns: Columns.Type, _ aRows: UnsafePointer<Double>, _ rs: Int, _ ts: Int,
            _ bColumns: UnsafePointer<Double>, _ ld: Int, _ out: UnsafeMutablePointer<Double>, _ ldo: Int
        ) {
            let (R, V) = (Rows.value, Columns.value)
            @inline(__always) func first(_ r: Int) -> TileRow {
                R > r ? TileRow(start(out + r * ldo), V > 1 ? start(out + r * ldo + 8) : Lanes()) : TileRow()
            }
            var (c0, c1, c2, c3) = (first(0), first(1), first(2), first(3))
            var (c4, c5, c6, c7) = (first(4), first(5), first(6), first(7))
            var (ap, bp) = (aRows, bColumns)
            for _ in 0..<kc {
                let u = TileRow(load(bp), V > 1 ? load(bp + 8) : Lanes())
                c0.add(ap[0], u, V)
                if R > 1 { c1.add(ap[rs], u, V) }
                if R > 2 { c2.add(ap[2 * rs], u, V) }
                if R > 3 { c3.add(ap[3 * rs], u, V) }
                if R > 4 { c4.add(ap[4 * rs], u, V) }
                if R > 5 { c5.add(ap[5 * rs], u, V) }
                if R > 6 { c6.add(ap[6 * rs], u, V) }
                if R > 7 { c7.add(ap[7 * rs], u, V) }
                ap += ts
                bp += ld
            }
            @inline(__always) func put(_ row: TileRow, _ r: Int) {
                guard R > r else { return }
                store(row.low, out + r * ldo)
                if V > 1 { store(row.high, out + r * ldo + 8) }
            }
            put(c0, 0)
            put(c1, 1)
            put(c2, 2)
            put(c3, 3)
            put(c4, 4)
            put(c5, 5)
            put(c6, 6)
            put(c7, 7)
        }

        /// Row i in strips of at most 6 vectors of 8 columns, as even as they go, the last vector of the last strip
        /// being the tail (when there is one): one chain of multiply-adds per vector, all of a strip's advancing
        /// together. `descending` runs the strips from the last to the first (see `multiply`).
        @inline(__always) func singleRow(
            _ i: Int, descending: Bool, _ tail: Tail?, _ scratch: UnsafeMutablePointer<Double>?
        ) {
            let full = n8 / 8
            let vectors = full + (tail != nil && scratch != nil ? 1 : 0)
            let strips = (vectors + 5) / 6
            for s in 0..<strips {
                let index = descending ? strips - 1 - s : s
                let (first, last) = (vectors * index / strips, vectors * (index + 1) / strips)
                let withTail = last > full
                let count = min(last, full) - first
                switch (count, withTail) {
                case (6, _): rowStrip(i, first, vectors: Six.self)
                case (5, false): rowStrip(i, first, vectors: Five.self)
                case (5, true): rowStrip(i, first, vectors: Five.self, tail: tail, scratch)
                case (4, false): rowStrip(i, first, vectors: Four.self)
                case (4, true): rowStrip(i, first, vectors: Four.self, tail: tail, scratch)
                case (3, false): rowStrip(i, first, vectors: Three.self)
                case (3, true): rowStrip(i, first, vectors: Three.self, tail: tail, scratch)
                case (2, false): rowStrip(i, first, vectors: Two.self)
                case (2, true): rowStrip(i, first, vectors: Two.self, tail: tail, scratch)
                case (1, false): rowStrip(i, first, vectors: One.self)
                case (1, true): rowStrip(i, first, vectors: One.self, tail: tail, scratch)
                default: rowStrip(i, first, vectors: Zero.self, tail: tail, scratch)
                }
            }
            if n8 < n && vectors == full { scalarTail(i, rows: 1) }
        }

        /// Row i, vectors first..<first+V of 8 columns (V ≤ 6, a constant where it is called) and, when given, the
        /// tail vector (written through `scratch`).
        @inline(__always) func rowStrip<Vectors: TileSize>(
            _ i: Int, _ first: Int, vectors: Vectors.Type, tail: Tail? = nil, _ scratch: UnsafeMutablePointer<Double>? = nil
        ) {
            let V = Vectors.value
            let out = c + i * ldc + first * 8
            var c0 = V > 0 ? start(out) : Lanes()
            var c1 = V > 1 ? start(out + 8) : Lanes()
            var c2 = V > 2 ? start(out + 16) : Lanes()
            var c3 = V > 3 ? start(out + 24) : Lanes()
            var c4 = V > 4 ? start(out + 32) : Lanes()
            var c5 = V > 5 ? start(out + 40) : Lanes()
            let w = n - n8
            if tail != nil, let scratch, add { for j in 0..<w { scratch[j] = c[i * ldc + n8 + j] } }
            var ct = tail != nil && add ? load(scratch!) : Lanes()
            var (ap, bp, tp) = (a + i * rs, b + first * 8, tail?.columns ?? b)
            let tailLD = tail?.ld ?? 0
            for _ in 0..<kc {
                let x = Lanes(repeating: ap[0])
                if V > 0 { c0 = c0.addingProduct(x, load(bp)) }
                if V > 1 { c1 = c1.addingProduct(x, load(bp + 8)) }
                if V > 2 { c2 = c2.addingProduct(x, load(bp + 16)) }
                if V > 3 { c3 = c3.addingProduct(x, load(bp + 24)) }
                if V > 4 { c4 = c4.addingProduct(x, load(bp + 32)) }
                if V > 5 { c5 = c5.addingProduct(x, load(bp + 40)) }
                if tail != nil {
                    ct = ct.addingProduct(x, load(tp))
                    tp += tailLD
                }
                ap += ts
                bp += ldb
            }
            if V > 0 { store(c0, out) }
            if V > 1 { store(c1, out + 8) }
            if V > 2 { store(c2, out + 16) }
            if V > 3 { store(c3, out + 24) }
            if V > 4 { store(c4, out + 32) }
            if V > 5 { store(c5, out + 40) }
            if tail != nil, let scratch {
                store(ct, scratch)
                for j in 0..<w { c[i * ldc + n8 + j] = scratch[j] }
            }
        }

        /// B's columns n8..<n for the chunk's kc terms, copied into rows of 8 with zeros after them.
        @inline(__always) func padLastColumns(into panel: UnsafeMutablePointer<Double>) -> UnsafePointer<Double> {
            for p in 0..<kc {
                let row = panel + p * 8
                for j in 0..<8 { row[j] = n8 + j < n ? b[p * ldb + n8 + j] : 0 }
            }
            return UnsafePointer(panel)
        }

        /// The columns past the last multiple of 8 for rows i..<i+count, element by element (no workspace to pad
        /// B's last columns into).
        @inline(__always) func scalarTail(_ i: Int, rows count: Int) {
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
        }
    }
}

/// A number of rows or vectors of a kernel, as a type, so that each kernel is compiled for its count (its
/// accumulators in registers, the branches on the count gone).
protocol TileSize { static var value: Int { get } }
enum Zero: TileSize { static var value: Int { 0 } }
enum One: TileSize { static var value: Int { 1 } }
enum Two: TileSize { static var value: Int { 2 } }
enum Three: TileSize { static var value: Int { 3 } }
enum Four: TileSize { static var value: Int { 4 } }
enum Five: TileSize { static var value: Int { 5 } }
enum Six: TileSize { static var value: Int { 6 } }
enum Seven: TileSize { static var value: Int { 7 } }
enum Eight: TileSize { static var value: Int { 8 } }

/// One row of a tile's accumulators: one or two vectors of 8 columns.
struct TileRow {
    var low = Products.Lanes(), high = Products.Lanes()

    init() {}
    @inline(__always) init(_ low: Products.Lanes, _ high: Products.Lanes) { (self.low, self.high) = (low, high) }

    /// Adds A's value `x` times B's row `u` (its first `vectors` vectors), one fused multiply-add per lane.
    @inline(__always) mutating func add(_ x: Double, _ u: TileRow, _ vectors: Int) {
        let broadcast = Products.Lanes(repeating: x)
        low = low.addingProduct(broadcast, u.low)
        if vectors > 1 { high = high.addingProduct(broadcast, u.high) }
    }
}
