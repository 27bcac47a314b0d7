import XCTest

@testable import Workbook

/// What the preview adds to a page: the reload script before `</body>`, a failed lesson's diagnostics right after
/// `<body…>`, escaped; and the page of a lesson that never built.
final class PreviewHTMLTests: XCTestCase {
    func testTheScriptGoesBeforeTheBodyEndsAndTheDiagnosticsRightAfterItOpens() {
        let page = "<html><body class=\"x\"><p>old</p></body></html>"
        let shown = PreviewHTML.inject(
            into: page, errors: ["a.md:1:1: error: <b> & \"q\""], generation: 7, scriptPath: "/s.js")
        let script = "<script src=\"/s.js\" data-generation=\"7\"></script>\n</body></html>"
        XCTAssertTrue(shown.hasSuffix(script), shown)
        XCTAssertTrue(shown.hasPrefix("<html><body class=\"x\"><div id=\"wb-preview-errors\""), shown)
        XCTAssertTrue(shown.contains(">a.md:1:1: error: &lt;b&gt; &amp; &quot;q&quot;</pre></div>\n<p>old</p>"), shown)
        XCTAssertFalse(shown.contains("<b>"), shown)
    }

    func testAPageWithoutErrorsOrABodyEndGetsTheScriptAtItsEnd() {
        XCTAssertEqual(
            PreviewHTML.inject(into: "<p>x</p>", errors: [], generation: 2, scriptPath: "/s.js"),
            "<p>x</p><script src=\"/s.js\" data-generation=\"2\"></script>\n")
    }

    func testTheErrorPageEscapesTheSlug() {
        let page = PreviewHTML.errorPage(slug: "a<b>&'c")
        XCTAssertTrue(page.contains("<title>a&lt;b&gt;&amp;'c: errors</title>"), page)
        XCTAssertTrue(page.contains("<h1>a&lt;b&gt;&amp;'c</h1>"), page)
    }
}
