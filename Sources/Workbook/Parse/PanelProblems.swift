/// The errors of tabs as written, found in the tree: a tabset with no heading inside (nothing labels a tab),
/// blocks before a tabset's first heading (they would belong to no tab), and a MyST `{tab-item}` outside a
/// `{tab-set}`. Quarto draws the first two in ways the author did not mean, and MyST refuses the third.
enum PanelProblems {
    static func diagnostics(in document: Document, _ file: SourceFile) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var stack = Array(document.roots.reversed())
        while let index = stack.popLast() {
            let block = document.nodes[index]
            stack += document.children(of: block).reversed()
            switch block.kind {
            case .panels(let panels) where panels.layout == .tabs:
                if panels.panels.allSatisfy({ $0.label == nil }) {
                    out.append(
                        Diagnostic(.error, in: file, at: block.location,
                            "a tabset with no heading inside: each tab starts with a heading (## Label), whose text "
                                + "is the tab's label"))
                } else if let first = panels.panels.first, first.label == nil, let stray = first.children.first {
                    out.append(
                        Diagnostic(.error, in: file, at: document.nodes[stray].location,
                            "this stands before the tabset's first heading, so it belongs to no tab: move it into a "
                                + "tab or out of the tabset"))
                }
            case .division(let division, _) where division.classes.contains(Division.tabItemClass):
                out.append(
                    Diagnostic(.error, in: file, at: block.location,
                        "a {tab-item} outside a {tab-set}: put it between a '{tab-set}' fence and its closing fence"))
            default: break
            }
        }
        return out
    }
}
