import XCTest

@testable import Workbook

/// Math whose groups do not nest is an error at the math: KaTeX would show it as red source in the page.
final class MathGroupsTests: XCTestCase {
    func testBracesAndEnvironmentsThatDoNotNestAreNamed() {
        XCTAssertEqual(MathGroups.problem(in: #"\mathbb{R}^{|V|"#), "a '{' is never closed")
        XCTAssertEqual(MathGroups.problem(in: #"\frac{1}{2"#), "a '{' is never closed")
        XCTAssertEqual(MathGroups.problem(in: #"{{a"#), "2 '{' are never closed")
        XCTAssertEqual(MathGroups.problem(in: #"a}"#), "a '}' closes no '{'")
        XCTAssertEqual(
            MathGroups.problem(in: #"\begin{matrix} a \end{pmatrix}"#), #"'\begin{matrix}' is ended by '\end{pmatrix}'"#
        )
        XCTAssertEqual(MathGroups.problem(in: #"\begin{cases} a"#), #"'\begin{cases}' has no '\end{cases}'"#)
        XCTAssertEqual(MathGroups.problem(in: #"a \end{align}"#), #"'\end{align}' ends no '\begin{align}'"#)
    }

    func testEscapedBracesLineBreaksAndCommentsOpenNothing() {
        for tex in [
            #"\left\{ x \right."#, #"a \\ {b}"#, #"\{ \}"#, "50\\% {x}", "x % }\ny",
            #"\begin {aligned} a &= b \end{aligned}"#,
            #"\hat{\mathbf{y}}^{(t)}_{x_{t+1}}"#, "",
        ] {
            XCTAssertNil(MathGroups.problem(in: tex), tex)
        }
    }

    func testALessonWithSuchMathIsAnErrorAtTheMath() {
        let lesson = "# Math\n\nIn $\\mathbb{R}^{|V|$ and\n\n$$\nJ = \\frac{1}{T\n$$\n\nand $\\{ x \\}$ is fine.\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:3:4: error: KaTeX cannot typeset this math: a '{' is never closed",
                "Lessons/test.md:5:1: error: KaTeX cannot typeset this math: a '{' is never closed",
            ])
    }
}
