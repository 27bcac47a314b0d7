import XCTest

@testable import Workbook

/// Math with a command the pages' KaTeX does not have (`$\lgo x$`) was drawn as red source and built; it is an
/// error at the math, with the names read from Debian's KaTeX (which `.ci/setup` installs, as the pages use it).
final class KaTeXCommandsTests: XCTestCase {
    func build(_ text: String) -> LessonProduct {
        var options = BuildOptions()
        options.copiesImages = false
        return Pipeline.build(
            SourceFile(path: "Lessons/test.md", text: text), slug: "test", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    func testKaTeXsOwnNamesAreRead() throws {
        let known = try XCTUnwrap(KaTeXCommands.known(katexDirectory: AssetLinks.debianKaTeX))
        XCTAssertGreaterThan(known.commands.count, 900)
        for name in ["frac", "tanh", "odot", "operatorname", "mathbb", "boldsymbol", "top", "intercal", "tag"] {
            XCTAssertTrue(known.commands.contains(name), name)
        }
        for name in ["lgo", "softmax", "ce", "DeclareMathOperator", "mbox"] {
            XCTAssertFalse(known.commands.contains(name), name)
        }
        // Debian's KaTeX 0.16.4's environments: run with node, each is one it draws; `eqnarray`, `multline`,
        // `flalign` and `xalignat` are "No such environment".
        XCTAssertEqual(
            known.environments,
            [
                "array", "darray", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix*",
                "pmatrix*", "bmatrix*", "Bmatrix*", "vmatrix*", "Vmatrix*", "smallmatrix", "subarray", "cases",
                "dcases", "rcases", "drcases", "align", "align*", "aligned", "split", "gathered", "gather", "gather*",
                "alignat", "alignat*", "alignedat", "equation", "equation*", "CD",
            ])
        XCTAssertNil(KaTeXCommands.known(katexDirectory: nil))
        XCTAssertNil(KaTeXCommands.known(katexDirectory: "/nonexistent"))
    }

    func testAnUnknownCommandIsAnErrorAtItsMath() {
        let product = build("# T\n\nThe loss $\\lgo p + \\softmax(z) + \\lgo q$ and $\\log p$.\n\n$$\n\\ce{H2O}\n$$\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:3:10: error: KaTeX cannot typeset this math: it has no command '\\lgo', '\\softmax'",
                "Lessons/test.md:5:1: error: KaTeX cannot typeset this math: it has no command '\\ce'",
            ])
        XCTAssertNil(product.html)
    }

    func testKnownDefinedAndCommentedCommandsPass() {
        let product = build(
            """
            # T

            $$
            \\renewcommand{\\R}{\\mathbb{R}} \\newcommand{\\Rn}{\\R^n} \\def\\loss{\\mathcal{L}} h_t = \\tanh(W_{hh} h_{t-1}) \\odot x \\in \\Rn
            % \\lgo in a comment
            $$

            Then $\\def\\loss{\\mathcal{L}} \\loss \\in \\R$, $\\operatorname{softmax}(z)_i$, $\\{1, 2\\} \\\\ \\,x$ and 5 \\$ of $\\$ 3$.

            """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(KaTeXCommands.read("\\{a\\}\\\\\\alpha1\\beta%\\gamma\n\\delta").commands, ["alpha", "beta", "delta"])
    }

    /// The pages draw each formula with its own `katex.render`, so a command defined in one formula is unknown in the
    /// next: Debian's KaTeX, run with node, draws `x \in \Rset` red after `\newcommand{\Rset}{\mathbb{R}} x \in \Rset`
    /// drew fine, and `\Zz` red after `\def\Zz{z}`. (The build passed both.)
    func testACommandDefinedInOneFormulaIsUnknownInTheNext() {
        let product = build(
            "# T\n\n$$\n\\newcommand{\\Rset}{\\mathbb{R}} x \\in \\Rset\n$$\n\nThen $y \\in \\Rset$, $\\def\\Zz{z}$ and $\\Zz$.\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:7:6: error: KaTeX cannot typeset this math: it has no command '\\Rset'",
                "Lessons/test.md:7:38: error: KaTeX cannot typeset this math: it has no command '\\Zz'",
            ])
    }

    /// KaTeX refuses `\newcommand` of a name it has: `\newcommand{\R}{\mathbb{R}}` is "attempting to redefine \R;
    /// use \renewcommand" (Debian's KaTeX run with node), so the page drew it red; the build passed it.
    func testNewcommandOfACommandKaTeXHasIsAnError() {
        XCTAssertEqual(
            build("# T\n\nSee $\\newcommand{\\R}{\\mathbb{R}} x \\in \\R$.\n").diagnostics.map(\.headline),
            ["Lessons/test.md:3:5: error: KaTeX cannot typeset this math: \\newcommand{\\R} redefines a command KaTeX has"])
        XCTAssertEqual(KaTeXCommands.newCommands(in: "\\newcommand\\a{x}\\renewcommand{\\b}{y}\\newcommand{\\c}"), ["a", "c"])
    }

    /// `\begin{bmatirx}` was drawn as red source by the pages' KaTeX ("No such environment: bmatirx", Debian's KaTeX
    /// run with node) and the build passed it. A lesson's own `\begin{eqnarray}` first on a line is display math the
    /// tool rewrites as `aligned` (which KaTeX has), so it passes.
    func testAnEnvironmentKaTeXLacksIsAnError() {
        let product = build(
            """
            # T

            $$
            \\begin{bmatirx} 1 \\\\ 2 \\end{bmatirx}
            $$

            And $\\begin {cases} a & b \\end{cases}$, $\\begin{array}{cc} 1 & 2 \\end{array}$ and $x \\\\begin{x}$.

            \\begin{eqnarray}
            a &=& b
            \\end{eqnarray}

            Also $\\begin{multline} a \\end{multline}$ % \\begin{nothing}

            """)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:3:1: error: KaTeX cannot typeset this math: it has no environment 'bmatirx' (did you mean 'bmatrix'?)",
                "Lessons/test.md:13:6: error: KaTeX cannot typeset this math: it has no environment 'multline'",
            ])
        XCTAssertEqual(
            KaTeXCommands.read("\\begin {pmatrix}\\\\begin{no}% \\begin{comment}\n\\begin{cases}").environments,
            ["pmatrix", "cases"])
    }

    /// An exercise's question, hint and solution and an instructor block are Markdown parsed while the lesson runs;
    /// their math went unchecked (`$\lgo p$` in a question built, and the page drew it red).
    func testMathInAnExerciseOrInstructorBlockIsChecked() {
        func lesson(_ question: String) -> String {
            """
            # T

            ```rnn exercise
            id: first
            question: |
              \(question)
            answers:
              - name: p
                value: 1
            ```

            """
        }
        XCTAssertEqual(
            build(lesson("Compute $\\lgo p$ for `a`.")).diagnostics.map(\.headline),
            ["Lessons/test.md:6:11: error: KaTeX cannot typeset this math: it has no command '\\lgo'"])
        XCTAssertEqual(
            build(lesson("Compute $\\begin{pmatirx} p \\end{pmatirx}$.")).diagnostics.map(\.headline),
            [
                "Lessons/test.md:6:11: error: KaTeX cannot typeset this math: it has no environment 'pmatirx' (did you mean 'pmatrix'?)"
            ])
        XCTAssertEqual(build(lesson("Compute $\\log p$.")).diagnostics.map(\.headline), [])
        XCTAssertEqual(
            build("# T\n\n```instructor\nNote: $\\softmax(z)$.\n```\n").diagnostics.map(\.headline),
            ["Lessons/test.md:4:7: error: KaTeX cannot typeset this math: it has no command '\\softmax'"])
    }

    /// A table's headers, title and index take `$…$` math too; it went unchecked (`$\lgo p$` as a header built).
    /// The error stands at the text's key.
    func testMathInATablesHeadersAndTitleIsChecked() {
        func lesson(_ table: String) -> String {
            "# T\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn table\n\(table)\n```\n"
        }
        XCTAssertEqual(
            build(lesson("title: The $b_1$ of m\ncolumns:\n  \"$\\\\lgo b$\": m.b1")).diagnostics.map(\.headline),
            ["Lessons/test.md:12:3: error: KaTeX cannot typeset this math: it has no command '\\lgo'"])
        XCTAssertEqual(
            build(lesson("title: The $\\softmax$ of m\ncolumns:\n  $b$: m.b1")).diagnostics.map(\.headline),
            ["Lessons/test.md:10:1: error: KaTeX cannot typeset this math: it has no command '\\softmax'"])
        XCTAssertEqual(
            build(lesson("index: $\\begin{bmatirx}t\\end{bmatirx}$\ncolumns:\n  $b$: m.b1")).diagnostics.map(\.headline),
            [
                "Lessons/test.md:10:1: error: KaTeX cannot typeset this math: it has no environment 'bmatirx' (did you mean 'bmatrix'?)"
            ])
        XCTAssertEqual(build(lesson("title: The $b_1$\ncolumns:\n  $b_1$: m.b1")).diagnostics.map(\.headline), [])
    }

    /// An exercise's title takes `$…$` math, typeset in both handouts and checked where the title stands; it was
    /// text (`The $\tanh$ step` showed its dollars and its backslash).
    func testAnExercisesTitleTakesMath() throws {
        func lesson(_ title: String) -> String {
            "# T\n\n```rnn exercise\nid: first\ntitle: \(title)\nquestion: Compute it.\nanswers:\n  - name: p\n    value: 1\n```\n"
        }
        let product = build(lesson("The $\\tanh$ step"))
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            product.html?.contains("<code>first</code>: The <span class=\"math inline\">\\tanh</span> step (1 point)") == true,
            product.html ?? "")
        XCTAssertTrue(product.markdown?.contains("`first`: The $\\tanh$ step (1 point)") == true, product.markdown ?? "")
        XCTAssertEqual(
            build(lesson("The $\\tahn$ step")).diagnostics.map(\.headline),
            ["Lessons/test.md:5:8: error: KaTeX cannot typeset this math: it has no command '\\tahn'"])
    }
}
