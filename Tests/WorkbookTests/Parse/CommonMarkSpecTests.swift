import Foundation
import XCTest

@testable import Workbook

/// Prose without directives or math renders exactly as libcmark renders it, for every example of the
/// CommonMark spec that plain libcmark implements (the GFM extensions are not part of it), except where GitHub's
/// bare links make a link of a URL in text (two examples).
final class CommonMarkSpecTests: XCTestCase {
    /// The examples GitHub's bare links change: plain cmark leaves the URL as text, cmark-gfm's autolink extension
    /// (which the handouts follow) makes it a link; its HTML written by hand.
    static let autolinked: [Int: (plain: String, linked: String)] = [
        616: ("<p>&lt; http://foo.bar &gt;</p>\n", "<p>&lt; <a href=\"http://foo.bar\">http://foo.bar</a> &gt;</p>\n"),
        619: ("<p>http://example.com</p>\n", "<p><a href=\"http://example.com\">http://example.com</a></p>\n"),
    ]

    /// libcmark's HTML with GitHub's bare links.
    static func reference(_ markdown: String, allowRawHTML: Bool) -> String {
        autolinked.values.reduce(CommonMarkConverter.referenceHTML(markdown, allowRawHTML: allowRawHTML)) {
            $0.replacingOccurrences(of: $1.plain, with: $1.linked)
        }
    }

    struct Example {
        let number: Int
        let markdown: String
        let html: String
    }

    static func examples(extension wanted: String? = nil) throws -> [Example] {
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
            if let wanted { if !line.hasSuffix(" " + wanted) { continue } } else if isExtension { continue }
            func untab(_ s: [Substring]) -> String {
                s.map { $0.replacingOccurrences(of: "→", with: "\t") + "\n" }.joined()
            }
            examples.append(Example(number: number, markdown: untab(markdown), html: untab(html)))
        }
        return examples
    }

    /// The prose as libcmark renders it: the handouts add an id and a `#` link to every heading (tested below).
    func withoutAnchors(_ html: String) -> String {
        html.replacingOccurrences(of: #"<(h[1-6]) id="[^"]*">"#, with: "<$1>", options: .regularExpression)
            .replacingOccurrences(
                of: ##" <a class="wb-anchor" href="#[^"]*" aria-label="Link to this section">#</a>"##, with: "",
                options: .regularExpression)
    }

    func testHeadingsGetUniqueAnchorsAndLinksToThemResolve() throws {
        let product = buildLesson(
            "# The *loss*\n\n## Step 1: $J^{(t)}$\n\n## Step 1:\n\nSee [it](#step-1-1) and [that](#the-loss).\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertTrue(
            html.contains("<h1 id=\"the-loss\">The <em>loss</em> <a class=\"wb-anchor\" href=\"#the-loss\""), html)
        XCTAssertTrue(html.contains("<h2 id=\"step-1\">"), html)
        XCTAssertTrue(html.contains("<h2 id=\"step-1-1\">"), html)
        XCTAssertEqual(
            headlines("# A\n\n## Part one\n\nSee [x](#part-on).\n"),
            [
                "Lessons/test.md:5:5: warning: no heading of this lesson has the anchor '#part-on' (did you mean 'part-one'?)"
            ])
    }

    func testPipeTablesRenderAsTheGFMSpecSays() throws {
        let examples = try Self.examples(extension: "table")
        XCTAssertEqual(examples.count, 8)
        for example in examples {
            XCTAssertEqual(htmlBody(buildLesson(example.markdown)), example.html, "table example:\n\(example.markdown)")
        }
        // Math and inline values inside cells, and a table inside a list item.
        let product = buildLesson(
            helloModel
                + "| what | value |\n|:--|--:|\n| $\\lvert V \\rvert$ | {{ hello.V }} |\n\n- item\n\n  | a |\n  | - |\n  | b |\n"
        )
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertTrue(
            html.contains(
                "<td align=\"left\"><span class=\"math inline\">\\lvert V \\rvert</span></td>\n<td align=\"right\"><span class=\"wb-value\">4</span></td>"
            ), html)
        XCTAssertTrue(html.contains("<li>\n<p>item</p>\n<table>\n<thead>\n<tr>\n<th>a</th>"), html)
        XCTAssertTrue(product.markdown?.contains("| $\\lvert V \\rvert$ | 4 |") ?? false)
    }

    func testTheFixtureHoldsTheSpecsExamples() throws {
        let examples = try Self.examples()
        XCTAssertGreaterThan(examples.count, 640)
        // libcmark itself agrees with the spec's expected HTML on these (sanity check of the reading above).
        let agreeing = examples.filter { CommonMarkConverter.referenceHTML($0.markdown, allowRawHTML: true) == $0.html }
        for (number, html) in Self.autolinked {
            XCTAssertEqual(
                examples.first { $0.number == number }.map { CommonMarkConverter.referenceHTML($0.markdown, allowRawHTML: true) },
                html.plain)
        }
        // (libcmark 0.30 and this later edition of the spec differ on 11 examples, all about edge cases.)
        XCTAssertGreaterThanOrEqual(agreeing.count, examples.count - 11)
    }

    func testEveryExampleRendersAsLibcmarkDoesWithRawHTMLAllowed() throws {
        for example in try Self.examples() {
            let product = buildLesson(example.markdown, allowRawHTML: true)
            let expected = Self.reference(example.markdown, allowRawHTML: true)
            if example.markdown.allSatisfy({ $0.isWhitespace }) { continue }
            XCTAssertEqual(
                withoutAnchors(htmlBody(product)), expected, "spec example \(example.number):\n\(example.markdown)")
        }
    }

    func testEveryExampleRendersAsLibcmarkDoesInSafeMode() throws {
        for example in try Self.examples() where !example.markdown.allSatisfy({ $0.isWhitespace }) {
            XCTAssertEqual(
                withoutAnchors(htmlBody(buildLesson(example.markdown))),
                Self.reference(example.markdown, allowRawHTML: false),
                "spec example \(example.number)")
        }
    }

    func testALessonHoldingEveryProseExampleRendersAsLibcmarkDoes() throws {
        let lesson = try Self.examples().map(\.markdown).joined(separator: "\n")
        XCTAssertEqual(
            withoutAnchors(htmlBody(buildLesson(lesson, allowRawHTML: true))),
            Self.reference(lesson, allowRawHTML: true))
    }
}
