import RNN
import XCTest

final class GradientCheckTests: XCTestCase {
    func testEveryEntryOfEveryReferenceCaseAgreesWithFiniteDifferences() throws {
        for c in try RNNCase.all() {
            let trace = c.model.forward(c.inputs)
            let grads = c.model.backward(
                trace, targets: c.targets, stepWeights: c.reduction.stepWeights(count: c.inputs.count))
            var entries: [(String, Int, Int)] = []
            for p in c.model.parameters.items {
                for r in 0..<p.value.rows { for k in 0..<p.value.cols { entries.append((p.name, r, k)) } }
            }
            let results = GradientCheck().run(model: c.model, analytic: grads.parameters, entries: entries) {
                $0.loss(inputs: c.inputs, targets: c.targets, reduction: c.reduction)
            }
            XCTAssertEqual(results.count, c.model.parameters.scalarCount)
            XCTAssertEqual(results.filter { !$0.passed }.map(\.parameter), [], c.name)
            let worst = results.filter { abs($0.analytic) > 1e-3 }.map(\.relativeError).max()!
            XCTAssertLessThan(worst, 1e-7, "\(c.name): entries above 1e-3 agree to a relative 1e-7")
        }
    }

    func testRelativeErrorFollowsItsDefinition() {
        XCTAssertEqual(GradientCheck.relativeError(analytic: 0, numeric: 0), 0)
        XCTAssertEqual(GradientCheck.relativeError(analytic: 2, numeric: 1), 0.5)
        XCTAssertEqual(GradientCheck.relativeError(analytic: 1e-12, numeric: 0), 1)
    }

    func testAWrongGradientIsCaught() throws {
        let c = try RNNCase.all()[0]
        let trace = c.model.forward(c.inputs)
        var grads = c.model.backward(trace, targets: c.targets, stepWeights: c.reduction.stepWeights(count: 4))
            .parameters
        grads["W_h"]![0, 1] *= 1.001
        let results = GradientCheck().run(model: c.model, analytic: grads, entries: [("W_h", 0, 1)]) {
            $0.loss(inputs: c.inputs, targets: c.targets, reduction: c.reduction)
        }
        XCTAssertEqual(results[0].relativeError, 0.001 / 1.001, accuracy: 1e-6)
        XCTAssertFalse(results[0].passed)
    }
}
