import ArgumentParser
import Foundation
import RNN

/// `workbook bench charlm`: min-char-rnn's training task, timed; `workbook bench network`: a recurrent network
/// (RNN, LSTM, GRU; stacked) trained as a character-level language model, timed.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine's training speed.", subcommands: [CharLM.self, Network.self])

    /// The characters of a text file and their vocabulary (sorted).
    static func characters(of path: String) throws -> (vocabulary: Vocabulary, tokens: [Int]) {
        guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) })
        else {
            throw ValidationError("cannot read \(path) as UTF-8 text")
        }
        let vocabulary = try Vocabulary(tokens: Array(Set(text.unicodeScalars.map { String($0) })).sorted())
        return (vocabulary, text.unicodeScalars.map { vocabulary.index(of: String($0))! })
    }

    /// The register tile asked for by `--tile` (6x8 or 8x16; the processor's when absent), set for the products.
    static func setTile(_ name: String?) throws {
        guard let name else { return Products.setTile(nil) }
        let tiles: [String: Products.Tile] = ["6x8": .narrow, "8x16": .wide]
        guard let tile = tiles[name] else { throw ValidationError("the tile is 6x8 or 8x16") }
        Products.setTile(tile)
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// "k% of the float64 peak of n core(s) (p GFLOP/s each, measured)": the peak given, or measured now with
    /// the engine's widest fused multiply-adds.
    static func share(_ gflops: Double, peak given: Double?, threads: Int) -> String {
        let peak = given ?? Products.measuredPeakGFLOPS()
        return "\(fixed(100 * gflops / (peak * Double(threads)), 1))% of the float64 peak of \(threads) core(s) "
            + "(\(fixed(peak, 0)) GFLOP/s each\(given == nil ? ", measured" : ""))"
    }

    struct Network: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "network",
            abstract: "Train a recurrent network as a character-level language model and report the speed.",
            discussion:
                "Examples are consecutive windows of T characters (inputs) and the same windows shifted by one (targets), each from a zero state; B of them per update, Adam lr 0.002, gradients clipped to global norm 5, PyTorch's uniform initialisation. Build with -c release."
        )

        @Option(help: "The training text.") var corpus: String
        @Option(help: "The cell: rnn, lstm, gru or gru-original.") var cell = "lstm"
        @Option(help: "Training iterations (updates).") var iterations = 200
        @Option(help: "Hidden size H.") var hidden = 64
        @Option(help: "Layers L.") var layers = 1
        @Option(help: "Embedding size (one-hot inputs when absent).") var embedding: Int?
        @Option(name: .customLong("seq-length"), help: "Window length T.") var seqLength = 25
        @Option(help: "Windows per update (B).") var batch = 8
        @Option(help: "Seed of the initial weights.") var seed: UInt32 = 1
        @Option(help: "Threads the products are shared over.") var threads = 1
        @Option(help: "The products' register tile, 6x8 or 8x16 (the processor's when absent; same results).")
        var tile: String?
        @Option(help: "One core's float64 peak in GFLOP/s, for the share reported (measured when absent).")
        var peakGflops: Double?

        func validate() throws {
            guard iterations > 0, hidden > 0, layers > 0, seqLength > 0, batch > 0, (embedding ?? 1) > 0, threads > 0
            else {
                throw ValidationError("sizes must be positive")
            }
        }

        func run() throws {
            let kinds: [String: CellKind] = [
                "rnn": .rnn(.tanh), "lstm": .lstm, "gru": .gru, "gru-original": .gruOriginal,
            ]
            guard let kind = kinds[cell] else {
                throw ValidationError("the cell is one of rnn, lstm, gru, gru-original")
            }
            Products.setThreads(threads)
            try Bench.setTile(tile)
            let (vocabulary, tokens) = try Bench.characters(of: corpus)
            let windows = (tokens.count - 1) / seqLength
            guard windows >= batch else {
                throw ValidationError("the text is too short for \(batch) windows of \(seqLength)")
            }
            let sources = (0..<windows).map { Array(tokens[($0 * seqLength)..<($0 * seqLength + seqLength)]) }
            let targets = (0..<windows).map { Array(tokens[($0 * seqLength + 1)...($0 * seqLength + seqLength)]) }
            var model = SequenceModel(
                .init(shape: .languageModel, cell: kind, hidden: hidden, layers: layers, embedding: embedding),
                sources: vocabulary, targets: vocabulary, initialization: .uniform(seed: seed))
            print(
                "network: \(corpus), \(tokens.count) characters, V=\(vocabulary.count), \(cell) H=\(hidden) L=\(layers)"
                    + "\(embedding.map { " E=\($0)" } ?? " one-hot"), T=\(seqLength), B=\(batch), \(iterations) iterations, "
                    + "\(model.parameters.scalarCount) parameters")
            let start = DispatchTime.now().uptimeNanoseconds
            let log = try model.train(
                sources: sources, targets: targets, batchSize: batch,
                TrainingConfiguration(
                    optimizer: .adam(learningRate: 0.002), clipping: .globalNorm(5), steps: iterations, seed: seed))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let itPerSecond = Double(iterations) / seconds
            let gflops = itPerSecond * flops(gates: kind.gates, vocabulary: vocabulary.count) / 1e9
            print(
                "network \(cell) H=\(hidden) L=\(layers) T=\(seqLength) B=\(batch): \(Bench.fixed(itPerSecond, 1)) it/s, "
                    + "\(Bench.fixed(itPerSecond * Double(seqLength * batch), 0)) chars/s, \(Bench.fixed(gflops, 2)) GFLOP/s, "
                    + Bench.share(gflops, peak: peakGflops, threads: threads) + ", "
                    + "loss \(Bench.fixed(log.losses.first!, 4)) -> \(Bench.fixed(log.losses.last!, 4)) "
                    + "(smoothed \(Bench.fixed(log.smoothed.last!, 4)))")
        }

        /// Floating-point operations per update (multiply-add = 2) in the products, over the T·B rows: each cell's
        /// recurrent product forward, ∂h and ∂W_hh backward (6·G·H·H per row); its input product, ∂W_ih and ∂x
        /// (6·G·H·I; none for one-hot inputs, whose product is a column); the output layer's three (6·H·V); plus
        /// Adam (12 per parameter).
        func flops(gates G: Int, vocabulary V: Int) -> Double {
            let (rows, H) = (Double(seqLength * batch), Double(hidden))
            var total = 6 * rows * H * Double(V)
            for layer in 0..<layers {
                let input = layer > 0 ? H : Double(embedding ?? 0)
                total += 6 * rows * Double(G) * H * (H + input)
            }
            let parameters = Double(layers) * Double(G) * H * (2 * H + 2) + H * Double(V) + Double(V)
            return total + 12 * parameters
        }
    }

    struct CharLM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "charlm",
            abstract: "Train a character-level RNN exactly as min-char-rnn does and report the speed.",
            discussion:
                "Defaults are min-char-rnn's: H=100, T=25, Adagrad lr 0.1 with 1e-8 inside the square root, element-wise clip 5, weights N(0, 0.01²), hidden state carried across windows. Build with -c release."
        )

        @Option(help: "The training text.") var corpus: String
        @Option(help: "Training iterations (updates).") var iterations = 2000
        @Option(help: "Hidden size H.") var hidden = 100
        @Option(name: .customLong("seq-length"), help: "Window length T.") var seqLength = 25
        @Option(help: "Streams trained at once (B); the gradient is their mean.") var batch = 1
        @Option(help: "Threads the products are shared over.") var threads = 1
        @Option(help: "Seed of the initial weights (np.random.seed).") var seed: UInt32 = 42
        @Option(help: "The products' register tile, 6x8 or 8x16 (the processor's when absent; same results).")
        var tile: String?
        @Option(help: "One core's float64 peak in GFLOP/s, for the share reported (measured when absent).")
        var peakGflops: Double?

        func validate() throws {
            guard iterations > 0, hidden > 0, seqLength > 0, batch > 0, threads > 0 else {
                throw ValidationError("sizes must be positive")
            }
        }

        func run() throws {
            let (vocabulary, tokens) = try Bench.characters(of: corpus)
            let V = vocabulary.count
            let shapes = RNNLanguageModel.parameterShapes(vocabularySize: V, hiddenSize: hidden, input: .oneHot)
            var model = RNNLanguageModel(
                vocabulary: vocabulary, hiddenSize: hidden, activation: .tanh, input: .oneHot,
                parameters: Initialization.normal(scale: 0.01, seed: seed).parameters(
                    shapes: shapes, hiddenSize: hidden))
            guard (tokens.count - 1) / batch > seqLength + 1 else {
                throw ValidationError(
                    "the text is too short for \(batch) stream\(batch == 1 ? "" : "s") of windows of \(seqLength)")
            }
            print(
                "charlm: \(corpus), \(tokens.count) characters, V=\(V), H=\(hidden), T=\(seqLength), B=\(batch), \(iterations) iterations, \(threads) thread\(threads == 1 ? "" : "s")"
            )
            print(
                "        the notes' model trained as a lesson's train (mode: stream) trains it: Adagrad lr 0.1 (eps 1e-8 inside the sqrt), clip [-5, 5], weights N(0, 0.01^2) seed \(seed), summed loss, hidden state carried"
            )
            Products.setThreads(threads)
            try Bench.setTile(tile)
            let start = DispatchTime.now().uptimeNanoseconds
            let log = try model.train(
                on: .stream(tokens: tokens, window: seqLength, streams: batch),
                TrainingConfiguration(
                    optimizer: .adagrad(learningRate: 0.1), clipping: .elementwise(5), reduction: .sum,
                    steps: iterations, seed: seed))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let smoothed = log.smoothed.last!
            // Floating-point operations per iteration (multiply-add = 2), per step and stream: forward W_h h,
            // U h; backward Uᵀ ∂y, ∂y hᵀ, δ h_prevᵀ, W_hᵀ δ; plus Adagrad (6 per parameter).
            let H = Double(hidden)
            let perStep = 2 * (H * H + Double(V) * H) + 2 * (Double(V) * H + Double(V) * H + H * H + H * H)
            let flops = Double(seqLength * batch) * perStep + 6 * Double(model.parameters.scalarCount)
            let itPerSecond = Double(iterations) / seconds
            let gflops = itPerSecond * flops / 1e9
            let fixed = Bench.fixed
            print(
                "charlm H=\(hidden) T=\(seqLength) B=\(batch): \(fixed(itPerSecond, 1)) it/s, "
                    + "\(fixed(itPerSecond * Double(seqLength * batch), 0)) chars/s, \(fixed(gflops, 2)) GFLOP/s, "
                    + Bench.share(gflops, peak: peakGflops, threads: threads)
                    + ", final smoothed loss \(fixed(smoothed, 4))")
        }
    }
}
