import Foundation

/// A Jupyter notebook (nbformat 4) as a lesson, for `workbook import`: Markdown cells as written, code cells as
/// cells of the notebook's language (```` ```{python} ````: shown, with the build's warning that they are not
/// run), a cell's text output (`stream`, `text/plain`) as a code block after it, and a PNG output as an image
/// file beside the lesson (`<slug>-output-<n>.png`). Cells are separated by a blank line. A notebook that is not
/// JSON, or whose JSON is not a notebook's (no `cells` list, a cell's `source` a number, …), is refused with a
/// compiler-style error at its line and column in the `.ipynb` text (`JSONText` keeps every value's place).
enum JupyterNotebook {
    static func lesson(_ bytes: [UInt8], path: String, slug: String) throws(NoteImport.Failure) -> [NoteImport.File] {
        let notebook: JSONText.Node
        do { notebook = try JSONText.parse(bytes) } catch {
            throw failure(bytes, path, at: error.offset, "not a Jupyter notebook: " + error.message)
        }
        let reader = Reader(bytes: bytes, path: path)
        guard case .object = notebook.value else {
            throw reader.fail(notebook, "a Jupyter notebook is a JSON object with a 'cells' list, but this is \(notebook.kind)")
        }
        guard let cellsNode = notebook["cells"] else {
            let old = notebook["worksheets"] != nil ? " (this is nbformat 3: save it again from Jupyter as nbformat 4)" : ""
            throw reader.fail(notebook, "this notebook has no 'cells' list\(old)")
        }
        guard case .array(let cells) = cellsNode.value else {
            throw reader.fail(cellsNode, "'cells' must be a list of cells, but it is \(cellsNode.kind)")
        }
        let metadata = notebook["metadata"]
        let language = reader.optionalText(metadata?["kernelspec"]?["language"])
            ?? reader.optionalText(metadata?["language_info"]?["name"]) ?? "python"
        var parts: [String] = []
        var images: [NoteImport.File] = []
        for cell in cells {
            guard case .object = cell.value else { throw reader.fail(cell, "a cell must be an object, but this is \(cell.kind)") }
            guard let type = cell["cell_type"] else { throw reader.fail(cell, "this cell has no 'cell_type'") }
            guard let sourceNode = cell["source"] else { throw reader.fail(cell, "this cell has no 'source'") }
            let source = try reader.text(sourceNode, "a cell's 'source'")
            guard case .string(let kind) = type.value else {
                throw reader.fail(type, "'cell_type' must be a string ('markdown', 'code' or 'raw'), but it is \(type.kind)")
            }
            switch kind {
            case "markdown": parts.append(source)
            case "code":
                parts.append(fenced(source, info: "{\(language)}"))
                parts += try outputs(of: cell, reader, slug: slug, images: &images)
            default: parts.append(fenced(source, info: "text"))
            }
        }
        let markdown = parts.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
        return [NoteImport.File(path: "Lessons/\(slug).md", bytes: Array(markdown.utf8), source: path, change: "converted from a notebook")] + images
    }

    /// A code cell's outputs: its PNG images (added to `images`, beside the lesson) and its text.
    private static func outputs(of cell: JSONText.Node, _ reader: Reader, slug: String, images: inout [NoteImport.File])
        throws(NoteImport.Failure) -> [String]
    {
        guard let list = cell["outputs"] else { return [] }
        guard case .array(let outputs) = list.value else {
            throw reader.fail(list, "a cell's 'outputs' must be a list, but it is \(list.kind)")
        }
        var parts: [String] = []
        for output in outputs {
            guard case .object = output.value else { throw reader.fail(output, "an output must be an object, but this is \(output.kind)") }
            if let png = output["data"]?["image/png"] {
                guard let decoded = Data(base64Encoded: try reader.text(png, "an 'image/png' output"), options: .ignoreUnknownCharacters) else {
                    throw reader.fail(png, "this 'image/png' output is not base64")
                }
                let name = "\(slug)-output-\(images.count + 1).png"
                images.append(NoteImport.File(path: "Lessons/" + name, bytes: [UInt8](decoded), source: reader.path, change: "a cell's output"))
                parts.append("![Output \(images.count)](\(name))")
            } else if let plain = output["text"] ?? output["data"]?["text/plain"] {
                parts.append(fenced(try reader.text(plain, "an output's text"), info: "text"))
            }
        }
        return parts
    }

    /// The notebook's text, for its errors' places.
    private struct Reader {
        let bytes: [UInt8]
        let path: String

        func fail(_ node: JSONText.Node, _ message: String) -> NoteImport.Failure {
            failure(bytes, path, at: node.offset, message)
        }

        /// A text as nbformat writes it: a string, or a list of strings (its lines).
        func text(_ node: JSONText.Node, _ what: String) throws(NoteImport.Failure) -> String {
            switch node.value {
            case .string(let text): return text
            case .array(let lines):
                var joined = ""
                for line in lines {
                    guard case .string(let text) = line.value else {
                        throw fail(line, "\(what) must be a string or a list of strings, but this line is \(line.kind)")
                    }
                    joined += text
                }
                return joined
            default: throw fail(node, "\(what) must be a string or a list of strings, but it is \(node.kind)")
            }
        }

        /// A string that may be missing (metadata); anything else counts as missing.
        func optionalText(_ node: JSONText.Node?) -> String? {
            guard case .string(let text)? = node?.value else { return nil }
            return text
        }
    }

    private static func failure(_ bytes: [UInt8], _ path: String, at offset: Int, _ message: String) -> NoteImport.Failure {
        let file = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        return NoteImport.Failure(Diagnostic(.error, in: file, at: file.location(ofByte: offset), message))
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
