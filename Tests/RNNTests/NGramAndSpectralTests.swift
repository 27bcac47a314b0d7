import Foundation
import RNN
import XCTest

final class NGramModelTests: XCTestCase {
    // Tokens: 0 = a, 1 = b, 2 = <EOS>. Sentences "a b", "a a b".
    let sentences = [[0, 1], [0, 0, 1]]

    func testAddOneBigramProbabilitiesByHand() {
        let model = NGramModel(order: 2, vocabularySize: 3, smoothing: .addK(1), sentences: sentences, endToken: 2)
        // Bigrams: <s> a ×2, a b ×2, a a ×1, b <EOS> ×2. count(a •) = 3.
        XCTAssertEqual(model.probability(of: 1, after: [0]), (2 + 1) / (3 + 3))
        XCTAssertEqual(model.probability(of: 0, after: []), (2 + 1) / (2 + 3))
        XCTAssertEqual(model.probability(of: 2, after: [1]), (2 + 1) / (2 + 3))
        XCTAssertEqual(model.probability(of: 0, after: [1]), (0 + 1) / (2 + 3))
        XCTAssertEqual(model.distinctNGrams, 4)
    }

    func testKneserNeyBigramByHand() {
        let d = 0.75
        let model = NGramModel(
            order: 2, vocabularySize: 3, smoothing: .kneserNey(discount: d), sentences: sentences, endToken: 2)
        // Continuation counts N1+(• w): a after {<s>, a} = 2, b after {a} = 1, <EOS> after {b} = 1; total 4, 3 types.
        let unigram = { (n: Double) in max(n - d, 0) / 4 + d * 3 / 4 * (1.0 / 3) }
        let pa = unigram(2)
        let pb = unigram(1)
        // P(b | a): count(a b) = 2, count(a •) = 3, followers of a = {b, a}.
        XCTAssertEqual(model.probability(of: 1, after: [0]), (2 - d) / 3 + d * 2 / 3 * pb, accuracy: 1e-15)
        XCTAssertEqual(model.probability(of: 0, after: [0]), (1 - d) / 3 + d * 2 / 3 * pa, accuracy: 1e-15)
    }

    func testEverySmoothedDistributionSumsToOne() {
        let long = [[0, 1, 3, 2, 0], [4, 4, 1, 0], [3, 0, 1, 2, 4, 4, 0]]
        for smoothing in [NGramModel.Smoothing.addK(0.1), .kneserNey(discount: 0.75)] {
            for order in 1...4 {
                let model = NGramModel(
                    order: order, vocabularySize: 6, smoothing: smoothing, sentences: long, endToken: 5)
                for context in [[], [0], [4, 4], [1, 0, 2], [5, 5, 5]] {
                    let total = (0..<6).reduce(0.0) { $0 + model.probability(of: $1, after: context) }
                    XCTAssertEqual(total, 1, accuracy: 1e-12, "\(smoothing) n=\(order) context \(context)")
                }
            }
        }
    }
}

final class SpectralNormTests: XCTestCase {
    func testLargestSingularValueMatchesNumpySVD() throws {
        for s in try Reference.load().spectral {
            assertClose(
                [largestSingularValue(matrix(s.matrix))], [s.largest_singular_value], rtol: 1e-10, atol: 0, "σ_max")
        }
    }
}
