import XCTest

@testable import Workbook

/// LaTeX's math delimiters `\( … \)`, `\[ … \]` and `\begin{equation}` (and `align` …) at a line's start, as
/// other tools' notes write math (issue 30 item 4). Expected HTML written by hand.
final class MathDelimiterTests: XCTestCase {
    func testBackslashParenthesesAndBracketsAreMath() {
        let product = buildLesson("Inline \\( x^2 < y_1 \\) and display \\[ \\sum_t J^{(t)} \\] done.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            "<p>Inline <span class=\"math inline\">x^2 &lt; y_1</span> and display <span class=\"math display\">\\sum_t J^{(t)}</span> done.</p>\n"
        )
    }

    func testAnUnclosedBackslashParenthesisStaysText() {
        XCTAssertEqual(htmlBody(buildLesson("A \\(x and more.\n\nNext \\) para.\n")), "<p>A (x and more.</p>\n<p>Next ) para.</p>\n")
    }

    func testEnvironmentsAtALineStartAreDisplayMathWithTheirLabel() {
        let lesson = """
            # T

            \\begin{align}
            h^{(t)} &= \\sigma(W_h h^{(t-1)}) \\label{eq-h}
            \\end{align}

            As @eq-h shows; but a \\begin{equation} inside a line is text.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertTrue(
            body.contains(
                "<span class=\"math display\" id=\"eq-h\">\\begin{aligned}\nh^{(t)} &amp;= \\sigma(W_h h^{(t-1)}) \n\\end{aligned}\\tag{1.1}</span>"),
            body)
        XCTAssertTrue(body.contains("a \\begin{equation} inside a line is text."), body)
        XCTAssertTrue(body.contains("href=\"#eq-h\""), body)
    }

    /// The Markdown handout is written from the tree, in GitHub's form: LaTeX's delimiters become dollars.
    func testTheMarkdownHandoutWritesTheMathWithDollars() {
        let lesson = "Inline \\( x \\) and\n\n\\begin{equation}\nx\n\\end{equation}\n"
        XCTAssertEqual(buildLesson(lesson).markdown, "Inline $x$ and\n\n$$x$$\n")
    }
}
