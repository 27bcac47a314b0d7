import RNN

/// A model defined in a lesson: the engine's model plus how its text is split into tokens.
struct LessonModel: Sendable {
    enum Tokenization: String, Sendable {
        case characters
        case words

        /// Text as tokens: its characters, or its words split on white space.
        func tokens(of text: String) -> [String] {
            switch self {
            case .characters: return text.map { String($0) }
            case .words: return text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            }
        }
    }

    let name: String
    var model: RNNLanguageModel
    let tokenization: Tokenization
}

/// What executing a lesson carries from one directive to the next.
struct ExecutionContext {
    let file: SourceFile
    let limits: Limits
    var models: [String: LessonModel] = [:]
    var namespace = Namespace()
    /// The block being executed (for diagnostics at its fence).
    var block: DirectiveBlock?
    /// Failures that do not stop the lesson (a failed check), collected by the executor after each directive.
    private var reports: [Diagnostic] = []

    init(file: SourceFile, limits: Limits) {
        self.file = file
        self.limits = limits
    }

    mutating func report(_ diagnostic: Diagnostic) { reports.append(diagnostic) }

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
            return try Evaluator(namespace: namespace).evaluate(ExpressionParser.parse(text))
        } catch let e as ExpressionError {
            throw error(SourceLocation(line: location.line, column: location.column + e.offset), e.message)
        } catch {
            throw self.error(location, "\(error)")
        }
    }
}
