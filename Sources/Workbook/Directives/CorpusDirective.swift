import Foundation
import RNN

/// `rnn corpus`: a named body of text for training and evaluation, split into sentences and tokens, with
/// `<EOS>` at sentence ends and `<UNK>` for words left out of the vocabulary.
struct CorpusDirective: Directive {
    static let kind = "corpus"
    static let keys = [
        "name", "text", "file", "sentences", "split", "tokens", "eos", "lowercase", "min_count", "max_vocabulary",
        "heldout", "unk", "order",
    ]

    enum Source: Sendable {
        case text(String)
        case file(String, SourceLocation)
        case sentences([String])
    }

    let name: String
    let source: Source
    let split: String
    let tokenization: Corpus.Tokenization
    let endOfSentence: Bool
    let lowercase: Bool
    let minimumCount: Int
    let maximumVocabulary: Int?
    let heldOut: Double
    let alwaysUnknown: Bool
    /// The vocabulary's order: first appearance, or sorted (min-char-rnn's `sorted(set(data))`).
    let order: Corpus.Order

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> CorpusDirective? {
        let nameEntry = context.definitionName(&a, what: "corpus")
        let given = ["text", "file", "sentences"].filter { a.has($0) }
        if given.count != 1 {
            a.error(
                given.count > 1 ? a.location(of: given[1]) : a.block.kindLocation,
                "give the corpus exactly one way: 'text' (inline), 'file' (beside the lesson) or 'sentences' (a list)")
        }
        var source: Source?
        if let text = a.string("text") { source = .text(text) }
        if let (path, location, _) = a.scalar("file") { source = .file(path, location) }
        if let list = a.strings("sentences") { source = .sentences(list.map(\.0)) }
        let split = a.choice("split", among: ["lines", "sentences", "none"]) ?? "lines"
        let tokenization =
            a.choice("tokens", among: ["characters", "words"]).flatMap(Corpus.Tokenization.init(rawValue:)) ?? .words
        let eos = a.bool("eos") ?? true
        let lowercase = a.bool("lowercase") ?? false
        let minimumCount = a.int("min_count", in: 1...1_000_000) ?? 1
        let maximumVocabulary = a.int("max_vocabulary", in: 1...context.limits.maxVocabulary)
        let heldOut = a.double("heldout", in: 0...0.9) ?? 0
        let unk = a.bool("unk") ?? false
        let order = a.choice("order", of: Corpus.Order.self) ?? .appearance
        a.finish()
        if context.claim(nameEntry, a) { context.corpora.insert(nameEntry!) }
        guard !a.hasErrors, let name = nameEntry, let source else { return nil }
        return CorpusDirective(
            name: name, source: source, split: split, tokenization: tokenization, endOfSentence: eos,
            lowercase: lowercase,
            minimumCount: minimumCount, maximumVocabulary: maximumVocabulary, heldOut: heldOut, alwaysUnknown: unk,
            order: order)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var pieces: [String]
        var textBytes = 0
        switch source {
        case .sentences(let list):
            pieces = list
        case .text(let text):
            pieces = Self.split(text, split)
        case .file(let path, let location):
            let text = try context.readLessonFile(path, at: location)
            textBytes = text.utf8.count
            pieces = Self.split(text, split)
        }
        if lowercase { pieces = pieces.map { $0.lowercased() } }
        let sentences = try tokenize(pieces, textBytes: textBytes, context)
        guard sentences.count >= (heldOut > 0 ? 2 : 1) else {
            throw context.error(
                context.block!.kindLocation,
                "the corpus '\(name)' has \(sentences.count) sentences; it needs at least \(heldOut > 0 ? 2 : 1)")
        }
        let corpus = Corpus(
            sentences: sentences, tokenization: tokenization, heldOutFraction: heldOut, endOfSentence: endOfSentence,
            minimumCount: minimumCount,
            maximumSize: maximumVocabulary, alwaysUnknown: alwaysUnknown, order: order)
        context.corpora[name] = corpus
        let training = corpus.trainingSentences
        context.namespace.define(
            name,
            .record(
                Record([
                    ("vocabulary", .texts(corpus.vocabulary.tokens)), ("V", .number(Double(corpus.vocabulary.count))),
                    ("sentences", .number(Double(training.count))),
                    ("tokens", .number(Double(training.reduce(0) { $0 + $1.count }))),
                    ("heldout_sentences", .number(Double(corpus.heldOutCount))),
                ])))
        let vocab = corpus.vocabulary.tokens
        let shownVocabulary: [Span] =
            vocab.count <= 80
            ? vocab.flatMap { [.code($0 == " " ? "␣" : $0), .text(" ")] }
            : vocab.prefix(80).flatMap { [.code($0 == " " ? "␣" : $0), .text(" ")] } + [.text("…")]
        let examples = training.prefix(3).map { s -> [Span] in [.code(DirectiveSupport.join(s, tokenization))] }
        return [
            .paragraph(
                [
                    .strong("Corpus"), .text(" "), .code(name),
                    .text(
                        ": \(training.count) training sentence\(training.count == 1 ? "" : "s"), \(training.reduce(0) { $0 + $1.count }) \(tokenization == .characters ? "characters" : "words")"
                    ),
                    .text(corpus.heldOutCount > 0 ? ", \(corpus.heldOutCount) sentences held out" : ""),
                    .text(endOfSentence ? "; each sentence ends with " : ""),
                    .code(endOfSentence ? Vocabulary.endOfSentence : ""),
                    .text(". Vocabulary of "), .math("|V| = \(vocab.count)"), .text(": "),
                ] + shownVocabulary),
            .paragraph(
                [.text("First sentences: ")]
                    + examples.enumerated().flatMap { i, s in (i > 0 ? [.text(", ")] : []) + s }),
        ].filter { if case .paragraph(let spans) = $0 { return !spans.isEmpty } else { return true } }
    }

    /// The pieces' tokens (empty sentences dropped), stopping at the token that passes maxCorpusTokens, or at
    /// the first that would take what the corpus holds past maxMemoryMB (`heldBytes`, counted from `textBytes`,
    /// the text read, and the pieces, and `vocabularyBytes` for each token not seen before): a piece is tokenised
    /// only as far as either limit allows.
    func tokenize(_ pieces: [String], textBytes: Int, _ context: ExecutionContext) throws(Diagnostic) -> [[String]] {
        let limit = context.limits.maxCorpusTokens
        let memory = context.limits.maxMemoryMB
        let maxBytes = Limits.bytes(mebibytes: memory)
        var bytes = pieces.reduce(textBytes) { $0 + Self.heldBytes(string: $1) }
        var sentences: [[String]] = []
        var (count, seen) = (0, Set<String>())
        for piece in pieces {
            let fits = max(0, (maxBytes - bytes - Self.sentenceBytes) / Self.tokenBytes)
            let sentence = tokenization.tokens(of: piece, limit: min(limit - count, fits))
            count += sentence.count
            guard count <= limit else {
                throw context.error(
                    context.block!.kindLocation,
                    "the corpus '\(name)' has more than \(limit) tokens; the limit maxCorpusTokens is \(limit)")
            }
            bytes += Self.heldBytes(sentence: sentence)
            for token in sentence where seen.insert(token).inserted { bytes += Self.vocabularyBytes }
            guard sentence.count <= fits, bytes <= maxBytes else {
                throw context.error(
                    context.block!.kindLocation,
                    "the corpus '\(name)' would pass the limit maxMemoryMB (\(memory) MiB) at its sentence \(sentences.count + 1) of \(pieces.count), after \(count - sentence.count) tokens; use a smaller corpus or raise the limit (--limit maxMemoryMB=…)"
                )
            }
            if !sentence.isEmpty { sentences.append(sentence) }
        }
        return sentences
    }

    /// What a corpus holds, counted at its measured worst: a sentence's array of tokens, 96 bytes, and 32 a token
    /// (a token is 16 bytes and the array, grown as it is read, has room for up to twice its tokens), plus what a
    /// token or piece longer than 15 UTF-8 bytes keeps outside its 16 (its bytes and 32). Measured: a corpus
    /// directive grew the peak resident size by 108 MB for 1,000,000 lines of 2 words (counted 180 MB) and by
    /// 135 MB for 200,000 lines of 20 (counted 173 MB), the text and its lines included.
    static let (sentenceBytes, tokenBytes) = (96, 32)

    /// What a token the corpus has not seen before adds while its vocabulary is built (`Corpus.init`'s counts and
    /// the lists and sets of tokens it keeps, the vocabulary's tokens and index), the token's own bytes shared with
    /// the sentences. Measured: 1,000,000 lines of 2 words never repeated (`w000001 x000001`) peaked at 584 MiB
    /// against 140 MiB for the same lines of one repeated pair, 233 B more a distinct token (uncounted before, under a
    /// limit of 200 MiB).
    static let vocabularyBytes = 256

    static func heldBytes(string: some StringProtocol) -> Int { 16 + outsideBytes(string) }

    static func heldBytes(sentence: [String]) -> Int {
        sentence.reduce(sentenceBytes) { $0 + tokenBytes + outsideBytes($1) }
    }

    /// What a string longer than 15 UTF-8 bytes keeps outside its 16: its bytes and 32.
    private static func outsideBytes(_ string: some StringProtocol) -> Int {
        let n = string.utf8.count
        return n > 15 ? n + 32 : 0
    }

    static func split(_ text: String, _ how: String) -> [String] {
        switch how {
        case "lines":
            return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        case "sentences":
            var out: [String] = []
            var current = ""
            for c in text {
                current.append(c.isNewline ? " " : c)
                if ".!?".contains(c) {
                    out.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                }
            }
            out.append(current.trimmingCharacters(in: .whitespaces))
            return out.filter { !$0.isEmpty }
        default:
            return [text]
        }
    }
}
