import Foundation
import RNN

/// `rnn gradcheck`: BPTT gradients against central finite differences, entry by entry. The build fails when an
/// entry's relative error exceeds `tolerance` and its absolute error exceeds `atol` (see `GradientCheck`).
struct GradCheckDirective: Directive {
    static let kind = "gradcheck"
    static let failureLeavesStateIntact = true
    static let keys =
        ["model", "reduction", "parameters", "entries", "seed", "step", "tolerance", "atol", "show", "id"]
        + SequenceSpec.keys

    let model: String
    let sequence: SequenceSpec
    let reduction: LossReduction
    let parameters: [(String, SourceLocation)]?
    let entriesPerParameter: Int?
    let seed: UInt32
    let check: GradientCheck
    /// `show`: the per-parameter summary alone, with the worst entries (the default), or with every entry.
    let show: Show

    enum Show: String, CaseIterable, Sendable {
        case summary
        case worst
        case entries
    }

    /// The parameters that are vectors (biases), set when the check runs.
    var vectors: Set<String> = []

    /// How many entries `show: worst` lists.
    static let worstShown = 5
    let id: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> GradCheckDirective? {
        let model = context.modelReference(&a)
        let sequence = SequenceSpec.read(&a, needsTargets: true)
        let reduction =
            a.choice("reduction", of: LossReduction.self)
            ?? .mean
        var parameters = a.strings("parameters", singleAllowed: true)
        if parameters?.count == 1, parameters?[0].0 == "all" { parameters = nil }
        var entries: Int?
        if let (text, location, _) = a.scalar("entries"), text != "all" {
            if let n = Int(text), n >= 1 {
                entries = n
            } else {
                a.error(
                    location,
                    "'entries' must be 'all' or a whole number of entries to sample per parameter, got '\(text)'")
            }
        }
        let seed = a.int("seed", in: 0...Int(UInt32.max)) ?? 1
        let step = a.double("step", in: 1e-12...1) ?? 1e-5
        let tolerance = a.double("tolerance", in: 0...1) ?? 1e-6
        let atol = a.double("atol", in: 0...1) ?? 1e-9
        let show = a.choice("show", of: Show.self) ?? .worst
        let id = model.flatMap { context.resultName(&a, default: "\($0).gradcheck") }
        a.finish()
        guard !a.hasErrors, let model, let sequence, let id else { return nil }
        return GradCheckDirective(
            model: model, sequence: sequence, reduction: reduction, parameters: parameters,
            entriesPerParameter: entries,
            seed: UInt32(seed), check: GradientCheck(step: step, tolerance: tolerance, absoluteTolerance: atol),
            show: show, id: id)
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        var check = self
        check.vectors = Set(lesson.parameters.items.filter { $0.value.cols == 1 }.map(\.name))
        return try check.run(lesson, &context)
    }

    func run(_ lesson: LessonModel, _ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let chosen = try chosenParameters(lesson.parameters.names, context)
        let entries = try sampledEntries(chosen, lesson.parameters, context)
        let results = try compare(entries, lesson, context)
        let failed = results.filter { !$0.passed }
        context.namespace.define(
            id,
            .record(
                Record([
                    ("max_relative_error", .number(results.map(\.relativeError).max() ?? 0)),
                    ("checked", .number(Double(results.count))), ("failed", .number(Double(failed.count))),
                ])))
        if !failed.isEmpty { context.report(failure(failed, of: results.count, context)) }
        return blocks(results, chosen: chosen)
    }

    /// The parameters the check covers: those named, or all.
    func chosenParameters(_ names: [String], _ context: ExecutionContext) throws(Diagnostic) -> [String] {
        guard let parameters else { return names }
        var chosen: [String] = []
        for (name, location) in parameters {
            guard names.contains(name) else {
                throw context.error(
                    location,
                    "'\(model)' has no parameter '\(name)'" + didYouMean(name, among: names) + "; it has "
                        + names.joined(separator: ", "))
            }
            chosen.append(name)
        }
        return chosen
    }

    /// Every entry of the chosen parameters, or `entries` of each drawn without replacement from the seed.
    func sampledEntries(_ chosen: [String], _ parameters: ParameterSet, _ context: ExecutionContext)
        throws(Diagnostic) -> [(String, Int, Int)]
    {
        var generator = MT19937(seed: seed)
        var entries: [(String, Int, Int)] = []
        for name in chosen {
            let m = parameters[name]!
            var all = (0..<m.count).map { (name, $0 / m.cols, $0 % m.cols) }
            if let n = entriesPerParameter, n < all.count {
                for i in 0..<n { all.swapAt(i, i + Int(generator.nextDouble() * Double(all.count - i))) }
                all = Array(all.prefix(n)).sorted { ($0.1, $0.2) < ($1.1, $1.2) }
            }
            entries += all
        }
        guard entries.count <= context.limits.maxGradientCheckEntries else {
            throw context.error(
                context.block!.kindLocation,
                "this check would take \(entries.count) entries; the limit maxGradientCheckEntries is \(context.limits.maxGradientCheckEntries) (sample with 'entries: N')"
            )
        }
        return entries
    }

    /// BPTT's gradient against central differences, entry by entry, 64 at a time between deadline checks.
    func compare(_ entries: [(String, Int, Int)], _ lesson: LessonModel, _ context: ExecutionContext)
        throws(Diagnostic) -> [GradientCheck.Entry]
    {
        let steps = try sequence.resolve(for: lesson, context, backward: true)
        let weights = reduction.stepWeights(count: steps.targets.count)
        let (check, reduction, engine) = (self.check, self.reduction, lesson.model)
        let pass = engine.pass(steps.input, target: steps.targets, initial: nil)
        let grads = engine.backward(pass, target: steps.targets, stepWeights: weights, recordContributions: false)
        var results: [GradientCheck.Entry] = []
        for start in stride(from: 0, to: entries.count, by: 64) {
            guard !Deadline.passed else { throw context.timeLimitError() }
            results += check.run(
                model: engine, analytic: grads.parameters,
                entries: Array(entries[start..<min(start + 64, entries.count)])
            ) { $0.loss(steps.input, target: steps.targets, reduction: reduction, initial: nil) }
        }
        return results
    }

    /// The failed check's diagnostic, with the five worst entries.
    func failure(_ failed: [GradientCheck.Entry], of count: Int, _ context: ExecutionContext) -> Diagnostic {
        let (e, value) = (NumberFormat.error, NumberFormat(style: .exponent, precision: 6))
        let worst = failed.sorted { $0.relativeError > $1.relativeError }.prefix(5)
        return context.error(
            context.block!.kindLocation,
            "gradient check failed: \(failed.count) of \(count) entries differ from finite differences by more than tolerance \(e.format(check.tolerance)) (and atol \(e.format(check.absoluteTolerance)))",
            details: worst.map { r in
                "  \(r.parameter)\(entryIndex(r)): analytic \(value.format(r.analytic)), numeric \(value.format(r.numeric)), relative error \(e.format(r.relativeError))"
            })
    }

    /// "✓ within 1.00e-06"; "✓ within 1.00e-06, 2 by atol 1.00e-09" when some entries' relative error is above
    /// the tolerance and they pass by their absolute error; "✗ 3 failed".
    func verdict(_ entries: [GradientCheck.Entry]) -> String {
        let e = NumberFormat.error
        let failed = entries.filter { !$0.passed }.count
        guard failed == 0 else { return "✗ \(failed) failed" }
        let byAtol = entries.filter { $0.relativeError > check.tolerance }.count
        return "✓ within \(e.format(check.tolerance))"
            + (byAtol == 0 ? "" : ", \(byAtol) by atol \(e.format(check.absoluteTolerance))")
    }

    /// A row per parameter (entries, worst errors, result), then the worst entries or every one, as `show` asks.
    func blocks(_ results: [GradientCheck.Entry], chosen: [String]) -> [OutputBlock] {
        let e = NumberFormat.error
        var blocks: [OutputBlock] = [
            .table(
                OutputTable(
                    caption: [
                        .strong("Gradient check"), .text(" of "), .code(model),
                        .text(": BPTT against central differences "),
                        .math("\\frac{J(\\theta + \\varepsilon) - J(\\theta - \\varepsilon)}{2\\varepsilon}"),
                        .text(", "), .math("\\varepsilon = " + texNumber(check.step)),
                    ],
                    columns: [
                        .init([.text("parameter")], numeric: false), .init([.text("entries")]),
                        .init([.text("max relative error")]), .init([.text("max |a − n|")]),
                        .init([.text("result")], numeric: false),
                    ],
                    rows: chosen.map { name in
                        let mine = results.filter { $0.parameter == name }
                        return [
                            [Tables.label(name)], [.text("\(mine.count)")],
                            [.text(e.format(mine.map(\.relativeError).max() ?? 0))],
                            [.text(e.format(mine.map { abs($0.analytic - $0.numeric) }.max() ?? 0))],
                            [.text(verdict(mine))],
                        ]
                    }))
        ]
        switch show {
        case .summary: break
        case .entries:
            blocks.append(entryTable(results, caption: "Every checked entry (indices from 1)"))
        case .worst where results.count <= Self.worstShown:
            blocks.append(entryTable(results, caption: "Every checked entry (indices from 1)"))
        case .worst:
            // Failed entries first, then by relative error; among equals, in the order checked.
            let ranked = results.enumerated().sorted {
                ($0.element.passed ? 0 : 1, $0.element.relativeError, -$0.offset)
                    > ($1.element.passed ? 0 : 1, $1.element.relativeError, -$1.offset)
            }.map(\.element)
            blocks.append(
                entryTable(
                    Array(ranked.prefix(Self.worstShown)),
                    caption:
                        "The \(Self.worstShown) entries with the largest relative error, of \(results.count) (indices from 1; 'show: entries' lists every one)"
                ))
        }
        return blocks
    }

    /// An entry's place as an expression writes it, from 1: `[2, 3]`, or `[2]` in a bias (a vector).
    func entryIndex(_ r: GradientCheck.Entry) -> String {
        vectors.contains(r.parameter) ? "[\(r.row + 1)]" : "[\(r.row + 1), \(r.col + 1)]"
    }

    /// A table of entries: the gradient by BPTT and by differences, the relative error and the verdict.
    func entryTable(_ entries: [GradientCheck.Entry], caption: String) -> OutputBlock {
        let (e, value) = (NumberFormat.error, NumberFormat(style: .exponent, precision: 6))
        return .table(
            OutputTable(
                caption: [.text(caption)],
                columns: [
                    .init([.text("entry")], numeric: false), .init([.text("analytic")]),
                    .init([.text("numeric")]), .init([.text("relative error")]),
                    .init([.text("result")], numeric: false),
                ],
                rows: entries.map { r in
                    [
                        [Tables.label(r.parameter, entry: entryIndex(r))],
                        [.text(value.format(r.analytic))],
                        [.text(value.format(r.numeric))], [.text(e.format(r.relativeError))],
                        [.text(!r.passed ? "✗" : r.relativeError > check.tolerance ? "✓ by atol" : "✓")],
                    ]
                }))
    }

    private func texNumber(_ x: Double) -> String {
        let s = NumberFormat(style: .general, precision: 3).format(x)
        guard let ePos = s.firstIndex(of: "e") else { return s }
        let mantissa = s[..<ePos]
        let exponent = Int(s[s.index(after: ePos)...]) ?? 0
        return (mantissa == "1" ? "" : "\(mantissa) \\times ") + "10^{\(exponent)}"
    }
}
