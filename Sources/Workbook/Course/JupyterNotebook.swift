import Foundation

/// A Jupyter notebook (nbformat 4) as a lesson, for `workbook import`: Markdown cells as written, code cells as
/// cells of the notebook's language (```` ```{python} ````: shown, with the build's warning that they are not
/// run), a cell's text output (`stream`, `text/plain`) as a code block after it, and a PNG output as an image
/// file beside the lesson (`<slug>-output-<n>.png`). Cells are separated by a blank line.
enum JupyterNotebook {
    static func lesson(_ bytes: [UInt8], path: String, slug: String) throws(NoteImport.Failure) -> [NoteImport.File] {
        guard let notebook = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
            let cells = notebook["cells"] as? [[String: Any]]
        else {
            throw NoteImport.Failure(description: "\(path): not a Jupyter notebook (JSON with a 'cells' list)")
        }
        let metadata = notebook["metadata"] as? [String: Any]
        let language =
            ((metadata?["kernelspec"] as? [String: Any])?["language"] as? String)
            ?? ((metadata?["language_info"] as? [String: Any])?["name"] as? String) ?? "python"
        var parts: [String] = []
        var images: [NoteImport.File] = []
        for cell in cells {
            let source = text(cell["source"])
            switch cell["cell_type"] as? String {
            case "markdown": parts.append(source)
            case "code":
                parts.append(fenced(source, info: "{\(language)}"))
                for output in cell["outputs"] as? [[String: Any]] ?? [] {
                    let data = output["data"] as? [String: Any]
                    if let png = data?["image/png"], let decoded = Data(base64Encoded: text(png), options: .ignoreUnknownCharacters) {
                        let name = "\(slug)-output-\(images.count + 1).png"
                        images.append(
                            NoteImport.File(path: "Lessons/" + name, bytes: [UInt8](decoded), source: path, change: "a cell's output"))
                        parts.append("![Output \(images.count)](\(name))")
                    } else if let plain = output["text"] ?? data?["text/plain"] {
                        parts.append(fenced(text(plain), info: "text"))
                    }
                }
            default: parts.append(fenced(source, info: "text"))
            }
        }
        let markdown = parts.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
        return [NoteImport.File(path: "Lessons/\(slug).md", bytes: Array(markdown.utf8), source: path, change: "converted from a notebook")] + images
    }

    /// A cell's text: a string, or a list of lines as nbformat writes it.
    private static func text(_ value: Any?) -> String {
        if let lines = value as? [String] { return lines.joined() }
        return value as? String ?? ""
    }

    /// `body` in a fenced code block longer than any run of backticks in it.
    private static func fenced(_ body: String, info: String) -> String {
        var longest = 0
        var run = 0
        for c in body {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let trimmed = body.hasSuffix("\n") ? String(body.dropLast()) : body
        return fence + info + "\n" + trimmed + "\n" + fence
    }
}
