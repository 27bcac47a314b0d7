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

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let data = context.corpora[corpus]!
        let V = data.vocabulary.count
        let eos = data.endOfSentence ? data.vocabulary.index(of: Vocabulary.endOfSentence) : nil
        let training = data.trainingSentences.map(data.indices)
        let evaluation = data.heldOutCount > 0 ? data.heldOutSentences.map(data.indices) : training
        let evaluatedOn = data.heldOutCount > 0 ? "held-out" : "training"
        var perplexities: [Double] = []
        var stored: [Double] = []
        var rows: [[[Span]]] = []
        let e = NumberFormat(style: .exponent, precision: 2)
        let f = NumberFormat.standard
        for n in orders {
            let ngram = NGramModel(
                order: n, vocabularySize: V, smoothing: smoothing, sentences: training, endToken: eos)
            var logSum = 0.0
            var count = 0
            for s in evaluation {
                let (lp, tokens) = ngram.logProbability(s, endToken: eos)
                logSum += lp
                count += tokens
            }
            let perplexity = exp(-logSum / Double(max(count, 1)))
            perplexities.append(perplexity)
            stored.append(Double(ngram.storedCounts))
            rows.append([
                [.text("\(n)-gram")], [.text("\(ngram.distinctNGrams)")], [.text("\(ngram.storedCounts)")],
                [.text(e.format(pow(Double(V), Double(n))))], [.text(f.format(perplexity))],
            ])
        }
        var fields: [(String, Value)] = [
            ("orders", .tensor(Tensor(vector: orders.map(Double.init)))),
            ("perplexity", .tensor(Tensor(vector: perplexities))),
            ("stored", .tensor(Tensor(vector: stored))),
        ]
        var blocks: [OutputBlock] = []
        var rnnParameters: Int?
        var rnnH = 0
        if let model {
            let lesson = context.models[model]!
            let rnn = lesson.model
            guard rnn.shape == .languageModel else {
                throw context.error(
                    context.block!.kindLocation,
                    "'ngram' compares n-grams with a language model; '\(model)' is \(lesson.summary)")
            }
            guard rnn.sources == data.vocabulary else {
                throw context.error(
                    context.block!.kindLocation,
                    "model '\(model)' has a different vocabulary from corpus '\(corpus)'; define it with 'corpus: \(corpus)'"
                )
            }
            let pairs = (data.heldOutCount > 0 ? Array(data.heldOutSentences) : Array(data.trainingSentences)).map(
                data.pair)
            let loss = rnn.meanLoss(sources: pairs.map(\.inputs), targets: pairs.map(\.targets))
            rnnParameters = rnn.parameters.scalarCount
            rnnH = rnn.hiddenSize
            fields.append(("rnn_perplexity", .number(exp(loss))))
            rows.append([
                [.text("RNN "), .code(model)], [.text("—")], [.text("\(rnnParameters!) parameters")], [.text("—")],
                [.text(f.format(exp(loss)))],
            ])
        }
        context.namespace.define(id, .record(Record(fields)))
        let smoothingText: String
        switch smoothing {
        case .addK(let k): smoothingText = "add-\(DirectiveSupport.short(k)) smoothing"
        case .kneserNey(let d):
            smoothingText = "interpolated Kneser–Ney smoothing, discount \(DirectiveSupport.short(d))"
        }
        blocks.append(
            .table(
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
                    rows: rows)))
        let memoryColumns: [OutputTable.Column] =
            [
                .init([.text("context "), .math("T")]), .init([.text("n-gram table for it: "), .math("|V|^{T+1}")]),
            ]
            + (rnnParameters != nil
                ? [
                    .init([.text("RNN parameters")]),
                    .init([.text("RNN activations for BPTT "), .math("T(2H + |V|)")]),
                ] : [])
        blocks.append(
            .table(
                OutputTable(
                    caption: [
                        .text("What conditioning on "), .math("T"), .text(" previous tokens costs (|V| = \(V))"),
                    ],
                    columns: memoryColumns,
                    rows: lengths.map { T in
                        [[.text("\(T)")], [.text(e.format(pow(Double(V), Double(T + 1))))]]
                            + (rnnParameters.map { [[.text("\($0)")], [.text("\(T * (2 * rnnH + V))")]] } ?? [])
                    })))
        return blocks
    }
}
