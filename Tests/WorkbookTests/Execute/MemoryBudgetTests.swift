import Foundation
import RNN
import XCTest

@testable import Workbook

/// maxMemoryMB is checked before a directive allocates, from the shapes it will allocate; the corpus and data
/// set limits are checked while tokenising. Each estimate below is derived by hand from `MemoryEstimate`'s
/// layout (8 bytes a number; per step of the notes' model with one-hot inputs, the network's layout: the layer's
/// outputs and dropout masks 2H, the cell's h, c, candidates and its one gate 4H, logits and probabilities 2K,
/// so 6H + 2K numbers; a pass kept twice, three times with its gradients). On the code before, which counted
/// the notes' model's own old layout, 2H + 2K, every estimate was a third of this.
final class MemoryBudgetTests: XCTestCase {
    func limits(memoryMB: Int, tableRows: Int = Limits().maxTableRows) -> Limits {
        var limits = Limits()
        limits.maxMemoryMB = memoryMB
        limits.maxTableRows = tableRows
        return limits
    }

    /// Building `lesson` under `memoryMB` gives one diagnostic, and it says `text`.
    func assertOneRefusal(
        _ lesson: String, memoryMB: Int, tableRows: Int = Limits().maxTableRows, saying text: String, line: UInt = #line
    ) {
        let headlines = buildLesson(lesson, limits: limits(memoryMB: memoryMB, tableRows: tableRows)).diagnostics.map(\.headline)
        XCTAssertEqual(headlines.count, 1, line: line)
        XCTAssert(headlines.first?.contains(text) == true, "\(headlines)", line: line)
    }

    func model(hidden: Int) -> String {
        "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: \(hidden)\nseed: 1\n```\n\n"
    }

    func testAForwardPassOfH2000OverAHundredThousandTokensIsRefusedBeforeItAllocates() {
        // 8 B × 2 copies × 100,000 steps × (6·2000 + 2·2) = 19,206,400,000 B (17.9 GiB; it peaked at 6.7 GB
        // when the notes' model had a layout of its own), and the tables it shows, h, ŷ and the top 3 (of 2):
        // 192 B × 100,000 × ((1 + 2000) + (1 + 2) + (1 + 2·2)) = 38,572,800,000 B; 57,779,200,000 B = 53.8 GiB.
        let lesson =
            model(hidden: 2000) + "```rnn forward\nmodel: m\ninput: " + String(repeating: "ab", count: 50_000)
            + "\n```\n"
        XCTAssertEqual(
            buildLesson(lesson, limits: limits(memoryMB: 1024)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:10:8: error: this would need about 53.8 GiB of memory for a pass over 100000 steps with H = 2000 and tables of 200900000 numbers; the limit maxMemoryMB is 1024 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
    }

    func testABackwardPassCountsItsGradientsAndAForwardPassOfTheSameSizeRuns() {
        // Forward: 8 × 2 × 2,000 × (6·100 + 2·2) = 19,328,000 B, and its table of the top 2: 192 × 2,000 × (1 + 2·2)
        // = 1,920,000 B; 20.3 MiB, inside 24 MiB.
        // Backward over the sequence (1,999 steps), × 3 instead of × 2: 28,977,504 B = 27.6 MiB, shown rounded up.
        let input = String(repeating: "ab", count: 1_000)
        let forward = model(hidden: 100) + "```rnn forward\nmodel: m\ninput: \(input)\nshow: [top]\n```\n"
        XCTAssertEqual(buildLesson(forward, limits: limits(memoryMB: 24)).diagnostics.map(\.headline), [])
        let backward = model(hidden: 100) + "```rnn backward\nmodel: m\nsequence: \(input)\n```\n"
        XCTAssertEqual(
            buildLesson(backward, limits: limits(memoryMB: 24)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:10:11: error: this would need about 28 MiB of memory for a pass and its gradients over 1999 steps with H = 100; the limit maxMemoryMB is 24 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
    }

    /// The tables a directive shows count too, 192 bytes a cell: a forward pass whose pass fits and whose table of
    /// h does not (it peaked at 3.4 GB for 16.4M cells under a limit of 1,600 MiB), gradients and parameters shown.
    func testTheTablesADirectiveShowsCountAgainstTheLimit() {
        // Forward, H = 100 over 2,000 steps: the pass 19,328,000 B; h, 192 × 2,000 × (1 + 100) = 38,784,000 B;
        // 58,112,000 B = 55.4 MiB, shown rounded up.
        let input = String(repeating: "ab", count: 1_000)
        let forward = model(hidden: 100) + "```rnn forward\nmodel: m\ninput: \(input)\nshow: [h]\n```\n"
        XCTAssertEqual(
            buildLesson(forward, limits: limits(memoryMB: 24)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:10:8: error: this would need about 56 MiB of memory for a pass over 2000 steps with H = 100 and tables of 202000 numbers; the limit maxMemoryMB is 24 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
        // W_h of H = 400: 160,000 numbers, 30,720,000 B = 29.3 MiB, shown as a table by the model and by backward.
        let shown = "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 400\nshow: [W_h]\n```\n"
        XCTAssertEqual(
            buildLesson(shown, limits: limits(memoryMB: 24)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:8: error: this would need about 30 MiB of memory for tables of 160000 numbers; the limit maxMemoryMB is 24 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
        let gradients = model(hidden: 400) + "```rnn backward\nmodel: m\nsequence: abab\nshow: [W_h]\n```\n"
        XCTAssertEqual(
            buildLesson(gradients, limits: limits(memoryMB: 24)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:10:11: error: this would need about 30 MiB of memory for a pass and its gradients over 3 steps with H = 400 and tables of 160000 numbers; the limit maxMemoryMB is 24 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
    }

    func testTrainingCountsABatchWithItsGradientsAndTheOptimizersCopiesOfTheParameters() {
        // One sentence of 5,000 characters (a, b; no <EOS>), read from the zero input so that every character
        // is a target: 5,000 steps of one example, × 3 (gradients): 8 × 3 × 5,000 × (6·1000 + 2·2) =
        // 720,480,000 B; the parameters W_e (1000×2), W_h (1000×1000), b1 (1000), U (2×1000), b2 (2): 1,005,002
        // numbers, × 4 (value, gradient, two moments) × 8 B = 32,160,064 B. Together 752,640,064 B = 717.77 MiB,
        // shown rounded up.
        let lesson =
            "```rnn corpus\nname: c\nsentences: [\(String(repeating: "ab", count: 2_500))]\ntokens: characters\neos: false\n```\n\n"
            + "```rnn model\nname: m\ncorpus: c\nhidden: 1000\nseed: 1\n```\n\n"
            + "```rnn train\nmodel: m\ncorpus: c\nlr: 0.1\nsteps: 1\n```\n"
        XCTAssertEqual(
            buildLesson(lesson, limits: limits(memoryMB: 512)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:15:8: error: this would need about 718 MiB of memory for training on 1 example of up to 5000 steps at once; the limit maxMemoryMB is 512 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
    }

    /// The loss after training runs batches of at most 64 examples (`SequenceModel.meanLoss`): over sentences of
    /// 5 words (6 steps) it holds 384 rows at once, never 4,096. A word-level model, 1,001 tokens (1,000 words and
    /// <EOS>), H = 8: 6·8 + 2·1,001 = 2,050 numbers a step. Counted as a training pass (× 3), 384 rows are
    /// 8 × 3 × 384 × 2,050 = 18,892,800 B, the 17,089 parameters × 4 × 8 B = 546,848 B: 18.5 MiB, inside 24 MiB;
    /// one update (4 sentences of 6 steps) 1.7 MiB. The estimate of 27e694f counts the 1,200 steps of all the
    /// sentences as one example (8 × 3 × 1,200 × 2,050 B + 546,848 B = 57 MiB) and refuses the lesson.
    func testTrainingOnShortSentencesIsNotRefusedForAnEvaluationOfStepsItNeverHoldsAtOnce() {
        let sentences = (0..<200).map { i in (0..<5).map { "w\(5 * i + $0)" }.joined(separator: " ") }
        let lesson =
            "```rnn corpus\nname: c\ntokens: words\nsentences: [\(sentences.joined(separator: ", "))]\n```\n\n"
            + "```rnn model\nname: m\ncorpus: c\nhidden: 8\nseed: 1\n```\n\n"
            + "```rnn train\nmodel: m\ncorpus: c\nbatch: 4\nsteps: 2\nplot: false\n```\n"
        XCTAssertEqual(buildLesson(lesson, limits: limits(memoryMB: 24)).diagnostics.map(\.headline), [])
    }

    /// A bidirectional network's example is read whole (it cannot be cut: its backward direction starts at the
    /// end), so a held-out example longer than every training example is what the loss after training holds at
    /// once: here 20,000 steps of a tagger (H = 4, D = 2, GRU, two directions, 3 tags: 2 + 2·2·4 + 2·(3 + 3)·4 +
    /// 2·3 = 72 numbers a step), a forward pass of 8 × 2 × 20,000 × 72 = 23,040,000 B = 22 MiB. The estimate of
    /// 27e694f counts 4,096 steps (8 × 3 × 4,096 × 72 B = 6.75 MiB) and lets it run under 8 MiB.
    func testAHeldOutExampleThatCannotBeCutIsCountedWhole() {
        let short = Array(repeating: "fish/N it/D sleeps/V", count: 9)
        let long = Array(repeating: "fish/V it/D", count: 10_000).joined(separator: " ")
        let lines = (short + [long]).map { "  " + $0 }.joined(separator: "\n")
        let lesson =
            "```rnn dataset\nname: tags\nlayout: tagged\nheldout: 0.1\ntext: |\n\(lines)\n```\n\n"
            + "```rnn model\nname: m\ndataset: tags\ncell: gru\nhidden: 4\nembedding: 2\nbidirectional: true\n```\n\n"
            + "```rnn train\nmodel: m\nbatch: 1\nsteps: 1\nplot: false\n```\n"
        assertOneRefusal(lesson, memoryMB: 8, saying: "the limit maxMemoryMB is 8 MiB")
    }

    /// The training log's table counts against the limit before training starts: `log_every: 1` over 50,000
    /// updates is a table of 4 × 50,000 numbers, 192 B × 200,000 = 38,400,000 B (36.6 MiB) beside an update of a
    /// two-unit model, refused under 24 MiB (a million updates held about 900 MB and wrote 146 MB of HTML) when
    /// maxTableRows allows its 50,000 rows; by default the rows are refused first.
    func testTheTrainingLogsTableCountsAgainstTheLimit() {
        let lesson =
            "```rnn corpus\nname: c\nsentences: [a b, b a]\n```\n\n"
            + "```rnn model\nname: m\ncorpus: c\nhidden: 2\nseed: 1\n```\n\n"
            + "```rnn train\nmodel: m\ncorpus: c\nsteps: 50000\nlog_every: 1\nplot: false\n```\n"
        assertOneRefusal(
            lesson, memoryMB: 24, tableRows: 50_000,
            saying: "and tables of 200000 numbers; the limit maxMemoryMB is 24 MiB")
        XCTAssertEqual(
            buildLesson(lesson).diagnostics.map(\.headline),
            [
                "Lessons/test.md:13:8: error: the training log would have 50000 rows (log_every: 1 over 50000 updates), "
                    + "more than 10000, the limit maxTableRows; log every 5 updates or more"
            ])
    }

    func testAMatrixProductInAnExpressionIsCheckedBeforeItsResultIsAllocated() {
        // A 4000×1 column times a 1×4000 row: 16,000,000 numbers, 128,000,000 B = 122.1 MiB, shown rounded up;
        // the error stands at the '@' (column 10 + 8,000 + 1 of the value).
        let column = "[" + Array(repeating: "[1]", count: 4000).joined(separator: ",") + "]"
        let row = "[[" + Array(repeating: "1", count: 4000).joined(separator: ",") + "]]"
        let lesson = "```rnn check\n- value: sum(\(column) @ \(row))\n  equals: 16000000\n```\n"
        XCTAssertEqual(
            buildLesson(lesson, limits: limits(memoryMB: 64)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:2:\(10 + 4 + column.count + 1): error: this would need about 123 MiB of memory for a 4000×4000 matrix; the limit maxMemoryMB is 64 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
            ])
    }

    /// n-gram counts are checked against the limit as they are counted (their number is known only then): at
    /// n = 6, 20,000 pseudo-random letters make new contexts and counts at every order above 2, and the bound
    /// (208 B a count, 288 a context) reaches 16 MiB after 10,477 of them (39,904 counts of 29,430 contexts,
    /// counted independently in Python); the same corpus's bigrams fit. On the code before, the counts were not
    /// checked and the lesson built.
    func testNGramCountsStopBeforeTheyPassTheLimit() {
        var (state, letters) = (UInt64(7), "")
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            letters.append(Character(Unicode.Scalar(UInt8(97 + Int(state >> 33) % 26))))
        }
        let corpus = "```rnn corpus\nname: c\ntext: \(letters)\ntokens: characters\n```\n\n"
        let sixGrams = corpus + "```rnn ngram\ncorpus: c\norders: [2, 6]\n```\n"
        let headlines = buildLesson(sixGrams, limits: limits(memoryMB: 16)).diagnostics.map(\.headline)
        XCTAssertEqual(headlines.count, 1)
        let message = try? XCTUnwrap(headlines.first)
        XCTAssert(
            message?.hasPrefix(
                "Lessons/test.md:7:8: error: the 6-gram counts of corpus 'c' would pass the limit maxMemoryMB (16 MiB) after "
            )
                == true, "\(headlines)")
        XCTAssert(
            message?.hasSuffix("; use lower orders or a smaller corpus, or raise the limit (--limit maxMemoryMB=…)")
                == true)
        let bigrams = corpus + "```rnn ngram\ncorpus: c\norders: [1, 2]\n```\n"
        XCTAssertEqual(buildLesson(bigrams, limits: limits(memoryMB: 16)).diagnostics.map(\.headline), [])
    }

    /// The ngram directive holds its counts and nothing else that grows with the corpus: its sentences become
    /// indices one at a time. 600,000 sentences `a b` (one array shared by all, so the corpus itself is 5 MB of
    /// references) make 3 unigram counts; the growth of the peak resident size (VmHWM, reset through
    /// /proc/self/clear_refs) while they are counted and evaluated stays under 4 MB. On the code
    /// before, which copied every sentence's indices, training and held-out, it grew by about 40 MB.
    func testNGramCountsAreAllItHolds() throws {
        let data = Corpus(
            sentences: Array(repeating: ["a", "b"], count: 600_000), tokenization: .characters,
            heldOutFraction: 0.5, endOfSentence: true)
        let directive = NGramDirective(
            corpus: "c", orders: [1], smoothing: .addK(1), model: nil, lengths: [], id: "c.ngram")
        let context = ExecutionContext(file: SourceFile(path: "Lessons/test.md", text: ""), limits: Limits())
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try peakResidentKB()
        let figures = try directive.figures(order: 1, data, context)
        let growth = try peakResidentKB() - before
        XCTAssertEqual(figures.stored, 3)
        XCTAssertLessThan(growth, 4_000, "grew \(growth) KB")
    }

    /// The RNN beside the n-grams reads the held-out sentences as indices a batch at a time: 600,000 held-out
    /// sentences `a b` (one array shared by all) grow the peak resident size by less than 4 MB while the
    /// comparison runs. On the code before, which made every held-out sentence a pair of index arrays first, it
    /// grew by 93 MB. The loss is checked by hand: a model whose weights are all 0 gives each of the 3
    /// tokens (a, b, <EOS>) probability 1/3 at every step, so the perplexity is 3 (to 1e-9: the 1,800,000 step
    /// losses are added one by one).
    func testTheComparedRNNHoldsOneBatchOfSentences() throws {
        let data = Corpus(
            sentences: Array(repeating: ["a", "b"], count: 1_200_000), tokenization: .characters,
            heldOutFraction: 0.5, endOfSentence: true)
        let shapes = RNNLanguageModel.parameterShapes(
            vocabularySize: data.vocabulary.count, hiddenSize: 2, input: .oneHot)
        let zeros = ParameterSet(shapes.map { Parameter(name: $0.0, value: Matrix(zeros: $0.1[0], $0.1[1])) })
        let rnn = RNNLanguageModel(
            vocabulary: data.vocabulary, hiddenSize: 2, activation: .tanh, input: .oneHot, parameters: zeros)
        let directive = NGramDirective(
            corpus: "c", orders: [1], smoothing: .addK(1), model: "m", lengths: [], id: "c.ngram")
        var context = ExecutionContext(file: SourceFile(path: "Lessons/test.md", text: ""), limits: Limits())
        context.models["m"] = LessonModel(name: "m", model: rnn, tokenization: .characters)
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try peakResidentKB()
        let comparison = try directive.compare("m", data, context)
        let growth = try peakResidentKB() - before
        XCTAssertEqual(data.vocabulary.count, 3)
        XCTAssertEqual(comparison.perplexity, 3, accuracy: 1e-9)
        XCTAssertLessThan(growth, 4_000, "grew \(growth) KB")
    }

    /// A run holds its examples as token indices for as long as it trains, and they count: 20,000 sentences
    /// `a b` with <EOS> are 20,000 examples of 60,000 tokens, 16 B × 60,000 + 192 B × 20,000 = 4,800,000 B
    /// (4.58 MiB), refused under a limit of 4 MiB and trained under 5. On the code before, only the update and
    /// the loss after training were counted and the run went ahead under any limit.
    func testARunCountsItsExamples() {
        let text = String(repeating: "  a b\n", count: 20_000)
        let lesson =
            "```rnn corpus\nname: c\nsplit: lines\ntext: |\n\(text)```\n\n"
            + "```rnn model\nname: m\ncorpus: c\nhidden: 2\n```\n\n```rnn train\nmodel: m\ncorpus: c\nsteps: 1\n```\n"
        let trainLine = 20_000 + 13
        assertOneRefusal(
            lesson, memoryMB: 4,
            saying:
                "Lessons/test.md:\(trainLine):8: error: this would need about 5 MiB of memory for 20000 examples of 60000 tokens in all as indices; the limit maxMemoryMB is 4 MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
        )
        XCTAssertEqual(buildLesson(lesson, limits: limits(memoryMB: 5)).diagnostics.map(\.headline), [])
    }

    /// A corpus counts what it holds as it is tokenised: 20,000 lines `a b` are 20,000 pieces of 16 B
    /// (320,000 B), then 96 B a sentence and 32 B a token, 160 B a line, and 256 B for each of `a` and `b` when
    /// first seen; under 1 MiB (1,048,576 B) the 4,550th sentence brings it to 1,048,512 B and the 4,551st has room
    /// for no token, so the corpus stops there, after 9,100 tokens. All of it, 3,520,512 B, fits under 4 MiB. On
    /// the code before, only maxCorpusTokens was checked and it built under any memory limit.
    func testACorpusCountsWhatItHoldsAsItIsTokenised() {
        let lesson =
            "```rnn corpus\nname: c\nsplit: lines\ntext: |\n\(String(repeating: "  a b\n", count: 20_000))```\n"
        XCTAssertEqual(
            buildLesson(lesson, limits: limits(memoryMB: 1)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:8: error: the corpus 'c' would pass the limit maxMemoryMB (1 MiB) at its sentence 4551 of 20000, after 9100 tokens; use a smaller corpus or raise the limit (--limit maxMemoryMB=…)"
            ])
        XCTAssertEqual(buildLesson(lesson, limits: limits(memoryMB: 4)).diagnostics.map(\.headline), [])
    }

    /// A corpus counts its vocabulary as it is tokenised: 2,000 lines of two words never repeated (`w0000 x0000`,
    /// …) are 2,000 pieces of 16 B (32,000 B), then each line's sentence (96 + 2 × 32 B) and its two new tokens
    /// (2 × 256 B), 672 B a line; under 1 MiB (1,048,576 B) sentence 1,513 brings 32,000 + 672 × 1,513 =
    /// 1,048,736 B, past the limit, after 3,024 tokens. The same lines of one repeated pair count 2 × 256 B once
    /// (352,512 B in all) and build. On the code before, the vocabulary was not counted: 352,000 B, and it built.
    func testACorpusCountsItsVocabularyAsItIsTokenised() {
        func lesson(_ line: (Int) -> String) -> String {
            "```rnn corpus\nname: c\nsplit: lines\ntext: |\n"
                + (0..<2_000).map { "  \(line($0))\n" }.joined() + "```\n"
        }
        let distinct = lesson { String(format: "w%04d x%04d", $0, $0) }
        XCTAssertEqual(
            buildLesson(distinct, limits: limits(memoryMB: 1)).diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:8: error: the corpus 'c' would pass the limit maxMemoryMB (1 MiB) at its sentence 1513 of 2000, after 3024 tokens; use a smaller corpus or raise the limit (--limit maxMemoryMB=…)"
            ])
        XCTAssertEqual(buildLesson(lesson { _ in "w0000 x0000" }, limits: limits(memoryMB: 1)).diagnostics.count, 0)
    }

    func testTheCorpusLimitStopsTokenisingAtTheTokenThatPassesIt() {
        var limits = Limits()
        limits.maxCorpusTokens = 1_000
        let text = String(repeating: "a b ", count: 600)
        let corpus = "```rnn corpus\nname: c\ntext: \(text)\n```\n"
        XCTAssertEqual(
            buildLesson(corpus, limits: limits).diagnostics.map(\.headline),
            ["Lessons/test.md:1:8: error: the corpus 'c' has more than 1000 tokens; the limit maxCorpusTokens is 1000"])
        // Exactly at the limit is accepted.
        let fits = "```rnn corpus\nname: c\ntext: \(String(repeating: "a b ", count: 500))\n```\n"
        XCTAssertEqual(buildLesson(fits, limits: limits).diagnostics.map(\.headline), [])
        XCTAssertEqual(Corpus.Tokenization.words.tokens(of: " a  bb\tc ", limit: 2), ["a", "bb", "c"])
        XCTAssertEqual(Corpus.Tokenization.words.tokens(of: " a  bb\tc "), ["a", "bb", "c"])
        XCTAssertEqual(Corpus.Tokenization.characters.tokens(of: "héllo", limit: 1), ["h", "é"])
    }

    func testASequenceIsTokenisedOnlyFarEnoughToKnowItPassesTheLimit() {
        var limits = Limits()
        limits.maxSequenceLength = 10
        func forward(_ input: String) -> [String] {
            buildLesson(model(hidden: 2) + "```rnn forward\nmodel: m\ninput: \(input)\n```\n", limits: limits)
                .diagnostics.map(\.headline)
        }
        func loss(_ sequence: String) -> [String] {
            buildLesson(model(hidden: 2) + "```rnn loss\nmodel: m\nsequence: \(sequence)\n```\n", limits: limits)
                .diagnostics.map(\.headline)
        }
        let refused = "Lessons/test.md:10:8: error: the sequence has more than 10 tokens, the limit maxSequenceLength"
        XCTAssertEqual(forward(String(repeating: "a", count: 10)), [])
        XCTAssertEqual(forward(String(repeating: "a", count: 11)), [refused])
        XCTAssertEqual(forward(String(repeating: "a", count: 100_000)), [refused])
        // With teacher forcing, 11 tokens are 10 steps.
        XCTAssertEqual(loss(String(repeating: "ab", count: 5) + "a"), [])
        XCTAssertEqual(
            loss(String(repeating: "ab", count: 6)),
            ["Lessons/test.md:10:11: error: the sequence has more than 10 tokens, the limit maxSequenceLength"])
    }

    /// `lines` (labelled examples, words) are refused at line `line` with `message` under these limits.
    func assertDataRefused(
        _ lines: String, maxTokens: Int = .max, maxMemoryMB: Int = .max, at line: Int, _ message: String,
        file: StaticString = #filePath, caller: UInt = #line
    ) {
        let result = DatasetDirective.items(
            lines, format: .labelled, tokens: .words, targetTokens: .words, maxTokens: maxTokens,
            maxMemoryMB: maxMemoryMB)
        guard case .failure(let e) = result else { return XCTFail("the lines were read", file: file, line: caller) }
        XCTAssertEqual(e.line, line, file: file, line: caller)
        XCTAssertEqual(e.message, message, file: file, line: caller)
    }

    func testADataSetNamesTheLineWhereItsTokensPassTheLimit() {
        // Each line is 3 words and its label: 4 tokens; the 251st line brings 1,004.
        let lines = Array(repeating: "pos: a b c", count: 300).joined(separator: "\n")
        assertDataRefused(
            lines, maxTokens: 1_000, at: 251, "the data passes 1000 tokens here, the limit maxCorpusTokens")
    }

    /// A data set counts what it holds as it reads, as a corpus does: 10,000 lines `pos: a b c` are 109,999 B of
    /// text and 32 B a line (429,999 B), then each example's words (96 + 3 × 32 B) and label (96 + 32 B), 320 B;
    /// under 1 MiB (1,048,576 B) 1,933 examples bring 1,048,559 B and the 1,934th passes. On the code before,
    /// only the tokens were counted and all 10,000 were read.
    func testADataSetNamesTheLineWhereWhatItHoldsPassesTheMemoryLimit() {
        let lines = Array(repeating: "pos: a b c", count: 10_000).joined(separator: "\n")
        assertDataRefused(lines, maxMemoryMB: 1, at: 1934, "the data passes 1 MiB here, the limit maxMemoryMB")
        let fits = DatasetDirective.items(
            lines, format: .labelled, tokens: .words, targetTokens: .words, maxMemoryMB: 4)
        XCTAssertEqual((try? fits.get())?.count, 10_000)
    }
}
