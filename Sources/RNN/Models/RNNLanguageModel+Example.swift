import Foundation

/// The notes' model's forward and backward passes over a window, written once, on flat buffers: the training
/// loops call them directly and allocate nothing per time step; `forward`, `backward` and `step` (what
/// lessons display and generation uses) call them and copy the buffers into per-step arrays.
extension RNNLanguageModel {
    /// The parameters as pointers (`E` only with embedding input), for the length of one call, and their
    /// positions in `parameters` (where `runBackward` finds their gradients).
    struct WeightPointers {
        let We, Wh, b1, U, b2: UnsafePointer<Double>
        let E: UnsafePointer<Double>?
        /// W_e's columns: V for one-hot input, D for embeddings.
        let inputSize: Int
        let embeddingSize: Int
        let indices: (We: Int, Wh: Int, b1: Int, U: Int, b2: Int, E: Int?)
    }

    func withWeightPointers<R>(_ body: (WeightPointers) -> R) -> R {
        let index = { (name: String) in parameters.index(of: name) }
        let (We, Wh, b1, U, b2, E) = (index("W_e")!, index("W_h")!, index("b1")!, index("U")!, index("b2")!, index("E"))
        return parameters.withValuePointers { p in
            body(
                WeightPointers(
                    We: p[We], Wh: p[Wh], b1: p[b1], U: p[U], b2: p[b2], E: E.map { p[$0] },
                    inputSize: parameters.items[We].value.cols,
                    embeddingSize: E.map { parameters.items[$0].value.rows } ?? 0,
                    indices: (We, Wh, b1, U, b2, E)))
        }
    }

    /// A window's activations in one allocation: h(0…T) (T+1)×H, z(t) T×H, o(t) T×V, ŷ(t) T×V, e(t) T×D,
    /// and lse(o(t)) for the losses.
    final class Activations {
        let steps: Int
        let hs, zs, os, ps, es, lse: UnsafeMutablePointer<Double>
        private let buffer: FlatBuffer

        init(steps T: Int, hidden H: Int, vocabulary V: Int, embedding D: Int) {
            steps = T
            buffer = FlatBuffer(parts: [(T + 1) * H, T * H, T * V, T * V, T * D, T])
            (hs, zs, os, ps, es, lse) = (buffer[0], buffer[1], buffer[2], buffer[3], buffer[4], buffer[5])
        }
    }

    /// The forward pass over `inputs` (`noInput` for x = 0) from h(0) = `h0`, into `a`:
    /// `z = W_h h + W_e e(x) + b1`, `h' = σ(z)`, `o = U h' + b2`, `ŷ = softmax(o)` and `lse(o)`.
    func runForward(_ inputs: [Int], h0: UnsafePointer<Double>, _ w: WeightPointers, into a: Activations) {
        let (H, V, I, D) = (hiddenSize, vocabulary.count, w.inputSize, w.embeddingSize)
        a.hs.update(from: h0, count: H)
        for (t, x) in inputs.enumerated() where !Deadline.passed {
            let (previous, h, z) = (a.hs + t * H, a.hs + (t + 1) * H, a.zs + t * H)
            let (o, p, e) = (a.os + t * V, a.ps + t * V, a.es + t * D)
            z.update(from: w.b1, count: H)
            Kernels.addMatVec(w.Wh, rows: H, cols: H, previous, into: z)
            if x != Self.noInput {
                if let E = w.E {
                    for k in 0..<D { e[k] = E[k * V + x] }
                    Kernels.addMatVec(w.We, rows: H, cols: I, e, into: z)
                } else {
                    for i in 0..<H { z[i] += w.We[i * I + x] }
                }
            }
            for i in 0..<H { h[i] = activation.apply(z[i]) }
            o.update(from: w.b2, count: V)
            Kernels.addMatVec(w.U, rows: V, cols: H, h, into: o)
            a.lse[t] = Softmax.logSumExp(o, count: V, probabilities: p)
        }
    }

    /// Backpropagation through time from `a` for `J = Σ_t w(t) J(t)` (see `backward`): the parameters'
    /// gradient and ∂J/∂h(0). `dHidden` (T×H) receives ∂J/∂h(t) when given; `dInputs` (T×I) receives ∂J/∂x(t)
    /// = W_eᵀ δ(t) (∂J/∂e(t) with an embedding); `contributions` (T×H×H, zeros) receives each step's
    /// δ(t) h(t-1)ᵀ, and then ∂J/∂W_h is their sum in step order. With `upstream` (T×H), the loss is the one
    /// whose gradient with respect to h(t) (through the output) that is: the output layer is not read.
    func runBackward(
        _ a: Activations, inputs: [Int], targets: [Int], stepWeights: [Double], _ w: WeightPointers,
        dHidden: UnsafeMutablePointer<Double>? = nil, dInputs: UnsafeMutablePointer<Double>? = nil,
        contributions: UnsafeMutablePointer<Double>? = nil, upstream: UnsafePointer<Double>? = nil
    ) -> (gradients: ParameterSet, initialHidden: [Double]) {
        let (T, H, V, I, D) = (a.steps, hiddenSize, vocabulary.count, w.inputSize, w.embeddingSize)
        let gradients = GradientBuffer(like: parameters)
        let k = w.indices
        let (dWe, dWh, db1, dU, db2) = (
            gradients[k.We], gradients[k.Wh], gradients[k.b1], gradients[k.U], gradients[k.b2]
        )
        let dE = k.E.map { gradients[$0] }
        // The per-step vectors in one allocation.
        let buffer = FlatBuffer(parts: [V, H, H, H, D])
        let (dO, dh, delta, dhNext, de) = (buffer[0], buffer[1], buffer[2], buffer[3], buffer[4])
        for t in stride(from: T - 1, through: 0, by: -1) where !Deadline.passed {
            let (p, h, z, hPrevious) = (a.ps + t * V, a.hs + (t + 1) * H, a.zs + t * H, a.hs + t * H)
            dh.update(from: dhNext, count: H)
            if let upstream {
                for i in 0..<H { dh[i] += upstream[t * H + i] }
            } else {
                let weight = stepWeights[t]
                for v in 0..<V { dO[v] = p[v] * weight }
                dO[targets[t]] -= weight
                Kernels.addOuter(dO, count: V, h, count: H, into: dU, rowStride: H)
                for v in 0..<V { db2[v] += dO[v] }
                Kernels.addMatTVec(w.U, rows: V, cols: H, dO, into: dh)
            }
            dHidden?.advanced(by: t * H).update(from: dh, count: H)
            for i in 0..<H { delta[i] = dh[i] * activation.derivative(output: h[i], input: z[i]) }
            let target = contributions.map { $0 + t * H * H } ?? dWh
            Kernels.addOuter(delta, count: H, hPrevious, count: H, into: target, rowStride: H)
            for i in 0..<H { db1[i] += delta[i] }
            if let dInputs { Kernels.addMatTVec(w.We, rows: H, cols: I, delta, into: dInputs + t * I) }
            // A zero input (x = noInput) involved no input weight.
            let x = inputs[t]
            if x != Self.noInput, let dE {
                Kernels.addOuter(delta, count: H, a.es + t * D, count: D, into: dWe, rowStride: I)
                de.update(repeating: 0, count: D)
                Kernels.addMatTVec(w.We, rows: H, cols: I, delta, into: de)
                for k in 0..<D { dE[k * V + x] += de[k] }
            } else if x != Self.noInput {
                for i in 0..<H { dWe[i * I + x] += delta[i] }
            }
            dhNext.update(repeating: 0, count: H)
            Kernels.addMatTVec(w.Wh, rows: H, cols: H, delta, into: dhNext)
        }
        if let contributions {
            for t in 0..<T {
                for k in 0..<(H * H) { dWh[k] += contributions[t * H * H + k] }
            }
        }
        return (gradients.parameterSet, Array(UnsafeBufferPointer(start: dhNext, count: H)))
    }

    /// The per-step losses J(t) of one window, the gradient of `Σ_t w(t) J(t)` and h(T), with the window's
    /// activations allocated once: what the training loops call.
    func windowLossAndGradient(inputs: [Int], targets: [Int], h0: [Double], stepWeights: [Double])
        -> (stepLosses: [Double], gradients: ParameterSet, last: [Double])
    {
        let T = inputs.count
        precondition(targets.count == T && stepWeights.count == T && h0.count == hiddenSize, "window shapes")
        let (H, V) = (hiddenSize, vocabulary.count)
        return withWeightPointers { w in
            let a = Activations(steps: T, hidden: H, vocabulary: V, embedding: w.embeddingSize)
            runForward(inputs, h0: h0, w, into: a)
            let losses = (0..<T).map { a.lse[$0] - a.os[$0 * V + targets[$0]] }
            let gradients = runBackward(a, inputs: inputs, targets: targets, stepWeights: stepWeights, w).gradients
            return (losses, gradients, Array(UnsafeBufferPointer(start: a.hs + T * H, count: H)))
        }
    }
}
