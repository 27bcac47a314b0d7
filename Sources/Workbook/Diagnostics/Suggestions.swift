/// ` (did you mean 'x'?)` for what the word means in another convention or naming (`dW_hh` → `weight_hh_l0`,
/// `c` → `cell`: `ConventionalNames`), or a candidate within edit distance 2 (or a third of the word), or one
/// that shares all but the last two characters of the word as its beginning (`reduce` → `reduction`); else empty.
/// Distances are measured within a band of the best so far (a candidate further than that is given up as soon as
/// it is), and within a budget of `editBudget` steps a word: past it nothing is suggested rather than something
/// worse (an unknown footnote label of 30,000 characters beside a defined one took 3.9 s).
func didYouMean(_ word: String, among candidates: [String]) -> String {
    if let meant = ConventionalNames.meant(word, among: candidates) { return " (did you mean '\(meant)'?)" }
    let characters = Array(word)
    let limit = max(2, characters.count / 3)
    var (budget, best) = (editBudget, (candidate: "", distance: limit + 1))
    for candidate in candidates where abs(candidate.count - characters.count) <= min(limit, best.distance) {
        let band = min(limit, best.distance)
        budget -= characters.count * (2 * band + 1)
        guard budget >= 0 else { return "" }
        guard let distance = editDistance(characters, Array(candidate), within: band) else { continue }
        if (distance, candidate) < (best.distance, best.candidate) { best = (candidate, distance) }
    }
    if best.distance > 0, best.distance <= limit { return " (did you mean '\(best.candidate)'?)" }
    func commonPrefix(_ a: String, _ b: String) -> Int { zip(a, b).prefix(while: { $0 == $1 }).count }
    let byPrefix = candidates.map { ($0, commonPrefix(word, $0)) }.max { ($0.1, $1.0) < ($1.1, $0.0) }
    if let (candidate, shared) = byPrefix, shared >= 4, shared >= word.count - 2 {
        return " (did you mean '\(candidate)'?)"
    }
    return ""
}

/// `didYouMean` for many words among one set of candidates (a lesson's labels or anchors): the candidates sorted
/// once, each word's answer kept, and answers looked for only for the first `Pipeline.maxDiagnostics` distinct
/// words, as a lesson shows no more problems than that (a word's first problem comes after those of every word
/// before it): 5,000 unknown cross-references among 5,000 labels took 44 s, 5,000 links to a missing anchor
/// among 5,000 headings 14 s.
final class Suggestions {
    private let candidates: [String]
    private var answers: [String: String] = [:]

    init(_ candidates: some Sequence<String>) { self.candidates = candidates.sorted() }

    func didYouMean(_ word: String) -> String {
        if let known = answers[word] { return known }
        guard answers.count < Pipeline.maxDiagnostics else { return "" }
        let answer = Workbook.didYouMean(word, among: candidates)
        answers[word] = answer
        return answer
    }
}

/// How many steps of edit distance `didYouMean` takes for a word.
let editBudget = 4_000_000

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    editDistance(Array(a), Array(b), within: max(a.count, b.count))!
}

/// Levenshtein distance if at most `k`, else nil: only the cells within `k` of the diagonal are computed, and the
/// search stops at the first row whose cells all exceed `k`.
func editDistance(_ x: [Character], _ y: [Character], within k: Int) -> Int? {
    guard abs(x.count - y.count) <= k else { return nil }
    if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
    let far = k + 1
    var previous = (0...y.count).map { $0 <= k ? $0 : far }
    var current = [Int](repeating: far, count: y.count + 1)
    for i in 1...x.count {
        let (low, high) = (max(1, i - k), min(y.count, i + k))
        current[0] = i <= k ? i : far
        if low > 1 { current[low - 1] = far }
        var smallest = current[0]
        if low <= high {
            for j in low...high {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(far, previous[j] + 1, current[j - 1] + 1, substitution)
                smallest = min(smallest, current[j])
            }
        }
        if high < y.count { current[high + 1] = far }
        guard smallest <= k else { return nil }
        swap(&previous, &current)
    }
    return previous[y.count] <= k ? previous[y.count] : nil
}
