import Foundation
import RNN

/// Weight files a `model` directive loads (`weights_file:`): a numpy `.npz` archive (`np.savez`, or a PyTorch
/// `state_dict` saved with it) or a JSON object of arrays (`{"W_h": [[…], […]], "b1": […]}`).
///
/// Parameters are found under the notes' names (`E`, `W_e`, `W_h`, `b1`, `U`, `b2`) or under `nn.RNN`'s:
/// `weight_ih_l0` is W_e, `weight_hh_l0` is W_h, and `bias_ih_l0` (plus `bias_hh_l0` when present) is b1.
enum WeightFiles {
    /// `maxMB` bounds each array once inflated (the file's own size is checked before it is read).
    static func read(_ data: Data, path: String, maxMB: Int) throws(NumpyArchive.Error) -> [String: NumpyArchive.Array]
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
        return notesNames(arrays)
    }

    /// Adds the notes' names for `nn.RNN`'s parameters.
    static func notesNames(_ arrays: [String: NumpyArchive.Array]) -> [String: NumpyArchive.Array] {
        var out = arrays
        if out["W_e"] == nil, let w = arrays["weight_ih_l0"] { out["W_e"] = w }
        if out["W_h"] == nil, let w = arrays["weight_hh_l0"] { out["W_h"] = w }
        if out["b1"] == nil, var b = arrays["bias_ih_l0"] {
            if let other = arrays["bias_hh_l0"], other.values.count == b.values.count {
                b.values = zip(b.values, other.values).map(+)
            }
            out["b1"] = b
        }
        return out
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
