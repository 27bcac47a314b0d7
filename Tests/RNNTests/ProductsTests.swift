import XCTest

@testable import RNN

/// The matrix products of the allocation-free trainers, against sums written out term by term in the order
/// `Products.gemm` documents (so the small kernels must agree exactly, whatever the tiling of C), and against
/// the same sums within rounding when the product is large enough to go to OpenBLAS.
final class ProductsTests: XCTestCase {
    /// Deterministic values in [-1, 1) with no pattern a kernel could get right by accident.
    func values(_ count: Int, seed: UInt32) -> [Double] {
        var rng = MT19937(seed: seed)
        return (0..<count).map { _ in 2 * rng.nextDouble() - 1 }
    }

    /// C as `gemm` documents it: terms in order p = 0, 1, … with one rounding each, or for products of rows,
    /// eight partial sums (p mod 8) added as ((s0+s4) + (s1+s5)) + ((s2+s6) + (s3+s7)).
    /// (With `lanes` false, products of rows too are summed in the order of p, as `general` sums them.)
    func expected(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Double], lda: Int, b: [Double], ldb: Int,
        c: [Double], ldc: Int, accumulate: Bool, lanes: Bool = true
    ) -> [Double] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                let start = accumulate ? c[i * ldc + j] : 0
                func aValue(_ p: Int) -> Double { transA ? a[p * lda + i] : a[i * lda + p] }
                func bValue(_ p: Int) -> Double { transB ? b[j * ldb + p] : b[p * ldb + j] }
                if transB, lanes {
                    var lanes = [Double](repeating: 0, count: 8)
                    for p in 0..<k { lanes[p % 8] = lanes[p % 8].addingProduct(aValue(p), bValue(p)) }
                    let total =
                        ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
                        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
                    out[i * ldc + j] = accumulate ? start + total : total
                } else {
                    var sum = start
                    for p in 0..<k { sum = sum.addingProduct(aValue(p), bValue(p)) }
                    out[i * ldc + j] = sum
                }
            }
        }
        return out
    }

    func check(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, accumulate: Bool, exact: Bool = true) {
        // Leading dimensions wider than the operands, so that strides are exercised.
        let (rowsA, colsA) = transA ? (k, m) : (m, k)
        let (rowsB, colsB) = transB ? (n, k) : (k, n)
        let (lda, ldb, ldc) = (colsA + 8, colsB + 8, n + 16)
        let a = values(rowsA * lda, seed: UInt32(m * 1000 + k))
        let b = values(rowsB * ldb, seed: UInt32(n * 1000 + k + 7))
        let c = values(m * ldc, seed: UInt32(m + n + k))
        let want = expected(
            transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
            accumulate: accumulate)
        var got = c
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                got.withUnsafeMutableBufferPointer { cp in
                    Products.gemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: lda,
                        b: bp.baseAddress!, ldb: ldb, beta: accumulate ? 1 : 0, c: cp.baseAddress!, ldc: ldc)
                }
            }
        }
        let label = "transA=\(transA) transB=\(transB) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate)"
        if exact {
            XCTAssertEqual(got, want, label)
        } else {
            assertClose(got, want, rtol: 1e-12, atol: 1e-12, label)
        }
    }

    /// Every tile shape and every remainder: 4-row tiles and single rows, 16/8 (32/8 for one row) column
    /// tiles, and for products of rows 2-row and 1-row tiles over 8 outputs.
    func testSmallProductsSumInTheDocumentedOrder() {
        for m in [1, 2, 3, 4, 5, 9] {
            for n in [8, 16, 24, 32, 40, 72] {
                for accumulate in [false, true] {
                    for k in [1, 13, 25] {
                        check(transA: false, transB: false, m: m, n: n, k: k, accumulate: accumulate)
                        check(transA: true, transB: false, m: m, n: n, k: k, accumulate: accumulate)
                    }
                    for k in [8, 104] {
                        check(transA: false, transB: true, m: m, n: n, k: k, accumulate: accumulate)
                    }
                }
            }
        }
    }

    /// Large products go to OpenBLAS: the same values to rounding.
    func testLargeProductsGoToOpenBLAS() {
        XCTAssertTrue(Products.usesBLAS(m: 64, n: 128, k: 128))
        check(transA: false, transB: false, m: 64, n: 128, k: 128, accumulate: true, exact: false)
        check(transA: true, transB: false, m: 64, n: 128, k: 128, accumulate: false, exact: false)
        check(transA: false, transB: true, m: 64, n: 128, k: 128, accumulate: true, exact: false)
    }

    /// `general`, the batched passes' products: any sizes, either transpose, and shared out over threads, always
    /// equal to the plain loop (terms in the order of p, one rounding each) to the bit. The sizes reach every
    /// tile (8 × 16, 8 × 8, 4 × 8, single rows), the columns past a multiple of 8, more than one chunk of
    /// 256 terms, the packed panels of a transposed A (at least 64 columns), and blocks of rows and of columns.
    func testGeneralProductsEqualThePlainLoopOnAnyNumberOfThreads() {
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
                        ldc: ldc, accumulate: accumulate, lanes: false)
                    for threads in [1, 3] {
                        var got = c
                        var scratch = [Double](repeating: .nan, count: n * k)
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
                            "transA=\(transA) transB=\(transB) m=\(m) n=\(n) k=\(k) accumulate=\(accumulate) threads=\(threads)"
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

    func testPaddedLengths() {
        XCTAssertEqual([1, 8, 9, 65, 100, 512].map(Products.padded), [8, 8, 16, 72, 104, 512])
    }
}
