import Foundation

/// The formats `workbook grade --format` writes the grades in.
public enum GradeFormat: String, CaseIterable, Sendable {
    /// One row per student and answer, with the reason for every score of 0.
    case csv
    /// Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, a Points Possible row, then
    /// a column of points per lesson (canvas-lms `lib/gradebook_importer.rb` reads exactly this header).
    case canvas
    /// Moodle's CSV grade import: an identifier column to map to the user's email address or ID number, then a
    /// column per lesson (a grade item).
    case moodle
    /// Gradescope's score upload, one file per lesson (one assignment each): Name, SID, Email, Score.
    case gradescope

    /// Whether the format needs the roster's names and institution identifiers.
    public var needsRoster: Bool { self != .csv }
}

/// What `workbook grade` writes, computed in memory: each file's path relative to the folder of the grades file
/// (the grades, one file per lesson for Gradescope, and `feedback/<id>.txt` per student), and its bytes.
extension Grading.Result {
    public func files(format: GradeFormat, grades name: String, roster: Roster?) -> (
        files: [String: [UInt8]], warnings: [Diagnostic]
    ) {
        var files: [String: [UInt8]] = [:]
        var warnings: [Diagnostic] = []
        switch format {
        case .csv: files[name] = Array(detailCSV.utf8)
        case .canvas, .moodle, .gradescope:
            let export = LMSGrades(result: self, roster: roster)
            warnings = export.unmatched(format)
            for (file, text) in export.files(format, named: name) { files[file] = Array(text.utf8) }
        }
        // A student not on the roster is a row in the grades with the reason, and gets no feedback file.
        let enrolled = roster.map { Set($0.students.map(\.id)) }
        for (student, text) in feedback where enrolled?.contains(student) ?? true {
            files["feedback/\(student).txt"] = Array(text.utf8)
        }
        return (files, warnings)
    }

    static let columns = [
        "student", "lesson", "exercise", "answer", "given", "expected", "correct", "score", "points", "note", "file",
    ]

    /// One line per answer (and per file or answer that could not be graded), in the order the files were given.
    public var detailCSV: String {
        let number = NumberFormat(style: .general, precision: 10)
        var text = CSV.record(Self.columns.map(CSV.Cell.text))
        for r in rows {
            let given: CSV.Cell = r.given.map { .number(number.format($0)) } ?? .text(r.written)
            text += CSV.record([
                .text(r.student), .text(r.lesson), .text(r.exercise), .text(r.answer), given,
                r.expected.map { .number(number.format($0)) } ?? .text(""), .text(r.correct ? "yes" : "no"),
                .number(number.format(r.score)), .number(number.format(r.points)), .text(r.note), .text(r.file),
            ])
        }
        return text
    }

    /// A feedback text per student (with a valid id): each lesson's score, every answer, and why any scored 0.
    public var feedback: [String: String] {
        let number = NumberFormat(style: .general, precision: 6)
        var byStudent: [String: [Grading.Row]] = [:]
        for r in rows where Roster.isValidID(r.student) { byStudent[r.student, default: []].append(r) }
        var out: [String: String] = [:]
        for (student, own) in byStudent {
            let right = own.filter(\.correct).count
            let answers = own.filter { !$0.exercise.isEmpty && $0.expected != nil }.count
            var text = "Feedback for \(student): \(right) of \(answers) answers right.\n"
            for lesson in ordered(own.map(\.lesson)) {
                let rowsOfLesson = own.filter { $0.lesson == lesson }
                let score = rowsOfLesson.reduce(0) { $0 + $1.score }
                let worth = lessonPoints[lesson].map { " of " + number.format($0) } ?? ""
                text += "\n\(lesson): \(number.format(score))\(worth) points.\n"
                for r in rowsOfLesson { text += "- " + line(r, number) + "\n" }
            }
            for note in notes[student] ?? [] { text += "\nNote: \(note)\n" }
            out[student] = text
        }
        return out
    }

    func line(_ r: Grading.Row, _ number: NumberFormat) -> String {
        guard !r.answer.isEmpty else { return "\(r.file): not graded: \(r.note)" }
        let name = r.exercise.isEmpty ? r.answer : "\(r.exercise).\(r.answer)"
        guard let expected = r.expected else { return "\(name): not graded: \(r.note)" }
        let given = r.given.map(number.format) ?? (r.written.isEmpty ? "no answer" : "'\(r.written)'")
        if r.correct { return "\(name): \(given), right." }
        let because = r.note.isEmpty || r.note == "no answer" ? "" : " (\(r.note))"
        return "\(name): \(given), but the answer is \(number.format(expected))\(because)."
    }

    /// `items` without repeats, in first-seen order.
    func ordered(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}

extension Grading {
    /// Writes `files` (paths relative to `folder`, as `place(csv:)` gives it: the grades and `feedback/<student>.txt`) as one set, through the
    /// writer the build uses: only over files a grading wrote there (`.workbook-grades-manifest`), never through a
    /// link, all old or all new.
    public static func write(_ files: [String: [UInt8]], into folder: String) throws(OutputWriter.WriteError) {
        try OutputWriter.write([
            OutputWriter.FileSet(folder: folder, files: files, isComplete: false, record: .grades)
        ])
    }
}
