import Foundation
import RNN
import XCTest

@testable import Workbook

/// deeplearning.ai's "RNN step by step" with directives alone: the notebook's arrays in one `.npz` (x is
/// n_x × m × T_x, a0 is n_a × m, da is n_a × m × T_x), its names read with `names:`, each example picked with
/// `example:` and `axes:`. Against `Reference/make_step_by_step_reference.py` (numpy, float64, the notebook's own
/// functions), whose printed values are the notebook's expected outputs.
final class StepByStepTests: XCTestCase {
    struct Reference: Decodable {
        struct Array: Decodable {
            let shape: [Int]
            let values: [Double]
        }
        struct Example: Decodable {
            let a: [[Double]]
            let y_pred: [[Double]]
            let dx: [[Double]]
            let da0: [Double]
            let dWax: [[Double]]
            let dWaa: [[Double]]
            let dba: [Double]
        }
        struct Case: Decodable {
            let arrays: [String: Array]
            let printed: [String: [Double]]
            let examples: [Example]
        }
        let cases: [String: Case]
    }

    func reference(_ name: String) throws -> Reference.Case {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("RNNTests/Reference/step_by_step_reference.json")
        let found = try XCTUnwrap(try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).cases[name])
        XCTAssertEqual(found.examples.count, 10, "the notebook's batch has ten examples")
        return found
    }

    /// The case's arrays as the notebook saves them (`np.savez`).
    func archive(_ c: Reference.Case) -> Data {
        Data(NumpyArchive.write(c.arrays.mapValues { NumpyArchive.Array(shape: $0.shape, values: $0.values) }))
    }

    let model = """
        ```rnn model
        name: step
        cell: rnn
        input_size: 3
        hidden: 5
        labels: [y1, y2]
        weights_file: step.npz
        names: {Wax: W_e, Waa: W_h, ba: b1, Wya: U, by: b2}
        ```

        """

    func example(_ i: Int, _ directive: String, extra: String = "") -> String {
        """
        ```rnn \(directive)
        model: step
        id: e\(i)
        inputs: {file: step.npz, array: x, example: \(i), axes: [n, m, T]}
        h0: {file: step.npz, array: a0, example: \(i), axes: [n, m]}
        \(extra)```

        """
    }

    func testRNNForwardGivesEveryExamplesStatesAndOutputs() throws {
        let c = try reference("rnn_forward")
        let lesson = model + (1...10).map { example($0, "forward") }.joined()
        let (values, headlines) = try executeLesson(lesson, files: ["step.npz": archive(c)])
        XCTAssertEqual(headlines, [])
        for (i, e) in c.examples.enumerated() {
            XCTAssertEqual(try numbers("e\(i + 1).h", in: values), e.a.flatMap { $0 }, accuracy: 1e-14)
            XCTAssertEqual(try numbers("e\(i + 1).yhat", in: values), e.y_pred.flatMap { $0 }, accuracy: 1e-14)
        }
        // The notebook prints a[4][1] (unit 5 of example 2 at every step) and y_pred[1][3] (class 2, example 4).
        XCTAssertEqual(try numbers("e2.h[:, 5]", in: values), c.printed["a[4][1]"]!, accuracy: 1e-14)
        XCTAssertEqual(
            try numbers("e2.h[:, 5]", in: values), [-0.99999375, 0.77911235, -0.99861469, -0.99833267], accuracy: 5e-9)
        XCTAssertEqual(try numbers("e4.yhat[:, 2]", in: values), c.printed["y_pred[1][3]"]!, accuracy: 1e-14)
    }

    func testRNNBackwardFromTheNotebooksUpstreamGradientSumsToItsGradients() throws {
        let c = try reference("rnn_backward")
        let upstream = "dh: {file: step.npz, array: da, example: \(0), axes: [n, m, T]}\n"
        let lesson =
            model
            + (1...10).map {
                example($0, "backward", extra: upstream.replacingOccurrences(of: "example: 0", with: "example: \($0)"))
            }.joined()
        let (values, headlines) = try executeLesson(lesson, files: ["step.npz": archive(c)])
        XCTAssertEqual(headlines, [])
        var dWax = [Double](repeating: 0, count: 15)
        var dWaa = [Double](repeating: 0, count: 25)
        var dba = [Double](repeating: 0, count: 5)
        for (i, e) in c.examples.enumerated() {
            let id = "e\(i + 1)"
            XCTAssertEqual(try numbers("\(id).dx", in: values), e.dx.flatMap { $0 }, accuracy: 1e-13)
            XCTAssertEqual(try numbers("\(id).dh0", in: values), e.da0, accuracy: 1e-13)
            let wax = try numbers("\(id).weight_ih_l0", in: values)
            XCTAssertEqual(wax, e.dWax.flatMap { $0 }, accuracy: 1e-13)
            XCTAssertEqual(try numbers("\(id).weight_hh_l0", in: values), e.dWaa.flatMap { $0 }, accuracy: 1e-13)
            XCTAssertEqual(try numbers("\(id).bias_ih_l0", in: values), e.dba, accuracy: 1e-13)
            XCTAssertEqual(try numbers("\(id).bias_hh_l0", in: values), e.dba, accuracy: 1e-13)
            dWax = zip(dWax, wax).map(+)
            dWaa = zip(dWaa, try numbers("\(id).weight_hh_l0", in: values)).map(+)
            dba = zip(dba, try numbers("\(id).bias_ih_l0", in: values)).map(+)
        }
        // The notebook's gradients are sums over its batch: dWax[3][1] = 11.2641044965, dWaa[1][2] = 2.30333312658,
        // dba[4] = -0.74747722; dx[1][2] and da0[2][3] are example 3's.
        XCTAssertEqual(dWax[3 * 3 + 1], 11.2641044965, accuracy: 1e-9)
        XCTAssertEqual(dWaa[1 * 5 + 2], 2.30333312658, accuracy: 1e-9)
        XCTAssertEqual(dba[4], -0.74747722, accuracy: 1e-8)
        XCTAssertEqual(dWax[3 * 3 + 1], c.printed["dWax[3][1]"]![0], accuracy: 1e-12)
        XCTAssertEqual(
            try numbers("e3.dx[:, 2]", in: values), [-2.07101689, -0.59255627, 0.02466855, 0.01483317], accuracy: 5e-9)
        XCTAssertEqual(try numbers("e4.dh0[3]", in: values), [-0.314942375127], accuracy: 1e-11)
    }

    func testABatchArrayNeedsItsAxesAndAnExampleInRange() throws {
        let c = try reference("rnn_forward")
        let files = ["step.npz": archive(c)]
        let run = { (inputs: String) in
            try executeLesson(self.model + "```rnn forward\nmodel: step\ninputs: \(inputs)\n```\n", files: files)
                .headlines
        }
        XCTAssertEqual(
            try run("{file: step.npz, array: x}"),
            [
                "lesson.md:12:9: error: array 'x' of 'step.npz' is 3×10×4: say what each axis is with 'axes', e.g. axes: [n, m, T] (deeplearning.ai: features, examples, steps), [T, m, n] (PyTorch) or [m, T, n] (batch_first), and pick an example with 'example'"
            ])
        XCTAssertEqual(
            try run("{file: step.npz, array: x, example: 11, axes: [n, m, T]}"),
            ["lesson.md:12:9: error: 'example' 11 is out of range: array 'x' of 'step.npz' holds 10 examples on axis m"]
        )
        XCTAssertEqual(
            try run("{file: step.npz, array: x, example: 1, axes: [n, m]}"),
            ["lesson.md:12:9: error: 'axes' names 2 axes but array 'x' of 'step.npz' is 3×10×4"])
        XCTAssertEqual(
            try run("{file: step.npz, array: x, example: 1, axes: [n, T]}"),
            ["lesson.md:12:54: error: 'example' picks one on axis m: add m to 'axes'"])
        XCTAssertEqual(
            try run("{file: step.npz, array: x, axes: [n, m, T]}"),
            ["lesson.md:12:42: error: axis m holds examples: pick one with 'example'"])
        XCTAssertEqual(
            try run("{file: step.npz, array: x, example: 1, axes: [n, m, t]}"),
            [
                "lesson.md:12:54: error: 'axes' names each axis of the array once, with n (the numbers of one row), m (the examples) and T (the steps), e.g. [n, m, T]"
            ])
    }

    func testAnInitialStateFromAnExpressionIsTheSameAsWrittenOut() throws {
        let c = try reference("rnn_forward")
        let a0 = c.arrays["a0"]!
        let column = (0..<5).map { a0.values[$0 * 10] }
        let lesson =
            model + example(1, "forward")
                + """
                ```rnn forward
                model: step
                id: written
                inputs: {file: step.npz, array: x, example: 1, axes: [n, m, T]}
                h0: [\(column.map { "\($0)" }.joined(separator: ", "))]
                ```

                ```rnn forward
                model: step
                id: continued
                inputs: {file: step.npz, array: x, example: 1, axes: [n, m, T]}
                h0: e1.h[4]
                ```

                """
        let (values, headlines) = try executeLesson(lesson, files: ["step.npz": archive(c)])
        XCTAssertEqual(headlines, [])
        XCTAssertEqual(try numbers("written.h", in: values), try numbers("e1.h", in: values), accuracy: 0)
        XCTAssertEqual(try numbers("continued.h0", in: values), try numbers("e1.h[4]", in: values), accuracy: 0)
    }
}
