import RNN

/// Rows of numbers a directive is given: one row per step (`inputs`: the vectors x(t); `backward`'s `dh`: the
/// upstream ∂L/∂h(t)) or per layer and direction (`h0`, `c0`). Written as rows in the lesson (a flat list is one row
/// where rows are layers), an expression (`m.forward.x`, `e1.h[4]`, `swift.x`), or an array of a `.npz`/`.json` file
/// beside the lesson (`{file: data/x.npz, array: x}`). An array that holds a batch, as notebooks keep one, is read
/// with `example:` (1-based) and `axes:`, which says what each of its axes is: `n` the numbers of one row (features,
/// or a state's H), `m` the examples, `T` the steps (or `L` the layers and directions of `h0`): deeplearning.ai's x
/// is `[n, m, T]`, its a0 `[n, m]`, PyTorch's `[T, m, n]`, with `batch_first` `[m, T, n]`.
struct MatrixSpec: Sendable {
    enum Source: Sendable {
        case rows([[Double]])
        case expression(String)
        case file(path: String, array: String)
    }

    /// What the rows stand for: steps (`inputs`, `dh`) or layers and directions (`h0`, `c0`).
    enum RowAxis: String, Sendable {
        case steps = "T"
        case layers = "L"
    }

    let source: Source
    var example: Int?
    var axes: [String]?

    /// The matrix under `key`, with where it is; nil when absent or wrong (the reasons are in `a`).
    static func read(_ key: String, _ a: inout Arguments, rows rowAxis: RowAxis = .steps) -> (
        MatrixSpec, SourceLocation
    )? {
        let location = a.has(key) ? a.node(key)!.location : a.location(of: key)
        switch a.node(key) {
        case .list(let rows, _)?:
            guard let parsed = numberRows(rows, key: key, rowAxis: rowAxis, &a) else { return nil }
            if parsed.isEmpty { a.error(location, "'\(key)' is empty") }
            return (MatrixSpec(source: .rows(parsed)), location)
        case .scalar(let text, _, let at)?:
            if Double(text) != nil {
                a.error(at, "'\(key)' must be a list of numbers, not a value")
                return nil
            }
            DirectiveSupport.checkSyntax(text, at: at, &a)
            return (MatrixSpec(source: .expression(text)), at)
        case .map(let pairs, let at)?:
            return readMap(key, pairs, at: at, rowAxis: rowAxis, &a).map { ($0, location) }
        case nil: return nil
        }
    }

    /// Rows written in the lesson, all of one length; a flat list is one row where rows are layers.
    private static func numberRows(_ rows: [ConfigNode], key: String, rowAxis: RowAxis, _ a: inout Arguments)
        -> [[Double]]?
    {
        if rowAxis == .layers, !rows.contains(where: { if case .list = $0 { return true } else { return false } }) {
            return a.numberList(.list(rows, a.location(of: key)), key: key).map { [$0] }
        }
        var parsed: [[Double]] = []
        for row in rows {
            guard case .list = row else {
                a.error(row.location, "each row of '\(key)' is a list of numbers, one step's, e.g. [0.5, -1]")
                return nil
            }
            guard let numbers = a.numberList(row, key: key) else { return nil }
            parsed.append(numbers)
        }
        if let first = parsed.first, let bad = parsed.firstIndex(where: { $0.count != first.count }) {
            a.error(
                rows[bad].location,
                "row \(bad + 1) of '\(key)' has \(parsed[bad].count) numbers but row 1 has \(first.count)")
        }
        return parsed
    }

    static let mapKeys = ["file", "array", "value", "example", "axes"]

    /// `{file: …, array: …}` or `{value: expression}`, with `example` and `axes` for an array that holds a batch.
    private static func readMap(
        _ key: String, _ pairs: [(key: String, keyLocation: SourceLocation, value: ConfigNode)], at: SourceLocation,
        rowAxis: RowAxis, _ a: inout Arguments
    ) -> MatrixSpec? {
        var found: [String: ConfigNode] = [:]
        for pair in pairs {
            if mapKeys.contains(pair.key) {
                found[pair.key] = pair.value
            } else {
                a.error(
                    pair.keyLocation,
                    "unknown key '\(pair.key)' in '\(key)'" + didYouMean(pair.key, among: mapKeys) + "; it takes "
                        + mapKeys.joined(separator: ", "))
            }
        }
        var source: Source?
        if case .scalar(let path, _, let pathAt)? = found["file"], case .scalar(let name, _, _)? = found["array"] {
            if !(path.hasSuffix(".npz") || path.hasSuffix(".json")) {
                a.error(pathAt, "'file' must be a .npz or .json file, got '\(path)'")
            }
            source = .file(path: path, array: name)
        } else if case .scalar(let text, _, let textAt)? = found["value"], found["file"] == nil {
            DirectiveSupport.checkSyntax(text, at: textAt, &a)
            source = .expression(text)
        } else {
            a.error(at, "'\(key)' from a file is {file: data/x.npz, array: x}, from an expression {value: m.forward.x}")
        }
        var spec = source.map { MatrixSpec(source: $0) }
        if let node = found["example"] {
            guard case .scalar(let text, _, _) = node, let k = Int(text), k >= 1 else {
                a.error(node.location, "'example' is a whole number from 1, the example's place in the batch")
                return nil
            }
            spec?.example = k
        }
        if let node = found["axes"] {
            spec?.axes = readAxes(node, rowAxis: rowAxis, hasExample: found["example"] != nil, &a)
        }
        return spec
    }

    /// `axes`: distinct letters among `n`, `m` and the row axis, with `n`, and `m` exactly when an example is picked.
    private static func readAxes(_ node: ConfigNode, rowAxis: RowAxis, hasExample: Bool, _ a: inout Arguments)
        -> [String]?
    {
        let letters = ["n", "m", rowAxis.rawValue]
        guard case .list(let items, _) = node,
            let axes = Optional(
                items.compactMap { if case .scalar(let t, _, _) = $0 { return t } else { return nil } }),
            axes.count == items.count, !axes.isEmpty, axes.allSatisfy(letters.contains), Set(axes).count == axes.count,
            axes.contains("n")
        else {
            a.error(
                node.location,
                "'axes' names each axis of the array once, with n (the numbers of one row), m (the examples) and \(rowAxis.rawValue) (\(rowAxis == .steps ? "the steps" : "layers and directions")), e.g. [n, m, \(rowAxis.rawValue)]"
            )
            return nil
        }
        if axes.contains("m") != hasExample {
            a.error(
                node.location,
                hasExample
                    ? "'example' picks one on axis m: add m to 'axes'"
                    : "axis m holds examples: pick one with 'example'")
        }
        return axes
    }

    /// The rows, each of `width` finite numbers (a vector of steps is a column when `width` is 1; a vector is one
    /// row where rows are layers), at most `maxSequenceLength` of them. `widthError` words a row of the wrong width
    /// (its 1-based index and width); without it rows of any width are returned, for the caller to check.
    func resolve(
        key: String, width: Int, rows rowAxis: RowAxis = .steps, at location: SourceLocation,
        _ context: ExecutionContext, widthError: ((Int, Int) -> String)?
    ) throws(Diagnostic) -> [[Double]] {
        var result: [[Double]]
        switch source {
        case .rows(let given): result = given
        case .expression(let text):
            let value = try context.evaluate(text, at: location)
            guard case .tensor(let t) = value else {
                let wanted = rowAxis == .steps ? "a T×\(width) matrix" : "a vector of \(width)"
                throw context.error(location, "'\(key)' must be \(wanted), got \(value.typeName)")
            }
            result = try rows(t.data, shape: t.shape, named: "'\(text)'", width: width, rowAxis, at: location, context)
        case .file(let path, let name):
            let data = try context.readLessonData(path, at: location)
            let arrays: [String: NumpyArchive.Array]
            do { arrays = try WeightFiles.arrays(data, path: path, maxMB: context.limits.maxFileMB) } catch {
                throw context.error(location, "cannot read '\(path)': \(error)")
            }
            guard let array = arrays[name] else {
                throw context.error(
                    location,
                    "'\(path)' has no array '\(name)'" + didYouMean(name, among: arrays.keys.sorted()) + "; it has "
                        + arrays.keys.sorted().joined(separator: ", "))
            }
            result = try rows(
                array.values, shape: array.shape, named: "array '\(name)' of '\(path)'", width: width, rowAxis,
                at: location, context)
        }
        guard !result.isEmpty else { throw context.error(location, "'\(key)' is empty") }
        guard result.count <= context.limits.maxSequenceLength else {
            throw context.error(
                location,
                "'\(key)' has \(result.count) steps; the limit maxSequenceLength is \(context.limits.maxSequenceLength)"
            )
        }
        if let widthError, let bad = result.firstIndex(where: { $0.count != width }) {
            throw context.error(location, widthError(bad + 1, result[bad].count))
        }
        if let bad = result.joined().first(where: { !$0.isFinite }) {
            throw context.error(location, "'\(key)' holds \(bad); every value must be finite")
        }
        return result
    }

    /// An array's rows: its `example` taken on axis m, the rest ordered as rows (T or L) of n numbers.
    private func rows(
        _ values: [Double], shape: [Int], named: String, width: Int, _ rowAxis: RowAxis, at location: SourceLocation,
        _ context: ExecutionContext
    ) throws(Diagnostic) -> [[Double]] {
        let shapeText = shape.map(String.init).joined(separator: "×")
        let row = rowAxis.rawValue
        guard let axes = axes ?? defaultAxes(rank: shape.count, rowAxis) else {
            throw context.error(
                location,
                "\(named) is \(shapeText): say what each axis is with 'axes', e.g. axes: [n, m, \(row)] (deeplearning.ai: features, examples, \(rowAxis == .steps ? "steps" : "layers")), [\(row), m, n] (PyTorch) or [m, \(row), n] (batch_first), and pick an example with 'example'"
            )
        }
        guard axes.count == shape.count else {
            throw context.error(location, "'axes' names \(axes.count) axes but \(named) is \(shapeText)")
        }
        var picked: [Int: Int] = [:]
        if let m = axes.firstIndex(of: "m") {
            guard let example else {
                throw context.error(
                    location, "\(named) holds \(shape[m]) examples (axis m): pick one with 'example'")
            }
            guard example <= shape[m] else {
                throw context.error(
                    location, "'example' \(example) is out of range: \(named) holds \(shape[m]) examples on axis m")
            }
            picked[m] = example - 1
        }
        // Without n (a vector of steps) each row is one number.
        let n = axes.firstIndex(of: "n")
        let r = axes.firstIndex(of: row)
        let rowCount = r.map { shape[$0] } ?? 1
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        let base = picked.reduce(0) { $0 + $1.value * strides[$1.key] }
        return (0..<rowCount).map { i in
            (0..<(n.map { shape[$0] } ?? 1)).map { j in
                values[base + (r.map { i * strides[$0] } ?? 0) + (n.map { j * strides[$0] } ?? 0)]
            }
        }
    }

    /// The axes an array has without `axes`: a vector is n (a column of steps when rows are steps and a row holds one
    /// number), a matrix rows × n; anything larger must say.
    private func defaultAxes(rank: Int, _ rowAxis: RowAxis) -> [String]? {
        switch rank {
        case 1: return rowAxis == .steps ? ["T"] : ["n"]
        case 2: return [rowAxis.rawValue, "n"]
        default: return nil
        }
    }
}
