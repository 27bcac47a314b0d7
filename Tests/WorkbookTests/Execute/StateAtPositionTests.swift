import Foundation
import XCTest

@testable import Workbook

/// A value on the page is the value at that point of the lesson: inline values are evaluated where they stand,
/// between the directives above and below them.
final class StateAtPositionTests: XCTestCase {
    let word = helloOnWordCorpus

    let training = helloTraining

    /// The markers `[[…]]` around each inline value's text in the Markdown handout.
    func shown(_ product: LessonProduct) -> [String] {
        let markdown = product.markdown ?? ""
        var found: [String] = []
        var rest = markdown[...]
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    func testAnInlineValueAboveATrainShowsTheUntrainedWeight() throws {
        let value = "[[{{ hello.W_h[1, 1] | .12f }}]]\n\n"
        // The untrained weight, from a lesson that never trains.
        let untrained = buildLesson(word + value)
        XCTAssertEqual(untrained.diagnostics.map(\.headline), [])
        let before = try XCTUnwrap(shown(untrained).first)
        let trainedOnly = buildLesson(word + training + value)
        let after = try XCTUnwrap(shown(trainedOnly).first)
        XCTAssertNotEqual(before, after, "50 updates change W_h[1, 1]")

        let both = buildLesson(word + value + training + value)
        XCTAssertEqual(both.diagnostics.map(\.headline), [])
        XCTAssertEqual(shown(both), [before, after])
    }

    func testAnInlineValueAndACheckAtTheSamePlaceSeeTheSameState() throws {
        let untrained = try XCTUnwrap(shown(buildLesson(word + "[[{{ hello.W_h[2, 3] | .17g }}]]\n")).first)
        let lesson =
            word + """
                [[{{ hello.W_h[2, 3] | .17g }}]]

                ```rnn check
                - label: the weight before training
                  value: hello.W_h[2, 3]
                  equals: \(untrained)
                  rtol: 0
                  atol: 0
                ```

                """ + training
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertEqual(shown(product), [untrained])
    }

    func testAValueReadBeforeItsDirectiveSaysItIsDefinedBelow() {
        let lesson =
            word + """
                The loss is {{ l.mean }}.

                ```rnn loss
                model: hello
                sequence: hello
                id: l
                ```

                """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:15:16: error: 'l' is defined below, at line 20; a value shows the lesson's state where it stands, so move this below that line"
            ])
    }
}
