import XCTest

@testable import Workbook

/// Everything that comes from a lesson is escaped in the HTML handout; raw HTML is omitted unless allowed.
final class EscapingTests: XCTestCase {
    let hostile = "<script>alert(1)</script>"

    func testRawHTMLInProseIsOmittedByDefaultAndKeptWhenAllowed() {
        let lesson = "# Title\n\n\(hostile)\n\nInline <img src=x onerror=alert(1)> too.\n"
        let safe = buildLesson(lesson).html!
        XCTAssertFalse(safe.contains("<script>alert"))
        XCTAssertFalse(safe.contains("onerror"))
        XCTAssertTrue(safe.contains("<!-- raw HTML omitted -->"))
        let allowed = buildLesson(lesson, allowRawHTML: true).html!
        XCTAssertTrue(allowed.contains(hostile))
    }

    func testTokensMathValuesAndTitlesAreEscaped() {
        let lesson = """
            # A <b>bold</b> "title" with $x<y$

            ```rnn model
            name: m
            vocabulary: ["<script>", "\\"'&"]
            hidden: 2
            ```

            ```rnn forward
            model: m
            input: ["<script>", "\\"'&"]
            ```

            Math $a < b$ and {{ m.forward.predicted[1] }} and {{ m.vocabulary[1] }}.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = product.html!
        XCTAssertFalse(html.contains("<script>\""), "a token reached the page unescaped")
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("<code>&lt;script&gt;</code>"))
        XCTAssertTrue(html.contains("<code>&quot;&#39;&amp;</code>"))
        XCTAssertTrue(html.contains("<title>A bold &quot;title&quot; with x&lt;y</title>"), html)
        XCTAssertTrue(html.contains("<span class=\"math inline\">a &lt; b</span>"))
        XCTAssertTrue(html.contains("<span class=\"wb-value\">&lt;script&gt;</span>"))
        // The Markdown handout escapes the same values as text.
        XCTAssertTrue(product.markdown!.contains("and \\<script\\>."), product.markdown!)
    }

    func testAValueInsideALinkDestinationOrAttributeStaysText() {
        let lesson = helloModel + "![V is {{ hello.V }}](img.png)\n"
        let body = htmlBody(buildLesson(lesson))
        XCTAssertTrue(body.contains("alt=\"V is 4\""), body)
    }
}
