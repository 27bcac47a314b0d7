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
        /// The answers of a student edition's exercises, for the leak guard's look at the whole edition.
        var answers: [LeakGuard.Answer]? = nil
        /// The live figures of a student edition, with the digests of their weights.
        var live: [LeakGuard.LiveWeights]? = nil
        /// The digests of the weights its models had in a student edition.
        var modelWeights: [String]? = nil
        /// The sidebar's sections (an entry written before they were kept has none, and is not used).
        var outline: [OutlineEntry]? = nil
        /// The sections the site's search finds (likewise).
        var search: [SearchSection]? = nil
        /// The slide deck, when the lesson has one.
        var slides: String? = nil
        /// The lesson's part of the course's print page, in a build of a whole course.
        var printPart: String? = nil

        /// Whether every path the entry names stays where it belongs (a shared cache may hold anything): the
        /// images are local images as a lesson names them; the saved files are plain names; the files read are
        /// relative (reading them confines them to the lesson's folder, within the limit on a file a lesson reads).
        func isConfined(limits: Limits) -> Bool {
            for path in images ?? [] {
                guard LessonParser.isLocalImage(path), ConfinedFolder.components(path) != nil else { return false }
            }
            return attachments.keys.allSatisfy(SaveDirective.isPlainName)
                && filesRead.keys.allSatisfy { !$0.isEmpty && !$0.hasPrefix("/") && !$0.contains("\0") }
        }
    }

    /// An entry larger than this is neither kept nor read: a lesson's handouts, saved files and images fit it
    /// many times over, and a file this large in a shared cache is not one the tool wrote.
    static let maxEntryBytes = 256 << 20

    func key(for file: SourceFile, slug: String, options: BuildOptions, assets: AssetLinks) -> String {
        let parts = [
            "workbook-cache-v2", toolIdentity, file.path, slug, file.text, "\(options.allowRawHTML)",
            "\(options.limits)", "slides \(options.slides)",
            // Links to the course's lessons point inside its print page (whether or not this build prints it:
            // an entry with the part serves a build that does not print, and one without gets the part added).
            options.printedCourse.map { "print " + $0.sorted().joined(separator: " ") } ?? "",
            assets.head, options.edition.rawValue, options.variant ?? "", options.studentName ?? "",
            options.citations?.cacheKey(slug: slug) ?? "",
            // The numbers of the labels it refers to, which another lesson may change.
            options.crossReferences?.fingerprint(for: slug, path: file.path) ?? "",
            // The lessons beside it that its Obsidian links may name (a file added or retitled changes a link).
            WikiLinks.fingerprint(file),
        ]
        return Self.digest(Data(parts.joined(separator: "\u{0}").utf8))
    }

    private func path(_ key: String) -> String { directory + "/" + key + ".json" }

    /// The cached product for `key`, if there is one, it is sound (`Entry.isConfined`, read without following
    /// a link, within `maxEntryBytes`) and every file it read is unchanged. Anything else is a miss: the lesson is
    /// executed again. The product has a part of the course's print page only if the build that stored it
    /// printed the course (`CourseBuilder.product` makes the part when a build that prints finds none).
    func lookup(_ key: String, file: SourceFile, slug: String, limits: Limits) -> LessonProduct?
    {
        guard let folder = try? ConfinedFolder.open(directory, creating: false),
            let bytes = folder.read(key + ".json", maxBytes: Self.maxEntryBytes),
            let entry = try? JSONDecoder().decode(Entry.self, from: Data(bytes)), entry.isConfined(limits: limits)
        else { return nil }
        // Read as the lesson reads them: inside its folder, regular files within the limit.
        let reader = ExecutionContext(file: file, limits: limits)
        let imagePaths = Set(entry.images ?? [])
        var images: [String: FileCopy] = [:]
        for (relative, digest) in entry.filesRead {
            let at = SourceLocation(line: 1, column: 1)
            let output = LessonImages.outputPath(ofRead: relative)
            guard
                let copy = try? output == relative
                    ? reader.copyOfLessonFile(relative, at: at) : reader.copyOfCourseImage(relative, at: at),
                copy.digest == digest
            else { return nil }
            if imagePaths.contains(output) { images[output] = copy }
        }
        guard images.count == imagePaths.count, let outline = entry.outline, let search = entry.search else {
            return nil
        }
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
        product.answers = entry.answers ?? []
        product.live = entry.live ?? []
        product.modelWeights = Set(entry.modelWeights ?? [])
        product.images = images
        product.fromCache = true
        product.outline = outline
        product.search = search
        product.slides = entry.slides
        product.printPart = entry.printPart
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
            }, attachments: product.attachments, images: product.images.keys.sorted(),
            answers: product.answers, live: product.live, modelWeights: product.modelWeights.sorted(),
            outline: product.outline, search: product.search, slides: product.slides, printPart: product.printPart)
        // Slashes unescaped: a page holds hundreds of thousands (`</td>`), and each escape sends decoding the
        // entry on its slow path (a fifth of a no-op rebuild).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        guard let data = try? encoder.encode(entry), data.count <= Self.maxEntryBytes else { return }
        try? AtomicFile.write([UInt8](data), to: path(key))
    }
}
