/// `rnn plot`: draws any computed series: losses, gradient norms, a distribution over the vocabulary, hidden
/// states over time. Text in the Markdown handout, SVG in the HTML handout.
struct PlotDirective: Directive {
    static let kind = "plot"
    static let float: LabelKind? = .figure
    static let keys = ["kind", "series", "value", "log", "title", "xlabel", "ylabel", "xticks"]

    let kind: String
    let series: [(String, String, SourceLocation)]
    let value: (String, SourceLocation)?
    let log: Bool
    let title: String
    let xLabel: String
    let yLabel: String
    /// `xticks`: an expression giving the tokens that label steps 1, 2, 3, … of a line plot.
    var xTicks: (String, SourceLocation)?

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> PlotDirective? {
        let kind = a.choice("kind", among: ["line", "bar", "heatmap"]) ?? "line"
        var series: [(String, String, SourceLocation)] = []
        if let node = a.node("series") {
            if case .map(let pairs, _) = node {
                for pair in pairs {
                    guard case .scalar(let text, let quoted, let location) = pair.value else {
                        a.error(pair.value.location, "each series is an expression, e.g. 'loss: hello.train.losses'")
                        continue
                    }
                    let at = SourceLocation(line: location.line, column: location.column + (quoted ? 1 : 0))
                    DirectiveSupport.checkSyntax(text, at: at, &a)
                    series.append((pair.key, text, at))
                }
            } else {
                a.error(node.location, "'series' maps a legend label to an expression, e.g. 'loss: hello.train.losses'")
            }
        }
        var value: (String, SourceLocation)?
        if let (text, location, quoted) = a.scalar("value") {
            value = (text, SourceLocation(line: location.line, column: location.column + (quoted ? 1 : 0)))
            DirectiveSupport.checkSyntax(text, at: value!.1, &a)
        }
        if kind == "line", series.isEmpty, value == nil {
            a.error(a.block.kindLocation, "a line plot needs 'series' (label: expression) or 'value'")
        }
        if kind != "line", value == nil { a.error(a.block.kindLocation, "a \(kind) plot needs 'value'") }
        let log = a.bool("log") ?? false
        let title = a.string("title") ?? ""
        let xLabel = a.string("xlabel") ?? ""
        let yLabel = a.string("ylabel") ?? ""
        let xTicks = a.node("xticks").flatMap { node -> (String, SourceLocation)? in
            guard kind == "line" else {
                a.error(node.location, "'xticks' labels the steps of a line plot")
                return nil
            }
            guard let text = CheckDirective.spelled(node) else {
                a.error(node.location, "'xticks' is a list of tokens, e.g. 'hello.forward.tokens' or [h, e, l, l]")
                return nil
            }
            DirectiveSupport.checkSyntax(text, at: node.location, &a)
            return (text, node.location)
        }
        a.finish()
        guard !a.hasErrors else { return nil }
        return PlotDirective(
            kind: kind, series: series, value: value, log: log, title: title, xLabel: xLabel, yLabel: yLabel,
            xTicks: xTicks)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        func tensor(_ text: String, _ location: SourceLocation) throws(Diagnostic) -> Tensor {
            switch try context.evaluate(text, at: location) {
            case .tensor(let t): return t
            case .number(let x): return Tensor(vector: [x])
            case let other: throw context.error(location, "'\(text)' is \(other.typeName); a plot needs numbers")
            }
        }
        let plotKind: Plot.Kind
        switch kind {
        case "bar":
            let t = try drawable(tensor(value!.0, value!.1), at: value!.1, context)
            guard t.shape.count == 1 else {
                throw context.error(
                    value!.1,
                    "a bar plot needs a vector, got a \(t.shape.map(String.init).joined(separator: "×")) array")
            }
            plotKind = .bars(
                labels: t.labels[0] ?? (1...max(t.data.count, 1)).prefix(t.data.count).map { "\($0)" }, values: t.data)
        case "heatmap":
            let t = try drawable(tensor(value!.0, value!.1), at: value!.1, context)
            guard t.shape.count == 2 else { throw context.error(value!.1, "a heatmap needs a matrix") }
            let rows = t.rows
            plotKind = .heatmap(
                rowLabels: t.labels[0] ?? (0..<t.shape[0]).map { "\($0 + 1)" },
                columnLabels: t.labels[1] ?? (0..<t.shape[1]).map { "\($0 + 1)" }, values: rows)
        default:
            var lines: [Plot.Series] = []
            for (label, text, location) in series + (value.map { [("", $0.0, $0.1)] } ?? []) {
                let t = try tensor(text, location)
                guard t.shape.count == 1 else {
                    throw context.error(
                        location,
                        "a line needs a vector, got a \(t.shape.map(String.init).joined(separator: "×")) array")
                }
                lines.append(Plot.Series(name: label, y: t.data))
            }
            plotKind = .lines(lines, logY: log)
        }
        var plot = Plot(title: title, xLabel: xLabel, yLabel: yLabel, kind: plotKind)
        if let (text, location) = xTicks {
            guard case .texts(let labels) = try context.evaluate(text, at: location) else {
                throw context.error(location, "'xticks' must give a list of tokens, e.g. 'hello.forward.tokens'")
            }
            let steps = plot.lineSteps
            guard labels.count == steps else {
                throw context.error(
                    location,
                    "'xticks' has \(labels.count) tokens but the longest line has \(steps) steps; give one per step")
            }
            plot.xTickLabels = labels
        }
        return [.plot(plot)]
    }

    /// `t`, once its bars or cells are within maxPlotCells: each is an SVG element of about 100 bytes drawn after
    /// the directive's time limit, so a heatmap of a 2000×2000 matrix wrote 401 MB of HTML in 45 s, peaking at
    /// 968 MB, and one of a long forward pass's states (100,000 × 500) would have needed tens of GB.
    func drawable(_ t: Tensor, at location: SourceLocation, _ context: ExecutionContext) throws(Diagnostic) -> Tensor {
        let limit = context.limits.maxPlotCells
        guard t.data.count > limit else { return t }
        let what = kind == "bar" ? "bars" : "cells"
        let shape =
            t.shape.count == 1 ? "vector of \(t.data.count)" : t.shape.map(String.init).joined(separator: "×") + " matrix"
        throw context.error(
            location,
            "the \(kind) plot would draw \(t.data.count) \(what) (a \(shape)), more than \(limit), the limit maxPlotCells; plot a smaller part or raise the limit (--limit maxPlotCells=…)"
        )
    }
}
