import RNN

/// The `h0` and `c0` keys of `forward`, `loss` and `backward`: the state a model's network starts from. For
/// the notes' model `h0` is one vector of H numbers; for a network it is one vector per layer and direction, in
/// PyTorch's order (layer 1 forward, layer 1 backward, layer 2 forward, …), as a list of lists (a single
/// vector for a one-layer, one-direction network), and an LSTM takes `c0` the same way.
struct InitialStateSpec: Sendable {
    static let keys = ["h0", "c0"]

    let hidden: (rows: [[Double]], location: SourceLocation)?
    let cell: (rows: [[Double]], location: SourceLocation)?

    static func read(_ a: inout Arguments) -> InitialStateSpec {
        InitialStateSpec(hidden: rows("h0", &a), cell: rows("c0", &a))
    }

    /// A list of numbers (one row) or a list of such lists.
    private static func rows(_ key: String, _ a: inout Arguments) -> ([[Double]], SourceLocation)? {
        guard let node = a.node(key) else { return nil }
        guard case .list(let items, let location) = node else {
            a.error(node.location, "'\(key)' must be a list of numbers, not \(node.typeName)")
            return nil
        }
        if items.allSatisfy({ if case .list = $0 { return true } else { return false } }), !items.isEmpty {
            var rows: [[Double]] = []
            for item in items {
                guard let row = a.numberList(item, key: key) else { return nil }
                rows.append(row)
            }
            return (rows, location)
        }
        return a.numberList(node, key: key).map { ([$0], location) }
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
        for (key, given) in [("h0", hidden), ("c0", cell)] {
            guard let (rows, location) = given else { continue }
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
        return InitialState(hidden: hidden?.rows ?? zeros, cell: isLSTM ? cell?.rows ?? zeros : [])
    }
}
