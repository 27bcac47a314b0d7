import Foundation
import RNN

/// One kind of directive: how its keys are read (Plan) and what it computes and shows (Execute).
/// Each kind lives in its own file under `Directives/`, named after it.
protocol Directive: Sendable {
    /// The word after `rnn` on the fence, e.g. `forward`.
    static var kind: String { get }
    /// Every key the directive takes (for "did you mean" and the docs).
    static var keys: [String] { get }
    /// Whether the body may be a YAML list rather than a mapping.
    static var acceptsList: Bool { get }
    /// Whether the body is code rather than YAML, and the fence's words are the directive's own.
    static var bodyIsCode: Bool { get }
    /// Whether the lesson can go on after this directive fails (a failed check changes nothing later
    /// directives read); otherwise a failure stops the lesson.
    static var failureLeavesStateIntact: Bool { get }
    /// The model the directive changes (`train`'s), which a failure leaves in doubt; nil for the others.
    var updatedModel: String? { get }
    /// What the directive draws, when it is a figure or a table: it then takes `label:` (`fig-…`, `tbl-…`) and
    /// `caption:`, read by the Planner (`Plan/FloatKeys.swift`).
    static var float: LabelKind? { get }

    /// Reads and validates the keys; returns nil when any is wrong (the reasons are in `arguments`).
    static func plan(_ arguments: inout Arguments, _ context: inout PlanContext) -> Self?

    /// Runs against the engine and returns what the handout shows.
    func execute(_ context: inout ExecutionContext) throws(Diagnostic) -> [OutputBlock]
}

extension Directive {
    static var acceptsList: Bool { false }
    static var bodyIsCode: Bool { false }
    static var failureLeavesStateIntact: Bool { false }
    var updatedModel: String? { nil }
    static var float: LabelKind? { nil }
}

/// Every directive kind, by the word that names it.
enum DirectiveRegistry {
    static let kinds: [any Directive.Type] = [
        CorpusDirective.self, DatasetDirective.self, ModelDirective.self, ForwardDirective.self, LossDirective.self,
        BackwardDirective.self,
        GradCheckDirective.self, CheckDirective.self, TrainDirective.self, SampleDirective.self,
        ProbabilityDirective.self, PredictDirective.self, ExerciseDirective.self, SaveDirective.self,
        GradientFlowDirective.self,
        NGramDirective.self, PlotDirective.self, TableDirective.self, DiagramDirective.self, HighlightDirective.self,
    ]

    /// The handler of a block: a Swift cell's, or the `rnn` directive it names.
    static func lookup(_ block: DirectiveBlock) -> (any Directive.Type)? {
        if block.isInstructorNotes { return InstructorNotesDirective.self }
        return block.isSwiftCell ? SwiftCellDirective.self : kinds.first { $0.kind == block.kind }
    }
}

/// What planning knows while it walks a lesson's directives in order.
struct PlanContext {
    let file: SourceFile
    let limits: Limits
    /// Models defined so far, with where (`define(model:at:)`).
    private(set) var models: [String: SourceLocation] = [:]
    /// Result names defined so far, with where (`define(name:at:)`).
    private(set) var names: [String: SourceLocation] = [:]
    /// The models' and names' keys in the order they were first defined, so that what one directive defined is
    /// the end of the list (a set of every name built before and after each directive took 13 s for 10,000
    /// checks).
    private(set) var definedInOrder: [String] = []
    /// How many more "did you mean"s of an unknown corpus, data set or model are worth looking for: a lesson
    /// shows no more problems than `Pipeline.maxDiagnostics` (each compares the name with every one defined, and
    /// 5,000 unknown among 5,000 would compare 25 million pairs).
    private(set) var suggestionsLeft = Pipeline.maxDiagnostics
    /// Files `save` directives write, with where.
    var savedFiles: [String: SourceLocation] = [:]
    /// Corpora defined so far.
    var corpora: Set<String> = []
    /// The data set each shaped model was defined from.
    var modelDatasets: [String: String] = [:]
    /// The corpus each model took its vocabulary from.
    var modelCorpora: [String: String] = [:]
    /// Data sets defined so far, with their format (nil when it has an error).
    var datasets: [String: Dataset.Format?] = [:]
    /// The lesson's Swift cells so far, in order: together they are one program.
    var swiftCells: [SwiftCell] = []
    /// Models a directive named before any was defined under that name, in order of first use.
    var modelsNotYetDefined: [String] = []

    /// `didYouMean` among `names` while `suggestionsLeft` lasts, then nothing.
    private mutating func suggestion(_ name: String, among names: some Collection<String>) -> String {
        guard suggestionsLeft > 0 else { return "" }
        suggestionsLeft -= 1
        return didYouMean(name, among: names.sorted())
    }

    /// The corpus named by key `key`, which must be defined above.
    mutating func corpusReference(_ arguments: inout Arguments, key: String = "corpus", required: Bool = true)
        -> String?
    {
        guard let (name, location, _) = arguments.scalar(key, required: required) else { return nil }
        guard corpora.contains(name) else {
            arguments.error(
                location,
                "no corpus named '\(name)' is defined above this directive" + suggestion(name, among: corpora))
            return nil
        }
        arguments.declareRead(name)
        return name
    }

    /// The data set named by key `key`, which must be defined above.
    mutating func datasetReference(_ arguments: inout Arguments, key: String = "dataset") -> String? {
        guard let (name, location, _) = arguments.scalar(key) else { return nil }
        guard datasets[name] != nil else {
            arguments.error(
                location,
                "no data set named '\(name)' is defined above this directive" + suggestion(name, among: datasets.keys))
            return nil
        }
        arguments.declareRead(name)
        return name
    }

    /// The model named by key `model`, which must be defined above.
    mutating func modelReference(_ arguments: inout Arguments) -> String? {
        guard let (name, location, _) = arguments.scalar("model", required: true) else { return nil }
        guard models[name] != nil else {
            let hint = suggestion(name, among: models.keys)
            arguments.error(location, "no model named '\(name)' is defined above this directive" + hint)
            if !modelsNotYetDefined.contains(name) { modelsNotYetDefined.append(name) }
            return nil
        }
        arguments.declareRead(name)
        return name
    }

    /// The `name` a corpus, data set or model is defined under (`what` says which, for messages): a plain name
    /// that no model (`models`) and no other result has. Read before the directive's other keys; claim it with
    /// `claim` after them.
    mutating func definitionName(_ arguments: inout Arguments, what: String) -> String? {
        guard let (name, location, _) = arguments.scalar("name", required: true) else { return nil }
        if what == "model", let first = models[name] {
            arguments.error(location, "a model named '\(name)' is already defined at line \(first.line)")
        } else if !DirectiveSupport.isName(name) {
            arguments.error(
                location, "a \(what) name is letters, digits and '_', starting with a letter; got '\(name)'")
        } else if let first = names[name] {
            arguments.error(location, "the name '\(name)' is already used by the directive at line \(first.line)")
        }
        return name
    }

    /// Claims a definition's name, even when the directive has errors, so that later uses do not report it
    /// missing too; false when another directive has it.
    mutating func claim(_ name: String?, _ arguments: Arguments) -> Bool {
        guard let name, names[name] == nil else { return false }
        define(name: name, at: arguments.block.kindLocation)
        return true
    }

    /// Defines (or moves) a result name.
    mutating func define(name: String, at location: SourceLocation) {
        if names.updateValue(location, forKey: name) == nil, models[name] == nil { definedInOrder.append(name) }
    }

    /// Defines (or moves) a model's name.
    mutating func define(model: String, at location: SourceLocation) {
        if models.updateValue(location, forKey: model) == nil, names[model] == nil { definedInOrder.append(model) }
    }

    /// Claims the result name given by key `id`, or `default`, reporting a duplicate at the key.
    mutating func resultName(_ arguments: inout Arguments, default defaultName: String) -> String? {
        let given = arguments.scalar("id")
        let name = given?.0 ?? defaultName
        let location = given?.1 ?? arguments.block.kindLocation
        if let first = names[name] {
            arguments.error(
                location,
                "the name '\(name)' is already used by the directive at line \(first.line); give this one another with 'id:'"
            )
            return nil
        }
        define(name: name, at: location)
        return name
    }
}

/// Bounds on what a lesson may ask of the engine, so a typo like `hidden: 1000000000` is an error that
/// names the limit instead of an out-of-memory crash, and a lesson that would run for hours stops.
/// Each can be changed on the command line: `--limit maxHidden=8192`.
public struct Limits: Sendable, Equatable {
    public var maxHidden = 4096
    public var maxVocabulary = 100_000
    public var maxEmbedding = 4096
    public var maxParameters = 50_000_000
    public var maxSequenceLength = 100_000
    public var maxGradientCheckEntries = 200_000
    public var maxCorpusTokens = 5_000_000
    public var maxTrainingSteps = 1_000_000
    public var maxSampleLength = 10_000
    /// Rows of a `table` directive.
    public var maxTableRows = 10_000
    /// Cells of a heatmap, bars of a bar plot (each one an SVG element, drawn after the directive has run).
    public var maxPlotCells = 100_000
    /// Memory a lesson's Swift program may use (its virtual address space), in MiB.
    public var maxCellMemoryMB = 4096
    /// What a lesson's Swift program may print for one cell, in MiB.
    public var maxCellOutputMB = 64
    /// The size of a file a lesson reads (corpus, data set, weights, image), in MiB, checked before reading.
    public var maxFileMB = 256
    /// The size of a lesson's own text, in MiB.
    public var maxLessonMB = 16
    /// Wall-clock seconds one directive or Swift cell may run before the lesson stops.
    public var maxSecondsPerDirective = 300.0
    /// Memory one directive may allocate, in MiB, checked before it does from the shapes it will allocate
    /// (`MemoryEstimate`), or, for n-gram counts, whose number is known only by counting, while it counts
    /// (`NGramModel.bytesBound`): by default a quarter of the machine's memory, so that two lessons building at
    /// once and the rest of the machine keep what they need.
    public var maxMemoryMB = Limits.quarterOfTheMachine

    public init() {}

    static let quarterOfTheMachine = max(256, Int(ProcessInfo.processInfo.physicalMemory >> 22))

    /// `mebibytes` in bytes, Int.max when that does not fit (a limit given as high as it goes).
    static func bytes(mebibytes: Int) -> Int {
        mebibytes > Int.max / 1_048_576 ? Int.max : mebibytes * 1_048_576
    }

    /// The message for a directive whose work is estimated at more than maxMemoryMB, or nil when it fits.
    func memoryMessage(_ estimate: MemoryEstimate) -> String? {
        guard estimate.bytes > Double(maxMemoryMB) * 1_048_576 else { return nil }
        let amount =
            estimate.bytes >= 1_073_741_824
            ? String(format: "%.1f GiB", estimate.bytes / 1_073_741_824)
            : String(format: "%.0f MiB", (estimate.bytes / 1_048_576).rounded(.up))
        return
            "this would need about \(amount) of memory for \(estimate.what); the limit maxMemoryMB is \(maxMemoryMB) MiB; make it smaller or raise the limit (--limit maxMemoryMB=…)"
    }

    static let integers: [(String, WritableKeyPath<Limits, Int>)] = [
        ("maxHidden", \.maxHidden), ("maxVocabulary", \.maxVocabulary), ("maxEmbedding", \.maxEmbedding),
        ("maxParameters", \.maxParameters), ("maxSequenceLength", \.maxSequenceLength),
        ("maxGradientCheckEntries", \.maxGradientCheckEntries), ("maxCorpusTokens", \.maxCorpusTokens),
        ("maxTrainingSteps", \.maxTrainingSteps), ("maxSampleLength", \.maxSampleLength),
        ("maxTableRows", \.maxTableRows), ("maxPlotCells", \.maxPlotCells),
        ("maxCellMemoryMB", \.maxCellMemoryMB), ("maxCellOutputMB", \.maxCellOutputMB), ("maxFileMB", \.maxFileMB),
        ("maxLessonMB", \.maxLessonMB), ("maxMemoryMB", \.maxMemoryMB),
    ]

    public static var names: [String] { integers.map(\.0) + ["maxSecondsPerDirective"] }

    /// Sets a limit from `name=value`; returns a message saying what is wrong, or nil.
    public mutating func set(_ assignment: String) -> String? {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "a limit is written name=value, e.g. maxHidden=8192" }
        let (name, value) = (parts[0], parts[1])
        if name == "maxSecondsPerDirective" {
            // At most a million (11½ days): the deadline is counted in nanoseconds of a 64-bit clock.
            guard let seconds = Double(value), seconds > 0, seconds <= 1e6 else {
                return "\(name) must be a positive number of seconds, at most 1000000"
            }
            maxSecondsPerDirective = seconds
            return nil
        }
        guard let path = Self.integers.first(where: { $0.0 == name })?.1 else {
            return "unknown limit '\(name)'" + didYouMean(name, among: Self.names) + "; limits are "
                + Self.names.joined(separator: ", ")
        }
        guard let number = Int(value), number > 0 else { return "\(name) must be a positive whole number" }
        self[keyPath: path] = number
        return nil
    }
}
