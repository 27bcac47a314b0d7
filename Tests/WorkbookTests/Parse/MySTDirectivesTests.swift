import Foundation
import XCTest

@testable import Workbook

/// Jupyter Book's (MyST's) directives and roles that notes keep: `{dropdown}`, `{margin}`, `{glossary}` with
/// `{term}`, and `{cite}`. Expected pages and warnings written by hand; on the code before, each was shown as code
/// with a warning.
final class MySTDirectivesTests: XCTestCase {
    /// A deck of the lesson (front matter `slides: true` in front of it).
    func deck(_ lesson: String) throws -> String {
        try XCTUnwrap(buildLesson("---\nslides: true\n---\n\n" + lesson).slides)
    }

    func testADropdownIsAFoldedBoxTitledByItsArgumentAndOpenWithTheOpenOption() throws {
        let lesson = """
            ```{dropdown} Click: why a < b & c
            The gradient is *small*.
            ```

            :::{dropdown}
            :open:
            :color: info
            Shown.
            :::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <details class="wb-callout wb-callout-note">
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Click: why a &lt; b &amp; c</summary>
            <div class="wb-callout-body">
            <p>The gradient is <em>small</em>.</p>
            </div>
            </details>
            <details class="wb-callout wb-callout-note" open>
            <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Details</summary>
            <div class="wb-callout-body">
            <p>Shown.</p>
            </div>
            </details>

            """
        XCTAssertEqual(htmlBody(product), html)
        XCTAssertEqual(
            product.markdown,
            "> [!NOTE]\n> **Click: why a \\< b & c**\n>\n> The gradient is *small*.\n\n"
                + "> [!NOTE]\n> **Details**\n>\n> Shown.\n")
        XCTAssertTrue(try deck(lesson).contains(html.dropLast()))
    }

    /// MyST's margin note and Quarto's are an aside in the HTML (the stylesheet sets it beside the text on a wide
    /// page) and in a slide, and a plain block of the Markdown handout's flow.
    func testAMarginNoteIsAnAsideInHTMLAndAPlainBlockInMarkdown() throws {
        let lesson = """
            Text before.

            ```{margin}
            A side *note*: $h$ & a < b.
            ```

            ::: {.column-margin}
            Quarto's.
            :::

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = """
            <aside class="wb-margin">
            <p>A side <em>note</em>: <span class="math inline">h</span> &amp; a &lt; b.</p>
            </aside>
            <aside class="wb-margin">
            <p>Quarto's.</p>
            </aside>

            """
        XCTAssertEqual(htmlBody(product), "<p>Text before.</p>\n" + html)
        XCTAssertEqual(product.markdown, "Text before.\n\nA side *note*: $h$ & a \\< b.\n\nQuarto's.\n")
        let slides = try deck(lesson)
        XCTAssertTrue(slides.contains(html), slides)
    }

    /// A glossary is a definition list whose terms have anchors; `{term}` links to one (its text, or the text
    /// before `<term>`), in any case.
    func testAGlossaryAnchorsItsTermsAndTheTermRoleLinksToThem() throws {
        let lesson = """
            ```{glossary}
            RNN
              A recurrent network, *read* step by step.

            LSTM
              Long short-term
              memory.
            ```

            An {term}`rnn` and {term}`gated cells <LSTM>`.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let paragraph = "An <a href=\"#term-rnn\">rnn</a> and <a href=\"#term-lstm\">gated cells</a>."
        XCTAssertEqual(
            htmlBody(product),
            """
            <dl>
            <dt id="term-rnn">RNN</dt>
            <dd>A recurrent network, <em>read</em> step by step.</dd>
            <dt id="term-lstm">LSTM</dt>
            <dd>Long short-term
            memory.</dd>
            </dl>
            <p>\(paragraph)</p>

            """)
        XCTAssertEqual(
            product.markdown,
            "<a id=\"term-rnn\"></a>**RNN**\\\n: A recurrent network, *read* step by step.\n\n"
                + "<a id=\"term-lstm\"></a>**LSTM**\\\n: Long short-term\nmemory.\n\n"
                + "An [rnn](#term-rnn) and [gated cells](#term-lstm).\n")
        let slides = try deck(lesson)
        XCTAssertTrue(slides.contains("<dt id=\"term-lstm\">LSTM</dt>") && slides.contains(paragraph), slides)
    }

    /// Terms on lines in a row share the definition below them, as MyST's and Sphinx's glossaries allow: each is a
    /// `<dt>` with its anchor, and `{term}` reaches either. On the code before, the entry was a paragraph showing
    /// `: One definition.`. Outside a glossary a term is one line (Pandoc's), so such lines stay a paragraph.
    func testGlossaryTermsOnLinesInARowShareTheirDefinition() throws {
        let lesson = """
            ```{glossary}
            Two
            A < B & C
              One *definition*.

            RNN
              A recurrent network.
            ```

            See {term}`two` and {term}`a < b & c`.

            Two
            Terms
            : not a glossary.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let list = """
            <dl>
            <dt id="term-two">Two</dt>
            <dt id="term-a--b--c">A &lt; B &amp; C</dt>
            <dd>One <em>definition</em>.</dd>
            <dt id="term-rnn">RNN</dt>
            <dd>A recurrent network.</dd>
            </dl>
            <p>See <a href="#term-two">two</a> and <a href="#term-a--b--c">a &lt; b &amp; c</a>.</p>

            """
        XCTAssertEqual(htmlBody(product), list + "<p>Two\nTerms\n: not a glossary.</p>\n")
        XCTAssertEqual(
            product.markdown,
            """
            <a id="term-two"></a>**Two**\\
            <a id="term-a--b--c"></a>**A \\< B & C**\\
            : One *definition*.

            <a id="term-rnn"></a>**RNN**\\
            : A recurrent network.

            See [two](#term-two) and [a \\< b & c](#term-a--b--c).

            Two
            Terms
            : not a glossary.

            """)
        let slides = try deck(lesson)
        XCTAssertTrue(slides.contains(list), slides)
    }

    /// Entries written without a blank line between them, as Sphinx reads a glossary (a line at the terms' column
    /// after a definition starts the next entry): each term is its own `<dt>` with its definition. On the code before,
    /// cmark read `LSTM` into RNN's definition (a paragraph's lazy continuation), so `{term}`LSTM`` was an error and
    /// RNN had two definitions.
    func testGlossaryEntriesWithoutABlankLineBetweenThemAreEntriesEach() throws {
        let lesson = """
            ```{glossary}
            RNN
              A recurrent
              network.
            LSTM
            GRU
              Gated ones.
            Tanh
                A squashing
                function.

                - bounded
            Sigmoid
              Another.
            ```

            See {term}`LSTM`, {term}`GRU`, {term}`tanh` and {term}`sigmoid`.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <dl>
            <dt id="term-rnn">RNN</dt>
            <dd>A recurrent
            network.</dd>
            <dt id="term-lstm">LSTM</dt>
            <dt id="term-gru">GRU</dt>
            <dd>Gated ones.</dd>
            <dt id="term-tanh">Tanh</dt>
            <dd>
            <p>A squashing
            function.</p>
            <ul>
            <li>bounded</li>
            </ul>
            </dd>
            <dt id="term-sigmoid">Sigmoid</dt>
            <dd>Another.</dd>
            </dl>
            <p>See <a href="#term-lstm">LSTM</a>, <a href="#term-gru">GRU</a>, <a href="#term-tanh">tanh</a> and <a href="#term-sigmoid">sigmoid</a>.</p>

            """)
        XCTAssertTrue(
            product.markdown?.contains("<a id=\"term-lstm\"></a>**LSTM**\\\n<a id=\"term-gru\"></a>**GRU**\\\n: Gated ones.\n")
                == true, product.markdown ?? "")
    }

    /// A definition is every block indented under its terms, as in MyST: paragraphs a blank line apart, a list, code
    /// (indented four more than the definition), at any indentation of two to eight. HTML: a `<dd>` of blocks, as
    /// Pandoc writes one; Markdown: the first paragraph after `: `, the others indented two places. On the code before,
    /// the second paragraph left the list (shown after it, as code when indented six). Their columns stay (10:21).
    func testAGlossaryDefinitionHoldsTheBlocksIndentedUnderIt() throws {
        let lesson = """
            ```{glossary}
            RNN
              A recurrent *network*.

              It keeps a state, h < 1 & more.

              - a list

            Deep
                  Indented six, ${x$.

                  Its second.

                      code <in> it

            LSTM
              Last.
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            ["Lessons/test.md:10:21: error: KaTeX cannot typeset this math: a '{' is never closed"])
        let fixed = buildLesson(lesson.replacingOccurrences(of: "${x$", with: "$x$"))
        XCTAssertEqual(fixed.diagnostics.map(\.headline), [])
        let html = """
            <dl>
            <dt id="term-rnn">RNN</dt>
            <dd>
            <p>A recurrent <em>network</em>.</p>
            <p>It keeps a state, h &lt; 1 &amp; more.</p>
            <ul>
            <li>a list</li>
            </ul>
            </dd>
            <dt id="term-deep">Deep</dt>
            <dd>
            <p>Indented six, <span class="math inline">x</span>.</p>
            <p>Its second.</p>
            <pre><code>code &lt;in&gt; it
            </code></pre>
            </dd>
            <dt id="term-lstm">LSTM</dt>
            <dd>Last.</dd>
            </dl>

            """
        XCTAssertEqual(htmlBody(fixed), html)
        XCTAssertEqual(
            fixed.markdown,
            """
            <a id="term-rnn"></a>**RNN**\\
            : A recurrent *network*.

              It keeps a state, h \\< 1 & more.

              - a list

            <a id="term-deep"></a>**Deep**\\
            : Indented six, $x$.

              Its second.

              ```
              code <in> it
              ```

            <a id="term-lstm"></a>**LSTM**\\
            : Last.

            """)
        XCTAssertTrue(try deck(lesson.replacingOccurrences(of: "${x$", with: "$x$")).contains(html))
    }

    /// A term defined again, in one glossary or another of the lesson and in any case (as `{term}` matches), is an
    /// error at the second definition, as Sphinx warns of a "duplicate term description": `{term}` links only to the
    /// first. On the code before, no diagnostic, and the handouts were written.
    func testATermDefinedTwiceIsAnErrorAtTheSecondDefinition() throws {
        let lesson = """
            ```{glossary}
            RNN
              A recurrent network.

            Cell
            rnn
              Again.
            ```

            :::{glossary}
            RNN
              Third.
            :::

            See {term}`RNN`.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:6:1: error: duplicate term 'rnn': it is also defined, as 'RNN', at line 2, column 1, where {term}`rnn` links (terms match in any case); a term has one definition
                 6 | rnn
                   | ^
                """,
                """
                Lessons/test.md:11:1: error: duplicate term 'RNN': it is also defined at line 2, column 1, where {term}`RNN` links; a term has one definition
                 11 | RNN
                    | ^
                """,
            ])
        // An error: no handout is written. The tree keeps each definition, with an anchor of its own.
        XCTAssertNil(product.html)
        XCTAssertNil(product.markdown)
        let (parsed, _) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: lesson), slug: "t", allowRawHTML: false)
        let document = try XCTUnwrap(parsed).document
        let terms = document.nodes.flatMap { block -> [DefinitionItem.Term] in
            guard case .definitionList(let items) = block.kind else { return [] }
            return items.flatMap(\.terms)
        }
        XCTAssertEqual(
            terms.map { "\(Glossary.termText(document.nodes[$0.paragraph])) \($0.anchor ?? "")" },
            ["RNN term-rnn", "Cell term-cell", "rnn term-rnn-1", "RNN term-rnn-2"])
        // Distinct terms are no duplicates.
        XCTAssertEqual(headlines("```{glossary}\nRNN\n  A.\n\nLSTM\n  B.\n```\n"), [])
    }

    /// A definition keeps its columns whatever its indentation (two spaces or more), so an error in it is at its
    /// place: `$` at 3:16 and 6:10 (counted by hand; they were 3:14 and 6:9, the indentation beyond two dropped).
    func testAGlossaryDefinitionKeepsItsColumns() {
        XCTAssertEqual(
            headlines("```{glossary}\nRNN\n    A net with ${x$ inside.\n\nGRU\n   Three ${y$.\n```\n"),
            [
                "Lessons/test.md:3:16: error: KaTeX cannot typeset this math: a '{' is never closed",
                "Lessons/test.md:6:10: error: KaTeX cannot typeset this math: a '{' is never closed",
            ])
        let product = buildLesson("```{glossary}\nRNN\n    A net, *four* in.\n```\n")
        XCTAssertEqual(htmlBody(product), "<dl>\n<dt id=\"term-rnn\">RNN</dt>\n<dd>A net, <em>four</em> in.</dd>\n</dl>\n")
    }

    /// A term no glossary of the lesson defines is an error at the role, with the nearest term.
    func testATermNoGlossaryDefinesIsAnErrorAtTheRole() {
        let product = buildLesson("```{glossary}\nRNN\n  A recurrent network.\n```\n\nTwo {term}`RNNs`.\n")
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:6:5: error: the term 'RNNs' is in no glossary of this lesson (did you mean 'RNN'?): define it in a ```{glossary} block (the term alone on its line, its definition indented below)
                 6 | Two {term}`RNNs`.
                   |     ^
                """
            ])
    }

    /// The lesson built with the shipped bibliography in `style`, numbered by its own order of first citation.
    func cited(_ text: String, _ style: CitationStyle) throws -> LessonProduct {
        let (parsed, _) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        let keys = try XCTUnwrap(parsed).citations.flatMap { $0.items.map(\.key) }
        return Pipeline.build(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", options: try citingOptions(style, order: keys),
            assets: AssetLinks.make(katexDirectory: nil))
    }

    /// `{cite}` and `{cite:p}` are Pandoc's bracketed citations, `{cite:t}` its narrative ones: the same pages as
    /// the Pandoc lesson, numbered in the order the roles and Pandoc's citations come, with the references.
    func testMySTCitationRolesAreCitations() throws {
        let myst = "# T\n\nBPTT {cite}`werbos1990` and {cite:p}`hochreiter1997, cho2014`.\n{cite:t}`elman1990` and [@werbos1990].\n"
        let pandoc = "# T\n\nBPTT [@werbos1990] and [@hochreiter1997; @cho2014].\n@elman1990 and [@werbos1990].\n"
        for style in [CitationStyle.numeric, .authorYear] {
            let (roles, written) = (try cited(myst, style), try cited(pandoc, style))
            XCTAssertEqual(roles.diagnostics.map(\.headline), [])
            XCTAssertEqual(roles.html, written.html)
            XCTAssertEqual(roles.markdown?.components(separatedBy: "\n\n").dropFirst(2), written.markdown?.components(separatedBy: "\n\n").dropFirst(2))
        }
        let body = htmlBody(try cited(myst, .numeric))
        XCTAssertTrue(
            body.contains(
                "<p>BPTT <span class=\"wb-citation\">[<a href=\"#ref-werbos1990\">1</a>]</span> and "
                    + "<span class=\"wb-citation\">[<a href=\"#ref-hochreiter1997\">2</a>, <a href=\"#ref-cho2014\">3</a>]</span>.\n"
                    + "<span class=\"wb-citation\"><a href=\"#ref-elman1990\">Elman [4]</a></span> and "
                    + "<span class=\"wb-citation\">[<a href=\"#ref-werbos1990\">1</a>]</span>.</p>\n"),
            body)
        XCTAssertEqual(
            body.components(separatedBy: "<li id=\"").dropFirst().map { $0.prefix { $0 != "\"" } },
            ["ref-werbos1990", "ref-hochreiter1997", "ref-cho2014", "ref-elman1990"])
        let markdown = try XCTUnwrap(try cited(myst, .numeric).markdown)
        XCTAssertTrue(markdown.contains("BPTT \\[1\\] and \\[2, 3\\].\nElman \\[4\\] and \\[1\\]."), markdown)
    }

    /// An unknown key in a role is the error a Pandoc citation's is, at the key; two keys of a narrative role are
    /// two citations.
    func testAnUnknownKeyInACitationRoleIsAnErrorAtTheKey() throws {
        let product = try cited("# T\n\nAs {cite:t}`elman1990,werbos199` showed.\n", .authorYear)
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/t.md:3:23: error: unknown citation key 'werbos199': Lessons/refs.bib has no such entry (did you mean 'werbos1990'?)
                 3 | As {cite:t}`elman1990,werbos199` showed.
                   |                       ^
                """
            ])
    }

    /// A role that names nothing is reported, never a crash: a citation role without a key is a warning (its
    /// content shows as code), a `{term}` without a term an error, each at the role (a code span's spaces, which
    /// cmark drops, included).
    func testRolesThatNameNothingAreReported() {
        XCTAssertEqual(
            headlines("A {cite}`,` and {cite:year}` , ` and {term}`<>`.\n"),
            [
                "Lessons/test.md:1:3: warning: MyST's role {cite} is not read, so only its content shows, as code: it names no key",
                "Lessons/test.md:1:17: warning: MyST's role {cite:year} is not read, so only its content shows, as code: it names no key",
                "Lessons/test.md:1:38: error: this {term} role names no term: write {term}`RNN`",
            ])
    }

    /// A citation role after a citation, in a paragraph whose second line starts with a soft break cmark gives
    /// no position (line 0): the fuzzer's crash (Tests/Fuzz/crashes/crash-ef10b739…) indexed the line before the
    /// first. The text after a citation now stands where the citation does, so the role's key is found at its
    /// column.
    func testACitationRoleInTextAfterASoftBreakIsFoundAtItsColumn() throws {
        let product = try cited("a$ b `c`\n [@elman1990], {cite:p}`nokey`\n", .authorYear)
        XCTAssertEqual(
            product.diagnostics.map(\.headline).map { String($0.prefix(58)) },
            ["Lessons/t.md:2:25: error: unknown citation key 'nokey': Le"])
    }

    /// A role's key is found where it is written, counted in Unicode scalars as every column is: after a decomposed
    /// letter and an emoji of three people (one character, five scalars), after a tab, between double backticks, in
    /// a role written twice on a line, on the line after the role's. (Each was at another column, or line.)
    func testACitationRolesKeyIsLocatedWhereItIsWritten() throws {
        let text =
            "# T\n\nCafe\u{301}\u{301} \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} {cite}`werbos199`, {cite}`\twerbos199`, "
            + "{cite}``werbos199``, {cite}`werbos199` and {cite:p}`elman1990,\nwerbos199`.\n"
        let product = try cited(text, .authorYear)
        XCTAssertEqual(
            product.diagnostics.compactMap { $0.location.map { "\($0.line):\($0.column)" } },
            ["3:21", "3:41", "3:61", "3:81", "4:1"])
        XCTAssertEqual(
            headlines("Cafe\u{301} {term}`nope` and {cite:year}`x`.\n"),
            [
                "Lessons/test.md:1:7: error: the term 'nope' is in no glossary of this lesson: define it in a ```{glossary} "
                    + "block (the term alone on its line, its definition indented below)",
                "Lessons/test.md:1:24: warning: MyST's role {cite:year} is not read, so only its content shows, as code: "
                    + "write Pandoc's citation, [@x] (or [-@x] for the year alone), or MyST's {cite:p} or {cite:t}",
            ])
    }
}
