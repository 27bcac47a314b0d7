import XCTest

@testable import RNN

/// Generation carries the states from step to step and runs the samples still going together: each sampled
/// token's probability must be the one the teacher-forced pass over everything read so far gives (the pass
/// tested against PyTorch), and a sample must not depend on the samples generated with it.
final class GenerationTests: XCTestCase {
    static let cells: [CellKind] = [.rnn(.tanh), .lstm, .gru, .gruOriginal]

    func models() throws -> [(String, SequenceModel)] {
        let sources = try Vocabulary(tokens: ["a", "b", "c", "d"])
        let targets = try Vocabulary(tokens: ["x", "y", "z", "<EOS>"])
        var out: [(String, SequenceModel)] = []
        for shape in [SequenceModel.Shape.languageModel, .oneToMany, .encoderDecoder] {
            for (n, cell) in Self.cells.enumerated() {
                let c = SequenceModel.Configuration(
                    shape: shape, cell: cell, hidden: 5, layers: 1 + n % 2, embedding: n % 2 == 0 ? 3 : nil)
                let model = SequenceModel(
                    c, sources: sources, targets: shape == .languageModel ? sources : targets,
                    initialization: .normal(scale: 0.9, seed: UInt32(20 + n)))
                out.append(("\(shape.rawValue) \(cell) L=\(c.layers)", model))
            }
        }
        return out
    }

    func testEachTokensProbabilityIsTheTeacherForcedPasss() throws {
        for (name, model) in try models() {
            let source = model.configuration.shape == .oneToMany ? [2] : [1, 3, 0]
            for seed: UInt32 in [1, 2] {
                var config = SamplingConfiguration(length: 7)
                config.seed = seed
                let sampled = model.generate(source: source, config)
                XCTAssertEqual(sampled.count, 7, name)
                let tokens = sampled.map(\.token)
                for (t, token) in sampled.enumerated() {
                    let loss: Double
                    if model.configuration.shape == .languageModel {
                        let read = source + tokens[..<t]
                        let target = Array(read.dropFirst()) + [token.token]
                        let trace = model.forward(source: read, target: target)
                        loss = model.stepLosses(trace, target: target).last!
                    } else {
                        let target = Array(tokens[...t])
                        let trace = model.forward(source: source, target: target)
                        loss = model.stepLosses(trace, target: target).last!
                    }
                    XCTAssertEqual(token.probability, exp(-loss), accuracy: 1e-12 * exp(-loss), "\(name) step \(t)")
                }
            }
        }
    }

    func testSamplesGeneratedTogetherEqualEachGeneratedAlone() throws {
        for (name, model) in try models() {
            let shape = model.configuration.shape
            let sources: [[Int]] =
                shape == .oneToMany
                ? [[0], [1], [2], [3], [1]]
                : shape == .languageModel
                    ? [[], [2], [1, 3, 0, 2], [3], []] : [[1], [0, 2], [3, 3, 1], [2], [1, 0]]
            let stop = model.targets.index(of: Vocabulary.endOfSentence) ?? 2
            let configs = (0..<5).map { i in
                var config = SamplingConfiguration(length: [9, 4, 12, 0, 6][i])
                config.seed = UInt32(7 + i)
                config.temperature = [1, 0.5, 2, 1, 1.5][i]
                config.stopToken = i % 2 == 0 ? stop : nil
                config.topK = i == 4 ? 2 : nil
                return config
            }
            let together = model.generate(sources: sources, configs)
            let alone = zip(sources, configs).map { model.generate(source: $0, $1) }
            XCTAssertEqual(together, alone, name)
            XCTAssertEqual(together[3], [], "\(name): length 0")
            XCTAssertEqual(together[1].count, 4, "\(name): no stop token, the full length")
            for (sample, config) in zip(together, configs) {
                XCTAssertTrue(
                    sample.dropLast().allSatisfy { $0.token != config.stopToken }, "\(name): stops at the stop token")
            }
        }
    }
}
