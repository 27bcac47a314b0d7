import Foundation
import RNN

/// `rnn save`: writes a model's weights beside the handout, `Output/<lesson>.<file>`, as a numpy `.npz`
/// (`np.load` reads it; biases are vectors, as in a PyTorch `state_dict`) or a JSON object of arrays, and links
/// to it. A lesson's `model` directive reads either format back with `weights_file`.
struct SaveDirective: Directive {
    static let kind = "save"
    static let keys = ["model", "file"]

    let model: String
    let file: String

    static func plan(_ a: inout Arguments, _ context: inout PlanContext) -> SaveDirective? {
        let model = context.modelReference(&a)
        let file = a.scalar("file", required: true)
        if let (name, location, _) = file {
            if !(name.hasSuffix(".npz") || name.hasSuffix(".json")) {
                a.error(location, "'file' must end in .npz or .json, got '\(name)'")
            } else if !isPlainName(name) {
                a.error(
                    location,
                    "'file' is a plain file name (letters, digits, '-', '_', '.'); it is written beside the handout")
            } else if let first = context.savedFiles[name] {
                a.error(location, "'\(name)' is already saved by the directive at line \(first.line)")
            } else {
                context.savedFiles[name] = location
            }
        }
        a.finish()
        guard !a.hasErrors, let model, let file else { return nil }
        return SaveDirective(model: model, file: file.0)
    }

    /// A name `save` writes under, beside the handout: letters, digits, '-', '_' and '.', not hidden, ending in
    /// .npz or .json (the build cache checks the names it reads back with it too).
    static func isPlainName(_ name: String) -> Bool {
        name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } && !name.hasPrefix(".")
            && (name.hasSuffix(".npz") || name.hasSuffix(".json"))
    }

    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock] {
        let lesson = context.models[model]!
        let parameters = lesson.parameters
        let data: Data
        if file.hasSuffix(".json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var object: [String: [[Double]]] = [:]
            for p in parameters.items { object[p.name] = (0..<p.value.rows).map { p.value.row($0) } }
            data = (try? encoder.encode(object)) ?? Data()
        } else {
            data = Data(NumpyArchive.write(parameters.arrays))
        }
        context.attachments[file] = data
        let name = "\(context.slug).\(file)"
        return [
            .paragraph(
                [
                    .strong("Saved"), .text(" the \(lesson.trained ? "trained " : "")weights of "), .code(model),
                    .text(" (\(parameters.items.count) arrays, \(parameters.scalarCount) numbers, float64) to "),
                    .link(name, href: name),
                ]
                    + (file.hasSuffix(".npz")
                        ? [
                            .text(": "), .code("np.load"),
                            .text(" reads it, and PyTorch takes the network's arrays by name."),
                        ]
                        : [.text(": a JSON object of arrays, each a list of rows.")]))
        ]
    }
}
