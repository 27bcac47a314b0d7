import Foundation
import XCTest

@testable import Workbook

/// Notes written for Hugo, Quarto, Jupyter Book or Obsidian start with front matter (issue 30 item 1): it is read,
/// used (title block, draft, order, edition) and never shown as text; every later line keeps its number.
final class FrontMatterTests: XCTestCase {
    /// The Hugo page of the seed notes, as it starts: its title is the lesson's, nothing of it is prose.
    func testHugoFrontMatterTitlesTheLessonAndIsNotContent() {
        let lesson = """
            ---
            title: "Recurrent Neural Networks"
            subtitle: Lecture 5 <draft>
            author: [Ada Lovelace, Alan Turing]
            date: 2027-01-12
            draft: false
            weight: 5
            katex: true
            ---

            ### The Problem with Traditional Language Models

            Text with {{ 2 + 3 }} and $x^2$.

            """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(product.title, "Recurrent Neural Networks")
        let body = htmlBody(product)
        XCTAssertTrue(
            body.hasPrefix(
                """
                <header class="wb-title-block">
                <h1>Recurrent Neural Networks</h1>
                <p class="wb-subtitle">Lecture 5 &lt;draft&gt;</p>
                <p class="wb-byline">Ada Lovelace, Alan Turing · 2027-01-12</p>
                </header>
                """), body)
        XCTAssertFalse(body.contains("weight") || body.contains("<hr"), body)
        XCTAssertTrue(body.contains("Text with <span class=\"wb-value\">5</span>"), body)
        // The Markdown handout keeps the front matter as written (GitHub shows it as a table), values filled in.
        XCTAssertTrue(product.markdown!.hasPrefix("---\ntitle: \"Recurrent Neural Networks\"\n"), product.markdown!)
        XCTAssertTrue(product.markdown!.contains("Text with 5 and $x^2$."), product.markdown!)
    }

    /// Positions after the front matter are the lesson's own: a mistake on line 7 is reported on line 7.
    func testLinesAfterTheFrontMatterKeepTheirNumbers() {
        let lesson = "---\ntitle: T\n---\n\n" + "```rnn model\nname: m\nvocabulry: [a, b]\nhidden: 2\n```\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:5:8: error: give the vocabulary exactly one way: 'vocabulary' (a list of tokens), 'characters' (a string), 'text', 'corpus' or 'dataset'",
                "Lessons/test.md:7:1: error: unknown key 'vocabulry' in 'model' (did you mean 'vocabulary'?)",
            ])
    }

    /// A key of another tool is accepted quietly; a key nobody uses is a warning at it; a wrong value an error.
    func testUnknownKeysWarnAndWrongValuesAreErrorsAtTheirColumn() {
        let lesson = "---\ntags: [rnn]\ntitel: RNNs\ndraft: maybe\nweight: heavy\nedition: student\n---\n\n# RNNs\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:3:1: warning: front matter key 'titel' means nothing to the workbook and is left out (did you mean 'title'?); it uses title, subtitle, author, date, description, draft, weight, order, edition, bibliography, slides",
                "Lessons/test.md:4:8: error: 'draft' is true or false; got 'maybe'",
                "Lessons/test.md:5:9: error: 'weight' is a number that orders the lessons (smaller first); got 'heavy'",
                "Lessons/test.md:6:10: error: 'edition' is 'instructor' (the lesson is in the instructor edition only) or 'all'; got 'student'",
            ])
    }

    /// Hugo's TOML front matter, as far as simple keys go; a table and what follows it are skipped.
    func testTOMLFrontMatter() throws {
        let file = SourceFile(
            path: "x.md", text: "+++\ntitle = \"Gradients\"\nweight = 3\ndraft = true\n[params]\nmath = true\n+++\n# Other\n")
        let (front, problems) = FrontMatter.read(file)
        XCTAssertEqual(problems.map(\.headline), [])
        XCTAssertEqual(front?.title, "Gradients")
        XCTAssertEqual(front?.order, 3)
        XCTAssertEqual(front?.draft, true)
        XCTAssertEqual(front?.lines, 1...7)
        let crlf = FrontMatter.read(SourceFile(path: "x.md", text: "---\r\ntitle: Windows\r\n---\r\n# Other\r\n"))
        XCTAssertEqual(crlf.0?.title, "Windows")
        XCTAssertEqual(crlf.0?.lines, 1...3)
    }

    /// Quarto asks for a deck with `format: revealjs` (alone or among the formats) and MyST names authors under
    /// `authors:`: on main both were accepted quietly and did nothing (no slides, no byline). `slides:` wins.
    func testQuartosRevealjsFormatIsSlidesAndMySTsAuthorsAreTheAuthors() {
        func front(_ yaml: String) -> FrontMatter? { FrontMatter.read(SourceFile(path: "x.md", text: "---\n" + yaml + "---\n# T\n")).0 }
        XCTAssertEqual(front("format: revealjs\n")?.slides, true)
        XCTAssertEqual(front("format:\n  html:\n    toc: true\n  revealjs:\n    theme: dark\n")?.slides, true)
        XCTAssertEqual(front("format: html\n")?.slides, nil)
        XCTAssertEqual(front("slides: false\nformat: revealjs\n")?.slides, false)
        XCTAssertEqual(front("format: revealjs\nslides: false\n")?.slides, false)
        XCTAssertEqual(front("authors:\n  - name: Richard Socher\n  - name: Chris Manning\n")?.author, "Richard Socher, Chris Manning")
        let product = buildLesson("---\nformat: revealjs\nauthors: [Ada Lovelace]\n---\n# T\n\nText.\n")
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertNotNil(product.slides)
        XCTAssertTrue(htmlBody(product).contains("<p class=\"wb-byline\">Ada Lovelace</p>"), htmlBody(product))
    }

    /// A lesson that opens with a thematic break and text has no front matter; a lesson with neither front matter
    /// nor a level-1 heading takes its title from its first heading.
    func testAThematicBreakIsNotFrontMatterAndTheFirstHeadingTitles() {
        let file = SourceFile(path: "x.md", text: "---\nSome prose.\n\n---\n\nMore.\n")
        XCTAssertNil(FrontMatter.read(file).0)
        XCTAssertNil(FrontMatter.read(SourceFile(path: "x.md", text: "---\n---\n")).0, "CommonMark's example 68")
        let product = buildLesson("Intro text.\n\n### Why recurrence\n\n## Later\n")
        XCTAssertEqual(product.title, "Why recurrence")
    }

    /// `draft: true` leaves a lesson out (with a note) unless `--drafts`; `weight`/`order` set the course order;
    /// `edition: instructor` keeps a lesson out of student editions.
    func testDraftsOrderAndEditionDecideWhatTheCourseHolds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("front-\(UUID().uuidString)")
        let lessons = folder.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [
            ("01-a", "---\nweight: 20\n---\n# A\n"), ("02-b", "---\norder: 10\n---\n# B\n"), ("03-c", "# C\n"),
            ("04-d", "---\ndraft: true\n---\n# D\n"), ("05-e", "---\nedition: instructor\n---\n# E\n"),
        ] {
            try Data(text.utf8).write(to: lessons.appendingPathComponent("\(name).md"))
        }
        var options = BuildOptions()
        options.katexDirectory = nil
        var build = CourseBuilder.build(inputs: [lessons.path], options: options)
        XCTAssertEqual(build.lessons.map(\.slug), ["02-b", "01-a", "03-c", "05-e"])
        XCTAssertEqual(
            build.diagnostics.map { $0.headline.replacingOccurrences(of: folder.path + "/", with: "") },
            ["Lessons/04-d.md: note: left out: its front matter says 'draft: true' (build with --drafts to include it)"])
        let index = String(decoding: build.files["index.html"] ?? [], as: UTF8.self)
        XCTAssertLessThan(
            index.range(of: "02-b.html\">B")!.lowerBound, index.range(of: "01-a.html\">A")!.lowerBound, index)
        options.drafts = true
        build = CourseBuilder.build(inputs: [lessons.path], options: options)
        XCTAssertEqual(build.lessons.map(\.slug), ["02-b", "01-a", "03-c", "04-d", "05-e"])
        options.edition = .student
        build = CourseBuilder.build(inputs: [lessons.path], options: options)
        XCTAssertEqual(build.lessons.map(\.slug), ["02-b", "01-a", "03-c", "04-d"])
    }
}
