import Foundation
import XCTest

@testable import Workbook

/// A course that cites: the bibliography page, its links, the student edition's copy, every error at its line and
/// column, and the cache when the .bib file changes.
final class CitationBuildTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try write("workbook.yml", "title: C\nbibliography: Lessons/refs.bib\n")
        try write("Lessons/refs.bib", try String(contentsOfFile: BibliographyTests.refsPath, encoding: .utf8))
        try write("Lessons/01-a.md", "# First\n\nBPTT [@werbos1990].\n")
        try write("Lessons/02-b.md", "# Second\n\nAgain @werbos1990, and [@elman1990].\n")
        try write("Lessons/03-c.md", "# Third\n\nNo sources.\n")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    func build(edition: Edition = .instructor, cache: Bool = false) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        options.edition = edition
        if cache { options.cache = BuildCache(directory: root.appendingPathComponent("cache").path, toolIdentity: "t") }
        return CourseBuilder.build(inputs: [root.appendingPathComponent("Lessons").path], options: options)
    }

    func file(_ build: CourseBuild, _ name: String) -> String {
        String(decoding: build.files[name] ?? [], as: UTF8.self)
    }

    func testTheBibliographyPageListsEveryCitedWorkWithTheLessonsCitingIt() throws {
        let build = build()
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let page = file(build, "references.html")
        XCTAssertTrue(
            page.contains(
                """
                <h1>References</h1>
                <p>Every work the lessons cite, with the lessons that cite it.</p>
                <ul class="wb-reference-list">
                <li id="ref-elman1990">Elman, Jeffrey L. (1990). Finding Structure in Time. <em>Cognitive Science</em>, 14(2), 179–211. <a href="https://doi.org/10.1016/0364-0213(90)90002-E">https://doi.org/10.1016/0364-0213(90)90002-E</a> <span class="wb-cited-in">Cited in <a href="02-b.html">Second</a>.</span></li>
                <li id="ref-werbos1990">Werbos, Paul J. (1990). Backpropagation Through Time: What It Does and How to Do It. <em>Proceedings of the IEEE</em>, 78(10), 1550–1560. <span class="wb-cited-in">Cited in <a href="01-a.html">First</a>, <a href="02-b.html">Second</a>.</span></li>
                </ul>
                </main>
                """), page)
        XCTAssertFalse(page.contains("hochreiter"), "only cited works")
        XCTAssertTrue(page.contains("<a href=\"references.html\" aria-current=\"page\">References</a>"), page)
        XCTAssertFalse(page.contains(SiteHTML.sidebarMarker))
        for lesson in ["01-a", "02-b", "03-c"] {
            XCTAssertTrue(file(build, "\(lesson).html").contains("<a href=\"references.html\">References</a>"), lesson)
        }
        XCTAssertTrue(file(build, "index.html").contains("<a href=\"references.html\">References</a>"))
        XCTAssertFalse(file(build, "03-c.html").contains("wb-references"), "a lesson that cites nothing")
        XCTAssertTrue(file(build, "search-index.js").contains(#""t":"References","u":"references.html""#))
    }

    func testTheStudentEditionHasThePageToo() throws {
        let build = build(edition: .student)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertEqual(build.folder, "student/everyone")
        XCTAssertTrue(file(build, "references.html").contains("<li id=\"ref-werbos1990\">"))
        XCTAssertTrue(file(build, "01-a.html").contains("(<a href=\"#ref-werbos1990\">Werbos 1990</a>)"))
    }

    func testAnUnknownKeyIsAnErrorAtItsColumnWithTheNearestKey() throws {
        try write("Lessons/01-a.md", "# First\n\nBPTT is old [see @werbos199].\n")
        let build = build()
        let path = root.appendingPathComponent("Lessons/01-a.md").path
        let bib = root.appendingPathComponent("Lessons/refs.bib").path
        XCTAssertEqual(
            build.diagnostics.map(\.formatted),
            [
                """
                \(path):3:18: error: unknown citation key 'werbos199': \(bib) has no such entry (did you mean 'werbos1990'?)
                 3 | BPTT is old [see @werbos199].
                   |                  ^
                """
            ])
    }

    func testACitationWithoutABibliographyAsksForOne() throws {
        try write("workbook.yml", "title: C\n")
        let build = build()
        let path = root.appendingPathComponent("Lessons/01-a.md").path
        XCTAssertEqual(
            build.diagnostics.map(\.headline).filter { $0.contains("bibliography") },
            [
                "\(path):3:6: error: @werbos1990 cites a work, but the course names no bibliography: add "
                    + "'bibliography: refs.bib' (a BibTeX file, relative to it) to the course file, workbook.yml, or to "
                    + "the lesson's front matter",
                "\(root.appendingPathComponent("Lessons/02-b.md").path):3:7: error: @werbos1990 cites a work, but the "
                    + "course names no bibliography: add 'bibliography: refs.bib' (a BibTeX file, relative to it) to the "
                    + "course file, workbook.yml, or to the lesson's front matter",
            ])
        XCTAssertFalse(build.succeeded)
    }

    func testABibTeXMistakeIsAnErrorAtItsLineInTheBibFile() throws {
        try write(
            "Lessons/refs.bib", "@article{werbos1990,\n  author = {Werbos, Paul J.}\n  title = {B}, year = 1990}\n")
        let build = build()
        let bib = root.appendingPathComponent("Lessons/refs.bib").path
        let errors = build.diagnostics.filter { $0.severity == .error }.map(\.headline)
        XCTAssertEqual(errors.first, "\(bib):3:3: error: expected ',' or the end of the entry 'werbos1990'")
        XCTAssertFalse(build.succeeded)
    }

    func testAChangedBibFileRebuildsTheLessonsThatCiteAndOnlyThem() throws {
        let first = build(cache: true)
        XCTAssertEqual(first.lessons.filter(\.fromCache).count, 0)
        XCTAssertEqual(build(cache: true).lessons.filter { !$0.fromCache }.count, 0, "all cached")
        let bib = try String(contentsOfFile: BibliographyTests.refsPath, encoding: .utf8)
        try write("Lessons/refs.bib", bib.replacingOccurrences(of: "What It Does", with: "What It Really Does"))
        let after = build(cache: true)
        XCTAssertEqual(
            after.lessons.filter { !$0.fromCache }.map { ($0.path as NSString).lastPathComponent },
            ["01-a.md", "02-b.md"])
        XCTAssertTrue(file(after, "01-a.md").contains("What It Really Does"))
        XCTAssertTrue(file(after, "references.html").contains("What It Really Does"))
    }
}
