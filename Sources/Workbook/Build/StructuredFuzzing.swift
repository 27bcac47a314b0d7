import Foundation

/// Structure-aware fuzzing of the lesson language: the fuzzer's bytes are read as choices in a grammar of
/// lessons (directives of every kind with their own keys, values of every type, nested YAML, expressions
/// over the names a lesson defines), and the lesson built from them runs through the whole pipeline, execution
/// included, under small limits. Random bytes almost never make a directive that plans, let alone runs; these
/// lessons mostly do, so the fuzzer reaches the executor, the engine and the writers.
/// What `Sources/workbook-fuzz` drives with `WORKBOOK_FUZZ=structured`; it must return for any input.
public enum StructuredFuzzing {
    /// The lesson the bytes choose.
    public static func lesson(from bytes: [UInt8]) -> String {
        var choices = Choices(bytes)
        var text = "# Fuzz\n\n"
        if choices.next() % 4 != 0 { text += prelude }
        for _ in 0..<(1 + choices.next() % maxPieces) {
            switch choices.next() % 5 {
            case 0: text += prose(&choices)
            case 1: text += hostile(&choices)
            default: text += directive(&choices)
            }
        }
        return text
    }

    /// Builds the lesson the bytes choose, as `workbook build` would, with limits small enough that any
    /// lesson runs in well under a second. Returns the number of diagnostics.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int { diagnostics(bytes).count }

    /// The diagnostics of the whole pipeline on the lesson the grammar makes of `bytes`, within small limits.
    public static func diagnostics(_ bytes: [UInt8]) -> [Diagnostic] {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.copiesImages = false
        options.limits = limits
        let file = SourceFile(path: "fuzz-structured.md", text: lesson(from: bytes))
        let product = Pipeline.build(
            file, slug: "fuzz-structured", options: options, assets: AssetLinks.make(katexDirectory: nil))
        return product.diagnostics
    }

    /// The most pieces (prose, hostile or directive) a lesson has after its prelude.
    public static let maxPieces = 6

    /// The limits the lessons build under: small enough that a directive runs in well under a second, or is
    /// stopped at its `maxSecondsPerDirective`.
    public static var limits: Limits {
        var limits = Limits()
        limits.maxHidden = 12
        limits.maxEmbedding = 8
        limits.maxVocabulary = 60
        limits.maxParameters = 20_000
        limits.maxSequenceLength = 60
        limits.maxGradientCheckEntries = 60
        limits.maxCorpusTokens = 2_000
        limits.maxTrainingSteps = 40
        limits.maxSampleLength = 40
        limits.maxSecondsPerDirective = 2
        limits.maxFileMB = 1
        return limits
    }

    /// The bytes as a stream of choices; past their end every choice is 0.
    struct Choices {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func next() -> Int {
            defer { position += 1 }
            return position < bytes.count ? Int(bytes[position]) : 0
        }

        mutating func flip() -> Bool { next() % 2 == 1 }

        mutating func pick<T>(_ options: [T]) -> T { options[next() % options.count] }
    }

    /// A corpus, a data set and models of every kind, so that later directives have names to use.
    static let prelude = """
        ```rnn corpus
        name: c
        sentences: [the cat sat, the dog ran, a cat ran]
        eos: true
        ```

        ```rnn model
        name: m
        corpus: c
        hidden: 4
        seed: 1
        ```

        ```rnn dataset
        name: d
        layout: labelled
        text: |
          pos: a good film
          neg: a bad film
        ```

        ```rnn model
        name: n
        dataset: d
        cell: lstm
        hidden: 3
        embedding: 2
        ```

        ```rnn model
        name: g
        characters: ab
        cell: gru
        layers: 2
        hidden: 3
        ```


        """

    static let names = ["m", "n", "g", "c", "d", "x", "m.loss", "m.forward", "m.train", "m.backward", "g.forward"]
    static let fields = [
        "mean", "J", "yhat", "h", "W_h", "W_e", "U", "b1", "b2", "V", "H", "dh", "losses", "final_loss", "sentences",
        "loss", "weight_ih_l0", "perplexity", "probability", "z", "T", "ratio",
    ]
    static let functions = Array(Expression.functions.keys).sorted()

    static func expression(_ c: inout Choices, depth: Int = 0) -> String {
        let choice = depth > 3 ? c.next() % 3 : c.next() % 9
        switch choice {
        case 0: return c.pick(["0", "1", "-1", "2.5", "1e300", "1e-300", "3", "0.5", "100"])
        case 1: return c.pick(names) + "." + c.pick(fields)
        case 2: return "\"" + c.pick(["the", "cat", "a", "", "<EOS>", "b"]) + "\""
        case 3: return c.pick(functions) + "(" + expression(&c, depth: depth + 1) + ")"
        case 4:
            return expression(&c, depth: depth + 1) + " "
                + c.pick(["+", "-", "*", "/", "^", "@", "<", ">", "<=", ">="])
                + " " + expression(&c, depth: depth + 1)
        case 5:
            return expression(&c, depth: depth + 1) + "["
                + (0..<(1 + c.next() % 2)).map { _ in c.pick(["1", "2", "0", "-1", ":", "\"the\"", "\"a\"", "99"]) }
                .joined(separator: ", ") + "]"
        case 6: return "[" + expression(&c, depth: depth + 1) + ", " + expression(&c, depth: depth + 1) + "]"
        case 7: return "(" + expression(&c, depth: depth + 1) + ")"
        default: return "sum(" + expression(&c, depth: depth + 1) + ", " + c.pick(["1", "2", "3"]) + ")"
        }
    }

    static func inline(_ c: inout Choices) -> String {
        // A wrong format ('x') stops the lesson at planning, so it comes rarely: most lessons should run.
        let format = c.next() % 8 == 0 ? "x" : c.pick([".4f", ".3e", ".2%", "d", ".6g", "vector"])
        return "{{ " + expression(&c) + (c.flip() ? " | " + format : "") + " }}"
    }

    static func prose(_ c: inout Choices) -> String {
        var text = ""
        for _ in 0..<(1 + c.next() % 3) {
            switch c.next() % 5 {
            case 0: text += "Text with " + inline(&c) + " in it. "
            case 1: text += "$x = " + inline(&c) + "$ "
            case 2: text += "$$\\sum_t " + c.pick(["J^{(t)}", "\\frac{1}{T}", "{{", "$"]) + "$$ "
            case 3: text += c.pick(["| a | b |\n|---|---|\n| 1 | 2 |\n", "[link](02-x.md)", "![](f.svg)", "<b>x</b>"])
            default: text += c.pick(["*emphasis* ", "`code` ", "# Heading\n", "- item\n"])
            }
        }
        return text + "\n\n"
    }

    /// What hostile lessons are made of: deep nesting (YAML flow and block collections in a directive,
    /// parentheses in an expression, block quotes, lists, brackets) and long lines (emphasis openers, unclosed
    /// math, inline values, tags and code spans, wide characters, headings of one name). Each is a start, a unit
    /// repeated, a middle, the unit's closing repeated as often, and an end; each once cost time or stack that
    /// grew faster than the lesson.
    static let hostilePieces: [(start: String, unit: String, middle: String, closing: String, end: String)] = [
        ("```rnn check\n- value: 1\n  equals: ", "[", "1", "]", "\n```\n\n"),
        ("```rnn check\n- value: 1\n  equals: ", "{a: ", "1", "}", "\n```\n\n"),
        ("```rnn check\n", "- ", "1", "", "\n```\n\n"),
        ("```rnn check\n- value: ", "(", "1", ")", "\n  equals: 1\n```\n\n"),
        ("", "> ", "quoted", "", "\n\n"), ("", "- ", "item", "", "\n\n"), ("", "[", "a", "]", "(x)\n\n"),
        ("", "*a ", "", "", "\n\n"), ("", "$a ", "", "", "\n\n"), ("", "{{ ", "x", "", "\n\n"),
        ("", "<a ", "$b$", "", "\n\n"), ("", "`", "a", "", "\n\n"), ("", "# A\n\n", "", "", ""),
        ("", "é", "$x", "", "\n\n"),
    ]

    /// One of `hostilePieces`, its unit repeated a power of two times from 1 to 65,536 (each size as likely: the
    /// small ones find parsing mistakes, the large ones costs that grow too fast).
    static func hostile(_ c: inout Choices) -> String {
        let piece = c.pick(hostilePieces)
        let count = 1 << (c.next() % 17)
        return piece.start + String(repeating: piece.unit, count: count) + piece.middle
            + String(repeating: piece.closing, count: count) + piece.end
    }

    /// Values that fit a key, so most directives plan and run.
    static let plausible: [String: [String]] = [
        "model": ["m", "n", "g"], "models": ["[m, g]", "[m]"], "corpus": ["c"], "dataset": ["d"],
        "name": ["x", "y", "c2"], "id": ["r", "s"], "sequence": ["the cat sat", "a cat", "ab", "abba"],
        "hidden": ["2", "3", "5"], "seed": ["1", "2", "7"], "steps": ["3", "10"], "epochs": ["1", "2"],
        "lr": ["0.1", "0.01", "1e6"], "length": ["5", "12"], "count": ["1", "2"], "entries": ["all", "5"],
        "cell": ["lstm", "gru", "rnn"], "layers": ["1", "2"], "embedding": ["2", "3"], "vocabulary": ["[a, b, c]"],
        "characters": ["ab", "abc"], "sentences": ["[ab ba, abba]", "[the cat]"], "tokens": ["characters", "words"],
        "value": ["m.loss.mean", "1", "sum(m.W_h)"], "equals": ["1", "m.loss.mean"], "target": ["cat sat", "ba"],
        "orders": ["[1, 2]", "[2, 3]"], "y": ["m.train.losses", "[1, 2]"], "x": ["[1, 2]"],
        "temperature": ["0.5", "2"],
        "inputs": ["[a good film]", "[ab]"], "split": ["training", "heldout"], "show": ["all", "h", "yhat", "W_h"],
        "format": [".3f", ".2e"], "batch": ["1", "2"], "optimizer": ["adam", "sgd", "adagrad"], "prime": ["the", "a"],
        "shape": ["many-to-one", "many-to-many", "language-model"], "file": ["data.txt", "../x.txt"],
        "labels": ["[pos, neg]", "[neg, pos, neutral]"], "target_vocabulary": ["[a, b]"], "layout": ["labelled"],
        "text": ["\"pos: a b\"", "the cat sat"],
        "xticks": ["m.forward.tokens", "[a, b]"], "example": ["1", "2"], "start": ["zero", "first"],
    ]

    static func value(_ c: inout Choices, key: String, depth: Int = 0) -> String {
        if let fitting = plausible[key], c.next() % 4 != 0 { return c.pick(fitting) }
        switch c.next() % 12 {
        case 0: return c.pick(["1", "0", "-3", "2", "4", "1e9", "0.5", "nan", ".inf", "1e-9", "65536", "3.0"])
        case 1: return c.pick(["m", "n", "g", "c", "d", "hello", "x"])
        case 2: return c.pick(["the cat", "abba", "ab", "the dog ran", "", "<UNK>", "<EOS>"])
        case 3: return c.pick(["[a, b]", "[1, 2]", "[the, cat]", "[]", "[m, g]", "[1, 2, 3, 4]", "[[1, 2], [3, 4]]"])
        case 4: return c.pick(["true", "false", "null", "~"])
        case 5:
            return c.pick(["lstm", "gru", "rnn", "gru-original", "tanh", "sigmoid", "relu", "adam", "sgd", "adagrad"])
        case 6:
            return c.pick([
                "language-model", "many-to-many", "many-to-one", "one-to-many", "encoder-decoder", "characters",
                "words",
                "lines", "labelled", "tagged", "pairs", "mean", "sum", "all", "normal", "uniform", "sorted",
            ])
        case 7: return "'" + expression(&c) + "'"
        case 8: return expression(&c)
        case 9 where depth < 2:
            return "\n"
                + (0..<(1 + c.next() % 3)).map { _ in
                    "  " + c.pick(["- ", "a: ", "value: ", "- value: "]) + value(&c, key: key, depth: depth + 1)
                }.joined(separator: "\n")
        case 10: return "\"" + c.pick(["quoted", "1", "m", "a\\tb"]) + "\""
        default: return c.pick(["{a: 1}", "|\n  line one\n  line two", "&a 1", "*a", "[unclosed", "'"])
        }
    }

    static func directive(_ c: inout Choices) -> String {
        let kinds = DirectiveRegistry.kinds.map { $0 }
        let kind = kinds[c.next() % kinds.count]
        var body = ""
        if kind.acceptsList && c.flip() {
            for _ in 0..<(1 + c.next() % 3) {
                body += "- label: item\n  value: " + expression(&c) + "\n  equals: " + expression(&c) + "\n"
                if c.flip() { body += "  " + c.pick(["rtol", "atol", "format"]) + ": " + value(&c, key: "") + "\n" }
            }
        } else {
            // The keys most directives need, usually; then others of the kind's own, rarely a wrong one.
            var used = Set<String>()
            for key in ["model", "sequence", "corpus", "name", "hidden", "layout", "text"]
            where kind.keys.contains(key) && c.next() % 8 != 0 {
                body += key + ": " + value(&c, key: key) + "\n"
                used.insert(key)
            }
            for _ in 0..<(c.next() % 4) {
                let key =
                    c.next() % 8 == 0 || kind.keys.isEmpty
                    ? c.pick(["model", "name", "id", "typo", "seed"]) : c.pick(kind.keys)
                if used.contains(key), c.next() % 4 != 0 { continue }
                used.insert(key)
                body += key + ": " + value(&c, key: key) + "\n"
            }
        }
        return "```rnn " + kind.kind + (c.next() % 8 == 0 ? " echo" : "") + "\n" + body + "```\n\n"
    }
}
