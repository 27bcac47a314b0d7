import Foundation
import XCTest

import RNN
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

    /// An expression holds at most `ExpressionParser.maxOperations` operations: a chain `1+1+…` nests as deep as it
    /// is long, and 40,000 of `+`, `[1]`, `[:]` or `.a` overflowed the stack of evaluation or deallocation (the
    /// parts of a name, looked up by prefix, took quadratic time: 8,000 took 4.9 s).
    func testAnExpressionHoldsAtMostAThousandOperations() throws {
        let limit = ExpressionParser.maxOperations
        XCTAssertEqual(try number(String(repeating: "1+", count: limit) + "1"), Double(limit + 1))
        // A negative number is a number: a check's `equals:` of 5,000 log-probabilities is one list.
        let negatives = "[" + (1...5_000).map { "-\($0).5" }.joined(separator: ", ") + "]"
        XCTAssertEqual(try number("sum(\(negatives))"), -(5_000 * 5_001 / 2 + 2_500))
        XCTAssertEqual(try number("--2"), 2)
        XCTAssertEqual(try number("-2^2"), -4)
        XCTAssertEqual(try number(String(repeating: "2*", count: 10) + String(repeating: "1*", count: limit - 10) + "1"), 1024)
        for (text, offset) in [
            (String(repeating: "1+", count: 40_000) + "1", 2 * limit + 1),
            (String(repeating: "1*", count: limit + 1) + "1", 2 * limit + 1),
            ("[1]" + String(repeating: "[:]", count: 40_000), 3 + 3 * limit),
            ("x" + String(repeating: ".a", count: 40_000), 1 + 2 * limit),
            ("x" + String(repeating: "[1]", count: 40_000), 1 + 3 * limit),
            (String(repeating: "[1]@", count: 40_000) + "[1]", 4 * limit + 3),
        ] {
            XCTAssertThrowsError(try ExpressionParser.parse(text), String(text.prefix(12))) { error in
                let error = error as? ExpressionError
                XCTAssertEqual(error?.offset, offset, String(text.prefix(12)))
                XCTAssertEqual(
                    error?.message,
                    "the expression has more than 1000 operations (operators, fields, indexings, calls and parts of "
                        + "names), the most one may have")
            }
        }
    }

    /// numpy: `np.argmax([1, 3, 3])` is 1 (0-based): the first of equal largest entries.
    func testArgmaxTakesTheFirstOfEqualLargestEntries() throws {
        XCTAssertEqual(try number("argmax([1, 3, 3])"), 2)
        XCTAssertEqual(try number("argmax([5, 3, 5])"), 1)
    }

    /// exp, log, tanh, sigmoid and softmax are the engine's own (`Elementary`), bit for bit, so that a check of a
    /// model's loss against `-log(ŷ)` compares a function with itself (with glibc's log, lesson 01's check of
    /// J(1) differed by 2.2e-16). On these 400 points glibc's exp differs from the engine's at 42, log at 35,
    /// tanh at 153, the sigmoid at 7.
    func testExpLogTanhSigmoidAndSoftmaxAreTheEnginesBitForBit() throws {
        let xs = (1...400).map { Double($0) * 0.0173 - 3.1 }
        let positive = xs.map { Swift.abs($0) + 0.001 }
        func values(_ name: String, _ points: [Double]) throws -> [Double] {
            guard case .tensor(let t) = try evaluate("\(name)([\(points.map { "\($0)" }.joined(separator: ", "))])")
            else {
                XCTFail("\(name) did not give an array")
                return []
            }
            return t.data
        }
        XCTAssertEqual(try values("exp", xs), xs.map(Elementary.exp))
        XCTAssertEqual(try values("tanh", xs), xs.map(Elementary.tanh))
        XCTAssertEqual(try values("sigmoid", xs), xs.map(Elementary.sigmoid))
        XCTAssertEqual(try values("log", positive), positive.map(Elementary.log))
        let largest = xs.max()!
        let exps = xs.map { Elementary.exp($0 - largest) }
        let total = exps.reduce(0, +)
        XCTAssertEqual(try values("softmax", xs), exps.map { $0 / total })
    }
}
