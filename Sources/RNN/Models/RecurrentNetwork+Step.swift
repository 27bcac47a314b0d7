/// A unidirectional network run one step at a time over a set of rows whose states it carries, for generation:
/// each step reads one input per row (a token, or the zero input), and the rows taking part may change from
/// step to step (a sample that has stopped leaves; rows whose prompts differ in length join when theirs starts).
/// The rows stepping together are gathered into contiguous buffers, so that each layer's products are
/// matrix–matrix over them (`Products.general`), and scattered back after.
///
/// A row's numbers do not depend on which rows step with it: every element of a product is summed in one order
/// whatever the number of rows, and the gates are element-wise. Generating many samples at once therefore gives
/// the tokens that generating each alone gives.
extension RecurrentNetwork {
    final class Stepper {
        let network: RecurrentNetwork
        let cells: [Cell]
        let rows: Int
        /// Per layer: h and (LSTM) c of every row (rows × H); the transposes W_ihᵀ, W_hhᵀ (rows `Cell.transposedStride` apart);
        /// and the working buffers of a step.
        private let store: FlatBuffer
        private let (ldT, width): (Int, Int)

        /// Whether layer 1 reads one-hot tokens (W_ih's columns) rather than rows of `inputs`.
        let oneHot: Bool

        init(_ network: RecurrentNetwork, cells: [Cell], rows: Int, oneHot: Bool) {
            precondition(network.directions == 1, "a network generates left to right")
            (self.network, self.cells, self.rows, self.oneHot) = (network, cells, rows, oneHot)
            let (L, H, GH, I) = (
                network.layers, network.hiddenSize, network.kind.gates * network.hiddenSize, network.inputSize
            )
            (ldT, width) = (Cell.transposedStride(GH), max(I, H))
            let perLayer = [rows * H, rows * H, ldT * max(I, H), ldT * H]
            store = FlatBuffer(
                parts: Array(Array(repeating: perLayer, count: L).joined())
                    + [rows * width, rows * GH, rows * GH, rows * H, rows * H, rows * H, rows * H, rows * H, 3 * H])
            for (layer, cell) in cells.enumerated() {
                if layer > 0 || !oneHot { cell.transposeInputWeights(inputs: layer == 0 ? I : H, into: part(layer, 2)) }
                cell.transposeHiddenWeights(into: part(layer, 3))
            }
        }

        private func part(_ layer: Int, _ k: Int) -> UnsafeMutablePointer<Double> { store[4 * layer + k] }
        private func work(_ k: Int) -> UnsafeMutablePointer<Double> { store[4 * network.layers + k] }

        /// Row r's state of layer `layer`: h, and c for the LSTM.
        func hidden(_ layer: Int, row r: Int) -> UnsafeMutablePointer<Double> {
            part(layer, 0) + r * network.hiddenSize
        }
        func cell(_ layer: Int, row r: Int) -> UnsafeMutablePointer<Double> { part(layer, 1) + r * network.hiddenSize }

        /// The input buffer of a step: row i (of the rows stepping) at `inputs + i·I`, zeros unless written.
        var inputs: UnsafeMutablePointer<Double> { work(0) }

        /// One step of `which` (distinct rows): row i reads `tokens[i]` (one-hot; `Cell.noInput` for
        /// the zero vector) or, when the input is not one-hot (no tokens), row i of `inputs`. Returns the top
        /// layer's new states of these rows, in their order (count × H, valid until the next step).
        func step(_ which: [Int], tokens: [Int]?) -> UnsafePointer<Double> {
            let (B, H, GH, I) = (
                which.count, network.hiddenSize, network.kind.gates * network.hiddenSize, network.inputSize
            )
            precondition(B <= rows && Set(which).count == B && which.allSatisfy { (0..<rows).contains($0) })
            precondition(
                (tokens != nil) == oneHot
                    && tokens.map {
                        $0.count == B && $0.allSatisfy { (0..<I).contains($0) || $0 == Cell.noInput }
                    } ?? true)
            let (x, gates, gh) = (work(0), work(1), work(2))
            let (h, c, hNext, cNext, candidate, scratch) = (work(3), work(4), work(5), work(6), work(7), work(8))
            for (layer, cellOfLayer) in cells.enumerated() {
                let inputs = layer == 0 ? I : H
                if layer == 0, let tokens {
                    cellOfLayer.projectOneHot(tokens, count: B, into: gates)
                } else {
                    for b in 0..<B { (gates + b * GH).update(from: cellOfLayer.bIH, count: GH) }
                    Products.general(
                        m: B, n: GH, k: inputs, a: layer == 0 ? x : hNext, lda: inputs, b: part(layer, 2), ldb: ldT,
                        beta: 1, c: gates, ldc: GH, scratch: nil, paddedB: true)
                }
                for (b, r) in which.enumerated() {
                    (h + b * H).update(from: hidden(layer, row: r), count: H)
                    if network.kind == .lstm { (c + b * H).update(from: cell(layer, row: r), count: H) }
                }
                if let bHH = cellOfLayer.bHH { for b in 0..<B { (gh + b * GH).update(from: bHH, count: GH) } }
                Products.general(
                    m: B, n: GH, k: H, a: h, lda: H, b: part(layer, 3), ldb: ldT, beta: cellOfLayer.bHH == nil ? 0 : 1,
                    c: gh, ldc: GH, scratch: nil, paddedB: true)
                cellOfLayer.activate(
                    rows: B, gates: gates, gh: gh, h: h, c: c, candidate: candidate, hNext: hNext, cNext: cNext,
                    hiddenTransposed: part(layer, 3), scratch: scratch)
                for (b, r) in which.enumerated() {
                    hidden(layer, row: r).update(from: hNext + b * H, count: H)
                    if network.kind == .lstm { cell(layer, row: r).update(from: cNext + b * H, count: H) }
                }
            }
            return UnsafePointer(hNext)
        }
    }
}
