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
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Lessons", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (name, text) in notes { try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/Lessons/" + name)) }
        for image in ["rnn_model.png", "cell.png"] { try Data("png".utf8).write(to: URL(fileURLWithPath: root + "/Lessons/" + image)) }
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [root + "/Lessons"], options: options)
        let lessons = root + "/Lessons/"
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                lessons + "000_obsidian.md:7:4: warning: no lesson beside this one is named 'Multi-Layer RNN' (by file name or title), so this Obsidian link is shown as the text 'Multi-Layer RNN'",
                lessons + "001_coursera.md:5:5: warning: unclosed inline math: the '$' at 5:40 does not close this one, because a space stands before it (Pandoc's rule), so the math is shown as written; remove the space before it to close the math, or write '\\$' for a dollar sign",
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
        XCTAssertEqual(build.copies.keys.sorted(), ["cell.png", "rnn_model.png"])
    }
}
