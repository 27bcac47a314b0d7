/// The errors of a build's student editions, each reported once, naming the editions that have it: a number
/// typed in the prose that is an exercise's answer in every variant is one error, not one per student on the
/// roster. Errors at one place that differ only in their numbers (a loss table that shows each student's own
/// answer) are one too, shown with the first edition's numbers.
enum EditionErrors {
    /// More editions than this are named by their first ids and a count.
    static let namedAtMost = 6

    /// `found`: each student edition's id and its errors, in roster order. An error every edition has is "in
    /// every student edition", or, when `onlyEditions` (the build makes no other edition), is the build's and
    /// says nothing more; any other names its editions.
    static func merged(_ found: [(id: String, errors: [Diagnostic])], onlyEditions: Bool) -> [Diagnostic] {
        var order: [(error: Diagnostic, key: String)] = []
        var editions: [String: [String]] = [:]
        // The first error of each shape as written, and whether every other of its shape was written so too.
        var first: [String: (formatted: String, exact: Bool)] = [:]
        for (id, errors) in found {
            for error in errors {
                let key = shape(error)
                if let seen = first[key] {
                    if seen.exact, seen.formatted != error.formatted { first[key]?.exact = false }
                } else {
                    order.append((error, key))
                    first[key] = (error.formatted, true)
                }
                if editions[key]?.last != id { editions[key, default: []].append(id) }
            }
        }
        return order.map { error, key in
            let ids = editions[key]!
            let own = first[key]!.exact ? "" : " (the numbers of '\(ids[0])'; each edition shows its own)"
            if ids.count == found.count, onlyEditions, own.isEmpty { return error }
            let named = ids.count == found.count && ids.count > 1 ? "every student edition" : Self.named(ids)
            return error.withMessage("in \(named)\(own): " + error.message, details: error.details)
        }
    }

    /// An error as its place and its message with every number in the message masked: one key for the errors
    /// that the variants' numbers alone tell apart.
    static func shape(_ error: Diagnostic) -> String {
        let place = error.location.map { "\($0.line):\($0.column)" } ?? ""
        let message = (error.message + "\n" + error.details.joined(separator: "\n")).replacing(
            #/-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/#, with: "#")
        return "\(error.severity.rawValue)|\(error.path)|\(place)|\(message)"
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
