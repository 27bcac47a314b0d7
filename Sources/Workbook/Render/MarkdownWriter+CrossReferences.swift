/// Numbered equations, figures, tables and cross-references in the Markdown handout: the lesson's labels become
/// anchors (`<a id="eq-loss"></a>`, which GitHub and Pandoc keep), equations get `\tag{3.2}`, captions their
/// number, and each reference a link (`[Eq. 3.2](#eq-loss)`, `[Figure 2.1](02-students.md#fig-net)`).
extension MarkdownWriter {
    func crossReferenceEdits(_ executed: ExecutedLesson) -> [(range: Range<Int>, text: String)] {
        let lesson = executed.lesson
        var edits: [(range: Range<Int>, text: String)] = []
        for reference in lesson.crossReferences {
            let link = executed.numbering?.link(reference, pageExtension: "md")
            let text = link.map { "[\(escape($0.text))](\($0.href))" } ?? escape("?@" + reference.label)
            edits.append((reference.byteRange, text))
        }
        for definition in lesson.labels {
            guard let mark = definition.mark else { continue }
            let number = executed.numbering?.own(definition.id)?.numberText ?? ""
            edits += labelEdits(mark, id: definition.id, number: number, kind: definition.kind)
        }
        return edits
    }

    private func labelEdits(_ mark: LabelDefinition.Mark, id: String, number: String, kind: LabelKind) -> [(
        range: Range<Int>, text: String
    )] {
        let anchor = "<a id=\"\(id)\"></a>"
        switch mark {
        case .equation(let label):
            let tag = "\\tag{\(number)}"
            if label.inTeX { return [(label.open..<label.open, anchor), (label.attribute, tag)] }
            return [(label.open..<label.open, anchor), (label.close..<label.close, " " + tag), (label.attribute, "")]
        case .heading(let attribute):
            return [(attribute, " " + anchor)]
        case .image(let start, let attribute):
            return [(start..<start, anchor), ((start + 2)..<(start + 2), "\(kind.word) \(number): "), (attribute, "")]
        case .tableCaption(let prefix, let attribute):
            return [(prefix, anchor + "\(kind.word) \(number):"), (attribute, "")]
        }
    }

    /// A directive's results with `label:` and `caption:`: the anchor and caption under a figure, above a table.
    func figure(_ parts: [String], _ float: FloatKeys, _ numbering: LessonNumbering) -> [String] {
        let anchor = float.label.map { "<a id=\"\($0)\"></a>" } ?? ""
        let caption = anchor + "*" + escape(numbering.caption(float)) + "*\n"
        return float.kind == .table ? [caption] + parts : parts + [caption]
    }
}
