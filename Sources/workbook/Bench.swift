import ArgumentParser
import Foundation
import RNN

/// `workbook bench charlm`: min-char-rnn's training task, timed.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine's training speed.", subcommands: [CharLM.self])

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
        @Option(help: "Seed of the initial weights (np.random.seed).") var seed: UInt32 = 42
        @Option(help: "One core's float64 peak in GFLOP/s, for the share reported.") var peakGflops = 80.0

        func validate() throws {
            guard iterations > 0, hidden > 0, seqLength > 0 else { throw ValidationError("sizes must be positive") }
        }

        func run() throws {
            guard let text = FileManager.default.contents(atPath: corpus).flatMap({ String(data: $0, encoding: .utf8) })
            else {
                throw ValidationError("cannot read \(corpus) as UTF-8 text")
            }
            let characters = Array(Set(text.unicodeScalars.map { String($0) })).sorted()
            let vocabulary = try Vocabulary(tokens: characters)
            let tokens = text.unicodeScalars.map { vocabulary.index(of: String($0))! }
            let V = vocabulary.count
            let shapes = RNNLanguageModel.parameterShapes(vocabularySize: V, hiddenSize: hidden, input: .oneHot)
            var model = RNNLanguageModel(
                vocabulary: vocabulary, hiddenSize: hidden, activation: .tanh, input: .oneHot,
                parameters: Initialization.normal(scale: 0.01, seed: seed).parameters(
                    shapes: shapes, hiddenSize: hidden))
            print(
                "charlm: \(corpus), \(tokens.count) characters, V=\(V), H=\(hidden), T=\(seqLength), B=1, \(iterations) iterations"
            )
            print(
                "        Adagrad lr 0.1 (eps 1e-8 inside the sqrt), clip [-5, 5], weights N(0, 0.01^2) seed \(seed), summed loss, hidden state carried"
            )
            let config = TrainingConfiguration(
                optimizer: .adagrad(learningRate: 0.1), clipping: .elementwise(5), reduction: .sum, steps: iterations,
                seed: seed)
            let start = DispatchTime.now().uptimeNanoseconds
            let log = try model.train(on: .stream(tokens: tokens, window: seqLength), config)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            // Floating-point operations per iteration (multiply-add = 2): per step forward W_h h, U h; backward
            // U^T dy, outer dy h, outer delta h_prev, W_h^T delta; plus the Adagrad update (6 per parameter).
            let H = Double(hidden)
            let perStep = 2 * (H * H + Double(V) * H) + 2 * (Double(V) * H + Double(V) * H + H * H + H * H)
            let flops = Double(seqLength) * perStep + 6 * Double(model.parameters.scalarCount)
            let itPerSecond = Double(iterations) / seconds
            let gflops = itPerSecond * flops / 1e9
            print(
                String(
                    format:
                        "charlm H=%d T=%d B=1: %.1f it/s, %.0f chars/s, %.2f GFLOP/s, %.1f%% of one core's float64 peak (%.0f GFLOP/s), final smoothed loss %.4f",
                    hidden, seqLength, itPerSecond, itPerSecond * Double(seqLength), gflops, 100 * gflops / peakGflops,
                    peakGflops, log.smoothed.last ?? .nan))
        }
    }
}
