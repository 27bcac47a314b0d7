import Foundation
import XCTest

@testable import RNN

/// The vectorised exp and tanh against glibc's, and the reciprocal square root against 80-bit arithmetic, in
/// units in the last place.
final class VectorMathTests: XCTestCase {
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
        check({ VectorMath.exp($0, count: $1) }, Foundation.exp, wide + narrow + tiny, "exp", ulp: 2)
        check({ VectorMath.tanh($0, count: $1) }, Foundation.tanh, wide.map { $0 / 20 } + narrow + tiny, "tanh", ulp: 4)
    }

    /// Against 1/√x in 80-bit arithmetic, over the range Adagrad meets (m + 1e-8 from 1e-8 up) and beyond.
    func testReciprocalSquareRootIsWithinAnUlp() {
        var generator = MT19937(seed: 11)
        var worst = (0.0, 0.0)
        for _ in 0..<200_000 {
            let x = Foundation.pow(10, -10 + 30 * generator.nextDouble())
            let exact = Double(1 / Float80(x).squareRoot())
            let e = ulps(VectorMath.reciprocalSquareRoot(x), exact)
            if e > worst.0 { worst = (e, x) }
        }
        for x in [1e-8, 1, 2, 4, 0.25, 1e300, 2.2250738585072014e-308] {
            let e = ulps(VectorMath.reciprocalSquareRoot(x), Double(1 / Float80(x).squareRoot()))
            if e > worst.0 { worst = (e, x) }
        }
        XCTAssertLessThanOrEqual(worst.0, 1, "\(worst.0) ulp at x = \(worst.1)")
    }

    func testEdgeCases() {
        let xs: [Double] = [0, -0.0, 800, -800, .infinity, -.infinity, 1e-300, 709.7, .nan]
        let e = xs.map { VectorMath.exp($0) }
        XCTAssertEqual(Array(e[0..<7]), [1, 1, .infinity, 0, .infinity, 0, 1])
        XCTAssertEqual(e[7], Foundation.exp(709.7), accuracy: Foundation.exp(709.7) * 1e-15)
        XCTAssertTrue(e[8].isNaN)
        let t = xs.map { VectorMath.tanh($0) }
        XCTAssertEqual(Array(t[0..<7]), [0, 0, 1, -1, 1, -1, 1e-300])
        XCTAssertTrue(t[8].isNaN)
    }
}
