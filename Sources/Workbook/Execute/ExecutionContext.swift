import Foundation
import RNN

/// A model defined in a lesson: the engine's model, whichever it is, plus how its text is split into tokens.
/// Directives ask it everything through `RecurrentModel` and never need to know which model it holds.
struct LessonModel: Sendable {
    typealias Tokenization = Corpus.Tokenization

    let name: String
    var model: any RecurrentModel
    /// How input text splits into tokens.
    let tokenization: Tokenization
    /// How target text splits into tokens (labels and tags are words).
    var targetTokenization: Tokenization
    /// The data set a shaped model was defined from.
    var dataset: String?
    /// Whether a `train` directive has updated the weights.
    var trained = false
    /// Whether the model last trained on sentences, each read from the zero vector first: `forward`, `loss` and the
    /// others then start so by default, showing the outputs it was trained on.
    var startsFromZero = false
    /// The orders of its data set's tokens and labels the model was built with (its own `labels` included).
    var datasetOrders: Dataset.Orders?

    init(
        name: String, model: any RecurrentModel, tokenization: Tokenization,
        targetTokenization: Tokenization? = nil, dataset: String? = nil
    ) {
        self.name = name
        self.model = model
        self.tokenization = tokenization
        self.targetTokenization = targetTokenization ?? tokenization
        self.dataset = dataset
    }

    var shape: SequenceModel.Shape { model.shape }
    /// What the model reads and what it predicts.
    var sources: Vocabulary { model.sources }
    var targets: Vocabulary { model.targets }
    var parameters: ParameterSet { model.parameters }

    /// The examples of `data` as this model indexes them: in the orders of tokens and labels it was built with.
    func examples(of data: Dataset) -> Dataset.Examples {
        var data = data
        if let datasetOrders { data.orders = datasetOrders }
        return data.examples(for: shape)
    }

    /// The output distributions and J(t) of every output for resolved steps (targets given).
    func stepLosses(_ steps: SequenceSpec.Steps, initial: InitialState? = nil) -> (
        probabilities: [[Double]], losses: [Double]
    ) {
        let pass = model.pass(steps.input, target: steps.targets, initial: initial)
        return (pass.probabilities, pass.stepLosses(target: steps.targets))
    }

    /// What each output row reads, as shown: the input token (language model, tagger), the whole input
    /// (classifier), or the previous target token after a start (generating shapes).
    func outputInputs(_ steps: SequenceSpec.Steps) -> [String] {
        switch shape {
        case .languageModel, .manyToMany: return steps.inputTokens
        case .manyToOne: return [DirectiveSupport.join(steps.inputTokens, tokenization)]
        case .oneToMany, .encoderDecoder: return ["(start)"] + steps.targetTokens.dropLast()
        }
    }

    /// The cell as handouts name it: the notes' model by its activation ("tanh"), a network by its cell ("LSTM").
    var cellText: String {
        if let notes = model as? RNNLanguageModel { return notes.activation.rawValue }
        return ModelDirective.cellName(model.cell)
    }

    /// The recurrent weight matrix of the top layer in TeX: the notes' W_h, a network's W_hh.
    var recurrentWeightTeX: String { model.recurrentWeightName == "W_h" ? "\\mathbf{W}_h" : "\\mathbf{W}_{hh}" }

    /// A short description, e.g. "a 2-layer bidirectional LSTM many-to-one model".
    var summary: String { Self.describe(model) }

    static func describe(_ model: any RecurrentModel) -> String {
        if model is RNNLanguageModel { return "the notes' vanilla RNN language model" }
        let words =
            (model.layers > 1 ? "\(model.layers)-layer " : "") + (model.directions > 1 ? "bidirectional " : "")
            + ModelDirective.cellName(model.cell) + " "
            + (model.shape == .languageModel ? "language model" : model.shape.rawValue + " model")
        return ("AEIOU8".contains(words.first!) || words.hasPrefix("LSTM") || words.hasPrefix("RNN") ? "an " : "a ")
            + words
    }
}

/// A data set defined in a lesson, with how its text splits into tokens.
struct LessonDataset: Sendable {
    let data: Dataset
    let tokenization: Corpus.Tokenization
    let targetTokenization: Corpus.Tokenization
}

/// What executing a lesson carries from one directive to the next.
struct ExecutionContext {
    let file: SourceFile
    let limits: Limits
    /// The lesson's output name (`Output/<slug>.html`).
    var slug = ""
    var models: [String: LessonModel] = [:]
    var corpora: [String: Corpus] = [:]
    var datasets: [String: LessonDataset] = [:]
    var namespace = Namespace()
    /// Every name the lesson defines (models and results), with where: for "defined below" messages.
    var definitions: [String: SourceLocation] = [:]
    /// The block being executed (for diagnostics at its fence).
    var block: DirectiveBlock?
    /// Failures that do not stop the lesson (a failed check), collected by the executor after each directive.
    private var reports: [Diagnostic] = []
    /// The lesson's Swift cells, their compiler environment, and the running program once a cell has run.
    var swiftCells: [SwiftCell] = []
    var swiftEnvironment: SwiftCellEnvironment?
    /// What the pages' KaTeX knows, to check the math of prose written in directives; nil checks nothing.
    var katex: KaTeXCommands.Names?
    /// The course's labels and numbers, checked before anything ran: what a cross-reference in a directive's
    /// Markdown (an exercise's question) shows and where it leads.
    var numbering: LessonNumbering?
    /// Whether the directive running shows nothing in this edition (marked `instructor`, in a student edition):
    /// what it renders is not shown, so its references may lead to what only the instructor edition has.
    var hidden = false
    private(set) var swiftProgram: SwiftSession?

    /// The lesson's Swift program, compiled and started at the first cell.
    mutating func swiftSession() throws(Diagnostic) -> SwiftSession {
        if let swiftProgram { return swiftProgram }
        guard let swiftEnvironment else {
            throw error(block!.kindLocation, "Swift cells are not enabled in this build")
        }
        do {
            let session = try SwiftSession(
                cells: swiftCells, file: file, environment: swiftEnvironment, limits: limits, at: block!.kindLocation)
            for warning in session.warnings { report(warning) }
            swiftProgram = session
            return session
        } catch {
            switch error {
            case .diagnostics(let found):
                for extra in found.dropFirst() { report(extra) }
                throw found.first ?? self.error(block!.kindLocation, "the Swift cells did not compile")
            }
        }
    }

    func finishSwift() { swiftProgram?.finish() }

    /// The edition being built, and the variant (a student's id) `vary: seed` derives seeds from.
    var edition = Edition.instructor
    var variant: String?
    /// The name of the student whose variant it is, for their answer forms.
    var studentName: String?

    init(file: SourceFile, limits: Limits) {
        self.file = file
        self.limits = limits
    }

    /// The files the lesson read, by their path as written in the lesson, with their bytes' SHA-256 (hex): what
    /// the build cache checks besides the lesson's own text. Kept in a box shared by the context's copies, so a
    /// helper that reads a file (a sequence's `inputs`) records it without taking the context `inout`.
    var filesRead: [String: String] { readLog.digests }
    private let readLog = ReadLog()

    private final class ReadLog: @unchecked Sendable {
        var digests: [String: String] = [:]
    }

    /// Files the lesson writes beside its handouts (`save`), by name: `Output/<slug>.<name>`.
    var attachments: [String: Data] = [:]
    /// The answers of the exercises run so far (for the leak guard), unless an exercise says `reveals: allowed`.
    var answers: [LeakGuard.Answer] = []
    /// In a student edition, the digests of the weights each model had here, as defined and after each training
    /// (`LiveFigure.weightsDigest`): another lesson's exercise on a model with the same weights is answered by this
    /// lesson's numbers (the leak guard's look across the edition).
    var modelWeights: Set<String> = []

    /// Notes the weights a model now has (a student edition's, for `modelWeights`).
    mutating func noteWeights(of model: LessonModel) {
        if edition == .student, let digest = LiveFigure.weightsDigest(model) { modelWeights.insert(digest) }
    }
    /// The models each name (a result, an exercise) was computed from, through the names its directive read:
    /// an exercise reading `secret.h[3, 1]` of a forward pass of `hello` asks about `hello` (the leak guard).
    var computedFrom: [String: Set<String>] = [:]

    /// The models behind `name`: itself when it is a model, and those its result was computed from.
    func modelsBehind(_ name: String) -> Set<String> {
        computedFrom[name, default: []].union(models[name] == nil ? [] : [name])
    }

    /// Records that the names a directive defines were computed from the models behind the names it reads (a
    /// read is a name or a path in it: `secret.h`).
    mutating func noteComputed(_ defines: [String], from reads: [String]) {
        let behind = reads.reduce(into: Set<String>()) { found, read in
            found.formUnion(modelsBehind(String(read.prefix { $0 != "." && $0 != "[" })))
        }
        for name in defines { computedFrom[name, default: []].formUnion(behind) }
    }

    /// The local images that Markdown inside directives shows (a question, an `instructor` block), which the
    /// build copies as it does the prose's.
    var images: [(path: String, location: SourceLocation)] = []

    /// Reads a file named in the lesson, relative to the lesson's folder. The path must stay inside that folder,
    /// symbolic links resolved, so a lesson cannot read `../../etc/passwd` or follow a link out.
    func readLessonData(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> Data {
        let target = try confined(relative, at: location)
        let data: Data
        do { data = try LessonFile.read(target, maxMB: limits.maxFileMB, bound: .option("maxFileMB")) } catch {
            throw readError(error, relative, target, at: location)
        }
        readLog.digests[relative] = BuildCache.digest(data)
        return data
    }

    /// A file named in the lesson, as `readLessonData` finds it, to be copied as it is (an image): its digest
    /// is taken a chunk at a time, and its bytes are never held whole.
    func copyOfLessonFile(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> FileCopy {
        let target = try confined(relative, at: location)
        let copy: FileCopy
        do { copy = try LessonFile.copy(target, maxMB: limits.maxFileMB, bound: .option("maxFileMB")) } catch {
            throw readError(error, relative, target, at: location)
        }
        readLog.digests[relative] = copy.digest
        return copy
    }

    /// An image of the course folder (the folder holding the lesson's folder, where the course file stands),
    /// named from the lesson (`../img/x.svg`), to be copied as it is: confined to the course folder, links
    /// resolved, as `copyOfLessonFile` confines a file to the lesson's folder.
    func copyOfCourseImage(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> FileCopy {
        let lessonFolder = URL(fileURLWithPath: file.path).deletingLastPathComponent()
        let target = try confined(
            relative, within: lessonFolder.deletingLastPathComponent(), from: lessonFolder, at: location,
            "is outside the course folder; a lesson shows only images inside the folder that holds its folder")
        let copy: FileCopy
        do { copy = try LessonFile.copy(target, maxMB: limits.maxFileMB, bound: .option("maxFileMB")) } catch {
            throw readError(error, relative, target, at: location)
        }
        readLog.digests[relative] = copy.digest
        return copy
    }

    /// The path of `relative` inside the lesson's folder, symbolic links resolved; an error when it leaves it.
    private func confined(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> String {
        let folder = URL(fileURLWithPath: file.path).deletingLastPathComponent()
        return try confined(
            relative, within: folder, from: folder, at: location,
            "is outside the lesson's folder; a lesson reads only files beside it or below it")
    }

    /// The path of `relative`, read from the folder `base`, symbolic links resolved; an error (`outside`) when it
    /// leaves `root`.
    private func confined(
        _ relative: String, within root: URL, from base: URL, at location: SourceLocation, _ outside: String
    ) throws(Diagnostic) -> String {
        let root = root.resolvingSymlinksInPath().standardizedFileURL
        let target = base.resolvingSymlinksInPath().appendingPathComponent(relative).resolvingSymlinksInPath()
            .standardizedFileURL
        guard !relative.hasPrefix("/"), target.path.hasPrefix(root.path + "/") else {
            throw error(location, "'\(relative)' " + outside)
        }
        return target.path
    }

    /// A file that could not be read; one that does not exist, with the name nearest to its own in its folder.
    private func readError(
        _ error: LessonFile.ReadError, _ relative: String, _ target: String, at location: SourceLocation
    ) -> Diagnostic {
        guard error.description == "no such file" else {
            return self.error(location, "cannot read '\(relative)': \(error.description)")
        }
        let folder = ConfinedFolder.split(relative).folder
        let near = LessonFile.nearestName(to: target).map { folder.isEmpty ? $0 : folder + "/" + $0 }
        return self.error(
            location, "cannot read '\(relative)': there is no such file beside the lesson",
            details: near.map { ["did you mean '\($0)'?"] } ?? [])
    }

    /// A text file beside the lesson (see `readLessonData`), which must be UTF-8, its line endings read as
    /// Python's text mode reads them (universal newlines): CRLF and a lone CR are LF, so that a corpus saved on
    /// Windows has the tokens of the same text saved elsewhere, as min-char-rnn's `open(...).read()` sees it (kept,
    /// CRLF was one character token of its own, shown raw in the handouts).
    func readLessonFile(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> String {
        guard
            let text = String(
                validating: Self.universalNewlines(try readLessonData(relative, at: location)), as: UTF8.self)
        else { throw error(location, "'\(relative)' is not UTF-8 text") }
        return text
    }

    /// Bytes with CRLF and lone CR turned into LF (in UTF-8 a CR byte is never part of another character).
    static func universalNewlines(_ data: Data) -> [UInt8] {
        var (bytes, afterCR) = ([UInt8](), false)
        bytes.reserveCapacity(data.count)
        for byte in data {
            if byte == 10, afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 13
            bytes.append(afterCR ? 10 : byte)
        }
        return bytes
    }

    mutating func report(_ diagnostic: Diagnostic) { reports.append(diagnostic) }

    /// Checks what the directive is about to allocate against maxMemoryMB, before it does: an error at
    /// `location` (default: the directive's name) naming the limit and the estimate.
    func reserve(_ estimate: MemoryEstimate, at location: SourceLocation? = nil) throws(Diagnostic) {
        if let message = limits.memoryMessage(estimate) { throw error(location ?? block!.kindLocation, message) }
    }

    /// The error for a directive that ran past its time.
    func timeLimitError() -> Diagnostic {
        error(
            block!.kindLocation,
            "this directive ran longer than \(NumberFormat(style: .general, precision: 6).format(limits.maxSecondsPerDirective)) s, the limit maxSecondsPerDirective; make it smaller or raise the limit (--limit maxSecondsPerDirective=…)"
        )
    }

    mutating func takeReports() -> [Diagnostic] {
        defer { reports = [] }
        return reports
    }

    func error(_ location: SourceLocation, _ message: String, details: [String] = []) -> Diagnostic {
        Diagnostic(.error, in: file, at: location, message, details: details)
    }

    /// Evaluates an expression written at `location` (where its first character stands).
    func evaluate(_ text: String, at location: SourceLocation) throws(Diagnostic) -> Value {
        do {
            return try Evaluator(namespace: namespace, definitions: definitions, limits: limits).evaluate(
                ExpressionParser.parse(text))
        } catch let e as ExpressionError {
            throw error(SourceLocation(line: location.line, column: location.column + e.offset), e.message)
        } catch {
            throw self.error(location, "\(error)")
        }
    }
}
