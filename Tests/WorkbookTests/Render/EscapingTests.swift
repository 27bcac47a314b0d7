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
        // The title's <b> is raw HTML, left out: said, never silent.
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:5: warning: raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it"
            ])
        XCTAssertTrue(buildLesson(lesson, allowRawHTML: true).diagnostics.isEmpty)
        let html = product.html!
        XCTAssertFalse(html.contains("<script>\""), "a token reached the page unescaped")
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("<code>&lt;script&gt;</code>"))
        XCTAssertTrue(html.contains("<code>&quot;&#39;&amp;</code>"))
        XCTAssertTrue(html.contains("<title>A bold &quot;title&quot; with x&lt;y</title>"), html)
        XCTAssertTrue(html.contains("<span class=\"math inline\">a &lt; b</span>"))
        XCTAssertTrue(html.contains("<span class=\"wb-value\">&lt;script&gt;</span>"))
        // The Markdown handout escapes the same values as text.
        XCTAssertTrue(product.markdown!.contains("and \\<script>."), product.markdown!)
    }

    func testAValueInsideALinkDestinationOrAttributeStaysText() {
        let lesson = helloModel + "![V is {{ hello.V }}](img.png)\n"
        let body = htmlBody(buildLesson(lesson))
        XCTAssertTrue(body.contains("alt=\"V is 4\""), body)
    }

    func testCorpusTextCheckLabelsPlotTitlesAndFileNamesAreEscaped() {
        let lesson = """
            ```rnn corpus
            name: c
            sentences: ["<script>alert('x')</script>", "a \\" onmouseover=\\"b"]
            tokens: characters
            ```

            ```rnn model
            name: m
            corpus: c
            hidden: 2
            ```

            ```rnn sample
            model: m
            prime: "<scr"
            length: 20
            untrained: true
            ```

            ```rnn forward
            model: m
            input: "<'\\">"
            ```

            ```rnn check
            - label: <img src=x onerror=alert(1)>
              value: m.V
              equals: m.V
            ```

            ```rnn plot
            kind: bar
            title: <script>alert(2)</script>
            value: m.forward.yhat[1]
            ```

            """
        let product = buildLesson(lesson, path: "Lessons/<b>&\"x.md")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = product.html!
        for raw in ["<script>alert", "<img src=x", "onmouseover=\"", "<scr\n", "<b>&"] {
            XCTAssertFalse(html.contains(raw), "unescaped: \(raw)")
        }
        XCTAssertTrue(
            html.contains("<code>Lessons/&lt;b&gt;&amp;&quot;x.md</code>"), "the file name in the footer is escaped")
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(html.contains("aria-label=\"&lt;script&gt;alert(2)&lt;/script&gt;\""))
        XCTAssertEqual(
            html.components(separatedBy: "<script").count - 1, 3,
            "only the page's own KaTeX, workbook and search-index scripts")
    }
}

/// The helpers that work on bytes for speed (a megabyte of prose passes through each) give what their definitions
/// on characters give: escaping next to multi-byte characters, a CR LF that is one Character, Unicode's white space.
final class ByteLevelTextTests: XCTestCase {
    func testHTMLEscapingKeepsMultiByteCharactersAndEscapesEveryMarkup() {
        XCTAssertEqual(HTML.escape("é<ü>&\"'𝛉"), "é&lt;ü&gt;&amp;&quot;&#39;𝛉")
        XCTAssertEqual(HTML.escape("é<'𝛉", apostrophe: false), "é&lt;'𝛉")
        let plain = "h⁽ᵗ⁾ = tanh(W_h h⁽ᵗ⁻¹⁾)"
        XCTAssertEqual(HTML.escape(plain), plain)
    }

    func testMarkdownLinesSplitAtNewlinesButNotInsideACarriageReturnLineFeed() {
        var lines = MarkdownLines()
        lines.push(.quote)
        lines.write("a\n\nb\r\nc\nd\n")
        XCTAssertEqual(lines.text, "> a\n>\n> b\r\nc\n> d\n")
    }

    func testSearchTextCollapsesUnicodeWhiteSpaceToOneSpace() {
        XCTAssertEqual(SearchText.collapsed(" \t a\u{A0}\u{2003} b\n\r\u{3000}c\u{85} "), "a b c")
        XCTAssertEqual(SearchText.collapsed("h⁽ᵗ⁾\u{200B}x"), "h⁽ᵗ⁾\u{200B}x")
    }
}
