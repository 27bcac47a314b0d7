import Foundation
import XCTest

@testable import Workbook

/// Messages that lead to the fix: what a refused model should be instead, suggestions from what the author meant,
/// and every mistake of a lesson in one build, even after a fence left open or a body that is not YAML.
final class LanguageMessageTests: XCTestCase {
    func testARefusedModelSaysWhatToWriteInstead() {
        XCTAssertEqual(
            headlines("```rnn model\nname: lm\ncharacters: hello\nhidden: 3\nlabels: [a, b]\n```\n"),
            [
                "Lessons/test.md:5:1: error: a language model predicts the next token, so its outputs are its vocabulary and it takes no 'labels'; for other outputs give a data set ('dataset': a tag per token or a label per sequence), or read real-valued vectors with 'input_size' and 'labels'"
            ])
        XCTAssertEqual(
            headlines("```rnn model\nname: lm\ncharacters: hello\ncell: gru\nbidirectional: true\nhidden: 3\n```\n"),
            [
                "Lessons/test.md:5:1: error: a language model predicts each token from the ones before it, so it cannot be bidirectional (its backward direction would read the token it predicts); for a network that reads a sequence both ways, make it a tagger: a tagged data set whose tags are the next tokens (h/e e/l l/l l/o) with 'dataset', or real-valued inputs ('input_size' and 'labels') given one-hot with 'inputs'"
            ])
        // What the message points to builds: a bidirectional tagger of next characters.
        let tagger = """
            ```rnn dataset
            name: next
            layout: tagged
            text: h/e e/l l/l l/o
            ```

            ```rnn model
            name: bi
            dataset: next
            cell: gru
            bidirectional: true
            hidden: 3
            ```

            ```rnn forward
            model: bi
            input: h e l l
            ```

            """
        XCTAssertEqual(headlines(tagger), [])
    }

    func testSuggestionsFollowWhatTheAuthorMeantInTheDirectivesOwnNaming() {
        let lstm = "```rnn model\nname: m\ncharacters: hello\ncell: lstm\nhidden: 3\n```\n\n"
        XCTAssertEqual(
            headlines(lstm + "```rnn forward\nmodel: m\ninput: hell\nshow: [c]\n```\n"),
            [
                "Lessons/test.md:11:8: error: 'show' takes z, h, logits, yhat, top, gates, cell; got 'c' (did you mean 'cell'?)"
            ])
        XCTAssertEqual(
            headlines(
                lstm
                    + "```rnn backward\nmodel: m\nsequence: hello\n```\n\n```rnn check\n- value: m.backward.dW_hh\n  equals: 0\n```\n"
            ),
            [
                "Lessons/test.md:14:10: error: unknown name 'm.backward.dW_hh' (did you mean 'm.backward.weight_hh_l0'?)"
            ])
        XCTAssertEqual(
            headlines(
                helloModel
                    + "```rnn backward\nmodel: hello\nsequence: hello\nshow: [dWaa]\n```\n\n```rnn gradcheck\nmodel: hello\nsequence: hello\nparameters: [Why]\n```\n"
            ),
            [
                "Lessons/test.md:11:8: error: 'hello' has no parameter 'dWaa' (did you mean 'W_h'?); it has W_e, W_h, b1, U, b2",
                "Lessons/test.md:17:14: error: 'hello' has no parameter 'Why' (did you mean 'U'?); it has W_e, W_h, b1, U, b2",
            ])
    }

    /// A directive left open swallows the next one up to its closing fence; the lesson's other mistakes (in the
    /// swallowed directive, further down, and in an inline value) show in the same build.
    func testAFenceLeftOpenDoesNotHideTheLessonsOtherMistakes() {
        let lesson = """
            ```rnn model
            name: hello
            vocabulary: [h, e, l, o]
            hidden: 3

            ```rnn forward
            model: hello
            input: hell
            shwo: [h]
            ```

            The loss is {{ hello.loss.mean + }}.

            ```rnn loss
            model: hello
            sequence: hello
            reduction: meen
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:1:1: error: unclosed directive fence: add a closing ``` before line 6, where the next directive starts",
                "Lessons/test.md:9:1: error: unknown key 'shwo' in 'forward' (did you mean 'show'?)",
                "Lessons/test.md:12:33: error: expression ends too early",
                "Lessons/test.md:17:12: error: 'reduction' must be one of mean, sum, last, got 'meen' (did you mean 'mean'?)",
            ])
    }

    func testADirectiveThatIsNotYAMLStillDefinesItsNameForTheOnesBelow() {
        let lesson = """
            ```rnn model
            name: hello
            vocabulary: [h, e, l, o
            hidden: 3
            ```

            ```rnn forward
            model: hello
            input: hell
            top: 0
            ```

            """
        XCTAssertEqual(
            headlines(lesson),
            [
                "Lessons/test.md:4:7: error: invalid YAML in directive: did not find expected ',' or ']'",
                "Lessons/test.md:10:6: error: 'top' must be between 1 and 100, got 0",
            ])
    }

    func testAFenceLineInsideALongerFenceIsNotCut() {
        let lesson = [
            "````swift run", "print(\"\"\"", "```rnn model", "\"\"\")", "````", "",
        ].joined(separator: "\n")
        XCTAssertEqual(
            headlines(lesson), ["Lessons/test.md:1:5: error: Swift cells are not enabled in this build"],
            "no unclosed fence: a ``` line does not close a ```` block")
    }

    /// A YAML mistake says where it is (the front matter's said "in directive", as the course file's and an answer
    /// file's did), and a value holding ': ' is told to be quoted (a new user's trial: libyaml's words alone).
    func testYAMLMistakesSayWhereTheyAreAndHowToQuote() throws {
        XCTAssertEqual(
            headlines("---\ntitle: A\nsubtitle: One step: then many\n---\n# A\n"),
            [
                "Lessons/test.md:3:19: error: invalid YAML in the front matter: mapping values are not allowed in this context; a value holding ': ' must be quoted (title: \"One step: then many\")"
            ])
        XCTAssertEqual(
            headlines("```rnn model\nname: m\nvocabulary: [a, b\nhidden: 2\n```\n").first,
            "Lessons/test.md:4:7: error: invalid YAML in directive: did not find expected ',' or ']'")
        let course = try TemporaryCourse("yaml-course", files: ["workbook.yml": "title: T\n  roster: r.csv\n"])
        defer { course.remove() }
        let read = CourseFile.read(course.root + "/workbook.yml")
        XCTAssertEqual(
            read.1.map { $0.headline.replacingOccurrences(of: course.root + "/", with: "") },
            [
                "workbook.yml:2:9: error: invalid YAML in the course file: mapping values are not allowed in this context; a value holding ': ' must be quoted (title: \"One step: then many\")"
            ])
    }
}
