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

/// How much the counts hold, and the bound they are counted against (`NGramModel.bytesBound`).
final class NGramMemoryTests: XCTestCase {
    /// Pseudo-random tokens (an LCG's high bits), in sentences of 100: at high orders nearly every context is
    /// new, the costliest case per count.
    func sentences(_ count: Int, vocabulary V: Int) -> [[Int]] {
        var (state, tokens) = (UInt64(12345), [Int]())
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            tokens.append(Int(state >> 33) % V)
        }
        return stride(from: 0, to: count, by: 100).map { Array(tokens[$0..<min($0 + 100, count)]) }
    }

    /// The counters kept while counting are the distinct (context, word) pairs and contexts, counted here
    /// independently from the padded sentences (Kneser–Ney's lower orders hold a pair once some longer context
    /// has led to it, which is once the pair has been seen after any token or start symbol: the same pairs).
    func testTheCountersAreTheDistinctPairsAndContexts() {
        let data = sentences(3_000, vocabulary: 7)
        for smoothing in [NGramModel.Smoothing.addK(1), .kneserNey(discount: 0.75)] {
            for n in [1, 3, 5] {
                let model = NGramModel(order: n, vocabularySize: 8, smoothing: smoothing, sentences: data, endToken: 7)
                var (pairs, contexts, highest) = (Set<[Int]>(), Set<[Int]>(), Set<[Int]>())
                for sentence in data {
                    let padded = Array(repeating: -2, count: n - 1) + sentence + [7]
                    for i in (n - 1)..<padded.count {
                        for k in 0..<n {
                            let context = Array(padded[(i - k)..<i])
                            pairs.insert([k] + context + [padded[i]])
                            contexts.insert([k] + context)
                            if k == n - 1 { highest.insert(context + [padded[i]]) }
                        }
                    }
                }
                XCTAssertEqual(model.storedCounts, pairs.count, "\(smoothing) n=\(n)")
                XCTAssertEqual(model.contexts, contexts.count, "\(smoothing) n=\(n)")
                XCTAssertEqual(model.distinctNGrams, highest.count, "\(smoothing) n=\(n)")
                XCTAssertEqual(model.countedTokens, 3_000 + data.count)
                XCTAssertFalse(model.exceeded)
            }
        }
    }

    /// The bound holds what counting really takes: the growth of the process's peak resident size (VmHWM,
    /// reset through /proc/self/clear_refs) while 50,000 pseudo-random tokens are counted stays under
    /// `bytesBound` of the counts and contexts they made (Kneser–Ney at n = 10 took about 349 bytes a count
    /// against the bound's 436 when it was measured; 484 since a count is taken at 208 bytes).
    func testTheCountsStayWithinTheirMemoryBound() throws {
        let data = sentences(50_000, vocabulary: 40)
        for (n, smoothing) in [
            (10, NGramModel.Smoothing.kneserNey(discount: 0.75)), (5, .kneserNey(discount: 0.75)), (10, .addK(1)),
        ] {
            try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let before = try peakResidentKB()
            let model = NGramModel(order: n, vocabularySize: 40, smoothing: smoothing, sentences: data, endToken: nil)
            let growth = (try peakResidentKB() - before) * 1024
            let bound = NGramModel.bytesBound(
                order: n, smoothing: smoothing, stored: model.storedCounts, contexts: model.contexts)
            XCTAssertGreaterThan(model.storedCounts, 100_000)
            XCTAssertLessThan(growth, bound, "\(smoothing) n=\(n): grew \(growth) B for \(model.storedCounts) counts")
        }
    }

    /// A unigram model of distinct words keeps every count in one dictionary; just past a growth of its capacity
    /// (393,217 = 3/4 of 2^19, plus one) it holds its old and new storage at once, about 75 bytes a count,
    /// which the bound must cover (it allowed 60 for add-k, and the growth passed it by a quarter).
    func testOneGrowingTableStaysWithinTheBound() throws {
        let data = (0..<393_217).map { [$0] }
        for smoothing in [NGramModel.Smoothing.addK(1), .kneserNey(discount: 0.75)] {
            try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let before = try peakResidentKB()
            let model = NGramModel(
                order: 1, vocabularySize: data.count, smoothing: smoothing, sentences: data, endToken: nil)
            let growth = (try peakResidentKB() - before) * 1024
            let bound = NGramModel.bytesBound(
                order: 1, smoothing: smoothing, stored: model.storedCounts, contexts: model.contexts)
            XCTAssertEqual(model.storedCounts, data.count)
            XCTAssertLessThan(growth, bound, "\(smoothing): grew \(growth) B for \(model.storedCounts) counts")
        }
    }

    /// Few contexts, each followed by new words: 100 heads before the same 8 tokens, then a word never seen. At
    /// n = 10 every order's count is new and Kneser–Ney keeps a continuation of up to ten tokens behind it; just
    /// past 24,576 sentences (3/4 of 2^15) every order's dictionary of followers grows at once: 173 bytes a count
    /// (release), which the bound must cover (it allowed 160 for Kneser–Ney).
    func testContinuationsOfNewWordsStayWithinTheBound() throws {
        let data = (0..<24_577).map { [1_000_000 + $0 % 100] + Array(2_000_000..<2_000_008) + [$0] }
        let smoothing = NGramModel.Smoothing.kneserNey(discount: 0.75)
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try peakResidentKB()
        let model = NGramModel(
            order: 10, vocabularySize: 2_000_008, smoothing: smoothing, sentences: data, endToken: nil)
        let growth = (try peakResidentKB() - before) * 1024
        let bound = NGramModel.bytesBound(
            order: 10, smoothing: smoothing, stored: model.storedCounts, contexts: model.contexts)
        XCTAssertGreaterThan(model.storedCounts, 10 * data.count)
        XCTAssertLessThan(growth, bound, "grew \(growth) B for \(model.storedCounts) counts")
    }

    /// With `maxBytes`, counting stops at the last token whose worst case (one count and one context per order)
    /// still fits.
    func testCountingStopsBeforeTheBoundWouldPassTheLimit() {
        let data = sentences(100_000, vocabulary: 40)
        let smoothing = NGramModel.Smoothing.kneserNey(discount: 0.75)
        let limit = 2 << 20
        let model = NGramModel(
            order: 6, vocabularySize: 40, smoothing: smoothing, sentences: data, endToken: nil, maxBytes: limit)
        XCTAssertTrue(model.exceeded)
        XCTAssertGreaterThan(model.countedTokens, 500)
        XCTAssertLessThan(model.countedTokens, 100_000)
        let (stored, contexts) = (model.storedCounts, model.contexts)
        XCTAssertLessThanOrEqual(
            NGramModel.bytesBound(order: 6, smoothing: smoothing, stored: stored, contexts: contexts), limit)
        XCTAssertGreaterThan(
            NGramModel.bytesBound(order: 6, smoothing: smoothing, stored: stored + 6, contexts: contexts + 6), limit)
        // The same tokens counted without a limit make the same counts.
        let first = Array(data.joined().prefix(model.countedTokens))
        let whole = NGramModel(
            order: 6, vocabularySize: 40, smoothing: smoothing,
            sentences: stride(from: 0, to: first.count, by: 100).map { Array(first[$0..<min($0 + 100, first.count)]) },
            endToken: nil)
        XCTAssertEqual(whole.storedCounts, stored)
        XCTAssertEqual(whole.contexts, contexts)
        XCTAssertFalse(whole.exceeded)
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
