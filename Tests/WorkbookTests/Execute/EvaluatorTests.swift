import Foundation
import XCTest

@testable import Workbook

/// The expression language's reductions, held against numpy's behaviour.
final class EvaluatorTests: XCTestCase {
    func evaluate(_ text: String) throws -> Value {
        try Evaluator(namespace: Namespace()).evaluate(ExpressionParser.parse(text))
    }

    func number(_ text: String) throws -> Double {
        guard case .number(let x) = try evaluate(text) else {
            XCTFail("\(text) is not a number")
            return 0
        }
        return x
    }

    /// numpy: `np.max([np.nan, 1, 3])`, `np.max([1, np.nan, 3])` and `np.max([1, 3, np.nan])` are all nan (and
    /// so for min); `np.argmax` gives the first nan's index; `np.sum` is nan.
    func testANaNAnywhereMakesMaxMinAndSumNaNAsInNumpy() throws {
        for list in ["[log(-1), 1, 3]", "[1, log(-1), 3]", "[1, 3, log(-1)]"] {
            XCTAssertTrue(try number("max(\(list))").isNaN, list)
            XCTAssertTrue(try number("min(\(list))").isNaN, list)
            XCTAssertTrue(try number("sum(\(list))").isNaN, list)
        }
        XCTAssertEqual(try number("argmax([1, log(-1), 3, log(-1)])"), 2, "the first NaN, 1-based")
        XCTAssertEqual(try number("max([1, 3, 2])"), 3)
        XCTAssertEqual(try number("min([1, -3, 2])"), -3)
    }

    /// numpy: `np.argmax([1, 3, 3])` is 1 (0-based): the first of equal largest entries.
    func testArgmaxTakesTheFirstOfEqualLargestEntries() throws {
        XCTAssertEqual(try number("argmax([1, 3, 3])"), 2)
        XCTAssertEqual(try number("argmax([5, 3, 5])"), 1)
    }
}
