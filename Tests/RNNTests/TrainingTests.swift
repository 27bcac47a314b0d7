import Foundation
import RNN
import XCTest

final class TrainingTests: XCTestCase {
    struct MinCharRNN: Decodable {
        let vocabulary: [String]
        let losses: [Double]
        let smoothed: [Double]
    }

    /// 100 iterations of min-char-rnn (H=100, T=25, Adagrad lr 0.1, clip 5) match the numpy original.
    func testHundredStepsOfMinCharRNNMatchTheNumpyOriginal() throws {
        var (reference, tokens, model) = try minCharRNN()
        let log = try model.train(
            on: .stream(tokens: tokens, window: 25),
            TrainingConfiguration(
                optimizer: .adagrad(learningRate: 0.1), clipping: .elementwise(5), reduction: .sum, steps: 100))
        assertClose(log.losses, reference.losses, rtol: 1e-9, atol: 0, "min-char-rnn losses")
        assertClose(log.smoothed, reference.smoothed, rtol: 1e-9, atol: 0, "min-char-rnn smoothed losses")
    }

    func testAdamsFirstStepMovesEachWeightByTheLearningRateAgainstItsGradientsSign() {
        // With m̂ = g and v̂ = g² after one step, the update is lr · g / (|g| + ε).
        var parameters = ParameterSet([Parameter(name: "w", value: Matrix(rows: 1, cols: 3, values: [1, 2, 3]))])
        let gradients = ParameterSet([Parameter(name: "w", value: Matrix(rows: 1, cols: 3, values: [0.5, -2, 0]))])
        var state = OptimizerState(.adam(learningRate: 0.1), for: parameters)
        state.update(&parameters, with: gradients)
        let expected = [1 - 0.1 * 0.5 / (0.5 + 1e-8), 2 + 0.1 * 2 / (2 + 1e-8), 3]
        XCTAssertEqual(parameters["w"]!.values, expected)
    }

    func testAdagradAccumulatesSquaredGradients() {
        var parameters = ParameterSet([Parameter(name: "w", value: Matrix(rows: 1, cols: 1, values: [0]))])
        let g = ParameterSet([Parameter(name: "w", value: Matrix(rows: 1, cols: 1, values: [2]))])
        var state = OptimizerState(.adagrad(learningRate: 1), for: parameters)
        state.update(&parameters, with: g)
        state.update(&parameters, with: g)
        // θ -= lr·g/√(m + ε) after m = 4, then 8; the engine's 1/√ is within an ulp, so the result within two.
        let exact = -2 / (Float80(4) + Float80(1e-8)).squareRoot() - 2 / (Float80(8) + Float80(1e-8)).squareRoot()
        XCTAssertEqual(parameters["w"]!.values[0], Double(exact), accuracy: 2 * Double(exact).ulp)
    }

    func testClippingElementwiseAndByGlobalNorm() {
        let g = ParameterSet([
            Parameter(name: "a", value: Matrix(rows: 1, cols: 2, values: [3, -4])),
            Parameter(name: "b", value: Matrix(rows: 1, cols: 1, values: [12])),
        ])
        var clamped = g
        XCTAssertEqual(GradientClipping.elementwise(5).apply(to: &clamped), 13)
        XCTAssertEqual(clamped.items.flatMap(\.value.values), [3, -4, 5])
        var scaled = g
        GradientClipping.globalNorm(6.5).apply(to: &scaled)
        let s = 6.5 / (13 + 1e-6)
        XCTAssertEqual(scaled.items.flatMap(\.value.values), [3 * s, -4 * s, 12 * s])
        var untouched = g
        GradientClipping.globalNorm(20).apply(to: &untouched)
        XCTAssertEqual(untouched, g)
    }

    func testOneSentenceBatchStepIsTheMeanOfTheSentencesGradients() throws {
        let c = try RNNCase.all()[0]
        let sentences = [[0, 1, 2], [2, 3]]
        let targets = [[1, 2, 2], [3, 0]]
        var trained = c.model
        _ = try trained.train(
            on: .sentences(inputs: sentences, targets: targets, batchSize: 2),
            TrainingConfiguration(optimizer: .sgd(learningRate: 0.5), steps: 1))
        var expected = c.model.parameters
        for (x, y) in zip(sentences, targets) {
            let g = c.model.backward(
                c.model.forward(x), targets: y, stepWeights: LossReduction.mean.stepWeights(count: x.count))
            for k in expected.items.indices {
                for i in 0..<expected.items[k].value.count {
                    expected.items[k].value.values[i] -= 0.5 * 0.5 * g.parameters.items[k].value.values[i]
                }
            }
        }
        for (a, e) in zip(trained.parameters.items, expected.items) {
            assertClose(a.value.values, e.value.values, rtol: 1e-12, atol: 1e-15, a.name)
        }
    }

    func testDivergenceIsReportedWithTheStep() throws {
        var model = try RNNCase.all()[1].model
        XCTAssertThrowsError(
            try model.train(
                on: .stream(tokens: [0, 3, 5, 1, 1, 2, 4, 0, 3], window: 4),
                TrainingConfiguration(optimizer: .sgd(learningRate: 1e300), steps: 50))
        ) { error in
            guard case .diverged(let step, _) = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(step, 1)
            XCTAssertLessThanOrEqual(step, 50)
        }
    }

    func testGreedySamplingFollowsTheArgmaxChainAndTopOneEqualsGreedy() throws {
        let model = try RNNCase.all()[0].model
        var greedy = SamplingConfiguration(length: 6)
        greedy.greedy = true
        let tokens = model.sample(prime: [0], greedy)
        var h = model.initialHidden
        var (hNext, logits) = model.step(0, h)
        for sampled in tokens {
            let p = Softmax.probabilities(logits)
            let best = p.indices.max { p[$0] < p[$1] }!
            XCTAssertEqual(sampled.token, best)
            XCTAssertEqual(sampled.probability, p[best], accuracy: 1e-15)
            h = hNext
            (hNext, logits) = model.step(best, h)
        }
        var topOne = SamplingConfiguration(length: 6)
        topOne.topK = 1
        XCTAssertEqual(model.sample(prime: [0], topOne).map(\.token), tokens.map(\.token))
        XCTAssertTrue(model.sample(prime: [0], topOne).allSatisfy { $0.probability == 1 })
    }

    func testSamplingIsSeededAndStopsAtTheStopToken() throws {
        let model = try RNNCase.all()[3].model
        var config = SamplingConfiguration(length: 200)
        config.seed = 9
        let a = model.sample(prime: [], config)
        XCTAssertEqual(a.map(\.token), model.sample(prime: [], config).map(\.token))
        config.stopToken = a[2].token
        let stopped = model.sample(prime: [], config)
        XCTAssertEqual(stopped.last?.token, a[2].token)
        XCTAssertLessThanOrEqual(stopped.count, 3)
    }
}
