import Foundation

/// The class list: a CSV file (RFC 4180, as spreadsheets save it: quoted fields, CRLF, a byte-order mark) whose
/// first line names its columns. `id` is required; `name`, `email`, `sis_id` and `section` are optional and go
/// to the grade files an LMS imports; other columns are ignored. Each student gets a student edition of their
/// own variant, and `workbook grade` marks their answers.
public struct Roster: Sendable, Equatable {
    public struct Student: Sendable, Equatable {
        public let id: String
        /// The student's name, or the id when the roster has no `name`.
        public let name: String
        /// The e-mail address (Canvas's SIS Login ID, Moodle's and Gradescope's identifier), if given.
        public var email: String?
        /// The institution's student number (Canvas's SIS User ID, Moodle's ID number, Gradescope's SID).
        public var sisID: String?
        public var section: String?

        public init(id: String, name: String, email: String? = nil, sisID: String? = nil, section: String? = nil) {
            (self.id, self.name, self.email, self.sisID, self.section) = (id, name, email, sisID, section)
        }
    }

    public let path: String
    public let students: [Student]

    /// The columns a roster may name (in any order, any case); `id` is required.
    static let knownColumns = ["id", "name", "email", "sis_id", "section"]

    /// Whether `id` can name a student's folder: letters, digits, `_`, `-` and `.`, not starting with `.`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && !id.hasPrefix(".")
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)
            }
            && id.allSatisfy(\.isASCII)
    }

    /// Reads the roster at `path`; mistakes are diagnostics at their line, and a roster without a single
    /// student is an error (a file saved in another format usually reads as one).
    public static func read(_ path: String) -> (Roster?, [Diagnostic]) {
        let data: Data
        do { data = try LessonFile.read(path, maxMB: 16, bound: .fixed("a roster")) } catch {
            return (nil, [Diagnostic(.error, path: path, "cannot read the roster: \(error.description)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(.error, path: path, "the roster is not UTF-8 text (save it as 'CSV UTF-8')")])
        }
        let file = SourceFile(path: path, text: text)
        let records: [CSV.Record]
        do { records = try CSV.records(text) } catch {
            return (nil, [Diagnostic(.error, in: file, at: error.location, error.message)])
        }
        let (header, headerProblems) = columns(of: records.first, in: file)
        guard let header else { return (nil, headerProblems) }
        var (students, diagnostics) = rows(records.dropFirst(), header: header, in: file)
        diagnostics = headerProblems + diagnostics
        if students.isEmpty && !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(
                Diagnostic(
                    .error, path: path,
                    "the roster lists no students: after the line naming the columns, one line per student"))
        }
        // At most a hundred errors (100,000 repeated rows printed 8.5 MB of them).
        return (Roster(path: path, students: students), Pipeline.capped(diagnostics, file, in: "this roster"))
    }

    /// Where each known column is in the header line (names compared without case or surrounding spaces).
    static func columns(of header: CSV.Record?, in file: SourceFile) -> ([String: Int]?, [Diagnostic]) {
        let names = (header?.fields ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let at = SourceLocation(line: header?.line ?? 1, column: 1)
        guard names.contains("id") else {
            let found = names.filter { !$0.isEmpty }
            return (
                nil,
                [
                    Diagnostic(
                        .error, in: file, at: at,
                        "the roster's first line names its columns, one of them 'id' (e.g. 'id,name,email')"
                            + (found.isEmpty ? "" : "; it names " + found.map { "'\($0)'" }.joined(separator: ", "))
                            + (found.first.map { didYouMean($0, among: ["id"]) } ?? ""))
                ]
            )
        }
        var positions: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (index, name) in names.enumerated() where knownColumns.contains(name) {
            if positions[name] != nil {
                diagnostics.append(Diagnostic(.error, in: file, at: at, "the column '\(name)' is named twice"))
            } else {
                positions[name] = index
            }
        }
        return (diagnostics.isEmpty ? positions : nil, diagnostics)
    }

    /// One student per record; blank lines are skipped, a bad or repeated id is an error at its line.
    static func rows(_ records: ArraySlice<CSV.Record>, header: [String: Int], in file: SourceFile) -> (
        [Student], [Diagnostic]
    ) {
        var students: [Student] = []
        var seen: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for record in records where record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        {
            func value(_ column: String) -> String? {
                guard let index = header[column], index < record.fields.count else { return nil }
                let text = record.fields[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let id = value("id") ?? ""
            let at = SourceLocation(line: record.line, column: 1)
            guard isValidID(id) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: at,
                        "'\(id)' cannot be a student id: letters, digits, '_', '-' and '.', not starting with '.'"))
                continue
            }
            guard id != EditionFiles.everyone else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: at,
                        "'\(id)' cannot be a student id: student/\(id)/ holds the student edition without a variant"))
                continue
            }
            if let first = seen[id] {
                diagnostics.append(Diagnostic(.error, in: file, at: at, "student '\(id)' is already on line \(first)"))
                continue
            }
            seen[id] = record.line
            students.append(
                Student(
                    id: id, name: value("name") ?? id, email: value("email"), sisID: value("sis_id"),
                    section: value("section")))
        }
        return (students, diagnostics)
    }
}
