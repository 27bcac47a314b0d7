import Foundation
import XCTest

@testable import Workbook

/// `docs/lesson-format.md`: every complete example (a ````markdown block) builds without a diagnostic, however many
/// the file holds, and its contents list links every directive to its section.
final class DocumentationExamplesTests: XCTestCase {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/lesson-format.md")

    func testEveryExampleInTheLessonFormatGuideBuilds() throws {
        let text = try String(contentsOf: docs, encoding: .utf8)
        let examples = text.components(separatedBy: "\n````markdown\n").dropFirst().map {
            $0.components(separatedBy: "\n````")[0] + "\n"
        }
        // Counted from the file, line by line, rather than written here: every opening line is an example.
        let openings = text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0 == "````markdown" }
        XCTAssertEqual(examples.count, openings.count)
        XCTAssertFalse(examples.isEmpty, "the guide has examples")
        var options = BuildOptions()
        options.katexDirectory = nil
        options.swiftCells = SwiftCellTests.environment
        for (i, example) in examples.enumerated() {
            // Beside the guide, so an example reads the files the guide's folder holds (step-by-step.npz).
            let product = Pipeline.build(
                SourceFile(
                    path: docs.deletingLastPathComponent().appendingPathComponent("example\(i + 1).md").path,
                    text: example),
                slug: "example\(i + 1)", options: options, assets: AssetLinks.make(katexDirectory: nil))
            XCTAssertEqual(product.diagnostics.map(\.formatted), [], "example \(i + 1):\n\(example)")
            XCTAssertNotNil(product.html)
        }
    }

    func testTheContentsLinkEveryDirectiveToItsSection() throws {
        let text = try String(contentsOf: docs, encoding: .utf8)
        let contents = text.components(separatedBy: "\n- [Directives](#directives)")[1].components(separatedBy: "\n- ")[
            0]
        let headings = Set(text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { String($0.dropFirst(4)) })
        let kinds = DirectiveRegistry.kinds.map { $0.kind }
        XCTAssertEqual(kinds.count, 20)
        for kind in kinds {
            XCTAssertTrue(contents.contains("[`\(kind)`](#\(kind))"), "the contents list \(kind)")
            XCTAssertTrue(headings.contains(kind), "a section '### \(kind)'")
        }
        XCTAssertTrue(contents.contains("[Swift cells](#swift-cells)"))
    }
}
