import Foundation
import RNN

/// `live: true` on `forward`, `sample`, `highlight`, `diagram` and `gradient-flow`: the figure, computed again in
/// the reader's browser by the engine's core compiled to WebAssembly (`SwiftCellEnvironment+Live`), as the reader
/// types. The directive's blocks stay as they are (the static figure: for readers without scripts, the Markdown
/// handout and print); the page gets the figure's settings and model as data (`LiveFigure.data`, JSON), which
/// `LiveAssets.script` reads, and the model's weights once however many figures run them (`weights`). Only a
/// model the module runs is accepted: a language model of one direction over tokens (one-hot or embedded), of
/// any depth.
public struct LiveFigure: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case forward
        case sample
        case highlight
        case diagram
        case gradientFlow = "gradient-flow"
    }

    public let kind: Kind
    /// The models whose weights the page carries (the leak guard's concern).
    public let models: [String]
    /// The figure's settings and the model, as JSON with `<`, `>` and `&` escaped (it sits in a script element);
    /// each model's weights named by their digest (`Weights`).
    public let data: String
    /// The weights of each model of `models`, in its order.
    let weights: [Weights]
    /// The static figure.
    public let blocks: [OutputBlock]

    init(kind: Kind, models: [String], settings: Settings, blocks: [OutputBlock]) {
        self.kind = kind
        self.models = models
        self.data = Self.json(settings)
        self.weights = (settings.model.map { [$0.weights] } ?? []) + (settings.flow?.models.map(\.model.weights) ?? [])
        self.blocks = blocks
    }

    /// A model's weights as a page carries them: once, in a block of their own named by `digest` (the SHA-256 of
    /// `base64`, as `weightsDigest` takes it), however many figures run them at that point of the lesson; a
    /// figure's data names them `{"sha256": digest}`. Two figures share a block only when their weights are the
    /// same, bit for bit: a model before and after a `train` has two.
    struct Weights: Sendable, Equatable, Encodable {
        let digest: String
        /// The doubles' bytes, little-endian, in base64 (`LiveFigure.base64`).
        let base64: String

        init(_ values: [Double]) {
            base64 = LiveFigure.base64(values)
            digest = BuildCache.digest(Data(base64.utf8))
        }

        enum CodingKeys: String, CodingKey { case sha256 }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(digest, forKey: .sha256)
        }
    }

    /// The most parameters a live figure's model may have: its weights travel in the page (base64 of the
    /// doubles, about 10.7 bytes each: 2.7 MB at the limit).
    static let maxParameters = 250_000
    /// The most characters a reader may type into a live figure's field.
    static let maxInputLength = 200

    /// What the page needs of a model: its sizes, cell, weights and vocabularies.
    struct Model: Encodable {
        let name: String
        let cell: Int
        let layers, hidden, inputs, embedding, outputs: Int
        let hiddenBias: Bool
        let weights: Weights
        let h0: String
        let c0: String
        let sources: [String]
        let targets: [String]
        let characters: Bool
        let eos: Int
    }

    struct Settings: Encodable {
        let kind: String
        /// The model (every kind but the gradient flow, whose models are in `flow`).
        let model: Model?
        let text: String
        let maxLength: Int
        var show: [String]? = nil
        var top: Int? = nil
        var format: String? = nil
        /// The format of the loss per step, which the static figure does not show (`lossSpec`).
        var lossFormat: String? = nil
        var notation: Bool? = nil
        var teacher: Bool? = nil
        var zeroFirst: Bool? = nil
        var temperature: Double? = nil
        var seed: UInt32? = nil
        var length: Int? = nil
        var stop: Int? = nil
        var maxSample: Int? = nil
        var highlight: HighlightSettings? = nil
        var diagram: DiagramSettings? = nil
        var flow: FlowSettings? = nil
    }

    /// What a live gradient flow computes and draws: each model (with whether it reads the zero vector first, its
    /// cell as named and its recurrent matrix's name), the slider's range for the scale of that matrix, and
    /// whether the figure has a plot.
    struct FlowSettings: Encodable {
        struct FlowModel: Encodable {
            let model: Model
            let zeroFirst: Bool
            let what: String
            let matrix: String
        }
        let models: [FlowModel]
        let scale: [Double]
        let plot: Bool
    }

    /// What a live diagram draws (`Diagram`'s settings): the title when the lesson gave one (else the model and
    /// the text), the rows shown, the outputs per step, the units per state, the steps (first and last) drawn,
    /// whether targets are marked, and the weights' labels.
    struct DiagramSettings: Encodable {
        let title: String?
        let input, hidden, output: Bool
        let top, units: Int
        let steps: [Int]?
        let marked: Bool
        let weights: [String]
    }

    /// What a live highlight colours: `value` (probability, loss, unit, gate) of `unit` (gate `gate`, its index
    /// in the cell's gates), on the scale `range` (nil: the values' own), with `guesses` under each token.
    struct HighlightSettings: Encodable {
        let value: String
        let unit: Int
        let gate: Int
        let title: String
        let name: String
        let range: [Double]?
        let guesses: Int
        let joiner: String
    }

    /// The model as the page runs it, or why it cannot be live.
    static func model(_ lesson: LessonModel, initial: InitialState?) -> Result<Model, LiveRefusal> {
        let network = lesson.model.asSequenceModel
        let c = network.configuration
        guard c.shape == .languageModel, !c.bidirectional, c.inputSize == nil else {
            return .failure(
                LiveRefusal(
                    "'\(lesson.name)' is \(lesson.summary); a live figure runs a one-direction language model over tokens"
                ))
        }
        let items = network.parameters.items
        let embedded = c.embedding == nil ? 0 : 1
        let perLayer = (items.count - 2 - embedded) / max(c.layers, 1)
        guard let U = network.parameters["U"], let b2 = network.parameters["b2"], perLayer == 3 || perLayer == 4,
            items.count == embedded + c.layers * perLayer + 2, items[items.count - 2].name == "U",
            embedded == 0 || items[0].name == "E"
        else { return .failure(LiveRefusal("'\(lesson.name)' has parameters a live figure does not know")) }
        let count = network.parameters.scalarCount
        guard count <= maxParameters else {
            return .failure(
                LiveRefusal(
                    "'\(lesson.name)' has \(count) parameters, more than the \(maxParameters) a live figure carries in its page; leave out 'live'"
                ))
        }
        let (H, L) = (c.hidden, c.layers)
        let start = initial ?? lesson.model.ownInitialState
        let zeros = Array(repeating: 0.0, count: H * L)
        return .success(
            Model(
                name: lesson.name, cell: cellNumber(c.cell), layers: L, hidden: H, inputs: network.sources.count,
                embedding: c.embedding ?? 0, outputs: network.targets.count, hiddenBias: perLayer == 4,
                weights: Weights(pageWeights(network.parameters, U: U, b2: b2)),
                h0: base64(start.map { $0.hidden.flatMap { $0 } } ?? zeros),
                c0: base64(start.flatMap { $0.cell.isEmpty ? nil : $0.cell.flatMap { $0 } } ?? zeros),
                sources: network.sources.tokens, targets: network.targets.tokens,
                characters: lesson.tokenization == .characters,
                eos: lesson.targets.index(of: Vocabulary.endOfSentence) ?? -1))
    }

    /// E (when embedded) and the cells' weights, then U and b2: the order the module reads them.
    static func pageWeights(_ parameters: ParameterSet, U: Matrix, b2: Matrix) -> [Double] {
        let items = parameters.items
        return items.prefix(items.count - 2).flatMap(\.value.values) + U.values + b2.values
    }

    /// The SHA-256 of a model's weights as a live figure's page would carry them: two models with this digest
    /// have the same weights, bit for bit (the leak guard's look across an edition's lessons).
    static func weightsDigest(_ lesson: LessonModel) -> String? {
        let parameters = lesson.model.asSequenceModel.parameters
        guard parameters.items.count >= 2, let U = parameters["U"], let b2 = parameters["b2"] else { return nil }
        return Weights(pageWeights(parameters, U: U, b2: b2)).digest
    }

    /// The digests of the weights this figure's page carries, as `weightsDigest` takes a model's, one per model in
    /// the order of `models` (a gradient flow carries several).
    var weightsDigests: [String] { weights.map(\.digest) }

    struct LiveRefusal: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The kinds as the module numbers them.
    static func cellNumber(_ kind: CellKind) -> Int {
        switch kind {
        case .rnn(.tanh): return 0
        case .rnn(.sigmoid): return 1
        case .rnn: return 2
        case .lstm: return 3
        case .gru: return 4
        case .gruOriginal: return 5
        }
    }

    /// The doubles' bytes, little-endian, in base64: exact, and what the page copies into the module's memory.
    static func base64(_ values: [Double]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for v in values {
            let bits = v.bitPattern.littleEndian
            for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// The settings as JSON for a script element: sorted keys, and no `<`, `>` or `&` that could end it.
    static func json(_ settings: Settings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: (try? encoder.encode(settings)) ?? Data("{}".utf8), as: UTF8.self)
        return text.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// Why a figure printed with `format` (`.3g`, `d`) cannot be live.
    static func formatRefusal(_ format: NumberFormat) -> String {
        let spec = format.style == .integer ? "d" : ".\(format.precision)\(format.style.rawValue)"
        return "a live figure prints numbers with .Nf, .Ne or .N%, not with this directive's 'format: \(spec)'"
    }

    /// The format of a live forward's loss per step J(t), a number of nats: the figure's, but for a percentage
    /// (a probability's format), which prints it at as many decimals as the percentage has digits after the point
    /// of the fraction (`.2%` → `.4f`, the `loss` directive's default).
    static func lossSpec(_ format: NumberFormat) -> String? {
        format.style == .percent ? ".\(format.precision + 2)f" : formatSpec(format)
    }

    /// The format's spec as the page prints it (`.4f`, `.2e`, `.1%`); nil for one it does not print.
    static func formatSpec(_ format: NumberFormat) -> String? {
        switch format.style {
        case .fixed: return ".\(format.precision)f"
        case .exponent: return ".\(format.precision)e"
        case .percent: return ".\(format.precision)%"
        case .general, .integer: return nil
        }
    }
}

extension OutputBlock {
    /// Whether the block is a live figure (the page then needs the live scripts and a Content-Security-Policy).
    var isLive: Bool {
        if case .live = self { return true }
        return false
    }
}
