import Foundation

/// Grades as learning management systems import them: a student's score for a lesson is the points their
/// counted answer file earned (0 for a file that could not be graded), one column (or file) per lesson, named
/// by the lesson's slug, which stays the same when its title is edited. Only students on the roster who handed
/// something in get a row; a lesson whose answers could not be computed gets no column.
///
/// - Canvas (canvas-lms `lib/gradebook_importer.rb`): the header must start `Student, ID` and name
///   `SIS User ID, SIS Login ID, Section` before the assignments; a row whose first cell holds
///   `Points Possible` sets a new assignment's points; a student is matched by ID (left empty: it is Canvas's
///   own number), then SIS User ID (`sis_id`), then SIS Login ID (`email`), then by name; a column whose name
///   is no assignment creates one.
/// - Moodle (`grade/import/csv`): on import, map `Email address` to the user's email address or `ID number`
///   (`sis_id`) to their ID number; each lesson column maps to a grade item or a new one.
/// - Gradescope: one file per lesson with Name, SID (`sis_id`), Email and Score, matched to the course roster
///   by email or SID.
struct LMSGrades {
    let result: Grading.Result
    let rosterPath: String
    let students: [Roster.Student]
    let lessons: [String]
    let totals: [String: Double]

    init(result: Grading.Result, roster: Roster?) {
        self.result = result
        rosterPath = roster?.path ?? ""
        var totals: [String: Double] = [:]
        for row in result.rows where result.lessonPoints[row.lesson] != nil {
            totals[row.student + "\u{0}" + row.lesson, default: 0] += row.score
        }
        let lessons = result.lessonPoints.keys.sorted()
        (self.totals, self.lessons) = (totals, lessons)
        students = (roster?.students ?? []).filter { s in lessons.contains { totals[s.id + "\u{0}" + $0] != nil } }
    }

    static let number = NumberFormat(style: .general, precision: 10)

    func score(_ student: Roster.Student, _ lesson: String) -> CSV.Cell {
        .number(totals[student.id + "\u{0}" + lesson].map(Self.number.format) ?? "")
    }

    func files(_ format: GradeFormat, named name: String) -> [String: String] {
        switch format {
        case .csv: return [:]
        case .canvas: return [name: canvas]
        case .moodle: return [name: moodle]
        case .gradescope:
            let stem = (name as NSString).deletingPathExtension
            let ext = (name as NSString).pathExtension
            var files: [String: String] = [:]
            for lesson in lessons {
                files[stem + "-" + lesson + "." + (ext.isEmpty ? "csv" : ext)] = gradescope(lesson)
            }
            return files
        }
    }

    var canvas: String {
        var text = CSV.record(
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"].map(CSV.Cell.text) + lessons.map(CSV.Cell.text))
        text += CSV.record(
            [.text("Points Possible")] + Array(repeating: CSV.Cell.text(""), count: 4)
                + lessons.map { .number(Self.number.format(result.lessonPoints[$0] ?? 0)) })
        for s in students {
            text += CSV.record(
                [.text(s.name), .text(""), .text(s.sisID ?? ""), .text(s.email ?? ""), .text(s.section ?? "")]
                    + lessons.map { score(s, $0) })
        }
        return text
    }

    var moodle: String {
        var text = CSV.record(
            ["Full name", "Email address", "ID number"].map(CSV.Cell.text) + lessons.map(CSV.Cell.text))
        for s in students {
            text += CSV.record(
                [.text(s.name), .text(s.email ?? ""), .text(s.sisID ?? "")] + lessons.map { score(s, $0) })
        }
        return text
    }

    func gradescope(_ lesson: String) -> String {
        var text = CSV.record(["Name", "SID", "Email", "Score"].map(CSV.Cell.text))
        for s in students where totals[s.id + "\u{0}" + lesson] != nil {
            text += CSV.record([.text(s.name), .text(s.sisID ?? ""), .text(s.email ?? ""), score(s, lesson)])
        }
        return text
    }

    /// A warning naming the students the LMS cannot match: without `sis_id` and `email`, Canvas matches by name
    /// only, and Moodle and Gradescope not at all.
    func unmatched(_ format: GradeFormat) -> [Diagnostic] {
        let missing = students.filter { $0.sisID == nil && $0.email == nil }
        guard format != .csv, !missing.isEmpty else { return [] }
        let names =
            missing.prefix(5).map { "'\($0.id)'" }.joined(separator: ", ")
            + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
        let consequence =
            format == .canvas
            ? "Canvas will match them by name only" : "\(format == .moodle ? "Moodle" : "Gradescope") cannot match them"
        return [
            Diagnostic(
                .warning, path: rosterPath,
                "\(missing.count) student\(missing.count == 1 ? " has" : "s have") neither 'email' nor 'sis_id' on the roster (\(names)): \(consequence)"
            )
        ]
    }
}
