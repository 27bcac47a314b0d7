import Foundation
import XCTest

@testable import Workbook

/// Other systems' blocks and template syntax (issue 30 item 6): expected pages and warnings written by hand.
final class ForeignSyntaxTests: XCTestCase {
    func testQuartoCellsAreCodeWithAWarningAndMySTMathIsDisplayMath() {
        let lesson = "# T\n\n```{python}\nprint(1 < 2)\n```\n\n```{math}\nJ = -\\log \\hat y\n```\n\n```{note}\nRead this.\n```\n"
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:3:1: warning: this {python} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)",
                "Lessons/test.md:11:1: warning: MyST's {note} directive is shown as code: write it as a callout, '> [!NOTE]' or '::: {.callout-note}'",
            ])
        let body = htmlBody(product)
        XCTAssertTrue(body.contains("<pre><code class=\"language-python\">print(1 &lt; 2)\n</code></pre>"), body)
        XCTAssertTrue(body.contains("<p><span class=\"math display\">J = -\\log \\hat y</span></p>"), body)
    }

    func testHugoShortcodesAndJekyllTagsAreHonouredOrLeftOutWithAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hugo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["03-lstm.md", "04-gru.md"] {
            try Data("# Other\n".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let lesson = """
            # T

            {{< figure src="img/cell.png" alt="An RNN cell" >}}

            See [the LSTM]({{< ref "posts/03-lstm.md" >}}) and [GRUs]({% post_url 04-gru %}).
            {{< youtube abc >}} and {% include note.html %} gone.
            {: .lead}

            """
        let product = buildLesson(lesson, path: folder + "/test.md")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                folder + "/test.md:6:1: warning: Hugo's shortcode 'youtube' is left out: the handouts honour only Hugo's figure and ref shortcodes and Jekyll's post_url",
                folder + "/test.md:6:25: warning: Jekyll's Liquid tag '{% include %}' is left out: the handouts honour only Hugo's figure and ref shortcodes and Jekyll's post_url",
            ])
        let body = htmlBody(product)
        XCTAssertTrue(body.contains("<p><img src=\"img/cell.png\" alt=\"An RNN cell\" /></p>"), body)
        XCTAssertTrue(
            body.contains(
                "<p>See <a href=\"03-lstm.html\">the LSTM</a> and <a href=\"04-gru.html\">GRUs</a>.\nand  gone.</p>"),
            body)
        XCTAssertFalse(body.contains("{:"), body)
    }

    func testMySTMathRoleIsInlineMath() {
        let product = buildLesson("The step {math}`h^{(t)} = \\tanh(a)` and `code`.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            "<p>The step <span class=\"math inline\">h^{(t)} = \\tanh(a)</span> and <code>code</code>.</p>\n")
    }
}
