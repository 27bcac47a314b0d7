import XCTest

@testable import Workbook

/// Callouts: Quarto's fenced divs and GitHub's alerts, as tree nodes, in both handouts, and their diagnostics.
final class CalloutTests: XCTestCase {
    func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

    func parse(_ text: String) throws -> ParsedLesson {
        let (lesson, _) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        return try XCTUnwrap(lesson)
    }

    func testAFencedDivIsACalloutHoldingItsBlocksWithItsTitle() throws {
        let lesson = try parse(
            "Before.\n\n::: {.callout-warning title=\"Mind *the* gap\" #gap}\nA $x$ here.\n\n- item\n:::\nAfter.\n")
        let document = lesson.document
        XCTAssertEqual(document.roots.count, 3)
        let box = document.blocks[1]
        XCTAssertEqual(box.location, at(3, 1))
        guard case .callout(let callout, let children) = box.kind else { return XCTFail("\(box.kind)") }
        XCTAssertEqual(callout.kind, .warning)
        XCTAssertEqual(callout.id, "gap")
        XCTAssertEqual(callout.collapse, .none)
        XCTAssertEqual(callout.title.map(\.kind), [.text("Mind "), .emphasis([Inline(.text("the"), at: at(3, 36))]), .text(" gap")])
        XCTAssertEqual(children.map { document.nodes[$0].location }, [at(4, 1), at(6, 1)])
        XCTAssertEqual(
            document.nodes[children[0]].kind,
            .paragraph([Inline(.text("A "), at: at(4, 1)), Inline(.math(index: 0), at: at(4, 1)), Inline(.text(" here."), at: at(4, 1))]))
        XCTAssertEqual(document.blocks[2], Block(.paragraph([Inline(.text("After."), at: at(8, 1))]), at: at(8, 1)))
    }

    func testAFirstHeadingTitlesADivAndDivsNest() throws {
        let lesson = try parse("::: callout-tip\n## Try *it*\n\n:::: {.callout-note collapse=\"true\"}\nInner.\n::::\n:::\n")
        guard case .callout(let outer, let children) = lesson.document.blocks[0].kind else { return XCTFail() }
        XCTAssertEqual(outer.kind, .tip)
        XCTAssertEqual(outer.title.map(\.kind), [.text("Try "), .emphasis([Inline(.text("it"), at: at(2, 9))])])
        XCTAssertEqual(children.count, 1)
        guard case .callout(let inner, let innerChildren) = lesson.document.nodes[children[0]].kind else { return XCTFail() }
        XCTAssertEqual(inner.kind, .note)
        XCTAssertEqual(inner.collapse, .folded)
        XCTAssertEqual(lesson.document.nodes[children[0]].location, at(4, 1))
        XCTAssertEqual(lesson.document.nodes[innerChildren[0]].location, at(5, 1))
    }

    func testGitHubAlertsAndObsidianTitlesAndFolds() throws {
        let lesson = try parse("> [!NOTE]\n> Plain.\n\n> [!tip]- Fold *me*\n> Body.\n\n> [!WARNING]\n")
        let blocks = lesson.document.blocks
        XCTAssertEqual(blocks.map(\.location), [at(1, 1), at(4, 1), at(7, 1)])
        guard case .callout(let note, let noteChildren) = blocks[0].kind,
            case .callout(let tip, _) = blocks[1].kind, case .callout(let warning, let empty) = blocks[2].kind
        else { return XCTFail("\(blocks)") }
        XCTAssertEqual(note.kind, .note)
        XCTAssertEqual(note.title, [])
        XCTAssertEqual(lesson.document.nodes[noteChildren[0]].kind, .paragraph([Inline(.text("Plain."), at: at(2, 3))]))
        XCTAssertEqual(tip.kind, .tip)
        XCTAssertEqual(tip.collapse, .folded)
        XCTAssertEqual(tip.title.map(\.kind), [.text("Fold "), .emphasis([Inline(.text("me"), at: at(4, 17))])])
        XCTAssertEqual(warning.kind, .warning)
        XCTAssertEqual(empty, [])
    }

    func testTheHTMLDrawsBoxesWithTitlesAndADirectiveRunsInsideOne() throws {
        let product = buildLesson(
            helloModel
                + "::: {.callout-warning title=\"Mind <b> & *it*\"}\nV is {{ hello.V }}.\n\n```rnn forward\nmodel: hello\ninput: hell\n```\n:::\n\n> [!TIP]- Fold\n> Body.\n"
        )
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertTrue(
            html.contains(
                """
                <div class="wb-callout wb-callout-warning" role="note">
                <p class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Mind <!-- raw HTML omitted --> &amp; <em>it</em></p>
                <div class="wb-callout-body">
                <p>V is <span class="wb-value">4</span>.</p>
                <div class="wb-directive wb-forward" id="line-11">
                """), html)
        // The forward pass's last table closes the directive, then the body and the box.
        XCTAssertTrue(html.contains("</figure>\n</div>\n</div>\n</div>\n<details class=\"wb-callout wb-callout-tip\">"), html)
        XCTAssertTrue(
            html.hasSuffix(
                """
                <details class="wb-callout wb-callout-tip">
                <summary class="wb-callout-title"><span class="wb-callout-icon" aria-hidden="true"></span>Fold</summary>
                <div class="wb-callout-body">
                <p>Body.</p>
                </div>
                </details>

                """), html)
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("> [!WARNING]\n> **Mind <!-- raw HTML omitted --> & *it***\n>\n> V is 4.\n>\n> **Forward pass** of `hello`"), markdown)
        XCTAssertTrue(markdown.contains("> | 4 `l` | -0.0598 | 0.0456 | 0.2268 |\n"), markdown)
        XCTAssertTrue(markdown.hasSuffix("\n\n> [!TIP]\n> **Fold**\n>\n> Body.\n"), markdown)
    }

    func testNestedDivsQuoteTwiceInMarkdownAndOtherDivsLoseTheirFences() throws {
        let product = buildLesson(
            "::: {.callout-note collapse=\"false\"}\nOut.\n\n::: callout-caution\nIn.\n\n:::\n:::\n\n::: {.aside}\nKept.\n:::\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            ["Lessons/test.md:10:1: warning: only callout divs are drawn; the content of this div (.aside) shows as it is"])
        XCTAssertEqual(product.markdown, "> [!NOTE]\n> Out.\n>\n> > [!CAUTION]\n> > In.\n\nKept.\n")
        XCTAssertTrue(htmlBody(product).hasPrefix("<details class=\"wb-callout wb-callout-note\" open>\n"))
        XCTAssertTrue(htmlBody(product).hasSuffix("</div>\n</div>\n</details>\n<p>Kept.</p>\n"), htmlBody(product))
    }

    func testEachMistakeIsReportedAtItsLineAndColumn() {
        XCTAssertEqual(
            headlines("::: {.callout-warn}\nx\n:::\n"),
            [
                "Lessons/test.md:1:6: error: unknown callout type 'callout-warn' (did you mean 'callout-warning'?): the types are callout-note, callout-tip, callout-warning, callout-important, callout-caution"
            ])
        XCTAssertEqual(
            headlines("Text.\n\n::: {.callout-tip}\nNever closed.\n"),
            ["Lessons/test.md:3:1: error: unclosed fenced div: add a line ':::' where it ends"])
        XCTAssertEqual(
            headlines("::: {.callout-tip title=\"open}\nx\n:::\n"),
            ["Lessons/test.md:1:19: error: the value of 'title' has no closing quote"])
        XCTAssertEqual(
            headlines("::: {.callout-tip collapse=yes}\nx\n:::\n\n:::\n\n> [!NOTEE]\n> y\n"),
            [
                "Lessons/test.md:1:19: warning: collapse=\"yes\" is neither true nor false, so the box does not fold",
                "Lessons/test.md:5:1: warning: this ':::' closes no fenced div, so it shows as text",
                "Lessons/test.md:7:3: warning: unknown alert type '[!NOTEE]' (did you mean 'NOTE'?): this stays a plain block quote; the types are NOTE, TIP, WARNING, IMPORTANT, CAUTION (and Obsidian's ABSTRACT, ATTENTION, BUG, CHECK, CITE, DANGER, DONE, ERROR, EXAMPLE, FAIL, FAILURE, FAQ, HELP, HINT, INFO, MISSING, QUESTION, QUOTE, SUCCESS, SUMMARY, TLDR, TODO)",
            ])
        // Inside code, fences and alerts are text.
        XCTAssertEqual(headlines("```\n::: {.callout-warn}\n```\n\n    > [!NOTEE]\n"), [])
    }
}
