extension CrossReferences {
    /// A lesson's mistakes with labels, each at its line and column: a label defined twice (an error at both
    /// places; in two lessons, at this lesson's), and a reference to a label the course does not have (with the
    /// nearest label the course has).
    func check(_ lesson: ParsedLesson, _ plan: LessonPlan?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let definitions = Self.definitions(lesson, plan)
        let byID = Dictionary(grouping: definitions, by: \.id)
        for definition in definitions {
            let others = byID[definition.id, default: []].filter { $0.location != definition.location }
            if let other = others.first {
                let at = other.location
                diagnostics.append(
                    Diagnostic(
                        .error, in: lesson.file, at: definition.location,
                        "duplicate label '\(definition.id)': it is also defined at line \(at.line), column \(at.column); a label names one thing"
                    ))
            } else if let elsewhere = targets[definition.id]?.first(where: { $0.slug != lesson.slug }) {
                diagnostics.append(
                    Diagnostic(
                        .error, in: lesson.file, at: definition.location,
                        "duplicate label '\(definition.id)': \(elsewhere.path):\(elsewhere.location.line):\(elsewhere.location.column) defines it too; a label names one thing in the whole course"
                    ))
            }
        }
        let known = Set(definitions.map(\.id)).union(targets.keys)
        for reference in lesson.crossReferences where !known.contains(reference.label) {
            let written: String
            switch reference.form {
            case .quarto: written = "@" + reference.label
            case .eqref: written = "\\eqref{\(reference.label)}"
            case .ref: written = "\\ref{\(reference.label)}"
            }
            diagnostics.append(
                Diagnostic(
                    .error, in: lesson.file, at: reference.location,
                    "unknown cross-reference '\(written)': no lesson of the course defines the label '\(reference.label)'"
                        + didYouMean(reference.label, among: known.sorted())))
        }
        return diagnostics
    }

    /// What the writers need for a planned lesson: its directives' captions and the course's numbers.
    func numbering(_ lesson: ParsedLesson, _ plan: LessonPlan?) -> LessonNumbering {
        var numbering = LessonNumbering(slug: lesson.slug, index: self)
        for step in plan?.steps ?? [] { numbering.floats[step.block.index] = step.float }
        return numbering
    }
}
