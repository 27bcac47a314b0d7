import Foundation
import RNN

/// `workbook grade`: marks students' answer files against the engine. Each student's variant of each lesson is
/// executed once (in parallel), its exercises' answers computed as in that student's edition, and every answer
/// compared within the exercise's tolerance.
public enum Grading {
    /// One student's answers to one lesson, as the student page saves them:
    /// `student: id`, `lesson: slug`, `answers: {exercise.name: value}`.
    public struct AnswerFile: Sendable {
        public let path: String
        public let student: String
        public let lesson: String
        public let answers: [(key: String, value: Double, location: SourceLocation)]
        /// The file's text, for diagnostics at its lines.
        let source: SourceFile
    }

    public struct Row: Sendable, Equatable {
        public let student, lesson, exercise, answer: String
        public let given: Double?
        public let expected: Double
        public let correct: Bool
        public let note: String
    }

    public struct Result: Sendable {
        public let rows: [Row]
        public let diagnostics: [Diagnostic]
        public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }

        /// One line per student and answer, in file order, with a header.
        public var csv: String {
            let number = NumberFormat(style: .general, precision: 10)
            func field(_ s: String) -> String {
                s.contains(where: { ",\"\n".contains($0) })
                    ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            var lines = ["student,lesson,exercise,answer,given,expected,correct,score,note"]
            for r in rows {
                lines.append(
                    [
                        r.student, r.lesson, r.exercise, r.answer, r.given.map(number.format) ?? "",
                        number.format(r.expected),
                        r.correct ? "yes" : "no", r.correct ? "1" : "0", r.note,
                    ].map(field).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// The grades as files by their path beside the CSV: the CSV, named `csvName`, and each student's
        /// feedback in `feedback/<student>.txt`.
        public func files(csvName: String) -> [String: [UInt8]] {
            var files = [csvName: Array(csv.utf8)]
            for (student, text) in feedback { files["feedback/\(student).txt"] = Array(text.utf8) }
            return files
        }

        /// Writes the CSV to `path` and the feedback beside it as one set, through the writer the build uses:
        /// only over files a grading wrote there (`.workbook-grades-manifest`), never through a link, all old
        /// or all new. Returns the feedback folder.
        public func write(csv path: String) throws(OutputWriter.WriteError) -> String {
            let (folder, name) = Grading.place(csv: path)
            try OutputWriter.write([
                OutputWriter.FileSet(folder: folder, files: files(csvName: name), isComplete: false, record: .grades)
            ])
            return folder == "." ? "feedback" : folder + "/feedback"
        }

        /// A short feedback text per student.
        public var feedback: [String: String] {
            let number = NumberFormat(style: .general, precision: 6)
            var out: [String: String] = [:]
            for student in Set(rows.map(\.student)).sorted() {
                let own = rows.filter { $0.student == student }
                let right = own.filter(\.correct).count
                var text = "Feedback for \(student): \(right) of \(own.count) answers right.\n\n"
                for r in own {
                    let given = r.given.map(number.format) ?? "no answer"
                    text +=
                        r.correct
                        ? "- \(r.lesson) \(r.exercise).\(r.answer): \(given), right.\n"
                        : "- \(r.lesson) \(r.exercise).\(r.answer): \(given), but the answer is \(number.format(r.expected)).\n"
                }
                out[student] = text
            }
            return out
        }
    }

    /// The folder the grades go to and the CSV's name in it.
    static func place(csv path: String) -> (folder: String, name: String) {
        let (folder, name) = ConfinedFolder.split(path)
        return (folder.isEmpty ? "." : folder, name)
    }

    /// Refuses grades that would be written into a lessons folder (the CSV or its feedback folder being, holding
    /// or lying inside one), before any grading runs.
    public static func validateOutput(csv path: String, lessonInputs: [String]) throws(OutputWriter.WriteError) {
        let (folder, name) = place(csv: path)
        try OutputWriter.validate(entries: [name, "feedback"], in: folder, lessonInputs: lessonInputs, writer: "grade")
    }

    /// Reads an answer file; a mistake is a diagnostic at its line.
    public static func readAnswerFile(_ path: String) -> (AnswerFile?, [Diagnostic]) {
        let text: String
        do {
            let data = try LessonFile.read(path, maxMB: 1, limitName: "an answer file's size (1 MiB)")
            guard let decoded = String(data: data, encoding: .utf8) else {
                return (nil, [Diagnostic(.error, path: path, "the answer file is not UTF-8 text")])
            }
            text = decoded
        } catch {
            return (nil, [Diagnostic(.error, path: path, "cannot read the answer file: \(error.description)")])
        }
        let file = SourceFile(path: path, text: text)
        func error(_ at: SourceLocation, _ message: String) -> Diagnostic {
            Diagnostic(.error, in: file, at: at, message)
        }
        let root: ConfigNode?
        do { root = try ConfigNode.parse(text, firstLine: 1, columnOffset: 0, file: file) } catch {
            return (nil, [error])
        }
        guard case .map(let pairs, _)? = root else {
            return (
                nil,
                [error(SourceLocation(line: 1, column: 1), "an answer file holds 'student:', 'lesson:' and 'answers:'")]
            )
        }
        var diagnostics: [Diagnostic] = []
        var student: String?
        var lesson: String?
        var answers: [(String, Double, SourceLocation)] = []
        for pair in pairs {
            switch (pair.key, pair.value) {
            case ("student", .scalar(let s, _, _)): student = s
            case ("lesson", .scalar(let s, _, _)): lesson = s
            case ("answers", .map(let entries, _)):
                for entry in entries {
                    guard case .scalar(let value, _, let at) = entry.value else {
                        diagnostics.append(error(entry.value.location, "the answer '\(entry.key)' must be a number"))
                        continue
                    }
                    guard entry.key.split(separator: ".").count == 2 else {
                        diagnostics.append(
                            error(
                                entry.keyLocation,
                                "an answer is named exercise.answer (e.g. first_state.h1), got '\(entry.key)'"))
                        continue
                    }
                    let cleaned = value.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
                    guard let x = Double(cleaned), x.isFinite else {
                        diagnostics.append(error(at, "the answer '\(entry.key)' must be a number, got '\(value)'"))
                        continue
                    }
                    answers.append((entry.key, x, at))
                }
            case ("answers", let other):
                diagnostics.append(error(other.location, "'answers' maps exercise.answer to a number"))
            case ("student", let other), ("lesson", let other):
                diagnostics.append(error(other.location, "'\(pair.key)' must be text"))
            default:
                diagnostics.append(
                    error(
                        pair.keyLocation,
                        "unknown key '\(pair.key)' in the answer file"
                            + didYouMean(pair.key, among: ["student", "lesson", "answers"])))
            }
        }
        if student == nil { diagnostics.append(Diagnostic(.error, path: path, "the answer file names no 'student'")) }
        if lesson == nil { diagnostics.append(Diagnostic(.error, path: path, "the answer file names no 'lesson'")) }
        if let student, !Roster.isValidID(student) {
            diagnostics.append(Diagnostic(.error, path: path, "'\(student)' is not a student id"))
        }
        guard diagnostics.isEmpty, let student, let lesson else { return (nil, diagnostics) }
        return (AnswerFile(path: path, student: student, lesson: lesson, answers: answers, source: file), [])
    }

    /// The exercises of one lesson as one student's variant computes them: id → answer name → (value, rtol, atol),
    /// in the lesson's order.
    struct Expected: Sendable {
        var exercises: [(id: String, answers: [(name: String, value: Double, rtol: Double, atol: Double)])] = []
    }

    static func expected(lesson path: String, slug: String, student: String, options: BuildOptions)
        -> Swift.Result<
            Expected, Diagnostic
        >
    {
        Swift.Result { () throws(Diagnostic) -> Expected in
            let file = try LessonSource.read(path, limits: options.limits)
            let (parsed, parseProblems) = LessonParser.parse(file, slug: slug, allowRawHTML: options.allowRawHTML)
            guard let parsed else {
                throw parseProblems.first ?? Diagnostic(.error, path: path, "the lesson did not parse")
            }
            let (plan, planProblems) = Planner.plan(parsed, limits: options.limits)
            if let e = (parseProblems + planProblems).first(where: { $0.severity == .error }) { throw e }
            let (executed, problems) = Executor.execute(
                plan, limits: options.limits, swift: options.swiftCells, edition: .instructor, variant: student)
            if let e = problems.first(where: { $0.severity == .error }) { throw e }
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
                out.exercises.append((exercise.id, answers.map { ($0.0, $0.1, $0.2, $0.3) }))
            }
            return out
        }
    }

    /// Grades every answer file against the lessons under `inputs`; with a roster, every student must be on it.
    public static func grade(answerFiles: [String], inputs: [String], roster: Roster?, options: BuildOptions) -> Result
    {
        var diagnostics: [Diagnostic] = []
        var files: [AnswerFile] = []
        for path in answerFiles {
            let (file, problems) = readAnswerFile(path)
            diagnostics += problems
            if let file { files.append(file) }
        }
        let (lessons, lessonProblems) = lessonPaths(inputs)
        diagnostics += lessonProblems
        diagnostics += unknownNames(files, lessons: lessons, roster: roster)
        if diagnostics.contains(where: { $0.severity == .error }) { return Result(rows: [], diagnostics: diagnostics) }
        let (computed, failures) = expectedAnswers(files, lessons: lessons, options: options)
        diagnostics += failures
        var rows: [Row] = []
        for file in files {
            guard let expected = computed[file.lesson + "\u{0}" + file.student] else { continue }
            let (marked, problems) = mark(file, expected)
            rows += marked
            diagnostics += problems
        }
        return Result(rows: rows, diagnostics: diagnostics)
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

    /// An error for each answer file whose lesson does not exist or whose student is not on the roster.
    static func unknownNames(_ files: [AnswerFile], lessons: [String: String], roster: Roster?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var known: Set<String> = []
        if let roster { known = Set(roster.students.map { $0.id }) }
        for file in files {
            if lessons[file.lesson] == nil {
                diagnostics.append(
                    Diagnostic(
                        .error, path: file.path,
                        "no lesson '\(file.lesson)'" + didYouMean(file.lesson, among: lessons.keys.sorted())))
            }
            if let roster, !known.contains(file.student) {
                diagnostics.append(
                    Diagnostic(.error, path: file.path, "student '\(file.student)' is not on the roster \(roster.path)")
                )
            }
        }
        return diagnostics
    }

    /// Each (lesson, student) pair's answers, computed once, all pairs in parallel; keyed "lesson NUL student".
    static func expectedAnswers(_ files: [AnswerFile], lessons: [String: String], options: BuildOptions) -> (
        [String: Expected], [Diagnostic]
    ) {
        let pairs = Array(Set(files.map { $0.lesson + "\u{0}" + $0.student })).sorted()
        let results = ResultSlots<Swift.Result<Expected, Diagnostic>>(count: pairs.count)
        DispatchQueue.concurrentPerform(iterations: pairs.count) { i in
            let parts = pairs[i].split(separator: "\u{0}").map(String.init)
            let path = lessons[parts[0]] ?? ""
            results.set(
                i,
                Products.sharingProcessors {
                    expected(lesson: path, slug: parts[0], student: parts[1], options: options)
                })
        }
        var computed: [String: Expected] = [:]
        var diagnostics: [Diagnostic] = []
        for (pair, result) in zip(pairs, results.values) {
            switch result {
            case .success(let e)?: computed[pair] = e
            case .failure(let d)?:
                let student = pair.split(separator: "\u{0}").last.map(String.init) ?? ""
                diagnostics.append(
                    d.withMessage("computing the answers of student '\(student)': " + d.message, details: d.details))
            case nil: break
            }
        }
        return (computed, diagnostics)
    }

    /// One answer file marked: a row for every answer of every exercise (a missing one scores 0 with a note),
    /// and an error for each answer to an exercise or answer the lesson does not have.
    static func mark(_ file: AnswerFile, _ expected: Expected) -> ([Row], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var given: [String: Double] = [:]
        for answer in file.answers {
            let parts = answer.key.split(separator: ".").map(String.init)
            guard let exercise = expected.exercises.first(where: { $0.id == parts[0] }) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file.source, at: answer.location,
                        "lesson '\(file.lesson)' has no exercise '\(parts[0])'"
                            + didYouMean(parts[0], among: expected.exercises.map { $0.id })))
                continue
            }
            guard exercise.answers.contains(where: { $0.name == parts[1] }) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file.source, at: answer.location,
                        "exercise '\(parts[0])' has no answer '\(parts[1])'; it has "
                            + exercise.answers.map { $0.name }.joined(separator: ", ")))
                continue
            }
            given[answer.key] = answer.value
        }
        var rows: [Row] = []
        for exercise in expected.exercises {
            for a in exercise.answers {
                let value = given[exercise.id + "." + a.name]
                var correct = false
                if let value { correct = abs(value - a.value) <= a.atol + a.rtol * abs(a.value) }
                rows.append(
                    Row(
                        student: file.student, lesson: file.lesson, exercise: exercise.id, answer: a.name, given: value,
                        expected: a.value, correct: correct, note: value == nil ? "no answer" : ""))
            }
        }
        return (rows, diagnostics)
    }
}
