import Foundation
import XCTest

@testable import Workbook

/// Other systems' blocks and template syntax (issue 30 item 6): expected pages and warnings written by hand.
final class ForeignSyntaxTests: XCTestCase {
    func testQuartoCellsAreCodeWithAWarningAndMySTMathIsDisplayMath() {
        let lesson =
            "# T\n\n```{python}\nprint(1 < 2)\n```\n\n```{math}\nJ = -\\log \\hat y\n```\n\n- item\n\n  ```{note}\n  Read this.\n  ```\n"
        let product = buildLesson(lesson)
        // A MyST directive indented in a list item is a box in that item (`BoxesInContainersTests`).
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:3:1: warning: this {python} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)"
            ])
        let body = htmlBody(product)
        XCTAssertTrue(body.contains("<li>\n<p>item</p>\n<div class=\"wb-callout wb-callout-note\" role=\"note\">"), body)
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
                folder
                    + "/test.md:6:1: warning: Hugo's shortcode 'youtube' is left out: the handouts honour only Hugo's figure, ref and katex shortcodes, hugo-book's hint, details, expand, tabs and columns and Docsy's alert on lines of their own, and Jekyll's post_url",
                folder
                    + "/test.md:6:25: warning: Jekyll's Liquid tag '{% include %}' is left out: the handouts honour only Hugo's figure, ref and katex shortcodes, hugo-book's hint, details, expand, tabs and columns and Docsy's alert on lines of their own, and Jekyll's post_url",
            ])
        let body = htmlBody(product)
        XCTAssertTrue(body.contains("<p><img src=\"img/cell.png\" alt=\"An RNN cell\" /></p>"), body)
        XCTAssertTrue(
            body.contains(
                "<p>See <a href=\"03-lstm.html\">the LSTM</a> and <a href=\"04-gru.html\">GRUs</a>.\nand  gone.</p>"),
            body)
        XCTAssertFalse(body.contains("{:"), body)
    }

    /// hugo-book's math shortcode is math as `$…$` is (it was left out with a warning and its TeX shown as prose),
    /// displayed with `display=true`, `display` or `[display]`, in both handouts and the slides; its TeX escaped as
    /// math's is; in code it is code. One that nothing closes is an error, as `$$` is; a closing one alone a warning.
    func testHugoBooksKatexShortcodeIsMath() throws {
        let lesson = """
            ---
            slides: true
            ---

            Inline {{< katex >}}x^2 < y_1{{< /katex >}} and {{% katex %}}\\alpha{{% /katex %}}.

            {{< katex display=true >}}
            h_t = \\tanh(W h_{t-1})
            {{< /katex >}}

            {{< katex [display] class="text-center" >}}a & b{{< /katex >}} and `{{< katex >}}x{{< /katex >}}`

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <p>Inline <span class="math inline">x^2 &lt; y_1</span> and <span class="math inline">\\alpha</span>.</p>
            <p><span class="math display">h_t = \\tanh(W h_{t-1})</span></p>
            <p><span class="math display">a &amp; b</span> and <code>{{&lt; katex &gt;}}x{{&lt; /katex &gt;}}</code></p>

            """)
        XCTAssertEqual(
            product.markdown,
            """
            ---
            slides: true
            ---

            Inline $x^2 < y_1$ and $\\alpha$.

            $$h_t = \\tanh(W h_{t-1})$$

            $$a & b$$ and `{{< katex >}}x{{< /katex >}}`

            """)
        let deck = try XCTUnwrap(product.slides)
        XCTAssertTrue(deck.contains("<p><span class=\"math display\">h_t = \\tanh(W h_{t-1})</span></p>"), deck)
        XCTAssertEqual(
            headlines("# T\n\n{{< katex >}}x^2\n\nText {{< /katex >}}.\n"),
            [
                "Lessons/test.md:3:1: error: unterminated math: Hugo's '{{< katex >}}' has no '{{< /katex >}}' before a blank line",
                "Lessons/test.md:5:6: warning: this '{{< /katex >}}' closes no '{{< katex >}}', so it is left out",
            ])
    }

    /// What hugo-book's KaTeX could not draw is an error at its place, with nothing after it: dollars in the
    /// shortcode's body (TeX already: KaTeX's "can't use function '$' in math mode"; the page drew `$x$ and y` red and
    /// the Markdown handout wrote `$$x$ and y$`), a shortcode opened inside another (the inner one was read as an
    /// inline value: "unexpected '<' in expression"); an unclosed `{{<katex>}}` also gave a raw HTML warning for its
    /// `<katex>`. Lines after them keep their numbers.
    func testKatexShortcodesWithDollarsOrNestedAreErrorsAtTheirPlace() {
        XCTAssertEqual(
            headlines(
                """
                # T

                Nested {{< katex >}}a {{< katex >}}b{{< /katex >}} c{{< /katex >}} done.

                Dollars {{< katex >}}$x$ and
                y{{< /katex >}} but {{< katex >}}\\$ 5{{< /katex >}} is fine.

                Unclosed {{<katex>}}z^2 and more.

                After {{ x.

                """),
            [
                "Lessons/test.md:3:23: error: a '{{< katex >}}' cannot stand inside another: close the first with '{{< /katex >}}' before opening the next",
                "Lessons/test.md:3:53: warning: this '{{< /katex >}}' closes no '{{< katex >}}', so it is left out",
                "Lessons/test.md:5:22: error: a '$' inside Hugo's '{{< katex >}}': its body is TeX already, so write it without dollars (or \\$ for a dollar sign)",
                "Lessons/test.md:8:10: error: unterminated math: Hugo's '{{< katex >}}' has no '{{< /katex >}}' before a blank line",
                "Lessons/test.md:10:7: error: unterminated inline value: '{{' has no '}}' on its line",
            ])
    }

    /// An HTML comment alone is no raw HTML to warn about: Hugo's `<!--more-->` and an author's notes to self, in a
    /// line or over lines, build without a warning (so `--strict` passes), the HTML handout shows libcmark's
    /// omission as for any raw HTML, and the Markdown handout drops a comment block instead of publishing it. HTML
    /// with a comment beside it is still raw HTML. On the code before, each comment was a warning and the Markdown
    /// handout kept the block, note and all.
    func testAnHTMLCommentIsLeftOutWithoutAWarning() throws {
        let lesson =
            "# T\n\nSummary.\n\n<!--more-->\n\nRest <!-- answer: 42 --> of it.\n\n<!--\nprivate: the answer is 42\n-->\n\n<div>x</div> <!-- y -->\n\nEnd.\n"
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:13:1: warning: raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it"
            ])
        XCTAssertEqual(
            htmlBody(product),
            "<h1 id=\"t\">T <a class=\"wb-anchor\" href=\"#t\" aria-label=\"Link to this section\">#</a></h1>\n<p>Summary.</p>\n<!-- raw HTML omitted -->\n<p>Rest <!-- raw HTML omitted --> of it.</p>\n"
                + "<!-- raw HTML omitted -->\n<!-- raw HTML omitted -->\n<p>End.</p>\n")
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertFalse(markdown.contains("more") || markdown.contains("private"), markdown)
        XCTAssertTrue(markdown.contains("<div>x</div> <!-- y -->"), markdown)
    }

    /// MyST's other roles (`{doc}`, `{cite:year}`, …) show their content without the `{name}`, with a warning
    /// at the role saying what to write: on main '{cite}' stood in the text before the code, without a word.
    /// (`{cite}`, `{cite:p}`, `{cite:t}` and `{term}` are read: MySTDirectivesTests.)
    func testOtherMySTRolesShowTheirContentWithAWarning() {
        let product = buildLesson("See {doc}`rnn-lm`, after {cite:year}`elman1990, werbos1990`.\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:1:5: warning: MyST's role {doc} is not read, so only its content shows, as code: write the text itself, or a Markdown link",
                "Lessons/test.md:1:26: warning: MyST's role {cite:year} is not read, so only its content shows, as code: write Pandoc's citation, [@elman1990; @werbos1990] (or [-@elman1990] for the year alone), or MyST's {cite:p} or {cite:t}",
            ])
        XCTAssertEqual(
            htmlBody(product), "<p>See <code>rnn-lm</code>, after <code>elman1990, werbos1990</code>.</p>\n")
    }

    func testMySTMathRoleIsInlineMath() {
        let product = buildLesson("The step {math}`h^{(t)} = \\tanh(a)` and `code`.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            "<p>The step <span class=\"math inline\">h^{(t)} = \\tanh(a)</span> and <code>code</code>.</p>\n")
    }

    /// MyST's generic admonition takes its look from its class (`:class: tip`, with `dropdown` beside it): on
    /// main the class was dropped and the box was a note.
    func testAnAdmonitionsClassNamingAKindDrawsThatBox() {
        let lesson =
            "```{admonition} Curse of dimensionality\n:class: tip\nDefeated.\n```\n\n"
            + ":::{admonition} Memory\n:class: dropdown warning\nGrows.\n:::\n"
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <div class="wb-callout wb-callout-tip" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Curse of dimensionality</p>
            <div class="wb-callout-body">
            <p>Defeated.</p>
            </div>
            </div>
            <details class="wb-callout wb-callout-warning">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Memory</summary>
            <div class="wb-callout-body">
            <p>Grows.</p>
            </div>
            </details>

            """)
    }

    func testMySTAdmonitionsAreCalloutsInBothFencesAndFencesInCodeStayCode() throws {
        let lesson = """
            ```{warning}
            Gradients *explode*.
            ```

            ````{admonition} Why "tanh"?
            :class: dropdown
            ```python
            x = 1
            ```
            ````

            :::{hint}
            Clip them.
            :::

            ````markdown
            ```{note}
            Stays code.
            ```
            ````

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <div class="wb-callout wb-callout-warning" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Warning</p>
            <div class="wb-callout-body">
            <p>Gradients <em>explode</em>.</p>
            </div>
            </div>
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Why &quot;tanh&quot;?</summary>
            <div class="wb-callout-body">
            <pre><code class="language-python">x = 1
            </code></pre>
            </div>
            </details>
            <div class="wb-callout wb-callout-tip" role="note">
            <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Tip</p>
            <div class="wb-callout-body">
            <p>Clip them.</p>
            </div>
            </div>
            <pre><code class="language-markdown">```{note}
            Stays code.
            ```
            </code></pre>

            """)
    }

    func testDetailsOnLinesOfTheirOwnAreAFoldingBoxWhoseSummaryIsItsTitle() throws {
        let product = buildLesson(
            "<details>\n<summary>The <kbd>proof</kbd></summary>\n\nBy **induction** on $t$.\n</details>\n\n<details open>\nNo summary.\n</details>\n\n</details>\n"
        )
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:11:1: warning: raw HTML is left out of the HTML handout (the Markdown handout keeps it); build with --allow-raw-html to keep it"
            ])
        XCTAssertEqual(
            htmlBody(product),
            """
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>The <kbd>proof</kbd></summary>
            <div class="wb-callout-body">
            <p>By <strong>induction</strong> on <span class="math inline">t</span>.</p>
            </div>
            </details>
            <details class="wb-callout wb-callout-note" open>
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Details</summary>
            <div class="wb-callout-body">
            <p>No summary.</p>
            </div>
            </details>
            <p><!-- raw HTML omitted --></p>

            """)
    }

    func testJekyllSiteBaseIsTheCourseFolder() throws {
        let course = try TemporaryCourse("baseurl", files: ["img/cell.svg": "<svg/>"])
        defer { course.remove() }
        try course.write(
            "Lessons/01-cell.md",
            "# Cell\n\n![A cell]({{ site.baseurl }}/img/cell.svg) and ![Again]({{site.url}}/img/cell.svg)\n")
        let build = course.build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.copies.keys.sorted(), ["course-files/img/cell.svg"])
        XCTAssertEqual(
            htmlBody(build.lessons[0]),
            "<h1 id=\"cell\">Cell <a class=\"wb-anchor\" href=\"#cell\" aria-label=\"Link to this section\">#</a></h1>\n<p><img src=\"course-files/img/cell.svg\" alt=\"A cell\" /> and <img src=\"course-files/img/cell.svg\" alt=\"Again\" /></p>\n"
        )
    }

    func testMySTTargetsAndRolesAreCrossReferences() throws {
        let product = buildLesson(
            "# T\n\n(bptt)=\n\n## Through time\n\n$$\nJ = \\sum_t J^{(t)}\n$$ (loss)\n\nBy {eq}`loss`, see {ref}`bptt`; `{eq}` in code.\n\n(nothing)=\nText.\n"
        )
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        // The only lesson is lesson 1, so its first equation is 1.1; a target before text stays text.
        XCTAssertEqual(
            htmlBody(product),
            """
            <h1 id="t">T <a class="wb-anchor" href="#t" aria-label="Link to this section">#</a></h1>
            <h2 id="sec-bptt">Through time <a class="wb-anchor" href="#sec-bptt" aria-label="Link to this section">#</a></h2>
            <p><span class="math display" id="loss">J = \\sum_t J^{(t)}\\tag{1.1}</span></p>
            <p>By <a class="wb-xref" href="#loss">(1.1)</a>, see <a class="wb-xref" href="#sec-bptt">Through time</a>; <code>{eq}</code> in code.</p>
            <p>(nothing)=
            Text.</p>

            """)
    }
}
