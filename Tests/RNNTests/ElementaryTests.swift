import Foundation
import XCTest

@testable import RNN

/// The engine's own exp, tanh, sigmoid and log against glibc's and against 80-bit arithmetic, and the
/// reciprocal square root against 80-bit arithmetic, in units in the last place.
final class ElementaryTests: XCTestCase {
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / max(abs(b), Double.leastNormalMagnitude).ulp
    }

    func check(
        _ f: (UnsafeMutablePointer<Double>, Int) -> Void, _ g: (Double) -> Double, _ xs: [Double], _ name: String,
        ulp: Double
    ) {
        var worst = (0.0, 0.0)
        var ys = xs
        ys.withUnsafeMutableBufferPointer { f($0.baseAddress!, $0.count) }
        for (x, y) in zip(xs, ys) {
            let e = ulps(y, g(x))
            if e > worst.0 { worst = (e, x) }
        }
        XCTAssertLessThanOrEqual(worst.0, ulp, "\(name): \(worst.0) ulp at x = \(worst.1)")
    }

    func testExpIsWithinTwoUlpAndTanhFourOfGlibc() {
        var generator = MT19937(seed: 5)
        let wide = (0..<80_000).map { _ in (generator.nextDouble() - 0.5) * 1400 }
        let narrow = (0..<80_000).map { _ in (generator.nextDouble() - 0.5) * 8 }
        let tiny = (0..<16_000).map { _ in (generator.nextDouble() - 0.5) * 1e-6 }
        check({ Elementary.exp($0, count: $1) }, Foundation.exp, wide + narrow + tiny, "exp", ulp: 2)
        check({ Elementary.tanh($0, count: $1) }, Foundation.tanh, wide.map { $0 / 20 } + narrow + tiny, "tanh", ulp: 4)
    }

    /// log within an ulp of glibc's and of log in 80-bit arithmetic (x87's fyl2x, rounded once), over the whole
    /// range: subnormals, [1/2, 2] where log is smallest relative to x, and up to the largest double.
    func testLogIsWithinAnUlpOfGlibcAndOf80BitArithmetic() {
        var generator = MT19937(seed: 7)
        var xs = (0..<100_000).map { _ in Foundation.pow(2, -1074 + 2097 * generator.nextDouble()) }
        xs += (0..<50_000).map { _ in 0.5 + 1.5 * generator.nextDouble() }
        xs += (0..<20_000).map { _ in 1 + (generator.nextDouble() - 0.5) * 1e-6 }
        xs += [1, 2, 0.5, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1.4142135623730951]
        var worst = (glibc: (0.0, 0.0), exact: (0.0, 0.0))
        for x in xs {
            let y = Elementary.log(x)
            let glibc = ulps(y, Foundation.log(x))
            let exact = ulps(y, Double(Foundation.log(Float80(x))))
            if glibc > worst.glibc.0 { worst.glibc = (glibc, x) }
            if exact > worst.exact.0 { worst.exact = (exact, x) }
        }
        XCTAssertLessThanOrEqual(worst.glibc.0, 1, "against glibc: \(worst.glibc.0) ulp at x = \(worst.glibc.1)")
        XCTAssertLessThanOrEqual(worst.exact.0, 1, "against 80 bits: \(worst.exact.0) ulp at x = \(worst.exact.1)")
        XCTAssertEqual(Elementary.log(1), 0)
        XCTAssertEqual(Elementary.log(0), -.infinity)
        XCTAssertEqual(Elementary.log(.infinity), .infinity)
        XCTAssertTrue(Elementary.log(-1).isNaN)
        XCTAssertTrue(Elementary.log(.nan).isNaN)
    }

    /// exp and tanh against 80-bit arithmetic as well (glibc's are themselves within an ulp of it), and the
    /// sigmoid 1/(1 + e⁻ˣ) built on exp within 3 ulp of the 80-bit one.
    func testExpTanhAndSigmoidAgainst80BitArithmetic() {
        var generator = MT19937(seed: 9)
        let xs = (0..<50_000).map { _ in (generator.nextDouble() - 0.5) * 60 }
        var worst = (exp: 0.0, tanh: 0.0, sigmoid: 0.0)
        for x in xs {
            let wide = Float80(x)
            worst.exp = max(worst.exp, ulps(Elementary.exp(x), Double(Foundation.exp(wide))))
            worst.tanh = max(worst.tanh, ulps(Elementary.tanh(x), Double(Foundation.tanh(wide))))
            worst.sigmoid = max(worst.sigmoid, ulps(Elementary.sigmoid(x), Double(1 / (1 + Foundation.exp(-wide)))))
        }
        XCTAssertLessThanOrEqual(worst.exp, 2, "exp")
        XCTAssertLessThanOrEqual(worst.tanh, 4, "tanh")
        XCTAssertLessThanOrEqual(worst.sigmoid, 3, "sigmoid")
    }

    /// Against 1/√x in 80-bit arithmetic, over the range Adagrad meets (m + 1e-8 from 1e-8 up) and beyond.
    func testReciprocalSquareRootIsWithinAnUlp() {
        var generator = MT19937(seed: 11)
        var worst = (0.0, 0.0)
        for _ in 0..<200_000 {
            let x = Foundation.pow(10, -10 + 30 * generator.nextDouble())
            let exact = Double(1 / Float80(x).squareRoot())
            let e = ulps(Elementary.reciprocalSquareRoot(x), exact)
            if e > worst.0 { worst = (e, x) }
        }
        for x in [1e-8, 1, 2, 4, 0.25, 1e300, 2.2250738585072014e-308] {
            let e = ulps(Elementary.reciprocalSquareRoot(x), Double(1 / Float80(x).squareRoot()))
            if e > worst.0 { worst = (e, x) }
        }
        XCTAssertLessThanOrEqual(worst.0, 1, "\(worst.0) ulp at x = \(worst.1)")
    }

    func testEdgeCases() {
        let xs: [Double] = [0, -0.0, 800, -800, .infinity, -.infinity, 1e-300, 709.7, .nan]
        let e = xs.map { Elementary.exp($0) }
        XCTAssertEqual(Array(e[0..<7]), [1, 1, .infinity, 0, .infinity, 0, 1])
        XCTAssertEqual(e[7], Foundation.exp(709.7), accuracy: Foundation.exp(709.7) * 1e-15)
        XCTAssertTrue(e[8].isNaN)
        let t = xs.map { Elementary.tanh($0) }
        XCTAssertEqual(Array(t[0..<7]), [0, 0, 1, -1, 1, -1, 1e-300])
        XCTAssertTrue(t[8].isNaN)
    }
}
