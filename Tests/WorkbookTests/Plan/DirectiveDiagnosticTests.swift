import XCTest

@testable import Workbook

/// Mistakes in directives are reported at their exact line and column, with "did you mean".
final class DirectiveDiagnosticTests: XCTestCase {
    func testUnknownKeySuggestsTheNearestKnownOne() {
        let lesson =
            helloModel + """
                ```rnn loss
                model: hello
                input: hell
                targt: ello
                ```

                """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:8:8: error: missing key 'target' in 'loss' (or use 'sequence' for teacher forcing)",
                "Lessons/test.md:11:1: error: unknown key 'targt' in 'loss' (did you mean 'target'?)",
            ])
    }

    func testUnknownDirectiveSuggestsTheNearestKnownOne() {
        XCTAssertEqual(
            headlines(helloModel + "```rnn forwrd\nmodel: hello\ninput: he\n```\n"),
            [
                "Lessons/test.md:8:8: error: unknown directive 'forwrd' (did you mean 'forward'?); directives are corpus, dataset, model, forward, loss, backward, gradcheck, check, train, sample, probability, predict, exercise, save, gradient-flow, ngram, plot, table, diagram, highlight"
            ])
    }

    func testWrongTypesAndRangesPointAtTheValue() {
        let lesson = """
            ```rnn model
            name: m
            vocabulary: [a, b]
            hidden: three
            activation: tanhh
            seed: -1
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:4:9: error: 'hidden' must be a whole number, got 'three'",
                "Lessons/test.md:5:13: error: 'activation' must be one of tanh, sigmoid, relu, got 'tanhh' (did you mean 'tanh'?)",
                "Lessons/test.md:6:7: error: 'seed' must be between 0 and 4294967295, got -1",
            ])
    }

    func testAbsurdSizesNameTheLimit() {
        let lesson = "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 1000000000\n```\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:4:9: error: 'hidden' must be between 1 and 4096, got 1000000000 (the limit maxHidden is 4096)"
            ])
    }

    func testAModelMustBeDefinedAboveItsUse() {
        let lesson = "```rnn forward\nmodel: hello\ninput: he\n```\n\n" + helloModel
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:2:8: error: no model named 'hello' is defined above this directive",
                "Lessons/test.md:6:8: note: model 'hello' is defined here, below a directive that uses it; a directive sees only the models defined above it, so move this one up",
            ])
    }

    func testALineIndentedOtherwiseThanItsMappingOrListSaysWhereTheyStart() {
        let fence = { (kind: String, body: String) in "```rnn \(kind)\n" + body + "```\n" }
        let deeper =
            "name: m\nvocabulary: [a, b]\nhidden: 2\ninit: explicit\nweights:\n  W_h: [[1, 0], [0, 1]]\n   b1: [0, 0]\n"
        let mapping = "the keys of the mapping that starts at line"
        XCTAssertEqual(
            headlines(fence("model", deeper)),
            [
                "Lessons/test.md:8:4: error: invalid YAML in directive: this line is indented to column 4, but \(mapping) 7 are at column 3; indent it as they are (or the line above it, if that one is off)"
            ])
        // `b1` left at column 1 ends `weights`, so the next line, at column 3, is where libyaml stops.
        XCTAssertEqual(
            headlines(fence("model", "name: m\nweights:\n  W_h: [[1]]\nb1: [0]\n  U: [[1]]\n")),
            [
                "Lessons/test.md:6:3: error: invalid YAML in directive: this line is indented to column 3, but \(mapping) 2 are at column 1; indent it as they are (or the line above it, if that one is off)"
            ])
        let item = "indent it under the item above to continue that item, or start a new item with '- '"
        XCTAssertEqual(
            headlines(fence("model", "name: m\nshow:\n  - name: x\n    value: 1\n  - name: y\n  value: 2\n")),
            [
                "Lessons/test.md:7:3: error: invalid YAML in directive: this line is at column 3, where the items of the list that starts at line 4 begin, but does not start with '- '; \(item)"
            ])
        XCTAssertEqual(
            headlines(fence("check", "- value: 1\n  equals: 1\n label: x\n")),
            [
                "Lessons/test.md:4:2: error: invalid YAML in directive: this line is indented to column 2, but the items of the list that starts at line 2 begin at column 1; \(item)"
            ])
    }

    func testAModelNameOrResultNameCannotBeUsedTwice() {
        let forward = "```rnn forward\nmodel: hello\ninput: he\n```\n"
        let lesson = helloModel + "\n" + helloModel + "\n" + forward + "\n" + forward
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:10:7: error: a model named 'hello' is already defined at line 1",
                "Lessons/test.md:22:8: error: the name 'hello.forward' is already used by the directive at line 17; give this one another with 'id:'",
            ])
    }

    func testInvalidYAMLIsReportedInsideTheBlock() {
        let lesson = "Intro.\n\n```rnn model\nname: m\nvocabulary: [a, b\nhidden: 2\n```\n"
        let found = headlines(lesson)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("Lessons/test.md:6:"), found[0])
        XCTAssertTrue(found[0].contains("error: invalid YAML in directive"), found[0])
    }

    func testUnclosedFenceIsAnError() {
        XCTAssertEqual(
            headlines("Text.\n\n```rnn model\nname: m\n"),
            [
                "Lessons/test.md:3:1: error: unclosed directive fence: add a closing ```"
            ])
    }

    func testExplicitWeightsOfTheWrongShapeNameTheParameterAndBothShapes() {
        let lesson =
            "```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\nweights:\n  W_h: [[1, 2, 3], [4, 5, 6]]\n  W_x: [1]\n```\n"
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:6:8: error: 'W_h' must be 2×2, got 2×3",
                "Lessons/test.md:7:3: error: this model has no parameter 'W_x' (did you mean 'W_e'?); it has W_e, W_h, b1, U, b2",
            ])
    }

    func testTokensOutsideTheVocabularyAreReportedAtTheInput() {
        XCTAssertEqual(
            headlines(helloModel + "```rnn forward\nmodel: hello\ninput: help\n```\n"),
            [
                "Lessons/test.md:10:8: error: token 'p' is not in the vocabulary of 'hello' (h e l o), which has no <UNK>; to read unknown tokens as <UNK>, define the model from a corpus with 'unk: true' (or 'min_count')"
            ])
    }

    func testTheCaretSitsUnderTheColumn() {
        let product = buildLesson(helloModel + "```rnn loss\nmodel: hello\nsequence: hello\nreduce: sum\n```\n")
        XCTAssertEqual(
            product.diagnostics.map(\.formatted),
            [
                """
                Lessons/test.md:11:1: error: unknown key 'reduce' in 'loss' (did you mean 'reduction'?)
                 11 | reduce: sum
                    | ^
                """
            ])
    }
}
