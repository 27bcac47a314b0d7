import Foundation
import XCTest

@testable import Workbook

/// The boxes of Hugo's documentation themes (hugo-book's hint, details, expand and tabs, Docsy's alert), each
/// shortcode on a line of its own, are the callouts and tabs they draw in both handouts. On the code before, each
/// shortcode was left out with a warning and the box's content stood as plain paragraphs.
final class HugoBoxesTests: XCTestCase {
    static let lesson = """
        # Hugo

        {{< hint warning >}}
        **Careful**: the gradient $\\nabla J$ explodes.
        {{< /hint >}}

        {{< details "Why it works" >}}
        Because $x$.
        {{< /details >}}

        {{% details title="Open one" open=true %}}
        Shown.
        {{% /details %}}

        {{< expand >}}
        Hidden.
        {{< /expand >}}

        {{< tabs "uniqueid" >}}
        {{< tab "NumPy" >}}
        Use `np.tanh`.
        {{< /tab >}}
        {{< tab "PyTorch" >}}
        Use `torch.tanh`.
        {{< /tab >}}
        {{< /tabs >}}

        {{% alert title="Mind the sign" color="danger" %}}
        Docsy's.
        {{% /alert %}}

        {{< hint >}}
        Plain.
        {{< /hint >}}

        ```
        {{< hint >}}
          {{< hint >}}
        ```

        """

    func testHugoBoxesAreCalloutsAndTabsInBothHandouts() throws {
        let product = buildLesson(Self.lesson)
        XCTAssertEqual(product.diagnostics.map(\.formatted), [])
        let html = try XCTUnwrap(product.html)
        let title = { (text: String) in
            "<p class=\"wb-callout-title\"><span class=\"wb-callout-icon\" aria-hidden=\"true\"></span>\(text)</p>"
        }
        let summary = { (text: String) in
            "<summary class=\"wb-callout-title\"><span class=\"wb-callout-icon\" aria-hidden=\"true\"></span>\(text)</summary>"
        }
        for expected in [
            "<div class=\"wb-callout wb-callout-warning\" role=\"note\">\n" + title("Warning")
                + "\n<div class=\"wb-callout-body\">\n<p><strong>Careful</strong>: the gradient <span class=\"math inline\">\\nabla J</span> explodes.</p>",
            "<details class=\"wb-callout wb-callout-note\">\n" + summary("Why it works"),
            "<details class=\"wb-callout wb-callout-note\" open>\n" + summary("Open one"),
            "<details class=\"wb-callout wb-callout-note\">\n" + summary("Expand") + "\n<div class=\"wb-callout-body\">\n<p>Hidden.</p>",
            "<div class=\"wb-tabset\">\n<section class=\"wb-tab-panel\">\n<p class=\"wb-tab-label\">NumPy</p>\n<p>Use <code>np.tanh</code>.</p>\n</section>\n<section class=\"wb-tab-panel\">\n<p class=\"wb-tab-label\">PyTorch</p>",
            "<div class=\"wb-callout wb-callout-caution\" role=\"note\">\n" + title("Mind the sign"),
            "<div class=\"wb-callout wb-callout-note\" role=\"note\">\n" + title("Note")
                + "\n<div class=\"wb-callout-body\">\n<p>Plain.</p>",
            // In a code block, a shortcode is the code's text.
            "<pre><code>{{&lt; hint &gt;}}\n  {{&lt; hint &gt;}}\n</code></pre>",
        ] {
            XCTAssertTrue(html.contains(expected), expected)
        }
        XCTAssertFalse(html.contains("{{&lt; /") || html.contains("{{%"))
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(
            markdown.contains("> [!WARNING]\n> **Careful**: the gradient $\\nabla J$ explodes.\n"), markdown)
        XCTAssertTrue(markdown.contains("> [!NOTE]\n> **Why it works**\n>\n> Because $x$.\n"), markdown)
        XCTAssertTrue(markdown.contains("**NumPy**\n\nUse `np.tanh`.\n"), markdown)
        XCTAssertTrue(markdown.contains("> [!CAUTION]\n> **Mind the sign**\n>\n> Docsy's.\n"), markdown)
    }

    /// Boxes as Hugo notes hold them: in a list item and a block quote (behind their marks), indented up to three
    /// spaces, in a file with Windows' line ends (on the code before, all of them were left out with a warning:
    /// a "\r\n" is one Swift character, so no line was found; MyST's boxes and `<details>` were lost the same way),
    /// and a title with Go's escaped quotes.
    func testHugoBoxesInContainersIndentedAndWithWindowsLineEnds() throws {
        let lesson = """
            # Hugo

            1. Step one:

               {{< hint warning >}}
               In a list item.
               {{< /hint >}}

            > {{< hint info >}}
            > In a quote.
            > {{< /hint >}}

              {{< hint danger >}}
              Indented.
              {{< /hint >}}

            {{< details "Say \\"hi\\"" >}}
            Body.
            {{< /details >}}

            ```{note} MyST's
            Too.
            ```

            """
        for text in [lesson, lesson.replacingOccurrences(of: "\n", with: "\r\n")] {
            let product = buildLesson(text)
            XCTAssertEqual(product.diagnostics.map(\.headline), [])
            let html = try XCTUnwrap(product.html)
            for expected in [
                "<li>\n<p>Step one:</p>\n<div class=\"wb-callout wb-callout-warning\" role=\"note\">",
                "<blockquote>\n<div class=\"wb-callout wb-callout-note\" role=\"note\">",
                "<div class=\"wb-callout wb-callout-caution\" role=\"note\">",
                "aria-hidden=\"true\"></span>Say &quot;hi&quot;</summary>",
                "aria-hidden=\"true\"></span>MyST's</p>",
            ] {
                XCTAssertTrue(html.contains(expected), expected + "\n" + html)
            }
            XCTAssertFalse(html.contains(":::") || html.contains("{{"), html)
        }
    }

    /// hugo-book's columns, `{{< columns >}}` with `<--->` between them, are Quarto's columns: side by side in the
    /// HTML handout (and on slides), one after the other in the Markdown handout. On the code before, the shortcodes
    /// were left out with warnings and `<--->` stood in the text.
    func testHugoColumnsAreColumns() throws {
        let product = buildLesson(
            "# C\n\n{{< columns >}}\nLeft **text** with $x$.\n\n- a list\n<--->\nRight.\n<--->\nThird.\n{{< /columns >}}\n\nAfter.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let html = try XCTUnwrap(product.html)
        XCTAssertTrue(
            html.contains(
                "<div class=\"wb-columns\">\n<div class=\"wb-column\">\n<p>Left <strong>text</strong> with <span class=\"math inline\">x</span>.</p>\n<ul>\n<li>a list</li>\n</ul>\n</div>\n"
                    + "<div class=\"wb-column\">\n<p>Right.</p>\n</div>\n<div class=\"wb-column\">\n<p>Third.</p>\n</div>\n</div>\n<p>After.</p>"),
            html)
        XCTAssertFalse(html.contains("&lt;---&gt;") || html.contains("wb-column-break"))
        XCTAssertTrue(
            product.markdown?.contains("Left **text** with $x$.\n\n- a list\n\nRight.\n\nThird.\n\nAfter.\n") == true,
            product.markdown ?? "")
    }

    /// A box never closed is an error at its shortcode as written, naming the line to add; a closing shortcode
    /// that closes no box, and one inside a line of text, are left out with the warning every other shortcode gets.
    func testAnUnclosedHugoBoxIsAnErrorAndAStrayCloserAWarning() {
        XCTAssertEqual(
            buildLesson("# X\n\n{{% hint info %}}\nText.\n").diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:3:1: error: unclosed '{{% hint %}}': add a line '{{% /hint %}}' where it ends
                 3 | {{% hint info %}}
                   | ^
                """
            ])
        XCTAssertEqual(
            buildLesson("# X\n\n  {{< hint info >}}\nText.\n").diagnostics.map(\.headline),
            ["Lessons/test.md:3:1: error: unclosed '{{< hint >}}': add a line '{{< /hint >}}' where it ends"])
        // A lone carriage return ends a line for cmark, not for the rewriting: no box is read then, and a
        // shortcode in code stays code (it had been taken for a box: "unclosed '{{< hint >}}'" at 4:1).
        let lone = buildLesson("# Lone\rCR\rtwice\n\n```\n{{< hint >}}\n```\n")
        XCTAssertEqual(lone.diagnostics.map(\.headline), [])
        XCTAssertTrue(lone.html?.contains("<code>{{&lt; hint &gt;}}\n</code>") == true, lone.html ?? "")
        // Opened at the line's start and closed indented (outside any container): one box.
        let mixed = buildLesson("# X\n\n{{< hint info >}}\nText.\n  {{< /hint >}}\n")
        XCTAssertEqual(mixed.diagnostics.map(\.headline), [])
        XCTAssertTrue(mixed.html?.contains("<div class=\"wb-callout wb-callout-note\" role=\"note\">") == true)
        let stray = buildLesson("# X\n\nText.\n\n{{< /details >}}\n\nA {{< hint >}} in text.\n")
        XCTAssertEqual(
            stray.diagnostics.map(\.headline),
            [
                "Lessons/test.md:5:1: warning: this '{{< /details >}}' closes no open 'details' box (a box closes with its own name, the innermost first, each shortcode on a line of its own), so it is left out",
                "Lessons/test.md:7:3: warning: Hugo's shortcode 'hint' is left out: the handouts honour only Hugo's figure, ref and katex shortcodes, hugo-book's hint, details, expand, tabs and columns and Docsy's alert on lines of their own, and Jekyll's post_url",
            ])
        XCTAssertNotNil(stray.html)
    }

    /// Hugo's shortcodes written to be shown, `{{</* … */>}}` (documentation about shortcodes), show the shortcode
    /// without the comment marks, in prose and in code, as Hugo's pages do; they had been left out of the prose
    /// with a warning ("Hugo's shortcode '/*' is left out") and kept their marks in code.
    func testShortcodesWrittenToBeShownAreShown() {
        let text = """
            Write {{</* hint info */>}} to open a *hint*, {{%/* ref "x.md" */%}} for a link.

            ```
            {{</* hint */>}} and {{</* /hint */>}}
            {{%/* ref "a_b.md" */%}} {{</* no end
            ```

            {{< hint >}}
            Shown: {{</* hint */>}}
            {{< /hint >}}

            """
        let product = buildLesson(text)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let body = htmlBody(product)
        XCTAssertTrue(
            body.hasPrefix(
                "<p>Write {{&lt; hint info &gt;}} to open a <em>hint</em>, {{% ref &quot;x.md&quot; %}} for a link.</p>\n"
                    + "<pre><code>{{&lt; hint &gt;}} and {{&lt; /hint &gt;}}\n{{% ref &quot;a_b.md&quot; %}} {{&lt;/* no end\n"
                    + "</code></pre>\n"), body)
        XCTAssertTrue(body.contains("<p>Shown: {{&lt; hint &gt;}}</p>"), body)
        XCTAssertEqual(SiteTemplates.commentedShortcode("{{</* x */>}}"), "{{< x >}}")
        XCTAssertEqual(SiteTemplates.commentedShortcode("{{</*>}}"), nil)
        XCTAssertEqual(SiteTemplates.commentedShortcode("{{< x >}}"), nil)
    }
}
