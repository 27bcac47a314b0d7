import Foundation
import RNN

/// The lesson's results by name: `hello` (a model), `hello.forward`, `hello.loss`, … Names may contain dots;
/// a dotted path resolves to the longest registered name, then to fields of its record.
public struct Namespace: Sendable {
    private(set) var values: [String: Value] = [:]
    private(set) var order: [String] = []

    public init() {}

    public mutating func define(_ name: String, _ value: Value) {
        if values[name] == nil { order.append(name) }
        values[name] = value
    }

    public func contains(_ name: String) -> Bool { values[name] != nil }

    public subscript(name: String) -> Value? { values[name] }

    /// Every name a path could mean, for "did you mean".
    var allPaths: [String] {
        order.flatMap { name -> [String] in
            guard case .record(let record)? = values[name] else { return [name] }
            return [name] + record.fields.map { "\(name).\($0.name)" }
        }
    }
}

/// Evaluates an `Expression` against a `Namespace`.
struct Evaluator {
    let namespace: Namespace
    /// Every name the lesson defines, with where: a name not yet defined where it is read is defined below.
    var definitions: [String: SourceLocation] = [:]
    /// The limits a result is checked against before it is allocated (maxMemoryMB: a product's result is the
    /// only value larger than what it is computed from).
    var limits = Limits()

    func evaluate(_ expression: Expression) throws -> Value {
        switch expression {
        case .number(let x):
            return .number(x)
        case .string(let s):
            return .text(s)
        case .path(let path, let offset):
            return try resolve(path, offset: offset)
        case .field(let base, let name, let offset):
            return try field(try evaluate(base), name, offset: offset, shown: name)
        case .index(let base, let items, let offset):
            return try index(try evaluate(base), items, offset: offset)
        case .unary(_, let operand, let offset):
            return try map(try evaluate(operand), offset: offset) { -$0 }
        case .binary(let op, let lhs, let rhs, let offset):
            return try binary(op, try evaluate(lhs), try evaluate(rhs), offset: offset)
        case .call(let name, let arguments, let offset):
            return try call(name, try arguments.map(evaluate), offset: offset)
        case .list(let items, let offset):
            let values = try items.map(evaluate)
            let texts = values.compactMap { value -> String? in
                if case .text(let text) = value { return text } else { return nil }
            }
            if !texts.isEmpty {
                guard texts.count == values.count else {
                    throw ExpressionError(
                        message: "the items of a [ … ] list must all be numbers or all be text", offset: offset)
                }
                return .texts(texts)
            }
            let parts = try values.map { try numbers($0, offset: offset) }
            guard let first = parts.first, parts.allSatisfy({ $0.shape == first.shape }) else {
                throw ExpressionError(message: "the items of a [ … ] list must all have the same shape", offset: offset)
            }
            return .tensor(Tensor(shape: [parts.count] + first.shape, data: parts.flatMap(\.data)))
        }
    }

    private func resolve(_ path: [String], offset: Int) throws -> Value {
        let full = path.joined(separator: ".")
        let unknown = ExpressionError(
            message: "unknown name '\(full)'" + didYouMean(full, among: namespace.allPaths), offset: offset)
        for k in stride(from: path.count, through: 1, by: -1) {
            let name = path[0..<k].joined(separator: ".")
            guard var value = namespace[name] else { continue }
            do {
                for part in path[k...] { value = try field(value, part, offset: offset, shown: full) }
            } catch {
                // `hello.los.mean` is more likely a misspelt `hello.loss.mean` than a field of model `hello`.
                throw unknown.message.hasSuffix("?)") ? unknown : error
            }
            return value
        }
        for k in stride(from: path.count, through: 1, by: -1) {
            let name = path[0..<k].joined(separator: ".")
            guard let later = definitions[name] else { continue }
            throw ExpressionError(
                message:
                    "'\(name)' is defined below, at line \(later.line); a value shows the lesson's state where it stands, so move this below that line",
                offset: offset)
        }
        throw unknown
    }

    private func field(_ value: Value, _ name: String, offset: Int, shown: String) throws -> Value {
        guard case .record(let record) = value else {
            throw ExpressionError(message: "'\(shown)': \(value.typeName) has no field '\(name)'", offset: offset)
        }
        guard let v = record[name] else {
            throw ExpressionError(
                message: "no field '\(name)'" + didYouMean(name, among: record.fields.map(\.name))
                    + "; fields are " + record.fields.map(\.name).joined(separator: ", "), offset: offset)
        }
        return v
    }

    private func index(_ value: Value, _ items: [Expression.IndexItem], offset: Int) throws -> Value {
        if case .texts(let list) = value {
            guard items.count == 1, case .position(let e) = items[0], case .number(let x) = try evaluate(e) else {
                throw ExpressionError(message: "a token list takes one 1-based position", offset: offset)
            }
            let i = try position(x, count: list.count, offset: offset)
            return .text(list[i])
        }
        guard case .tensor(let t) = value else {
            throw ExpressionError(message: "cannot index \(value.typeName)", offset: offset)
        }
        guard items.count <= t.shape.count else {
            throw ExpressionError(message: "\(items.count) indices for \(value.typeName)", offset: offset)
        }
        // For each axis: the positions kept, and whether the axis stays.
        var picks: [[Int]] = []
        var keeps: [Bool] = []
        for (axis, n) in t.shape.enumerated() {
            guard axis < items.count, case .position(let e) = items[axis] else {
                picks.append(Array(0..<n))
                keeps.append(true)
                continue
            }
            switch try evaluate(e) {
            case .number(let x):
                picks.append([try position(x, count: n, offset: offset)])
            case .text(let label):
                guard let labels = t.labels[axis], let i = labels.firstIndex(of: label) else {
                    let known = t.labels[axis].map { " (one of " + $0.joined(separator: ", ") + ")" } ?? ""
                    throw ExpressionError(message: "no entry '\(label)' on axis \(axis + 1)\(known)", offset: offset)
                }
                picks.append([i])
            default:
                throw ExpressionError(
                    message: "an index must be a 1-based number, a token in quotes, or ':'", offset: offset)
            }
            keeps.append(false)
        }
        let data = Self.gather(t, picks)
        let shape = zip(picks, keeps).filter(\.1).map(\.0.count)
        let labels = zip(t.labels, keeps).filter(\.1).map(\.0)
        return shape.isEmpty ? .number(data[0]) : .tensor(Tensor(shape: shape, data: data, labels: labels))
    }

    /// The entries of `t` at every combination of the picked positions, the last axis fastest (row-major).
    private static func gather(_ t: Tensor, _ picks: [[Int]]) -> [Double] {
        var strides = [Int](repeating: 1, count: t.shape.count)
        for axis in stride(from: t.shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * t.shape[axis + 1]
        }
        var data: [Double] = []
        var counter = [Int](repeating: 0, count: picks.count)
        let total = picks.reduce(1) { $0 * $1.count }
        for _ in 0..<total {
            var flat = 0
            for axis in 0..<picks.count { flat += picks[axis][counter[axis]] * strides[axis] }
            data.append(t.data[flat])
            var axis = picks.count - 1
            while axis >= 0 {
                counter[axis] += 1
                if counter[axis] < picks[axis].count { break }
                counter[axis] = 0
                axis -= 1
            }
        }
        return data
    }

    private func position(_ x: Double, count: Int, offset: Int) throws -> Int {
        guard x == x.rounded(), x >= 1, x <= Double(count) else {
            throw ExpressionError(
                message:
                    "index \(NumberFormat(style: .general, precision: 6).format(x)) is out of range 1…\(count) (indices start at 1)",
                offset: offset)
        }
        return Int(x) - 1
    }

    private func numbers(_ v: Value, offset: Int) throws -> Tensor {
        switch v {
        case .number(let x): return Tensor(shape: [], data: [x])
        case .tensor(let t): return t
        default: throw ExpressionError(message: "expected numbers, got \(v.typeName)", offset: offset)
        }
    }

    private func wrap(_ t: Tensor) -> Value { t.shape.isEmpty ? .number(t.data[0]) : .tensor(t) }

    private func map(_ v: Value, offset: Int, _ f: (Double) -> Double) throws -> Value {
        var t = try numbers(v, offset: offset)
        t.data = t.data.map(f)
        return wrap(t)
    }

    private func binary(_ op: Character, _ a: Value, _ b: Value, offset: Int) throws -> Value {
        let x = try numbers(a, offset: offset)
        let y = try numbers(b, offset: offset)
        if op == "@" { return try matmul(x, y, offset: offset) }
        let f: (Double, Double) -> Double
        switch op {
        case "+": f = (+)
        case "-": f = (-)
        case "*": f = (*)
        case "/": f = (/)
        case "<": f = { $0 < $1 ? 1 : 0 }
        case ">": f = { $0 > $1 ? 1 : 0 }
        case "≤": f = { $0 <= $1 ? 1 : 0 }
        case "≥": f = { $0 >= $1 ? 1 : 0 }
        default: f = { pow($0, $1) }
        }
        if x.shape.isEmpty {
            return wrap(Tensor(shape: y.shape, data: y.data.map { f(x.data[0], $0) }, labels: y.labels))
        }
        if y.shape.isEmpty {
            return wrap(Tensor(shape: x.shape, data: x.data.map { f($0, y.data[0]) }, labels: x.labels))
        }
        guard x.shape == y.shape else {
            throw ExpressionError(
                message: "shapes \(shapeText(x)) and \(shapeText(y)) do not match for '\(op)'", offset: offset)
        }
        return .tensor(Tensor(shape: x.shape, data: zip(x.data, y.data).map(f), labels: x.labels))
    }

    private func shapeText(_ t: Tensor) -> String {
        t.shape.isEmpty ? "scalar" : t.shape.map(String.init).joined(separator: "×")
    }

    /// `A @ B` for vectors and matrices: [m,n]@[n] → [m], [m,n]@[n,p] → [m,p], [n]@[n] → dot, [n]@[n,p] → [p].
    private func matmul(_ a: Tensor, _ b: Tensor, offset: Int) throws -> Value {
        let aMatrix = a.shape.count == 2 ? a.shape : (a.shape.count == 1 ? [1, a.shape[0]] : [])
        let bMatrix = b.shape.count == 2 ? b.shape : (b.shape.count == 1 ? [b.shape[0], 1] : [])
        guard aMatrix.count == 2, bMatrix.count == 2, aMatrix[1] == bMatrix[0] else {
            throw ExpressionError(message: "cannot multiply \(shapeText(a)) by \(shapeText(b))", offset: offset)
        }
        let (m, n, p) = (aMatrix[0], aMatrix[1], bMatrix[1])
        if let message = limits.memoryMessage(.matrix(rows: m, columns: p)) {
            throw ExpressionError(message: message, offset: offset)
        }
        var out = [Double](repeating: 0, count: m * p)
        for i in 0..<m where !Deadline.passed {
            for k in 0..<n { for j in 0..<p { out[i * p + j] += a.data[i * n + k] * b.data[k * p + j] } }
        }
        var shape: [Int] = []
        if a.shape.count == 2 { shape.append(m) }
        if b.shape.count == 2 { shape.append(p) }
        return wrap(Tensor(shape: shape, data: out))
    }

    private func call(_ name: String, _ args: [Value], offset: Int) throws -> Value {
        guard Expression.functions[name] != nil else {
            throw ExpressionError(
                message: "unknown function '\(name)'"
                    + didYouMean(name, among: Array(Expression.functions.keys.sorted())), offset: offset)
        }
        // exp, log, tanh and sigmoid are the engine's (`Elementary`), so that a check compares a model's numbers
        // with the same functions that computed them.
        let unaryMaps: [String: (Double) -> Double] = [
            "exp": Elementary.exp, "log": Elementary.log, "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) },
            "tanh": Elementary.tanh, "sigmoid": Elementary.sigmoid, "relu": { Swift.max($0, 0) },
        ]
        let arity = (name == "sum" || name == "mean") ? 1...2 : 1...1
        guard arity.contains(args.count) else {
            throw ExpressionError(
                message: "\(name)() takes \(arity.count == 1 ? "one argument" : "one or two arguments")", offset: offset
            )
        }
        if name == "len" {
            switch args[0] {
            case .texts(let list): return .number(Double(list.count))
            case .tensor(let t): return .number(Double(t.shape[0]))
            default: throw ExpressionError(message: "len() needs an array or token list", offset: offset)
            }
        }
        let t = try numbers(args[0], offset: offset)
        if let f = unaryMaps[name] { return try map(args[0], offset: offset, f) }
        switch name {
        case "sum", "mean": return try sum(t, axis: args.count == 2 ? args[1] : nil, mean: name == "mean", offset: offset)
        case "prod": return .number(t.data.reduce(1, *))
        case "max", "min", "argmax": return try extreme(name, t, offset: offset)
        case "norm": return .number(t.data.reduce(0) { $0 + $1 * $1 }.squareRoot())
        case "softmax":
            guard t.shape.count == 1 else { throw ExpressionError(message: "softmax() needs a vector", offset: offset) }
            let m = t.data.contains(where: \.isNaN) ? Double.nan : (t.data.max() ?? 0)
            let e = t.data.map { Elementary.exp($0 - m) }
            let s = e.reduce(0, +)
            return .tensor(Tensor(shape: t.shape, data: e.map { $0 / s }, labels: t.labels))
        default:
            guard t.shape.count == 2 else {
                throw ExpressionError(message: "transpose() needs a matrix", offset: offset)
            }
            let (r, c) = (t.shape[0], t.shape[1])
            var out = [Double](repeating: 0, count: r * c)
            for i in 0..<r { for j in 0..<c { out[j * r + i] = t.data[i * c + j] } }
            return .tensor(Tensor(shape: [c, r], data: out, labels: [t.labels[1], t.labels[0]]))
        }
    }

    /// `sum(x)`, `mean(x)`: of every entry; with an axis (1-based), along it.
    private func sum(_ t: Tensor, axis: Value?, mean isMean: Bool, offset: Int) throws -> Value {
        if let axis {
            guard case .number(let a) = axis, a == a.rounded(), a >= 1, a <= Double(t.shape.count) else {
                let name = isMean ? "mean" : "sum"
                throw ExpressionError(message: "\(name)(x, axis): axis must be 1…\(t.shape.count)", offset: offset)
            }
            return wrap(reduce(t, axis: Int(a) - 1, mean: isMean))
        }
        let total = t.data.reduce(0, +)
        return .number(isMean ? total / Double(t.data.count) : total)
    }

    /// `max`, `min` and `argmax` (a 1-based position, or the entry's label), as numpy: a NaN anywhere makes max and
    /// min NaN, and argmax the first NaN's position; of equal largest entries argmax takes the first.
    private func extreme(_ name: String, _ t: Tensor, offset: Int) throws -> Value {
        guard !t.data.isEmpty else { throw ExpressionError(message: "\(name)() of an empty array", offset: offset) }
        let firstNaN = t.data.firstIndex(where: \.isNaN)
        if name == "max" { return .number(firstNaN == nil ? t.data.max()! : .nan) }
        if name == "min" { return .number(firstNaN == nil ? t.data.min()! : .nan) }
        guard t.shape.count == 1 else { throw ExpressionError(message: "argmax() needs a vector", offset: offset) }
        let i = firstNaN ?? t.data.indices.reduce(0) { t.data[$1] > t.data[$0] ? $1 : $0 }
        if let labels = t.labels.first ?? nil { return .text(labels[i]) }
        return .number(Double(i + 1))
    }

    private func reduce(_ t: Tensor, axis: Int, mean: Bool) -> Tensor {
        let outer = t.shape[..<axis].reduce(1, *)
        let n = t.shape[axis]
        let inner = t.shape[(axis + 1)...].reduce(1, *)
        var out = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for k in 0..<n { for i in 0..<inner { out[o * inner + i] += t.data[(o * n + k) * inner + i] } }
        }
        if mean { out = out.map { $0 / Double(n) } }
        var shape = t.shape
        shape.remove(at: axis)
        var labels = t.labels
        labels.remove(at: axis)
        return Tensor(shape: shape, data: out, labels: labels)
    }
}
