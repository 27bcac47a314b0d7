import Foundation
import RNN

/// Weight files a `model` directive loads (`weights_file:`): a numpy `.npz` archive (`np.savez`, or a PyTorch
/// `state_dict` saved with it) or a JSON object of arrays (`{"W_h": [[…], […]], "b1": […]}`).
///
/// Parameters are found under the notes' names (`E`, `W_e`, `W_h`, `b1`, `U`, `b2`) or under `nn.RNN`'s:
/// `weight_ih_l0` is W_e, `weight_hh_l0` is W_h, and `bias_ih_l0` (plus `bias_hh_l0` when present) is b1.
enum WeightFiles {
    /// One entry of a model's `names:` map: the file's array `file` is the model's parameter `parameter`, or its
    /// transpose (`W_e.T`, as Keras stores a kernel).
    struct Rename: Sendable {
        let file: String
        let parameter: String
        let transposed: Bool
    }

    /// The file's arrays renamed by `names`, with the notes' names added for `nn.RNN`'s (see `notesNames`) and, for
    /// a network of `cell`s, layer 1's names for the notes' (see `networkNames`). `maxMB` bounds each array once
    /// inflated (the file's own size is checked before it is read).
    static func read(
        _ data: Data, path: String, maxMB: Int, names: [Rename] = [], network cell: CellKind? = nil
    ) throws(NumpyArchive.Error) -> [String: NumpyArchive.Array] {
        let notes = try notesNames(renamed(arrays(data, path: path, maxMB: maxMB), names))
        guard let cell else { return notes }
        return try networkNames(notes, cell: cell)
    }

    /// `names:` on a model with `weights_file`: `{file_name: parameter}` pairs, `parameter.T` for an array stored
    /// transposed.
    static func planNames(_ a: inout Arguments) -> [Rename] {
        guard let node = a.node("names") else { return [] }
        guard case .map(let pairs, _) = node, !pairs.isEmpty else {
            a.error(node.location, "'names' maps the file's names to the model's, e.g. 'names: {Wax: W_e, Waa: W_h}'")
            return []
        }
        if !a.has("weights_file") {
            a.error(a.location(of: "names"), "'names' renames the arrays of a 'weights_file'; give the file too")
        }
        var renames: [Rename] = []
        for pair in pairs {
            guard case .scalar(let target, _, _) = pair.value, !target.isEmpty, target != ".T" else {
                a.error(pair.value.location, "'names' maps '\(pair.key)' to one parameter name, e.g. W_e or W_e.T")
                continue
            }
            let transposed = target.hasSuffix(".T")
            renames.append(
                Rename(file: pair.key, parameter: String(target.dropLast(transposed ? 2 : 0)), transposed: transposed))
        }
        return renames
    }

    /// `names:` applied: each array it names moves to the parameter's name (transposed for `.T`).
    static func renamed(_ arrays: [String: NumpyArchive.Array], _ names: [Rename]) throws(NumpyArchive.Error)
        -> [String: NumpyArchive.Array]
    {
        var out = arrays
        for rename in names {
            guard var array = arrays[rename.file] else {
                throw .corrupt(
                    "'names' maps '\(rename.file)', which the file does not hold"
                        + didYouMean(rename.file, among: arrays.keys.sorted()) + "; it holds "
                        + arrays.keys.sorted().joined(separator: ", "))
            }
            out[rename.file] = nil
            if rename.transposed, array.shape.count == 2 {
                let (rows, cols) = (array.shape[0], array.shape[1])
                array = NumpyArchive.Array(
                    shape: [cols, rows],
                    values: (0..<(rows * cols)).map { array.values[($0 % rows) * cols + $0 / rows] })
            }
            out[rename.parameter] = array
        }
        return out
    }

    /// A network's first layer read from the notes' names, for a notebook that has one RNN layer under them (or
    /// mapped to them by `names`): `W_e` is `weight_ih_l0`, `W_h` is `weight_hh_l0`, and the single bias `b1` is
    /// `bias_ih_l0` with `bias_hh_l0` zero, the same model since a plain RNN's and an LSTM's two biases are only
    /// ever added. A GRU's are not (b_hn is multiplied by the reset gate), so it needs both.
    static func networkNames(_ arrays: [String: NumpyArchive.Array], cell: CellKind) throws(NumpyArchive.Error)
        -> [String: NumpyArchive.Array]
    {
        var out = arrays
        for (notes, torch) in [("W_e", "weight_ih_l0"), ("W_h", "weight_hh_l0")] where arrays[torch] == nil {
            out[torch] = arrays[notes]
        }
        guard let bias = arrays["b1"], arrays["bias_ih_l0"] == nil, arrays["bias_hh_l0"] == nil else { return out }
        if cell == .gru || cell == .gruOriginal {
            throw .corrupt(
                "a GRU has two biases that do not simply add (b_hn is multiplied by the reset gate), so one bias 'b1' cannot stand for them; the file needs bias_ih_l0 and bias_hh_l0"
            )
        }
        out["bias_ih_l0"] = bias
        out["bias_hh_l0"] = NumpyArchive.Array(shape: bias.shape, values: bias.values.map { _ in 0 })
        return out
    }

    /// The file's arrays under the names it gives them.
    static func arrays(_ data: Data, path: String, maxMB: Int) throws(NumpyArchive.Error) -> [String: NumpyArchive
        .Array]
    {
        let arrays: [String: NumpyArchive.Array]
        if path.hasSuffix(".json") {
            do {
                arrays = try JSONDecoder().decode([String: JSONArray].self, from: data).mapValues(\.array)
            } catch {
                throw .corrupt("not a JSON object of number arrays: \(error)")
            }
        } else {
            arrays = try NumpyArchive.read([UInt8](data), maxMemberBytes: maxMB << 20)
        }
        return arrays
    }

    /// Adds the notes' names for `nn.RNN`'s parameters, strictly: `b1` is `bias_ih_l0 + bias_hh_l0`, so a file
    /// with one of the two biases and no `b1` is an error naming the other; a file holding a parameter under
    /// both names with different values is an error naming both.
    static func notesNames(_ arrays: [String: NumpyArchive.Array]) throws(NumpyArchive.Error) -> [String: NumpyArchive
        .Array]
    {
        var torch = arrays
        let biases = (arrays["bias_ih_l0"], arrays["bias_hh_l0"])
        switch biases {
        case (let ih?, let hh?):
            guard ih.values.count == hh.values.count else {
                throw .corrupt(
                    "bias_ih_l0 has \(ih.values.count) numbers and bias_hh_l0 \(hh.values.count); nn.RNN's two biases have H each"
                )
            }
            torch["b1"] = NumpyArchive.Array(shape: ih.shape, values: zip(ih.values, hh.values).map(+))
        case (.some, nil) where arrays["b1"] == nil:
            throw .corrupt(
                "the file has bias_ih_l0 but no bias_hh_l0; nn.RNN has both (b1 is their sum): add bias_hh_l0, or, for a notebook's single bias, read it as b1 with 'names: {bias_ih_l0: b1}'"
            )
        case (nil, .some) where arrays["b1"] == nil:
            throw .corrupt(
                "the file has bias_hh_l0 but no bias_ih_l0; nn.RNN has both (b1 is their sum): add bias_ih_l0, or, for a notebook's single bias, read it as b1 with 'names: {bias_hh_l0: b1}'"
            )
        default: break
        }
        var out = arrays
        for (notes, pytorch) in [("W_e", "weight_ih_l0"), ("W_h", "weight_hh_l0"), ("b1", "bias_ih_l0 + bias_hh_l0")] {
            let source = pytorch.contains("+") ? torch["b1"] : arrays[pytorch]
            guard let value = source, arrays[pytorch.components(separatedBy: " + ")[0]] != nil else { continue }
            if let given = arrays[notes] {
                guard given.values == value.values else {
                    throw .corrupt("the file holds \(notes) and \(pytorch) with different values; keep one of them")
                }
            } else {
                out[notes] = value
            }
        }
        return out
    }

    /// A loading error in the lesson's words: a bias (n × 1) is a vector of n, as files hold it.
    static func describe(_ error: WeightLoadingError) -> String {
        func text(_ shape: [Int]) -> String {
            shape.count == 1 || (shape.count == 2 && shape[1] == 1)
                ? "a vector of \(shape[0])" : shape.map(String.init).joined(separator: "×")
        }
        switch error {
        case .missing(let name, let expected): return "the file has no parameter '\(name)' (expected \(text(expected)))"
        case .shape(let name, let expected, let found):
            return "parameter '\(name)' should be \(text(expected)) but the file has \(text(found))"
        }
    }

    /// The names other conventions give a one-layer RNN's parameters, and the notes' names they are.
    static let conventions: [(name: String, names: [(String, String)])] = [
        ("deeplearning.ai's", [("Wax", "W_e"), ("Waa", "W_h"), ("ba", "b1"), ("Wya", "U"), ("by", "b2")]),
        ("min-char-rnn's", [("Wxh", "W_e"), ("Whh", "W_h"), ("bh", "b1"), ("Why", "U"), ("by", "b2")]),
    ]

    /// When a parameter is missing from a file whose names follow another convention, the `names:` map that reads
    /// it: deeplearning.ai's and min-char-rnn's names, or Keras's layers (`…/kernel`, `…/recurrent_kernel`,
    /// `…/bias` of the RNN layer, then of the Dense layer), whose kernels are the transposes of W_e, W_h and U.
    static func conventionHint(_ fileNames: [String], cell: CellKind?) -> String {
        for convention in conventions {
            let found = convention.names.filter { fileNames.contains($0.0) }
            guard found.count >= 2 else { continue }
            return "; the file names its arrays as \(convention.name) notebooks do: read them with "
                + namesMap(found)
        }
        let keras = kerasNames(fileNames)
        guard !keras.isEmpty else { return "" }
        if cell == .gru || cell == .gruOriginal {
            return
                "; the file holds Keras weights, whose GRU orders its gates z, r, h where PyTorch's order is r, z, n: reorder the rows in the notebook"
        }
        return "; the file holds Keras weights, whose kernels are stored transposed: read them with " + namesMap(keras)
    }

    /// Keras's names for a recurrent layer and the Dense layer after it, as the notes' (kernels transposed).
    static func kerasNames(_ fileNames: [String]) -> [(String, String)] {
        func split(_ name: String) -> (prefix: String, last: String, suffix: String) {
            let suffix = name.hasSuffix(":0") ? ":0" : ""
            let path = name.dropLast(suffix.count)
            let last = path.split(separator: "/").last.map(String.init) ?? ""
            return (String(path.dropLast(last.count)), last, suffix)
        }
        guard let recurrent = fileNames.first(where: { split($0).last == "recurrent_kernel" }) else { return [] }
        let layer = split(recurrent)
        var map = [
            (layer.prefix + "kernel" + layer.suffix, "W_e.T"), (recurrent, "W_h.T"),
            (layer.prefix + "bias" + layer.suffix, "b1"),
        ]
        if let dense = fileNames.first(where: { split($0).last == "kernel" && split($0).prefix != layer.prefix }) {
            let parts = split(dense)
            map += [(dense, "U.T"), (parts.prefix + "bias" + parts.suffix, "b2")]
        }
        return map.filter { fileNames.contains($0.0) }
    }

    /// `names: {a: W_e, …}` as the lesson would write it, quoting a name YAML would misread.
    static func namesMap(_ pairs: [(String, String)]) -> String {
        func quoted(_ name: String) -> String {
            name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? name : "\"\(name)\""
        }
        return "'names: {" + pairs.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}'"
    }

    /// A hint when a weight matrix has the rows of another cell: a cell stacks its gates' rows, G·H for G
    /// gates (LSTM 4, GRU 3, RNN 1), so a file's rows divided by the model's H name the cell it came from.
    static func cellHint(_ error: WeightLoadingError, hidden H: Int, cell: CellKind) -> String {
        guard case .shape(let name, _, let found) = error, found.count == 2, H > 0, found[0] % H == 0,
            ["weight_ih", "weight_hh", "W_e", "W_h"].contains(where: { name.hasPrefix($0) })
        else { return "" }
        let cells: [Int: (String, String)] = [
            1: ("a plain RNN's", "rnn"), 3: ("a GRU's", "gru"), 4: ("an LSTM's", "lstm"),
        ]
        guard let (what, key) = cells[found[0] / H], found[0] / H != cell.gates else { return "" }
        return " (\(found[0])×\(found[1]) is \(what) shape for H = \(H): add 'cell: \(key)'?)"
    }

    /// A JSON array of numbers, or of rows of numbers.
    private enum JSONArray: Decodable {
        case vector([Double])
        case matrix([[Double]])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let v = try? container.decode([Double].self) {
                self = .vector(v)
            } else {
                self = .matrix(try container.decode([[Double]].self))
            }
        }

        var array: NumpyArchive.Array {
            switch self {
            case .vector(let v): return NumpyArchive.Array(shape: [v.count], values: v)
            case .matrix(let m):
                return NumpyArchive.Array(shape: [m.count, m.first?.count ?? 0], values: m.flatMap { $0 })
            }
        }
    }
}
