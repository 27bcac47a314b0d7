import XCTest

@testable import Workbook

/// `Pipeline.run` is where the stages' order lives: it stops where asked, and never executes a lesson that an
/// earlier stage found wrong.
final class PipelineRunTests: XCTestCase {
    func run(_ text: String, through stage: Pipeline.Stage) -> Pipeline.Run {
        Pipeline.run(SourceFile(path: "Lessons/t.md", text: text), slug: "t", through: stage, options: BuildOptions())
    }

    func testEachStageRunsOnlyWhenAskedFor() {
        let lesson = helloModel + "Size {{ hello.V }}.\n"
        let parsed = run(lesson, through: .parse)
        XCTAssertNotNil(parsed.parsed)
        XCTAssertNil(parsed.plan)
        let planned = run(lesson, through: .plan)
        XCTAssertNotNil(planned.plan)
        XCTAssertNil(planned.executed)
        let executed = run(lesson, through: .execute)
        XCTAssertEqual(executed.executed?.values, ["4"])
    }

    func testAPlanningErrorStopsBeforeExecution() {
        let run = run("```rnn forwrd\nx: 1\n```\n", through: .execute)
        XCTAssertNotNil(run.plan)
        XCTAssertNil(run.executed)
        XCTAssertEqual(run.diagnostics.first?.location, SourceLocation(line: 1, column: 8))
    }

    /// The diagnostics come in the lesson's order, as a compiler's do, not in the order of the stages that found them:
    /// a parse error on line 9 came before a planning error on line 3 (seen in the fuzz corpus: lines 41, 48, 14).
    /// Two at one place keep the order found; those of another file or of no place follow, in the order found.
    func testDiagnosticsComeInTheLessonsOrder() {
        let run = run("```rnn forwrd\nx: 1\n```\n\nText.\n\nMore.\n\nSee [^nope].\n", through: .execute)
        XCTAssertEqual(
            run.diagnostics.map(\.headline),
            [
                "Lessons/t.md:1:8: error: unknown directive 'forwrd' (did you mean 'forward'?); directives are corpus, "
                    + "dataset, model, forward, loss, backward, gradcheck, check, train, sample, probability, predict, "
                    + "exercise, save, gradient-flow, ngram, plot, table, diagram, highlight",
                "Lessons/t.md:9:5: error: no footnote '[^nope]' is defined: define it on a line of its own, '[^nope]: text'",
            ])
        let file = SourceFile(path: "Lessons/t.md", text: "a\nb\nc\n")
        let found = [
            Diagnostic(.error, in: file, at: SourceLocation(line: 3, column: 1), "third"),
            Diagnostic(.warning, path: "refs.bib", "bib"),
            Diagnostic(.error, in: file, at: SourceLocation(line: 1, column: 2), "first"),
            Diagnostic(.warning, path: "Lessons/t.md", "no place"),
            Diagnostic(.warning, in: file, at: SourceLocation(line: 1, column: 2), "first again"),
            Diagnostic(.error, in: file, at: SourceLocation(line: 1, column: 1), "zeroth"),
        ]
        XCTAssertEqual(
            Pipeline.inSourceOrder(found, of: file).map(\.message),
            ["zeroth", "first", "first again", "third", "bib", "no place"])
    }
}
