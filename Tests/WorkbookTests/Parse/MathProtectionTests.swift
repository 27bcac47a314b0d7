import XCTest

@testable import Workbook

final class MathProtectionTests: XCTestCase {
    func protect(_ text: String) -> MathProtection.Result {
        let file = SourceFile(path: "x.md", text: text)
        return MathProtection(file: file, verbatimLines: CommonMarkConverter.verbatimLines(of: text)).run()
    }

    func testEmphasisCharactersInsideMathReachBothOutputsIntact() {
        let lesson = "Products $a*b*c$ and $\\hat{y}_w^{(t)} \\log \\hat{y}_w^{(t)}$ here.\n"
        let product = buildLesson(lesson)
        XCTAssertEqual(
            htmlBody(product),
            "<p>Products <span class=\"math inline\">a*b*c</span> and <span class=\"math inline\">\\hat{y}_w^{(t)} \\log \\hat{y}_w^{(t)}</span> here.</p>\n"
        )
        XCTAssertEqual(product.markdown, lesson)
    }

    /// Math over several lines of a block quote (an Obsidian callout) or a list item leaves their marks out of the
    /// TeX, as cmark leaves them out of a paragraph's text; a line's own `-` past them stays.
    func testMathOverLinesOfQuotesAndItemsLeavesTheirMarksOut() throws {
        let lesson = """
            > [!note] Title
            > $$
            > a = b
            > $$

            > quote $a +
            > b$ end

            - item $c +
              d$ end
            - next

            > d $$a
            > - b$$

            And $x
            - y$ z

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        for expected in [
            "<p><span class=\"math display\">a = b</span></p>", "quote <span class=\"math inline\">a +\nb</span> end",
            "<li>item <span class=\"math inline\">c +\nd</span> end</li>\n<li>next</li>",
            "d <span class=\"math display\">a\n- b</span>", "And <span class=\"math inline\">x\n- y</span> z",
        ] {
            XCTAssertTrue(html.contains(expected), "\(expected) in\n\(html)")
        }
        XCTAssertFalse(html.contains("&gt; a"), html)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("> quote $a +\n> b$ end"), markdown)
        XCTAssertTrue(markdown.contains("> $$a = b$$"), markdown)
    }

    /// Inline math does not go on out of the quote or the item that it opens in: cmark's blocks come first, so `\(`
    /// in one item is not closed by the `\)` of the next. Lines nested deeper in it are the TeX's.
    func testInlineMathEndsWithItsItem() {
        let html = htmlBody(buildLesson("1. one \\(e\n2. two \\(f\\)\n\n- x $u\n  > v$ w\n"))
        XCTAssertTrue(html.contains("<li>one (e</li>\n<li>two <span class=\"math inline\">f</span></li>"), html)
        XCTAssertTrue(html.contains("<li>x <span class=\"math inline\">u\n&gt; v</span> w</li>"), html)
        XCTAssertEqual(protect("- a $b\n- c$ d\n").math, [])
        XCTAssertEqual(protect("> a $b\n> c$ d\n").math.map(\.tex), ["b\nc"])
        // A line of the TeX's own that cmark's first pass reads as a block nested in the item or quote (a list
        // item, a quote) stays in the math, its sign kept.
        XCTAssertEqual(
            protect("- The loss $J = -\\log p\n  + \\lambda \\|W\\|^2$ is minimised.\n").math.map(\.tex),
            ["J = -\\log p\n+ \\lambda \\|W\\|^2"])
        XCTAssertEqual(protect("> where $x\n> > 0$ holds\n").math.map(\.tex), ["x\n> 0"])
        XCTAssertEqual(protect("- \\(a\n  - b\\) c\n").math.map(\.tex), ["a\n- b"])
        // A `$` with a space before it in the next item is not the one the warning points at: the text shown as
        // written ran over both items, and their backticks showed (`one \u{60}$a + b`, `two $\u{60} y`).
        let spaced = buildLesson("- one $a + b\n- two $ y and more\n")
        XCTAssertTrue(htmlBody(spaced).contains("<li>one $a + b</li>\n<li>two $ y and more</li>"), htmlBody(spaced))
        XCTAssertEqual(
            spaced.diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:7: warning: unclosed inline math: this '$' has no closing '$' before a blank line, so it is shown as a dollar sign; close the math, or write '\\$' for a dollar sign"
            ])
    }

    func testDollarAmountsStayProse() {
        let result = protect("It costs $20 and $30 today.\n")
        XCTAssertEqual(result.math, [])
        XCTAssertEqual(htmlBody(buildLesson("It costs $20 and $30 today.\n")), "<p>It costs $20 and $30 today.</p>\n")
    }

    func testInlineValuesInsideMathBecomeTeXNumbers() throws {
        let lesson =
            helloModel + """
                ```rnn loss
                model: hello
                sequence: hello
                ```

                Inline $|V| = {{ hello.V }}$, a percent ${{ hello.loss.p_target[1] | .1% }}$ and

                $$J = {{ hello.loss.mean / 100000 | .3e }}, \\quad \\text{text } {{ hello.loss.targets[1] }}$$

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertTrue(html.contains("<span class=\"math inline\">|V| = 4</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"math inline\">31.2\\%</span>"), html)
        XCTAssertTrue(
            html.contains(
                "<span class=\"math display\">J = 1.554 \\times 10^{-5}, \\quad \\text{text } \\text{e}</span>"),
            html)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("Inline $|V| = 4$, a percent $31.2\\%$ and"), markdown)
        XCTAssertTrue(markdown.contains("$$J = 1.554 \\times 10^{-5}, \\quad \\text{text } \\text{e}$$"), markdown)
    }

    func testVectorsAndMatricesInlineAreTeXMatrices() throws {
        let lesson =
            helloModel + """
                The bias is {{ hello.b1 | vector .2f }} and in math $\\mathbf{W}_h = {{ hello.W_h | matrix .1f }}$.

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let markdown = try XCTUnwrap(product.markdown)
        let b1 = try XCTUnwrap(
            markdown.range(
                of: #"The bias is \$\\begin\{bmatrix\}-?[0-9.]+ \\\\ -?[0-9.]+ \\\\ -?[0-9.]+\\end\{bmatrix\}\$"#,
                options: .regularExpression),
            markdown)
        XCTAssertFalse(markdown[b1].isEmpty)
        XCTAssertTrue(markdown.contains(#"$\mathbf{W}_h = \begin{bmatrix}"#), markdown)
        let html = htmlBody(product)
        XCTAssertTrue(html.contains(#"The bias is <span class="math inline">\begin{bmatrix}"#), html)
        XCTAssertEqual(
            headlines(helloModel + "{{ hello.W_h | vector }}\n"),
            ["Lessons/test.md:8:4: error: '| vector' shows a vector, but 'hello.W_h' is a 3×3 matrix"])
    }

    func testAnUnclosedInlineDollarIsAWarningAtItsColumn() {
        XCTAssertEqual(
            protect("The loss $J = \\frac{1}{T} is\nnot closed.\n").diagnostics.map(\.headline),
            [
                "x.md:1:10: warning: unclosed inline math: this '$' has no closing '$' before a blank line, so it is shown as a dollar sign; close the math, or write '\\$' for a dollar sign"
            ])
        // Dollar amounts, an escaped dollar and a dollar before a space are prose, and say nothing.
        XCTAssertEqual(protect("It costs $20, \\$x and $ y.\n").diagnostics, [])
        XCTAssertEqual(protect("Closed $x$ is fine.\n").diagnostics, [])
    }

    func testPandocRulesForOpeningAndClosingDollars() {
        XCTAssertEqual(protect("$ x$ and $x $ are not math\n").math, [])
        XCTAssertEqual(protect("$x$5 is not math\n").math, [])
        XCTAssertEqual(protect("a $x$, b\n").math.map(\.tex), ["x"])
        XCTAssertEqual(protect("\\$x$ is a dollar then text\n").math, [])
        XCTAssertEqual(htmlBody(buildLesson("\\$5 and \\$6\n")), "<p>$5 and $6</p>\n")
    }

    func testDisplayMathSpansLinesAndKeepsLineNumbers() {
        let text = "Before\n$$\nJ = \\frac{1}{T}\n\\sum_t J^{(t)}\n$$\nafter {{ nothing }}\n"
        let result = protect(text)
        XCTAssertEqual(result.math.count, 1)
        XCTAssertTrue(result.math[0].display)
        XCTAssertEqual(result.math[0].tex, "J = \\frac{1}{T}\n\\sum_t J^{(t)}")
        XCTAssertEqual(result.values.first?.location, SourceLocation(line: 6, column: 7))
        XCTAssertEqual(
            result.text.split(separator: "\n", omittingEmptySubsequences: false).count,
            text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    func testMathNeverCrossesABlankLine() {
        XCTAssertEqual(protect("$a\n\nb$\n").math, [])
        XCTAssertEqual(
            protect("$$a\n\nb$$\n").diagnostics.map(\.headline),
            [
                "x.md:1:1: error: unterminated display math: '$$' has no closing '$$' before a blank line",
                "x.md:3:2: error: unterminated display math: '$$' has no closing '$$' before a blank line",
            ])
    }

    /// A line of `>` alone is blank inside a block quote (and starts one outside), so math does not cross it
    /// either: it had typeset `> $$` / `> a` / `>` / `> $$` as one display.
    func testMathNeverCrossesALineOfAQuoteMarkAlone() {
        XCTAssertEqual(protect("> x $y\n>\n> z$ w\n").math, [])
        XCTAssertEqual(protect("> > x $y\n> >\n> > z$ w\n").math, [])
        // Indented four spaces, a `>` is a paragraph's text (here a relation on a line of its own).
        XCTAssertEqual(protect("$$\n    f(x)\n    >\n    g(x)\n$$\n").math.map(\.tex), ["f(x)\n    >\n    g(x)"])
        XCTAssertEqual(protect("> \\begin{equation}\n> a\n>\n> \\end{equation}\n").math, [])
        XCTAssertEqual(
            protect("> $$\n> a\n>\n> $$\n").diagnostics.map(\.headline),
            [
                "x.md:1:3: error: unterminated display math: '$$' has no closing '$$' before a blank line",
                "x.md:4:3: error: unterminated display math: '$$' has no closing '$$' before a blank line",
            ])
    }

    /// `\begin{align}` and the other environments stand as display math first on a line of a callout or a list
    /// item too (after `> ` or `- `), as at the margin; elsewhere on a line they stay text.
    func testEnvironmentsFirstOnTheLinesOfQuotesAndItems() throws {
        let lesson = """
            > [!note] Loss
            > \\begin{align}
            > a &= b \\\\
            > c &= d
            > \\end{align}

            - \\begin{equation}
              x = 1
              \\end{equation}
            1. > \\begin{gather}
               > y
               > \\end{gather}

            Text \\begin{equation} z \\end{equation}

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        for expected in [
            "<p><span class=\"math display\">\\begin{aligned}\na &amp;= b \\\\\nc &amp;= d\n\\end{aligned}</span></p>",
            "<li><span class=\"math display\">x = 1</span></li>",
            "<blockquote>\n<p><span class=\"math display\">\\begin{gathered}\ny\n\\end{gathered}</span></p>",
            "<p>Text \\begin{equation} z \\end{equation}</p>",
        ] {
            XCTAssertTrue(html.contains(expected), "\(expected) in\n\(html)")
        }
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("> $$\\begin{aligned}\n> a &= b \\\\\n> c &= d\n> \\end{aligned}$$"), markdown)
    }

    func testCodeSpansAndBlocksKeepDollarsAndBraces() {
        let text = "Use `$x$` or ``{{ a }}``.\n\n```\n$y$ {{ b }}\n```\n\n    $z$\n"
        let result = protect(text)
        XCTAssertEqual(result.math, [])
        XCTAssertEqual(result.values, [])
        XCTAssertEqual(result.text, text)
    }

    func testInlineValuesRecordTheirExpressionFormatAndPlace() {
        let result = protect("Loss {{ hello.loss.mean | .4f }} and {{ x[1, \"|\"] }}.\n")
        XCTAssertEqual(result.values.map(\.expression), ["hello.loss.mean", "x[1, \"|\"]"])
        XCTAssertEqual(result.values.map(\.format), [".4f", nil])
        XCTAssertEqual(result.values[0].location, SourceLocation(line: 1, column: 6))
        XCTAssertEqual(result.values[0].expressionLocation, SourceLocation(line: 1, column: 9))
    }

    func testMathInAnImageAltTextStaysPlainText() {
        let body = htmlBody(buildLesson("![the loss $J$](x.png)\n"))
        XCTAssertEqual(body, "<p><img src=\"x.png\" alt=\"the loss J\" /></p>\n")
    }

    func testMathInsideEmphasisAndLinks() {
        XCTAssertEqual(
            htmlBody(buildLesson("*see $a_1$* and [$b$](u)\n")),
            "<p><em>see <span class=\"math inline\">a_1</span></em> and <a href=\"u\"><span class=\"math inline\">b</span></a></p>\n"
        )
    }
}
