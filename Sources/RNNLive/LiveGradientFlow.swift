// The live gradient-flow figure's entry points: ‖∂J(T)/∂h(t)‖ of the top layer at every step, and σ_max of its
// recurrent matrix, for a model whose W_hh is scaled by the reader's slider. Backpropagation through time as
// `RecurrentNetwork.runBackward` runs it for the directive (`GradientFlowDirective.flow`): the loss's gradient
// through the output layer (`Softmax.crossEntropyGradient`, then one product with U), then step by step from T
// down to 1 the cell's own derivative (`Cell.differentiate`) and the product with W_hh, in the same order of
// summation; the norms are `Norms`'. Only the top layer's backward pass is run: nothing below it reaches its
// ∂J/∂h(t).

/// What the top layer's step t read and wrote, as `Cell.differentiate` reads them: h and c before the step, the
/// gate activations (G·H), the candidate and c after it.
struct LiveRecord {
    let hidden, gateCount: Int
    let h, c, gates, candidate, cNext: UnsafeMutablePointer<Double>

    init(_ p: UnsafeMutablePointer<Double>, hidden H: Int, gates GH: Int) {
        (hidden, gateCount) = (H, GH)
        (h, c, gates, candidate, cNext) = (p, p + H, p + 2 * H, p + 2 * H + GH, p + 3 * H + GH)
    }

    static func size(hidden H: Int, gates GH: Int) -> Int { 4 * H + GH }

    func keep(
        _ hPrevious: UnsafePointer<Double>, _ cPrevious: UnsafePointer<Double>, _ g: UnsafePointer<Double>,
        _ n: UnsafePointer<Double>, _ cn: UnsafePointer<Double>
    ) {
        h.update(from: hPrevious, count: hidden)
        c.update(from: cPrevious, count: hidden)
        gates.update(from: g, count: gateCount)
        candidate.update(from: n, count: hidden)
        cNext.update(from: cn, count: hidden)
    }
}

/// The parts of the gradient flow's work space after the forward pass's (`LiveModel.workSize`): a record per
/// step, ŷ and ∂J/∂o of the logits per step (K each), ∂J/∂h(t) through the output per step, ∂J/∂h and ∂J/∂c of
/// the step at hand and the one before, ∂J/∂ the gates' input and hidden parts, the weights' gradients the
/// original GRU's derivative adds to (W_hh and b_hh), the cell's scratch and the singular value's work space.
struct LiveFlowWork {
    let records, p, dz, dOutputs, dh, dc, dhPrevious, dcPrevious, dGi, dGh, dW, dB, scratch,
        spectral: UnsafeMutablePointer<Double>

    init(_ w: UnsafeMutablePointer<Double>, hidden H: Int, gates GH: Int, outputs K: Int, count T: Int) {
        records = w
        p = records + T * LiveRecord.size(hidden: H, gates: GH)
        dz = p + T * K
        dOutputs = dz + T * K
        dh = dOutputs + T * H
        (dc, dhPrevious, dcPrevious) = (dh + H, dh + 2 * H, dh + 3 * H)
        dGi = dh + 4 * H
        dGh = dGi + GH
        dW = dGh + GH
        dB = dW + GH * H
        scratch = dB + GH
        spectral = scratch + 3 * H
    }

    static func size(hidden H: Int, gates GH: Int, outputs K: Int, count T: Int) -> Int {
        T * (LiveRecord.size(hidden: H, gates: GH) + 2 * K + H) + 7 * H + 3 * GH + GH * H
            + Norms.singularValueWorkspace(rows: GH, columns: H)
    }
}

@_cdecl("live_flow_work_size")
public func liveFlowWorkSize(
    _ kind: Int, _ layers: Int, _ hidden: Int, _ embedding: Int, _ outputs: Int, _ count: Int
) -> Int {
    LiveModel.workSize(kind, layers, hidden, embedding, outputs)
        + LiveFlowWork.size(hidden: hidden, gates: liveCellKind(kind).gates * hidden, outputs: outputs, count: count)
}

/// The gradient flow of the last step's loss J(T) over `count` tokens (every target a token of the vocabulary)
/// from h(0) = `h0` (c(0) = `c0`), with the top layer's W_hh in `params` scaled by `scale` first: into `out`,
/// ‖∂J(T)/∂h(t)‖ for t = 1 … T, then σ_max of the scaled W_hh.
@_cdecl("live_gradient_flow")
public func liveGradientFlow(
    _ kind: Int, _ layers: Int, _ hidden: Int, _ inputs: Int, _ embedding: Int, _ outputs: Int,
    _ hasHiddenBias: Bool, _ params: UnsafeMutablePointer<Double>, _ tokens: UnsafePointer<Int>,
    _ targets: UnsafePointer<Int>, _ count: Int, _ h0: UnsafePointer<Double>, _ c0: UnsafePointer<Double>,
    _ scale: Double, _ work: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>
) {
    let model = LiveModel(kind, layers, hidden, inputs, embedding, outputs, hasHiddenBias, UnsafePointer(params))
    let (H, GH, K, T) = (hidden, model.kind.gates * hidden, outputs, count)
    guard T > 0 else { return }
    let top = model.cell(layers - 1)
    let wHH = UnsafeMutablePointer(mutating: top.wHH)
    if scale != 1 { for k in 0..<(GH * H) { wHH[k] = wHH[k] * scale } }
    let w = LiveWork(model, work)
    let f = LiveFlowWork(
        work + LiveModel.workSize(kind, layers, hidden, embedding, outputs), hidden: H, gates: GH, outputs: K, count: T)
    let stride = LiveRecord.size(hidden: H, gates: GH)
    w.start(h0, c0)
    for t in 0..<T {
        w.step(tokens[t], record: f.records + t * stride)
        _ = Softmax.logSumExp(w.logits, count: K, probabilities: f.p + t * K)
    }
    // ∂J(T)/∂o(t) = w(t) (ŷ(t) − onehot(y(t))) of the logits o(t), w(T) = 1 and 0 before, then through U
    // (`headBackward`).
    for t in 0..<T {
        let target = (0..<K).contains(targets[t]) ? targets[t] : 0
        Softmax.crossEntropyGradient(
            probabilities: f.p + t * K, count: K, target: target, weight: t == T - 1 ? 1 : 0, into: f.dz + t * K)
    }
    Products.multiply(
        m: T, n: H, k: K, a: f.dz, rowStride: K, termStride: 1, b: model.U, ldb: H, accumulate: false,
        c: f.dOutputs, ldc: H, workspace: nil)
    backThroughTime(top, f, T: T, hidden: H, gates: GH, out: out)
    out[T] = Norms.largestSingularValue(rows: GH, columns: H, top.wHH, ld: H, workspace: f.spectral)
}

/// The top layer's steps undone from T down to 1 (`RecurrentNetwork.backThroughTime` for one row): ∂J/∂h(t) is
/// what the output passed plus what the step after passed back; its norm goes to `out[t]`.
func backThroughTime(
    _ cell: Cell, _ f: LiveFlowWork, T: Int, hidden H: Int, gates GH: Int, out: UnsafeMutablePointer<Double>
) {
    var (dh, dc, dhPrevious, dcPrevious) = (f.dh, f.dc, f.dhPrevious, f.dcPrevious)
    dh.update(repeating: 0, count: H)
    dc.update(repeating: 0, count: H)
    let grads = Cell.Gradients(wIH: f.dW, wHH: f.dW, bIH: f.dB, bHH: f.dB)
    let stride = LiveRecord.size(hidden: H, gates: GH)
    var t = T - 1
    while t >= 0 {
        let from = f.dOutputs + t * H
        for i in 0..<H { dh[i] += from[i] }
        out[t] = Norms.euclidean(dh, count: H)
        let r = LiveRecord(f.records + t * stride, hidden: H, gates: GH)
        cell.differentiate(
            h: r.h, c: r.c, gates: r.gates, candidate: r.candidate, cNext: r.cNext, dh: dh, dc: dc, dGi: f.dGi,
            dGh: f.dGh, dhPrevious: dhPrevious, dcPrevious: dcPrevious, into: grads, scratch: f.scratch)
        Products.multiply(
            m: 1, n: H, k: GH, a: f.dGh, rowStride: GH, termStride: 1, b: cell.wHH, ldb: H, accumulate: true,
            c: dhPrevious, ldc: H, workspace: nil)
        swap(&dh, &dhPrevious)
        swap(&dc, &dcPrevious)
        t -= 1
    }
}
