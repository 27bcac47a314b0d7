import Foundation
import XCTest

@testable import Workbook

/// A course folder made for one test, `<tmp>/<name>-<UUID>/` with `Lessons/` in it, which the test fills and
/// builds; `remove()` removes exactly that folder (never one found by walking up from a path).
struct TemporaryCourse {
    let root: String
    var lessons: String { root + "/Lessons" }

    init(_ name: String, files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    /// Writes `text` at `relative` (from the course folder), making its folders.
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + relative)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Builds `folder` (from the course folder) without KaTeX (the pages are compared as text), `change`
    /// adjusting the options.
    func build(_ folder: String = "Lessons", _ change: (inout BuildOptions) -> Void = { _ in }) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        change(&options)
        return CourseBuilder.build(inputs: [root + "/" + folder], options: options)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
