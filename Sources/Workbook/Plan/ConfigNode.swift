import Yams

/// A directive's body as a tree of values, each with its place in the lesson. Built from Yams' node tree so
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
    static func parse(_ body: String, firstLine: Int, columnOffset: Int, file: SourceFile) throws(Diagnostic)
        -> ConfigNode?
    {
        func lessonLocation(_ mark: Mark?) -> SourceLocation {
            guard let mark else { return SourceLocation(line: firstLine, column: 1 + columnOffset) }
            return SourceLocation(line: firstLine + mark.line - 1, column: mark.column + columnOffset)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: body)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw Diagnostic(.error, in: file, at: lessonLocation(mark), "invalid YAML in directive: \(problem)")
            default:
                throw Diagnostic(.error, in: file, at: lessonLocation(nil), "invalid YAML in directive: \(error)")
            }
        } catch {
            throw Diagnostic(.error, in: file, at: lessonLocation(nil), "invalid YAML in directive: \(error)")
        }
        guard let root else { return nil }
        // Walk with an explicit stack: YAML nesting depth is the author's, not ours to recurse on.
        enum Frame {
            case enter(Node)
            case buildList(count: Int, SourceLocation)
            case buildMap(keys: [(String, SourceLocation)], SourceLocation)
        }
        var work: [Frame] = [.enter(root)]
        var built: [ConfigNode] = []
        while let frame = work.popLast() {
            switch frame {
            case .enter(let node):
                let location = lessonLocation(node.mark)
                switch node {
                case .scalar(let scalar):
                    let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                    built.append(.scalar(scalar.string, quoted: quoted, location))
                case .sequence(let sequence):
                    work.append(.buildList(count: sequence.count, location))
                    for child in sequence.reversed() { work.append(.enter(child)) }
                case .mapping(let mapping):
                    var keys: [(String, SourceLocation)] = []
                    for pair in mapping {
                        guard case .scalar(let key) = pair.key else {
                            throw Diagnostic(
                                .error, in: file, at: lessonLocation(pair.key.mark), "a key must be a plain name")
                        }
                        if keys.contains(where: { $0.0 == key.string }) {
                            throw Diagnostic(
                                .error, in: file, at: lessonLocation(pair.key.mark), "duplicate key '\(key.string)'")
                        }
                        keys.append((key.string, lessonLocation(pair.key.mark)))
                    }
                    work.append(.buildMap(keys: keys, location))
                    for pair in mapping.reversed() { work.append(.enter(pair.value)) }
                case .alias:
                    throw Diagnostic(.error, in: file, at: location, "YAML aliases are not supported in directives")
                }
            case .buildList(let count, let location):
                let items = Array(built.suffix(count))
                built.removeLast(count)
                built.append(.list(items, location))
            case .buildMap(let keys, let location):
                let values = Array(built.suffix(keys.count))
                built.removeLast(keys.count)
                built.append(.map(zip(keys, values).map { (key: $0.0.0, keyLocation: $0.0.1, value: $0.1) }, location))
            }
        }
        return built.first
    }
}
