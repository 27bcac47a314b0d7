import Foundation
import RNN

/// Small helpers every directive may use, in one place.
enum DirectiveSupport {
    /// Tokens back into text: characters run together, words separated by spaces.
    static func join(_ tokens: [String], _ tokenization: Corpus.Tokenization) -> String {
        tokens.joined(separator: tokenization == .characters ? "" : " ")
    }

    /// Whether `s` can name a model or a result: a letter, then letters, digits and underscores.
    static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// A share as a percentage with one decimal: 0.875 → "87.5%".
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    /// A number in prose (a learning rate, a discount): three significant digits, no trailing zeros.
    static func short(_ x: Double) -> String { NumberFormat(style: .general, precision: 3).format(x) }

    /// One state per cell (h0, ∂J/∂h0): a vector when there is one, else a matrix with a row per layer and
    /// direction.
    static func states(_ rows: [[Double]]) -> Value {
        rows.count == 1 ? .tensor(Tensor(vector: rows[0])) : .tensor(Tensor(rows: rows))
    }
}
