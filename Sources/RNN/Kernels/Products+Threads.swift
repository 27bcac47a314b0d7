import Dispatch
import Foundation
import Synchronization

/// The products of the passes: `multiply` shared out over threads, with a transposed B, and the threads to use.
extension Products {
    /// The number of threads the batched passes' products are shared out over: what a command asked for
    /// (`setThreads`, as `bench --threads` does), else the processors shared among the lessons
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

    /// The register tile of the passes' products: 8 × 16 where the processor has AVX-512 (the engine is compiled
    /// for the processor it runs on, `-target-cpu native`, with 512-bit vectors), else 6 × 8 (AVX2, and
    /// processors whose flags are not in /proc/cpuinfo); `setTile` overrides it. The results do not depend on it.
    static var tile: Tile {
        switch askedTile.load(ordering: .relaxed) {
        case 1: return .narrow
        case 2: return .wide
        default: return detectedTile
        }
    }
    private static let askedTile = Atomic<Int>(0)
    private static let detectedTile: Tile = {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = info.split(separator: "\n").first { $0.hasPrefix("flags") }
        return flags?.split(separator: " ").contains("avx512f") == true ? .wide : .narrow
    }()

    /// Sets the register tile (as `bench --tile` does); nil goes back to the processor's.
    public static func setTile(_ tile: Tile?) {
        askedTile.store(tile.map { $0 == .narrow ? 1 : 2 } ?? 0, ordering: .relaxed)
    }

    /// Runs `body` with a workspace for `multiply` on this thread's stack.
    @inline(__always) static func withWorkspace(_ body: (UnsafeMutablePointer<Double>) -> Void) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: workspaceSize) { body($0.baseAddress!) }
    }

    /// Sets the number of threads the products are shared over; 0 goes back to sharing the processors.
    public static func setThreads(_ n: Int) { askedThreads.store(max(0, n), ordering: .relaxed) }

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
    /// `scratch` (`paddedStride(n)`·k values); a B used for many products (a weight matrix over the steps) is better transposed
    /// once by the caller. Products of 2²² multiply-adds or more are shared out over `threads` threads by blocks
    /// of C's columns (or rows, when C is narrow), each computed as it would be on one thread.
    static func general(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
        scratch: UnsafeMutablePointer<Double>?, threads: Int = Products.threads, descending: Bool = false,
        paddedB: Bool = false
    ) {
        precondition(!(transA && transB), "one transpose at most")
        guard m > 0, n > 0 else { return }
        var (b, ldb, paddedB) = (b, ldb, paddedB)
        if transB {
            // Rows padded, so that the last columns are read in place.
            guard let scratch else { preconditionFailure("a transposed B needs scratch space") }
            transpose(rows: n, columns: k, b, ld: ldb, into: scratch, ldOut: paddedStride(n))
            (b, ldb, paddedB) = (UnsafePointer(scratch), paddedStride(n), true)
        }
        let (rs, ts) = transA ? (1, lda) : (lda, 1)
        let accumulate = beta != 0
        let tile = Products.tile
        let parts = m * n * k >= 1 << 22 ? min(threads, max(n / 16, m / tile.rows)) : 1
        guard parts > 1 else {
            withWorkspace { w in
                multiply(
                    m: m, n: n, k: k, a: a, rowStride: rs, termStride: ts, b: b, ldb: ldb, accumulate: accumulate,
                    c: c, ldc: ldc, workspace: w, descending: descending, paddedB: paddedB, tile: tile)
            }
            return
        }
        // Blocks of whole tiles (16 columns, or the tile's rows), as even as they go.
        let byColumns = n / 16 >= parts
        let (units, unit) = byColumns ? ((n + 15) / 16, 16) : ((m + tile.rows - 1) / tile.rows, tile.rows)
        let (aAddress, bAddress, cAddress) = (Int(bitPattern: a), Int(bitPattern: b), Int(bitPattern: c))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let first = units * part / parts * unit
            let last = min(units * (part + 1) / parts * unit, byColumns ? n : m)
            guard first < last else { return }
            let a = UnsafePointer<Double>(bitPattern: aAddress)!
            let b = UnsafePointer<Double>(bitPattern: bAddress)!
            let c = UnsafeMutablePointer<Double>(bitPattern: cAddress)!
            withWorkspace { w in
                if byColumns {
                    multiply(
                        m: m, n: last - first, k: k, a: a, rowStride: rs, termStride: ts, b: b + first, ldb: ldb,
                        accumulate: accumulate, c: c + first, ldc: ldc, workspace: w, paddedB: paddedB, tile: tile)
                } else {
                    multiply(
                        m: last - first, n: n, k: k, a: a + first * rs, rowStride: rs, termStride: ts, b: b,
                        ldb: ldb, accumulate: accumulate, c: c + first * ldc, ldc: ldc, workspace: w,
                        paddedB: paddedB, tile: tile)
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
}
