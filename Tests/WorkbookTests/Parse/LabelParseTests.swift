import XCTest

@testable import Workbook

/// Labels and cross-references in the tree Parse hands on: each construct as its node, each label and reference
/// at its line and column (counted by hand in the test's text).
final class LabelParseTests: XCTestCase {
    func parse(_ text: String) throws -> ParsedLesson {
        let (lesson, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        return try XCTUnwrap(lesson)
    }

    func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

    func testAQuartoEquationLabelIsTheMathsAndLeavesNoText() throws {
        let lesson = try parse("Then\n$$J = 1$$ {#eq-loss}\nholds.\n")
        XCTAssertEqual(lesson.math.count, 1)
        XCTAssertEqual(lesson.math[0].tex, "J = 1")
        XCTAssertEqual(lesson.math[0].label?.id, "eq-loss")
        XCTAssertEqual(lesson.math[0].label?.inTeX, false)
        XCTAssertEqual(lesson.labels.map(\.id), ["eq-loss"])
        XCTAssertEqual(lesson.labels.map(\.kind), [.equation])
        // `{` of `{#eq-loss}` is the 11th character of line 2.
        XCTAssertEqual(lesson.labels.map(\.location), [at(2, 11)])
        guard case .paragraph(let content) = lesson.document.blocks[0].kind else { return XCTFail("a paragraph") }
        XCTAssertEqual(
            content.map(\.kind), [.text("Then"), .softBreak, .math(index: 0), .softBreak, .text("holds.")])
    }

    func testALaTeXLabelInsideDisplayMathIsTakenOutOfTheTeX() throws {
        let lesson = try parse("$$J = 1 \\label{eq:loss}$$\n")
        XCTAssertEqual(lesson.math[0].tex, "J = 1")
        XCTAssertEqual(lesson.math[0].label?.id, "eq:loss")
        XCTAssertEqual(lesson.math[0].label?.inTeX, true)
        XCTAssertEqual(lesson.labels.map(\.location), [at(1, 9)])
    }

    func testAnAttributeAfterInlineMathOrWithoutThePrefixIsNoLabel() throws {
        let lesson = try parse("$$x$$ {#loss}\n\n$y$ {#eq-y}\n")
        XCTAssertEqual(lesson.math.map(\.label), [nil, nil])
        XCTAssertEqual(lesson.labels, [])
    }

    func testASectionLabelIsTheHeadingsAnchorAndLeavesItsText() throws {
        let lesson = try parse("## Back through time {#sec-bptt}\n\n## Notes {#notes}\n")
        XCTAssertEqual(
            lesson.document.blocks.map(\.kind),
            [
                .heading(level: 2, anchor: "sec-bptt", [Inline(.text("Back through time"), at: at(1, 4))]),
                .heading(level: 2, anchor: "notes", [Inline(.text("Notes"), at: at(3, 4))]),
            ])
        // Only a `sec-` label is a cross-reference's target; `{#notes}` only sets the anchor.
        XCTAssertEqual(lesson.labels.map(\.id), ["sec-bptt"])
        XCTAssertEqual(lesson.labels.map(\.title), ["Back through time"])
        XCTAssertEqual(lesson.labels.map(\.location), [at(1, 22)])
    }

    func testAnImageAloneWithAFigureLabelIsAFigure() throws {
        let lesson = try parse("![The *net*](net.svg){#fig-net}\n")
        let image = Inline(
            .image(
                url: "net.svg", title: MarkedText(pieces: []),
                [
                    Inline(.text("The "), at: at(1, 3)),
                    Inline(.emphasis([Inline(.text("net"), at: at(1, 8))]), at: at(1, 7)),
                ]
            ), at: at(1, 1))
        XCTAssertEqual(
            lesson.document.blocks.map(\.kind),
            [
                .captioned(
                    Captioned(
                        kind: .figure, label: "fig-net",
                        caption: [
                            Inline(.text("The "), at: at(1, 3)),
                            Inline(.emphasis([Inline(.text("net"), at: at(1, 8))]), at: at(1, 7)),
                        ], image: image))
            ])
        XCTAssertEqual(lesson.labels.map(\.id), ["fig-net"])
        XCTAssertEqual(lesson.labels.map(\.location), [at(1, 22)])
    }

    func testAnImageWithTextBesideItStaysAParagraph() throws {
        let lesson = try parse("See ![net](net.svg){#fig-net}\n")
        guard case .paragraph = lesson.document.blocks[0].kind else { return XCTFail("a paragraph") }
        XCTAssertEqual(lesson.labels, [])
    }

    func testATableCaptionAfterOrBeforeATableIsJoinedToIt() throws {
        let after = try parse("| a |\n|---|\n| 1 |\n\n: Gradients {#tbl-grads}\n")
        XCTAssertEqual(after.document.roots.count, 1)
        guard case .captioned(let captioned) = after.document.blocks[0].kind else { return XCTFail("captioned") }
        XCTAssertEqual(captioned.kind, .table)
        XCTAssertEqual(captioned.label, "tbl-grads")
        XCTAssertEqual(captioned.caption.map(\.kind), [.text("Gradients")])
        XCTAssertEqual(captioned.captionLocation, at(5, 1))
        guard case .table = after.document.nodes[captioned.table!].kind else { return XCTFail("the table") }
        XCTAssertEqual(after.labels.map(\.location), [at(5, 13)])

        let before = try parse("Table: Plain\n\n| a |\n|---|\n| 1 |\n\nAfter.\n")
        XCTAssertEqual(before.document.roots.count, 2)
        guard case .captioned(let unlabelled) = before.document.blocks[0].kind else { return XCTFail("captioned") }
        XCTAssertNil(unlabelled.label)
        XCTAssertEqual(unlabelled.caption.map(\.kind), [.text("Plain")])
        XCTAssertEqual(before.labels, [])
    }

    func testReferencesAreNodesWithTheirExactPlaces() throws {
        let lesson = try parse("By $x$ @eq-loss, \\eqref{eq:loss} and \\ref{fig-net}; see @sec-bptt.\n")
        XCTAssertEqual(
            lesson.crossReferences.map { "\($0.label) \($0.form) \($0.location.line):\($0.location.column)" },
            ["eq-loss quarto 1:8", "eq:loss eqref 1:18", "fig-net ref 1:38", "sec-bptt quarto 1:57"])
        XCTAssertEqual(lesson.crossReferences.map(\.written), ["@eq-loss", "\\eqref{eq:loss}", "\\ref{fig-net}", "@sec-bptt"])
        guard case .paragraph(let content) = lesson.document.blocks[0].kind else { return XCTFail("a paragraph") }
        XCTAssertEqual(
            content.map(\.kind).filter { if case .crossReference = $0 { return true } else { return false } },
            [
                .crossReference(index: 0), .crossReference(index: 1), .crossReference(index: 2),
                .crossReference(index: 3),
            ])
        XCTAssertEqual(content.last?.kind, .text("."))
    }

    func testAnAtInCodeMathAddressesPathsOrCitationsIsNoReference() throws {
        let lesson = try parse(
            "`@eq-a` $@eq-b$ me@eq-c.org <mail@eq-d.org> x/@eq-e [@smith2020] @fig @eq- @web-f\n\n```\n@eq-g\n```\n")
        XCTAssertEqual(lesson.crossReferences, [])
    }

    /// Quarto writes more than an id in the braces: `{#fig-net width=60%}`, `# References {.unnumbered}`,
    /// `{#sec-x .unnumbered}`, Pandoc's `{-}`. The id labels as `{#id}` does and the rest is dropped; they were shown
    /// as text, and the figure and the section were no labels, so their references were errors. Braces that are no
    /// attributes (`{a, b}`) stay text.
    func testQuartoAttributesBesideALabelAreDropped() throws {
        let lesson = """
            # T

            ![The net](net.svg){#fig-net width=60% fig-alt="A net"}

            ![Plain](net.svg){width=60%} and ![inline](net.svg){.lightbox} here.

            ## Through time {#sec-time .unnumbered}

            ## Sets {a, b}

            # References {.unnumbered}

            ## Other {-}

            See @fig-net and @sec-time.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.filter { $0.severity == .error }.map(\.headline), [])
        XCTAssertEqual(
            htmlBody(product),
            """
            <h1 id="t">T <a class="wb-anchor" href="#t" aria-label="Link to this section">#</a></h1>
            <figure class="wb-figure" id="fig-net">
            <img src="net.svg" alt="The net" />
            <figcaption>Figure 1.1: The net</figcaption>
            </figure>
            <p><img src="net.svg" alt="Plain" /> and <img src="net.svg" alt="inline" /> here.</p>
            <h2 id="sec-time">Through time <a class="wb-anchor" href="#sec-time" aria-label="Link to this section">#</a></h2>
            <h2 id="sets-a-b">Sets {a, b} <a class="wb-anchor" href="#sets-a-b" aria-label="Link to this section">#</a></h2>
            <h1 id="references">References <a class="wb-anchor" href="#references" aria-label="Link to this section">#</a></h1>
            <h2 id="other">Other <a class="wb-anchor" href="#other" aria-label="Link to this section">#</a></h2>
            <p>See <a class="wb-xref" href="#fig-net">Figure 1.1</a> and <a class="wb-xref" href="#sec-time">Through time</a>.</p>

            """)
        let parsed = try parse(lesson)
        XCTAssertEqual(parsed.labels.map(\.id), ["fig-net", "sec-time"])
        XCTAssertEqual(parsed.labels.map(\.location), [at(3, 20), at(7, 17)])
    }
}

/// A fence that is no directive (an error) has no entry among the lesson's directives: the directive after it
/// is found by its index, which both writers now look up the same way (the Markdown writer took the entry at
/// that place, the directive before it).
final class DirectiveLookupTests: XCTestCase {
    func testADirectiveIsFoundByItsIndexPastAFenceThatIsNone() throws {
        let text = "# T\n\n```rnn\n```\n\n```rnn model\nname: m\n```\n\n```rnn forward\nmodel: m\n```\n"
        let (parsed, diagnostics) = LessonParser.parse(
            SourceFile(path: "Lessons/t.md", text: text), slug: "t", allowRawHTML: false)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.count, 1)
        let lesson = try XCTUnwrap(parsed)
        XCTAssertEqual(lesson.directives.map(\.index), [1, 2])
        XCTAssertNil(lesson.directive(0))
        XCTAssertEqual(lesson.directive(1)?.kind, "model")
        XCTAssertEqual(lesson.directive(2)?.kind, "forward")
        XCTAssertNil(lesson.directive(3))
    }
}
