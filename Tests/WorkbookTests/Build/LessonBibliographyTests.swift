import Foundation
import XCTest

@testable import Workbook

/// A lesson's own `bibliography:` (front matter, relative to the lesson, one file or a list), merged with the
/// course's as Quarto merges a document's with its project's and Pandoc reads several files: a key in both is the
/// lesson's entry in that lesson (the later file wins), and only that lesson cites from it.
final class LessonBibliographyTests: XCTestCase {
    static let own = """
        @book{werbos1990,
          author = {Paul Werbos},
          title = {The Roots of Backpropagation},
          year = {1994}
        }
        @book{new2020,
          author = {Ann New},
          title = {A New Book},
          year = {2020}
        }

        """

    func course(_ lessons: [String: String], courseFile: String = "bibliography: Lessons/refs.bib\n") throws
        -> TemporaryCourse
    {
        var files = lessons
        files["workbook.yml"] = "title: C\n" + courseFile
        files["Lessons/refs.bib"] = try String(contentsOfFile: BibliographyTests.refsPath, encoding: .utf8)
        files["Lessons/own.bib"] = Self.own
        return try TemporaryCourse("lesson-bib", files: files)
    }

    func page(_ build: CourseBuild, _ name: String) -> String { String(decoding: build.files[name] ?? [], as: UTF8.self) }

    func testTheLessonsEntriesComeOverTheCoursesInThatLessonOnly() throws {
        let course = try course([
            "Lessons/01-own.md": "---\nbibliography: own.bib\n---\n# Own\n\n[@werbos1990], @new2020 and [@elman1990].\n",
            "Lessons/02-course.md": "# Course\n\n[@werbos1990].\n",
        ])
        defer { course.remove() }
        let build = course.build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let own = page(build, "01-own.html")
        XCTAssertTrue(
            own.contains(
                "<p><span class=\"wb-citation\">(<a href=\"#ref-werbos1990\">Werbos 1994</a>)</span>, "
                    + "<span class=\"wb-citation\"><a href=\"#ref-new2020\">New (2020)</a></span> and "
                    + "<span class=\"wb-citation\">(<a href=\"#ref-elman1990\">Elman 1990</a>)</span>.</p>"),
            own)
        XCTAssertTrue(own.contains("<li id=\"ref-werbos1990\">Werbos, Paul (1994). <em>The Roots of Backpropagation</em>.</li>"))
        XCTAssertTrue(own.contains("<li id=\"ref-new2020\">New, Ann (2020). <em>A New Book</em>.</li>"))
        let other = page(build, "02-course.html")
        XCTAssertTrue(other.contains("(<a href=\"#ref-werbos1990\">Werbos 1990</a>)"), other)
        XCTAssertTrue(other.contains("<li id=\"ref-werbos1990\">\(CitationRenderTests.werbos)"))
        // The course's page lists every cited work: the lesson's new one too.
        XCTAssertTrue(page(build, "references.html").contains("<li id=\"ref-new2020\">New, Ann (2020)."))
    }

    func testAListOfFilesTheLaterWinsAndAMissingFileIsAnErrorAtTheFrontMatter() throws {
        let course = try course([
            "Lessons/01-list.md": "---\nbibliography: [own.bib, more.bib]\n---\n# List\n\n@new2020 says.\n",
            "Lessons/02-missing.md": "---\ntitle: Missing\nbibliography: nothere.bib\n---\n\n[@elman1990].\n",
            "Lessons/03-none.md": "# None\n\nOnly the course's: @new2020.\n",
            "Lessons/more.bib": "@book{new2020,\n  author = {Ann Newer},\n  title = {Newer},\n  year = {2021}\n}\n",
        ])
        defer { course.remove() }
        let build = course.build()
        XCTAssertEqual(
            build.diagnostics.map(\.formatted).sorted(),
            [
                "\(course.lessons)/02-missing.md:3:15: error: the front matter names the bibliography 'nothere.bib', "
                    + "but there is no \(course.lessons)/nothere.bib (a BibTeX file, relative to the lesson)\n"
                    + " 3 | bibliography: nothere.bib\n   |               ^",
                "\(course.lessons)/03-none.md:3:20: error: unknown citation key 'new2020': \(course.root)/Lessons/refs.bib "
                    + "has no such entry\n"
                    + " 3 | Only the course's: @new2020.\n   |                    ^",
            ].sorted())
        try course.write("Lessons/02-missing.md", "# Missing\n\n[@elman1990].\n")
        try course.write("Lessons/03-none.md", "# None\n")
        let fixed = course.build()
        XCTAssertEqual(fixed.diagnostics.map(\.headline), [])
        XCTAssertTrue(page(fixed, "01-list.html").contains("<a href=\"#ref-new2020\">Newer (2021)</a>"))
    }

    /// A file named several times is read once: its problems are reported once, and a lesson naming one file 300
    /// times took over a minute and 2.4 GB.
    func testAFileNamedTwiceIsReadOnce() throws {
        var diagnostics: [[String]] = []
        for names in ["bad.bib", "[bad.bib, own.bib, bad.bib, bad.bib]", "[" + Array(repeating: "bad.bib", count: 300).joined(separator: ", ") + "]"] {
            let course = try course([
                "Lessons/01-own.md": "---\nbibliography: \(names)\n---\n# Own\n\n@werbos1990.\n",
                "Lessons/bad.bib": "@book{bad,\n  title = {Unclosed\n",
            ])
            defer { course.remove() }
            diagnostics.append(course.build().diagnostics.map { $0.headline.components(separatedBy: "/Lessons/").last! })
        }
        XCTAssertEqual(diagnostics[0].count, 1, "\(diagnostics[0])")
        XCTAssertEqual(diagnostics[1], diagnostics[0])
        XCTAssertEqual(diagnostics[2], diagnostics[0])
    }

    func testALessonBuiltOutsideACourseReadsItsOwnBibliography() throws {
        let course = try course(
            ["Lessons/01-own.md": "---\nbibliography: own.bib\n---\n# Own\n\n@new2020 and @werbos199.\n"], courseFile: "")
        defer { course.remove() }
        let path = course.lessons + "/01-own.md"
        let product = Pipeline.build(
            try LessonSource.read(path), slug: "01-own", options: BuildOptions(),
            assets: AssetLinks.make(katexDirectory: nil))
        XCTAssertEqual(
            product.diagnostics.map(\.headline),
            ["\(path):6:14: error: unknown citation key 'werbos199': \(course.lessons)/own.bib has no such entry (did you mean 'werbos1990'?)"])
    }

    /// A Quarto note names its own .bib file, the course file none, and the file was left behind: one error, at the
    /// front matter. It was reported twice, then every citation was an error of its own against a file with no name
    /// ("unknown citation key 'elman1990':  has no such entry").
    func testAMissingOwnFileIsOneErrorWhenTheCourseNamesNone() throws {
        let course = try course(
            ["Lessons/01-missing.md": "---\nbibliography: references.bib\n---\n# Missing\n\n[@elman1990] and @werbos1990.\n"],
            courseFile: "")
        defer { course.remove() }
        XCTAssertEqual(
            course.build().diagnostics.map(\.headline),
            [
                "\(course.lessons)/01-missing.md:2:15: error: the front matter names the bibliography 'references.bib', "
                    + "but there is no \(course.lessons)/references.bib (a BibTeX file, relative to the lesson)"
            ])
    }
}
