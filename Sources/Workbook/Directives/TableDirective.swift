import RNN

/// `rnn table`: a table of computed values, one column per expression, evaluated where the table stands.
/// `columns` maps a header (text, `$…$` math allowed) to an expression, or to `{value: …, format: …}`; every
/// column is a vector or a list of tokens of one length. `index: t` adds a first column numbering the rows.
struct TableDirective: Directive {
    static let kind = "table"
    static let float: LabelKind? = .table
    static let keys = ["columns", "title", "format", "index"]
    static let failureLeavesStateIntact = true

    struct Column: Sendable {
        let header: String
        let headerLocation: SourceLocation
        let expression: String
        let location: SourceLocation
        let format: NumberFormat?
    }

    let columns: [Column]
    let title: String?
    /// Where `title` and `index` are written (their keys), for their math's diagnostics.
    let titleLocation, indexLocation: SourceLocation
    /// The format of the columns that give none; nil: whole numbers as integers, others `.4f`.
    let format: NumberFormat?
    let index: String?

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> TableDirective? {
        var columns: [Column] = []
        if let node = a.node("columns", required: true) {
            if case .map(let pairs, _) = node, !pairs.isEmpty {
                columns = pairs.compactMap { column($0.key, $0.keyLocation, $0.value, &a) }
            } else {
                a.error(
                    node.location, "'columns' maps each header to an expression, e.g. 'loss: f.loss.J' on its own line")
            }
        }
        let title = a.string("title")
        let format = a.format()
        let index = a.string("index")
        a.finish()
        guard !a.hasErrors else { return nil }
        return TableDirective(
            columns: columns, title: title, titleLocation: a.location(of: "title"), indexLocation: a.location(of: "index"),
            format: format, index: index)
    }

    /// One column: `header: expression` or `header: {value: expression, format: .3f}`.
    static func column(_ header: String, _ headerLocation: SourceLocation, _ node: ConfigNode, _ a: inout Arguments)
        -> Column?
    {
        var valueNode = node
        var format: NumberFormat?
        if case .map(let pairs, let location) = node {
            guard let value = pairs.first(where: { $0.key == "value" })?.value else {
                a.error(location, "column '\(header)' needs 'value', the expression it shows")
                return nil
            }
            valueNode = value
            for pair in pairs where pair.key != "value" {
                guard pair.key == "format" else {
                    a.error(
                        pair.keyLocation,
                        "unknown key '\(pair.key)' in column '\(header)'; a column takes value and format")
                    continue
                }
                guard case .scalar(let spec, _, _) = pair.value, let f = NumberFormat(spec: spec) else {
                    a.error(pair.value.location, "'format' must be a format such as .4f, .3e, .6g, d or .1%")
                    continue
                }
                format = f
            }
        }
        // A quoted scalar is the expression it holds; a YAML list of numbers is the list expression.
        let text: String
        var at = valueNode.location
        switch valueNode {
        case .scalar(let spelled, let quoted, let location) where !spelled.isEmpty:
            text = spelled
            at = SourceLocation(line: location.line, column: location.column + (quoted ? 1 : 0))
        case .list:
            guard let spelled = CheckDirective.spelled(valueNode) else { fallthrough }
            text = spelled
        default:
            a.error(valueNode.location, "column '\(header)' must be an expression, e.g. 'f.loss.J'")
            return nil
        }
        DirectiveSupport.checkSyntax(text, at: at, &a)
        return Column(header: header, headerLocation: headerLocation, expression: text, location: at, format: format)
    }

    /// A column's cells: numbers formatted, tokens as code.
    enum Cells {
        case numbers([Double])
        case tokens([String])

        var count: Int {
            switch self {
            case .numbers(let x): return x.count
            case .tokens(let t): return t.count
            }
        }
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        var evaluated: [(Column, Cells)] = []
        for column in columns {
            let cells: Cells
            switch try context.evaluate(column.expression, at: column.location) {
            case .tensor(let t) where t.shape.count == 1: cells = .numbers(t.data)
            case .tensor(let t) where t.shape.count == 2 && (t.shape[0] == 1 || t.shape[1] == 1):
                cells = .numbers(t.data)
            case .texts(let tokens): cells = .tokens(tokens)
            case let other:
                throw context.error(
                    column.location,
                    "column '\(column.header)' is \(other.typeName); a column is a vector or a list of tokens"
                        + (other.shape.count == 2 ? " (pick one with e.g. '\(column.expression)[:, 1]')" : ""))
            }
            if let (first, firstCells) = evaluated.first, firstCells.count != cells.count {
                throw context.error(
                    column.location,
                    "column '\(column.header)' has \(cells.count) entries but column '\(first.header)' has \(firstCells.count); the columns of a table have one length"
                )
            }
            evaluated.append((column, cells))
        }
        let rowCount = evaluated.first?.1.count ?? 0
        guard rowCount <= context.limits.maxTableRows else {
            throw context.error(
                context.block!.kindLocation,
                "the table has \(rowCount) rows, more than \(context.limits.maxTableRows), the limit maxTableRows; show fewer or raise the limit (--limit maxTableRows=…)"
            )
        }
        let texts = columns.map { ($0.header, $0.headerLocation) } + [(title, titleLocation), (index, indexLocation)]
        try DirectiveSupport.checkMath(texts.compactMap { text, at in text.map { ($0, at) } }, context)
        var header: [OutputTable.Column] = []
        if let index { header.append(.init(DirectiveSupport.spans(index))) }
        for (column, cells) in evaluated {
            if case .numbers = cells {
                header.append(.init(DirectiveSupport.spans(column.header)))
            } else {
                header.append(.init(DirectiveSupport.spans(column.header), numeric: false))
            }
        }
        // A column of whole numbers (orders, counts) prints them as integers unless a format says otherwise.
        let formats = evaluated.map { column, cells -> NumberFormat in
            if let format = column.format ?? format { return format }
            guard case .numbers(let x) = cells, NumberFormat.allWhole(x) else { return .standard }
            return NumberFormat(style: .integer, precision: 0)
        }
        let rows = (0..<rowCount).map { i -> [[Span]] in
            var row: [[Span]] = index == nil ? [] : [[.text("\(i + 1)")]]
            for ((_, cells), format) in zip(evaluated, formats) {
                switch cells {
                case .numbers(let x): row.append([.text(format.format(x[i]))])
                case .tokens(let t): row.append([.code(t[i] == " " ? "␣" : t[i])])
                }
            }
            return row
        }
        return [.table(OutputTable(caption: title.map(DirectiveSupport.spans) ?? [], columns: header, rows: rows))]
    }
}
