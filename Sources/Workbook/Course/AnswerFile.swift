import Foundation

/// One student's answers to one lesson, as the student page saves them (YAML):
///
///     # RNN Workbook answer file
///     student: "ada"
///     lesson: "17-exercises"
///     submitted: "2025-03-01T10:15:00.000Z"
///     answers:
///       "first_state.h1": "0.4621"
///
/// A file that is not an answer file is never echoed: a student could hand in a link to a private key, or any
/// file, and a diagnostic that quoted its lines would print them where the class may see them. Links are
/// refused before anything is read, and a file shows its lines in diagnostics only once it is recognised as an
/// answer file (it starts with the page's first line, or is a YAML mapping with `student`, `lesson` or `answers`).
public struct AnswerFile: Sendable {
    public struct Answer: Sendable {
        /// `exercise.answer`, as the file names it.
        public let key: String
        /// The value as written, and the number it reads as (nil with `problem` saying why).
        public let written: String
        public let value: Double?
        public let problem: String?
        let location: SourceLocation
        /// Where `exercise.answer` is written: a name the lesson lacks is reported there.
        var keyLocation: SourceLocation? = nil
    }

    public let path: String
    public let student: String
    public let lesson: String
    /// When the page saved the file; decides which of two files from one student counts.
    public let submitted: Date?
    public let answers: [Answer]
    /// The file's text, for diagnostics at its lines, and where each top-level value is.
    let source: SourceFile
    let locations: [String: SourceLocation]

    func location(of key: String) -> SourceLocation? { locations[key] }

    /// The first line the student page writes.
    static let marker = "# RNN Workbook answer file"
    static let keys = ["student", "lesson", "submitted", "answers"]

    /// What reading a file gave: an answer file (with any problems in it that still let it be graded), or the
    /// reason it cannot be graded, with the student and lesson when the file names them.
    public enum Reading: Sendable {
        case file(AnswerFile, [Diagnostic])
        case failure(student: String?, lesson: String?, reason: String, [Diagnostic])
    }

    public static func read(_ path: String) -> Reading {
        let text: String
        do {
            let data = try LessonFile.read(
                path, maxMB: 1, bound: .fixed("an answer file"), followingLinks: false)
            guard let decoded = String(data: data, encoding: .utf8) else {
                return failure(path, "not UTF-8 text, so not an answer file")
            }
            text = decoded
        } catch {
            return failure(path, error.description)
        }
        let file = SourceFile(path: path, text: text)
        let root: ConfigNode?
        do { root = try ConfigNode.parse(text, firstLine: 1, columnOffset: 0, file: file, what: "the answer file") } catch {
            guard text.hasPrefix(marker) else {
                let at = error.location.map { " (at line \($0.line), column \($0.column))" } ?? ""
                return failure(path, "not valid YAML\(at), so not an answer file; its lines are not shown")
            }
            return .failure(student: nil, lesson: nil, reason: "not valid YAML: " + error.message, [error])
        }
        guard case .map(let pairs, _)? = root,
            text.hasPrefix(marker) || pairs.contains(where: { ["student", "lesson", "answers"].contains($0.key) })
        else {
            return failure(
                path,
                "not an answer file (a YAML mapping with 'student', 'lesson' and 'answers', as the student page saves it); its lines are not shown"
            )
        }
        return read(pairs, file: file)
    }

    /// A failure that names no line of the file, for files that are not answer files.
    static func failure(_ path: String, _ reason: String) -> Reading {
        .failure(student: nil, lesson: nil, reason: reason, [Diagnostic(.error, path: path, reason)])
    }

    /// The answer file a recognised YAML mapping holds.
    static func read(_ pairs: [(key: String, keyLocation: SourceLocation, value: ConfigNode)], file: SourceFile)
        -> Reading
    {
        var diagnostics: [Diagnostic] = []
        func error(_ at: SourceLocation, _ message: String) {
            diagnostics.append(Diagnostic(.error, in: file, at: at, message))
        }
        var text: [String: String] = [:]
        var answers: [Answer] = []
        var submitted: Date?
        var locations: [String: SourceLocation] = [:]
        for pair in pairs {
            locations[pair.key] = pair.value.location
            switch (pair.key, pair.value) {
            case ("answers", .map(let entries, _)): answers = entries.map(answer)
            case ("answers", let other): error(other.location, "'answers' maps exercise.answer to a number")
            case ("submitted", .scalar(let s, _, let at)):
                submitted = date(s)
                if submitted == nil { error(at, "'submitted' is a time such as 2025-03-01T10:15:00Z, got '\(s)'") }
            case (let key, .scalar(let s, _, _)) where key == "student" || key == "lesson": text[key] = s
            case (let key, let other) where keys.contains(key): error(other.location, "'\(key)' must be text")
            default:
                error(
                    pair.keyLocation,
                    "unknown key '\(pair.key)' in the answer file" + didYouMean(pair.key, among: keys))
            }
        }
        let (student, lesson) = (text["student"], text["lesson"])
        if let student, !Roster.isValidID(student) {
            error(locations["student"] ?? SourceLocation(line: 1, column: 1), "'\(student)' is not a student id")
        }
        for key in ["student", "lesson"] where text[key] == nil {
            diagnostics.append(Diagnostic(.error, path: file.path, "the answer file names no '\(key)'"))
        }
        guard let student, let lesson, Roster.isValidID(student) else {
            let reason = diagnostics.first?.message ?? "not an answer file"
            return .failure(
                student: text["student"].flatMap { Roster.isValidID($0) ? $0 : nil }, lesson: lesson, reason: reason,
                diagnostics)
        }
        let read = AnswerFile(
            path: file.path, student: student, lesson: lesson, submitted: submitted, answers: answers, source: file,
            locations: locations)
        return .file(read, diagnostics)
    }

    static func answer(_ entry: (key: String, keyLocation: SourceLocation, value: ConfigNode)) -> Answer {
        var read = value(entry)
        read.keyLocation = entry.keyLocation
        return read
    }

    private static func value(_ entry: (key: String, keyLocation: SourceLocation, value: ConfigNode)) -> Answer {
        guard case .scalar(let written, _, let at) = entry.value else {
            return Answer(
                key: entry.key, written: "", value: nil, problem: "the answer '\(entry.key)' must be a number",
                location: entry.value.location)
        }
        switch number(written) {
        case .success(let x): return Answer(key: entry.key, written: written, value: x, problem: nil, location: at)
        case .failure(let problem):
            return Answer(
                key: entry.key, written: written, value: nil,
                problem: "the answer '\(entry.key)' \(problem.message)", location: at)
        }
    }

    /// An ISO 8601 time as the page writes it (`Date.toISOString()`: fractional seconds, Z), or without the
    /// fraction, or with an offset.
    static func date(_ text: String) -> Date? {
        // Checked before Foundation's parser sees it: a fraction of 35 digits or more crashed it (SIGFPE in ICU).
        guard text.wholeMatch(of: #/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})/#) != nil
        else { return nil }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    public struct NumberProblem: Error, Equatable {
        public let message: String
    }

    /// The number syntax answers are written in (and the student page checks as it is typed, with the same
    /// rule): an optional sign (`-`, `+` or `−`), digits with at most one decimal point, an optional exponent
    /// (`e-3`), spaces around. A decimal comma is refused with a message saying to write a point, since `0,31`
    /// is 0.31 in half of Europe and 31 in the other half; `nan`, `inf` and hexadecimal are not numbers here.
    public static func number(_ written: String) -> Result<Double, NumberProblem> {
        let text = written.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
        if text.wholeMatch(of: #/[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?/#) != nil, let x = Double(text),
            x.isFinite
        {
            return .success(x)
        }
        if text.wholeMatch(of: #/[+-]?[0-9]*,[0-9]+([eE][+-]?[0-9]+)?/#) != nil {
            let point = text.replacingOccurrences(of: ",", with: ".")
            return .failure(
                NumberProblem(message: "is written with a decimal comma, '\(written)'; write a decimal point: \(point)")
            )
        }
        return .failure(NumberProblem(message: "must be a number (such as -0.25 or 3.1e-4), got '\(written)'"))
    }
}
