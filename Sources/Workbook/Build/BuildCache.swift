import Crypto
import Foundation

/// Executed lessons kept by content hash, so that an unchanged lesson is not executed again (as Jupyter Book's
/// execution cache). The key covers the lesson's text and path, the tool itself (a hash of its executable, so
/// a new engine re-executes everything) and every option that changes the output; an entry also records the
/// files the lesson read with their hashes, and is used only while they are unchanged.
public struct BuildCache: Sendable {
    public let directory: String
    /// Identifies the code that builds: by default the SHA-256 of the running executable.
    public let toolIdentity: String

    public init(directory: String, toolIdentity: String = BuildCache.executableIdentity()) {
        self.directory = directory
        self.toolIdentity = toolIdentity
        Cleanup.removeLeftovers(in: directory)
    }

    /// The SHA-256 of `data`, in hexadecimal.
    public static func digest(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// Bytes (a digest) in lowercase hexadecimal.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for b in bytes { text += [digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// The SHA-256 of the running program's file.
    public static func executableIdentity() -> String {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return FileManager.default.contents(atPath: path).map(digest) ?? "unknown"
    }

    struct Entry: Codable {
        struct Warning: Codable {
            let severity: String
            let line: Int?
            let column: Int?
            let message: String
        }

        let title: String
        let html: String
        let markdown: String
        let filesRead: [String: String]
        let warnings: [Warning]
        let attachments: [String: Data]
        /// The local images the lesson shows, by their path beside it. Their bytes are not kept: an image is
        /// among the files read, which every lookup reads again to check its digest, so the entry stays small
        /// however large the images (four of 250 MB made an entry of 1.4 GB that was decoded whole).
        var images: [String]? = nil
    }

    func key(for file: SourceFile, slug: String, options: BuildOptions, assets: AssetLinks) -> String {
        let parts = [
            "workbook-cache-v2", toolIdentity, file.path, slug, file.text, "\(options.allowRawHTML)",
            "\(options.limits)",
            assets.head, options.edition.rawValue, options.variant ?? "",
        ]
        return Self.digest(Data(parts.joined(separator: "\u{0}").utf8))
    }

    private func path(_ key: String) -> String { directory + "/" + key + ".json" }

    /// The cached product for `key`, if there is one and every file it read is unchanged.
    func lookup(_ key: String, file: SourceFile, slug: String) -> LessonProduct? {
        guard let data = FileManager.default.contents(atPath: path(key)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data)
        else { return nil }
        let folder = URL(fileURLWithPath: file.path).deletingLastPathComponent()
        let imagePaths = Set(entry.images ?? [])
        var images: [String: Data] = [:]
        for (relative, digest) in entry.filesRead {
            guard let contents = FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path),
                Self.digest(contents) == digest
            else { return nil }
            if imagePaths.contains(relative) { images[relative] = contents }
        }
        guard images.count == imagePaths.count else { return nil }
        let warnings = entry.warnings.map { w in
            Diagnostic(
                Diagnostic.Severity(rawValue: w.severity) ?? .warning, in: file,
                at: w.line.map { SourceLocation(line: $0, column: w.column ?? 1) }, w.message)
        }
        var product = LessonProduct(
            path: file.path, slug: slug, title: entry.title, html: entry.html, markdown: entry.markdown,
            diagnostics: warnings)
        product.filesRead = entry.filesRead
        product.attachments = entry.attachments
        product.images = images
        product.fromCache = true
        return product
    }

    /// Keeps a successful product (written to a temporary file, then renamed, so readers never see half of it).
    func store(_ product: LessonProduct, key: String) {
        guard let html = product.html, let markdown = product.markdown else { return }
        let entry = Entry(
            title: product.title, html: html, markdown: markdown, filesRead: product.filesRead,
            warnings: product.diagnostics.map {
                Entry.Warning(
                    severity: $0.severity.rawValue, line: $0.location?.line, column: $0.location?.column,
                    message: $0.message)
            }, attachments: product.attachments, images: product.images.keys.sorted())
        guard let data = try? JSONEncoder().encode(entry) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? AtomicFile.write([UInt8](data), to: path(key))
    }
}
