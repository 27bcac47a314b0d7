import XCTest

@testable import Workbook

/// cmark's pathological inputs go through the whole pipeline without overflowing the stack.
final class HostileMarkdownTests: XCTestCase {
    func testFiftyThousandNestedBlockQuotes() {
        let text = String(repeating: ">", count: 50_000) + " deep\n"
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(product.html?.components(separatedBy: "<blockquote>").count, 50_001)
    }

    func testThousandDeepNestedLists() {
        var text = ""
        for depth in 0..<1000 { text += String(repeating: "  ", count: depth) + "- item \(depth)\n" }
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(htmlBody(product), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testFiftyThousandNestedBrackets() {
        let text = String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000) + "\n"
        XCTAssertEqual(htmlBody(buildLesson(text)), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testHundredThousandDollarSigns() {
        // `$$$$` pairs into empty display math; the odd one out is a literal dollar.
        let text = String(repeating: "$", count: 100_001) + "\n"
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(htmlBody(product).components(separatedBy: "math display").count, 25_001)
        XCTAssertTrue(htmlBody(product).hasSuffix("</span>$</p>\n"))
        let spaced = String(repeating: "$ ", count: 50_000) + "\n"
        XCTAssertEqual(htmlBody(buildLesson(spaced)), CommonMarkConverter.referenceHTML(spaced, allowRawHTML: false))
    }

    func testSixtyFiveThousandUnmatchedEmphasisOpeners() {
        let text = String(repeating: "*a ", count: 65_000) + "\n" + String(repeating: "_", count: 65_000) + "b\n"
        XCTAssertEqual(htmlBody(buildLesson(text)), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testAFiveMegabyteLine() {
        let text = String(repeating: "word $x$ {{ 2 }} `c` ", count: 250_000) + "{{ y }}\n"
        XCTAssertGreaterThan(text.utf8.count, 5_000_000)
        let file = SourceFile(path: "x.md", text: text)
        let result = MathProtection(file: file, verbatimLines: CommonMarkConverter.verbatimLines(of: text)).run()
        XCTAssertEqual(result.math.count, 250_000)
        XCTAssertEqual(result.values.count, 250_001)
        XCTAssertEqual(result.values.last?.location, SourceLocation(line: 1, column: 5_250_001))
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.map(\.headline), ["Lessons/test.md:1:5250004: error: unknown name 'y'"])
        // The diagnostic shows a window of the line, not all five megabytes, with the caret under the name.
        let shown = product.diagnostics[0].formatted.split(separator: "\n")
        XCTAssertEqual(shown[1], " 1 | …" + String(repeating: "word $x$ {{ 2 }} `c` ", count: 5).suffix(77) + "{{ y }}")
        XCTAssertEqual(shown[2], "   | " + String(repeating: " ", count: 81) + "^")
    }

    func testThirtyThousandFences() {
        let text =
            String(repeating: "```\ncode\n```\n", count: 15_000) + String(repeating: "```rnn forward\n", count: 15_000)
        let product = buildLesson(text)
        XCTAssertFalse(product.succeeded)
        // Each opening line left open is cut where the next one starts: as many directives, reported up to the cap.
        XCTAssertEqual(product.diagnostics.count, Pipeline.maxDiagnostics + 1)
        XCTAssertEqual(
            product.diagnostics.first?.headline,
            "Lessons/test.md:45001:1: error: unclosed directive fence: add a closing ``` before line 45002, where the next directive starts"
        )
    }

    func testFiftyThousandUnclosedDollarsGiveAHundredWarningsAndTheCountOfTheRest() {
        let text = "# Prose\n\n" + String(repeating: "$a ", count: 50_000) + "\n"
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        XCTAssertEqual(product.diagnostics.count, 101)
        XCTAssertEqual(
            product.diagnostics[99].headline,
            "Lessons/test.md:3:298: warning: unclosed inline math: this '$' has no closing '$' before a blank line, so it is shown as a dollar sign; close the math, or write '\\$' for a dollar sign"
        )
        XCTAssertEqual(
            product.diagnostics[100].headline, "Lessons/test.md: note: 49900 more warnings in this lesson are not shown")
    }

    func testAnExcerptFarIntoALongLineOfWideCharactersIsTheWindowAroundTheColumn() {
        // Line 1 holds 700 two-byte characters, line 2 5,000 of them and then an unclosed `$x` at column 5001:
        // the window is the 80 characters before the column and what follows, up to the line's end.
        let text = String(repeating: "ü", count: 700) + "\n" + String(repeating: "é", count: 5_000) + "$x\n"
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.map { $0.location }, [SourceLocation(line: 2, column: 5001)])
        let shown = product.diagnostics[0].formatted.split(separator: "\n")
        XCTAssertEqual(shown[1], " 2 | …" + String(repeating: "é", count: 80) + "$x")
        XCTAssertEqual(shown[2], "   | " + String(repeating: " ", count: 81) + "^")
    }

    func testCodeSpansOfManyLengthsMatchCommonMark() {
        // Runs of 1 to 40 backticks that nothing closes in their paragraph, then runs that close, and a run
        // whose match stands after a blank line (so it does not close).
        var text = (1...40).map { String(repeating: "`", count: $0) + "a" }.joined(separator: " ") + "\n"
        text += "x ``code ` here`` and `b`\n\n```c\n\nd ```\n"
        XCTAssertEqual(htmlBody(buildLesson(text)), CommonMarkConverter.referenceHTML(text, allowRawHTML: false))
    }

    func testUnclosedInlineValuesAndTagsOnOneLongLine() {
        let values = String(repeating: "{{ ", count: 20_000) + "x\n"
        let product = buildLesson(values)
        XCTAssertEqual(product.diagnostics.count, 101)
        XCTAssertEqual(
            product.diagnostics[99].headline,
            "Lessons/test.md:1:298: error: unterminated inline value: '{{' has no '}}' on its line")
        // No `>` closes any of the `<a`, so none is a tag, and the math after them is math.
        let tags = String(repeating: "<a ", count: 20_000) + "$b$\n"
        XCTAssertEqual(
            htmlBody(buildLesson(tags)),
            "<p>" + String(repeating: "&lt;a ", count: 20_000) + "<span class=\"math inline\">b</span></p>\n")
    }

    /// A line of Hugo or Liquid openers that nothing closes (each searched its line for its end: 2 s, and 9 s with
    /// `katex`, before the searches were remembered).
    func testUnclosedShortcodesOnOneLongLine() {
        for (opener, width) in [("{{< ", 4), ("{{% ", 4), ("{{< katex ", 10)] {
            let product = buildLesson(String(repeating: opener, count: 20_000) + "x\n")
            XCTAssertEqual(product.diagnostics.count, 101, opener)
            XCTAssertEqual(
                product.diagnostics[99].headline,
                "Lessons/test.md:1:\(99 * width + 1): error: unterminated inline value: '{{' has no '}}' on its line")
        }
        let liquid = String(repeating: "{% ", count: 20_000) + "$b$\n"
        XCTAssertEqual(
            htmlBody(buildLesson(liquid)),
            "<p>" + String(repeating: "{% ", count: 20_000) + "<span class=\"math inline\">b</span></p>\n")
        // A closer at the end of the line closes the first opener: one shortcode, named `{{<`, left out.
        let closed = buildLesson(String(repeating: "{{< ", count: 20_000) + "figure src=\"a.png\" >}}\n")
        XCTAssertEqual(closed.diagnostics.count, 1)
        XCTAssertTrue(
            closed.diagnostics[0].headline.hasPrefix(
                "Lessons/test.md:1:1: warning: Hugo's shortcode '{{<' is left out: the handouts honour only"),
            closed.diagnostics[0].headline)
    }

    /// Blocks in list items: every newline the HTML writer added to the page had copied the page so far (a view
    /// of its bytes was still held), so 20,000 callouts in list items took 8 s.
    func testTenThousandCalloutsInListItems() {
        let text = (0..<10_000).map { "- item \($0)\n\n  ::: {.callout-note}\n  x\n  :::\n\n" }.joined()
        let html = htmlBody(buildLesson(text))
        XCTAssertEqual(html.components(separatedBy: "<div class=\"wb-callout wb-callout-note\"").count, 10_001)
        XCTAssertEqual(html.components(separatedBy: "<li>").count, 10_001)
        XCTAssertTrue(html.contains("<p>item 9999</p>"), String(html.suffix(300)))
    }

    /// Footnote definitions on consecutive lines: whether a line opened the next definition was found by reading
    /// that whole definition, which recursed through the run, one stack frame per line (40,000 overflowed it).
    func testFortyThousandFootnoteDefinitionsInARow() {
        let text = "See [^7] and [^39999].\n\n" + (0..<40_000).map { "[^\($0)]: note \($0)\n" }.joined()
        let product = buildLesson(text)
        XCTAssertTrue(product.succeeded)
        let html = htmlBody(product)
        XCTAssertTrue(html.contains("note 7") && html.contains("note 39999"), String(html.suffix(400)))
        XCTAssertFalse(html.contains("note 8<"), "an unreferenced note is not shown")
    }

    /// Unknown cross-references and links to missing anchors among thousands of labels: "did you mean" for each
    /// had compared it with every label (5,000 among 5,000 took 44 s); it is looked for once per word, for the
    /// problems a lesson shows.
    func testThousandsOfUnknownReferencesAmongThousandsOfLabels() {
        let labels = (0..<3_000).map { "$$x$$ {#eq-e\($0)}\n\n" }.joined()
        let product = buildLesson(labels + (0..<3_000).map { "@eq-q\($0)\n\n" }.joined())
        XCTAssertEqual(product.diagnostics.count, 101)
        XCTAssertEqual(
            product.diagnostics[99].headline,
            "Lessons/test.md:6199:1: error: unknown cross-reference '@eq-q99': no lesson of the course defines the "
                + "label 'eq-q99' (did you mean 'eq-e99'?)")
        let anchors = (0..<3_000).map { "## Part \($0)\n\n" }.joined() + String(repeating: "[x](#part-1x)\n", count: 3_000)
        let linked = buildLesson(anchors)
        XCTAssertEqual(
            linked.diagnostics.first?.headline,
            "Lessons/test.md:6001:1: warning: no heading of this lesson has the anchor '#part-1x' (did you mean 'part-1'?)")
    }

    /// Callouts nested 20,000 deep: the Markdown handout writes a mark per level before each line (they had taken
    /// 846 MB and 9 s to build, 40,000 3 GB); divs nest at most 32 deep, a deeper one an error at its line.
    func testTwentyThousandNestedCalloutsAreAnErrorAtTheThirtyThird() {
        let deep = buildLesson(String(repeating: "::: {.callout-note}\n", count: 20_000) + "x\n" + String(repeating: ":::\n", count: 20_000))
        XCTAssertEqual(
            deep.diagnostics.map(\.headline),
            [
                "Lessons/test.md:33:1: error: this fenced div is nested 33 deep: divs and callouts nest at most 32 deep "
                    + "(the Markdown handout writes a line of every one of them with a mark per level)"
            ])
        let allowed = buildLesson(String(repeating: "::: {.callout-note}\n", count: 32) + "x\n" + String(repeating: ":::\n", count: 32))
        XCTAssertTrue(allowed.succeeded)
        XCTAssertEqual(htmlBody(allowed).components(separatedBy: "<div class=\"wb-callout wb-callout-note\"").count, 33)
    }

    /// Many directives: planning each built the set of every name defined so far, twice (10,000 checks: 13 s).
    func testThreeThousandChecks() {
        let product = buildLesson(String(repeating: "```rnn check\nvalue: 1\nequals: 1\n```\n\n", count: 3_000))
        XCTAssertTrue(product.succeeded, product.diagnostics.first?.headline ?? "")
        XCTAssertEqual((product.html ?? "").components(separatedBy: "<td>✓</td>").count, 3_001)
    }

    /// Definition lists in a row are one list; each item added had built the list anew (40,000: 15 s).
    func testTwentyThousandDefinitionListsInARowAreOneList() {
        let html = htmlBody(buildLesson((0..<20_000).map { "term \($0)\n: meaning \($0)\n\n" }.joined()))
        XCTAssertEqual(html.components(separatedBy: "<dl").count, 2)
        XCTAssertEqual(html.components(separatedBy: "<dd>").count, 20_001)
        XCTAssertTrue(html.contains("meaning 19999"))
    }

    /// Unclosed `\(` in one paragraph: each searched the paragraph for its `\)` (80,000: 8 s); the last search's
    /// answer now serves the openers after it.
    func testTwentyThousandUnclosedBackslashParenthesesOnALine() {
        let line = Array(repeating: "\\(a", count: 20_000).joined(separator: " ") + " and \\[x\\]\n"
        XCTAssertEqual(
            htmlBody(buildLesson(line)),
            "<p>" + Array(repeating: "(a", count: 20_000).joined(separator: " ")
                + " and <span class=\"math display\">x</span></p>\n")
    }

    /// A line 31 list items deep is placed under its items once each: placing it measured each item's indentation
    /// by placing the item's first line under its parents, again and again (2³¹ steps; 26 deep took 22 s). A
    /// fence on a paragraph's later line and math over 2,000 lines there are each placed.
    func testLinesThirtyOneListItemsDeep() {
        var lines = (0..<31).map { String(repeating: "  ", count: $0) + "- item \($0)" }
        let indent = String(repeating: "  ", count: 31)
        lines += ["text", "::: {.callout-note}", "body", ":::"].map { indent + $0 }
        for k in 0..<2_000 { lines += [indent + "$a_{\(k)} +", indent + "b$ then"] }
        let product = buildLesson(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = htmlBody(product)
        XCTAssertEqual(html.components(separatedBy: "<li>").count, 32)
        XCTAssertTrue(html.contains("<li>item 30\ntext"), html)
        XCTAssertEqual(html.components(separatedBy: "wb-callout-note").count, 2)
        XCTAssertTrue(html.contains("<span class=\"math inline\">a_{1999} +\nb</span> then"))
    }

    /// Whether inline math leaves its item is asked in a binary search of the lines, not by counting the
    /// opening line's characters: 60,000 `\\(` in an item closed in the next took 8 s; and a long line before
    /// math over 20,000 lines was counted once per line of it (5.7 s).
    func testManyOpenersInAnItemAndMathAfterALongLine() {
        let item = "- " + String(repeating: "\\(a ", count: 20_000) + "\n- b \\)\n"
        let html = htmlBody(buildLesson(item))
        XCTAssertEqual(html.components(separatedBy: "math inline").count, 1)
        XCTAssertTrue(html.hasSuffix("(a (a</li>\n<li>b )</li>\n</ul>\n"), String(html.suffix(80)))
        let long = String(repeating: "x", count: 100_000) + " $$\n" + String(repeating: "a +\n", count: 5_000) + "b$$\n"
        let product = buildLesson(long)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(htmlBody(product).hasSuffix("a +\nb</span></p>\n"), String(htmlBody(product).suffix(80)))
    }

    /// Shapes a search for super-linear time found (2026-12-06), each a build of seconds to minutes before: an
    /// unclosed MyST figure or glossary searched to the end for its closing fence once per opening (5,000 took
    /// 16 s); unknown footnote labels, glossary terms and model names each compared with every known one (5,000
    /// footnotes 15 s).
    func testUnclosedFiguresAndUnknownFootnotesTermsAndModels() {
        let figures = buildLesson("# T\n\n" + String(repeating: ":::{figure} a.png\n", count: 3_000))
        XCTAssertEqual(
            figures.diagnostics.first?.headline, "Lessons/test.md:3:1: error: unclosed fenced div: add a line ':::' where it ends")
        let notes = buildLesson(
            "# T\n\n" + (0..<3_000).map { "x[^zz\($0)]\n\n" }.joined() + (0..<3_000).map { "[^zy\($0)]: n\n" }.joined())
        XCTAssertEqual(
            notes.diagnostics.first?.headline,
            "Lessons/test.md:3:2: error: no footnote '[^zz0]' is defined (did you mean 'zy0'?): define it on a line of its own, '[^zz0]: text'")
        let glossary = "```{glossary}\n" + (0..<1_000).map { "Term\($0)\n  def\n" }.joined() + "```\n\n"
        let terms = buildLesson("# T\n\n" + glossary + (0..<1_000).map { "{term}`Tern\($0)`" }.joined(separator: " ") + "\n")
        XCTAssertTrue(
            terms.diagnostics.contains { $0.headline.contains("the term 'Tern0' is in no glossary of this lesson (did you mean 'Term0'?)") },
            terms.diagnostics.prefix(2).map(\.headline).joined(separator: "\n"))
        let models = (0..<1_000).map { "```rnn model\nname: m\($0)\nvocabulary: [a, b]\nhidden: 2\n```\n\n" }.joined()
        let uses = (0..<1_000).map { "```rnn forward\nmodel: q\($0)\ninput: ab\n```\n\n" }.joined()
        let unknown = buildLesson("# T\n\n" + models + uses)
        XCTAssertEqual(unknown.diagnostics.count, Pipeline.maxDiagnostics + 1)
        XCTAssertTrue(unknown.diagnostics.first?.headline.hasSuffix("no model named 'q0' is defined above this directive (did you mean 'm0'?)") == true)
    }

    /// More of the search's shapes, each a search repeated per opening to the end of a line or a paragraph: `[^`
    /// with no label before a far `]` (searched again per opening, and each kept with the text up to it: 20,000
    /// took 51 s and 826 MB), `_www.` runs (47 s for 10,000; with `..`, over a minute for 20,000), trailing `)` after a link, unclosed `\\begin{equation}`
    /// lines and `-\\(` with no space. The pages are what they were.
    func testOpeningsThatSearchedToTheEndOfTheirLineOrParagraph() {
        let n = 10_000
        let notes = htmlBody(buildLesson("x[^1]\n\n" + String(repeating: "[^a ", count: n) + "]\n\n[^1]: n\n"))
        XCTAssertTrue(notes.contains("<p>[^a [^a "), String(notes.prefix(300)))
        XCTAssertTrue(notes.contains("[^a ]</p>\n<section class=\"footnotes\""))
        let links = htmlBody(buildLesson("x" + String(repeating: "_www.a", count: n) + " see https://a.b" + String(repeating: ")", count: n) + "\n"))
        XCTAssertTrue(links.hasPrefix("<p>x_www.a_www.a_"), String(links.prefix(80)))
        XCTAssertTrue(links.contains("_www.a_<a href=\"http://www.a\">www.a</a> see <a href=\"https://a.b\">https://a.b</a>)))"))
        XCTAssertEqual(links.components(separatedBy: "<a href").count, 3)
        // A `www.` before a domain's `..` has it in its own domain too (20,000 `_www.a..b` took over a minute).
        let dots = htmlBody(buildLesson(String(repeating: "_www.a..b", count: n) + " www.a.b\n"))
        XCTAssertEqual(dots, "<p>" + String(repeating: "_www.a..b", count: n) + " <a href=\"http://www.a.b\">www.a.b</a></p>\n")
        let environments = buildLesson(String(repeating: "\\begin{equation}\n", count: n))
        XCTAssertEqual(environments.diagnostics.map(\.headline), [])
        XCTAssertEqual(htmlBody(environments).components(separatedBy: "\\begin{equation}").count, n + 1)
        let parentheses = htmlBody(buildLesson("x " + String(repeating: "-\\(", count: 4 * n) + "\n"))
        XCTAssertEqual(parentheses, "<p>x " + String(repeating: "-(", count: 4 * n) + "</p>\n")
    }

    /// Obsidian links and HTML tags that lose an attribute, many on one line: each is looked for after the one
    /// before (from the line's start, in a fresh copy of it, 20,000 took 28 s and 51 s), so a repeated one is
    /// placed at its own column, not at the first's.
    func testManyWikiLinksAndTagsOnOneLineArePlacedInOrder() {
        let n = 5_000
        let links = buildLesson((0..<n).map { "[[p\($0 % 2)]]" }.joined(separator: " ") + "\n")
        XCTAssertEqual(
            links.diagnostics.prefix(3).map(\.headline),
            [1, 8, 15].map {
                "Lessons/test.md:1:\($0): warning: no lesson beside this one is named 'p\($0 / 7 % 2)' (by file name or title), so this Obsidian link is shown as the text 'p\($0 / 7 % 2)'"
            })
        let tags = buildLesson(String(repeating: "<u a=\"1\">t</u> ", count: n) + "\n")
        let leaves =
            "warning: the HTML handout leaves out 'a' of this <u> (it keeps no attributes, with a checked value); "
            + "build with --allow-raw-html to keep it"
        XCTAssertEqual(
            tags.diagnostics.prefix(2).map(\.headline),
            ["Lessons/test.md:1:1: " + leaves, "Lessons/test.md:1:16: " + leaves])
    }

    /// Inline notes: each `[`'s closing `]` is found once for a paragraph, not from each `^[` to its end, and the
    /// rest of the paragraph is not copied after each note (20,000 unclosed `^[a` lines took 23 s, 20,000 notes in
    /// a paragraph 4.2 s).
    func testManyInlineNotesAndUnclosedOnesInAParagraph() {
        let n = 5_000
        let unclosed = htmlBody(buildLesson(String(repeating: "^[a\n", count: n) + "^[b] end\n"))
        XCTAssertTrue(unclosed.hasPrefix("<p>^[a\n^[a\n"), String(unclosed.prefix(40)))
        XCTAssertTrue(unclosed.contains("^[a\n<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\" role=\"doc-noteref\">1</a></sup> end</p>"))
        let notes = htmlBody(buildLesson((0..<n).map { "w^[n\($0)]\n" }.joined()))
        XCTAssertEqual(notes.components(separatedBy: "role=\"doc-noteref\"").count, n + 1)
        XCTAssertTrue(notes.contains("<li id=\"fn\(n)\">\n<p>n\(n - 1) <a href=\"#fnref\(n)\""))
    }

    /// A closing tag that no open tag of its name awaits is not looked for among the open ones (40,000 unmatched
    /// `</s>` after 40,000 `<u>` took 5.3 s); and elements nest at most `InlineHTML.maxDepth` deep (10,000 nested
    /// `<u>` crashed the build: the passes over the tree overflowed the stack). Tags past the depth are left out,
    /// and the closing tags that find none open after them.
    func testUnmatchedClosingTagsAfterManyOpeningOnes() {
        let (n, depth, omitted) = (10_000, InlineHTML.maxDepth, "<!-- raw HTML omitted -->")
        let lesson = "x " + String(repeating: "<u>", count: n) + String(repeating: "</s>", count: n)
            + String(repeating: "</u>", count: n) + " <s>s <kbd>k</s>\n"
        XCTAssertEqual(
            htmlBody(buildLesson(lesson)),
            "<p>x " + String(repeating: "<u>", count: depth) + String(repeating: omitted, count: 2 * n - depth)
                + String(repeating: "</u>", count: depth) + String(repeating: omitted, count: n - depth)
                + " <s>s \(omitted)k</s></p>\n")
    }

    /// Emphasis, strikethrough and highlight nest at most `InlineDepth.maxDepth` deep: deeper ones keep their text
    /// and lose their marks (20,000 nested `**a ` crashed the build: the writers' recursion overflowed the stack).
    func testDeeplyNestedEmphasisKeepsItsTextBeyondTheDepth() {
        let (n, depth) = (20_000, InlineDepth.maxDepth)
        func nested(_ open: String, _ close: String, _ lesson: (String, String)) -> String {
            String(repeating: open, count: depth) + String(repeating: lesson.0, count: n - depth) + "x"
                + String(repeating: lesson.1, count: n - depth) + String(repeating: close, count: depth)
        }
        let strong = String(repeating: "**a ", count: n) + "x" + String(repeating: " a**", count: n) + "\n"
        XCTAssertEqual(
            htmlBody(buildLesson(strong)), "<p>" + nested("<strong>a ", " a</strong>", ("a ", " a")) + "</p>\n")
        // cmark pairs all 20,000 and the deep ones lose their marks; `~~` is paired by TildesAndCarets, innermost
        // first, which leaves the outer ones as the text they were.
        let struck = String(repeating: "~~a ", count: n) + "x" + String(repeating: " a~~", count: n) + "\n"
        XCTAssertEqual(
            htmlBody(buildLesson(struck)),
            "<p>" + String(repeating: "~~a ", count: n - depth) + String(repeating: "<del>a ", count: depth) + "x"
                + String(repeating: " a</del>", count: depth) + String(repeating: " a~~", count: n - depth) + "</p>\n")
        // Openings never closed do not count: a span after 40 of them is struck.
        XCTAssertEqual(
            htmlBody(buildLesson(String(repeating: "~~a ", count: 40) + "~~b~~\n")),
            "<p>" + String(repeating: "~~a ", count: 40) + "<del>b</del></p>\n")
        let alternating = String(repeating: "*a _", count: 3_000) + "x" + String(repeating: "_ a*", count: 3_000)
        let markdown = buildLesson(alternating + "\n").markdown ?? ""
        XCTAssertTrue(markdown.contains(String(repeating: "*a *", count: depth / 2) + "a a a"), markdown.prefix(300).description)
        XCTAssertEqual(htmlBody(buildLesson(alternating + "\n")).components(separatedBy: "<em>").count - 1, depth)
    }

    /// Inline notes nest at most `InlineDepth.maxDepth` deep, a deeper `^[` left as text: each level read again
    /// all the levels it holds (8,000 nested took 11 s).
    func testDeeplyNestedInlineNotesStopAtTheDepth() {
        let (n, depth) = (8_000, InlineDepth.maxDepth)
        let product = buildLesson(String(repeating: "^[a ", count: n) + "x" + String(repeating: " b]", count: n) + "\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = product.html ?? ""
        XCTAssertEqual(html.components(separatedBy: "<li id=\"fn").count - 1, depth)
        // The 32nd note holds the rest as written: its text, then the first `^[a` left as it is.
        XCTAssertEqual(html.components(separatedBy: "^[a ").count - 1, n - depth)
    }

    /// The name of an environment holds no brace or backslash, so that the search for its `}` stops there: 20,000
    /// `\begin{a` without a `}` searched to the end of the math each (1.5 s).
    func testManyUnclosedBeginsInMathAreOneError() {
        let product = buildLesson("$" + String(repeating: "\\begin{a ", count: 20_000) + "x$\n")
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            ["Lessons/test.md:1:1: error: KaTeX cannot typeset this math: 20000 '{' are never closed"])
    }

    func testTwentyThousandHeadingsOfOneNameGetNumberedAnchors() {
        let text = String(repeating: "# A\n\n", count: 20_000) + "# A-1\n"
        let html = htmlBody(buildLesson(text))
        XCTAssertTrue(html.hasPrefix("<h1 id=\"a\">A"), String(html.prefix(80)))
        XCTAssertTrue(html.contains("<h1 id=\"a-19999\">A"))
        XCTAssertTrue(html.contains("<h1 id=\"a-1-1\">A-1"), "the literal A-1 is taken by the second heading")
    }
}
