import Foundation
import Workbook

/// What the preview builds and watches: the course, rebuilt (through the build cache, so only what changed is
/// executed) whenever a lesson, a file a lesson read or the course file changes; the handouts of the lessons that
/// built are written, and each failed lesson's diagnostics are kept to show over its last good handout.
public final class PreviewBuilder: @unchecked Sendable {
    public let inputs: [String]
    public let out: String
    let options: BuildOptions
    private let lock = NSLock()
    private var state = State()

    /// The result of the last build, as the server shows it.
    public struct State: Sendable {
        /// Increases with every build.
        public var generation = 0
        /// Each failed lesson's diagnostics, formatted as on the command line, by slug.
        public var lessonErrors: [String: [String]] = [:]
        /// Diagnostics that belong to no lesson (the course file, writing the output folder).
        public var courseErrors: [String] = []
        /// The files each lesson read in the last build (relative to its folder), and every watched file's
        /// signature as the last build saw it.
        var reads: [String: [String]] = [:]
        var watched: [String: FileSignature] = [:]
    }

    struct FileSignature: Equatable, Sendable {
        let modified: Double
        let size: Int64
        let inode: UInt64
    }

    public init(inputs: [String], out: String, options: BuildOptions) {
        self.inputs = inputs
        self.out = out
        self.options = options
    }

    public var current: State {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Builds the course and writes what built; returns the new state.
    @discardableResult
    public func build() -> State {
        let watchedBefore = signatures(of: watchList(reading: current.reads))
        let build = CourseBuilder.build(inputs: inputs, options: options)
        var next = State()
        next.generation = current.generation + 1
        let slugs = Dictionary(build.lessons.map { ($0.path, $0.slug) }, uniquingKeysWith: { a, _ in a })
        for diagnostic in build.diagnostics where diagnostic.severity == .error {
            if let slug = slugs[diagnostic.path] ?? Self.slug(ofLesson: diagnostic.path) {
                next.lessonErrors[slug, default: []].append(diagnostic.formatted)
            } else {
                next.courseErrors.append(diagnostic.formatted)
            }
        }
        // A failed lesson has no handout in `files`: writing the others as a partial build keeps its last good one.
        do {
            // PDFs that a `build --pdf` printed from the same pages stay; stale ones go with a whole build.
            let folder = build.folder.isEmpty ? out : out + "/" + build.folder
            try OutputWriter.write(
                build.fileSets(
                    out: out, extra: PrintedHandouts.current(build, in: folder),
                    complete: build.succeeded && build.isWholeCourse))
        } catch {
            next.courseErrors.append("error: \(error)")
        }
        var reads: [String: [String]] = [:]
        for lesson in build.lessons { reads[lesson.path] = Array(lesson.filesRead.keys) }
        // Files are watched as they were before this build read them, so an edit made during it is not lost.
        var watched = signatures(of: watchList(reading: reads))
        for path in watched.keys { if let before = watchedBefore[path] { watched[path] = before } }
        next.reads = reads
        next.watched = watched
        lock.lock()
        state = next
        lock.unlock()
        return next
    }

    /// Whether a watched file changed, appeared or went away since the last build (new lessons included).
    public func changed() -> Bool {
        let state = current
        return signatures(of: watchList(reading: state.reads)) != state.watched
    }

    /// The lessons, the files they read (relative to their folder), the course file and its bibliography.
    func watchList(reading reads: [String: [String]]) -> Set<String> {
        let course = CourseFile.path(for: inputs)
        var list: Set<String> = [course]
        if let bibliography = CourseFile.read(course).0.bibliography { list.insert(bibliography) }
        for input in inputs {
            if input.hasSuffix(".md") {
                list.insert(input)
            } else {
                for lesson in (try? LessonSource.files(for: input)) ?? [] { list.insert(lesson) }
            }
        }
        for (lesson, files) in reads {
            let folder = lesson.parentPath
            for file in files { list.insert(folder.isEmpty ? file : folder + "/" + file) }
        }
        return list
    }

    func signatures(of paths: Set<String>) -> [String: FileSignature] {
        var out: [String: FileSignature] = [:]
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            out[path] = FileSignature(
                modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, size: Int64(info.st_size),
                inode: UInt64(info.st_ino))
        }
        return out
    }

    static func slug(ofLesson path: String) -> String? {
        path.hasSuffix(".md") ? String((path as NSString).lastPathComponent.dropLast(3)) : nil
    }
}
