import Foundation
import RNN

/// `rnn ngram`: count-based n-gram language models on a corpus, their held-out perplexity beside an RNN's, and
/// how many numbers each must store as n and the context grow.
struct NGramDirective: Directive {
    static let kind = "ngram"
    static let keys = ["corpus", "orders", "smoothing", "k", "discount", "model", "lengths", "id"]

    let corpus: String
    let orders: [Int]
    let smoothing: NGramModel.Smoothing
    let model: String?
    let lengths: [Int]
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> NGramDirective? {
        let corpus = context.corpusReference(&a)
        var orders: [Int] = []
        for (text, location) in a.strings("orders", singleAllowed: true) ?? [
            ("1", a.block.kindLocation), ("2", a.block.kindLocation), ("3", a.block.kindLocation),
        ] {
            if let n = Int(text), (1...10).contains(n) {
                orders.append(n)
            } else {
                a.error(location, "'orders' are whole numbers from 1 to 10, got '\(text)'")
            }
        }
        let kind = a.choice("smoothing", among: ["kneser-ney", "add-k"]) ?? "kneser-ney"
        let k = a.double("k", in: 1e-9...1e6) ?? 1
        let discount = a.double("discount", in: 0...1) ?? 0.75
        if kind == "kneser-ney", a.has("k") { a.error(a.location(of: "k"), "'k' applies to smoothing: add-k") }
        if kind == "add-k", a.has("discount") {
            a.error(a.location(of: "discount"), "'discount' applies to smoothing: kneser-ney")
        }
        var model: String?
        if a.has("model") { model = context.modelReference(&a) }
        var lengths: [Int] = []
        for (text, location) in a.strings("lengths", singleAllowed: true) ?? [
            ("5", a.block.kindLocation), ("10", a.block.kindLocation), ("20", a.block.kindLocation),
            ("50", a.block.kindLocation),
        ] {
            if let n = Int(text), (1...1_000_000).contains(n) {
                lengths.append(n)
            } else {
                a.error(location, "'lengths' are whole numbers of tokens, got '\(text)'")
            }
        }
        let id = corpus.flatMap { context.resultName(&a, default: "\($0).ngram") }
        a.finish()
        guard !a.hasErrors, let corpus, let id else { return nil }
        return NGramDirective(
            corpus: corpus, orders: orders, smoothing: kind == "add-k" ? .addK(k) : .kneserNey(discount: discount),
            model: model, lengths: lengths, id: id)
    }

    /// One n-gram model's figures.
    struct Order {
        let n: Int
        let distinct: Int
        let stored: Int
        let perplexity: Double
    }

    /// The language model compared with them.
    struct Comparison {
        let parameters: Int
        let hidden: Int
        let perplexity: Double
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let data = context.corpora[corpus]!
        var results: [Order] = []
        for n in orders { results.append(try figures(order: n, data, context)) }
        let comparison = try model.map { name throws(Diagnostic) in try compare(name, data, context) }
        var fields: [(String, Value)] = [
            ("orders", .tensor(Tensor(vector: orders.map(Double.init)))),
            ("perplexity", .tensor(Tensor(vector: results.map(\.perplexity)))),
            ("stored", .tensor(Tensor(vector: results.map { Double($0.stored) }))),
        ]
        if let comparison { fields.append(("rnn_perplexity", .number(comparison.perplexity))) }
        context.namespace.define(id, .record(Record(fields)))
        return [modelsTable(results, comparison, data), memoryTable(comparison, V: data.vocabulary.count)]
    }

    /// An n-gram model of the training sentences and its perplexity on the held-out ones (or the training
    /// ones when none are held out). The counts stop, with an error, before they would pass maxMemoryMB: how
    /// many there will be is known only by counting them (a corpus's 10-grams held 1 GB per million
    /// characters). Sentences become indices one at a time, so that nothing but the counts grows with the corpus
    /// (a copy of a corpus of short sentences held 83 MiB, past a limit of 64, beside 3,001 counts).
    func figures(order n: Int, _ data: Corpus, _ context: ExecutionContext) throws(Diagnostic) -> Order {
        let eos = data.endOfSentence ? data.vocabulary.index(of: Vocabulary.endOfSentence) : nil
        let training = data.trainingSentences.lazy.map(data.indices)
        let evaluation = Self.evaluated(data)
        let limit = context.limits.maxMemoryMB
        let ngram = NGramModel(
            order: n, vocabularySize: data.vocabulary.count, smoothing: smoothing, sentences: training, endToken: eos,
            maxBytes: Limits.bytes(mebibytes: limit))
        if ngram.exceeded {
            let total = data.trainingSentences.reduce(0) { $0 + $1.count + (eos == nil ? 0 : 1) }
            throw context.error(
                context.block!.kindLocation,
                "the \(n)-gram counts of corpus '\(corpus)' would pass the limit maxMemoryMB (\(limit) MiB) after \(ngram.countedTokens) of its \(total) tokens (\(ngram.storedCounts) counts of \(ngram.contexts) contexts); use lower orders or a smaller corpus, or raise the limit (--limit maxMemoryMB=…)"
            )
        }
        var logSum = 0.0
        var count = 0
        for s in evaluation {
            let (lp, tokens) = ngram.logProbability(data.indices(s), endToken: eos)
            logSum += lp
            count += tokens
        }
        return Order(
            n: n, distinct: ngram.distinctNGrams, stored: ngram.storedCounts,
            perplexity: Elementary.exp(-logSum / Double(max(count, 1))))
    }

    /// The sentences the models are evaluated on: the held-out ones, or the training ones when none are held out.
    static func evaluated(_ data: Corpus) -> ArraySlice<[String]> {
        data.heldOutCount > 0 ? data.heldOutSentences : data.trainingSentences
    }

    /// The language model `name` on the same sentences.
    func compare(_ name: String, _ data: Corpus, _ context: ExecutionContext) throws(Diagnostic) -> Comparison {
        let lesson = context.models[name]!
        let rnn = lesson.model
        guard rnn.shape == .languageModel else {
            throw context.error(
                context.block!.kindLocation,
                "'ngram' compares n-grams with a language model; '\(name)' is \(lesson.summary)")
        }
        guard rnn.sources == data.vocabulary else {
            throw context.error(
                context.block!.kindLocation,
                "model '\(name)' has a different vocabulary from corpus '\(corpus)'; define it with 'corpus: \(corpus)'"
            )
        }
        // The sentences become indices a batch at a time, as the loss needs them: what it holds at once is its
        // batch's pass (a copy of every held-out sentence held 122 MiB under a limit of 64).
        let sentences = Self.evaluated(data)
        let extra = data.endOfSentence ? 1 : 0
        let held = rnn.asSequenceModel.evaluationRowsHeld(lengths: sentences.lazy.map { $0.count + extra })
        try context.reserve(.pass(rnn, steps: held, backward: false))
        let loss = rnn.meanLoss(
            examples: sentences.lazy.map { s in
                let pair = data.pair(s)
                return (source: pair.inputs, target: pair.targets)
            })
        return Comparison(
            parameters: rnn.parameters.scalarCount, hidden: rnn.hiddenSize, perplexity: Elementary.exp(loss))
    }

    func modelsTable(_ results: [Order], _ comparison: Comparison?, _ data: Corpus) -> OutputBlock {
        let f = NumberFormat.standard
        let V = Double(data.vocabulary.count)
        var rows = results.map { r -> [[Span]] in
            [
                [.text("\(r.n)-gram")], [.text("\(r.distinct)")], [.text("\(r.stored)")],
                [.text(NumberFormat.count(pow(V, Double(r.n))))], [.text(f.format(r.perplexity))],
            ]
        }
        if let model, let comparison {
            rows.append([
                [.text("RNN "), .code(model)], [.text("—")], [.text("\(comparison.parameters) parameters")],
                [.text("—")], [.text(f.format(comparison.perplexity))],
            ])
        }
        let smoothingText: String
        switch smoothing {
        case .addK(let k): smoothingText = "add-\(DirectiveSupport.short(k)) smoothing"
        case .kneserNey(let d):
            smoothingText = "interpolated Kneser–Ney smoothing, discount \(DirectiveSupport.short(d))"
        }
        let evaluatedOn = data.heldOutCount > 0 ? "held-out" : "training"
        return .table(
            OutputTable(
                caption: [
                    .strong("n-gram models"), .text(" of "), .code(corpus),
                    .text(" (\(smoothingText)), perplexity on the \(evaluatedOn) sentences"),
                ],
                columns: [
                    .init([.text("model")], numeric: false), .init([.text("distinct n-grams seen")]),
                    .init([.text("numbers stored")]),
                    .init([.text("possible n-grams "), .math("|V|^n")]), .init([.text("perplexity")]),
                ],
                rows: rows))
    }

    /// What conditioning on T tokens costs an n-gram table, and the RNN's parameters and activations.
    func memoryTable(_ comparison: Comparison?, V: Int) -> OutputBlock {
        let columns: [OutputTable.Column] =
            [.init([.text("context "), .math("T")]), .init([.text("n-gram table for it: "), .math("|V|^{T+1}")])]
            + (comparison != nil
                ? [
                    .init([.text("RNN parameters")]),
                    .init([.text("RNN activations for BPTT "), .math("T(2H + |V|)")]),
                ]
                : [])
        return .table(
            OutputTable(
                caption: [.text("What conditioning on "), .math("T"), .text(" previous tokens costs (|V| = \(V))")],
                columns: columns,
                rows: lengths.map { T in
                    [[.text("\(T)")], [.text(NumberFormat.count(pow(Double(V), Double(T + 1))))]]
                        + (comparison.map { [[.text("\($0.parameters)")], [.text("\(T * (2 * $0.hidden + V))")]] } ?? [])
                }))
    }
}
