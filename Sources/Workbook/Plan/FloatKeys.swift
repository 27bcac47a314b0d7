/// `label:` and `caption:` on a directive that draws a figure (`plot`, `diagram`, `highlight`,
/// `gradient-flow`) or a table (`table`): `label: fig-loss` numbers it ("Figure 3.1: caption") so that
/// `@fig-loss` can refer to it. Declared by the directive (`Directive.float`), read here before its own keys.
struct FloatKeys: Sendable, Equatable {
    let kind: LabelKind
    let label: String?
    let labelLocation: SourceLocation
    let caption: String

    static func keys(_ kind: LabelKind?) -> [String] { kind == nil ? [] : ["label", "caption"] }

    /// The keys, checked: a label has its kind's prefix (`fig-`, `tbl-`) and label characters.
    static func read(_ arguments: inout Arguments, kind: LabelKind?) -> FloatKeys? {
        guard let kind else { return nil }
        let caption = arguments.string("caption") ?? ""
        guard let (label, location, _) = arguments.scalar("label") else {
            return caption.isEmpty
                ? nil : FloatKeys(kind: kind, label: nil, labelLocation: arguments.block.kindLocation, caption: caption)
        }
        let bytes = Array(label.utf8)
        guard LabelKind.ofQuartoLabel(label) == kind, Labels.labelEnd(bytes, from: 0) == bytes.count else {
            arguments.error(
                location,
                "'label' of '\(arguments.block.kind)' must start with '\(kind.rawValue)-' and hold only letters, digits, '-', '_', ':' and '.', e.g. '\(kind.rawValue)-loss'"
            )
            return nil
        }
        return FloatKeys(kind: kind, label: label, labelLocation: location, caption: caption)
    }
}
