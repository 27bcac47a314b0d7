import RNN

/// A T × n matrix a directive is given, one row per step (`inputs`: the vectors x(t); `backward`'s `dh`: the
/// upstream ∂L/∂h(t)): rows of numbers in the lesson, an expression giving a matrix (`m.forward.x`, `swift.x`),
/// or an array of a `.npz`/`.json` file beside the lesson (`{file: data/x.npz, array: x}`).
enum MatrixSpec: Sendable {
    case rows([[Double]])
    case expression(String)
    case file(path: String, array: String)

    /// The matrix under `key`, with where it is; nil when absent or wrong (the reasons are in `a`).
    static func read(_ key: String, _ a: inout Arguments) -> (MatrixSpec, SourceLocation)? {
        let location = a.location(of: key)
        switch a.node(key) {
        case .list(let rows, _)?:
            var parsed: [[Double]] = []
            for row in rows {
                guard case .list = row else {
                    a.error(row.location, "each row of '\(key)' is a list of numbers, one step's, e.g. [0.5, -1]")
                    return nil
                }
                guard let numbers = a.numberList(row, key: key) else { return nil }
                parsed.append(numbers)
            }
            if parsed.isEmpty { a.error(location, "'\(key)' is empty") }
            if let first = parsed.first, let bad = parsed.firstIndex(where: { $0.count != first.count }) {
                a.error(
                    rows[bad].location,
                    "row \(bad + 1) of '\(key)' has \(parsed[bad].count) numbers but row 1 has \(first.count)")
            }
            return (.rows(parsed), location)
        case .scalar(let text, _, let at)?:
            DirectiveSupport.checkSyntax(text, at: at, &a)
            return (.expression(text), at)
        case .map(let pairs, let at)?:
            let file = pairs.first { $0.key == "file" }?.value
            let array = pairs.first { $0.key == "array" }?.value
            for pair in pairs where pair.key != "file" && pair.key != "array" {
                a.error(pair.keyLocation, "unknown key '\(pair.key)' in '\(key)'; it takes file and array")
            }
            guard case .scalar(let path, _, _)? = file, case .scalar(let name, _, _)? = array else {
                a.error(at, "'\(key)' from a file is {file: data/x.npz, array: x}")
                return nil
            }
            if !(path.hasSuffix(".npz") || path.hasSuffix(".json")) {
                a.error(file!.location, "'file' must be a .npz or .json file, got '\(path)'")
            }
            return (.file(path: path, array: name), location)
        case nil: return nil
        }
    }

    /// The rows, each of `width` finite numbers (a vector is a column when `width` is 1), at most
    /// `maxSequenceLength` of them. `widthError` words a row of the wrong width (its 1-based index and width).
    func resolve(
        key: String, width: Int, at location: SourceLocation, _ context: ExecutionContext,
        widthError: (Int, Int) -> String
    ) throws(Diagnostic) -> [[Double]] {
        func rows(of values: [Double], shape: [Int]) -> [[Double]]? {
            if shape.count == 1, width == 1 { return values.map { [$0] } }
            guard shape.count == 2 else { return nil }
            return Tensor.rows(values, columns: shape[1])
        }
        var result: [[Double]]
        switch self {
        case .rows(let given): result = given
        case .expression(let text):
            let value = try context.evaluate(text, at: location)
            guard case .tensor(let t) = value, let r = rows(of: t.data, shape: t.shape) else {
                throw context.error(location, "'\(key)' must be a T×\(width) matrix, got \(value.typeName)")
            }
            result = r
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
            guard let r = rows(of: array.values, shape: array.shape) else {
                throw context.error(
                    location,
                    "array '\(name)' is \(array.shape.map(String.init).joined(separator: "×")); '\(key)' is a T×\(width) matrix"
                )
            }
            result = r
        }
        guard !result.isEmpty else { throw context.error(location, "'\(key)' is empty") }
        guard result.count <= context.limits.maxSequenceLength else {
            throw context.error(
                location,
                "'\(key)' has \(result.count) steps; the limit maxSequenceLength is \(context.limits.maxSequenceLength)"
            )
        }
        if let bad = result.firstIndex(where: { $0.count != width }) {
            throw context.error(location, widthError(bad + 1, result[bad].count))
        }
        if let bad = result.joined().first(where: { !$0.isFinite }) {
            throw context.error(location, "'\(key)' holds \(bad); every value must be finite")
        }
        return result
    }
}
