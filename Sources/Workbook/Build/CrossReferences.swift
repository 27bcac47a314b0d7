import Foundation

/// The course's labels, numbered per lesson (`Eq. 3.2` is lesson 3's second labelled equation), and what each
/// cross-reference shows and where it leads. A course build collects them before any lesson executes (every
/// lesson parsed and planned: `collect`), so a lesson refers to another's labels; a lesson built alone knows
/// its own (`lesson`).
public struct CrossReferences: Sendable {
    /// A label with its number and its place.
    public struct Target: Sendable, Equatable {
        public let id: String
        public let kind: LabelKind
        public let slug: String
        public let path: String
        public let location: SourceLocation
        /// The lesson's place in the course (the `3` of `Eq. 3.2`).
        public let lesson: Int
        /// Its place among the lesson's labels of its kind (the `2`); nil for a section.
        public let number: Int?
        /// A section's title; a figure's or a table's caption.
        public let title: String
        /// Whether only the instructor edition shows it (`LabelDefinition.instructorOnly`).
        public var instructorOnly = false

        /// `3.2`.
        public var numberText: String { number.map { "\(lesson).\($0)" } ?? "" }

        /// What a reference shows: `Eq. 3.2`, `Figure 3.1`, a section's title; `(3.2)` for `\eqref`, `3.2` for `\ref`;
        /// MyST's `{ref}` its text, `{numref}` its template filled in.
        func text(_ form: CrossReferenceSpan.Form) -> String {
            if case .text(let text) = form { return text }
            guard number != nil else { return title }
            switch form {
            case .quarto, .numbered(nil): return kind.word + " " + numberText
            case .eqref: return "(" + numberText + ")"
            case .ref: return numberText
            case .numbered(let template?):
                return template.replacingOccurrences(of: "%s", with: numberText)
                    .replacingOccurrences(of: "{number}", with: numberText).replacingOccurrences(
                        of: "{name}", with: title)
            case .text(let text): return text
            }
        }
    }

    /// Every label, by id (more than one target: a duplicate, which is an error where each stands).
    public private(set) var targets: [String: [Target]] = [:]
    /// The labels each lesson refers to, by slug (what its handouts depend on beyond its own text).
    private(set) var referenced: [String: Set<String>] = [:]
    /// Each lesson's number in the course, by slug.
    private(set) var numbers: [String: Int] = [:]
    /// The labels of the drafts the build leaves out, with the draft's path.
    private(set) var leftOut: [String: String] = [:]

    public init() {}

    /// The labels of a parsed and planned lesson, in document order: the prose's and its directives' `label:`.
    static func definitions(_ lesson: ParsedLesson, _ plan: LessonPlan?) -> [LabelDefinition] {
        var found = lesson.labels
        for step in plan?.steps ?? [] {
            guard let float = step.float, let label = float.label else { continue }
            var definition = LabelDefinition(id: label, kind: float.kind, location: float.labelLocation)
            definition.title = float.caption
            definition.directive = step.block.index
            definition.instructorOnly = step.instructorOnly
            found.append(definition)
        }
        if lesson.frontMatter?.instructorOnly == true {
            for k in found.indices { found[k].instructorOnly = true }
        }
        return found.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// A lesson's cross-references: its prose's, then those in the Markdown its directives hold (an exercise's
    /// question, hint and solution, an instructor block).
    static func references(_ lesson: ParsedLesson, _ plan: LessonPlan?) -> [CrossReferenceSpan] {
        lesson.crossReferences + (plan?.steps ?? []).flatMap(\.references)
    }

    /// Adds a lesson's labels, numbered in document order per kind, and the labels it refers to.
    mutating func add(_ lesson: ParsedLesson, _ plan: LessonPlan?, number: Int) {
        var counters: [LabelKind: Int] = [:]
        for definition in Self.definitions(lesson, plan) {
            var place: Int?
            if definition.kind != .section {
                counters[definition.kind, default: 0] += 1
                place = counters[definition.kind]
            }
            targets[definition.id, default: []].append(
                Target(
                    id: definition.id, kind: definition.kind, slug: lesson.slug, path: lesson.file.path,
                    location: definition.location, lesson: number, number: place, title: definition.title,
                    instructorOnly: definition.instructorOnly))
        }
        referenced[lesson.slug, default: []].formUnion(Self.references(lesson, plan).map(\.label))
        numbers[lesson.slug] = number
    }

    /// A lesson's number in the course: its place in the order the course shows its folder's lessons in
    /// (`LessonOrder`: by `weight`/`order`, then by file name; a left-out draft takes no place); 1 when the folder
    /// cannot be listed.
    static func lessonNumber(_ path: String) -> Int {
        let folder = path.parentPath
        let lessons = (try? LessonSource.files(for: folder.isEmpty ? "." : folder)) ?? [path]
        let name = (path as NSString).lastPathComponent
        guard lessons.contains(where: { ($0 as NSString).lastPathComponent == name }) else { return 1 }
        let places = lessons.map { lesson -> (path: String, shown: Bool, order: Double?) in
            let place = LessonOrder.place(of: lesson, drafts: false, limits: Limits())
            // The lesson asked about is numbered even when it is a draft (it is being built).
            return (lesson, place.shown || (lesson as NSString).lastPathComponent == name, place.order)
        }
        let numbers = LessonOrder.numbers(places)
        return lessons.first { ($0 as NSString).lastPathComponent == name }.flatMap { numbers[$0] } ?? 1
    }

    /// The labels of one lesson on its own (a lesson built outside a course build: grading, tests).
    static func lesson(_ lesson: ParsedLesson, _ plan: LessonPlan?) -> CrossReferences {
        var index = CrossReferences()
        index.add(lesson, plan, number: lessonNumber(lesson.file.path))
        return index
    }

    /// The labels of every lesson in the folders `inputs` name or hold lessons of (a lesson built alone still
    /// refers to its neighbours'), each parsed and planned, nothing executed, numbered in the order the course
    /// shows them. A draft the build leaves out has no number: its labels are only remembered, to say so when a
    /// lesson refers to one. A lesson that cannot be read is skipped here: its own build reports why.
    public static func collect(_ inputs: [String], options: BuildOptions) -> CrossReferences {
        var lessons: [String] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: input, isDirectory: &isFolder)
            let folder = isFolder.boolValue ? input : input.parentPath
            guard exists else { continue }
            for lesson in (try? LessonSource.files(for: folder.isEmpty ? "." : folder)) ?? [input]
            where !lessons.contains(lesson) {
                lessons.append(lesson)
            }
        }
        var planned: [(path: String, parsed: ParsedLesson, plan: LessonPlan?)] = []
        for path in lessons {
            guard let file = try? LessonSource.read(path, limits: options.limits) else { continue }
            let slug = String((path as NSString).lastPathComponent.dropLast(3))
            // Only the parse and the plan are kept: an empty index spares the run numbering the lesson on its
            // own, which reads the front matter of every lesson beside it (18 × 18 reads for the course).
            var quiet = options
            quiet.crossReferences = CrossReferences()
            let run = Pipeline.run(file, slug: slug, through: .plan, options: quiet)
            guard let parsed = run.parsed else { continue }
            planned.append((path, parsed, run.plan))
        }
        let numbers = LessonOrder.numbers(
            planned.map {
                ($0.path, !($0.parsed.frontMatter?.draft ?? false) || options.drafts, $0.parsed.frontMatter?.order)
            })
        var index = CrossReferences()
        for lesson in planned {
            if let number = numbers[lesson.path] {
                index.add(lesson.parsed, lesson.plan, number: number)
            } else {
                for definition in definitions(lesson.parsed, lesson.plan) { index.leftOut[definition.id] = lesson.path }
            }
        }
        return index
    }

    /// The label a reference names: itself when the course has it; for a name without Quarto's prefix (MyST's
    /// `` {ref}`bptt` ``, `` {numref}`unrolled` ``, whose names carry no kind), the first of `sec-`, `fig-`,
    /// `tbl-` and `eq-` with it that the course has, as `ForeignBoxes` labels MyST's targets and figures.
    func resolve(_ label: String) -> String {
        guard targets[label] == nil, LabelKind.ofQuartoLabel(label) == nil else { return label }
        return [LabelKind.section, .figure, .table, .equation].lazy.map { "\($0.rawValue)-\(label)" }
            .first { targets[$0] != nil } ?? label
    }

    /// The target a reference from lesson `slug` means: the label in that lesson first, else the course's.
    func target(_ label: String, from slug: String) -> Target? {
        guard let found = targets[resolve(label)] else { return nil }
        return found.first { $0.slug == slug } ?? found.first
    }

    /// What lesson `slug`'s handouts take from other lessons' labels, for the build cache's key: its number
    /// and the number, place and title of every label it refers to, and whether only the instructor edition
    /// shows it (a student edition's reference to it is an error).
    func fingerprint(for slug: String, path: String) -> String {
        var parts = ["lesson \(numbers[slug] ?? Self.lessonNumber(path))"]
        for label in (referenced[slug] ?? []).sorted() {
            let found = target(label, from: slug)
            parts.append(
                "\(label)=\(found.map { "\($0.slug)#\($0.kind.rawValue)\($0.numberText)|\($0.title)|\($0.instructorOnly)" } ?? "?")")
        }
        return parts.joined(separator: "\n")
    }
}

/// What the writers know of one lesson's cross-references: its labels' numbers, its references' targets.
public struct LessonNumbering: Sendable {
    let slug: String
    let index: CrossReferences
    /// Each directive's `label:` and `caption:`, by directive index.
    var floats: [Int: FloatKeys] = [:]

    /// This lesson's own label `id`, numbered.
    func own(_ id: String) -> CrossReferences.Target? {
        index.targets[id]?.first { $0.slug == slug }
    }

    /// A reference's text and the page and anchor it leads to (`#eq-loss`, `02-students.html#eq-loss`);
    /// nil for a label the course does not have.
    func link(_ reference: CrossReferenceSpan, pageExtension: String) -> (text: String, href: String)? {
        guard let target = index.target(reference.label, from: slug) else { return nil }
        let page = target.slug == slug ? "" : target.slug + "." + pageExtension
        return (target.text(reference.form), page + "#" + target.id)
    }

    /// A figure's or table's caption: `Figure 3.1: ` before the caption's own text when it is labelled.
    func captionPrefix(_ label: String?) -> String {
        guard let label, let target = own(label), target.number != nil else { return "" }
        return target.kind.word + " " + target.numberText + ": "
    }

    /// A directive's caption line: `Figure 3.1: caption`, `Figure 3.1` without a caption, the caption alone
    /// without a label.
    func caption(_ float: FloatKeys) -> String {
        let prefix = captionPrefix(float.label)
        return float.caption.isEmpty ? String(prefix.dropLast(2)) : prefix + float.caption
    }
}
