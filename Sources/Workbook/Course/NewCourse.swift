import Foundation

/// `workbook new`: a course folder to start from, with a lesson that builds as written.
public enum NewCourse {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates the course in `folder` (which must be missing or empty, and not a link) and returns the files
    /// written, relative to it. Each of the course's top-level files and folders is written whole beside its
    /// place, and all are renamed into place together at the end: an interrupted or failed `new` leaves nothing.
    public static func create(in folder: String, title: String) throws(Failure) -> [String] {
        try checkEmpty(folder)
        let existed = FileManager.default.fileExists(atPath: folder)
        let files = self.files(title: title)
        var staged: [(temporary: String, final: String)] = []
        var course: ConfinedFolder?
        do {
            guard let root = try ConfinedFolder.open(folder, creating: true) else {
                throw ConfinedFolder.Failure(description: "\(folder): cannot create the folder")
            }
            course = root
            for top in Set(files.keys.map { String($0.split(separator: "/")[0]) }).sorted() {
                staged.append((try stage(top, of: files, in: root), top))
            }
            try Cleanup.shared.uninterrupted { () throws(ConfinedFolder.Failure) in
                for s in staged { try root.commit(s.temporary, to: s.final) }
            }
        } catch {
            if let course { for s in staged { Cleanup.shared.discard(s.temporary, in: course) } }
            if !existed { rmdir(folder) }
            throw Failure(description: "cannot write the course: \(error)")
        }
        return files.keys.sorted()
    }

    /// Writes the course's top-level file or folder `top` to a registered temporary beside its place.
    private static func stage(_ top: String, of files: [String: String], in root: ConfinedFolder)
        throws(ConfinedFolder.Failure) -> String
    {
        if let text = files[top] { return try root.stage(Array(text.utf8), for: top) }
        let temporary = try root.stageFolder(for: top)
        guard let folder = try root.subfolder(temporary, creating: false) else {
            throw ConfinedFolder.Failure(description: "\(root.display(top)): cannot create the folder")
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix(top + "/") {
            let inside = String(path.dropFirst(top.count + 1))
            let mode: mode_t = top == ".ci" ? 0o755 : 0o644
            try folder.commit(try folder.stage(Array(text.utf8), for: inside, mode: mode), to: inside)
        }
        return temporary
    }

    /// Refuses a folder that exists and is not an empty folder (a link to one included: the course would be
    /// written through it).
    private static func checkEmpty(_ path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: throw Failure(description: "\(path) is a symbolic link; give a new or empty folder")
        case S_IFDIR: break
        default: throw Failure(description: "\(path) exists and is not a folder")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
        guard entries.isEmpty else {
            throw Failure(
                description:
                    "\(path) is not empty (it holds \(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")); give a new or empty folder"
            )
        }
    }

    /// The course's files by path: a first lesson, the course file, a `.gitignore` for the cache, a README for
    /// the course's authors and a CI script.
    static func files(title: String) -> [String: String] {
        [
            "Lessons/01-first-lesson.md": firstLesson,
            CourseFile.name:
                "# The course file: shown on the course's index page.\ntitle: \(yamlQuoted(title))\n# author: Your Name\n# term: Spring 2027\n",
            ".gitignore": "# Executed lessons and compiled Swift cells, kept by content hash.\n.workbook-cache/\n",
            ".ci/check": """
            #!/bin/sh
            # CI: fails when a lesson's check fails or Output/ is not what the lessons build to.
            set -eu
            cd "$(dirname "$0")/.."
            workbook check

            """,
            "README.md": readme(title),
        ]
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func readme(_ title: String) -> String {
        """
        # \(title)

        Course handouts built with RNN Workbook (`workbook`). Lessons are Markdown files in `Lessons/`; every number
        in them is computed by the workbook's RNN engine when the course is built.

        - `workbook build` executes the lessons and writes the HTML and Markdown handouts to `Output/` (commit it).
        - `workbook preview` serves the handouts at http://127.0.0.1:8000 and rebuilds them as you edit; an open page
          reloads itself, and a lesson with a mistake shows the error in the page.
        - `workbook check` fails when a check fails or `Output/` is stale: `.ci/check` runs it in CI.

        `workbook.yml` holds the course's title, author and term. Executed lessons are cached in `.workbook-cache/`
        (ignored by git). The lesson format: directives (`rnn model`, `rnn forward`, `rnn loss`, `rnn gradcheck`,
        `rnn check`, …), inline values (`{{ hello.loss.mean | .4f }}`) and Swift cells are described in
        `lesson-format.md`, which `make install` puts in `PREFIX/share/doc/workbook/` (`workbook --help` says where).

        """
    }

    static let firstLesson = """
        # A first lesson: the `hello` model

        This lesson is yours to change. Every number below is computed when the course is built, from the model
        defined here: a character-level RNN language model over the letters $\\text{h}$, $\\text{e}$, $\\text{l}$,
        $\\text{o}$ with $H = 3$ hidden units,
        $\\mathbf{h}^{(t)} = \\tanh(\\mathbf{W}_h \\mathbf{h}^{(t-1)} + \\mathbf{W}_e \\mathbf{x}^{(t)} + \\mathbf{b}_1)$ and
        $\\hat{\\mathbf{y}}^{(t)} = \\operatorname{softmax}(\\mathbf{U}\\mathbf{h}^{(t)} + \\mathbf{b}_2)$.

        ```rnn model
        name: hello
        vocabulary: [h, e, l, o]
        hidden: 3
        init: normal
        scale: 0.5
        seed: 7
        ```

        ## The forward pass

        ```rnn forward
        model: hello
        input: hell
        show: [h, yhat, top]
        ```

        After reading "hell" the untrained model gives the next letter `o` the probability
        {{ hello.forward.yhat[4, "o"] | .3f }}.

        ## The loss at every step

        ```rnn loss
        model: hello
        input: hell
        target: ello
        ```

        The mean loss is $J = {{ hello.loss.mean | .4f }}$; a model that knew nothing would have $\\log 4 \\approx 1.3863$.

        ## Checking the gradients

        Backpropagation through time against central differences, entry by entry:

        ```rnn gradcheck
        model: hello
        input: hell
        target: ello
        ```

        ```rnn check
        - label: the mean loss is the average of the steps' losses
          value: hello.loss.mean
          equals: mean(hello.loss.J)
        ```

        ## Your own Swift

        Swift cells run against the same engine, in order, as one program:

        ```swift run
        let model = Workbook.model("hello")
        let W = model.parameters["W_h"]!
        let norm = W.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        print("‖W_h‖ =", norm)
        Workbook.export("norm", norm)
        ```

        ```rnn check
        - label: the Swift cell's norm is the workbook's
          value: swift.norm
          equals: norm(hello.W_h)
          rtol: 1e-12
        ```

        """
}
