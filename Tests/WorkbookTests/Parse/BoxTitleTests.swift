import Foundation
import XCTest

@testable import Workbook

/// A box's title is read as the inlines of one line of text and drawn as written (a MyST title's raw HTML as the
/// text it is; Quarto's `title="…"` keeps the prose's rule, `CalloutTests`). On the
/// code before, a title that would start a block of its own (`<script>`, an HTML block; `- `, a list) was read as
/// that block, and the box showed the kind's default title ("Details", "Tip").
final class BoxTitleTests: XCTestCase {
    func testATitleThatLooksLikeHTMLOrAListIsDrawnAsWrittenAndEscaped() throws {
        let lesson = """
            ```{dropdown} <script>alert(1)</script> & "q"
            Body.
            ```

            ::: {.callout-tip title="- 1 < 2, *really*"}
            Tip.
            :::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</summary>
            <div class="wb-callout-body">
            <p>Body.</p>
            </div>
            </details>
            <div class="wb-callout wb-callout-tip" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>- 1 &lt; 2, <em>really</em></p>
            <div class="wb-callout-body">
            <p>Tip.</p>
            </div>
            </div>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(
            product.markdown,
            """
            > [!NOTE]
            > **\\<script>alert(1)\\</script> & "q"**
            >
            > Body.

            > [!TIP]
            > **\\- 1 \\< 2, *really***
            >
            > Tip.

            """)
        let slides = try XCTUnwrap(buildLesson("---\nslides: true\n---\n\n" + lesson).slides)
        XCTAssertTrue(slides.contains(html.dropLast()), slides)
        XCTAssertFalse(slides.contains("<script>alert"), slides)
    }
}
