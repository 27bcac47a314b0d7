import XCTest

@testable import Workbook

/// The PDF side of `build --pdf` that needs no browser: reading and stamping a PDF laid out as Chromium lays
/// it out (a classic cross-reference table, a document information dictionary, `/Dests` in the catalog), the
/// course page's contents and its scoping of ids, and which PDFs count as current.
final class PrintTests: XCTestCase {
    /// A PDF of three pages in a two-level page tree, objects at the offsets its table gives, with the creator
    /// and dates Chromium writes.
    static func samplePDF(
        creator: String =
            #"Mozilla/5.0 \(X11; Linux x86_64\) AppleWebKit/537.36 \(KHTML, like Gecko\) HeadlessChrome/156.0.0.0 Safari/537.36"#,
        more: [String] = []
    ) -> [UInt8] {
        let objects =
            [
                "<</Type /Catalog\n/Pages 2 0 R\n/Dests 6 0 R>>",
                "<</Type /Pages\n/Count 3\n/Kids [3 0 R 7 0 R]>>",
                "<</Type /Page\n/Parent 2 0 R>>",
                "<</Type /Page\n/Parent 7 0 R>>",
                "<</Type /Page\n/Parent 7 0 R>>",
                "<</intro [3 0 R /XYZ 0 800 0]\n/02-x [5 0 R /XYZ 0 825 0]\n/02-x--part [4 0 R /XYZ 129.75 -75.3 0]>>",
                "<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]\n/Parent 2 0 R>>",
                "<</Creator (\(creator))\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261201152047+00'00')\n/ModDate (D:20261201152047+00'00')>>",
            ] + more
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<</Size \(objects.count + 1)\n/Root 1 0 R\n/Info 8 0 R>>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(text.utf8)
    }

    func testPagesAndDestinationsAreReadThroughTheCrossReferenceTable() {
        let pdf = Self.samplePDF()
        XCTAssertEqual(PDFFile.pageCount(pdf), 3)
        // Page order is the tree's: 3, then 7's kids 4 and 5.
        XCTAssertEqual(PDFFile.destinationPages(pdf), ["intro": 1, "02-x--part": 2, "02-x": 3])
        XCTAssertNil(PDFFile.source(of: pdf))
        XCTAssertEqual(PDFFile.destinationPages(Array("%PDF-1.4\nnot a pdf".utf8)), [:])
    }

    func testStampFixesTheDatesAndRecordsTheSourceKeepingEveryOffset() throws {
        let pdf = Self.samplePDF()
        let source = String(repeating: "ab", count: 32)
        let stamped = try XCTUnwrap(PDFFile.stamp(pdf, source: source))
        XCTAssertEqual(stamped.count, pdf.count)
        let text = String(decoding: stamped, as: UTF8.self)
        XCTAssertTrue(text.contains("/CreationDate (D:19700101000000+00'00')"), text)
        XCTAssertTrue(text.contains("/ModDate (D:19700101000000+00'00')"))
        XCTAssertFalse(text.contains("2026"))
        XCTAssertTrue(text.contains("/Creator (RNN Workbook, source \(source) "))
        XCTAssertEqual(PDFFile.source(of: stamped), source)
        // Objects did not move: the table still finds them all.
        XCTAssertEqual(PDFFile.destinationPages(stamped), PDFFile.destinationPages(pdf))
        // Stamping again with another source replaces it (a reprint), and the same source gives the same bytes.
        XCTAssertEqual(PDFFile.stamp(stamped, source: source), stamped)
        XCTAssertEqual(PDFFile.source(of: try XCTUnwrap(PDFFile.stamp(stamped, source: "cd"))), "cd")
        // A creator too short to hold the source: no stamp.
        XCTAssertNil(PDFFile.stamp(Self.samplePDF(creator: "short"), source: source))
    }

    func testStampTakesOutWhatDependsOnTheRunTheNodeIdsAndTheTemporaryFolder() throws {
        func sample(node: Int, folder: String) -> [UInt8] {
            let id = String(format: "node%08d", node)
            return Self.samplePDF(more: [
                "<</Type /StructTreeRoot\n/K 10 0 R\n/IDTree 11 0 R>>",
                "<</Type /StructElem\n/S /TH\n/ID (\(id))>>",
                "<</Names [(\(id)) 10 0 R]>>",
                "<</Type /Annot\n/A <</S /URI\n/URI (file://\(folder)/02-x.weights.npz)>>>>",
                "<</Type /Annot\n/A <</S /URI\n/URI (file://\(folder)/03-y.html)>>>>",
            ])
        }
        let folder = "/tmp/workbook-print-1-ABC"
        let one = try XCTUnwrap(PDFFile.stamp(sample(node: 466, folder: folder), source: "s", printedIn: folder))
        let text = String(decoding: one, as: UTF8.self)
        XCTAssertFalse(text.contains("/ID ("), text)
        XCTAssertFalse(text.contains("/IDTree"))
        XCTAssertTrue(
            text.contains(
                "11 0 obj\n<<" + String(repeating: " ", count: "/Names [(node00000466) 10 0 R]".count) + ">>\nendobj"),
            text)
        XCTAssertFalse(text.contains("(node"))
        // Links to files beside the handout: relative.
        XCTAssertTrue(text.contains("/URI (02-x.weights.npz)>>"), text)
        XCTAssertTrue(text.contains("/URI (03-y.html)>>"), text)
        XCTAssertFalse(text.contains("workbook-print"), text)
        // The cross-reference table still gives where each object starts, and startxref where the table is.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let table = try XCTUnwrap(lines.firstIndex(of: "xref"))
        XCTAssertEqual(lines[table + 1], "0 14")
        for number in 1...13 {
            let offset = try XCTUnwrap(Int(lines[table + 2 + number].prefix(10)))
            XCTAssertTrue(one[offset...].starts(with: Array("\(number) 0 obj\n".utf8)), "object \(number)")
        }
        let startxref = try XCTUnwrap(Int(lines[try XCTUnwrap(lines.firstIndex(of: "startxref")) + 1]))
        XCTAssertTrue(one[startxref...].starts(with: Array("xref\n".utf8)))
        XCTAssertEqual(PDFFile.destinationPages(one), ["intro": 1, "02-x": 3, "02-x--part": 2])
        // Prints that differ in node numbers and in the temporary folder, its name and its length (the process
        // id's digits), give the same bytes once stamped.
        let other = "/tmp/workbook-print-22222-CDEFG"
        XCTAssertEqual(
            try XCTUnwrap(PDFFile.stamp(sample(node: 501, folder: other), source: "s", printedIn: other)), one)
    }

    func testTheScopeOfALessonsPartPrefixesIdsAndPointsLinksToLessonsInside() {
        let scope = AnchorScope.printed("01-a", lessons: ["01-a", "02-x"])
        XCTAssertEqual(scope.id("part"), "01-a--part")
        XCTAssertEqual(scope.href("#part"), "#01-a--part")
        XCTAssertEqual(scope.href("02-x.html#loss"), "#02-x--loss")
        XCTAssertEqual(scope.href("02-x.html"), "#02-x")
        XCTAssertEqual(scope.href("other.html"), "other.html")
        XCTAssertEqual(scope.href("https://e.org/02-x.html"), "https://e.org/02-x.html")
        XCTAssertEqual(scope.href("references.html#ref-elman1990"), "references.html#ref-elman1990")
        // A lesson's own page keeps everything as it is.
        XCTAssertEqual(AnchorScope.page.id("part"), "part")
        XCTAssertEqual(AnchorScope.page.href("#part"), "#part")
        XCTAssertEqual(AnchorScope.page.href("02-x.html"), "02-x.html")
    }

    /// A lesson's part of the print page, written from its tree: the ids of headings, equations, footnotes and
    /// directives prefixed by its slug, links to another lesson and its labels pointing inside the document.
    func testALessonsPartOfThePrintPageIsWrittenFromItsTree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("print-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lessons = try writeCourse(
            in: folder,
            lessons: [
                "01-a": "# A\n\n## Part\n\nSee [the loss](02-x.md#loss), @eq-b and [here](#part).[^n]\n\n[^n]: A note.\n",
                "02-x": "# X\n\n## Loss\n\n$$b$$ {#eq-b}\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n",
            ])
        var options = BuildOptions()
        (options.katexDirectory, options.printsCourse) = (nil, true)
        let build = CourseBuilder.build(inputs: [lessons], options: options)
        XCTAssertEqual(build.diagnostics.map(\.formatted), [])
        let first = try XCTUnwrap(build.lessons.first { $0.slug == "01-a" }?.printPart)
        XCTAssertEqual(
            first,
            """
            <div class="wb-lesson">
            <h1 id="01-a--a">A <a class="wb-anchor" href="#01-a--a" aria-label="Link to this section">#</a></h1>
            <h2 id="01-a--part">Part <a class="wb-anchor" href="#01-a--part" aria-label="Link to this section">#</a></h2>
            <p>See <a href="#02-x--loss">the loss</a>, <a class="wb-xref" href="#02-x--eq-b">Eq. 2.1</a> and <a href="#01-a--part">here</a>.<sup class="footnote-ref"><a href="#01-a--fn1" id="01-a--fnref1" role="doc-noteref">1</a></sup></p>
            <section class="footnotes" role="doc-endnotes">
            <hr />
            <ol>
            <li id="01-a--fn1">
            <p>A note. <a href="#01-a--fnref1" class="footnote-back" role="doc-backlink" aria-label="Back to reference 1">↩</a></p>
            </li>
            </ol>
            </section>
            </div>
            <footer class="wb-footer">Built by RNN Workbook from <code>\(lessons)/01-a.md</code>. Every number on this page was computed by the workbook's RNN engine.</footer>

            """)
        let second = try XCTUnwrap(build.lessons.first { $0.slug == "02-x" }?.printPart)
        XCTAssertTrue(second.contains("<span class=\"math display\" id=\"02-x--eq-b\">b\\tag{2.1}</span>"), second)
        XCTAssertTrue(second.contains("<div class=\"wb-directive wb-model\" id=\"02-x--line-7\">"), second)
        // The lesson's own page is unchanged by it.
        let page = String(decoding: try XCTUnwrap(build.files["01-a.html"]), as: UTF8.self)
        XCTAssertTrue(page.contains("<a href=\"02-x.html#loss\">the loss</a>"))
        XCTAssertTrue(page.contains("<h2 id=\"part\">"))
    }

    /// Only a build that prints the course writes the lessons' parts of its print page (a second rendering of
    /// each lesson, which only `course.pdf` reads). The cache serves an entry with the part to a build that does not
    /// print, and never serves one without it to a build that prints: that build executes the lesson again for the
    /// part alone and keeps it with the entry. A build of a single lesson writes none.
    func testOnlyABuildThatPrintsWritesTheLessonsPartsAndTheCacheAddsAMissingOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("print-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lessons = try writeCourse(
            in: folder,
            lessons: [
                "01-a": "# A\n\n## B\n",
                "02-b": "# B\n\nSee [A](01-a.md).\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\n```\n",
            ])
        var options = BuildOptions()
        options.katexDirectory = nil
        options.cache = BuildCache(directory: folder + "/cache", toolIdentity: "test")
        var printing = options
        printing.printsCourse = true
        let plain = CourseBuilder.build(inputs: [lessons], options: options)
        XCTAssertEqual(plain.diagnostics.map(\.formatted), [])
        XCTAssertEqual(plain.lessons.map(\.fromCache), [false, false])
        XCTAssertEqual(plain.lessons.map(\.printPart), [nil, nil])

        let printed = CourseBuilder.build(inputs: [lessons], options: printing)
        XCTAssertEqual(printed.lessons.map(\.fromCache), [false, false])
        XCTAssertEqual(printed.files, plain.files)
        let part = try XCTUnwrap(printed.lessons[1].printPart)
        XCTAssertTrue(
            part.hasPrefix(
                """
                <div class="wb-lesson">
                <h1 id="02-b--b">B <a class="wb-anchor" href="#02-b--b" aria-label="Link to this section">#</a></h1>
                <p>See <a href="#01-a">A</a>.</p>
                <div class="wb-directive wb-model" id="02-b--line-5">

                """), part)
        XCTAssertTrue(
            part.hasSuffix(
                """
                </div>
                <footer class="wb-footer">Built by RNN Workbook from <code>\(lessons)/02-b.md</code>. Every number on this page was computed by the workbook's RNN engine.</footer>

                """), part)
        // The same part as a build that prints without a cache writes.
        var fresh = printing
        fresh.cache = nil
        XCTAssertEqual(
            CourseBuilder.build(inputs: [lessons], options: fresh).lessons.map(\.printPart), printed.lessons.map(\.printPart))

        // The entries now hold the parts: both kinds of build take every lesson from the cache.
        let again = CourseBuilder.build(inputs: [lessons], options: printing)
        XCTAssertEqual(again.lessons.map(\.fromCache), [true, true])
        XCTAssertEqual(again.lessons.map(\.printPart), printed.lessons.map(\.printPart))
        let plainAgain = CourseBuilder.build(inputs: [lessons], options: options)
        XCTAssertEqual(plainAgain.lessons.map(\.fromCache), [true, true])
        XCTAssertEqual(plainAgain.files, plain.files)

        // One lesson alone has no course PDF, so no part; its cached entry is not the course's.
        let alone = CourseBuilder.build(inputs: [lessons + "/02-b.md"], options: printing)
        XCTAssertEqual(alone.lessons.map(\.fromCache), [false])
        XCTAssertNil(alone.lessons[0].printPart)
    }

    func testTheCoursePageHasATitlePageContentsWithPagesAndEveryLessonInOrder() {
        let part = { (title: String) in
            "<div class=\"wb-lesson\">\n<h1 id=\"t\">\(title)</h1>\n</div>\n<footer class=\"wb-footer\">Built from x</footer>\n"
        }
        let lessons = [
            CoursePrintPage.Lesson(slug: "01-a", title: "First & one", part: part("First &amp; one")),
            CoursePrintPage.Lesson(slug: "02-b", title: "Second", part: part("Second")),
        ]
        let page =
            "<html><head><title>x</title>\n<link rel=\"stylesheet\" href=\"assets/workbook.css\">\n</head><body></body></html>"
        XCTAssertEqual(PrintedHandouts.head(of: page), "<link rel=\"stylesheet\" href=\"assets/workbook.css\">")
        let course = CourseFile(title: "RNNs <2026>", author: "A. Author", term: "Spring")
        let html = CoursePrintPage.html(lessons, course: course, assets: .none, firstPages: [3, 17])
        XCTAssertTrue(
            html.contains("<h1>RNNs &lt;2026&gt;</h1>\n<p class=\"wb-print-byline\">A. Author · Spring</p>"), html)
        XCTAssertTrue(html.contains("2 lessons."))
        XCTAssertTrue(
            html.contains(
                "<li><a href=\"#01-a\"><span>First &amp; one</span><span class=\"wb-print-page\">3</span></a></li>\n<li><a href=\"#02-b\"><span>Second</span><span class=\"wb-print-page\">17</span></a></li>"
            ))
        let first = try! XCTUnwrap(
            html.range(
                of:
                    "<section class=\"wb-print-lesson\" id=\"01-a\">\n<div class=\"wb-lesson\">\n<h1 id=\"t\">First &amp; one</h1>\n</div>\n<footer class=\"wb-footer\">Built from x</footer>\n</section>"
            ))
        let second = try! XCTUnwrap(html.range(of: "<section class=\"wb-print-lesson\" id=\"02-b\">"))
        XCTAssertLessThan(first.lowerBound, second.lowerBound)
        XCTAssertFalse(html.contains("wb-nav") || html.contains("wb-pager") || html.contains("<main"))
        // Placeholders before the page numbers are known.
        XCTAssertTrue(
            CoursePrintPage.html(lessons, course: course, assets: .none, firstPages: nil).contains(
                "<span class=\"wb-print-page\">000</span>"))
    }

    func testAPDFIsCurrentOnlyWhileItsPagesAreTheBuilds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("print-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lessons = try writeCourse(in: folder, lessons: ["01-a": "# A\n\nText $x$.\n", "02-b": "# B\n\nMore.\n"])
        var options = BuildOptions()
        options.katexDirectory = nil
        let build = CourseBuilder.build(inputs: [lessons], options: options)
        XCTAssertTrue(build.succeeded)
        let jobs = PrintedHandouts.jobs(build)
        XCTAssertEqual(jobs.map(\.name), ["01-a.pdf", "02-b.pdf", "course.pdf"])
        XCTAssertEqual(Set(jobs.map(\.source)).count, 3)
        let out = folder + "/Output"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // A PDF printed from these pages, and one printed from other pages.
        let current = try XCTUnwrap(PDFFile.stamp(Self.samplePDF(), source: jobs[0].source))
        try Data(current).write(to: URL(fileURLWithPath: out + "/01-a.pdf"))
        try Data(XCTUnwrap(PDFFile.stamp(Self.samplePDF(), source: "0123"))).write(
            to: URL(fileURLWithPath: out + "/02-b.pdf"))
        XCTAssertEqual(PrintedHandouts.current(build, in: out), ["01-a.pdf": current])
        // A changed lesson changes its PDF's source and the course's, not the other lesson's.
        try "# A\n\nText $y$.\n".write(toFile: lessons + "/01-a.md", atomically: true, encoding: .utf8)
        let changed = PrintedHandouts.jobs(CourseBuilder.build(inputs: [lessons], options: options))
        XCTAssertNotEqual(changed[0].source, jobs[0].source)
        XCTAssertEqual(changed[1].source, jobs[1].source)
        XCTAssertNotEqual(changed[2].source, jobs[2].source)
        // Current PDFs are reused without a browser; the others need one, and a browser that is not there is named.
        XCTAssertThrowsError(
            try PrintedHandouts.make(build, reusing: out, options: .init(chromium: folder + "/no-such-chromium"))
        ) { error in
            XCTAssertTrue("\(error)".contains("--chromium \(folder)/no-such-chromium: no such program"), "\(error)")
        }
    }

    func testTheMessageWithoutChromiumNamesTheDebianPackage() {
        let saved = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", "/nonexistent-folder", 1)
        defer { setenv("PATH", saved ?? "/usr/bin:/bin", 1) }
        XCTAssertThrowsError(try Chromium.locate(nil)) { error in
            XCTAssertEqual(
                "\(error)",
                "--pdf prints the handouts with headless Chromium, and none was found on PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable); install Debian's package 'chromium' (apt-get install chromium) or give the browser's path with --chromium PATH"
            )
        }
    }

    private func writeCourse(in folder: String, lessons: [String: String]) throws -> String {
        let path = folder + "/Lessons"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (slug, text) in lessons { try text.write(toFile: "\(path)/\(slug).md", atomically: true, encoding: .utf8) }
        return path
    }
}
