import Foundation
import XCTest

@testable import Workbook

/// `workbook import` (issue 30 item 7): notes copied as they are under safe numbered names, a notebook converted,
/// images copied under their path, nothing ever overwritten, and the imported course builds.
final class NoteImportTests: XCTestCase {
    var course: TemporaryCourse!

    override func setUpWithError() throws {
        course = try TemporaryCourse("import")
        try course.write("notes/000_Recurrent Neural Networks.md", "---\ntitle: \"RNNs\"\nweight: 2\n---\n\n![Cell](img/cell.svg)\n")
        try course.write("notes/Bidirectional RNN.qmd", "# Bidirectional RNN\n\nSee [[Recurrent Neural Networks]] and [[RNNs]].\n")
        try course.write("notes/img/cell.svg", "<svg>cell</svg>")
        try course.write("notes/.obsidian/app.json", "{}")
        let notebook = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# Training\\n", "\\n", "The loss falls."]},
              {"cell_type": "code", "source": "print(1)", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["1\\n"]},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}}]}
            ], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4}
            """
        try course.write("notes/training.ipynb", notebook)
    }

    override func tearDownWithError() throws { course.remove() }

    func testAFolderOfNotesBecomesACourseThatBuilds() throws {
        let target = course.root + "/course"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/notes"], course: target), course: target)
        let notes = course.root + "/notes/"
        XCTAssertEqual(
            lines,
            [
                "Lessons/01-recurrent-neural-networks.md ← \(notes)000_Recurrent Neural Networks.md (copied, renamed)",
                "Lessons/02-bidirectional-rnn.md ← \(notes)Bidirectional RNN.qmd (copied, renamed)",
                "Lessons/03-training.md ← \(notes)training.ipynb (converted from a notebook)",
                "Lessons/03-training-output-1.png ← \(notes)training.ipynb (a cell's output)",
                "Lessons/img/cell.svg ← \(notes)img/cell.svg (copied)",
                "workbook.yml: written",
            ])
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-recurrent-neural-networks.md", encoding: .utf8),
            "---\ntitle: \"RNNs\"\nweight: 2\n---\n\n![Cell](img/cell.svg)\n")
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/03-training.md", encoding: .utf8),
            "# Training\n\nThe loss falls.\n\n```{python}\nprint(1)\n```\n\n```text\n1\n```\n\n![Output 1](03-training-output-1.png)\n")
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: target + "/Lessons/03-training-output-1.png")),
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        XCTAssertEqual(try String(contentsOfFile: target + "/workbook.yml", encoding: .utf8), "title: \"notes\"\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/Lessons/.obsidian"))
        // The imported course builds; the notebook's code cell is reported as not run, nothing else.
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [target + "/Lessons"], options: options)
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                target + "/Lessons/03-training.md:5:1: warning: this {python} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)"
            ])
        XCTAssertEqual(build.lessons.map(\.title), ["RNNs", "Bidirectional RNN", "Training"])
    }

    func testAnImportNeverReplacesAFileAndWritesNothingWhenOneIsThere() throws {
        let target = course.root + "/course"
        try course.write("course/Lessons/02-bidirectional-rnn.md", "mine")
        XCTAssertThrowsError(try NoteImport.write(try NoteImport.plan([course.root + "/notes"], course: target), course: target)) {
            XCTAssertEqual(
                "\($0)",
                "nothing imported: \(target)/Lessons/02-bidirectional-rnn.md already exists; the import never replaces a file (import into another course, or move them)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target + "/Lessons"), ["02-bidirectional-rnn.md"])
        XCTAssertEqual(try String(contentsOfFile: target + "/Lessons/02-bidirectional-rnn.md", encoding: .utf8), "mine")
    }

    func testANotebookThatIsNotJSONIsRefusedByName() throws {
        try course.write("bad.ipynb", "{\"cells\": [")
        XCTAssertThrowsError(try NoteImport.plan([course.root + "/bad.ipynb"], course: course.root + "/c")) {
            XCTAssertEqual("\($0)", "\(self.course.root)/bad.ipynb: not a Jupyter notebook (JSON with a 'cells' list)")
        }
    }

    func testTheCommandListsWhatItWroteAndRefusesASecondImport() throws {
        let folder = URL(fileURLWithPath: course.root)
        let first = try runWorkbook(["import", "notes/Bidirectional RNN.qmd", "--course", "c"], in: folder, for: Self.self)
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertEqual(
            first.out,
            "Lessons/01-bidirectional-rnn.md ← notes/Bidirectional RNN.qmd (copied, renamed)\nworkbook.yml: written\nNext: workbook build   (what the notes use that the handouts cannot show is reported as warnings)\n")
        let second = try runWorkbook(["import", "notes/Bidirectional RNN.qmd", "--course", "c"], in: folder, for: Self.self)
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(
            second.err,
            "error: nothing imported: c/Lessons/01-bidirectional-rnn.md already exists; the import never replaces a file (import into another course, or move them)\n")
    }

    func testNamesAreMadeSafe() {
        XCTAssertEqual(NoteImport.safeName("000_Recurrent Neural Networks (RNN)"), "recurrent-neural-networks-rnn")
        XCTAssertEqual(NoteImport.safeName("Über/..\\weird"), "ber-weird")
        XCTAssertEqual(NoteImport.safeName("42"), "42")
        XCTAssertEqual(NoteImport.safeName("!!!"), "note")
    }
}
