import RNN

/// What a directive's work will allocate, estimated from the shapes before it runs, so that the memory budget
/// (`maxMemoryMB`) is checked before anything is allocated rather than after the machine runs out.
///
/// A pass over T steps keeps, for every step, what the engine's layout holds (`RecurrentNetwork.Activations`:
/// the input, each layer's outputs and dropout masks, each cell's states h and c, its G·H gate activations and
/// candidates), the output layer's logits and probabilities, and a copy of all of it in the per-step arrays a
/// directive reads (×2); backpropagation adds as much again for the gradients at every step (×3). The notes'
/// model runs through the same network since the engine has one path, so it keeps the same layout (6H + 2K
/// numbers a step for one-hot inputs, + E with embeddings): counting its old 2H + 2K, the budget let through
/// passes three times larger than it said (a backward pass at H = 1500 over 20,000 tokens estimated at 1.44 GB
/// peaked at 2.4 GB).
struct MemoryEstimate {
    let bytes: Double
    /// What the estimate counts, for the message (`a pass of 100,000 steps with H = 2000`).
    let what: String

    /// Numbers one step of a pass keeps, for one example.
    static func stepNumbers(_ model: any RecurrentModel) -> Int {
        let (H, K) = (model.hiddenSize, model.targets.count)
        let embedding = model.parameters["E"]?.rows ?? 0
        let (L, D, G) = (model.layers, model.directions, model.cell.gates)
        let input = model.inputSize ?? embedding
        return input + 2 * L * D * H + L * D * (3 + G) * H + 2 * K
    }

    /// One example's pass over `steps`, kept with its per-step copies (and its gradients when `backward`).
    static func pass(_ model: any RecurrentModel, steps: Int, backward: Bool) -> MemoryEstimate {
        let copies: Double = backward ? 3 : 2
        return MemoryEstimate(
            bytes: 8 * copies * Double(steps) * Double(stepNumbers(model)),
            what: "a pass\(backward ? " and its gradients" : "") over \(steps) steps with H = \(model.hiddenSize)")
    }

    /// A training update over `rows` examples of up to `steps` steps at once, with the parameters, their
    /// gradients and the optimizer's two moments.
    static func training(_ model: any RecurrentModel, rows: Int, steps: Int) -> MemoryEstimate {
        let pass = 8 * 3 * Double(rows) * Double(steps) * Double(stepNumbers(model))
        return MemoryEstimate(
            bytes: pass + 8 * 4 * Double(model.parameters.scalarCount),
            what: "training on \(rows) example\(rows == 1 ? "" : "s") of up to \(steps) steps at once")
    }

    /// The loss over examples after training: forward passes holding `steps` steps of examples at once (with
    /// their per-step copies, as `pass` counts them), while the parameters, gradients and the optimizer's
    /// moments are still held.
    static func evaluation(_ model: any RecurrentModel, steps: Int) -> MemoryEstimate {
        MemoryEstimate(
            bytes: 8 * 2 * Double(steps) * Double(stepNumbers(model)) + 8 * 4 * Double(model.parameters.scalarCount),
            what: "the loss after training, over \(steps) steps of examples at once")
    }

    /// What a directive's tables of numbers hold once shown: each cell formatted as spans (about 80 bytes), then
    /// written into the HTML and the Markdown handout. Measured with /usr/bin/time on the release build: a model
    /// showing its 4.26M parameters peaked at 793 MB (186 bytes a cell), a forward pass over 15,000 steps with
    /// H = 1024 showing h and ŷ (16.4M cells) at 3.4 GB while its pass was estimated at 1.45 GiB.
    static func tables(cells: Int) -> MemoryEstimate {
        MemoryEstimate(bytes: 192 * Double(cells), what: "tables of \(cells) numbers")
    }

    /// A training run's examples as token indices (a source and a target array each, and the lists of them the
    /// run hands on), held while it runs: measured as the growth of the peak resident size from a build of a
    /// corpus alone to the same with a one-step `train`, 170 B an example of 3 tokens (1,000,000 sentences) and
    /// 342 B one of 21 (200,000); counted as 16 B a token and 192 an example.
    static func examples(count: Int, tokens: Int) -> MemoryEstimate {
        MemoryEstimate(
            bytes: 16 * Double(tokens) + 192 * Double(count),
            what: "\(count) example\(count == 1 ? "" : "s") of \(tokens) tokens in all as indices")
    }

    /// Both at once: `a` and then `b` held together (`b` left out of the message when it holds nothing).
    static func + (a: MemoryEstimate, b: MemoryEstimate) -> MemoryEstimate {
        guard b.bytes > 0 else { return a }
        return MemoryEstimate(bytes: a.bytes + b.bytes, what: "\(a.what) and \(b.what)")
    }

    /// `self` and `b` held together, `b` named in the message only when it is a tenth of the whole or more.
    func adding(_ b: MemoryEstimate) -> MemoryEstimate {
        b.bytes * 10 >= bytes + b.bytes ? self + b : MemoryEstimate(bytes: bytes + b.bytes, what: what)
    }

    /// An `m × p` result (a matrix product in an expression).
    static func matrix(rows: Int, columns: Int) -> MemoryEstimate {
        MemoryEstimate(bytes: 8 * Double(rows) * Double(columns), what: "a \(rows)×\(columns) matrix")
    }
}
