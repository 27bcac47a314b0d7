/// What an author most likely meant by a name the lesson does not know: a name from another convention
/// (deeplearning.ai's `Waa`, min-char-rnn's `Whh`, a textbook's `W_hh`), a gradient written with a `d` (results
/// keep the parameter's name), or a result's name where a directive's key takes another word (`show: [c]` for the
/// LSTM's cell state). `didYouMean` offers the first of these meanings that is a candidate before any near spelling.
enum ConventionalNames {
    /// The notes' and PyTorch's names each group stands for, in that order.
    private static let groups: [(names: [String], meanings: [String])] = [
        (["W_hh", "Whh", "Waa", "W_aa", "W_rec", "recurrent_kernel"], ["W_h", "weight_hh_l0"]),
        (["W_xh", "Wxh", "Wax", "W_ax", "W_ih", "W_x", "W_in", "kernel"], ["W_e", "weight_ih_l0"]),
        (["W_hy", "Why", "Wya", "W_ya", "W_y", "W_out", "V"], ["U"]),
        (["b_h", "bh", "ba", "b_a", "b", "bias"], ["b1", "bias_ih_l0"]),
        (["b_y", "by", "b_out"], ["b2"]),
        (["b_ih"], ["bias_ih_l0"]), (["b_hh"], ["bias_hh_l0"]),
        (["a", "hidden", "states"], ["h"]), (["a0", "a_0", "h_0"], ["h0"]), (["c_0"], ["c0"]),
        (["da", "dH"], ["dh"]), (["da0", "dh_0"], ["dh0"]), (["dc_0"], ["dc0"]),
        (["y_hat", "y_pred", "probabilities", "probs", "softmax"], ["yhat"]),
        (["c", "cell_state", "c_t"], ["cell", "c"]),
        (["i", "f", "g", "o", "r", "n", "gate"], ["gates"]),
    ]

    /// The names `word` may stand for, best first: its group's meanings; for `dX`, what `X` itself is or means.
    static func meanings(of word: String) -> [String] {
        var found = groups.filter { $0.names.contains(word) }.flatMap(\.meanings)
        if word.count > 1, word.hasPrefix("d") {
            let parameter = String(word.dropFirst())
            found += [parameter] + groups.filter { $0.names.contains(parameter) }.flatMap(\.meanings)
        }
        return found
    }

    /// The first meaning of the last part of a dotted `word` (`m.backward.dW_hh`) that is among `candidates`.
    static func meant(_ word: String, among candidates: [String]) -> String? {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        let head = parts.dropLast().joined(separator: ".")
        let known = Set(candidates)
        return meanings(of: String(parts.last ?? "")).lazy.map { head.isEmpty ? $0 : head + "." + $0 }.first {
            known.contains($0)
        }
    }
}
