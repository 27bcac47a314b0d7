import XCTest

@testable import Workbook

/// MyST's (Jupyter Book's) numbered references: `{numref}` with and without a template, `{ref}` with its own text,
/// and `:label:` on a ```` ```{math} ```` block, numbered with the lesson's other equations. The numbers are
/// counted by hand: the lesson is lesson 1, its equations in the order written.
final class MySTReferenceTests: XCTestCase {
    static let lesson = """
        # T

        $$a$$ {#eq-first}

        ```{math}
        :label: total
        :nowrap:
        J = \\sum_t J^{(t)}
        ```

        ![The net](net.svg){#fig-net}

        (bptt)=
        ## Through time

        By {eq}`total` and {numref}`eq-first`; {numref}`Fig. %s <fig-net>` shows {numref}`{name} ({number}) <fig-net>`.
        See {ref}`the section on time <bptt>` and {ref}`this figure <fig-net>`.

        """

    func testNumrefRefWithTextAndALabelledMathBlock() throws {
        let product = buildLesson(Self.lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertTrue(
            body.contains("<p><span class=\"math display\" id=\"total\">J = \\sum_t J^{(t)}\\tag{1.2}</span></p>"), body
        )
        XCTAssertTrue(
            body.contains(
                "<p>By <a class=\"wb-xref\" href=\"#total\">(1.2)</a> and <a class=\"wb-xref\" href=\"#eq-first\">Eq. 1.1</a>; "
                    + "<a class=\"wb-xref\" href=\"#fig-net\">Fig. 1.1</a> shows <a class=\"wb-xref\" href=\"#fig-net\">The net (1.1)</a>.\n"
                    + "See <a class=\"wb-xref\" href=\"#sec-bptt\">the section on time</a> and "
                    + "<a class=\"wb-xref\" href=\"#fig-net\">this figure</a>.</p>"),
            body)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("<a id=\"total\"></a>$$J = \\sum_t J^{(t)} \\tag{1.2}$$"), markdown)
        XCTAssertTrue(
            markdown.contains(
                "By [(1.2)](#total) and [Eq. 1.1](#eq-first); [Fig. 1.1](#fig-net) shows [The net (1.1)](#fig-net).\n"
                    + "See [the section on time](#sec-bptt) and [this figure](#fig-net)."),
            markdown)
    }

    /// MyST's figure directive is the image with its caption, its `:name:` the figure's label (`fig-` added), which
    /// `{numref}` and `{ref}` find by the name as written; the other options are dropped and later lines keep
    /// their numbers. On the code before, the figure was a code block of its option lines, the image lost, and the
    /// references were errors. The page written out by hand.
    func testAFigureDirectiveIsANumberedFigureItsNameFinds() {
        let lesson = """
            # T

            ```{figure} net.svg
            :name: unrolled
            :width: 60%

            The network *unrolled*
            through time.
            ```

            See {numref}`unrolled`, {numref}`Fig. %s <unrolled>` and {ref}`the figure <unrolled>`; {ref}`nope`.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:11:88: error: unknown cross-reference '{ref}`nope`': no lesson of the course defines the label 'nope'"
            ])
        let fixed = buildLesson(lesson.replacingOccurrences(of: "; {ref}`nope`", with: ""))
        let body = htmlBody(fixed)
        XCTAssertTrue(
            body.contains(
                "<figure class=\"wb-figure\" id=\"fig-unrolled\">\n<img src=\"net.svg\" alt=\"The network unrolled through time.\" />\n"
                    + "<figcaption>Figure 1.1: The network <em>unrolled</em> through time.</figcaption>\n</figure>\n"
                    + "<p>See <a class=\"wb-xref\" href=\"#fig-unrolled\">Figure 1.1</a>, <a class=\"wb-xref\" href=\"#fig-unrolled\">Fig. 1.1</a> "
                    + "and <a class=\"wb-xref\" href=\"#fig-unrolled\">the figure</a>.</p>"),
            body)
    }

    func testBadLabelsAndNumbersOfSectionsAreErrorsAtTheirColumns() {
        let lesson = """
            # T

            ```{math}
            :label: two words
            x
            ```

            ## S {#sec-s}

            {numref}`sec-s`, {numref}`Fig. %s <fig-nothing>` and {ref}`text <nowhere>`.

            """
        XCTAssertEqual(
            buildLesson(lesson).diagnostics.map(\.formatted),
            [
                "Lessons/test.md:4:9: error: 'two words' is no label: a label holds letters, digits, '-', '_', ':' and '.' (':label: total-loss')\n"
                    + " 4 | :label: two words\n   |         ^",
                "Lessons/test.md:10:1: error: '{numref}`sec-s`' asks for the number of 'sec-s', a section, and sections are not numbered: write {ref}`s` to show its title\n"
                    + " 10 | {numref}`sec-s`, {numref}`Fig. %s <fig-nothing>` and {ref}`text <nowhere>`.\n    | ^",
                "Lessons/test.md:10:18: error: unknown cross-reference '{numref}`Fig. %s <fig-nothing>`': no lesson of the course defines the label 'fig-nothing'\n"
                    + " 10 | {numref}`sec-s`, {numref}`Fig. %s <fig-nothing>` and {ref}`text <nowhere>`.\n    |                  ^",
                "Lessons/test.md:10:54: error: unknown cross-reference '{ref}`text <nowhere>`': no lesson of the course defines the label 'nowhere'\n"
                    + " 10 | {numref}`sec-s`, {numref}`Fig. %s <fig-nothing>` and {ref}`text <nowhere>`.\n    |                                                      ^",
            ])
    }

    /// A target line and an admonition above are rewritten before references are found (`ForeignBoxes`), which
    /// changes the lengths of the lines before them: the message still quotes the reference as written (it quoted
    /// 'ig-nope` here.' and 'ef}`fig-nope` here', bytes taken at the rewritten offsets).
    func testAnUnknownReferenceBelowRewrittenLinesIsQuotedAsWritten() {
        let lesson = """
            # T

            ```{admonition} Why
            :class: tip
            Because.
            ```

            (tgt)=
            ## H

            See {numref}`fig-nope` here and {ref}`the text <nowhere>`.

            """
        XCTAssertEqual(
            buildLesson(lesson).diagnostics.map(\.headline),
            [
                "Lessons/test.md:11:5: error: unknown cross-reference '{numref}`fig-nope`': no lesson of the course defines the label 'fig-nope'",
                "Lessons/test.md:11:33: error: unknown cross-reference '{ref}`the text <nowhere>`': no lesson of the course defines the label 'nowhere'",
            ])
    }
}
