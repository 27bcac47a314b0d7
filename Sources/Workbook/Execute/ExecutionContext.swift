import Foundation
import RNN

/// A model defined in a lesson: the engine's model plus how its text is split into tokens.
struct LessonModel: Sendable {
    typealias Tokenization = Corpus.Tokenization

    enum Engine: Sendable {
        /// The lecture notes' vanilla RNN language model, with its own symbols (W_e, W_h, b1, U, b2).
        case notes(RNNLanguageModel)
        /// Any cell, layers and directions, in one of the notes' shapes.
        case network(SequenceModel)
    }

    let name: String
    var engine: Engine
    /// How input text splits into tokens.
    let tokenization: Tokenization
    /// How target text splits into tokens (labels and tags are words).
    var targetTokenization: Tokenization
    /// The data set a shaped model was defined from.
    var dataset: String?
    /// Whether a `train` directive has updated the weights.
    var trained = false

    init(name: String, model: RNNLanguageModel, tokenization: Tokenization) {
        self.name = name
        engine = .notes(model)
        self.tokenization = tokenization
        targetTokenization = tokenization
    }

    init(
        name: String, network: SequenceModel, tokenization: Tokenization, targetTokenization: Tokenization,
        dataset: String?
    ) {
        self.name = name
        engine = .network(network)
        self.tokenization = tokenization
        self.targetTokenization = targetTokenization
        self.dataset = dataset
    }

    var notes: RNNLanguageModel? {
        if case .notes(let m) = engine { return m }
        return nil
    }

    var network: SequenceModel? {
        if case .network(let m) = engine { return m }
        return nil
    }

    var shape: SequenceModel.Shape { network?.configuration.shape ?? .languageModel }
    /// What the model reads and what it predicts.
    var sources: Vocabulary { network?.sources ?? notes!.vocabulary }
    var targets: Vocabulary { network?.targets ?? notes!.vocabulary }
    var parameters: ParameterSet { network?.parameters ?? notes!.parameters }

    /// The output distributions and J(t) of every output for resolved steps (targets given).
    func stepLosses(_ steps: SequenceSpec.Steps) -> (probabilities: [[Double]], losses: [Double]) {
        switch engine {
        case .notes(let rnn):
            let trace = rnn.forward(steps.inputs)
            return (trace.probabilities, RNNLanguageModel.stepLosses(trace, targets: steps.targets))
        case .network(let m):
            let trace = m.forward(source: steps.inputs, target: steps.targets)
            return (trace.probabilities, m.stepLosses(trace, target: steps.targets))
        }
    }

    /// What each output row reads, as shown: the input token (language model, tagger), the whole input
    /// (classifier), or the previous target token after a start (generating shapes).
    func outputInputs(_ steps: SequenceSpec.Steps) -> [String] {
        switch shape {
        case .languageModel, .manyToMany: return steps.inputTokens
        case .manyToOne: return [CorpusDirective.join(steps.inputTokens, tokenization)]
        case .oneToMany, .encoderDecoder: return ["(start)"] + steps.targetTokens.dropLast()
        }
    }

    /// A short description, e.g. "a 2-layer bidirectional LSTM many-to-one model".
    var summary: String {
        guard let c = network?.configuration else { return "the notes' vanilla RNN language model" }
        let words =
            (c.layers > 1 ? "\(c.layers)-layer " : "") + (c.bidirectional ? "bidirectional " : "")
            + ModelDirective.cellName(c.cell) + " "
            + (c.shape == .languageModel ? "language model" : c.shape.rawValue + " model")
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
    /// When the running directive must stop (`Limits.maxSecondsPerDirective`).
    var deadline = Date.distantFuture
    /// The lesson's Swift cells, their compiler environment, and the running program once a cell has run.
    var swiftCells: [SwiftCell] = []
    var swiftEnvironment: SwiftCellEnvironment?
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

    init(file: SourceFile, limits: Limits) {
        self.file = file
        self.limits = limits
    }

    /// The files the lesson read, by their path as written in the lesson, with their bytes' SHA-256 (hex): what
    /// the build cache checks besides the lesson's own text.
    var filesRead: [String: String] = [:]

    /// Files the lesson writes beside its handouts (`save`), by name: `Output/<slug>.<name>`.
    var attachments: [String: Data] = [:]

    /// Reads a file named in the lesson, relative to the lesson's folder. The path must stay inside that folder,
    /// symbolic links resolved, so a lesson cannot read `../../etc/passwd` or follow a link out.
    mutating func readLessonData(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> Data {
        let folder = URL(fileURLWithPath: file.path).deletingLastPathComponent().resolvingSymlinksInPath()
            .standardizedFileURL
        let target = folder.appendingPathComponent(relative).resolvingSymlinksInPath().standardizedFileURL
        guard !relative.hasPrefix("/"), target.path.hasPrefix(folder.path + "/") else {
            throw error(
                location,
                "'\(relative)' is outside the lesson's folder; a lesson reads only files beside it or below it")
        }
        let data: Data
        do { data = try LessonFile.read(target.path, maxMB: limits.maxFileMB, limitName: "maxFileMB") } catch {
            throw self.error(
                location,
                error.description == "no such file"
                    ? "cannot read '\(relative)': there is no such file beside the lesson"
                    : "cannot read '\(relative)': \(error.description)")
        }
        filesRead[relative] = BuildCache.digest(data)
        return data
    }

    /// A text file beside the lesson (see `readLessonData`), which must be UTF-8.
    mutating func readLessonFile(_ relative: String, at location: SourceLocation) throws(Diagnostic) -> String {
        guard let text = String(data: try readLessonData(relative, at: location), encoding: .utf8) else {
            throw error(location, "'\(relative)' is not UTF-8 text")
        }
        return text
    }

    mutating func report(_ diagnostic: Diagnostic) { reports.append(diagnostic) }

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

    /// The notes' vanilla model named `name`, or an error saying `directive` shows only that model.
    func notesModel(_ name: String, for directive: String, instead: String) throws(Diagnostic) -> RNNLanguageModel {
        let lesson = models[name]!
        guard let model = lesson.notes else {
            throw error(
                block!.kindLocation,
                "'\(directive)' works on the notes' vanilla RNN language model; '\(name)' is \(lesson.summary) (\(instead))"
            )
        }
        return model
    }

    func error(_ location: SourceLocation, _ message: String, details: [String] = []) -> Diagnostic {
        Diagnostic(.error, in: file, at: location, message, details: details)
    }

    /// Evaluates an expression written at `location` (where its first character stands).
    func evaluate(_ text: String, at location: SourceLocation) throws(Diagnostic) -> Value {
        do {
            return try Evaluator(namespace: namespace, definitions: definitions).evaluate(ExpressionParser.parse(text))
        } catch let e as ExpressionError {
            throw error(SourceLocation(line: location.line, column: location.column + e.offset), e.message)
        } catch {
            throw self.error(location, "\(error)")
        }
    }
}
