import Foundation

/// A count-based n-gram language model, the baseline the notes compare the RNN with.
///
/// Each sentence is padded with n-1 start symbols and ends with `<EOS>` when the vocabulary has it. Smoothing:
/// - `addK(k)`: `P(w | c) = (count(c w) + k) / (count(c) + k |V|)`;
/// - `kneserNey(d)`: interpolated Kneser–Ney with absolute discount d (Chen & Goodman 1998). The highest order
///   uses counts, lower orders continuation counts `N1+(• c w)`; each order is
///   `max(N(c w) - d, 0) / N(c •) + d · T(c) / N(c •) · P(w | shorter c)`, with `T(c)` the number of distinct
///   words seen after c, and the recursion ends in the uniform distribution 1/|V|. A context never seen backs off
///   entirely to the shorter one.
public struct NGramModel: Sendable {
    public enum Smoothing: Equatable, Sendable {
        case addK(Double)
        case kneserNey(discount: Double)
    }

    public let order: Int
    public let vocabularySize: Int
    public let smoothing: Smoothing
    /// `counts[k][context][word]` for contexts of length k (0 … n-1): counts at the highest order,
    /// continuation counts below it (for Kneser–Ney; plain counts for add-k).
    private var counts: [[[Int]: [Int: Int]]]
    private var totals: [[[Int]: Int]]
    private static let start = -2

    public init(order: Int, vocabularySize: Int, smoothing: Smoothing, sentences: [[Int]], endToken: Int?) {
        self.order = order
        self.vocabularySize = vocabularySize
        self.smoothing = smoothing
        counts = Array(repeating: [:], count: order)
        totals = Array(repeating: [:], count: order)
        var seenLonger = Set<[Int]>()
        for sentence in sentences where !Deadline.passed {
            let padded = Array(repeating: Self.start, count: order - 1) + sentence + (endToken.map { [$0] } ?? [])
            for i in (order - 1)..<padded.count {
                for k in 0..<order {
                    let context = Array(padded[(i - k)..<i])
                    let word = padded[i]
                    let isHighest = k == order - 1
                    if case .kneserNey = smoothing, !isHighest {
                        // Continuation count: each distinct (one-longer context, word) counts once.
                        guard seenLonger.insert([padded[i - k - 1]] + context + [word]).inserted else { continue }
                    }
                    counts[k][context, default: [:]][word, default: 0] += 1
                    totals[k][context, default: 0] += 1
                }
            }
        }
    }

    /// How many numbers the model stores: one count per distinct (context, word) pair over all orders.
    public var storedCounts: Int { counts.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }

    /// Distinct n-grams of the highest order seen in training.
    public var distinctNGrams: Int { counts[order - 1].values.reduce(0) { $0 + $1.count } }

    /// `P(word | context)`, using the last n-1 tokens of `context` (start symbols before the sentence).
    public func probability(of word: Int, after context: [Int]) -> Double {
        let padded = Array(repeating: Self.start, count: max(0, order - 1 - context.count)) + context.suffix(order - 1)
        switch smoothing {
        case .addK(let k):
            let c = Array(padded.suffix(order - 1))
            let n = Double(counts[order - 1][c]?[word] ?? 0)
            let total = Double(totals[order - 1][c] ?? 0)
            return (n + k) / (total + k * Double(vocabularySize))
        case .kneserNey(let d):
            var p = 1 / Double(vocabularySize)
            for k in 0..<order {
                let c = Array(padded.suffix(k))
                guard let total = totals[k][c], total > 0, let followers = counts[k][c] else { continue }
                let n = Double(followers[word] ?? 0)
                p = max(n - d, 0) / Double(total) + d * Double(followers.count) / Double(total) * p
            }
            return p
        }
    }

    /// The log-probability of a sentence (natural log), `<EOS>` included when the model has it, and its length.
    public func logProbability(_ sentence: [Int], endToken: Int?) -> (logProbability: Double, tokens: Int) {
        let full = sentence + (endToken.map { [$0] } ?? [])
        var total = 0.0
        // Only the last n-1 tokens of the context matter; slicing them keeps this linear in the length.
        for (i, w) in full.enumerated() where !Deadline.passed {
            total += Elementary.log(probability(of: w, after: Array(full[max(0, i - order + 1)..<i])))
        }
        return (total, full.count)
    }
}
