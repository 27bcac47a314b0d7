import Foundation
import XCTest

@testable import Workbook

/// Numbered equations, figures, tables and cross-references within and across a course's lessons, in both
/// handouts, through the cache; and every mistake at its line and column. The expected numbers are counted by
/// hand from the lessons below (lesson 1: two equations, one figure, one table; lesson 2: one equation).
final class CrossReferenceTests: XCTestCase {
    var root: URL!

    static let first = """
        # Loss

        $$J^{(t)} = -\\log p$$ {#eq-step}

        $$J = \\frac{1}{T}\\sum_t J^{(t)} \\label{eq:loss}$$

        ## Per step {#sec-steps}

        ```rnn model
        name: m
        vocabulary: [a, b]
        hidden: 2
        ```

        ```rnn loss
        model: m
        sequence: [a, b, a]
        ```

        ```rnn plot
        value: m.loss.J
        label: fig-steps
        caption: The loss per step
        ```

        | t | J |
        |---|---|
        | 1 | x |

        : Per step {#tbl-steps}

        @eq-step is averaged by \\eqref{eq:loss}; see @fig-steps and @tbl-steps.

        """

    static let second = """
        # Use

        As @eq-step and \\eqref{eq:loss} say (@sec-steps), see @fig-steps.

        $$y = 1$$ {#eq-y}

        and @eq-y.

        """

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("xref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try write("01-loss.md", Self.first)
        try write("02-use.md", Self.second)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent("Lessons/" + name))
    }

    func build(cache: Bool = false, input: String = "Lessons", edition: Edition = .instructor) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        if cache { options.cache = BuildCache(directory: root.appendingPathComponent("cache").path, toolIdentity: "t") }
        return CourseBuilder.build(inputs: [root.appendingPathComponent(input).path], options: options)
    }

    func file(_ build: CourseBuild, _ name: String) -> String {
        String(decoding: build.files[name] ?? [], as: UTF8.self)
    }

    func testLabelsAreNumberedInTheHTMLHandout() throws {
        let build = build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let html = file(build, "01-loss.html")
        XCTAssertTrue(html.contains("<span class=\"math display\" id=\"eq-step\">J^{(t)} = -\\log p\\tag{1.1}</span>"))
        XCTAssertTrue(
            html.contains(
                "<span class=\"math display\" id=\"eq:loss\">J = \\frac{1}{T}\\sum_t J^{(t)}\\tag{1.2}</span>"))
        XCTAssertTrue(html.contains("<h2 id=\"sec-steps\">Per step <a class=\"wb-anchor\" href=\"#sec-steps\""))
        XCTAssertTrue(html.contains("<figure class=\"wb-figure\" id=\"fig-steps\">\n<figure class=\"wb-plot\""))
        XCTAssertTrue(html.contains("<figcaption>Figure 1.1: The loss per step</figcaption>\n</figure>\n</div>"))
        XCTAssertTrue(
            html.contains(
                "<figure class=\"wb-float\" id=\"tbl-steps\">\n<figcaption>Table 1.1: Per step</figcaption>\n<table>\n")
        )
        XCTAssertTrue(
            html.contains(
                "<p><a class=\"wb-xref\" href=\"#eq-step\">Eq. 1.1</a> is averaged by <a class=\"wb-xref\" href=\"#eq:loss\">(1.2)</a>; see <a class=\"wb-xref\" href=\"#fig-steps\">Figure 1.1</a> and <a class=\"wb-xref\" href=\"#tbl-steps\">Table 1.1</a>.</p>"
            ))
    }

    /// Pandoc reads `{ #label }` with spaces inside the braces; the label's definition was looked for as `{#label`
    /// only, so it was lost (every reference to it an error), and each search ran to the end of the lesson.
    func testLabelsWithSpacesInsideTheirBraces() throws {
        try write("03-spaces.md", "# Spaces\n\n## Intro { #sec-intro }\n\n| a |\n|---|\n| 1 |\n\n: Ones { #tbl-ones }\n\nSee @sec-intro and @tbl-ones.\n")
        let build = build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let html = file(build, "03-spaces.html")
        XCTAssertTrue(html.contains("<h2 id=\"sec-intro\">Intro <a class=\"wb-anchor\""), html)
        XCTAssertTrue(html.contains("<figcaption>Table 3.1: Ones</figcaption>"), html)
        XCTAssertTrue(
            html.contains(
                "<p>See <a class=\"wb-xref\" href=\"#sec-intro\">Intro</a> and <a class=\"wb-xref\" href=\"#tbl-ones\">Table 3.1</a>.</p>"),
            html)
    }

    func testReferencesAcrossLessonsLinkToTheOtherPage() throws {
        let build = build()
        let html = file(build, "02-use.html")
        XCTAssertTrue(
            html.contains(
                "<p>As <a class=\"wb-xref\" href=\"01-loss.html#eq-step\">Eq. 1.1</a> and <a class=\"wb-xref\" href=\"01-loss.html#eq:loss\">(1.2)</a> say (<a class=\"wb-xref\" href=\"01-loss.html#sec-steps\">Per step</a>), see <a class=\"wb-xref\" href=\"01-loss.html#fig-steps\">Figure 1.1</a>.</p>"
            ))
        XCTAssertTrue(html.contains("<span class=\"math display\" id=\"eq-y\">y = 1\\tag{2.1}</span>"))
        XCTAssertTrue(html.contains("<p>and <a class=\"wb-xref\" href=\"#eq-y\">Eq. 2.1</a>.</p>"))
    }

    func testTheMarkdownHandoutHasAnchorsTagsCaptionsAndLinks() throws {
        let build = build()
        let first = file(build, "01-loss.md")
        XCTAssertTrue(first.contains("<a id=\"eq-step\"></a>$$J^{(t)} = -\\log p \\tag{1.1}$$\n"))
        XCTAssertTrue(first.contains("<a id=\"eq:loss\"></a>$$J = \\frac{1}{T}\\sum_t J^{(t)} \\tag{1.2}$$\n"))
        XCTAssertTrue(first.contains("\n## Per step <a id=\"sec-steps\"></a>\n"))
        XCTAssertTrue(first.contains("\n<a id=\"fig-steps\"></a>*Figure 1.1: The loss per step*\n"))
        XCTAssertTrue(first.contains("\n<a id=\"tbl-steps\"></a>*Table 1.1: Per step*\n\n| t | J |\n|---|---|\n| 1 | x |\n"), first)
        XCTAssertTrue(
            first.contains(
                "[Eq. 1.1](#eq-step) is averaged by [(1.2)](#eq:loss); see [Figure 1.1](#fig-steps) and [Table 1.1](#tbl-steps)."
            ))
        let second = file(build, "02-use.md")
        XCTAssertEqual(
            second,
            """
            # Use

            As [Eq. 1.1](01-loss.md#eq-step) and [(1.2)](01-loss.md#eq:loss) say ([Per step](01-loss.md#sec-steps)), see [Figure 1.1](01-loss.md#fig-steps).

            <a id="eq-y"></a>$$y = 1 \\tag{2.1}$$

            and [Eq. 2.1](#eq-y).

            """)
    }

    func testALessonBuiltAloneStillRefersToItsNeighbours() throws {
        let build = build(input: "Lessons/02-use.md")
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertTrue(file(build, "02-use.html").contains("href=\"01-loss.html#eq-step\">Eq. 1.1</a>"))
    }

    func testALessonIsBuiltAgainWhenALabelItRefersToChangesNumber() throws {
        XCTAssertTrue(build(cache: true).succeeded)
        XCTAssertEqual(build(cache: true).lessons.filter { !$0.fromCache }.count, 0)
        // A paragraph more in lesson 1 changes no number: lesson 2 comes from the cache.
        try write("01-loss.md", Self.first + "More.\n")
        XCTAssertEqual(build(cache: true).lessons.filter { !$0.fromCache }.map(\.slug), ["01-loss"])
        // An equation before eq-step makes it (1.2): lesson 2 is built again and says so.
        try write("01-loss.md", Self.first.replacingOccurrences(of: "# Loss\n", with: "# Loss\n\n$$z$$ {#eq-z}\n"))
        let rebuilt = build(cache: true)
        XCTAssertEqual(rebuilt.lessons.filter { !$0.fromCache }.map(\.slug), ["01-loss", "02-use"])
        XCTAssertTrue(file(rebuilt, "02-use.html").contains("href=\"01-loss.html#eq-step\">Eq. 1.2</a>"))
    }

    func testUnknownAndDuplicateLabelsAreErrorsAtTheirPlaces() {
        let product = buildLesson("# E\n\n$$a$$ {#eq-a}\n\n$$b$$ {#eq-a}\n\nSee @eq-b and \\ref{fig-x}.\n")
        XCTAssertNil(product.html)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:3:7: error: duplicate label 'eq-a': it is also defined at line 5, column 7; a label names one thing",
                "Lessons/test.md:5:7: error: duplicate label 'eq-a': it is also defined at line 3, column 7; a label names one thing",
                "Lessons/test.md:7:5: error: unknown cross-reference '@eq-b': no lesson of the course defines the label 'eq-b' (did you mean 'eq-a'?)",
                "Lessons/test.md:7:15: error: unknown cross-reference '\\ref{fig-x}': no lesson of the course defines the label 'fig-x'",
            ])
        XCTAssertEqual(
            product.diagnostics[2].formatted.split(separator: "\n").dropFirst().map(String.init),
            [" 7 | See @eq-b and \\ref{fig-x}.", "   |     ^"])
    }

    func testASectionLabelWrittenTwiceIsADuplicate() {
        XCTAssertEqual(
            headlines("# S\n\n## A {#sec-a}\n\n## B {#sec-a}\n"),
            [
                "Lessons/test.md:3:6: error: duplicate label 'sec-a': it is also defined at line 5, column 6; a label names one thing",
                "Lessons/test.md:5:6: error: duplicate label 'sec-a': it is also defined at line 3, column 6; a label names one thing",
            ])
    }

    func testALabelDefinedInTwoLessonsIsAnErrorInEach() throws {
        try write("02-use.md", Self.second + "\n## Again {#sec-steps}\n")
        let build = build()
        let path1 = root.appendingPathComponent("Lessons/01-loss.md").path
        let path2 = root.appendingPathComponent("Lessons/02-use.md").path
        XCTAssertEqual(
            build.diagnostics.map(\.headline).sorted(),
            [
                "\(path1):7:13: error: duplicate label 'sec-steps': \(path2):9:10 defines it too; a label names one thing in the whole course",
                "\(path2):9:10: error: duplicate label 'sec-steps': \(path1):7:13 defines it too; a label names one thing in the whole course",
            ])
    }

    func testADirectivesLabelHasItsKindsPrefix() {
        let lesson =
            "# P\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n\n```rnn table\ncolumns:\n  b1: m.b1\nlabel: fig-b\n```\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:12:8: error: 'label' of 'table' must start with 'tbl-' and hold only letters, digits, '-', '_', ':' and '.', e.g. 'tbl-loss'"
            ])
        XCTAssertEqual(
            headlines("# P\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\nlabel: fig-m\n```\n"),
            ["Lessons/test.md:7:1: error: unknown key 'label' in 'model' (did you mean 'labels'?)"])
    }

    static let asking = """
        # Ask

        ```rnn exercise
        id: one
        question: |
          Use @eq-y and \\eqref{eq:loss}.
        hint: See @sec-steps.
        answers:
          - name: x
            value: 1
        ```

        ```instructor
        Compare @fig-steps.
        ```

        """

    /// A cross-reference in an exercise's question or hint or an instructor block is numbered and linked as
    /// the prose's are, in both handouts, to another lesson's label as to the lesson's own.
    func testAReferenceInADirectivesProseIsNumberedAndLinked() throws {
        try write("03-ask.md", Self.asking)
        let build = build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let html = file(build, "03-ask.html")
        XCTAssertTrue(
            html.contains(
                "<p>Use <a class=\"wb-xref\" href=\"02-use.html#eq-y\">Eq. 2.1</a> and <a class=\"wb-xref\" href=\"01-loss.html#eq:loss\">(1.2)</a>.</p>"
            ), html)
        XCTAssertTrue(
            html.contains("<p>See <a class=\"wb-xref\" href=\"01-loss.html#sec-steps\">Per step</a>.</p>"), html)
        XCTAssertTrue(
            html.contains("<p>Compare <a class=\"wb-xref\" href=\"01-loss.html#fig-steps\">Figure 1.1</a>.</p>"), html)
        let markdown = file(build, "03-ask.md")
        XCTAssertTrue(markdown.contains("Use [Eq. 2.1](02-use.md#eq-y) and [(1.2)](01-loss.md#eq:loss)."), markdown)
        XCTAssertTrue(markdown.contains("Compare [Figure 1.1](01-loss.md#fig-steps)."), markdown)
        // Its own label, in the same lesson: on the page.
        let own = buildLesson(
            "# X\n\n$$a$$ {#eq-a}\n\n```rnn exercise\nid: one\nquestion: Use @eq-a.\nanswers:\n  - name: x\n    value: 1\n```\n")
        XCTAssertEqual(own.diagnostics.map(\.headline), [])
        XCTAssertTrue(own.html?.contains("<p>Use <a class=\"wb-xref\" href=\"#eq-a\">Eq. 1.1</a>.</p>") == true)
    }

    /// A lesson whose exercise refers to another lesson's label is built again when that label's number changes,
    /// as one whose prose does.
    func testALessonIsBuiltAgainWhenALabelItsExerciseRefersToChangesNumber() throws {
        try write("03-ask.md", Self.asking)
        XCTAssertTrue(build(cache: true).succeeded)
        XCTAssertEqual(build(cache: true).lessons.filter { !$0.fromCache }.count, 0)
        try write("02-use.md", Self.second.replacingOccurrences(of: "$$y = 1$$", with: "$$w$$ {#eq-w}\n\n$$y = 1$$"))
        let rebuilt = build(cache: true)
        XCTAssertEqual(rebuilt.lessons.filter { !$0.fromCache }.map(\.slug), ["02-use", "03-ask"])
        XCTAssertTrue(file(rebuilt, "03-ask.html").contains("href=\"02-use.html#eq-y\">Eq. 2.2</a>"))
    }

    /// A reference in a question to a label the course lacks is an error at its place, before anything runs, as in
    /// the prose; a label defined in a question is still one (a question is no place to define what the prose
    /// refers to).
    func testAnUnknownReferenceInADirectivesProseIsAnErrorAtItsPlace() {
        let lesson = """
            # X

            $$a$$ {#eq-a}

            ```rnn exercise
            id: one
            question: |
              Use @eq-b.
            answers:
              - name: x
                value: 1
            ```

            """
        let product = buildLesson(lesson)
        XCTAssertNil(product.html)
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            [
                "Lessons/test.md:8:7: error: unknown cross-reference '@eq-b': no lesson of the course defines the label 'eq-b' (did you mean 'eq-a'?)"
            ])
        XCTAssertEqual(
            product.diagnostics[0].formatted.split(separator: "\n").dropFirst().map(String.init),
            [" 8 |   Use @eq-b.", "   |       ^"])
        let labelled = headlines(lesson.replacingOccurrences(of: "Use @eq-b.", with: "$$b$$ {#eq-b}"))
        XCTAssertEqual(labelled.count, 1)
        XCTAssertTrue(
            labelled[0].hasPrefix("Lessons/test.md:8:")
                && labelled[0].hasSuffix(
                    "error: a label cannot stand inside a question, a hint, a solution or an instructor block: label 'eq-b' in the lesson's prose"
                ), labelled[0])
    }

    static let hidden = """
        # Hidden

        ```rnn model
        name: m
        vocabulary: [a, b]
        hidden: 2
        ```

        ```rnn loss
        model: m
        sequence: [a, b, a]
        ```

        ```rnn plot instructor
        value: m.loss.J
        label: fig-curve
        caption: The secret curve
        ```

        Text.

        """

    func lesson(_ text: String, edition: Edition) -> LessonProduct {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.copiesImages = false
        options.edition = edition
        return Pipeline.build(
            SourceFile(path: "Lessons/test.md", text: text), slug: "test", options: options,
            assets: AssetLinks.make(katexDirectory: nil))
    }

    /// A figure only the instructor edition shows leaves no trace in a student edition: not its caption in the
    /// Markdown handout (on the code before, `*Figure 1.1: The secret curve*` with its anchor) nor in the search
    /// text; the instructor edition has it whole.
    func testAStudentEditionHasNoTraceOfAnInstructorOnlyFigure() throws {
        let student = lesson(Self.hidden, edition: .student)
        XCTAssertEqual(student.diagnostics.map(\.headline), [])
        let texts = [try XCTUnwrap(student.html), try XCTUnwrap(student.markdown)] + student.search.map(\.text)
        XCTAssertFalse(texts.contains { $0.contains("secret") || $0.contains("fig-curve") }, texts.joined())
        let instructor = lesson(Self.hidden, edition: .instructor)
        XCTAssertTrue(instructor.markdown?.contains("<a id=\"fig-curve\"></a>*Figure 1.1: The secret curve*") == true)
        XCTAssertTrue(instructor.search.contains { $0.text.contains("Figure 1.1: The secret curve") })
    }

    /// In a student edition, a reference to a figure only the instructor edition shows, in the prose or in an
    /// exercise's question, is an error at the reference (the page would link to nothing: on the code before,
    /// `<a class="wb-xref" href="#fig-curve">Figure 1.1</a>` with no such id); one in an instructor block, which a
    /// student edition does not show, is not; the instructor edition builds either.
    func testAReferenceToWhatOnlyTheInstructorEditionShowsIsAnErrorInAStudentEdition() {
        let message =
            "'@fig-curve' refers to Figure 1.1, which only the instructor edition shows (Lessons/test.md:16:8): a "
            + "student edition does not have it; mark what refers to it 'instructor' too, or show it in every edition"
        let prose = Self.hidden.replacingOccurrences(of: "Text.", with: "See @fig-curve.")
        XCTAssertEqual(lesson(prose, edition: .student).diagnostics.map(\.headline), ["Lessons/test.md:20:5: error: " + message])
        XCTAssertEqual(lesson(prose, edition: .instructor).diagnostics.map(\.headline), [])
        let question = Self.hidden.replacingOccurrences(
            of: "Text.", with: "```rnn exercise\nid: e\nquestion: Read @fig-curve.\nanswers:\n  - name: x\n    value: 1\n```")
        XCTAssertEqual(lesson(question, edition: .student).diagnostics.map(\.headline), ["Lessons/test.md:22:16: error: " + message])
        let notes = Self.hidden.replacingOccurrences(of: "Text.", with: "```instructor\nSee @fig-curve.\n```")
        XCTAssertEqual(lesson(notes, edition: .student).diagnostics.map(\.headline), [])
        // An exercise marked instructor runs in a student edition but is not shown there: no error either.
        let hiddenExercise = question.replacingOccurrences(of: "```rnn exercise", with: "```rnn exercise instructor")
        XCTAssertEqual(lesson(hiddenExercise, edition: .student).diagnostics.map(\.headline), [])
        XCTAssertTrue(lesson(notes, edition: .instructor).html?.contains("href=\"#fig-curve\">Figure 1.1</a>") == true)
    }

    /// A lesson with `edition: instructor` is not in a student edition: a reference to its labels is an error there.
    func testAReferenceToAnInstructorOnlyLessonIsAnErrorInAStudentEdition() throws {
        try write("03-key.md", "---\nedition: instructor\n---\n# Key\n\n$$k$$ {#eq-key}\n")
        try write("02-use.md", Self.second + "\nSee @eq-key.\n")
        XCTAssertTrue(build().succeeded)
        let student = build(edition: .student)
        let path = root.appendingPathComponent("Lessons/02-use.md").path
        let key = root.appendingPathComponent("Lessons/03-key.md").path
        XCTAssertEqual(
            student.diagnostics.map(\.headline),
            [
                "\(path):9:5: error: '@eq-key' refers to Eq. 3.1, which only the instructor edition shows (\(key):6:7): a "
                    + "student edition does not have it; mark what refers to it 'instructor' too, or show it in every edition"
            ])
    }

    /// A lesson whose reference's target becomes instructor-only is built again in a student edition, so the
    /// error shows (on the code before, the cached page kept its link to the figure the edition no longer had).
    func testAStudentEditionIsBuiltAgainWhenAReferencedFigureBecomesInstructorOnly() throws {
        XCTAssertEqual(build(cache: true, edition: .student).diagnostics.map(\.headline), [])
        try write("01-loss.md", Self.first.replacingOccurrences(of: "```rnn plot\n", with: "```rnn plot instructor\n"))
        let rebuilt = build(cache: true, edition: .student)
        let path = root.appendingPathComponent("Lessons/02-use.md").path
        XCTAssertTrue(
            rebuilt.diagnostics.map(\.headline).contains {
                $0.hasPrefix("\(path):3:") && $0.contains("'@fig-steps' refers to Figure 1.1, which only the instructor edition shows")
            }, rebuilt.diagnostics.map(\.headline).joined(separator: "\n"))
    }

    /// A reference in a quoted YAML scalar is reported where it is written, through the scalar's escapes (`\"` in
    /// double quotes, `''` in single ones). On the code before, the fragment's column was kept: 5:21 and 6:6.
    func testAReferenceInAQuotedScalarIsReportedWhereItIsWritten() {
        let lesson = """
            # X

            ```rnn exercise
            id: one
            question: "Plain \\"quoted\\" then @eq-qq here."
            hint: 'It''s @eq-sq here.'
            answers:
              - name: x
                value: 1
            ```

            """
        XCTAssertEqual(
            buildLesson(lesson).diagnostics.map(\.headline),
            [
                "Lessons/test.md:5:34: error: unknown cross-reference '@eq-qq': no lesson of the course defines the label 'eq-qq'",
                "Lessons/test.md:6:14: error: unknown cross-reference '@eq-sq': no lesson of the course defines the label 'eq-sq'",
            ])
        XCTAssertEqual(Prose.quotedColumn(3, of: "a\tb", in: #"q: "a\tb""#), 8)
        XCTAssertNil(Prose.quotedColumn(1, of: "zz", in: #"q: "ab""#))
    }
}
