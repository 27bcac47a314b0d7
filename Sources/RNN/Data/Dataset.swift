/// Labelled sequences for the shapes other than the language model: tagged sentences (a tag per token),
/// labelled sentences (one label each) or pairs of sequences. Knows nothing of Markdown or files.
public struct Dataset: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        /// `the/D cat/N sat/V`: a tag per token (many-to-many).
        case tagged
        /// `positive: what a lovely film`: a label per sentence (many-to-one, or one-to-many from the label).
        case labelled
        /// `abc => cba`: a source and a target sequence (encoder-decoder).
        case pairs

        /// The shape this format feeds by default.
        public var defaultShape: SequenceModel.Shape {
            switch self {
            case .tagged: return .manyToMany
            case .labelled: return .manyToOne
            case .pairs: return .encoderDecoder
            }
        }

        /// Whether `shape` can learn from this format.
        public func fits(_ shape: SequenceModel.Shape) -> Bool {
            switch self {
            case .tagged: return shape == .manyToMany
            case .labelled: return shape == .manyToOne || shape == .oneToMany
            case .pairs: return shape == .encoderDecoder
            }
        }
    }

    public struct Item: Equatable, Sendable {
        /// The sentence's tokens (pairs: the source).
        public let tokens: [String]
        /// tagged: one tag per token; labelled: the one label; pairs: the target's tokens.
        public let labels: [String]

        public init(tokens: [String], labels: [String]) {
            self.tokens = tokens
            self.labels = labels
        }
    }

    public let format: Format
    public let items: [Item]
    /// How many items, from the end, are held out of training.
    public let heldOutCount: Int

    public init(format: Format, items: [Item], heldOutFraction: Double = 0) {
        self.format = format
        self.items = items
        heldOutCount = min(items.count - 1, max(0, Int((Double(items.count) * heldOutFraction).rounded())))
    }

    public var training: ArraySlice<Item> { items.prefix(items.count - heldOutCount) }
    public var heldOut: ArraySlice<Item> { items.suffix(heldOutCount) }

    /// The model's two vocabularies and the examples, as token indices, for a shape:
    /// many-to-many and many-to-one read the tokens and predict the labels; one-to-many reads the label and
    /// predicts the sentence then `<EOS>`; encoder-decoder reads the source and predicts the target then `<EOS>`.
    /// What is read comes from the training items in order of first appearance, with `<UNK>` when a held-out
    /// item has a token training never saw; what is predicted comes from every item.
    public struct Examples: Sendable {
        public let sources: Vocabulary
        public let targets: Vocabulary
        public let training: [(source: [Int], target: [Int])]
        public let heldOut: [(source: [Int], target: [Int])]
    }

    public func examples(for shape: SequenceModel.Shape) -> Examples {
        precondition(format.fits(shape), "\(format) data cannot train a \(shape.rawValue) model")
        let generating = shape.generates
        func read(_ item: Item) -> [String] { shape == .oneToMany ? item.labels : item.tokens }
        func predicted(_ item: Item) -> [String] {
            shape == .oneToMany
                ? item.tokens + [Vocabulary.endOfSentence]
                : generating ? item.labels + [Vocabulary.endOfSentence] : item.labels
        }
        var sourceTokens = Self.distinct(training.flatMap(read))
        let known = Set(sourceTokens)
        if heldOut.contains(where: { read($0).contains { !known.contains($0) } }) {
            sourceTokens.append(Vocabulary.unknown)
        }
        let targetTokens = Self.distinct(items.flatMap(predicted))
        let sources = try! Vocabulary(tokens: sourceTokens)
        let targets = try! Vocabulary(tokens: targetTokens)
        func example(_ item: Item) -> (source: [Int], target: [Int]) {
            (read(item).map { sources.indexOrUnknown(of: $0)! }, predicted(item).map { targets.index(of: $0)! })
        }
        return Examples(
            sources: sources, targets: targets, training: training.map(example), heldOut: heldOut.map(example))
    }

    private static func distinct(_ tokens: [String]) -> [String] {
        var seen = Set<String>()
        return tokens.filter { seen.insert($0).inserted }
    }
}
