import XCTest

@testable import RNN

/// The optimizer's update that clears each gradient as it reads it (how the trainer gets zeros for the next
/// update's gradient without a pass of its own) moves θ and the memories exactly as the update that leaves the
/// gradient alone.
final class OptimizerTests: XCTestCase {
    private func start() -> (theta: [Double], first: [Double], second: [Double], gradient: [Double]) {
        let count = 35
        var theta = (0..<count).map { Double(($0 * 37) % 23) / 7 - 1.5 }
        theta[2] = -0.0
        let first = (0..<count).map { Double(($0 * 11) % 13) / 5 }
        let second = (0..<count).map { Double(($0 * 5) % 9) / 50 }
        let gradient = (0..<count).map { (i: Int) -> Double in i % 4 == 0 ? 0 : Double(i * 3 % 17 - 8) * 0.9 }
        return (theta, first, second, gradient)
    }

    /// θ, both memories and the gradient after one update.
    private func updated(_ optimizer: Optimizer, _ clipping: GradientClipping, norm: Double, clearing: Bool)
        -> [[Double]]
    {
        var (theta, first, second, gradient) = start()
        _ = optimizer.update(
            &theta, gradient: &gradient, first: &first, second: &second, count: theta.count, step: 3,
            clipping: clipping, norm: norm, clearing: clearing)
        return [theta, first, second, gradient]
    }

    func testClearingTheGradientAsItIsReadLeavesTheUpdateBitForBitAndTheGradientZero() {
        let cases: [(Optimizer, GradientClipping, Double)] = [
            (.adagrad(learningRate: 0.1), .elementwise(5), 0), (.adagrad(learningRate: 0.1), .globalNorm(1), 30),
            (.sgd(learningRate: 0.3), .elementwise(5), 0), (.adam(learningRate: 0.01), .none, 0),
        ]
        for (optimizer, clipping, norm) in cases {
            let kept = updated(optimizer, clipping, norm: norm, clearing: false)
            let cleared = updated(optimizer, clipping, norm: norm, clearing: true)
            XCTAssertEqual(
                cleared[0..<3].map { $0.map(\.bitPattern) }, kept[0..<3].map { $0.map(\.bitPattern) },
                "\(optimizer): θ and memories")
            XCTAssertNotEqual(kept[0], start().theta, "\(optimizer): θ moved")
            XCTAssertEqual(kept[3], start().gradient, "\(optimizer): without clearing the gradient is left as it is")
            XCTAssertTrue(cleared[3].allSatisfy { $0.bitPattern == 0 }, "\(optimizer): the gradient is +0 after")
        }
    }
}
