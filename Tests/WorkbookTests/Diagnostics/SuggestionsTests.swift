import RNN
import XCTest

@testable import Workbook

/// "Did you mean": the banded edit distance against the full table, and the suggestions a typo gets.
final class SuggestionsTests: XCTestCase {
    /// The full Levenshtein table, the reference the banded one is held to.
    func fullDistance(_ a: [Character], _ b: [Character]) -> Int {
        var table = (0...b.count).map { [$0] + [Int](repeating: 0, count: a.count) }
        for i in 0...a.count { table[0][i] = i }
        for j in 1..<(b.count + 1) {
            for i in 1..<(a.count + 1) {
                table[j][i] = min(
                    table[j - 1][i] + 1, table[j][i - 1] + 1, table[j - 1][i - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
        }
        return table[b.count][a.count]
    }

    func testBandedDistanceAgreesWithTheFullTable() {
        var random = MT19937(seed: 42)
        func next(_ n: Int) -> Int { Int(random.nextUInt32() % UInt32(n)) }
        var compared = 0
        for _ in 0..<2_000 {
            let a = (0..<next(9)).map { _ in Character(["a", "b", "c"][next(3)]) }
            let b = (0..<next(9)).map { _ in Character(["a", "b", "c"][next(3)]) }
            let full = fullDistance(a, b)
            for k in 0...9 {
                XCTAssertEqual(editDistance(a, b, within: k), full <= k ? full : nil, "\(a) \(b) within \(k)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 20_000)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
    }

    func testTyposGetTheNearestNameAndLongNamesStayQuick() {
        XCTAssertEqual(didYouMean("hidden_sise", among: ["hidden_size", "hidden", "layers"]), " (did you mean 'hidden_size'?)")
        XCTAssertEqual(didYouMean("reduce", among: ["reduction", "steps"]), " (did you mean 'reduction'?)")
        XCTAssertEqual(didYouMean("zzzz", among: ["hidden", "layers"]), "")
        // 5,000 long labels that differ near their start: the nearest is found, not the first within reach.
        let tail = String(repeating: "x", count: 180)
        let labels = (0..<5_000).map { "label-\($0)-" + tail }.sorted()
        XCTAssertEqual(didYouMean("label-2-" + tail + "y", among: labels), " (did you mean 'label-2-\(tail)'?)")
        // Two labels of 30,000 characters (3.9 s with the full table): no suggestion, quickly.
        XCTAssertEqual(didYouMean(String(repeating: "a", count: 30_000), among: [String(repeating: "b", count: 30_000)]), "")
    }
}
