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
}
