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
    /// The order of the vocabularies the examples index, where the author gives one.
    public var orders = Orders()

    /// Token and label orders given by the author (the order of a weights file's rows and columns); nil keeps the
    /// order of first appearance. A list may name entries the examples do not use; `Examples` puts `<EOS>` (and
    /// `<UNK>`) after the list unless it names them.
    public struct Orders: Equatable, Sendable {
        /// What the sentences (pairs: the sources) are made of.
        public var tokens: [String]?
        /// The tags or labels (tagged and labelled data).
        public var labels: [String]?
        /// What the targets of pairs are made of.
        public var targetTokens: [String]?

        public init(tokens: [String]? = nil, labels: [String]? = nil, targetTokens: [String]? = nil) {
            self.tokens = tokens
            self.labels = labels
            self.targetTokens = targetTokens
        }
    }

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
    /// What is read comes from the training items in order of first appearance (or in `orders`), with `<UNK>`
    /// when a held-out item has a token training never saw; what is predicted comes from every item.
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
        // The order the author gave for what is read and for what is predicted, by shape.
        let readOrder = shape == .oneToMany ? orders.labels : orders.tokens
        let predictedOrder =
            shape == .oneToMany ? orders.tokens : format == .pairs ? orders.targetTokens : orders.labels
        var sourceTokens = Self.ordered(Self.distinct(training.flatMap(read)), readOrder)
        let known = Set(sourceTokens)
        if heldOut.contains(where: { read($0).contains { !known.contains($0) } }), !known.contains(Vocabulary.unknown) {
            sourceTokens.append(Vocabulary.unknown)
        }
        let targetTokens = Self.ordered(Self.distinct(items.flatMap(predicted)), predictedOrder)
        let sources = try! Vocabulary(tokens: sourceTokens)
        let targets = try! Vocabulary(tokens: targetTokens)
        func example(_ item: Item) -> (source: [Int], target: [Int]) {
            (read(item).map { sources.indexOrUnknown(of: $0)! }, predicted(item).map { targets.index(of: $0)! })
        }
        return Examples(
            sources: sources, targets: targets, training: training.map(example), heldOut: heldOut.map(example))
    }

    /// `found` in the author's order: the list, then whatever it does not name (only `<EOS>` and `<UNK>`, once the
    /// directive has checked the list against the examples).
    private static func ordered(_ found: [String], _ order: [String]?) -> [String] {
        guard let order else { return found }
        let named = Set(order)
        return order + found.filter { !named.contains($0) }
    }

    private static func distinct(_ tokens: [String]) -> [String] {
        var seen = Set<String>()
        return tokens.filter { seen.insert($0).inserted }
    }
}
