import Foundation
import XCTest

@testable import Workbook

/// Every complete example in `docs/lesson-format.md` (a ````markdown block) builds without a diagnostic.
final class DocumentationExamplesTests: XCTestCase {
    func testEveryExampleInTheLessonFormatGuideBuilds() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/lesson-format.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let examples = text.components(separatedBy: "````markdown\n").dropFirst().map {
            $0.components(separatedBy: "\n````")[0] + "\n"
        }
        XCTAssertEqual(
            examples.count, 25,
            "one example per directive (corpus with train) and of Swift cells, plus the syntax and inline values, and a network's backward from h0 and c0"
        )
        var options = BuildOptions()
        options.katexDirectory = nil
        options.swiftCells = SwiftCellTests.environment
        for (i, example) in examples.enumerated() {
            let product = Pipeline.build(
                SourceFile(path: "docs/example\(i + 1).md", text: example), slug: "example\(i + 1)", options: options,
                assets: AssetLinks.make(katexDirectory: nil))
            XCTAssertEqual(product.diagnostics.map(\.formatted), [], "example \(i + 1):\n\(example)")
            XCTAssertNotNil(product.html)
        }
    }
}
