import Foundation
import XCTest

@testable import Workbook

/// Real-valued inputs (`input_size`, `labels`, `inputs:`) and `backward` with `dh:` in lessons, against a hand
/// derivation on a network of one unit reading one number: h(t) = tanh(a x(t) + w h(t-1)), biases zero.
final class VectorInputLessonTests: XCTestCase {
    var folder: URL!
    let (a, w, u1, u2) = (0.7, -0.4, 1.5, -0.5)
    let (x1, x2) = (0.9, -1.3)
    let (g1, g2) = (0.25, -2.0)

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let weights = """
            {"weight_ih_l0": [[\(a)]], "weight_hh_l0": [[\(w)]], "bias_ih_l0": [0], "bias_hh_l0": [0],
             "U": [[\(u1)], [\(u2)]], "b2": [0, 0], "x": [[\(x1)], [\(x2)]]}
            """
        try Data(weights.utf8).write(to: folder.appendingPathComponent("weights.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func run(_ body: String, shape: String = "many-to-many") throws -> (
        NetworkGradientDirectiveTests.ExecutedValues, [String]
    ) {
        let lesson = """
            ```rnn model
            name: m
            cell: rnn
            shape: \(shape)
            input_size: 1
            hidden: 1
            labels: [yes, no]
            weights_file: weights.json
            ```

            """ + body
        let path = folder.appendingPathComponent("lesson.md")
        try Data(lesson.utf8).write(to: path)
        let (namespace, headlines) = try executeLesson(at: path)
        return (NetworkGradientDirectiveTests.ExecutedValues(namespace: namespace), headlines)
    }

    func testBackwardFromAGivenUpstreamGradientIsTheHandDerivation() throws {
        let (values, headlines) = try run(
            """
            ```rnn backward
            model: m
            inputs: [[\(x1)], [\(x2)]]
            dh: [[\(g1)], [\(g2)]]
            ```

            ```rnn backward
            model: m
            id: fromfile
            inputs: {file: weights.json, array: x}
            dh: m.backward.dh * 0 + [[\(g1)], [\(g2)]]
            ```

            """)
        XCTAssertEqual(headlines, [])
        let h1 = tanh(a * x1)
        let h2 = tanh(a * x2 + w * h1)
        let delta2 = g2 * (1 - h2 * h2)
        let dh1 = g1 + w * delta2
        let delta1 = dh1 * (1 - h1 * h1)
        for id in ["m.backward", "fromfile"] {
            XCTAssertEqual(try values.numbers("\(id).weight_ih_l0"), [delta1 * x1 + delta2 * x2], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).weight_hh_l0"), [delta2 * h1], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).bias_hh_l0"), [delta1 + delta2], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).dx"), [a * delta1, a * delta2], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).dh"), [dh1, g2], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).dh0"), [w * delta1], accuracy: 1e-15)
            XCTAssertEqual(try values.numbers("\(id).U"), [0, 0])
        }
    }

    func testAClassifierOfRealVectorsHasTheHandComputedLossAndGradient() throws {
        let (values, headlines) = try run(
            """
            ```rnn forward
            model: m
            inputs: [[\(x1)], [\(x2)]]
            ```

            ```rnn backward
            model: m
            inputs: m.forward.x
            target: no
            ```

            ```rnn gradcheck
            model: m
            inputs: m.forward.x
            target: no
            ```

            """, shape: "many-to-one")
        XCTAssertEqual(headlines, [])
        let h1 = tanh(a * x1)
        let h2 = tanh(a * x2 + w * h1)
        let (z1, z2) = (u1 * h2, u2 * h2)
        let p2 = exp(z2) / (exp(z1) + exp(z2))
        XCTAssertEqual(try values.numbers("m.forward.yhat"), [1 - p2, p2], accuracy: 1e-15)
        XCTAssertEqual(try values.numbers("m.backward.loss"), [-log(p2)], accuracy: 1e-15)
        // ∂J/∂z = ŷ − onehot(no); ∂J/∂h(2) = Uᵀ(ŷ − y).
        let dh2 = u1 * (1 - p2) + u2 * (p2 - 1)
        let delta2 = dh2 * (1 - h2 * h2)
        XCTAssertEqual(try values.numbers("m.backward.U"), [(1 - p2) * h2, (p2 - 1) * h2], accuracy: 1e-15)
        XCTAssertEqual(try values.numbers("m.backward.weight_hh_l0"), [delta2 * h1], accuracy: 1e-15)
        XCTAssertEqual(try values.numbers("m.backward.dx").last!, a * delta2, accuracy: 1e-15)
    }

    func testMistakesWithVectorsAreDiagnosed() throws {
        let cases: [(String, String)] = [
            (
                "```rnn forward\nmodel: m\ninput: a b\n```\n",
                "lesson.md:12:8: error: 'm' reads real-valued vectors of 1 numbers: give 'inputs', a T×1 matrix (rows x(t)), instead of tokens"
            ),
            (
                "```rnn forward\nmodel: m\ninputs: [[1, 2]]\n```\n",
                "lesson.md:12:9: error: x(1) has 2 numbers but 'm' has input_size 1"
            ),
            (
                "```rnn forward\nmodel: m\ninputs: [[1], [2, 3]]\n```\n",
                "lesson.md:12:15: error: row 2 of 'inputs' has 2 numbers but row 1 has 1"
            ),
            (
                "```rnn loss\nmodel: m\ninputs: [[1], [2]]\ntarget: [yes]\n```\n",
                "lesson.md:13:9: error: 'target' has 1 labels but 'inputs' has 2 steps; they need one per step"
            ),
            (
                "```rnn backward\nmodel: m\ninputs: [[1], [2]]\ndh: [[1]]\n```\n",
                "lesson.md:13:5: error: 'dh' has 1 rows but the input has 2 steps; give ∂L/∂h(t) for each"
            ),
            (
                "```rnn backward\nmodel: m\ninputs: [[1], [2]]\ndh: [[1], [2]]\ntarget: [yes, no]\n```\n",
                "lesson.md:14:1: error: 'dh' gives the gradient ∂L/∂h(t) itself, so there is no loss over targets: leave out 'target'"
            ),
            (
                "```rnn forward\nmodel: m\ninputs: {file: weights.json, array: xs}\n```\n",
                "lesson.md:12:9: error: 'weights.json' has no array 'xs' (did you mean 'x'?); it has U, b2, bias_hh_l0, bias_ih_l0, weight_hh_l0, weight_ih_l0, x"
            ),
            (
                "```rnn forward\nmodel: m\ninputs: [[1], [2]]\ninput: a\n```\n",
                "lesson.md:13:1: error: give either 'inputs' (real-valued vectors) or 'input' (tokens), not both"
            ),
        ]
        for (body, expected) in cases {
            let (_, headlines) = try run(body)
            XCTAssertEqual(headlines.map { String($0[$0.range(of: "lesson.md")!.lowerBound...]) }, [expected], body)
        }
    }

    func testAModelOfVectorsNeedsLabelsAndNoVocabulary() {
        let lesson = """
            ```rnn model
            name: m
            input_size: 3
            hidden: 2
            vocabulary: [a, b]
            ```

            ```rnn model
            name: n
            input_size: 3
            hidden: 2
            shape: language-model
            labels: [a]
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:3:1: error: a model with 'input_size' needs 'labels', its K output classes (e.g. labels: [neg, pos])",
                "Lessons/test.md:5:1: error: a model with 'input_size' reads real-valued vectors, not tokens: give its outputs as 'labels' instead of 'vocabulary'",
                "Lessons/test.md:12:1: error: real-valued inputs are for many-to-many and many-to-one models",
            ])
    }
}
