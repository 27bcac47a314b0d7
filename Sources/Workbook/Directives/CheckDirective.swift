/// `rnn check`: assertions between computed values. Each item compares `value` with `equals` (both
/// expressions) element-wise, passing when `|value - equals| ≤ atol + rtol · |equals|` (numpy's `isclose`;
/// defaults rtol 1e-9, atol 1e-12). Text compares exactly. A failed check fails the build at its line with
/// the expected value, the value got and the difference, as doctest does.
struct CheckDirective: Directive {
    static let kind = "check"
    static let failureLeavesStateIntact = true
    static let keys = ["label", "value", "equals", "rtol", "atol"]
    static let acceptsList = true

    struct Assertion: Sendable {
        let label: String?
        let value: (String, SourceLocation)
        let expected: (String, SourceLocation)
        let rtol: Double
        let atol: Double
    }

    let assertions: [Assertion]
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> CheckDirective? {
        var items: [ConfigNode] = []
        switch a.root {
        case .list(let list, _)?: items = list
        case let map?: items = [map]
        case nil: a.error(a.block.kindLocation, "'check' needs at least one assertion: 'value: …' and 'equals: …'")
        }
        let assertions = items.compactMap { assertion($0, &a) }
        // Syntax errors are found now, before anything runs; names are resolved when the check executes.
        for assertion in assertions {
            for (text, location) in [assertion.value, assertion.expected] {
                DirectiveSupport.checkSyntax(text, at: location, &a)
            }
        }
        let id = context.resultName(&a, default: "check\(a.block.fence.line)")
        guard !a.hasErrors, let id else { return nil }
        return CheckDirective(assertions: assertions, id: id)
    }

    /// One assertion: `label`, `value` and `equals` (expressions), `rtol` and `atol`.
    static func assertion(_ item: ConfigNode, _ a: inout Arguments) -> Assertion? {
        guard case .map(let pairs, let location) = item else {
            a.error(item.location, "each check is a mapping with 'value' and 'equals'")
            return nil
        }
        var found: [String: ConfigNode] = [:]
        for pair in pairs {
            if keys.contains(pair.key) {
                found[pair.key] = pair.value
            } else {
                a.error(pair.keyLocation, "unknown key '\(pair.key)' in 'check'" + didYouMean(pair.key, among: keys))
            }
        }
        func expression(_ key: String) -> (String, SourceLocation)? {
            guard let node = found[key] else {
                a.error(location, "missing key '\(key)' in this check")
                return nil
            }
            guard let text = spelled(node) else {
                a.error(node.location, "'\(key)' must be an expression, not \(node.typeName)")
                return nil
            }
            return (text, node.location)
        }
        func number(_ key: String, _ fallback: Double) -> Double {
            guard let node = found[key] else { return fallback }
            guard case .scalar(let text, _, _) = node, let x = Double(text), x >= 0, x.isFinite else {
                a.error(node.location, "'\(key)' must be a number ≥ 0")
                return fallback
            }
            return x
        }
        var label: String?
        if case .scalar(let text, _, _)? = found["label"] { label = text }
        let value = expression("value")
        let expected = expression("equals")
        let (rtol, atol) = (number("rtol", 1e-9), number("atol", 1e-12))
        guard let value, let expected else { return nil }
        return Assertion(label: label, value: value, expected: expected, rtol: rtol, atol: atol)
    }

    /// A YAML value as the expression it spells: a scalar as written (quoted text as a string), a list of
    /// numbers (or of rows) as the list expression, and a list of words (`[h, e, l, l, o]`) as a list of tokens.
    static func spelled(_ node: ConfigNode) -> String? {
        switch node {
        case .scalar(let text, let quoted, _): return quoted ? quotedString(text) : text
        case .list(let items, _):
            let tokens = items.compactMap { item -> String? in
                guard case .scalar(let text, let quoted, _) = item, quoted || isToken(text) else { return nil }
                return quotedString(text)
            }
            let parts = tokens.count == items.count && !items.isEmpty ? tokens : items.compactMap(spelled)
            return parts.count == items.count ? "[" + parts.joined(separator: ", ") + "]" : nil
        case .map: return nil
        }
    }

    /// A plain list item that can only be a token, never an expression that gives a number: one word with no dot
    /// (a name alone is a model or a record, which a list cannot hold), `<EOS>`-like, or one character other than a
    /// digit.
    static func isToken(_ text: String) -> Bool {
        guard let first = text.first, Double(text) == nil else { return false }
        if text.count == 1 { return !first.isNumber }
        if text.hasPrefix("<"), text.hasSuffix(">") { return true }
        return !first.isNumber && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Text as an expression's string, in the quotes it does not hold.
    static func quotedString(_ text: String) -> String {
        text.contains("\"") ? "'\(text)'" : "\"\(text)\""
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var rows: [[[Span]]] = []
        let shown = NumberFormat(style: .general, precision: 10)
        let e = NumberFormat.error
        for assertion in assertions {
            let got = try context.evaluate(assertion.value.0, at: assertion.value.1)
            let want = try context.evaluate(assertion.expected.0, at: assertion.expected.1)
            let title = assertion.label ?? "\(assertion.value.0) = \(assertion.expected.0)"
            let outcome = try compare(got, want, assertion, context)
            if let failure = outcome.failure {
                // Scalars with every digit they need (the shortest text that reads back as the same Double), so
                // two close numbers are told apart; tensors in short, the failing entry in full in the last line.
                let exact = NumberFormat(style: .general, precision: 17)
                let digits = got.isScalar && want.isScalar ? exact : shown
                context.report(
                    context.error(
                        assertion.value.1, "check failed: \(title)",
                        details: [
                            "  value:    \(assertion.value.0) = \(describe(got, digits, exact: got.isScalar))",
                            "  expected: \(assertion.expected.0) = \(describe(want, digits, exact: want.isScalar))",
                            "  \(failure)",
                        ]))
            }
            rows.append([
                [.text(title)], [.text(describe(got, shown))], [.text(describe(want, shown))],
                [.text(outcome.difference.map(e.format) ?? "—")], [.text(outcome.failure == nil ? "✓" : "✗")],
            ])
        }
        return [
            .table(
                OutputTable(
                    caption: [.strong("Checks"), .text(" (the build fails if one does not hold)")],
                    columns: [
                        .init([.text("check")], numeric: false), .init([.text("value")]), .init([.text("expected")]),
                        .init([.text("max |difference|")]), .init([.text("")], numeric: false),
                    ],
                    rows: rows))
        ]
    }

    private func describe(_ v: Value, _ f: NumberFormat, exact: Bool = false) -> String {
        switch v {
        case .number(let x): return exact ? Self.roundTrip(x) : f.format(x)
        case .text(let s): return "\"\(s)\""
        case .texts(let list) where list.count <= 12: return "[" + list.joined(separator: ", ") + "]"
        case .texts(let list): return "[" + list.prefix(8).joined(separator: ", ") + ", …] (\(list.count) tokens)"
        case .tensor(let t) where t.data.count <= 4: return "[" + t.data.map(f.format).joined(separator: ", ") + "]"
        case .tensor(let t):
            let short = NumberFormat(style: .general, precision: 4)
            return "[" + t.data.prefix(3).map(short.format).joined(separator: ", ") + ", …] (\(t.data.count) values)"
        default: return v.typeName
        }
    }

    private func compare(_ got: Value, _ want: Value, _ a: Assertion, _ context: ExecutionContext) throws(Diagnostic)
        -> (difference: Double?, failure: String?)
    {
        switch (got, want) {
        case (.text(let x), .text(let y)):
            return (nil, x == y ? nil : "the texts differ")
        case (.texts(let x), .texts(let y)):
            return (nil, Self.tokenDifference(x, y))
        case (.text, _), (_, .text), (.texts, _), (_, .texts), (.record, _), (_, .record):
            throw context.error(a.value.1, "cannot compare \(got.typeName) with \(want.typeName)")
        default:
            let x = numbers(got)
            let y = numbers(want)
            guard x.shape == y.shape || y.shape.isEmpty else {
                throw context.error(
                    a.value.1, "cannot compare \(got.typeName) with \(want.typeName): the shapes differ")
            }
            var worst = 0.0
            var failure: String?
            let e = NumberFormat.error
            for (i, v) in x.data.enumerated() {
                let w = y.shape.isEmpty ? y.data[0] : y.data[i]
                let difference = abs(v - w)
                worst = max(worst, difference.isNaN ? .infinity : difference)
                let allowed = a.atol + a.rtol * abs(w)
                if failure == nil, !(difference <= allowed) {
                    let at =
                        x.shape.isEmpty
                        ? ""
                        : " at \(a.value.0)\(Self.entry(i, of: x)) = \(Self.roundTrip(v)) (expected \(Self.roundTrip(w)))"
                    failure =
                        "difference \(e.format(difference))\(at) exceeds atol \(e.format(a.atol)) + rtol \(e.format(a.rtol)) × |expected|"
                }
            }
            return (worst, failure)
        }
    }

    /// Where two lists of tokens first differ, or nil when they are the same.
    static func tokenDifference(_ got: [String], _ want: [String]) -> String? {
        if let i = (0..<min(got.count, want.count)).first(where: { got[$0] != want[$0] }) {
            return "token \(i + 1) is '\(got[i])' where '\(want[i])' is expected"
        }
        guard got.count == want.count else {
            return "the lists have \(got.count) and \(want.count) tokens"
        }
        return nil
    }

    /// The shortest decimal text that reads back as the same Double (Swift's, as Python's `repr`).
    static func roundTrip(_ x: Double) -> String { "\(x)" }

    /// Entry `i` of `t` as it is written in an expression, by its labels where the axis has them, 1-based
    /// otherwise: `[4, "books"]`, `[2, 3]`.
    static func entry(_ i: Int, of t: Tensor) -> String {
        var rest = i
        var parts: [String] = []
        for axis in stride(from: t.shape.count - 1, through: 0, by: -1) {
            let k = rest % t.shape[axis]
            rest /= t.shape[axis]
            parts.insert(t.labels[axis].map { "\"\($0[k])\"" } ?? "\(k + 1)", at: 0)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func numbers(_ v: Value) -> Tensor {
        if case .tensor(let t) = v { return t }
        if case .number(let x) = v { return Tensor(shape: [], data: [x]) }
        return Tensor(shape: [0], data: [])
    }
}
