import Foundation

/// Structure-aware fuzzing of the writer against a hostile output folder ("links in the output folder"): the
/// bytes choose a tree inside `Output/` (files, folders, FIFOs, symbolic links to the lessons, to a folder
/// outside, to a file outside, to the output folder itself, dangling), a manifest (lines that lead through those
/// links, out of the folder, onto folders) and the files a build writes, whole course or not. Whatever they
/// choose, the writer must leave everything outside `Output/` as it was, and either refuse with `Output/`
/// unchanged, or write exactly those files as regular files reached through real folders, remove only regular
/// files the manifest listed, and leave no temporary. A broken promise traps, so libFuzzer keeps the input.
/// What `Sources/workbook-fuzz` drives with `WORKBOOK_FUZZ=output`.
extension StructuredFuzzing {
    public enum OutputFolderOutcome: Equatable {
        case written, refused
    }

    static let outputNames = ["a", "sub", "assets", "figures", "student", "x.svg", "01.html", "index.html"]

    /// Runs one case in a fresh folder under the system's temporary folder, removed afterwards.
    @discardableResult
    public static func runOutputFolder(_ bytes: [UInt8]) -> OutputFolderOutcome {
        let sandbox = NSTemporaryDirectory() + "workbook-fuzz-output-\(getpid())"
        try? FileManager.default.removeItem(atPath: sandbox)
        defer { try? FileManager.default.removeItem(atPath: sandbox) }
        for folder in ["Lessons/figures", "outside", "Output"] {
            try? FileManager.default.createDirectory(atPath: sandbox + "/" + folder, withIntermediateDirectories: true)
        }
        for (path, text) in ["Lessons/01.md": "# One\n", "Lessons/figures/a.svg": "<svg/>", "outside/secret": "s"] {
            _ = FileManager.default.createFile(atPath: sandbox + "/" + path, contents: Data(text.utf8))
        }
        var c = Choices(bytes)
        let out = sandbox + "/Output"
        for _ in 0..<(c.next() % 8) { plant(&c, in: out, sandbox: sandbox) }
        var manifest: [String] = []
        for _ in 0..<(c.next() % 5) {
            manifest.append(c.pick(["../outside/secret", "/etc/hostname", "sub/01.md", ""]) + outputPath(&c))
        }
        if !manifest.isEmpty, FileManager.default.fileExists(atPath: out + "/" + OutputWriter.manifestName) == false {
            let text = "# fuzz\n" + manifest.joined(separator: "\n") + "\n"
            _ = FileManager.default.createFile(atPath: out + "/" + OutputWriter.manifestName, contents: Data(text.utf8))
        }
        var files: [String: [UInt8]] = [:]
        for _ in 0..<(1 + c.next() % 5) { files[outputPath(&c)] = [UInt8](repeating: UInt8(c.next()), count: c.next()) }
        let wholeCourse = c.flip()
        let before = tree(sandbox)
        let outcome: OutputFolderOutcome
        do {
            try OutputWriter.write(files, to: out, wholeCourse: wholeCourse)
            outcome = .written
        } catch {
            outcome = .refused
        }
        verify(
            before: before, after: tree(sandbox), files: files, listed: Set(manifest), wholeCourse: wholeCourse,
            outcome: outcome)
        return outcome
    }

    /// A path of one to three of `outputNames`, rarely with a `..` or empty component.
    static func outputPath(_ c: inout Choices) -> String {
        (0..<(1 + c.next() % 3)).map { _ in c.next() % 16 == 0 ? c.pick(["..", "", "."]) : c.pick(outputNames) }
            .joined(separator: "/")
    }

    /// One entry inside `out`, made only where its folders are real folders (the planting must not follow links).
    static func plant(_ c: inout Choices, in out: String, sandbox: String) {
        let path = outputPath(&c)
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return }
        var folder = out
        for part in parts.dropLast() {
            folder += "/" + part
            var info = stat()
            if lstat(folder, &info) != 0 { mkdir(folder, 0o755) } else if info.st_mode & S_IFMT != S_IFDIR { return }
        }
        let full = out + "/" + path
        switch c.next() % 4 {
        case 0: _ = FileManager.default.createFile(atPath: full, contents: Data([UInt8(c.next())]))
        case 1: mkdir(full, 0o755)
        case 2: mkfifo(full, 0o644)
        default:
            let targets = ["/Lessons", "/outside", "/outside/secret", "/Output", "/nowhere", "/Lessons/figures"]
            symlink(sandbox + c.pick(targets), full)
        }
    }

    /// Every entry under `root`, links not followed: a file's bytes, a link's target, or its kind.
    static func tree(_ root: String) -> [String: String] {
        var found: [String: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative)) ?? []
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    found[path] = "folder"
                    pending.append(path)
                case S_IFLNK:
                    found[path] =
                        "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + path)) ?? "")
                case S_IFREG:
                    found[path] =
                        "file " + BuildCache.digest(FileManager.default.contents(atPath: root + "/" + path) ?? Data())
                default: found[path] = "other"
                }
            }
        }
        return found
    }

    /// The promises, checked on the sandbox's trees before and after; a broken one traps.
    static func verify(
        before: [String: String], after: [String: String], files: [String: [UInt8]], listed: Set<String>,
        wholeCourse: Bool, outcome: OutputFolderOutcome
    ) {
        let inside = "Output/"
        for (path, entry) in before where !path.hasPrefix(inside) && after[path] != entry {
            fatalError("the writer changed \(path), outside the output folder")
        }
        for path in after.keys where !path.hasPrefix(inside) && before[path] == nil {
            fatalError("the writer made \(path), outside the output folder")
        }
        for path in after.keys where path.contains(Cleanup.temporaryMark) {
            fatalError("a temporary was left: \(path)")
        }
        guard outcome == .written else {
            if before != after { fatalError("a refused write changed the output folder") }
            return
        }
        for (relative, bytes) in files {
            guard after[inside + relative] == "file " + BuildCache.digest(Data(bytes)) else {
                fatalError("\(relative) was not written as a regular file with its bytes")
            }
            let parts = relative.split(separator: "/")
            for k in 1..<parts.count where after[inside + parts[..<k].joined(separator: "/")] != "folder" {
                fatalError("\(relative) was written below something that is not a real folder")
            }
        }
        for (path, entry) in before where path.hasPrefix(inside) && after[path] != entry {
            let relative = String(path.dropFirst(inside.count))
            let removedStale =
                wholeCourse && listed.contains(relative) && after[path] == nil && entry.hasPrefix("file ")
            guard files[relative] != nil || relative == OutputWriter.manifestName || removedStale else {
                fatalError("the writer changed \(path), which it was not asked to write")
            }
        }
    }
}
