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
        XCTAssertGreaterThan(known.count, 900)
        for name in ["frac", "tanh", "odot", "operatorname", "mathbb", "boldsymbol", "top", "intercal", "tag"] {
            XCTAssertTrue(known.contains(name), name)
        }
        for name in ["lgo", "softmax", "ce", "DeclareMathOperator", "mbox"] { XCTAssertFalse(known.contains(name), name) }
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
            \\newcommand{\\R}{\\mathbb{R}} \\def\\loss{\\mathcal{L}} h_t = \\tanh(W_{hh} h_{t-1}) \\odot x \\in \\R^n
            % \\lgo in a comment
            $$

            Then $\\loss \\in \\R$, $\\operatorname{softmax}(z)_i$, $\\{1, 2\\} \\\\ \\,x$ and 5 \\$ of $\\$ 3$.

            """)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(KaTeXCommands.commands(in: "\\{a\\}\\\\\\alpha1\\beta%\\gamma\n\\delta"), ["alpha", "beta", "delta"])
    }
}
