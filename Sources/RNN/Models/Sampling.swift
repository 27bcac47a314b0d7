import Foundation

/// Generation by repeated sampling: the sampled token becomes the next input.
public struct SamplingConfiguration: Sendable {
    /// Logits are divided by the temperature before the softmax (below 1: sharper; above 1: flatter).
    public var temperature: Double = 1
    /// Sample only among the k most likely tokens (renormalised); nil for all.
    public var topK: Int?
    /// Always take the most likely token (argmax) instead of sampling.
    public var greedy = false
    public var seed: UInt32 = 1
    /// How many tokens to generate at most.
    public var length: Int
    /// Generation stops after producing this token (e.g. `<EOS>`).
    public var stopToken: Int?

    public init(length: Int) { self.length = length }

    /// One token drawn from the distribution `logits` define under this configuration.
    func draw(_ logits: [Double], _ generator: inout MT19937) -> SampledToken {
        var p = Softmax.probabilities(logits.map { $0 / temperature })
        if let k = topK, k < p.count {
            let keep = Set(p.indices.sorted { (p[$0], $1) > (p[$1], $0) }.prefix(k))
            for i in p.indices where !keep.contains(i) { p[i] = 0 }
            let total = p.reduce(0, +)
            p = p.map { $0 / total }
        }
        let token = greedy ? p.indices.max { (p[$0], $1) < (p[$1], $0) }! : generator.choice(probabilities: p)
        return SampledToken(token: token, probability: p[token])
    }
}

public struct SampledToken: Equatable, Sendable {
    public let token: Int
    /// The token's probability in the distribution it was drawn from (after temperature and top-k).
    public let probability: Double
}

extension RNNLanguageModel {
    /// Feeds `prime` (the zero input `noInput` when empty, as the notes start a sentence) from h(0), then samples.
    public func sample(prime: [Int], _ config: SamplingConfiguration) -> [SampledToken] {
        network.generate(sources: [prime], [config], initial: ownInitialState)[0]
    }
}
