/// A tokenised corpus: sentences of tokens, a vocabulary built from them, and the split into training and
/// held-out sentences. Knows nothing of Markdown or files.
public struct Corpus: Sendable {
    public enum Tokenization: String, CaseIterable, Sendable {
        case characters
        case words

        /// Text as tokens: its characters, or its words split on white space; at most `limit` + 1 of them, so
        /// that a text longer than a limit is known to be from its first tokens, not after tokenising all of it.
        public func tokens(of text: some StringProtocol, limit: Int = .max) -> [String] {
            var tokens: [String] = []
            var wordStart: String.Index?
            var i = text.startIndex
            while i < text.endIndex, tokens.count <= limit {
                let character = text[i]
                if self == .characters {
                    tokens.append(String(character))
                } else if character.isWhitespace {
                    if let start = wordStart { tokens.append(String(text[start..<i])) }
                    wordStart = nil
                } else if wordStart == nil {
                    wordStart = i
                }
                i = text.index(after: i)
            }
            if let start = wordStart, tokens.count <= limit { tokens.append(String(text[start..<i])) }
            return tokens
        }
    }

    /// The sentences as tokens, `<EOS>` not included.
    public let sentences: [[String]]
    public let vocabulary: Vocabulary
    /// How many sentences, from the end, are held out of training.
    public let heldOutCount: Int
    /// Whether `<EOS>` ends every sentence in training and evaluation.
    public let endOfSentence: Bool
    /// How the text was split into tokens (and how generated tokens join back into text).
    public let tokenization: Tokenization

    /// The order of a vocabulary's tokens: as they first appear in the training sentences, or sorted by their
    /// Unicode scalars (Python's `sorted(set(data))`, as min-char-rnn builds its characters).
    public enum Order: String, CaseIterable, Sendable {
        case appearance
        case sorted
    }

    /// Builds the vocabulary from the training sentences: tokens seen at least `minimumCount` times, the
    /// `maximumSize` most frequent at most (ties by first appearance), in `order`; then `<EOS>` when
    /// `endOfSentence`, and `<UNK>` when any sentence (held-out ones too) has a token left out, or when
    /// `alwaysUnknown`.
    public init(
        sentences: [[String]], tokenization: Tokenization = .words, heldOutFraction: Double = 0, endOfSentence: Bool,
        minimumCount: Int = 1, maximumSize: Int? = nil, alwaysUnknown: Bool = false, order: Order = .appearance
    ) {
        self.sentences = sentences
        self.tokenization = tokenization
        self.endOfSentence = endOfSentence
        heldOutCount = min(sentences.count - 1, max(0, Int((Double(sentences.count) * heldOutFraction).rounded())))
        var counts: [String: Int] = [:]
        var seen: [String] = []
        for sentence in sentences.prefix(sentences.count - heldOutCount) {
            for token in sentence {
                if counts[token] == nil { seen.append(token) }
                counts[token, default: 0] += 1
            }
        }
        var kept = seen.filter { counts[$0]! >= minimumCount }
        if let maximumSize, kept.count > maximumSize {
            let firstSeen = Dictionary(uniqueKeysWithValues: seen.enumerated().map { ($1, $0) })
            let top = Set(
                kept.sorted { (counts[$0]!, firstSeen[$1]!) > (counts[$1]!, firstSeen[$0]!) }.prefix(maximumSize))
            kept = kept.filter { top.contains($0) }
        }
        kept.removeAll { $0 == Vocabulary.unknown || $0 == Vocabulary.endOfSentence }
        if order == .sorted {
            kept.sort { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        }
        var tokens = kept
        if endOfSentence { tokens.append(Vocabulary.endOfSentence) }
        // <UNK> is needed when a token of any sentence, held-out ones included, is not kept.
        let known = Set(tokens)
        let needsUnknown = sentences.contains { $0.contains { !known.contains($0) } }
        if alwaysUnknown || needsUnknown { tokens.append(Vocabulary.unknown) }
        vocabulary = try! Vocabulary(tokens: tokens)
    }

    public var trainingSentences: ArraySlice<[String]> { sentences.prefix(sentences.count - heldOutCount) }
    public var heldOutSentences: ArraySlice<[String]> { sentences.suffix(heldOutCount) }

    /// Token indices, unknown tokens as `<UNK>`.
    public func indices(_ tokens: [String]) -> [Int] {
        tokens.map { vocabulary.indexOrUnknown(of: $0)! }
    }

    /// Teacher-forcing pairs for one sentence as the notes train an RNN-LM, one rule with or without `<EOS>`: the
    /// zero input first, so the model learns P(w1) too, and every token a target: inputs `[∅, w1, …, wn]` and
    /// targets `[w1, …, wn, <EOS>]`; without `<EOS>`, inputs `[∅, w1, …, wn-1]` and targets `[w1, …, wn]`.
    public func pair(_ sentence: [String]) -> (inputs: [Int], targets: [Int]) {
        let ids = indices(sentence)
        if endOfSentence {
            return ([RNNLanguageModel.noInput] + ids, ids + [vocabulary.index(of: Vocabulary.endOfSentence)!])
        }
        return ([RNNLanguageModel.noInput] + ids.dropLast(), ids)
    }

    /// The training sentences as one stream (with `<EOS>` between sentences when used), for truncated BPTT.
    public func trainingStream() -> [Int] { stream(trainingSentences) }

    /// The held-out sentences as one stream, as `trainingStream`.
    public func heldOutStream() -> [Int] { stream(heldOutSentences) }

    private func stream(_ sentences: ArraySlice<[String]>) -> [Int] {
        let eos = endOfSentence ? [vocabulary.index(of: Vocabulary.endOfSentence)!] : []
        return sentences.flatMap { indices($0) + eos }
    }
}
