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
            examples.count, 14,
            "one example per directive (corpus with train), plus the syntax and inline-value examples")
        for (i, example) in examples.enumerated() {
            let product = buildLesson(example, path: "docs/example\(i + 1).md")
            XCTAssertEqual(product.diagnostics.map(\.formatted), [], "example \(i + 1):\n\(example)")
            XCTAssertNotNil(product.html)
        }
    }
}
