import CLibYAML

/// A directive's body as a tree of values, each with its place in the lesson. Built from libyaml's events, so
/// that no other file depends on YAML.
indirect enum ConfigNode: Sendable {
    case scalar(String, quoted: Bool, SourceLocation)
    case list([ConfigNode], SourceLocation)
    case map([(key: String, keyLocation: SourceLocation, value: ConfigNode)], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, _, let l), .list(_, let l), .map(_, let l): return l
        }
    }

    var typeName: String {
        switch self {
        case .scalar: return "a value"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// Parses `body` (YAML, or plain `key: value` lines, which are YAML) whose first line is lesson line
    /// `firstLine` and whose columns are shifted by `columnOffset`.
    ///
    /// The tree is built from libyaml's events, one at a time, with an explicit stack. Nesting deeper than
    /// `maxDepth` is refused at the event that opens the collection too many, before libyaml reads further (its
    /// scanner looks at every open flow collection for each token, so reading on would be quadratic in the
    /// depth): the tree is never deeper than that, so freeing it and every walk over it recurse at most
    /// `maxDepth` times. Anchors and aliases are refused at the first event that carries one, before anything is
    /// built, so an alias bomb costs nothing; a duplicate key is reported where it stands.
    static func parse(
        _ body: String, firstLine: Int, columnOffset: Int, file: SourceFile, what: String = "directive"
    ) throws(Diagnostic) -> ConfigNode? {
        var text = Array(Self.expressionListsQuoted(body).utf8)
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(line: firstLine + Int(mark.line), column: Int(mark.column) + 1 + columnOffset)
        }
        func fail(_ mark: yaml_mark_t, _ message: String) -> Diagnostic {
            Diagnostic(.error, in: file, at: location(mark), message)
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Diagnostic(
                .error, in: file, at: SourceLocation(line: firstLine, column: 1 + columnOffset),
                "cannot start the YAML parser (out of memory)")
        }
        defer { yaml_parser_delete(&parser) }
        return try text.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> ConfigNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return try tree(&parser, text, file: file, what: what, location: location, fail: fail)
        }
    }

    /// The tree libyaml's events describe, built one event at a time (see `parse`).
    private static func tree(
        _ parser: inout yaml_parser_t, _ text: [UInt8], file: SourceFile, what: String,
        location: (yaml_mark_t) -> SourceLocation, fail: (yaml_mark_t, String) -> Diagnostic
    ) throws(Diagnostic) -> ConfigNode? {
        func anchorError(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ mark: yaml_mark_t) -> Diagnostic {
            fail(mark, "YAML anchors (&\(string(anchor))) are not supported in directives; write each value out")
        }
        var builder = Builder(file: file)
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw fail(parser.problem_mark, "invalid YAML in \(what): " + syntaxMessage(parser, text, location))
            }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return builder.root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw fail(mark, "a directive holds one YAML document; remove the '---' that starts another")
                }
            case YAML_ALIAS_EVENT:
                throw fail(
                    mark,
                    "YAML aliases (*\(string(event.data.alias.anchor))) are not supported in directives; write the value out"
                )
            case YAML_SCALAR_EVENT:
                if event.data.scalar.anchor != nil { throw anchorError(event.data.scalar.anchor, mark) }
                try builder.add(scalar(event, location(mark)), at: mark, fail)
            case YAML_SEQUENCE_START_EVENT:
                if event.data.sequence_start.anchor != nil {
                    throw anchorError(event.data.sequence_start.anchor, mark)
                }
                try builder.open(.list([], location(mark)), at: mark, fail)
            case YAML_MAPPING_START_EVENT:
                if event.data.mapping_start.anchor != nil {
                    throw anchorError(event.data.mapping_start.anchor, mark)
                }
                try builder.open(.map([], location(mark)), at: mark, fail)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try builder.close(at: mark, fail)
            default:
                break
            }
        }
    }

    /// A scalar event's value: its text, and whether it was quoted (or tagged `!!str`), which keeps `"3"` text.
    private static func scalar(_ event: yaml_event_t, _ location: SourceLocation) -> ConfigNode {
        let scalar = event.data.scalar
        var value = String(
            decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
        var quoted =
            scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE
            || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            || (scalar.tag != nil && string(scalar.tag) == "tag:yaml.org,2002:str")
        if value.hasPrefix(Self.expressionListMark) {
            // A list of expressions, as written: a plain value whose text is the list expression.
            (value, quoted) = (String(value.dropFirst()), false)
        }
        return .scalar(value, quoted: quoted, location)
    }

    /// The deepest lists and mappings may nest (a directive's values and an answer file need three or four
    /// levels). Fixed rather than a limit a lesson can raise: it is what keeps recursion over the tree bounded.
    static let maxDepth = 64

    /// Marks a value rewritten by `expressionListsQuoted`.
    static let expressionListMark = "\u{E002}"

    /// A value written as a bracketed list of expressions that index (`value: [m.loss.J[1], m.loss.J[2]]`) is not
    /// YAML: a plain scalar in a flow sequence cannot hold `[`. Such a line's value is read as one expression,
    /// the list it spells: it is passed to libyaml double-quoted behind a mark, which the scalar loses again,
    /// and its position is where the `[` stands (the quote takes the bracket's column).
    static func expressionListsQuoted(_ body: String) -> String {
        guard body.contains("[") else { return body }
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let colon = line.range(of: ": ["), line.trimmingCharacters(in: .whitespaces).hasSuffix("]") else {
                return String(line)
            }
            let value = line[line.index(after: colon.lowerBound)...].trimmingCharacters(in: .whitespaces)
            // Indexing is a `[` right after a name, a closing bracket or a quote: no YAML list has that.
            let chars = Array(value)
            let indexes = chars.indices.dropFirst().contains { i in
                chars[i] == "[" && (chars[i - 1].isLetter || chars[i - 1].isNumber || "_)]\"".contains(chars[i - 1]))
            }
            guard indexes else { return String(line) }
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return line[..<colon.lowerBound] + ": \"" + expressionListMark + escaped + "\""
        }.joined(separator: "\n")
    }

    /// libyaml's complaint, in the author's terms where a common mistake explains it: a tab, or a line indented
    /// otherwise than the mapping or list it stands in (libyaml's "did not find expected key"), said with the
    /// column that mapping's keys or that list's items start at (`location` turns libyaml's marks into the lesson's).
    private static func syntaxMessage(
        _ parser: yaml_parser_t, _ text: [UInt8], _ location: (yaml_mark_t) -> SourceLocation
    ) -> String {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let offset = Int(parser.problem_mark.index)
        if offset < text.count, text[offset] == 0x09 {
            return "YAML cannot be indented with tabs; use spaces"
        }
        let context = parser.context.map { String(cString: $0) } ?? ""
        let (here, start) = (location(parser.problem_mark), location(parser.context_mark))
        if problem == "did not find expected key", context.hasSuffix("block mapping") {
            return
                "this line is indented to column \(here.column), but the keys of the mapping that starts at line \(start.line) are at column \(start.column); indent it as they are (or the line above it, if that one is off)"
        }
        if problem == "did not find expected '-' indicator", context.hasSuffix("block collection") {
            let place =
                here.column == start.column
                ? "this line is at column \(here.column), where the items of the list that starts at line \(start.line) begin, but does not start with '- '"
                : "this line is indented to column \(here.column), but the items of the list that starts at line \(start.line) begin at column \(start.column)"
            return
                "\(place); indent it under the item above to continue that item, or start a new item with '- '"
        }
        if problem == "mapping values are not allowed in this context" {
            return problem + "; a value holding ': ' must be quoted (title: \"One step: then many\")"
        }
        return problem
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
    }

    /// Collections being read, innermost last; a finished node goes into the one below it, in place (a node
    /// taken off the stack and put back copied its list each time: 20,000 items in a list took 4 s, 20,000
    /// keys 22 s with the duplicate check that read every key before).
    private struct Builder {
        struct Open {
            let isList: Bool
            let location: SourceLocation
            var items: [ConfigNode] = []
            var pairs: [(key: String, keyLocation: SourceLocation, value: ConfigNode)] = []
            /// A mapping's key read, waiting for its value.
            var key: (String, SourceLocation)?
            /// Where each key of a mapping is first given.
            var lines: [String: Int] = [:]
        }
        let file: SourceFile
        var stack: [Open] = []
        var root: ConfigNode?

        mutating func open(_ node: ConfigNode, at mark: yaml_mark_t, _ fail: (yaml_mark_t, String) -> Diagnostic)
            throws(Diagnostic)
        {
            if let top = stack.last, !top.isList, top.key == nil { throw fail(mark, "a key must be a plain name") }
            guard stack.count < ConfigNode.maxDepth else {
                throw fail(
                    mark,
                    "lists and mappings are nested more than \(ConfigNode.maxDepth) levels deep here; nothing needs more than a few"
                )
            }
            switch node {
            case .list(_, let l): stack.append(Open(isList: true, location: l))
            case .map(_, let l): stack.append(Open(isList: false, location: l))
            case .scalar: break
            }
        }

        mutating func close(at mark: yaml_mark_t, _ fail: (yaml_mark_t, String) -> Diagnostic) throws(Diagnostic) {
            guard let top = stack.popLast() else { return }
            try add(top.isList ? .list(top.items, top.location) : .map(top.pairs, top.location), at: mark, fail)
        }

        mutating func add(_ node: ConfigNode, at mark: yaml_mark_t, _ fail: (yaml_mark_t, String) -> Diagnostic)
            throws(Diagnostic)
        {
            let k = stack.count - 1
            guard k >= 0 else {
                root = node
                return
            }
            if stack[k].isList {
                stack[k].items.append(node)
            } else if let key = stack[k].key {
                stack[k].pairs.append((key: key.0, keyLocation: key.1, value: node))
                stack[k].key = nil
            } else {
                guard case .scalar(let key, _, let keyLocation) = node else {
                    throw fail(mark, "a key must be a plain name")
                }
                if let line = stack[k].lines[key] {
                    throw Diagnostic(
                        .error, in: file, at: keyLocation, "duplicate key '\(key)' (it is first given at line \(line))")
                }
                stack[k].lines[key] = keyLocation.line
                stack[k].key = (key, keyLocation)
            }
        }
    }
}
