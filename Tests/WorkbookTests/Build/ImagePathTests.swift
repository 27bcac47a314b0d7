import Foundation
import XCTest

@testable import Workbook

/// Image paths as other tools write them (issue 30 item 5): `./x.png` and `a/../x.png` are local images like
/// `x.png`, copied; a missing one is an error however it is spelled; one outside the lesson's folder is an error
/// naming the folder.
final class ImagePathTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Lessons/img", withIntermediateDirectories: true)
        try Data("png-bytes".utf8).write(to: URL(fileURLWithPath: root + "/Lessons/rnn_model.png"))
        try Data("svg-bytes".utf8).write(to: URL(fileURLWithPath: root + "/Lessons/img/cell.svg"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func build(_ lesson: String) throws -> CourseBuild {
        try Data(lesson.utf8).write(to: URL(fileURLWithPath: root + "/Lessons/01-notes.md"))
        var options = BuildOptions()
        options.katexDirectory = nil
        return CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
    }

    func testDotSlashAndInnerDotDotPathsAreCopiedAsLocalImages() throws {
        let build = try build(
            "# Notes\n\n![RNN Model](./rnn_model.png)\n\n![Cell](img/../img/./cell.svg)\n\n<img src=\"./img/cell.svg\" alt=\"cell\">\n")
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.copies.keys.sorted(), ["img/cell.svg", "rnn_model.png"])
        let page = build.lessons[0].html!
        XCTAssertTrue(page.contains("<img src=\"./rnn_model.png\" alt=\"RNN Model\" />"), page)
        XCTAssertTrue(page.contains("<img src=\"./img/cell.svg\" alt=\"cell\" />"), page)
    }

    func testAMissingImageIsAnErrorHoweverItIsSpelled() throws {
        for spelling in ["missing.png", "./missing.png", "img/../missing.png"] {
            let build = try build("# Notes\n\n![gone](\(spelling))\n")
            XCTAssertEqual(
                build.diagnostics.map(\.headline),
                [root + "/Lessons/01-notes.md:3:1: error: image: cannot read 'missing.png': there is no such file beside the lesson"],
                spelling)
        }
    }

    func testAnImageOutsideTheLessonsFolderIsAnErrorNamingTheFolder() throws {
        let build = try build("# Notes\n\n![types](../../../img/typesrnn.svg)\n")
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                root + "/Lessons/01-notes.md:3:1: error: the image '../../../img/typesrnn.svg' is outside the lesson's folder '\(root!)/Lessons': a lesson shows only images beside it or below it; move the image there and write its path from the lesson"
            ])
    }
}
