import Foundation
import XCTest

@testable import Workbook

/// Issue 30's acceptance, on excerpts written in the style of the seed notes (the seeds carry no licence, so they
/// are not copied): an Obsidian note, deeplearning.ai-style notes with `./` images, a Pandoc export, a Hugo page
/// and a MyST page, copied unedited as lessons, build with no error and only the warnings for what cannot be shown.
final class ForeignNotesCourseTests: XCTestCase {
    let notes: [String: String] = [
        "000_obsidian.md": """
            ## Recurrent Neural Networks (RNN)
            - Advantages
            \t- Can process input of <font color="#d99694">any length</font>
            \t- Computation for step $t$ can use information from many steps back
            - Variants
            \t- [[Bidirectional RNN]]
            \t- [[Multi-Layer RNN]]

            """,
        "001_coursera.md": """
            # Recurrent Neural Networks (RNN)
            * RNN Model
              ![RNN Model](./rnn_model.png)
            * Different RNN model architectures
              ![RNN Variations](./types_of_rnn_models.png)
            * Loss functions
              * $L^{<t>}(\\hat{y}^{<t>}, y^{<t>}) = $ binary cross entropy
              * For end of sentences use \\<EOS\\>

            """,
        "002_pandoc.md": """
             \n\n# A Simple RNN Language Model

            $$\\hat{y}^{(t)} = \\text{softmax}(U\\mathbf{h}^{(t)} + \\mathbf{b}_2)$$

            with \\( \\mathbf{h}^{(0)} \\) the initial hidden state.

            """,
        "003_hugo.md": """
            ---
            title: "Bidirectional RNN"
            draft: false
            weight: 5
            katex: true
            ---

            ### The problem
            {{< figure src="cell.png" alt="A cell" >}}

            ![rnntypes](../img/typesrnn.svg) ![architecturernn](../../../img/architecturernn.svg)

            \\begin{equation}
            J = -\\frac{1}{T} \\sum_{t=1}^{T} \\log \\hat y^{(t)}
            \\end{equation}

            """,
        "004_myst.md": """
            # Long Short-Term Memory

            ```{python}
            import torch
            ```

            ::: {.callout-note}
            Gates decide what to keep.
            :::

            """,
    ]

    func testTheNotesBuildAsTheyReadWithOnlyTheWarningsForWhatCannotBeShown() throws {
        let course = try TemporaryCourse("notes")
        defer { course.remove() }
        for (name, text) in notes { try course.write("Lessons/" + name, text) }
        for image in ["Lessons/rnn_model.png", "Lessons/cell.png", "img/typesrnn.svg"] { try course.write(image, "png") }
        let build = course.build()
        let lessons = course.lessons + "/"
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                // In course order (the Hugo page's weight puts it first), each lesson's parse warnings first.
                lessons + "003_hugo.md:11:34: warning: the image '../../../img/architecturernn.svg' is outside the course folder '\(course.root)', which the build never reads, so the handouts show its alt text in its place; copy it into the course folder and write its path from the lesson",
                lessons + "000_obsidian.md:7:4: warning: no lesson beside this one is named 'Multi-Layer RNN' (by file name or title), so this Obsidian link is shown as the text 'Multi-Layer RNN'",
                lessons + "001_coursera.md:7:5: warning: unclosed inline math: the '$' at 7:40 does not close this one, because a space stands before it (Pandoc's rule), so the math is shown as written; remove the space before it to close the math, or write '\\$' for a dollar sign",
                lessons + "001_coursera.md:5:3: warning: the image './types_of_rnn_models.png' is not there, so the handouts show its alt text in its place; add the file, or build with --strict to make this an error",
                lessons + "004_myst.md:3:1: warning: this {python} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)",
            ])
        // The Hugo page's weight puts it first; every title from front matter or the first heading.
        XCTAssertEqual(
            build.lessons.map(\.title),
            ["Bidirectional RNN", "Recurrent Neural Networks (RNN)", "Recurrent Neural Networks (RNN)",
                "A Simple RNN Language Model", "Long Short-Term Memory"])
        func page(_ slug: String) -> String { htmlBody(build.lessons.first { $0.slug == slug }!) }
        XCTAssertTrue(page("000_obsidian").contains("<span style=\"color: #d99694\">any length</span>"))
        XCTAssertTrue(page("000_obsidian").contains("<a href=\"003_hugo.html\">Bidirectional RNN</a>"))
        XCTAssertTrue(page("001_coursera").contains("<img src=\"./rnn_model.png\" alt=\"RNN Model\" />"))
        XCTAssertTrue(page("001_coursera").contains("&lt;t&gt;"))
        XCTAssertTrue(page("002_pandoc").contains("<span class=\"math inline\">\\mathbf{h}^{(0)}</span>"))
        XCTAssertTrue(page("003_hugo").contains("<img src=\"cell.png\" alt=\"A cell\" />"))
        XCTAssertTrue(page("003_hugo").contains("<span class=\"math display\">J = -\\frac{1}{T}"))
        XCTAssertFalse(page("003_hugo").contains("katex: true"))
        XCTAssertTrue(page("004_myst").contains("wb-callout-note"))
        XCTAssertTrue(page("003_hugo").contains("<img src=\"course-files/img/typesrnn.svg\" alt=\"rnntypes\" />"))
        XCTAssertTrue(page("003_hugo").contains("aria-label=\"architecturernn\""))
        XCTAssertTrue(page("001_coursera").contains("aria-label=\"RNN Variations\""))
        XCTAssertEqual(build.copies.keys.sorted(), ["cell.png", "course-files/img/typesrnn.svg", "rnn_model.png"])
    }
}
