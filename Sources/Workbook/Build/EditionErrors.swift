/// The errors of a build's student editions, each reported once, naming the editions that have it: a number
/// typed in the prose that is an exercise's answer in every variant is one error, not one per student on the
/// roster.
enum EditionErrors {
    /// More editions than this are named by their first ids and a count.
    static let namedAtMost = 6

    /// `found`: each student edition's id and its errors, in roster order. An error every edition has is "in
    /// every student edition", or, when `onlyEditions` (the build makes no other edition), is the build's and
    /// says nothing more; any other names its editions.
    static func merged(_ found: [(id: String, errors: [Diagnostic])], onlyEditions: Bool) -> [Diagnostic] {
        var order: [Diagnostic] = []
        var editions: [String: [String]] = [:]
        for (id, errors) in found {
            for error in errors {
                let key = error.formatted
                if editions[key] == nil { order.append(error) }
                if editions[key]?.last != id { editions[key, default: []].append(id) }
            }
        }
        return order.map { error in
            let ids = editions[error.formatted]!
            if ids.count == found.count, onlyEditions { return error }
            let named = ids.count == found.count && ids.count > 1 ? "every student edition" : Self.named(ids)
            return error.withMessage("in \(named): " + error.message, details: error.details)
        }
    }

    /// "the student edition of 'ada'", "the student editions of 'ada' and 'alan'", "… of 'a', 'b', 'c', 'd',
    /// 'e' and 3 others".
    static func named(_ ids: [String]) -> String {
        var quoted = ids.prefix(ids.count > namedAtMost ? namedAtMost - 1 : namedAtMost).map { "'\($0)'" }
        guard quoted.count > 1 else { return "the student edition of " + quoted.joined() }
        let last = ids.count > namedAtMost ? "\(ids.count - quoted.count) others" : quoted.removeLast()
        return "the student editions of " + quoted.joined(separator: ", ") + " and " + last
    }
}
