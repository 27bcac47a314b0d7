import Foundation
import XCTest

@testable import Workbook

/// One build reports every independent problem: a directive that fails is reported once, what uses its results
/// is skipped with a note, and everything else still runs (failed checks included).
final class ExecutorSkipTests: XCTestCase {
    func testIndependentFailuresAreAllReportedAndDependentsSkippedWithANote() {
        let lesson = """
            ```rnn model
            name: a
            vocabulary: [x, y]
            hidden: 2
            seed: 1
            weights_file: missing.npz
            ```

            ```rnn model
            name: b
            vocabulary: [x, y]
            hidden: 2
            seed: 1
            ```

            ```rnn loss
            model: a
            sequence: xyx
            ```

            The loss of a is {{ a.loss.mean }}.

            ```rnn loss
            model: b
            sequence: xyx
            ```

            ```rnn check
            - label: b's loss is zero
              value: b.loss.mean
              equals: 0
            ```

            ```rnn check
            - label: a's loss is positive
              value: a.loss.mean > 0
              equals: 1
            ```

            ```rnn forward
            model: b
            input: xz
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:6:15: error: cannot read 'missing.npz': there is no such file beside the lesson",
                "Lessons/test.md:16:8: note: skipped: this directive uses 'a', which the directive at line 1 could not make",
                "Lessons/test.md:30:10: error: check failed: b's loss is zero",
                "Lessons/test.md:34:8: note: skipped: this directive uses 'a', which the directive at line 1 could not make",
                "Lessons/test.md:42:8: error: token 'z' is not in the vocabulary of 'b' (x y), which has no <UNK>; to read unknown tokens as <UNK>, define the model from a corpus with 'unk: true' (or 'min_count')",
            ])
    }

    /// A failed `forward` leaves its model as it was, so later directives on the model still run; a failed
    /// `train` leaves the model in doubt, so they are skipped.
    func testOnlyADirectiveThatChangesAModelMakesItsUsersSkip() {
        let model = "```rnn model\nname: b\nvocabulary: [x, y]\nhidden: 2\nseed: 1\n```\n\n"
        let forward = "```rnn forward\nmodel: b\ninput: xz\n```\n\n"
        let loss = "```rnn loss\nmodel: b\nsequence: xyx\n```\n\n"
        let afterForward = headlines(model + forward + loss)
        XCTAssertEqual(afterForward.count, 1, "\(afterForward)")
        XCTAssertTrue(afterForward[0].hasPrefix("Lessons/test.md:10:8: error: token 'z' is not in the vocabulary"))
        let train =
            "```rnn corpus\nname: c\nsentences: [x y]\n```\n\n```rnn train\nmodel: b\ncorpus: c\nsteps: 2\n```\n\n"
        XCTAssertEqual(
            headlines(model + train + loss),
            [
                "Lessons/test.md:13:8: error: model 'b' has a different vocabulary from corpus 'c'; define the model with 'corpus: c'",
                "Lessons/test.md:19:8: note: skipped: this directive uses 'b', which the directive at line 13 could not make",
            ])
    }

    /// What a directive reads is what it declares when planned (its model, the names its expressions and inline
    /// values start with), not any word of its text: a check whose label mentions the failed model still runs,
    /// while a table column, a plot series and an exercise's question that read it are skipped.
    func testDirectivesAreSkippedByTheNamesTheyRead() {
        let lesson = """
            ```rnn model
            name: a
            vocabulary: [x, y]
            hidden: 2
            seed: 1
            weights_file: missing.npz
            ```

            ```rnn model
            name: b
            vocabulary: [x, y]
            hidden: 2
            seed: 1
            ```

            ```rnn loss
            model: b
            sequence: xyx
            ```

            ```rnn check
            - label: unlike a, model b is untrained, so its loss is not zero
              value: b.loss.mean
              equals: 0
            ```

            ```rnn table
            columns:
              J: a.loss.J
            ```

            ```rnn plot
            series:
              loss of b: b.loss.J
              weights of a: sum(a.W_h, 1)
            ```

            ```rnn exercise
            id: e1
            question: What is {{ a.W_h[1, 1] }}?
            answers:
              - name: w
                value: b.W_h[1, 1]
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:6:15: error: cannot read 'missing.npz': there is no such file beside the lesson",
                "Lessons/test.md:23:10: error: check failed: unlike a, model b is untrained, so its loss is not zero",
                "Lessons/test.md:27:8: note: skipped: this directive uses 'a', which the directive at line 1 could not make",
                "Lessons/test.md:32:8: note: skipped: this directive uses 'a', which the directive at line 1 could not make",
                "Lessons/test.md:38:8: note: skipped: this directive uses 'a', which the directive at line 1 could not make",
            ])
    }

    /// The names an expression reads, in the order they stand (what a directive declares from it).
    func testAnExpressionsNamesAreThePathsItReads() throws {
        let expression = try ExpressionParser.parse("norm(m.backward.dW[1, :]) / (a.b + m.loss.J[n.i]) + [q, 2]")
        XCTAssertEqual(expression.names, ["m.backward.dW", "a.b", "m.loss.J", "n.i", "q"])
        XCTAssertEqual(try ExpressionParser.parse("2 * 3 + \"text\"").names, [])
    }

    /// A plot's series are expressions, checked before anything runs.
    func testAPlotSeriesSyntaxErrorIsFoundWhenPlanning() {
        let lesson = helloModel + "\n```rnn plot\nseries:\n  loss: hello.W_h[1,\n```\n"
        XCTAssertEqual(headlines(lesson).count, 1)
        XCTAssertTrue(headlines(lesson)[0].contains("error:"), "\(headlines(lesson))")
    }
}
