import Foundation

/// A Jupyter notebook (nbformat 4) as a lesson, for `workbook import`: Markdown cells as written, code cells as
/// cells of the notebook's language (```` ```{python} ````: shown, with the build's warning that they are not
/// run), a cell's text output (`stream`, `text/plain`) as a code block after it, a PNG output as an image file
/// beside the lesson (`<slug>-output-<n>.png`), and the images pasted into a Markdown cell (its `attachments`,
/// shown by `attachment:<name>`) as files beside it (`<slug>-attachment-<n>-<name>`), the links pointed at them.
/// Cells are separated by a blank line. A notebook that is not JSON, or whose JSON is not a notebook's (no
/// `cells` list, a cell's `source` a number, an image that is not base64 or not the image it says, a NUL
/// character in a cell), is refused with a compiler-style error at its line and column in the `.ipynb` text
/// (`JSONText` keeps every value's place).
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
            if source.utf8.contains(0) {
                throw reader.fail(sourceNode, "this cell holds a NUL character, which no lesson may (remove it)")
            }
            guard case .string(let kind) = type.value else {
                throw reader.fail(type, "'cell_type' must be a string ('markdown', 'code' or 'raw'), but it is \(type.kind)")
            }
            switch kind {
            case "markdown": parts.append(try attached(source, of: cell, reader, slug: slug, images: &images))
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
                let decoded = try reader.image(png, "image/png", "an 'image/png' output")
                let name = "\(slug)-output-\(images.count + 1).png"
                images.append(NoteImport.File(path: "Lessons/" + name, bytes: decoded, source: reader.path, change: "a cell's output"))
                parts.append("![Output \(images.count)](\(name))")
            } else if let plain = output["text"] ?? output["data"]?["text/plain"] {
                parts.append(fenced(try reader.text(plain, "an output's text"), info: "text"))
            }
        }
        return parts
    }

    /// The image types a notebook's image may have, their files' extensions and the bytes they start with.
    static let imageTypes: [(mime: String, extension: String, signatures: [[UInt8]])] = [
        ("image/png", "png", [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]),
        ("image/jpeg", "jpg", [[0xFF, 0xD8, 0xFF]]),
        ("image/gif", "gif", [Array("GIF87a".utf8), Array("GIF89a".utf8)]),
    ]

    /// A Markdown cell's source with its pasted images (`attachments`: name → {type: base64}) written beside the
    /// lesson, and every `attachment:<name>` (as written, or percent-encoded) pointing at the file. An attachment
    /// of another type is left out, its link as it was (the build then says the image is missing).
    private static func attached(
        _ source: String, of cell: JSONText.Node, _ reader: Reader, slug: String, images: inout [NoteImport.File]
    ) throws(NoteImport.Failure) -> String {
        guard let node = cell["attachments"] else { return source }
        guard case .object(let attachments) = node.value else {
            throw reader.fail(node, "a cell's 'attachments' must be an object (name: images), but it is \(node.kind)")
        }
        var renamed: [Substring: String] = [:]
        for (name, bundle) in attachments where !name.isEmpty {
            guard let type = imageTypes.first(where: { bundle[$0.mime] != nil }) else { continue }
            let bytes = try reader.image(bundle[type.mime]!, type.mime, "the attachment '\(name)'")
            // At most 100 characters of the name: the file's whole name stays well within a file system's 255 bytes.
            let safe = String(name.unicodeScalars.map { isSafe($0) ? Character($0) : "-" }.suffix(100))
            let file = "\(slug)-attachment-\(images.count + 1)-\(safe)"
                + (safe.lowercased().hasSuffix("." + type.extension) ? "" : "." + type.extension)
            images.append(NoteImport.File(path: "Lessons/" + file, bytes: bytes, source: reader.path, change: "an image pasted into a cell"))
            for written in [name, name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name] {
                renamed[Substring(written)] = file
            }
        }
        return pointed(source, at: renamed)
    }

    /// `source` with each `attachment:<name>` of `renamed` pointing at its file, in one pass: at each
    /// `attachment:` the longest name that follows (a replacement per name over the whole cell took 405 s for
    /// 20,000 attachments).
    private static func pointed(_ source: String, at renamed: [Substring: String]) -> String {
        guard !renamed.isEmpty else { return source }
        let lengths = Set(renamed.keys.map(\.count)).sorted(by: >)
        var (text, rest) = ("", Substring(source))
        while let found = rest.range(of: "attachment:") {
            text += rest[..<found.lowerBound]
            let after = rest[found.upperBound...]
            let match = lengths.lazy.map { after.prefix($0) }.first { renamed[$0] != nil }
            if let match {
                text += renamed[match]!
                rest = after.dropFirst(match.count)
            } else {
                text += rest[found]
                rest = after
            }
        }
        return text + rest
    }

    /// Whether a file name may keep this character: ASCII letters and digits, `.`, `_`, `-`.
    private static func isSafe(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-"
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

        /// An image's bytes from its base64 text (line breaks and spaces allowed, nothing else), which must start
        /// as an image of type `mime` does.
        func image(_ node: JSONText.Node, _ mime: String, _ what: String) throws(NoteImport.Failure) -> [UInt8] {
            let text = try self.text(node, what).filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: text) else { throw fail(node, "\(what) is not base64") }
            let bytes = [UInt8](decoded)
            let signatures = JupyterNotebook.imageTypes.first { $0.mime == mime }?.signatures ?? []
            guard signatures.contains(where: { bytes.starts(with: $0) }) else {
                throw fail(node, "\(what) is not the \(mime) image it says (its bytes do not start as one does)")
            }
            return bytes
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
