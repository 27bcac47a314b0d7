import XCTest

@testable import Workbook

/// What an Obsidian note holds besides links and callouts of GitHub's five types: comments, Obsidian's other
/// callout types, an embedded image's size and highlights. The expected pages are written out by hand from
/// Obsidian's help (Callouts, Embed files, Basic formatting syntax).
final class ObsidianNotesTests: XCTestCase {
    /// `%%…%%` is hidden in Obsidian's reading view: the author's notes to self must not reach a handout (they
    /// did, as text, in both). Code keeps its `%%`; a `%%` never closed stays; what follows a comment keeps its
    /// line and column.
    func testCommentsReachNoHandoutAndLaterPositionsStay() throws {
        let lesson = """
            # T

            Shared weights%%TODO: the slide from Tuesday%% at every step, `printf("%%d")`.

            %%
            A block comment

            the students must never see.
            %%

            ```
            %% code keeps it %%
            ```

            After %%x%% a word. See @eq-none.

            Left %% open.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:15:25: error: unknown cross-reference '@eq-none': no lesson of the course defines the label 'eq-none'"
            ])
        let built = buildLesson(lesson.replacingOccurrences(of: " See @eq-none.", with: ""))
        let body = htmlBody(built)
        XCTAssertEqual(
            body,
            """
            <h1 id="t">T <a class="wb-anchor" href="#t" aria-label="Link to this section">#</a></h1>
            <p>Shared weights                                 at every step, <code>printf(&quot;%%d&quot;)</code>.</p>
            <pre><code>%% code keeps it %%
            </code></pre>
            <p>After       a word.</p>
            <p>Left %% open.</p>

            """)
        let markdown = try XCTUnwrap(built.markdown)
        XCTAssertFalse(markdown.contains("TODO") || markdown.contains("never see"), markdown)
        XCTAssertTrue(markdown.contains("%% code keeps it %%\n") && markdown.contains("Left %% open."), markdown)
    }
}
