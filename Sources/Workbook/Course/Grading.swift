import Foundation
import RNN

/// `workbook grade`: marks students' answer files against the engine. Each student's variant of each lesson is
/// executed once (in parallel), its exercises' answers computed as in that student's edition, and every answer
/// compared within the exercise's tolerance.
///
/// One bad file never stops the class's grades: every file is graded or reported. A file that cannot be read,
/// is not an answer file, names a student not on the roster or a lesson that does not exist is an error at its
/// line and a row scoring 0 with the reason; an answer that is not a number, or names an exercise or answer the
/// lesson does not have, is an error at its line and a row scoring 0, while the file's other answers are
/// graded. When one student hands in several files for one lesson, one counts: the latest `submitted` time
/// when every one of them has one, else the last file given; the others are noted in the feedback.
public enum Grading {
    /// One line of the grades: an answer marked, or a file or answer that could not be graded (score 0, `note`
    /// saying why; `exercise` and `answer` empty when the whole file could not be).
    public struct Row: Sendable, Equatable {
        public let student, lesson, exercise, answer: String
        /// The answer given, when it is a number; `written` is what the file says (for one that is not).
        public let given: Double?
        public let written: String
        public let expected: Double?
        public let correct: Bool
        /// What the answer is worth, and what it scored.
        public let points: Double
        public let score: Double
        public let note: String
        /// The answer file the row comes from.
        public let file: String

        static func failure(file: String, student: String?, lesson: String?, reason: String) -> Row {
            Row(
                student: student ?? "", lesson: lesson ?? "", exercise: "", answer: "", given: nil, written: "",
                expected: nil, correct: false, points: 0, score: 0, note: reason, file: file)
        }
    }

    public struct Result: Sendable {
        public let rows: [Row]
        public let diagnostics: [Diagnostic]
        /// What each graded lesson is worth (the sum of its exercises' points), by slug.
        public let lessonPoints: [String: Double]
        /// Notes for a student's feedback (which of several files counted), by student.
        public let notes: [String: [String]]
        /// Whether every file and answer was graded as given; the grades are written either way.
        public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
    }

    /// The folder the grades go to and the CSV's name in it.
    public static func place(csv path: String) -> (folder: String, name: String) {
        let (folder, name) = ConfinedFolder.split(path)
        return (folder.isEmpty ? "." : folder, name)
    }

    /// Refuses grades that would be written into a lessons folder (the CSV or its feedback folder being, holding
    /// or lying inside one), before any grading runs.
    public static func validateOutput(csv path: String, lessonInputs: [String]) throws(OutputWriter.WriteError) {
        let (folder, name) = place(csv: path)
        try OutputWriter.validate(entries: [name, "feedback"], in: folder, lessonInputs: lessonInputs, writer: "grade")
    }

    /// The exercises of one lesson as one student's variant computes them, in the lesson's order.
    struct Expected: Sendable {
        struct Exercise: Sendable {
            let id: String
            let points: Double
            let answers: [(name: String, value: Double, rtol: Double, atol: Double)]
        }
        var exercises: [Exercise] = []
        var points: Double { exercises.reduce(0) { $0 + $1.points } }
    }

    static func expected(lesson path: String, slug: String, student: String, options: BuildOptions)
        -> Swift.Result<Expected, Diagnostic>
    {
        Swift.Result { () throws(Diagnostic) -> Expected in
            let file = try LessonSource.read(path, limits: options.limits)
            var instructor = options
            (instructor.edition, instructor.variant) = (.instructor, student)
            let run = Pipeline.run(file, slug: slug, through: .execute, options: instructor)
            if let e = run.diagnostics.first(where: { $0.severity == .error }) { throw e }
            guard let plan = run.plan, let executed = run.executed else {
                throw run.diagnostics.first ?? Diagnostic(.error, path: path, "the lesson did not parse")
            }
            var out = Expected()
            for step in plan.steps {
                guard let exercise = step.directive as? ExerciseDirective,
                    case .record(let record)? = executed.namespace.values[exercise.id]
                else { continue }
                let answers = exercise.answers.compactMap { a -> (String, Double, Double, Double)? in
                    guard case .number(let x)? = record.fields.first(where: { $0.name == a.name })?.value else {
                        return nil
                    }
                    return (a.name, x, a.rtol, a.atol)
                }
                out.exercises.append(.init(id: exercise.id, points: exercise.points, answers: answers))
            }
            return out
        }
    }

    /// What grading one answer file gave: its rows and diagnostics, kept in the order the files were given.
    struct Graded {
        var rows: [Row] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Grades every answer file against the lessons under `inputs`; with a roster, every student must be on it.
    public static func grade(answerFiles: [String], inputs: [String], roster: Roster?, options: BuildOptions) -> Result
    {
        let (lessons, lessonProblems) = lessonPaths(inputs)
        var options = options
        if options.citations == nil {
            // The lessons' citations are checked against the course's bibliography, as the build checks them.
            (options.citations, _) = CourseCitations.gather(
                course: CourseFile.read(CourseFile.path(for: inputs)).0,
                lessons: lessons.map { (path: $0.value, slug: $0.key) }.sorted { $0.slug < $1.slug },
                limits: options.limits)
        }
        let enrolled = roster.map { Set($0.students.map(\.id)) }
        var graded = [Graded](repeating: Graded(), count: answerFiles.count)
        var readable: [(index: Int, file: AnswerFile)] = []
        for (index, path) in answerFiles.enumerated() {
            switch AnswerFile.read(path) {
            case .file(let file, let problems):
                graded[index].diagnostics = problems
                if let unknown = unknownName(file, lessons: lessons, roster: roster, enrolled: enrolled) {
                    graded[index].diagnostics.append(unknown)
                    graded[index].rows = [
                        .failure(file: path, student: file.student, lesson: file.lesson, reason: unknown.message)
                    ]
                } else {
                    readable.append((index, file))
                }
            case .failure(let student, let lesson, let reason, let problems):
                graded[index].diagnostics = problems
                graded[index].rows = [.failure(file: path, student: student, lesson: lesson, reason: reason)]
            }
        }
        let (counted, notes, warnings) = oneFilePerLesson(readable)
        for (index, warning) in warnings { graded[index].diagnostics.append(warning) }
        // The course's labels, so that a lesson referring to another's equation grades as it builds.
        var labelled = options
        if labelled.crossReferences == nil {
            labelled.crossReferences = CrossReferences.collect(inputs, options: options)
        }
        let computed = expectedAnswers(counted.map(\.file), lessons: lessons, options: labelled)
        var lessonPoints: [String: Double] = [:]
        for (index, file) in counted {
            switch computed[file.lesson + "\u{0}" + file.student] {
            case .success(let expected)?:
                lessonPoints[file.lesson] = expected.points
                let (rows, problems) = mark(file, expected)
                graded[index].rows = rows
                graded[index].diagnostics += problems
            case .failure(let problem)?:
                let message = "computing the answers of student '\(file.student)': " + problem.message
                graded[index].diagnostics.append(problem.withMessage(message, details: problem.details))
                graded[index].rows = [
                    .failure(file: file.path, student: file.student, lesson: file.lesson, reason: message)
                ]
            case nil: break
            }
        }
        return Result(
            rows: graded.flatMap(\.rows), diagnostics: lessonProblems + graded.flatMap(\.diagnostics),
            lessonPoints: lessonPoints, notes: notes)
    }

    /// Every lesson under `inputs` by slug.
    static func lessonPaths(_ inputs: [String]) -> ([String: String], [Diagnostic]) {
        var lessons: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for input in inputs {
            switch Swift.Result(catching: { () throws(Diagnostic) -> [String] in try LessonSource.files(for: input) }) {
            case .success(let paths):
                for path in paths { lessons[String((path as NSString).lastPathComponent.dropLast(3))] = path }
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        return (lessons, diagnostics)
    }

    /// The error for an answer file whose student is not on the roster or whose lesson does not exist.
    static func unknownName(_ file: AnswerFile, lessons: [String: String], roster: Roster?, enrolled: Set<String>?)
        -> Diagnostic?
    {
        if let roster, let enrolled, !enrolled.contains(file.student) {
            return Diagnostic(
                .error, in: file.source, at: file.location(of: "student"),
                "student '\(file.student)' is not on the roster \(roster.path)"
                    + didYouMean(file.student, among: roster.students.map(\.id)))
        }
        if lessons[file.lesson] == nil {
            return Diagnostic(
                .error, in: file.source, at: file.location(of: "lesson"),
                "no lesson '\(file.lesson)'" + didYouMean(file.lesson, among: lessons.keys.sorted()))
        }
        return nil
    }

    /// One file per student and lesson: the latest `submitted` time when every file of the pair has one, else
    /// the last given. Returns the files that count (in the order given), the feedback notes, and a warning for
    /// each file that does not count.
    static func oneFilePerLesson(_ files: [(index: Int, file: AnswerFile)]) -> (
        counted: [(index: Int, file: AnswerFile)], notes: [String: [String]], warnings: [(Int, Diagnostic)]
    ) {
        var groups: [String: [(index: Int, file: AnswerFile)]] = [:]
        for entry in files { groups[entry.file.student + "\u{0}" + entry.file.lesson, default: []].append(entry) }
        var notes: [String: [String]] = [:]
        var warnings: [(Int, Diagnostic)] = []
        var counted: [(index: Int, file: AnswerFile)] = []
        for group in groups.values.sorted(by: { $0[0].index < $1[0].index }) {
            let timed = group.allSatisfy { $0.file.submitted != nil }
            let winner =
                timed ? group.max { ($0.file.submitted!, $0.index) < ($1.file.submitted!, $1.index) }! : group.last!
            counted.append(winner)
            guard group.count > 1 else { continue }
            let rule = timed ? "the latest submitted" : "the last given, since not every file has a 'submitted' time"
            let (student, lesson) = (winner.file.student, winner.file.lesson)
            let others = group.filter { $0.index != winner.index }
            notes[student, default: []].append(
                "\(lesson): \(group.count) answer files were handed in; \(name(winner.file.path)) counts (\(rule)), "
                    + "not " + others.map { name($0.file.path) }.joined(separator: ", ") + ".")
            for other in others {
                warnings.append(
                    (
                        other.index,
                        Diagnostic(
                            .warning, path: other.file.path,
                            "'\(student)' handed in several files for '\(lesson)'; \(winner.file.path) counts (\(rule)), not this one"
                        )
                    ))
            }
        }
        return (counted.sorted { $0.index < $1.index }, notes, warnings)
    }

    static func name(_ path: String) -> String { (path as NSString).lastPathComponent }

    /// Each (lesson, student) pair's answers, computed once, all pairs in parallel; keyed "lesson NUL student".
    static func expectedAnswers(_ files: [AnswerFile], lessons: [String: String], options: BuildOptions)
        -> [String: Swift.Result<Expected, Diagnostic>]
    {
        let pairs = Array(Set(files.map { $0.lesson + "\u{0}" + $0.student })).sorted()
        let results = Locked<[Swift.Result<Expected, Diagnostic>?]>(slots: pairs.count)
        DispatchQueue.concurrentPerform(iterations: pairs.count) { i in
            let parts = pairs[i].split(separator: "\u{0}").map(String.init)
            let path = lessons[parts[0]] ?? ""
            results.set(
                i,
                Products.sharingProcessors {
                    expected(lesson: path, slug: parts[0], student: parts[1], options: options)
                })
        }
        var computed: [String: Swift.Result<Expected, Diagnostic>] = [:]
        for (pair, result) in zip(pairs, results.value) { computed[pair] = result }
        return computed
    }

    /// One answer file marked: a row for every answer of every exercise (a missing one scores 0 with a note, one
    /// that is not a number scores 0 with the reason), and an error and a row for each answer that names an
    /// exercise or answer the lesson does not have.
    static func mark(_ file: AnswerFile, _ expected: Expected) -> ([Row], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var extra: [Row] = []
        var given: [String: AnswerFile.Answer] = [:]
        for answer in file.answers {
            if let problem = unknownAnswer(answer.key, in: expected, lesson: file.lesson) {
                diagnostics.append(
                    Diagnostic(.error, in: file.source, at: answer.keyLocation ?? answer.location, problem))
                extra.append(row(file, answer.key, given: answer, expected: nil, points: 0, note: problem))
                continue
            }
            if let problem = answer.problem {
                diagnostics.append(Diagnostic(.error, in: file.source, at: answer.location, problem))
            }
            given[answer.key] = answer
        }
        var rows: [Row] = []
        for exercise in expected.exercises {
            let points = exercise.points / Double(max(exercise.answers.count, 1))
            for a in exercise.answers {
                let key = exercise.id + "." + a.name
                rows.append(row(file, key, given: given[key], expected: a, points: points, note: nil))
            }
        }
        return (rows + extra, diagnostics)
    }

    /// Why `key` names no answer of the lesson, or nil when it does.
    static func unknownAnswer(_ key: String, in expected: Expected, lesson: String) -> String? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            return "an answer is named exercise.answer (e.g. first_state.h1), got '\(key)'"
        }
        guard let exercise = expected.exercises.first(where: { $0.id == parts[0] }) else {
            return "lesson '\(lesson)' has no exercise '\(parts[0])'"
                + didYouMean(parts[0], among: expected.exercises.map(\.id))
        }
        guard exercise.answers.contains(where: { $0.name == parts[1] }) else {
            return "exercise '\(parts[0])' has no answer '\(parts[1])'; it has "
                + exercise.answers.map(\.name).joined(separator: ", ")
        }
        return nil
    }

    /// The row of one answer: right when |given − expected| ≤ atol + rtol · |expected|.
    static func row(
        _ file: AnswerFile, _ key: String, given: AnswerFile.Answer?,
        expected: (name: String, value: Double, rtol: Double, atol: Double)?, points: Double, note: String?
    ) -> Row {
        let parts = key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var correct = false
        if let value = given?.value, let e = expected {
            correct = abs(value - e.value) <= e.atol + e.rtol * abs(e.value)
        }
        let reason = note ?? given?.problem ?? (given == nil ? "no answer" : "")
        return Row(
            student: file.student, lesson: file.lesson, exercise: parts.count == 2 ? parts[0] : "",
            answer: parts.count == 2 ? parts[1] : key, given: given?.value, written: given?.written ?? "",
            expected: expected?.value, correct: correct, points: points, score: correct ? points : 0, note: reason,
            file: file.path)
    }
}
