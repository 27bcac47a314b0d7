import Foundation
import XCTest

@testable import Workbook

/// Prose without directives or math renders exactly as libcmark renders it, for every example of the
/// CommonMark spec that plain libcmark implements (the GFM extensions are not part of it).
final class CommonMarkSpecTests: XCTestCase {
    struct Example {
        let number: Int
        let markdown: String
        let html: String
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOf: fixtureURL("commonmark-spec.txt"), encoding: .utf8)
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var number = 0
        while let line = lines.popFirst() {
            guard line.hasPrefix(fence + " example") else { continue }
            number += 1
            let extensions = ["table", "autolink", "strikethrough", "tagfilter", "disabled"]
            let isExtension = extensions.contains { line.contains($0) }
            var markdown: [Substring] = []
            var html: [Substring] = []
            var inHTML = false
            while let body = lines.popFirst(), body != fence {
                if body == "." && !inHTML {
                    inHTML = true
                    continue
                }
                if inHTML { html.append(body) } else { markdown.append(body) }
            }
            if isExtension { continue }
            func untab(_ s: [Substring]) -> String {
                s.map { $0.replacingOccurrences(of: "→", with: "\t") + "\n" }.joined()
            }
            examples.append(Example(number: number, markdown: untab(markdown), html: untab(html)))
        }
        return examples
    }

    func testTheFixtureHoldsTheSpecsExamples() throws {
        let examples = try Self.examples()
        XCTAssertGreaterThan(examples.count, 640)
        // libcmark itself agrees with the spec's expected HTML on these (sanity check of the reading above).
        let agreeing = examples.filter { CommonMarkConverter.referenceHTML($0.markdown, allowRawHTML: true) == $0.html }
        // (libcmark 0.30 and this later edition of the spec differ on 11 examples, all about edge cases.)
        XCTAssertGreaterThanOrEqual(agreeing.count, examples.count - 11)
    }

    func testEveryExampleRendersAsLibcmarkDoesWithRawHTMLAllowed() throws {
        for example in try Self.examples() {
            let product = buildLesson(example.markdown, allowRawHTML: true)
            let expected = CommonMarkConverter.referenceHTML(example.markdown, allowRawHTML: true)
            if example.markdown.allSatisfy({ $0.isWhitespace }) { continue }
            XCTAssertEqual(htmlBody(product), expected, "spec example \(example.number):\n\(example.markdown)")
        }
    }

    func testEveryExampleRendersAsLibcmarkDoesInSafeMode() throws {
        for example in try Self.examples() where !example.markdown.allSatisfy({ $0.isWhitespace }) {
            XCTAssertEqual(
                htmlBody(buildLesson(example.markdown)),
                CommonMarkConverter.referenceHTML(example.markdown, allowRawHTML: false),
                "spec example \(example.number)")
        }
    }

    func testALessonHoldingEveryProseExampleRendersAsLibcmarkDoes() throws {
        let lesson = try Self.examples().map(\.markdown).joined(separator: "\n")
        XCTAssertEqual(
            htmlBody(buildLesson(lesson, allowRawHTML: true)),
            CommonMarkConverter.referenceHTML(lesson, allowRawHTML: true))
    }
}
