import XCTest

@testable import RNN

/// The engine's one family of products against sums written out term by term in the order `Products` documents,
/// to the bit, whatever the tiling of C, the threads or the workspace.
final class ProductsTests: XCTestCase {
    /// Deterministic values in [-1, 1) with no pattern a kernel could get right by accident.
    func values(_ count: Int, seed: UInt32) -> [Double] {
        var rng = MT19937(seed: seed)
        return (0..<count).map { _ in 2 * rng.nextDouble() - 1 }
    }

    /// C as `Products` documents it: terms in order p = 0, 1, … with one rounding each.
    func expected(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Double], lda: Int, b: [Double], ldb: Int,
        c: [Double], ldc: Int, accumulate: Bool
    ) -> [Double] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                func aValue(_ p: Int) -> Double { transA ? a[p * lda + i] : a[i * lda + p] }
                func bValue(_ p: Int) -> Double { transB ? b[j * ldb + p] : b[p * ldb + j] }
                var sum = accumulate ? c[i * ldc + j] : 0
                for p in 0..<k { sum = sum.addingProduct(aValue(p), bValue(p)) }
                out[i * ldc + j] = sum
            }
        }
        return out
    }

    /// `general`, the batched passes' products: any sizes, either transpose, shared out over threads, with either
    /// tile, always equal to the plain loop (terms in the order of p, one rounding each) to the bit. The sizes
    /// reach every tile (6 × 8, then 5 × 8 or 4 × 8 for the rows left over; 8 × 16, then 8 × 8 for the columns
    /// left over and 7, 6, 5 or 4 rows; single rows in strips of one to six vectors), the columns past a multiple
    /// of 8 (through the tiles and the strips), more than one chunk of 256 terms, the packed panels of a
    /// transposed A (at least 64 columns), and blocks of rows and of columns.
    func testGeneralProductsEqualThePlainLoopOnAnyNumberOfThreadsAndEitherTile() {
        defer { Products.setTile(nil) }
        for tile in [Products.Tile.narrow, .wide] {
            Products.setTile(tile)
            generalProductsEqualThePlainLoop(tile)
        }
    }

    func generalProductsEqualThePlainLoop(_ tile: Products.Tile) {
        var cases: [(m: Int, n: Int, k: Int)] = []
        for m in [1, 3, 4, 7, 8, 13, 20] {
            for n in [1, 5, 8, 16, 27, 40] { for k in [1, 9] { cases.append((m, n, k)) } }
        }
        cases += [(9, 70, 300), (70, 65, 300), (24, 130, 513), (200, 16, 90), (17, 96, 260)]
        // Large enough (2²² multiply-adds) to be shared out: by blocks of columns, and of rows.
        cases += [(33, 256, 500), (600, 16, 440)]
        for (m, n, k) in cases {
            for (transA, transB) in [(false, false), (true, false), (false, true)] {
                let (rowsA, colsA) = transA ? (k, m) : (m, k)
                let (rowsB, colsB) = transB ? (n, k) : (k, n)
                let (lda, ldb, ldc) = (colsA + 3, colsB + 5, n + 2)
                let a = values(rowsA * lda, seed: UInt32(m * 1000 + k))
                let b = values(rowsB * ldb, seed: UInt32(n * 1000 + k + 7))
                let c = values(m * ldc, seed: UInt32(m + n + k))
                for accumulate in [false, true] {
                    let want = expected(
                        transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c,
                        ldc: ldc, accumulate: accumulate)
                    for threads in [1, 3] {
                        var got = c
                        var scratch = [Double](repeating: .nan, count: Products.paddedStride(n) * k)
                        a.withUnsafeBufferPointer { ap in
                            b.withUnsafeBufferPointer { bp in
                                got.withUnsafeMutableBufferPointer { cp in
                                    scratch.withUnsafeMutableBufferPointer { sp in
                                        Products.general(
                                            transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!,
                                            lda: lda, b: bp.baseAddress!, ldb: ldb, beta: accumulate ? 1 : 0,
                                            c: cp.baseAddress!, ldc: ldc, scratch: sp.baseAddress, threads: threads)
                                    }
                                }
                            }
                        }
                        XCTAssertEqual(
                            got, want,
                            "transA=\(transA) transB=\(transB) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate) threads=\(threads) tile=\(tile)"
                        )
                    }
                }
            }
        }
    }

    /// Unless a command asks for a number, the processors are shared among the lessons running at the moment.
    func testThreadsShareTheProcessorsAmongTheRunningLessons() {
        let processors = ProcessInfo.processInfo.activeProcessorCount
        defer { Products.setThreads(0) }
        Products.setThreads(0)
        XCTAssertEqual(Products.threads, processors)
        Products.sharingProcessors {
            XCTAssertEqual(Products.threads, processors)
            Products.sharingProcessors {
                XCTAssertEqual(Products.threads, max(1, processors / 2))
                Products.sharingProcessors { XCTAssertEqual(Products.threads, max(1, processors / 3)) }
            }
            XCTAssertEqual(Products.threads, processors)
        }
        Products.setThreads(3)
        Products.sharingProcessors { Products.sharingProcessors { XCTAssertEqual(Products.threads, 3) } }
    }

    /// `transpose` in blocks of 8 × 8 and value by value at the edges: every value in its place, rows `ldOut`
    /// apart, the padding between the rows untouched.
    func testTransposeMovesEveryValueAndLeavesThePaddingAlone() {
        let shapes = [(1, 1), (3, 5), (8, 8), (9, 17), (16, 24), (100, 100), (65, 100), (100, 65), (1024, 264)]
        for (rows, columns) in shapes {
            let ld = columns + 3
            let ldOut = rows + 8
            let m = values(rows * ld, seed: UInt32(rows * 7 + columns))
            var out = [Double](repeating: .nan, count: columns * ldOut)
            m.withUnsafeBufferPointer { mp in
                out.withUnsafeMutableBufferPointer { op in
                    Products.transpose(
                        rows: rows, columns: columns, mp.baseAddress!, ld: ld, into: op.baseAddress!, ldOut: ldOut)
                }
            }
            var misplaced = 0
            for j in 0..<columns {
                for i in 0..<ldOut {
                    let got = out[j * ldOut + i]
                    misplaced += i < rows ? (got == m[i * ld + j] ? 0 : 1) : (got.isNaN ? 0 : 1)
                }
            }
            XCTAssertEqual(misplaced, 0, "\(rows) × \(columns)")
        }
    }

    /// `multiply` on one thread without a workspace (as the WebAssembly build may run it: no packed panels, the
    /// last columns one by one), sweeping single rows backwards, or with either tile gives the same bits.
    func testMultiplyWithoutWorkspaceOrBackwardsOrWithEitherTileGivesTheSameBits() {
        for tile in [Products.Tile.narrow, .wide] { multiplyGivesTheSameBits(tile) }
    }

    func multiplyGivesTheSameBits(_ tile: Products.Tile) {
        for (m, n, k) in [(1, 100, 100), (3, 27, 40), (9, 70, 300), (25, 65, 100), (70, 130, 90), (15, 40, 30)] {
            for transA in [false, true] {
                let (lda, ldb, ldc) = ((transA ? m : k) + 1, n + 3, n + 2)
                let a = values((transA ? k : m) * lda, seed: UInt32(m + 3 * k))
                let b = values(k * ldb, seed: UInt32(n + 5 * k))
                let c = values(m * ldc, seed: UInt32(m * n))
                let want = expected(
                    transA: transA, transB: false, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                    accumulate: true)
                for (workspace, descending) in [(true, false), (false, false), (false, true), (true, true)] {
                    var got = c
                    var space = [Double](repeating: .nan, count: Products.workspaceSize)
                    a.withUnsafeBufferPointer { ap in
                        b.withUnsafeBufferPointer { bp in
                            got.withUnsafeMutableBufferPointer { cp in
                                space.withUnsafeMutableBufferPointer { w in
                                    Products.multiply(
                                        m: m, n: n, k: k, a: ap.baseAddress!, rowStride: transA ? 1 : lda,
                                        termStride: transA ? lda : 1, b: bp.baseAddress!, ldb: ldb, accumulate: true,
                                        c: cp.baseAddress!, ldc: ldc, workspace: workspace ? w.baseAddress : nil,
                                        descending: descending, tile: tile)
                                }
                            }
                        }
                    }
                    XCTAssertEqual(
                        got, want,
                        "m=\(m) n=\(n) k=\(k) transA=\(transA) workspace=\(workspace) descending=\(descending) tile=\(tile)"
                    )
                }
            }
        }
    }
}
