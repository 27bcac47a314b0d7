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
    /// How many numbers the model stores: one count per distinct (context, word) pair over all orders.
    public private(set) var storedCounts = 0
    /// Distinct n-grams of the highest order seen in training.
    public private(set) var distinctNGrams = 0
    /// Distinct contexts over all orders (each keys a dictionary of followers and a total).
    public private(set) var contexts = 0
    /// Whether counting stopped because the counts would have passed `maxBytes` (they are then incomplete, and
    /// the model must be discarded).
    public private(set) var exceeded = false
    /// The tokens counted (all of the sentences' unless counting stopped early).
    public private(set) var countedTokens = 0

    /// The most memory counts take while they are built, in bytes: per stored count (a follower in its context's
    /// dictionary; for Kneser–Ney also the seen continuation behind it), 208 (Kneser–Ney) or 96 (add-k), and per
    /// context (an array of up to n-1 tokens keying a dictionary of followers and a total) 240 + 8n. Measured as
    /// the peak resident growth (`NGramMemoryTests.testTheCountsStayWithinTheirMemoryBound` checks it), fitted
    /// over 200,000 pseudo-random tokens, V = 40 at n = 3 … 10 and V = 5,000 at n = 2 … 4: about 127 and 40 per
    /// count, 190–265 per context; the bound, with 160 for Kneser–Ney, was 14–63 % above every case (a million
    /// characters of Shakespeare hold 2.9 million counts at n = 10: 1.05 GB). The worst cases found since are
    /// dictionaries that hold nearly every count as they grow past their capacity, old and new storage held at
    /// once: 75 bytes a count for a unigram model of distinct words (786,433 or 1,572,865 counts;
    /// `testOneGrowingTableStaysWithinTheBound`), and for Kneser–Ney at n = 10, 174 when few contexts are each
    /// followed by new words, each count then also keeping a continuation of up to ten tokens (12,289 or 24,577
    /// sentences of one of 100 heads, the same 8 tokens and a new word:
    /// `testContinuationsOfNewWordsStayWithinTheBound`).
    public static func bytesBound(order n: Int, smoothing: Smoothing, stored: Int, contexts: Int) -> Int {
        let perCount: Int
        if case .kneserNey = smoothing { perCount = 208 } else { perCount = 96 }
        return perCount * stored + (240 + 8 * n) * contexts
    }

    /// Counts the sentences' n-grams, stopping (`exceeded`) before the counts could pass `maxBytes` by the bound
    /// `bytesBound`, or when the deadline passes.
    public init(
        order: Int, vocabularySize: Int, smoothing: Smoothing, sentences: some Sequence<[Int]>, endToken: Int?,
        maxBytes: Int? = nil
    ) {
        self.order = order
        self.vocabularySize = vocabularySize
        self.smoothing = smoothing
        counts = Array(repeating: [:], count: order)
        totals = Array(repeating: [:], count: order)
        var seenLonger = Set<[Int]>()
        for sentence in sentences where !Deadline.passed {
            let padded = Array(repeating: Self.start, count: order - 1) + sentence + (endToken.map { [$0] } ?? [])
            for i in (order - 1)..<padded.count {
                // A token adds at most one count and one context per order.
                let bound = Self.bytesBound(
                    order: order, smoothing: smoothing, stored: storedCounts + order, contexts: contexts + order)
                guard bound <= maxBytes ?? .max else {
                    exceeded = true
                    return
                }
                count(padded, at: i, &seenLonger)
                countedTokens += 1
            }
        }
    }

    /// Counts the n-grams of every order that end at `padded[i]`.
    private mutating func count(_ padded: [Int], at i: Int, _ seenLonger: inout Set<[Int]>) {
        @inline(__always) func fresh<T>(_ flag: inout Bool, _ value: T) -> T {
            flag = true
            return value
        }
        for k in 0..<order {
            let context = Array(padded[(i - k)..<i])
            let word = padded[i]
            let isHighest = k == order - 1
            if case .kneserNey = smoothing, !isHighest {
                // Continuation count: each distinct (one-longer context, word) counts once.
                guard seenLonger.insert([padded[i - k - 1]] + context + [word]).inserted else { continue }
            }
            var (isNew, isNewContext) = (false, false)
            counts[k][context, default: fresh(&isNewContext, [:])][word, default: fresh(&isNew, 0)] += 1
            totals[k][context, default: 0] += 1
            if isNewContext { contexts += 1 }
            if isNew {
                storedCounts += 1
                if isHighest { distinctNGrams += 1 }
            }
        }
    }

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
