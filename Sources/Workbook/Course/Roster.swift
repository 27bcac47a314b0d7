import Foundation

/// The class list: a CSV file whose header names an `id` column (and optionally `name`). Each student gets a
/// student edition of their own variant in `Output/student/<id>/`, and `workbook grade` marks their answers.
public struct Roster: Sendable, Equatable {
    public struct Student: Sendable, Equatable {
        public let id: String
        public let name: String
    }

    public let path: String
    public let students: [Student]

    /// Whether `id` can name a student's folder: letters, digits, `_`, `-` and `.`, not starting with `.`.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && !id.hasPrefix(".")
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)
            }
            && id.allSatisfy(\.isASCII)
    }

    /// Reads the roster at `path`; mistakes are diagnostics at their line.
    public static func read(_ path: String) -> (Roster?, [Diagnostic]) {
        let data: Data
        do { data = try LessonFile.read(path, maxMB: 16, limitName: "the roster's size (16 MiB)") } catch {
            return (nil, [Diagnostic(.error, path: path, "cannot read the roster: \(error.description)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(.error, path: path, "the roster is not UTF-8 text")])
        }
        let file = SourceFile(path: path, text: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        func fields(_ line: String) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        guard let header = lines.first.map(fields), let idColumn = header.firstIndex(of: "id") else {
            return (
                nil,
                [
                    Diagnostic(
                        .error, in: file, at: SourceLocation(line: 1, column: 1),
                        "the roster's first line names its columns, one of them 'id' (e.g. 'id,name')")
                ]
            )
        }
        let nameColumn = header.firstIndex(of: "name")
        var students: [Student] = []
        var seen: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let row = fields(line)
            let id = idColumn < row.count ? row[idColumn] : ""
            let at = SourceLocation(line: i + 1, column: 1)
            guard isValidID(id) else {
                diagnostics.append(
                    Diagnostic(
                        .error, in: file, at: at,
                        "'\(id)' cannot be a student id: letters, digits, '_', '-' and '.', not starting with '.'"))
                continue
            }
            if let first = seen[id] {
                diagnostics.append(Diagnostic(.error, in: file, at: at, "student '\(id)' is already on line \(first)"))
                continue
            }
            seen[id] = i + 1
            students.append(Student(id: id, name: nameColumn.flatMap { $0 < row.count ? row[$0] : nil } ?? id))
        }
        return (Roster(path: path, students: students), diagnostics)
    }
}
