/// A directive's keys, read with validation. Every problem becomes a diagnostic at the exact line and column
/// of the key or value, and reading goes on so that one build reports all of them.
struct Arguments {
    let block: DirectiveBlock
    let file: SourceFile
    let allowed: [String]
    private var entries: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var read: Set<String> = []
    /// The names the directive reads (the models, corpora and data sets it names, the names its expressions
    /// and inline values start with), declared as it plans: the executor skips it when one could not be made.
    private(set) var reads: [String] = []
    /// The cross-references in Markdown the directive holds (an exercise's question, an instructor block), at
    /// their places in the lesson: checked with the lesson's own before anything runs.
    private(set) var references: [CrossReferenceSpan] = []
    /// The whole body, for directives that read it as a list (`check`).
    private(set) var root: ConfigNode?

    /// Reads the body as YAML; a directive whose body is code (a Swift cell) passes `parsesBody: false`.
    init(block: DirectiveBlock, file: SourceFile, allowed: [String], acceptsList: Bool = false, parsesBody: Bool = true)
    {
        self.block = block
        self.file = file
        self.allowed = allowed
        guard parsesBody else { return }
        do {
            root = try ConfigNode.parse(
                block.body, firstLine: block.bodyFirstLine, columnOffset: block.columnOffset, file: file)
            switch root {
            case .map(let pairs, _)?: entries = pairs
            case .list? where acceptsList: break
            case nil: break
            case let other?:
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: other.location,
                        "the body of '\(block.kind)' must be 'key: value' lines" + (acceptsList ? " or a list" : "")))
            }
        } catch {
            diagnostics.append(error)
        }
    }

    var hasErrors: Bool { !diagnostics.isEmpty }

    mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, in: file, at: location, message))
    }

    /// The location of a key, or of the directive's name when the key is absent.
    func location(of key: String) -> SourceLocation {
        entries.first(where: { $0.key == key })?.keyLocation ?? block.kindLocation
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The raw node of `key`, marking the key as read.
    mutating func node(_ key: String, required: Bool = false) -> ConfigNode? {
        read.insert(key)
        guard let entry = entries.first(where: { $0.key == key }) else {
            if required { error(block.kindLocation, "missing key '\(key)' in '\(block.kind)'") }
            return nil
        }
        return entry.value
    }

    mutating func scalar(_ key: String, required: Bool = false) -> (String, SourceLocation, quoted: Bool)? {
        guard let node = node(key, required: required) else { return nil }
        guard case .scalar(let text, let quoted, let location) = node else {
            error(node.location, "'\(key)' must be a single value, not \(node.typeName)")
            return nil
        }
        return (text, location, quoted)
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        scalar(key, required: required)?.0
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false, limitName: String? = nil)
        -> Int?
    {
        guard let (text, location, _) = scalar(key, required: required) else { return nil }
        guard let value = Int(text) else {
            error(location, "'\(key)' must be a whole number, got '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            let limit = limitName.map { " (the limit \($0) is \(range.upperBound))" } ?? ""
            error(
                location, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(value)\(limit)")
            return nil
        }
        return value
    }

    mutating func double(_ key: String, in range: ClosedRange<Double>, required: Bool = false) -> Double? {
        guard let (text, location, _) = scalar(key, required: required) else { return nil }
        guard let value = Double(text), value.isFinite else {
            error(location, "'\(key)' must be a number, got '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            error(location, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
            return nil
        }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let (text, location, _) = scalar(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(location, "'\(key)' must be true or false, got '\(text)'")
            return nil
        }
    }

    /// One of a fixed set of words, with "did you mean" when it is not.
    mutating func choice(_ key: String, among choices: [String], required: Bool = false) -> String? {
        guard let (text, location, _) = scalar(key, required: required) else { return nil }
        guard choices.contains(text) else {
            error(
                location,
                "'\(key)' must be one of \(choices.joined(separator: ", ")), got '\(text)'"
                    + didYouMean(text, among: choices))
            return nil
        }
        return text
    }

    /// One case of an enumeration named by its raw value (`reduction: mean`), with "did you mean".
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, of type: T.Type, required: Bool = false)
        -> T? where T.RawValue == String
    {
        choice(key, among: T.allCases.map(\.rawValue), required: required).flatMap(T.init(rawValue:))
    }

    /// A list of plain values (`[a, b]` or a `- a` list); a single value is a one-element list when allowed.
    mutating func strings(_ key: String, required: Bool = false, singleAllowed: Bool = false) -> [(
        String, SourceLocation
    )]? {
        guard let node = node(key, required: required) else { return nil }
        switch node {
        case .list(let items, _):
            var out: [(String, SourceLocation)] = []
            for item in items {
                guard case .scalar(let text, _, let location) = item else {
                    error(item.location, "'\(key)' must be a list of single values")
                    return nil
                }
                out.append((text, location))
            }
            return out
        case .scalar(let text, _, let location) where singleAllowed:
            return [(text, location)]
        default:
            error(node.location, "'\(key)' must be a list, not \(node.typeName)")
            return nil
        }
    }

    /// A word or a list of words, each one of `choices` (an error with "did you mean" for any other).
    mutating func words(_ key: String, among choices: [String]) -> [String]? {
        guard let given = strings(key, singleAllowed: true) else { return nil }
        var words: [String] = []
        for (word, location) in given {
            if choices.contains(word) {
                words.append(word)
            } else {
                error(
                    location,
                    "'\(key)' takes \(choices.joined(separator: ", ")); got '\(word)'"
                        + didYouMean(word, among: choices))
            }
        }
        return words
    }

    /// A list of numbers.
    mutating func numbers(_ key: String) -> ([Double], SourceLocation)? {
        guard let node = node(key) else { return nil }
        guard let values = numberList(node, key: key) else { return nil }
        return (values, node.location)
    }

    mutating func numberList(_ node: ConfigNode, key: String) -> [Double]? {
        guard case .list(let items, _) = node else {
            error(node.location, "'\(key)' must be a list of numbers, not \(node.typeName)")
            return nil
        }
        var out: [Double] = []
        for item in items {
            guard case .scalar(let text, _, let location) = item, let x = Double(text), x.isFinite else {
                error(item.location, "'\(key)' must hold numbers only")
                return nil
            }
            _ = location
            out.append(x)
        }
        return out
    }

    /// A number format spec such as `.4f`.
    mutating func format(_ key: String = "format") -> NumberFormat? {
        guard let (text, location, _) = scalar(key) else { return nil }
        guard let format = NumberFormat(spec: text) else {
            error(location, "'\(key)' must be a format such as .4f, .3e, .6g, d or .1%, got '\(text)'")
            return nil
        }
        return format
    }

    /// Reports every key that was given but not read as unknown, with "did you mean".
    /// Declares that the directive reads `name` (`hello`, or a result's path such as `hello.loss.mean`).
    mutating func declareRead(_ name: String) {
        if !reads.contains(name) { reads.append(name) }
    }

    mutating func declareReference(_ reference: CrossReferenceSpan) { references.append(reference) }

    mutating func finish() {
        for entry in entries where !read.contains(entry.key) {
            let hint = didYouMean(entry.key, among: allowed)
            let list = hint.isEmpty ? "; '\(block.kind)' takes " + allowed.joined(separator: ", ") : hint
            error(entry.keyLocation, "unknown key '\(entry.key)' in '\(block.kind)'\(list)")
        }
    }
}
