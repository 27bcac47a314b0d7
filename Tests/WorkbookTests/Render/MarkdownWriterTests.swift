import XCTest

@testable import Workbook

final class MarkdownWriterTests: XCTestCase {
    func testDirectivesBecomePipeTablesAndProseStaysAsWritten() {
        let lesson = "# T\n\nSome *prose* with $x_1$.\n\n" + helloModel + "\nAfter.\n"
        let markdown = buildLesson(lesson).markdown!
        XCTAssertTrue(
            markdown.hasPrefix("# T\n\nSome *prose* with $x_1$.\n\n**Model** `hello`: a vanilla RNN language model"),
            markdown)
        XCTAssertTrue(
            markdown.contains("| parameter | shape | numbers |\n|:---|:---|---:|\n| $\\mathbf{W}_e$ | 3 × 4 | 12 |"),
            markdown)
        XCTAssertTrue(markdown.hasSuffix("| **total** |   | **40** |\n\nAfter.\n"), markdown)
    }

    func testADirectiveInsideABlockQuoteKeepsItsContainer() {
        let lesson = helloModel + "> Quoted:\n>\n> ```rnn loss\n> model: hello\n> sequence: he\n> ```\n"
        let markdown = buildLesson(lesson).markdown!
        XCTAssertTrue(markdown.contains("> | 1 | `h` | `e` |"), markdown)
    }

    func testEchoShowsTheDirectiveSource() {
        let lesson = helloModel + "```rnn loss echo\nmodel: hello\nsequence: he\n```\n"
        let product = buildLesson(lesson)
        XCTAssertTrue(product.markdown!.contains("```\nrnn loss\nmodel: hello\nsequence: he\n```\n"), product.markdown!)
        XCTAssertTrue(
            product.html!.contains(
                "<pre class=\"wb-source\"><code>```rnn loss\nmodel: hello\nsequence: he\n```</code></pre>"))
    }

    func testNumberFormatsFollowPythonsMiniLanguage() {
        XCTAssertEqual(NumberFormat(spec: ".4f")?.format(1.234567), "1.2346")
        XCTAssertEqual(NumberFormat(spec: ".2e")?.format(0.000123), "1.23e-04")
        XCTAssertEqual(NumberFormat(spec: ".3g")?.format(1_234_567), "1.23e+06")
        XCTAssertEqual(NumberFormat(spec: "d")?.format(41.6), "42")
        XCTAssertEqual(NumberFormat(spec: ".1%")?.format(0.25), "25.0%")
        XCTAssertEqual(NumberFormat.standard.format(-0.00001), "0.0000")
        XCTAssertNil(NumberFormat(spec: "4f"))
        XCTAssertNil(NumberFormat(spec: ".99f"))
    }
}

/// The Markdown handout is written from the lesson's tree: each construct in the form GitHub shows (expected
/// text written out by hand from the rules in ProseMarkdown: text escaped only where it would read as syntax).
final class ProseMarkdownTests: XCTestCase {
    func testEveryProseConstructInGitHubsForm() throws {
        let lesson = #"""
            # Title

            Text with *em*, **strong**, `code`, ~~gone~~, H~2~O, x^2^, a [link](https://example.org "T") and <https://example.org>.
            A second line\
            after a hard break; 1 * 2 = 2 and snake_case_name_ and ___ and _a and &amp; stays.

            - one
            - two
              1. inner
              2. inner two

            > quoted
            >
            > > deeper

            ::: {.callout-tip title="Mind"}
            Tip body.
            :::

            | a | b |
            |:--|--:|
            | x | 2 |

            $$
            J = 1
            $$ {#eq-j}

            See @eq-j and the note[^n].

            ```python
            print(1)
            ```

            [^n]: The note.

            """#
        let markdown = try XCTUnwrap(buildLesson(lesson).markdown)
        XCTAssertEqual(
            markdown,
            #"""
            # Title

            Text with *em*, **strong**, `code`, ~~gone~~, H<sub>2</sub>O, x<sup>2</sup>, a [link](https://example.org "T") and <https://example.org>.
            A second line\
            after a hard break; 1 \* 2 = 2 and snake_case_name\_ and ___ and \_a and & stays.

            - one
            - two
              1. inner
              2. inner two

            > quoted
            >
            > > deeper

            > [!TIP]
            > **Mind**
            >
            > Tip body.

            | a | b |
            |:---|---:|
            | x | 2 |

            <a id="eq-j"></a>$$J = 1 \tag{1.1}$$

            See [Eq. 1.1](#eq-j) and the note[^1].

            ```python
            print(1)
            ```

            [^1]: The note.

            """#)
    }

    /// Text that would start a block at a line's start, or read as emphasis, code, math or a link, is escaped;
    /// a list right after a list of its kind takes the other marker; a loose list keeps its blank lines.
    func testTextThatWouldReadAsSyntaxIsEscaped() throws {
        let lesson = ##"""
            \# not a heading, \- not an item
            1\. not a list, \$5 and \`x\` and \[y] and \*z\* and \<b\>

            - a

            - b

            <!-- -->

            - c

            """##
        let markdown = try XCTUnwrap(buildLesson(lesson).markdown)
        XCTAssertEqual(
            markdown,
            ##"""
            \# not a heading, - not an item
            1\. not a list, \$5 and \`x\` and [y] and \*z\* and \<b>

            - a

            - b

            <!-- -->

            - c

            """##)
    }
}
