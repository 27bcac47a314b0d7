import Foundation

/// Any model of the engine as plain data (JSON through `Codable`): its kind, vocabularies, sizes, every
/// parameter and, for the notes' model, h(0). `model()` builds the same model back, bit for bit. It is how a
/// lesson's Swift program receives the lesson's models (`Workbook.model("name")`), declared once here for both
/// sides.
public struct ModelArchive: Codable, Equatable, Sendable {
    public struct StoredParameter: Codable, Equatable, Sendable {
        public let name: String
        public let rows: Int
        public let cols: Int
        public let values: [Double]
    }

    /// "notes" (the notes' vanilla RNN language model) or "network" (a `SequenceModel`).
    public let kind: String
    public let sources: [String]
    public let targets: [String]
    public let hidden: Int
    /// The notes' model: its activation, embedding size (nil: one-hot) and h(0).
    public let activation: String?
    public let embedding: Int?
    public let h0: [Double]?
    /// A network: its shape, cell ("rnn-tanh", "lstm", "gru", "gru-original", …), layers, directions,
    /// pooling and dropout.
    public let shape: String?
    public let cell: String?
    public let layers: Int?
    public let bidirectional: Bool?
    public let pooling: String?
    public let dropout: Double?
    public let parameters: [StoredParameter]

    public struct Damaged: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ model: any RecurrentModel) {
        sources = model.sources.tokens
        targets = model.targets.tokens
        hidden = model.hiddenSize
        parameters = model.parameters.items.map {
            StoredParameter(name: $0.name, rows: $0.value.rows, cols: $0.value.cols, values: $0.value.values)
        }
        if let notes = model as? RNNLanguageModel {
            kind = "notes"
            activation = notes.activation.rawValue
            if case .embedding(let d) = notes.input { embedding = d } else { embedding = nil }
            h0 = notes.initialHidden
            (shape, cell, layers, bidirectional, pooling, dropout) = (nil, nil, nil, nil, nil, nil)
        } else {
            let c = (model as! SequenceModel).configuration
            kind = "network"
            (activation, h0, embedding) = (nil, nil, c.embedding)
            shape = c.shape.rawValue
            cell = Self.name(c.cell)
            (layers, bidirectional, pooling, dropout) = (c.layers, c.bidirectional, c.pooling.rawValue, c.dropout)
        }
    }

    /// The model again.
    public func model() throws(Damaged) -> any RecurrentModel {
        let parameterSet = ParameterSet(
            parameters.map { Parameter(name: $0.name, value: Matrix(rows: $0.rows, cols: $0.cols, values: $0.values)) })
        guard let sourceVocabulary = try? Vocabulary(tokens: sources),
            let targetVocabulary = try? Vocabulary(tokens: targets)
        else { throw Damaged(description: "the archive's vocabulary has duplicates") }
        if kind == "notes" {
            guard let activation = activation.flatMap(Activation.init(rawValue:)) else {
                throw Damaged(description: "the archive's activation is unknown")
            }
            let input: RNNLanguageModel.Input = embedding.map { .embedding(size: $0) } ?? .oneHot
            return RNNLanguageModel(
                vocabulary: sourceVocabulary, hiddenSize: hidden, activation: activation, input: input,
                parameters: parameterSet, initialHidden: h0)
        }
        guard let shape = shape.flatMap(SequenceModel.Shape.init(rawValue:)), let cell = cell.flatMap(Self.cell),
            let pooling = pooling.flatMap(SequenceModel.Pooling.init(rawValue:))
        else { throw Damaged(description: "the archive's network is not described completely") }
        let configuration = SequenceModel.Configuration(
            shape: shape, cell: cell, hidden: hidden, layers: layers ?? 1, bidirectional: bidirectional ?? false,
            embedding: embedding, pooling: pooling, dropout: dropout ?? 0)
        return SequenceModel(
            configuration, sources: sourceVocabulary, targets: targetVocabulary, parameters: parameterSet)
    }

    static func name(_ cell: CellKind) -> String {
        switch cell {
        case .rnn(let activation): return "rnn-" + activation.rawValue
        case .lstm: return "lstm"
        case .gru: return "gru"
        case .gruOriginal: return "gru-original"
        }
    }

    static func cell(_ name: String) -> CellKind? {
        if name.hasPrefix("rnn-") { return Activation(rawValue: String(name.dropFirst(4))).map { .rnn($0) } }
        return ["lstm": CellKind.lstm, "gru": .gru, "gru-original": .gruOriginal][name]
    }
}

/// A value a lesson's Swift program hands back to the lesson (`Workbook.export`): a number, a vector, a
/// matrix or a text, as JSON. Declared once here for the program and the lesson.
public struct CellExport: Codable, Equatable, Sendable {
    public var number: Double?
    public var vector: [Double]?
    public var matrix: [[Double]]?
    public var text: String?

    public init(number: Double? = nil, vector: [Double]? = nil, matrix: [[Double]]? = nil, text: String? = nil) {
        self.number = number
        self.vector = vector
        self.matrix = matrix
        self.text = text
    }
}

extension RecurrentModel {
    /// What a language model reads and predicts (the source vocabulary of any model).
    public var vocabulary: Vocabulary { sources }
}
