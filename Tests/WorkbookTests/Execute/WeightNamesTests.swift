import Foundation
import XCTest

@testable import Workbook

/// Weights named by other conventions: the hint that spells the `names:` map, the map itself (with `.T` for Keras's
/// transposed kernels), and a notebook's single bias in a network. By hand on a model of two units reading one-hot
/// a, b, c: h(1) = tanh(W_e[:, x(1)] + b1), ŷ(1) = softmax(U h(1) + b2).
final class WeightNamesTests: XCTestCase {
    let We = [[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]]
    let Wh = [[0.3, -0.2], [0.25, 0.1]]
    let b1 = [0.05, -0.1]
    let U = [[1.0, -0.5], [0.2, 0.3], [-0.7, 0.9]]
    let b2 = [0.1, 0.0, -0.2]

    func json(_ arrays: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: arrays) }

    func transposed(_ m: [[Double]]) -> [[Double]] { (0..<m[0].count).map { j in m.map { $0[j] } } }

    /// The notebook's arrays under deeplearning.ai's names, its biases as n × 1 columns.
    var notebook: Data {
        json(["Wax": We, "Waa": Wh, "ba": b1.map { [$0] }, "Wya": U, "by": b2.map { [$0] }])
    }

    func model(_ extra: String, cell: String = "") -> String {
        """
        ```rnn model
        name: m
        vocabulary: [a, b, c]
        hidden: 2
        \(cell)weights_file: w.json
        \(extra)
        ```

        ```rnn forward
        model: m
        input: a
        ```

        """
    }

    /// ŷ(1) after reading `a`, by hand.
    var expected: [Double] {
        let h = (0..<2).map { tanh(We[$0][0] + b1[$0]) }
        let logits = (0..<3).map { k in U[k][0] * h[0] + U[k][1] * h[1] + b2[k] }
        let total = logits.map(exp).reduce(0, +)
        return logits.map { exp($0) / total }
    }

    func testAnotherConventionsNamesGetTheNamesMapToAdd() throws {
        let (_, headlines) = try executeLesson(model(""), files: ["w.json": notebook])
        XCTAssertEqual(
            headlines.first,
            "lesson.md:5:15: error: 'w.json' does not fit model 'm': the file has no parameter 'W_e' (expected 2×3); the file names its arrays as deeplearning.ai's notebooks do: read them with 'names: {Wax: W_e, Waa: W_h, ba: b1, Wya: U, by: b2}'"
        )
        let minChar = json(["Wxh": We, "Whh": Wh, "bh": b1, "Why": U, "by": b2])
        XCTAssertEqual(
            try executeLesson(model(""), files: ["w.json": minChar]).headlines.first,
            "lesson.md:5:15: error: 'w.json' does not fit model 'm': the file has no parameter 'W_e' (expected 2×3); the file names its arrays as min-char-rnn's notebooks do: read them with 'names: {Wxh: W_e, Whh: W_h, bh: b1, Why: U, by: b2}'"
        )
    }

    func testTheNamesMapReadsANotebookIntoTheNotesModelAndANetwork() throws {
        let names = "names: {Wax: W_e, Waa: W_h, ba: b1, Wya: U, by: b2}"
        let (notes, notesHeadlines) = try executeLesson(model(names), files: ["w.json": notebook])
        XCTAssertEqual(notesHeadlines, [])
        XCTAssertEqual(try numbers("m.forward.yhat", in: notes), expected, accuracy: 1e-15)
        // A network of one RNN layer: the single bias is bias_ih_l0, bias_hh_l0 is zero, and the outputs the same.
        let (network, networkHeadlines) = try executeLesson(
            model(names, cell: "cell: rnn\n"), files: ["w.json": notebook])
        XCTAssertEqual(networkHeadlines, [])
        XCTAssertEqual(try numbers("m.forward.yhat", in: network), expected, accuracy: 1e-15)
        XCTAssertEqual(try numbers("m.bias_ih_l0", in: network), b1)
        XCTAssertEqual(try numbers("m.bias_hh_l0", in: network), [0, 0])
        XCTAssertEqual(try numbers("m.weight_hh_l0", in: network), Wh.flatMap { $0 })
    }

    func testKerasWeightsGetTheirTransposedMapAndLoadWithIt() throws {
        let keras = json([
            "simple_rnn/simple_rnn_cell/kernel:0": transposed(We),
            "simple_rnn/simple_rnn_cell/recurrent_kernel:0": transposed(Wh),
            "simple_rnn/simple_rnn_cell/bias:0": b1, "dense/kernel:0": transposed(U), "dense/bias:0": b2,
        ])
        let map =
            #"names: {"simple_rnn/simple_rnn_cell/kernel:0": W_e.T, "simple_rnn/simple_rnn_cell/recurrent_kernel:0": W_h.T, "simple_rnn/simple_rnn_cell/bias:0": b1, "dense/kernel:0": U.T, "dense/bias:0": b2}"#
        let (_, refused) = try executeLesson(model("", cell: "cell: rnn\n"), files: ["w.json": keras])
        XCTAssertEqual(
            refused.first,
            "lesson.md:6:15: error: 'w.json' does not fit model 'm': the file has no parameter 'weight_ih_l0' (expected 2×3); the file holds Keras weights, whose kernels are stored transposed: read them with '\(map)'"
        )
        let (values, headlines) = try executeLesson(model(map, cell: "cell: rnn\n"), files: ["w.json": keras])
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try numbers("m.forward.yhat", in: values), expected, accuracy: 1e-15)
    }

    func testMistakesInTheNamesMapAndASingleBiasForAGRUAreErrors() throws {
        let (_, unknown) = try executeLesson(
            model("names: {Waxx: W_e, Waa: W_h, ba: b1, Wya: U, by: b2}"), files: ["w.json": notebook])
        XCTAssertEqual(
            unknown.first,
            "lesson.md:5:15: error: cannot read the weights in 'w.json': 'names' maps 'Waxx', which the file does not hold (did you mean 'Wax'?); it holds Waa, Wax, Wya, ba, by"
        )
        let (_, gru) = try executeLesson(
            model("names: {Wax: W_e, Waa: W_h, ba: b1, Wya: U, by: b2}", cell: "cell: gru\n"),
            files: ["w.json": notebook])
        XCTAssertEqual(
            gru.first,
            "lesson.md:6:15: error: cannot read the weights in 'w.json': a GRU has two biases that do not simply add (b_hn is multiplied by the reset gate), so one bias 'b1' cannot stand for them; the file needs bias_ih_l0 and bias_hh_l0"
        )
        XCTAssertEqual(
            try executeLesson(
                model("").replacingOccurrences(of: "weights_file: w.json\n", with: "names: {Wax: W_e}\n")
            ).headlines,
            ["lesson.md:5:1: error: 'names' renames the arrays of a 'weights_file'; give the file too"])
    }

    func testABiasMissingFromAFileIsNamedAsAVector() throws {
        let (_, headlines) = try executeLesson(
            model(""), files: ["w.json": json(["W_e": We, "W_h": Wh, "U": U, "b2": b2])])
        XCTAssertEqual(
            headlines.first,
            "lesson.md:5:15: error: 'w.json' does not fit model 'm': the file has no parameter 'b1' (expected a vector of 2)"
        )
    }
}
