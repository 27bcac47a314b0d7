import Foundation
import RNN

/// `rnn dataset`: labelled sequences for tagging, classification and sequence-to-sequence models, one example
/// per line: `the/D cat/N` (tagged), `positive: what a film` (labelled) or `abc => cba` (pairs).
struct DatasetDirective: Directive {
    static let kind = "dataset"
    static let keys = [
        "name", "layout", "text", "file", "tokens", "target_tokens", "lowercase", "heldout", "vocabulary", "labels",
        "target_vocabulary",
    ]

    let name: String
    let format: Dataset.Format
    let source: CorpusDirective.Source
    /// Where an inline `text` starts in the lesson (a block scalar `|` starts on the next line).
    let textLocation: SourceLocation?
    let tokenization: Corpus.Tokenization
    let targetTokenization: Corpus.Tokenization
    let lowercase: Bool
    let heldOut: Double
    /// The orders the author gives (`vocabulary`, `labels`, `target_vocabulary`), with where.
    let orders: [OrderList]

    /// One of the lists that order a data set's vocabularies, checked against the examples when they are read.
    struct OrderList: Sendable {
        let key: String
        let entries: [String]
        let location: SourceLocation
    }

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> DatasetDirective? {
        let nameEntry = context.definitionName(&a, what: "data set")
        // `format` is a number format everywhere else; a data set's kind of lines is its `layout`.
        if a.has("format") {
            a.error(
                a.location(of: "format"),
                "a data set's kind of lines is given with 'layout' (tagged, labelled or pairs); 'format' is the number format of other directives"
            )
            _ = a.node("format")
        }
        let format = a.choice("layout", of: Dataset.Format.self, required: !a.has("format"))
        let given = ["text", "file"].filter { a.has($0) }
        if given.count != 1 {
            a.error(
                given.count > 1 ? a.location(of: given[1]) : a.block.kindLocation,
                "give the examples exactly one way: 'text' (inline, one per line) or 'file' (beside the lesson)")
        }
        var source: CorpusDirective.Source?
        let textLocation = a.node("text")?.location
        if let text = a.string("text") { source = .text(text) }
        if let (path, location, _) = a.scalar("file") { source = .file(path, location) }
        let tokenization =
            a.choice("tokens", among: ["characters", "words"]).flatMap(Corpus.Tokenization.init(rawValue:)) ?? .words
        let targetTokenization =
            a.choice("target_tokens", among: ["characters", "words"]).flatMap(Corpus.Tokenization.init(rawValue:))
            ?? tokenization
        if a.has("target_tokens"), format != nil, format != .pairs {
            a.error(a.location(of: "target_tokens"), "'target_tokens' applies to format: pairs only")
        }
        if a.has("tokens"), format == .tagged {
            a.error(a.location(of: "tokens"), "tagged data is always words, each written word/TAG")
        }
        let lowercase = a.bool("lowercase") ?? false
        let heldOut = a.double("heldout", in: 0...0.9) ?? 0
        let orders = planOrders(&a, format: format)
        a.finish()
        if context.claim(nameEntry, a) { context.datasets[nameEntry!] = .some(format) }
        guard !a.hasErrors, let name = nameEntry, let format, let source else { return nil }
        return DatasetDirective(
            name: name, format: format, source: source, textLocation: textLocation, tokenization: tokenization,
            targetTokenization: targetTokenization, lowercase: lowercase, heldOut: heldOut, orders: orders)
    }

    /// `vocabulary`, `labels` (tagged and labelled data) and `target_vocabulary` (pairs): lists without repeats.
    static func planOrders(_ a: inout Arguments, format: Dataset.Format?) -> [OrderList] {
        var lists: [OrderList] = []
        for key in ["vocabulary", "labels", "target_vocabulary"] {
            guard let given = a.strings(key) else { continue }
            if key == "labels", format == .pairs {
                a.error(
                    a.location(of: key),
                    "pairs have no labels: their targets are sequences, ordered with 'target_vocabulary'")
            } else if key == "target_vocabulary", format != nil, format != .pairs {
                a.error(
                    a.location(of: key),
                    "'target_vocabulary' orders the targets of pairs; this data is \(format!.rawValue)")
            }
            if let repeated = ModelDirective.duplicate(given.map(\.0)) {
                a.error(a.location(of: key), "'\(repeated)' appears twice in '\(key)'")
            }
            lists.append(OrderList(key: key, entries: given.map(\.0), location: a.location(of: key)))
        }
        return lists
    }

    /// The examples of `text`, or the message for its first bad line (1-based), or for the line where the
    /// tokens pass `maxTokens` or what the examples hold passes `maxMemoryMB` (counted while tokenising, as a
    /// corpus counts it: the text, 32 bytes a line, and each example's two arrays of tokens; a long file is not
    /// tokenised whole first).
    static func items(
        _ text: String, format: Dataset.Format, tokens: Corpus.Tokenization, targetTokens: Corpus.Tokenization,
        maxTokens: Int = .max, maxMemoryMB: Int = .max
    ) -> Result<[Dataset.Item], LineError> {
        var items: [Dataset.Item] = []
        var count = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let maxBytes = Limits.bytes(mebibytes: maxMemoryMB)
        var bytes = text.utf8.count + 32 * lines.count
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let item: Dataset.Item
            switch self.item(
                line, format: format, tokens: tokens, targetTokens: targetTokens, budget: maxTokens - count)
            {
            case .success(let found): item = found
            case .failure(let message): return .failure(LineError(line: n + 1, message: message.text))
            }
            items.append(item)
            count += item.tokens.count + item.labels.count
            guard count <= maxTokens else {
                return .failure(
                    LineError(
                        line: n + 1, message: "the data passes \(maxTokens) tokens here, the limit maxCorpusTokens"))
            }
            bytes += CorpusDirective.heldBytes(sentence: item.tokens) + CorpusDirective.heldBytes(sentence: item.labels)
            guard bytes <= maxBytes else {
                return .failure(
                    LineError(
                        line: n + 1, message: "the data passes \(maxMemoryMB) MiB here, the limit maxMemoryMB"))
            }
        }
        return .success(items)
    }

    /// A message for a bad line, its number added by `items`.
    struct Message: Error {
        let text: String
    }

    /// One line's example (`line` trimmed, neither empty nor a comment), at most `budget` tokens read from
    /// each side, or what is wrong with it.
    static func item(
        _ line: String, format: Dataset.Format, tokens: Corpus.Tokenization, targetTokens: Corpus.Tokenization,
        budget: Int
    ) -> Result<Dataset.Item, Message> {
        switch format {
        case .tagged:
            var words: [String] = []
            var tags: [String] = []
            for pair in line.split(whereSeparator: \.isWhitespace) {
                guard let slash = pair.lastIndex(of: "/"), slash != pair.startIndex,
                    pair.index(after: slash) != pair.endIndex
                else {
                    return .failure(Message(text: "'\(pair)' is not word/TAG"))
                }
                words.append(String(pair[..<slash]))
                tags.append(String(pair[pair.index(after: slash)...]))
            }
            return .success(Dataset.Item(tokens: words, labels: tags))
        case .labelled:
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(Message(text: "a labelled line is 'label: sentence'"))
            }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let sentence = tokens.tokens(
                of: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), limit: budget)
            guard !label.isEmpty, !label.contains(where: \.isWhitespace), !sentence.isEmpty else {
                return .failure(
                    Message(text: "a labelled line is 'label: sentence', the label one word"))
            }
            return .success(Dataset.Item(tokens: sentence, labels: [label]))
        case .pairs:
            let parts = line.components(separatedBy: "=>")
            guard parts.count == 2 else {
                return .failure(Message(text: "a pair is 'source => target'"))
            }
            let source = tokens.tokens(of: parts[0].trimmingCharacters(in: .whitespaces), limit: budget)
            let target = targetTokens.tokens(
                of: parts[1].trimmingCharacters(in: .whitespaces), limit: budget - source.count)
            guard !source.isEmpty, !target.isEmpty else {
                return .failure(Message(text: "both sides of a pair need at least one token"))
            }
            return .success(Dataset.Item(tokens: source, labels: target))
        }
    }

    struct LineError: Error {
        let line: Int
        let message: String
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let items = try readItems(&context)
        var data = Dataset(format: format, items: items, heldOutFraction: heldOut)
        data.orders = try checkedOrders(data, context)
        context.datasets[name] = LessonDataset(
            data: data, tokenization: tokenization, targetTokenization: format == .pairs ? targetTokenization : .words)
        let labels = data.orders.labels ?? distinct(items.flatMap(\.labels))
        context.namespace.define(
            name,
            .record(
                Record([
                    ("examples", .number(Double(data.training.count))),
                    ("heldout_examples", .number(Double(data.heldOutCount))),
                    ("labels", .texts(format == .pairs ? [] : labels)),
                ])))
        return blocks(data, labels: labels)
    }

    /// The author's orders, each naming every entry of its kind in the examples, held-out ones included.
    func checkedOrders(_ data: Dataset, _ context: ExecutionContext) throws(Diagnostic) -> Dataset.Orders {
        var orders = Dataset.Orders()
        for list in self.orders {
            // Pairs keep their targets' tokens where the other layouts keep labels.
            let used = list.key == "vocabulary" ? data.items.flatMap(\.tokens) : data.items.flatMap(\.labels)
            try Self.requireCovers(list, used: used, of: name, context)
            switch list.key {
            case "vocabulary": orders.tokens = list.entries
            case "labels": orders.labels = list.entries
            default: orders.targetTokens = list.entries
            }
        }
        return orders
    }

    /// The keys that order what a model of `shape` reads and what it predicts.
    static func orderKeys(for shape: SequenceModel.Shape) -> (read: String, predicted: String) {
        switch shape {
        case .oneToMany: return ("labels", "vocabulary")
        case .encoderDecoder: return ("vocabulary", "target_vocabulary")
        default: return ("vocabulary", "labels")
        }
    }

    /// The list given under `key`, if any.
    static func order(named key: String, in orders: Dataset.Orders) -> [String]? {
        switch key {
        case "vocabulary": return orders.tokens
        case "labels": return orders.labels
        default: return orders.targetTokens
        }
    }

    /// An error at the list when the examples use an entry it does not name.
    static func requireCovers(_ list: OrderList, used: [String], of dataset: String, _ context: ExecutionContext)
        throws(Diagnostic)
    {
        let named = Set(list.entries)
        var seen = Set<String>()
        let missing = used.filter { !named.contains($0) && seen.insert($0).inserted }
        guard missing.isEmpty else {
            let what = list.key == "labels" ? "labels" : "tokens"
            throw context.error(
                list.location,
                "'\(list.key)' must name every one of the \(what) of data set '\(dataset)' in the order you want; it leaves out "
                    + missing.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : ""))
        }
    }

    /// The examples of the file or the inline text, within maxCorpusTokens; a bad line is an error at its
    /// place in the lesson (inline) or named by its number (a file).
    func readItems(_ context: inout ExecutionContext) throws(Diagnostic) -> [Dataset.Item] {
        var text: String
        let at: SourceLocation
        let origin: String
        switch source {
        case .file(let path, let location):
            text = try context.readLessonFile(path, at: location)
            (at, origin) = (location, "'\(path)'")
        case .text(let inline):
            text = inline
            (at, origin) = (context.block!.kindLocation, "the data")
        case .sentences:
            preconditionFailure("a data set has no 'sentences'")
        }
        if lowercase { text = text.lowercased() }
        let items: [Dataset.Item]
        switch Self.items(
            text, format: format, tokens: tokenization, targetTokens: targetTokenization,
            maxTokens: context.limits.maxCorpusTokens, maxMemoryMB: context.limits.maxMemoryMB)
        {
        case .success(let found): items = found
        case .failure(let e):
            if case .text(let inline) = source, let start = textLocation {
                let block =
                    inline.contains("\n")
                    && !context.file.line(start.line).hasSuffix(inline.prefix(while: { $0 != "\n" }))
                let line = block ? start.line + e.line : start.line
                let text = context.file.line(line)
                let column = block ? text.prefix(while: { $0 == " " }).count + 1 : start.column
                throw context.error(SourceLocation(line: line, column: column), e.message)
            }
            throw context.error(at, "line \(e.line) of \(origin): \(e.message)")
        }
        guard items.count >= (heldOut > 0 ? 2 : 1) else {
            throw context.error(
                at, "data set '\(name)' has \(items.count) examples; it needs at least \(heldOut > 0 ? 2 : 1)")
        }
        return items
    }

    /// A summary (examples, held out, labels) and the first four examples.
    func blocks(_ data: Dataset, labels: [String]) -> [OutputBlock] {
        let shown = data.training.prefix(4)
        let join = { (tokens: [String], how: Corpus.Tokenization) in DirectiveSupport.join(tokens, how) }
        let columns: [OutputTable.Column]
        let rows: [[[Span]]]
        switch format {
        case .tagged:
            columns = [.init([.text("sentence (word/tag)")], numeric: false)]
            rows = shown.map { item in
                [zip(item.tokens, item.labels).flatMap { w, t -> [Span] in [.code("\(w)/\(t)"), .text(" ")] }]
            }
        case .labelled:
            columns = [.init([.text("label")], numeric: false), .init([.text("sentence")], numeric: false)]
            rows = shown.map { [[.code($0.labels[0])], [.code(join($0.tokens, tokenization))]] }
        case .pairs:
            columns = [.init([.text("source")], numeric: false), .init([.text("target")], numeric: false)]
            rows = shown.map { [[.code(join($0.tokens, tokenization))], [.code(join($0.labels, targetTokenization))]] }
        }
        var summary: [Span] = [
            .strong("Data set"), .text(" "), .code(name),
            .text(
                ": \(data.training.count) training example\(data.training.count == 1 ? "" : "s")"
                    + (data.heldOutCount > 0 ? ", \(data.heldOutCount) held out" : "") + " (\(format.rawValue))"),
        ]
        if format != .pairs {
            summary.append(.text("; \(format == .tagged ? "tags" : "labels"): "))
            summary += labels.flatMap { [.code($0), .text(" ")] }
        }
        return [
            .paragraph(summary),
            .table(OutputTable(caption: [.text("First examples of "), .code(name)], columns: columns, rows: rows)),
        ]
    }

    private func distinct(_ tokens: [String]) -> [String] {
        var seen = Set<String>()
        return tokens.filter { seen.insert($0).inserted }
    }
}
