import Foundation
import XCTest

@testable import Workbook

/// `workbook import` (issue 30 item 7): notes copied as they are under safe numbered names, a notebook converted,
/// images copied under their path, nothing ever overwritten, and the imported course builds.
final class NoteImportTests: XCTestCase {
    var course: TemporaryCourse!

    override func setUpWithError() throws {
        course = try TemporaryCourse("import")
        try course.write(
            "notes/000_Recurrent Neural Networks.md", "---\ntitle: \"RNNs\"\nweight: 2\n---\n\n![Cell](img/cell.svg)\n")
        try course.write(
            "notes/Bidirectional RNN.qmd", "# Bidirectional RNN\n\nSee [[Recurrent Neural Networks]] and [[RNNs]].\n")
        try course.write("notes/img/cell.svg", "<svg>cell</svg>")
        try course.write("notes/.obsidian/app.json", "{}")
        let notebook = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# Training\\n", "\\n", "The loss falls."]},
              {"cell_type": "code", "source": "print(1)", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["1\\n"]},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}}]}
            ], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4}
            """
        try course.write("notes/training.ipynb", notebook)
    }

    override func tearDownWithError() throws { course.remove() }

    /// The course the import wrote into `target`, built (no KaTeX).
    func buildImported(_ target: String) -> CourseBuild {
        var options = BuildOptions()
        options.katexDirectory = nil
        return CourseBuilder.build(inputs: [target + "/Lessons"], options: options)
    }

    func testAFolderOfNotesBecomesACourseThatBuilds() throws {
        let target = course.root + "/course"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/notes"], course: target), course: target)
        let notes = course.root + "/notes/"
        XCTAssertEqual(
            lines,
            [
                "Lessons/01-recurrent-neural-networks.md ← \(notes)000_Recurrent Neural Networks.md (copied, renamed)",
                "Lessons/02-bidirectional-rnn.md ← \(notes)Bidirectional RNN.qmd (copied, renamed)",
                "Lessons/03-training.md ← \(notes)training.ipynb (converted from a notebook)",
                "Lessons/03-training-output-1.png ← \(notes)training.ipynb (a cell's output)",
                "Lessons/img/cell.svg ← \(notes)img/cell.svg (copied)",
                "workbook.yml: written",
            ])
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-recurrent-neural-networks.md", encoding: .utf8),
            "---\ntitle: \"RNNs\"\nweight: 2\n---\n\n![Cell](img/cell.svg)\n")
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/03-training.md", encoding: .utf8),
            "# Training\n\nThe loss falls.\n\n```{python}\nprint(1)\n```\n\n```text\n1\n```\n\n![Output 1](03-training-output-1.png)\n"
        )
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: target + "/Lessons/03-training-output-1.png")),
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        XCTAssertEqual(try String(contentsOfFile: target + "/workbook.yml", encoding: .utf8), "title: \"notes\"\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/Lessons/.obsidian"))
        // The imported course builds; the notebook's code cell is reported as not run, nothing else.
        let build = buildImported(target)
        XCTAssertEqual(
            build.diagnostics.map(\.headline),
            [
                target
                    + "/Lessons/03-training.md:5:1: warning: this {python} cell is shown as code and is not run (only ```rnn directives and ```swift run cells are)"
            ])
        XCTAssertEqual(build.lessons.map(\.title), ["RNNs", "Bidirectional RNN", "Training"])
    }

    /// A Quarto note's bibliography comes with it: `bibliography: references.bib` beside the note is copied into
    /// Lessons/, where the renamed lesson finds it under the same name, and the citation builds; a second note
    /// naming the same file does not copy it twice, and a name climbing out of the folder is left to the build.
    /// On the code before, the .bib stayed behind and the imported course failed to build (missing bibliography).
    func testANotesBibliographyIsImportedWithIt() throws {
        let bib =
            "@article{elman1990,\n  author = {Elman, Jeffrey L.},\n  title = {Finding Structure in Time},\n  journal = {Cognitive Science},\n  year = {1990}\n}\n"
        try course.write("quarto/references.bib", bib)
        try course.write(
            "quarto/Simple RNN.qmd",
            "---\ntitle: Simple RNNs\nbibliography: references.bib\n---\n\nAs in [@elman1990].\n")
        try course.write(
            "quarto/Other.qmd", "---\ntitle: Other\nbibliography: [references.bib, ../outside.bib]\n---\n\nText.\n")
        let target = course.root + "/quarto-course"
        let files = try NoteImport.plan([course.root + "/quarto"], course: target)
        XCTAssertEqual(
            files.map { "\($0.path) (\($0.change))" },
            [
                "Lessons/01-other.md (copied, renamed)", "Lessons/02-simple-rnn.md (copied, renamed)",
                "Lessons/references.bib (copied, the bibliography of Other.qmd)", "workbook.yml (written)",
            ])
        _ = try NoteImport.write(files, course: target)
        XCTAssertEqual(try String(contentsOfFile: target + "/Lessons/references.bib", encoding: .utf8), bib)
        // Other.qmd's ../outside.bib is the build's to report; without that note the course builds, citation and all.
        try FileManager.default.removeItem(atPath: target + "/Lessons/01-other.md")
        let build = buildImported(target)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
    }

    /// A bibliography that is, or lies past, a symbolic link is left alone, as linked notes and images are: a
    /// hostile vault's `pw.bib` linked to /etc/passwd was copied into the course.
    func testALinkedBibliographyIsNotCopied() throws {
        try course.write("vault/real.bib", "@misc{a, title = {T}, year = {1}}\n")
        try course.write("vault/sub/keep.txt", "")
        try FileManager.default.createSymbolicLink(atPath: course.root + "/vault/pw.bib", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: course.root + "/vault/etc", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: course.root + "/vault/sub/up.bib", withDestinationPath: "../real.bib")
        try course.write(
            "vault/Note.md", "---\nbibliography: [pw.bib, etc/passwd, sub/up.bib, ./real.bib]\n---\n\n# Note\n\nText.\n")
        let files = try NoteImport.plan([course.root + "/vault"], course: course.root + "/vault-course")
        XCTAssertEqual(
            files.map { "\($0.path) (\($0.change))" },
            ["Lessons/01-note.md (copied, renamed)", "Lessons/real.bib (copied, the bibliography of Note.md)", "workbook.yml (written)"])
    }

    /// Hugo's ref and relref shortcodes name the lesson a post becomes: `{{< ref "rnn-lm.md" >}}`,
    /// `{{< relref "/posts/rnn-lm#training" >}}` and `{{% ref "lstm" %}}` are pointed at `02-rnn-lm.md` (a section
    /// kept), and a page the site does not have stays as written. On the code before, they kept the old names and
    /// the imported course failed to build ('no lesson rnn-lm.md').
    func testHugosRefShortcodesNameTheRenamedLessons() throws {
        try course.write(
            "site/posts/lstm.md",
            "---\ntitle: LSTM\n---\n\nAfter [the RNN]({{< ref \"rnn-lm.md\" >}}) and [its training]({{< relref \"/posts/rnn-lm#training\" >}}).\n"
        )
        try course.write(
            "site/posts/rnn-lm.md",
            "---\ntitle: RNN LM\n---\n\n## Training\n\nBefore [the LSTM]({{% ref \"lstm\" %}}); `{{< ref \"lstm.md\" >}}` in code.\n"
        )
        let target = course.root + "/hugo-course"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/site"], course: target), course: target)
        let site = course.root + "/site/posts/"
        XCTAssertEqual(
            lines,
            [
                "Lessons/01-lstm.md ← \(site)lstm.md (copied, renamed, 2 links pointed at the lessons' and images' new names)",
                "Lessons/02-rnn-lm.md ← \(site)rnn-lm.md (copied, renamed, 1 link pointed at the lessons' and images' new names)",
                "workbook.yml: written",
            ])
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-lstm.md", encoding: .utf8),
            "---\ntitle: LSTM\n---\n\nAfter [the RNN]({{< ref \"02-rnn-lm.md\" >}}) and [its training]({{< relref \"02-rnn-lm.md#training\" >}}).\n"
        )
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/02-rnn-lm.md", encoding: .utf8),
            "---\ntitle: RNN LM\n---\n\n## Training\n\nBefore [the LSTM]({{% ref \"01-lstm.md\" %}}); `{{< ref \"lstm.md\" >}}` in code.\n"
        )
        XCTAssertEqual(buildImported(target).diagnostics.map(\.headline), [])
    }

    /// Hugo's page bundles: `posts/rnn-intro/index.md` is the lesson `rnn-intro`, as Hugo names the page (on the
    /// code before, `01-index.md` and `02-index.md`), a `ref` to the bundle's folder (`/posts/lstm-gates`,
    /// `lstm-gates/`) names that lesson (it stayed as written and the course failed to build), the bundle's image is
    /// copied under its path and found, and a section's `_index.md` with only front matter is no lesson (it was an
    /// empty one).
    func testHugoPageBundlesAreLessonsNamedAfterTheirFolders() throws {
        try course.write("hugo/posts/_index.md", "---\ntitle: Posts\n---\n")
        try course.write(
            "hugo/posts/rnn-intro/index.md",
            "---\ntitle: RNN intro\n---\n\n![A cell](cell.svg)\n\nSee [the gates]({{< ref \"/posts/lstm-gates\" >}}) and {{< relref \"lstm-gates/\" >}}.\n"
        )
        try course.write("hugo/posts/rnn-intro/cell.svg", "<svg>cell</svg>")
        try course.write("hugo/posts/lstm-gates/index.md", "---\ntitle: LSTM gates\n---\n\nBack to [the intro]({{< ref \"rnn-intro\" >}}).\n")
        let target = course.root + "/bundles"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/hugo"], course: target), course: target)
        let site = course.root + "/hugo/posts/"
        XCTAssertEqual(
            lines,
            [
                "Lessons/01-lstm-gates.md ← \(site)lstm-gates/index.md (copied, renamed, 1 link pointed at the lessons' and images' new names)",
                "Lessons/02-rnn-intro.md ← \(site)rnn-intro/index.md (copied, renamed, 3 links pointed at the lessons' and images' new names)",
                "Lessons/posts/rnn-intro/cell.svg ← \(site)rnn-intro/cell.svg (copied)",
                "workbook.yml: written",
            ])
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/02-rnn-intro.md", encoding: .utf8),
            "---\ntitle: RNN intro\n---\n\n![A cell](posts/rnn-intro/cell.svg)\n\nSee [the gates]({{< ref \"01-lstm-gates.md\" >}}) and {{< relref \"01-lstm-gates.md\" >}}.\n"
        )
        XCTAssertEqual(buildImported(target).diagnostics.map(\.headline), [])
    }

    /// The course is titled as the notes' own tool titled them: a Quarto book's `book: title:` in `_quarto.yml`,
    /// a Jupyter Book's `title:` in `_config.yml`, a Hugo site's `title = "…"` in the `hugo.toml` above its
    /// `content/` folder. On the code before, each course was titled after the folder ("quarto", "jb", "content").
    func testTheCourseIsTitledAsTheNotesToolTitledThem() throws {
        try course.write(
            "quarto/_quarto.yml", "project:\n  type: book\nbook:\n  title: \"Recurrent Networks\"\n  author: A\n")
        try course.write("quarto/intro.qmd", "# Intro\n")
        try course.write("jb/_config.yml", "title: Sequence Models  # the book\nauthor: B\n")
        try course.write("jb/intro.md", "# Intro\n")
        try course.write("hugo/hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Notes on RNNs\"\n")
        try course.write("hugo/content/intro.md", "# Intro\n")
        for (folder, title) in [
            ("quarto", "Recurrent Networks"), ("jb", "Sequence Models"), ("hugo/content", "Notes on RNNs"),
        ] {
            let files = try NoteImport.plan([course.root + "/" + folder], course: course.root + "/course-" + title)
            XCTAssertEqual(files.last?.path, "workbook.yml")
            XCTAssertEqual(files.last.map { String(decoding: $0.bytes, as: UTF8.self) }, "title: \"\(title)\"\n")
        }
    }

    /// An Obsidian vault whose notes the import renames: names with spaces and a non-ASCII letter, links in
    /// another case, with headings, aliases and as embeds, two notes of one name in two folders, an image in an
    /// attachments folder. Every link Obsidian resolves names the renamed lesson after the import (Obsidian's
    /// rule: a bare name is the note in the linking note's folder, else the one with the shortest path).
    func testObsidianLinksToRenamedNotesAndImagesStillResolveAfterTheImport() throws {
        try course.write("vault/My Note.md", "# My Note\n\n## Some Heading\n\nText.\n")
        try course.write(
            "vault/Index.md",
            """
            # Index

            [[My Note]], [[my note|alias]], [[My Note#Some Heading]], [[Über RNN]], [[Folder/Note]], [[Note]].

            ![[My Note#Some Heading]] ![[diagram.png]] [[Missing]] `[[My Note]]` [[[My Note]]]

            ```
            [[My Note]]
            ```

            """)
        try course.write("vault/Über RNN.md", "# Über RNN\n")
        try course.write("vault/Folder/Note.md", "# Folder note\n\nBack to [[Index]] and [[note]].\n")
        try course.write("vault/Other/Note.md", "# Other note\n")
        try course.write("vault/attachments/diagram.png", "png")
        let target = course.root + "/course"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/vault"], course: target), course: target)
        let vault = course.root + "/vault/"
        XCTAssertEqual(
            lines,
            [
                "Lessons/01-note.md ← \(vault)Folder/Note.md (copied, renamed, 2 links pointed at the lessons' and images' new names)",
                "Lessons/02-index.md ← \(vault)Index.md (copied, renamed, 8 links pointed at the lessons' and images' new names)",
                "Lessons/03-my-note.md ← \(vault)My Note.md (copied, renamed)",
                "Lessons/04-note.md ← \(vault)Other/Note.md (copied, renamed)",
                "Lessons/05-ber-rnn.md ← \(vault)Über RNN.md (copied, renamed)",
                "Lessons/attachments/diagram.png ← \(vault)attachments/diagram.png (copied)",
                "workbook.yml: written",
            ])
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/02-index.md", encoding: .utf8),
            """
            # Index

            [[03-my-note|My Note]], [[03-my-note|alias]], [[03-my-note#Some Heading|My Note › Some Heading]], [[05-ber-rnn|Über RNN]], [[01-note|Folder/Note]], [[04-note|Note]].

            ![[03-my-note#Some Heading|My Note › Some Heading]] ![[attachments/diagram.png]] [[Missing]] `[[My Note]]` [[[My Note]]]

            ```
            [[My Note]]
            ```

            """)
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-note.md", encoding: .utf8),
            "# Folder note\n\nBack to [[02-index|Index]] and [[01-note|note]].\n")
        // The course builds, every link a link; what Obsidian could not resolve either is reported.
        let build = buildImported(target)
        XCTAssertEqual(
            build.diagnostics.map { $0.headline.replacingOccurrences(of: target + "/", with: "") },
            [
                "Lessons/02-index.md:5:1: warning: Obsidian's embedded notes are not shown in the handouts, so '![[03-my-note#Some Heading]]' is a link to the lesson 03-my-note.md",
                "Lessons/02-index.md:5:82: warning: no lesson beside this one is named 'Missing' (by file name or title), so this Obsidian link is shown as the text 'Missing'",
            ])
        let index = htmlBody(build.lessons[1])
        XCTAssertTrue(
            index.contains(
                "<p><a href=\"03-my-note.html\">My Note</a>, <a href=\"03-my-note.html\">alias</a>, <a href=\"03-my-note.html#some-heading\">My Note › Some Heading</a>, <a href=\"05-ber-rnn.html\">Über RNN</a>, <a href=\"01-note.html\">Folder/Note</a>, <a href=\"04-note.html\">Note</a>.</p>"
            ), index)
        XCTAssertTrue(
            index.contains(
                "<p><a href=\"03-my-note.html#some-heading\">My Note › Some Heading</a> <img src=\"attachments/diagram.png\" alt=\"\" />"
            ),
            index)
        XCTAssertEqual(build.copies.keys.sorted(), ["attachments/diagram.png"])
    }

    /// A link to a block id in a renamed note keeps its `#^id`, and the built link reaches the block's anchor.
    func testALinkToABlockIDOfARenamedNoteStillReachesTheBlock() throws {
        try course.write("vault/My Note.md", "# My Note\n\nShared weights at every step. ^shared\n")
        try course.write("vault/Index.md", "# Index\n\nSee [[My Note#^shared]].\n")
        let target = course.root + "/course"
        _ = try NoteImport.write(try NoteImport.plan([course.root + "/vault"], course: target), course: target)
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-index.md", encoding: .utf8),
            "# Index\n\nSee [[02-my-note#^shared|My Note › ^shared]].\n")
        let build = buildImported(target)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        XCTAssertTrue(
            htmlBody(build.lessons[0]).contains("<p>See <a href=\"02-my-note.html#%5Eshared\">My Note › ^shared</a>.</p>"),
            htmlBody(build.lessons[0]))
        XCTAssertEqual(
            htmlBody(build.lessons[1]).components(separatedBy: "\n")[1],
            "<p><a id=\"^shared\"></a>Shared weights at every step.</p>")
    }

    func testMarkdownLinksAndImagesOfANoteInAFolderStillResolveAfterTheImport() throws {
        try course.write(
            "vault/sub/Deep Note.md",
            "# Deep\n\n![a pic](img/pic.png) ![b](<img/my pic.png> \"t\") [top](../Top.md#top) [web](https://x.org/a.png) [self](#deep) `![c](img/pic.png)`\n"
        )
        try course.write("vault/Top.md", "# Top\n\n[deep](sub/Deep%20Note.md) ![p](sub/img/pic.png)\n")
        try course.write("vault/sub/img/pic.png", "png")
        try course.write("vault/sub/img/my pic.png", "png")
        let target = course.root + "/course"
        let lines = try NoteImport.write(try NoteImport.plan([course.root + "/vault"], course: target), course: target)
        XCTAssertEqual(lines.count, 5, "\(lines)")
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/02-deep-note.md", encoding: .utf8),
            "# Deep\n\n![a pic](sub/img/pic.png) ![b](<sub/img/my pic.png> \"t\") [top](01-top.md#top) [web](https://x.org/a.png) [self](#deep) `![c](img/pic.png)`\n"
        )
        XCTAssertEqual(
            try String(contentsOfFile: target + "/Lessons/01-top.md", encoding: .utf8),
            "# Top\n\n[deep](02-deep-note.md) ![p](sub/img/pic.png)\n")
        // The course builds without a warning: every image is there, every link a lesson's.
        let build = buildImported(target)
        XCTAssertEqual(build.diagnostics.map(\.headline), [])
        let deep = htmlBody(build.lessons[1])
        XCTAssertTrue(deep.contains("<img src=\"sub/img/pic.png\" alt=\"a pic\" />"), deep)
        XCTAssertTrue(deep.contains("<a href=\"01-top.html#top\">top</a>"), deep)
        XCTAssertEqual(build.copies.keys.sorted(), ["sub/img/my pic.png", "sub/img/pic.png"])
    }

    func testAnImportNeverReplacesAFileAndWritesNothingWhenOneIsThere() throws {
        let target = course.root + "/course"
        try course.write("course/Lessons/02-bidirectional-rnn.md", "mine")
        XCTAssertThrowsError(
            try NoteImport.write(try NoteImport.plan([course.root + "/notes"], course: target), course: target)
        ) {
            XCTAssertEqual(
                "\($0)",
                "nothing imported: \(target)/Lessons/02-bidirectional-rnn.md already exists; the import never replaces a file (import into another course, or move them)"
            )
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: target + "/Lessons"), ["02-bidirectional-rnn.md"])
        XCTAssertEqual(try String(contentsOfFile: target + "/Lessons/02-bidirectional-rnn.md", encoding: .utf8), "mine")
    }

    /// Malformed notebooks: each refused with an error at its line and column in the .ipynb text (positions
    /// counted by hand), never a crash.
    func testAMalformedNotebookIsAnErrorAtItsPlaceInTheFile() throws {
        let cases: [(json: String, headline: String)] = [
            (
                "{\"cells\": [\n  {\"cell_type\": \"markdown\", \"source\": \"# Hi",
                "2:39: error: not a Jupyter notebook: this string is never closed (is the file cut short?)"
            ),
            (
                "{\"cells\": [",
                "1:12: error: not a Jupyter notebook: the JSON ends here; expected a value (is the file cut short?)"
            ),
            (
                "{\"cells\": [}",
                "1:12: error: not a Jupyter notebook: unexpected '}'; expected a value (an object, a list, a string, a number, true, false or null)"
            ),
            (
                "{\"cells\": [\n  {\"cell_type\": \"code\", \"source\": 42}\n]}",
                "2:35: error: a cell's 'source' must be a string or a list of strings, but it is a number"
            ),
            (
                "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"a\\n\", 1]}]}",
                "1:56: error: a cell's 'source' must be a string or a list of strings, but this line is a number"
            ),
            ("{\"metadata\": {}, \"nbformat\": 4}", "1:1: error: this notebook has no 'cells' list"),
            (
                "{\"worksheets\": [], \"nbformat\": 3}",
                "1:1: error: this notebook has no 'cells' list (this is nbformat 3: save it again from Jupyter as nbformat 4)"
            ),
            ("[1, 2]", "1:1: error: a Jupyter notebook is a JSON object with a 'cells' list, but this is a list"),
            (
                "{\"cells\": [{\"cell_type\": 3, \"source\": \"\"}]}",
                "1:26: error: 'cell_type' must be a string ('markdown', 'code' or 'raw'), but it is a number"
            ),
            ("{\"cells\": [{\"cell_type\": \"code\"}]}", "1:12: error: this cell has no 'source'"),
            (
                "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": {\"a\": 1}}]}",
                "1:59: error: a cell's 'outputs' must be a list, but it is an object"
            ),
            (
                String(repeating: "[", count: 100_000),
                "1:257: error: not a Jupyter notebook: JSON nested more than 256 deep"
            ),
        ]
        XCTAssertEqual(cases.count, 12)
        let path = course.root + "/bad.ipynb"
        for (json, headline) in cases {
            try course.write("bad.ipynb", json)
            XCTAssertThrowsError(try NoteImport.plan([path], course: course.root + "/c")) {
                let failure = $0 as? NoteImport.Failure
                XCTAssertEqual(failure?.diagnostic?.headline, path + ":" + headline, json.prefix(80) + "")
            }
        }
        // The whole message: the line and a caret under the value.
        try course.write("bad.ipynb", "{\"cells\": [\n  {\"cell_type\": \"code\", \"source\": 42}\n]}")
        XCTAssertThrowsError(try NoteImport.plan([path], course: course.root + "/c")) {
            XCTAssertEqual(
                "\($0)",
                path
                    + ":2:35: error: a cell's 'source' must be a string or a list of strings, but it is a number\n 2 |   {\"cell_type\": \"code\", \"source\": 42}\n   |                                   ^"
            )
        }
    }

    /// Images pasted into Markdown cells (nbformat's `attachments`) are written beside the lesson, one file per
    /// cell's image (two cells may both have an `image.png`), and the cells' `attachment:` links point at them
    /// (before, the links were left to `attachment:…` and the images lost); the course builds with every image.
    func testImagesPastedIntoCellsAreWrittenBesideTheLesson() throws {
        let notebook = """
            {"cells": [
              {"cell_type": "markdown", "source": "![a](attachment:image.png) ![b](attachment:my%20shot.jpg)",
               "attachments": {"image.png": {"image/png": "iVBORw0K\\nGgo="}, "my shot.jpg": {"image/jpeg": "/9j/4A=="}}},
              {"cell_type": "markdown", "source": ["![c](attachment:image.png)\\n", "![d](attachment:x.svg)"],
               "attachments": {"image.png": {"image/gif": "R0lGODlh"}, "x.svg": {"image/svg+xml": "<svg/>"}}}
            ], "nbformat": 4}
            """
        try course.write("pasted.ipynb", notebook)
        let target = course.root + "/pasted"
        let files = try NoteImport.plan([course.root + "/pasted.ipynb"], course: target)
        XCTAssertEqual(
            files.map(\.path),
            [
                "Lessons/01-pasted.md", "Lessons/01-pasted-attachment-1-image.png",
                "Lessons/01-pasted-attachment-2-my-shot.jpg", "Lessons/01-pasted-attachment-3-image.png.gif",
                "workbook.yml",
            ])
        XCTAssertEqual(
            String(decoding: files[0].bytes, as: UTF8.self),
            "![a](01-pasted-attachment-1-image.png) ![b](01-pasted-attachment-2-my-shot.jpg)\n\n"
                + "![c](01-pasted-attachment-3-image.png.gif)\n![d](attachment:x.svg)\n")
        XCTAssertEqual(files[1].bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(files[2].bytes, [0xFF, 0xD8, 0xFF, 0xE0])
        XCTAssertEqual(files[3].bytes, Array("GIF89a".utf8))
        _ = try NoteImport.write(files, course: target)
        let build = buildImported(target)
        XCTAssertEqual(build.copies.keys.sorted(), Array(files[1...3].map { String($0.path.dropFirst(8)) }).sorted())
    }

    /// Many attachments are pointed at in one pass (a replacement per name over the cell took 405 s for 20,000);
    /// a name of 300 characters keeps its last 100 in the file's name (the whole name failed to be written,
    /// half-way through the import); a name that is empty points at nothing.
    func testManyLongAndEmptyAttachmentNames() throws {
        let count = 5000
        let names = (0..<count).map { "p\($0).png" } + [String(repeating: "a", count: 300) + ".png", ""]
        let source = names.map { "![x](attachment:\($0))" }.joined(separator: " ")
        let attachments = names.map { "\"\($0)\": {\"image/png\": \"iVBORw0KGgo=\"}" }.joined(separator: ", ")
        try course.write(
            "many.ipynb",
            "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": \"\(source)\", \"attachments\": {\(attachments)}}], \"nbformat\": 4}")
        let started = Date()
        let files = try NoteImport.plan([course.root + "/many.ipynb"], course: course.root + "/many")
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "one pass, not one per name")
        XCTAssertEqual(files.count, 1 + (count + 1) + 1)
        let lesson = String(decoding: files[0].bytes, as: UTF8.self)
        XCTAssertTrue(lesson.hasPrefix("![x](01-many-attachment-1-p0.png) ![x](01-many-attachment-2-p1.png) "), String(lesson.prefix(120)))
        let long = "01-many-attachment-\(count + 1)-" + String(repeating: "a", count: 96) + ".png"
        XCTAssertTrue(lesson.hasSuffix("![x](\(long)) ![x](attachment:)\n"), String(lesson.suffix(200)))
        XCTAssertEqual(files[count + 1].path, "Lessons/" + long)
        _ = try NoteImport.write(files, course: course.root + "/many")
    }

    /// The import is all or nothing: a file that cannot be written takes back the ones written before it (they
    /// were left, and a second import refused them as already there).
    func testAnImportThatCannotWriteAFileLeavesNone() throws {
        let target = course.root + "/whole"
        let files = [
            NoteImport.File(path: "Lessons/01-a.md", bytes: Array("# A\n".utf8), source: "", change: "written"),
            NoteImport.File(
                path: "Lessons/" + String(repeating: "b", count: 300) + ".md", bytes: [], source: "", change: "too long"),
        ]
        XCTAssertThrowsError(try NoteImport.write(files, course: target))
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: target + "/Lessons")) ?? [], [])
        XCTAssertEqual(try NoteImport.write(Array(files.prefix(1)), course: target).count, 1)
    }

    /// An image that is not base64, or not the image its type says (it was written as it decoded, garbage
    /// included), and a NUL in a cell (it passed into the lesson, which the build then refused) are errors at
    /// their place.
    func testABrokenImageOrANulInANotebookIsAnErrorAtItsPlace() throws {
        let cases: [(json: String, headline: String)] = [
            (
                #"{"cells": [{"cell_type": "code", "source": "", "outputs": [{"data": {"image/png": "aGVsbG8="}}]}]}"#,
                "1:83: error: an 'image/png' output is not the image/png image it says (its bytes do not start as one does)"
            ),
            (
                #"{"cells": [{"cell_type": "code", "source": "", "outputs": [{"data": {"image/png": "i@@@"}}]}]}"#,
                "1:83: error: an 'image/png' output is not base64"
            ),
            (
                #"{"cells": [{"cell_type": "markdown", "source": "x", "attachments": {"a.png": {"image/png": "/9j/4A=="}}}]}"#,
                "1:92: error: the attachment 'a.png' is not the image/png image it says (its bytes do not start as one does)"
            ),
            (
                #"{"cells": [{"cell_type": "markdown", "source": "a\u0000b"}]}"#,
                "1:48: error: this cell holds a NUL character, which no lesson may (remove it)"
            ),
        ]
        let path = course.root + "/bad.ipynb"
        for (json, headline) in cases {
            try course.write("bad.ipynb", json)
            XCTAssertThrowsError(try NoteImport.plan([path], course: course.root + "/c")) {
                XCTAssertEqual(($0 as? NoteImport.Failure)?.diagnostic?.headline, path + ":" + headline, json)
            }
        }
    }

    /// Every cut of a good notebook is refused with an error at a place, or (the whole file) imported.
    func testEveryTruncationOfANotebookIsAnErrorWithAPlace() throws {
        let whole = try String(contentsOfFile: course.root + "/notes/training.ipynb", encoding: .utf8)
        let bytes = Array(whole.utf8)
        XCTAssertGreaterThan(bytes.count, 300)
        for end in 0..<bytes.count {
            XCTAssertThrowsError(try JupyterNotebook.lesson(Array(bytes[..<end]), path: "t.ipynb", slug: "t")) {
                XCTAssertNotNil(($0 as? NoteImport.Failure)?.diagnostic?.location, "cut at \(end)")
            }
        }
        XCTAssertEqual(try JupyterNotebook.lesson(bytes, path: "t.ipynb", slug: "t").count, 2)
    }

    func testTheCommandPrintsANotebooksErrorInTheCompilersShape() throws {
        try course.write("bad.ipynb", "{\"cells\": [\n  {\"cell_type\": \"code\", \"source\": 42}\n]}")
        let result = try runWorkbook(
            ["import", "bad.ipynb", "--course", "c"], in: URL(fileURLWithPath: course.root), for: Self.self)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.err,
            "bad.ipynb:2:35: error: a cell's 'source' must be a string or a list of strings, but it is a number\n 2 |   {\"cell_type\": \"code\", \"source\": 42}\n   |                                   ^\n"
        )
        XCTAssertFalse(FileManager.default.fileExists(atPath: course.root + "/c"))
    }

    func testTheCommandListsWhatItWroteAndRefusesASecondImport() throws {
        let folder = URL(fileURLWithPath: course.root)
        let first = try runWorkbook(
            ["import", "notes/Bidirectional RNN.qmd", "--course", "c"], in: folder, for: Self.self)
        XCTAssertEqual(first.status, 0, first.err)
        XCTAssertEqual(
            first.out,
            "Lessons/01-bidirectional-rnn.md ← notes/Bidirectional RNN.qmd (copied, renamed)\nworkbook.yml: written\nNext: workbook build   (what the notes use that the handouts cannot show is reported as warnings)\n"
        )
        let second = try runWorkbook(
            ["import", "notes/Bidirectional RNN.qmd", "--course", "c"], in: folder, for: Self.self)
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(
            second.err,
            "error: nothing imported: c/Lessons/01-bidirectional-rnn.md already exists; the import never replaces a file (import into another course, or move them)\n"
        )
    }

    func testNamesAreMadeSafe() {
        XCTAssertEqual(NoteImport.safeName("000_Recurrent Neural Networks (RNN)"), "recurrent-neural-networks-rnn")
        XCTAssertEqual(NoteImport.safeName("Über/..\\weird"), "ber-weird")
        XCTAssertEqual(NoteImport.safeName("42"), "42")
        XCTAssertEqual(NoteImport.safeName("!!!"), "note")
    }
}
