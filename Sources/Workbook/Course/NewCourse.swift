import Foundation

/// `workbook new`: a course folder to start from, with a lesson that builds as written.
public enum NewCourse {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates the course in `folder` (which must be missing or empty) and returns the files written, relative to it.
    public static func create(in folder: String, title: String) throws(Failure) -> [String] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Failure(description: "\(folder) exists and is not a folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? ["?"]
            guard entries.isEmpty else {
                throw Failure(
                    description:
                        "\(folder) is not empty (it holds \(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")); give a new or empty folder"
                )
            }
        }
        let files = self.files(title: title)
        do {
            for name in files.keys.sorted() {
                let path = folder + "/" + name
                try manager.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(Array(files[name]!.utf8), to: path)
                if name.hasPrefix(".ci/") { chmod(path, 0o755) }
            }
        } catch {
            throw Failure(description: "cannot write the course: \(error)")
        }
        return files.keys.sorted()
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
        `rnn check`, …), inline values (`{{ hello.loss.mean | .4f }}`) and Swift cells are described in the
        workbook's `docs/lesson-format.md`.

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
