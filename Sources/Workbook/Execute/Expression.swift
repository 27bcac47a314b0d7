import Foundation

/// The small expression language of `check` directives and inline values.
///
///     expression := additive (('<' | '<=' | '>' | '>=') additive)?     1 where true, 0 where false
///     additive   := sum (('+' | '-') sum)*        numbers, names, strings, ( … )
///     sum        := product (('*' | '/' | '@') product)*
///     product    := '-' product | power
///     power      := postfix ('^' product)?
///     postfix    := primary ('.' name | '[' index (',' index)* ']')*
///     index      := integer (1-based) | "token" | ':'
///     primary    := number | name | "string" | function '(' expression (',' expression)* ')' | '(' expression ')'
///                 | '[' expression (',' expression)* ']'          (a vector, or a matrix from equal rows)
///
/// Names resolve against the lesson's results (`hello.loss.mean`); arithmetic is element-wise with scalars
/// broadcast; `@` is the matrix product. Functions are listed in `Expression.functions`.
indirect enum Expression: Sendable {
    case number(Double)
    case string(String)
    case path([String], offset: Int)
    case field(Expression, String, offset: Int)
    case index(Expression, [IndexItem], offset: Int)
    case unary(Character, Expression, offset: Int)
    case binary(Character, Expression, Expression, offset: Int)
    case call(String, [Expression], offset: Int)
    case list([Expression], offset: Int)

    enum IndexItem: Sendable {
        case position(Expression)
        case all
    }

    static let functions: [String: String] = [
        "sum": "sum(x) of all entries, sum(x, axis) along a 1-based axis",
        "mean": "mean(x) of all entries, mean(x, axis) along a 1-based axis",
        "prod": "product of all entries",
        "max": "largest entry",
        "min": "smallest entry",
        "argmax": "1-based position (or label) of the largest entry of a vector",
        "norm": "Euclidean (Frobenius) norm",
        "len": "length of the first axis",
        "exp": "element-wise exp", "log": "element-wise natural log", "sqrt": "element-wise square root",
        "abs": "element-wise absolute value", "tanh": "element-wise tanh", "sigmoid": "element-wise 1/(1+e^-x)",
        "relu": "element-wise max(x, 0)", "softmax": "softmax of a vector",
        "transpose": "matrix transpose",
    ]
}

extension Expression {
    /// The names the expression reads, each as written (`hello.loss.mean`), in the order they stand: what a
    /// directive or an inline value declares it uses.
    var names: [String] {
        var names: [String] = []
        var pending: [Expression] = [self]
        while let expression = pending.popLast() {
            switch expression {
            case .number, .string: break
            case .path(let path, _): names.append(path.joined(separator: "."))
            case .field(let base, _, _): pending.append(base)
            case .index(let base, let items, _):
                for case .position(let item) in items.reversed() { pending.append(item) }
                pending.append(base)
            case .unary(_, let operand, _): pending.append(operand)
            case .binary(_, let lhs, let rhs, _): pending += [rhs, lhs]
            case .call(_, let arguments, _): pending += arguments.reversed()
            case .list(let items, _): pending += items.reversed()
            }
        }
        return names
    }
}

/// An error in an expression, at a character offset into its text.
struct ExpressionError: Error, Sendable {
    let message: String
    let offset: Int
}

/// Recursive-descent parser for `Expression`. Nesting is bounded (`maxDepth`), and so is the number of
/// operations (`maxOperations`: operators, fields, indexings, calls and the parts of a name), so that hostile
/// input cannot overflow the stack: a chain `1+1+…` nests as deep as it is long in the tree that evaluation and
/// deallocation recurse into (40,000 crashed the build), and a name's parts are looked up by prefix.
struct ExpressionParser {
    private let chars: [Character]
    private var pos = 0
    private var depth = 0
    private var operations = 0
    private static let maxDepth = 64
    static let maxOperations = 1_000

    init(_ text: String) { chars = Array(text) }

    static func parse(_ text: String) throws -> Expression {
        var parser = ExpressionParser(text)
        let expression = try parser.expression()
        parser.skipSpaces()
        if parser.pos < parser.chars.count {
            throw ExpressionError(message: "unexpected '\(parser.chars[parser.pos])' in expression", offset: parser.pos)
        }
        return expression
    }

    private mutating func skipSpaces() {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
    }

    private mutating func peek() -> Character? {
        skipSpaces()
        return pos < chars.count ? chars[pos] : nil
    }

    private mutating func expect(_ c: Character) throws {
        guard peek() == c else {
            throw ExpressionError(
                message: "expected '\(c)'" + (pos < chars.count ? " before '\(chars[pos])'" : " at the end"),
                offset: pos)
        }
        pos += 1
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw ExpressionError(message: "expression nested too deeply", offset: pos) }
        return try body(&self)
    }

    /// One more operation at `offset`; an error past `maxOperations`.
    private mutating func count(at offset: Int) throws {
        operations += 1
        if operations > Self.maxOperations {
            throw ExpressionError(
                message: "the expression has more than \(Self.maxOperations) operations (operators, fields, "
                    + "indexings, calls and parts of names), the most one may have", offset: offset)
        }
    }

    mutating func expression() throws -> Expression {
        try nested { p in
            let left = try p.additive()
            guard let c = p.peek(), c == "<" || c == ">" else { return left }
            let at = p.pos
            try p.count(at: at)
            p.pos += 1
            var op: Character = c
            if p.pos < p.chars.count, p.chars[p.pos] == "=" {
                p.pos += 1
                op = c == "<" ? "≤" : "≥"
            }
            return .binary(op, left, try p.additive(), offset: at)
        }
    }

    private mutating func additive() throws -> Expression {
        try nested { p in
            var left = try p.term()
            while let c = p.peek(), c == "+" || c == "-" {
                let at = p.pos
                try p.count(at: at)
                p.pos += 1
                left = .binary(c, left, try p.term(), offset: at)
            }
            return left
        }
    }

    private mutating func term() throws -> Expression {
        var left = try unary()
        while let c = peek(), c == "*" || c == "/" || c == "@" {
            let at = pos
            try count(at: at)
            pos += 1
            left = .binary(c, left, try unary(), offset: at)
        }
        return left
    }

    private mutating func unary() throws -> Expression {
        try nested { p in
            if p.peek() == "-" {
                let at = p.pos
                p.pos += 1
                let operand = try p.unary()
                // A negative number is a number, not an operation: `equals: [-2.31, -4.07, …]` may be long.
                if case .number(let x) = operand { return .number(-x) }
                try p.count(at: at)
                return .unary("-", operand, offset: at)
            }
            let base = try p.postfix()
            if p.peek() == "^" {
                let at = p.pos
                try p.count(at: at)
                p.pos += 1
                return .binary("^", base, try p.unary(), offset: at)
            }
            return base
        }
    }

    private mutating func postfix() throws -> Expression {
        var value = try primary()
        while let c = peek(), c == "." || c == "[" {
            let at = pos
            try count(at: at)
            if c == "." {
                pos += 1
                value = .field(value, try name(), offset: at)
            } else {
                pos += 1
                var items: [Expression.IndexItem] = []
                repeat {
                    if peek() == "," { pos += 1 }
                    if peek() == ":" {
                        pos += 1
                        items.append(.all)
                    } else {
                        items.append(.position(try expression()))
                    }
                } while peek() == ","
                try expect("]")
                value = .index(value, items, offset: at)
            }
        }
        return value
    }

    private mutating func name() throws -> String {
        skipSpaces()
        let start = pos
        while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
        guard pos > start, !chars[start].isNumber else {
            throw ExpressionError(message: "expected a name", offset: start)
        }
        return String(chars[start..<pos])
    }

    private mutating func primary() throws -> Expression {
        guard let c = peek() else { throw ExpressionError(message: "expression ends too early", offset: pos) }
        let start = pos
        if c.isNumber || c == "." { return try number() }
        if c == "\"" || c == "'" {
            pos += 1
            let contentStart = pos
            while pos < chars.count, chars[pos] != c { pos += 1 }
            guard pos < chars.count else { throw ExpressionError(message: "unterminated string", offset: start) }
            pos += 1
            return .string(String(chars[contentStart..<(pos - 1)]))
        }
        if c == "(" {
            pos += 1
            let inner = try expression()
            try expect(")")
            return inner
        }
        if c == "[" {
            pos += 1
            let items = try expressions()
            try expect("]")
            return .list(items, offset: start)
        }
        if c.isLetter || c == "_" { return try callOrPath() }
        throw ExpressionError(message: "unexpected '\(c)' in expression", offset: start)
    }

    /// A number: digits with an optional point and exponent (`1e-3`).
    private mutating func number() throws -> Expression {
        let start = pos
        while pos < chars.count, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
        if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
            var look = pos + 1
            if look < chars.count, chars[look] == "+" || chars[look] == "-" { look += 1 }
            if look < chars.count, chars[look].isNumber {
                pos = look
                while pos < chars.count, chars[pos].isNumber { pos += 1 }
            }
        }
        guard let number = Double(String(chars[start..<pos])) else {
            throw ExpressionError(message: "'\(String(chars[start..<pos]))' is not a number", offset: start)
        }
        return .number(number)
    }

    /// One or more expressions separated by commas (a list's items, a call's arguments).
    private mutating func expressions() throws -> [Expression] {
        var items: [Expression] = []
        repeat {
            if peek() == "," { pos += 1 }
            items.append(try expression())
        } while peek() == ","
        return items
    }

    /// A call `f(x, y)`, or a path of names `m.loss.mean`.
    private mutating func callOrPath() throws -> Expression {
        let start = pos
        let first = try name()
        if peek() == "(" {
            try count(at: start)
            pos += 1
            let arguments = try peek() != ")" ? expressions() : []
            try expect(")")
            return .call(first, arguments, offset: start)
        }
        var path = [first]
        while peek() == ".", pos + 1 < chars.count, chars[pos + 1].isLetter || chars[pos + 1] == "_" {
            try count(at: pos)
            pos += 1
            path.append(try name())
        }
        return .path(path, offset: start)
    }
}
