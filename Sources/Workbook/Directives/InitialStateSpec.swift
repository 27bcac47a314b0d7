import RNN

/// The `h0` and `c0` keys of `forward`, `loss` and `backward`: the state a model's network starts from. For
/// the notes' model `h0` is one vector of H numbers; for a network it is one vector per layer and direction, in
/// PyTorch's order (layer 1 forward, layer 1 backward, layer 2 forward, …), as a list of lists (a single
/// vector for a one-layer, one-direction network), and an LSTM takes `c0` the same way.
struct InitialStateSpec: Sendable {
    static let keys = ["h0", "c0"]

    let hidden: (spec: MatrixSpec, location: SourceLocation)?
    let cell: (spec: MatrixSpec, location: SourceLocation)?

    /// Each as rows in the lesson (a list of numbers is one row), an expression or an array of a file (see
    /// `MatrixSpec`: a notebook's a0, n_a × m, is read with `example` and `axes: [n, m]`).
    static func read(_ a: inout Arguments) -> InitialStateSpec {
        InitialStateSpec(
            hidden: MatrixSpec.read("h0", &a, rows: .layers), cell: MatrixSpec.read("c0", &a, rows: .layers))
    }

    /// The state for `lesson`'s model, or nil when neither key is given; an error when it does not fit.
    func resolve(for lesson: LessonModel, _ context: ExecutionContext) throws(Diagnostic) -> InitialState? {
        guard hidden != nil || cell != nil else { return nil }
        let model = lesson.model
        let at = hidden?.location ?? cell!.location
        guard model.takesInitialState else {
            throw context.error(
                at,
                "'\(lesson.name)' is \(lesson.summary), whose network starts from its \(model.shape == .oneToMany ? "condition" : "encoder"); 'h0' and 'c0' are for the other shapes"
            )
        }
        let isLSTM = model.cell == .lstm
        if let cell, !isLSTM {
            throw context.error(
                cell.location, "'c0' is an LSTM's initial cell state; '\(lesson.name)' is \(lesson.summary)")
        }
        let count = model.layers * model.directions
        let H = model.hiddenSize
        let zeros = Array(repeating: Array(repeating: 0.0, count: H), count: count)
        var states: [String: [[Double]]] = [:]
        for (key, given) in [("h0", hidden), ("c0", cell)] {
            guard let (spec, location) = given else { continue }
            // Rows of any width here: the message below says what the state must be.
            let rows = try spec.resolve(key: key, width: H, rows: .layers, at: location, context, widthError: nil)
            states[key] = rows
            guard rows.count == count, rows.allSatisfy({ $0.count == H }) else {
                if count == 1 {
                    let got = rows.count == 1 ? "\(rows[0].count)" : "\(rows.count) lists"
                    throw context.error(
                        location, "'\(key)' must have \(H) numbers (the hidden size of '\(lesson.name)'), got \(got)")
                }
                let got = rows.map { "\($0.count)" }.joined(separator: ", ")
                throw context.error(
                    location,
                    "'\(key)' must have \(count) lists of \(H) numbers for '\(lesson.name)' (one per layer and direction: \(model.layers) layer\(model.layers == 1 ? "" : "s") × \(model.directions) direction\(model.directions == 1 ? "" : "s")), got \(rows.count) list\(rows.count == 1 ? "" : "s") of \(got)"
                )
            }
        }
        return InitialState(hidden: states["h0"] ?? zeros, cell: isLSTM ? states["c0"] ?? zeros : [])
    }
}
