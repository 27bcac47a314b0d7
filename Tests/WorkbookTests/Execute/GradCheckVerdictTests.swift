import Foundation
import XCTest

@testable import Workbook

/// A gradient-check entry that passes only by its absolute error says so.
final class GradCheckVerdictTests: XCTestCase {
    func testEntriesPassingByAtolAreMarkedAsSuch() throws {
        let lesson =
            helloModel + """
                ```rnn gradcheck
                model: hello
                sequence: hello
                parameters: [b2]
                tolerance: 1e-15
                atol: 1e-6
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let markdown = try XCTUnwrap(product.markdown)
        // Central differences in double precision carry ~1e-10 of relative error: every entry is above 1e-15.
        XCTAssertTrue(markdown.contains("| ✓ within 1.00e-15, 4 by atol 1.00e-06 |"), markdown)
        XCTAssertEqual(markdown.components(separatedBy: "| ✓ by atol |").count - 1, 4, markdown)
        let strict = buildLesson(lesson.replacingOccurrences(of: "atol: 1e-6", with: "atol: 1e-20"))
        XCTAssertEqual(strict.diagnostics.first?.message.hasPrefix("gradient check failed: 4 of 4 entries"), true)
    }
}
