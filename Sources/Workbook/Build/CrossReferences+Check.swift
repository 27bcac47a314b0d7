extension CrossReferences {
    /// A lesson's mistakes with labels, each at its line and column: a label defined twice (an error at both
    /// places; in two lessons, at this lesson's), and a reference to a label the course does not have (with the
    /// nearest label the course has).
    func check(_ lesson: ParsedLesson, _ plan: LessonPlan?, edition: Edition = .instructor) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let definitions = Self.definitions(lesson, plan)
        let byID = Dictionary(grouping: definitions, by: \.id)
        for definition in definitions {
            // The first other definition (not all of them: 20,000 of one label took 18 s).
            if let other = byID[definition.id, default: []].first(where: { $0.location != definition.location }) {
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
        // The prose shows in every edition (a directive's Markdown is checked as it runs, where it is shown).
        let hidden = edition == .student ? lesson.crossReferences.compactMap { editionProblem($0, from: lesson.slug, lesson.file) } : []
        return diagnostics + referenceProblems(lesson, plan, known: Set(definitions.map(\.id)).union(targets.keys))
            + hidden
    }

    /// In a student edition, a reference to what only the instructor edition shows (a directive marked
    /// `instructor`, a lesson with `edition: instructor`) is an error at the reference: the page would link to a
    /// figure, a table or a lesson the students do not have.
    func editionProblem(_ reference: CrossReferenceSpan, from slug: String, _ file: SourceFile) -> Diagnostic? {
        guard let found = target(reference.label, from: slug), found.instructorOnly else { return nil }
        let what = found.number == nil ? "'\(found.title)'" : found.kind.word + " " + found.numberText
        return Diagnostic(
            .error, in: file, at: reference.location,
            "'\(reference.written)' refers to \(what), which only the instructor edition shows (\(found.path):"
                + "\(found.location.line):\(found.location.column)): a student edition does not have it; mark what "
                + "refers to it 'instructor' too, or show it in every edition")
    }

    /// A reference to a label the course does not have (or only a left-out draft has), and a `{numref}` of a
    /// section, each an error at the reference (in the prose or in a directive's Markdown).
    private func referenceProblems(_ lesson: ParsedLesson, _ plan: LessonPlan?, known: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let near = Suggestions(known)
        for reference in Self.references(lesson, plan) {
            let (written, label) = (reference.written, resolve(reference.label))
            if known.contains(label) {
                if case .numbered = reference.form, let found = target(label, from: lesson.slug), found.number == nil {
                    diagnostics.append(
                        Diagnostic(
                            .error, in: lesson.file, at: reference.location,
                            "'\(written)' asks for the number of '\(label)', a section, and sections are not "
                                + "numbered: write {ref}`\(label.dropFirst(4))` to show its title"))
                }
                continue
            }
            if let draft = leftOut[reference.label] {
                diagnostics.append(
                    Diagnostic(
                        .error, in: lesson.file, at: reference.location,
                        "the cross-reference '\(written)' names a label of \(draft), a draft this build leaves out: "
                            + "build with --drafts, or refer to it once the draft is published"))
                continue
            }
            diagnostics.append(
                Diagnostic(
                    .error, in: lesson.file, at: reference.location,
                    "unknown cross-reference '\(written)': no lesson of the course defines the label '\(reference.label)'"
                        + near.didYouMean(reference.label)))
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
