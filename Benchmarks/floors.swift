// What the parts of min-char-rnn's update cost at best on this machine, measured with the engine's own kernels
// (compiled from Sources/RNN/Core with the engine's flags by Benchmarks/floors.sh): the single-row product the
// pass runs at every step (W_h's 100 × 100, forward and back, 50 an update) with its matrix in L2 (as it is, 83 KB)
// and, scaled, in L1; and Adagrad's update per value (Optimizer.update's arithmetic: clip, sum of squares,
// 1/√ by Elementary.reciprocalSquareRoot, the step, the finite check) over min-char-rnn's 23,165 values and over
// 1,000 (in L1). And the lead the profile left: the same single row written plainly, with its row stride a
// constant of the program and with it in a register, as the engine's is.
import Glibc

@inline(never) func adagrad(
    _ theta: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ first: UnsafeMutablePointer<Double>,
    _ count: Int
) -> UInt64 {
    let (lr, epsilon, low, high, scale) = (0.1, 1e-8, -5.0, 5.0, 1.0)
    var exponents: UInt64 = 0
    let exponent: UInt64 = 0x7ff0_0000_0000_0000
    for i in 0..<count {
        let gi = min(max(g[i], low), high) * scale
        let memory = first[i] + gi * gi
        first[i] = memory
        theta[i] -= lr * gi * Elementary.reciprocalSquareRoot(memory + epsilon)
        exponents |= (theta[i].bitPattern & exponent) == exponent ? 1 : 0
        g[i] = 0
    }
    return exponents
}

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The best of five runs of `body` repeated `count` times, in nanoseconds per repetition.
func best(_ count: Int, _ body: (Int) -> Void) -> Double {
    var fastest = Double.infinity
    for _ in 0..<5 {
        let start = seconds()
        for r in 0..<count { body(r) }
        fastest = min(fastest, (seconds() - start) / Double(count) * 1e9)
    }
    return fastest
}

func singleRow(terms k: Int) -> Double {
    let (n, ld) = (100, Products.paddedStride(100))
    let b = UnsafeMutablePointer<Double>.allocate(capacity: k * ld + 8)
    for i in 0..<(k * ld + 8) { b[i] = Double(i % 17) * 1e-3 }
    let a = UnsafeMutablePointer<Double>.allocate(capacity: k)
    a.initialize(repeating: 0.01, count: k)
    let c = UnsafeMutablePointer<Double>.allocate(capacity: ld)
    let workspace = UnsafeMutablePointer<Double>.allocate(capacity: Products.workspaceSize)
    return best(100_000) { r in
        Products.multiply(
            m: 1, n: n, k: k, a: a, rowStride: k, termStride: 1, b: b, ldb: ld, accumulate: false, c: c, ldc: ld,
            workspace: workspace, descending: r % 2 == 1, paddedB: true)
        a[r % k] = c[3] * 1e-9 + 0.01
    } * 100 / Double(k)
}

func update(values n: Int) -> Double {
    let (theta, g, first) = (
        UnsafeMutablePointer<Double>.allocate(capacity: n), UnsafeMutablePointer<Double>.allocate(capacity: n),
        UnsafeMutablePointer<Double>.allocate(capacity: n)
    )
    for i in 0..<n { (theta[i], g[i], first[i]) = (Double(i) * 1e-5, 0, 1) }
    var flags: UInt64 = 0
    let ns = best(20_000 * 1000 / n) { r in
        g[r % n] = 0.3
        flags |= adagrad(theta, g, first, n)
    }
    precondition(flags == 0)
    return ns / Double(n)
}

/// One strip of `V` vectors of the single row (V ≤ 5, a constant where it is inlined): the engine's loads and
/// multiply-adds, in its order.
@inline(__always) func strip(
    _ V: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, ld: Int, k: Int, _ c: UnsafeMutablePointer<Double>
) {
    typealias Lanes = Products.Lanes
    var (c0, c1, c2, c3, c4) = (Lanes(), Lanes(), Lanes(), Lanes(), Lanes())
    var bp = b
    for p in 0..<k {
        let x = Lanes(repeating: a[p])
        c0 = c0.addingProduct(x, Products.load(bp))
        if V > 1 { c1 = c1.addingProduct(x, Products.load(bp + 8)) }
        if V > 2 { c2 = c2.addingProduct(x, Products.load(bp + 16)) }
        if V > 3 { c3 = c3.addingProduct(x, Products.load(bp + 24)) }
        if V > 4 { c4 = c4.addingProduct(x, Products.load(bp + 32)) }
        bp += ld
    }
    for (v, lanes) in [c0, c1, c2, c3, c4].prefix(V).enumerated() { Products.store(lanes, c + 8 * v) }
}

/// The single row of 13 vectors as the engine cuts it, strips of 4, 4 and 5, swept up and down alternately.
@inline(__always) func strips(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, ld: Int, k: Int, _ c: UnsafeMutablePointer<Double>,
    descending: Bool
) {
    for s in 0..<3 {
        let index = descending ? 2 - s : s
        let first = [0, 4, 8][index]
        if index == 2 {
            strip(5, a, b + 8 * first, ld: ld, k: k, c + 8 * first)
        } else {
            strip(4, a, b + 8 * first, ld: ld, k: k, c + 8 * first)
        }
    }
}

@inline(never) func constantStride(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, _ c: UnsafeMutablePointer<Double>, _ down: Bool
) { strips(a, b, ld: 112, k: k, c, descending: down) }

@inline(never) func registerStride(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, ld: Int, k: Int, _ c: UnsafeMutablePointer<Double>,
    _ down: Bool
) { strips(a, b, ld: ld, k: k, c, descending: down) }

/// The plain single row over W_h's 100 terms, per product: the stride a constant (112, `paddedStride(100)`), then
/// in a register (the same 112, read where the compiler cannot see it).
func plainRow() -> (constant: Double, register: Double) {
    let (k, ld) = (100, CommandLine.arguments.count > 99 ? 0 : Products.paddedStride(100))
    precondition(ld == 112)
    let b = UnsafeMutablePointer<Double>.allocate(capacity: k * ld + 8)
    for i in 0..<(k * ld + 8) { b[i] = Double(i % 17) * 1e-3 }
    let a = UnsafeMutablePointer<Double>.allocate(capacity: k)
    a.initialize(repeating: 0.01, count: k)
    let (c, d) = (
        UnsafeMutablePointer<Double>.allocate(capacity: ld), UnsafeMutablePointer<Double>.allocate(capacity: ld)
    )
    constantStride(a, b, k: k, c, false)
    registerStride(a, b, ld: ld, k: k, d, false)
    precondition((0..<104).allSatisfy { c[$0].bitPattern == d[$0].bitPattern }, "the same bits")
    let constant = best(100_000) { r in
        constantStride(a, b, k: k, c, r % 2 == 1)
        a[r % k] = c[3] * 1e-9 + 0.01
    }
    let register = best(100_000) { r in
        registerStride(a, b, ld: ld, k: k, c, r % 2 == 1)
        a[r % k] = c[3] * 1e-9 + 0.01
    }
    return (constant, register)
}

let (l2, l1) = (singleRow(terms: 100), singleRow(terms: 30))
let (big, small) = (update(values: 23_165), update(values: 1_000))
let plain = plainRow()
print(
    "| part of min-char-rnn's update | as it runs (W_h, parameters in L2) | in L1 | the update's 50 products / 23,165 values |"
)
print("|---|---:|---:|---:|")
print(
    "| single-row product, 100 columns, per 100 terms | \(Int(l2)) ns | \(Int(l1)) ns | \(Int(50 * l2 / 1000)) µs (L1: \(Int(50 * l1 / 1000))) |"
)
print(
    "| Adagrad, per value | \(Double(Int(big * 100)) / 100) ns | \(Double(Int(small * 100)) / 100) ns | \(Int(23_165 * big / 1000)) µs |"
)
print(
    "| the same row written plainly, stride a constant / in a register | \(Int(plain.constant)) ns / \(Int(plain.register)) ns | | |"
)
