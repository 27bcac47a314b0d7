import Foundation
import RNN

/// Weight files a `model` directive loads (`weights_file:`): a numpy `.npz` archive (`np.savez`, or a PyTorch
/// `state_dict` saved with it) or a JSON object of arrays (`{"W_h": [[…], […]], "b1": […]}`).
///
/// Parameters are found under the notes' names (`E`, `W_e`, `W_h`, `b1`, `U`, `b2`) or under `nn.RNN`'s:
/// `weight_ih_l0` is W_e, `weight_hh_l0` is W_h, and `bias_ih_l0` (plus `bias_hh_l0` when present) is b1.
enum WeightFiles {
    /// The file's arrays with the notes' names added for `nn.RNN`'s (see `notesNames`). `maxMB` bounds each
    /// array once inflated (the file's own size is checked before it is read).
    static func read(_ data: Data, path: String, maxMB: Int) throws(NumpyArchive.Error) -> [String: NumpyArchive.Array]
    {
        try notesNames(arrays(data, path: path, maxMB: maxMB))
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
                "the file has bias_ih_l0 but no bias_hh_l0; nn.RNN has both (b1 is their sum): add bias_hh_l0, or give b1"
            )
        case (nil, .some) where arrays["b1"] == nil:
            throw .corrupt(
                "the file has bias_hh_l0 but no bias_ih_l0; nn.RNN has both (b1 is their sum): add bias_ih_l0, or give b1"
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
