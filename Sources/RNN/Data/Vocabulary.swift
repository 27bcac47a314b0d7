/// The token ↔ index map of a language model. Index order is the order tokens were given in.
public struct Vocabulary: Equatable, Sendable {
    public static let unknown = "<UNK>"
    public static let endOfSentence = "<EOS>"

    public let tokens: [String]
    private let indexOf: [String: Int]

    /// Throws `VocabularyError.duplicateToken` when a token appears twice.
    public init(tokens: [String]) throws {
        var indexOf: [String: Int] = [:]
        for (i, token) in tokens.enumerated() {
            if indexOf[token] != nil { throw VocabularyError.duplicateToken(token) }
            indexOf[token] = i
        }
        self.tokens = tokens
        self.indexOf = indexOf
    }

    public var count: Int { tokens.count }

    public func index(of token: String) -> Int? { indexOf[token] }

    /// The index of `token`, or of `<UNK>` when the token is unknown and the vocabulary has `<UNK>`.
    public func indexOrUnknown(of token: String) -> Int? {
        indexOf[token] ?? indexOf[Vocabulary.unknown]
    }
}

public enum VocabularyError: Error, Equatable {
    case duplicateToken(String)
}
