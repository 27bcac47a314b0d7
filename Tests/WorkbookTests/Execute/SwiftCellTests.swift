import Foundation
import XCTest

@testable import Workbook

/// Swift cells compile against the engine, run as one program in order, and report errors at the lesson.
final class SwiftCellTests: XCTestCase {
    /// One environment for the test run: the engine is compiled once, as in a build.
    static var environment: SwiftCellEnvironment { testRunSwiftCells }

    /// The lesson folders this test wrote, removed after it.
    var folders: [URL] = []

    override func tearDown() {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func build(
        _ lessons: [(String, String)], seconds: Double = 60, outputMB: Int = 64, in name: String = UUID().uuidString
    ) throws -> CourseBuild {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cells-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        for (name, text) in lessons { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        var options = BuildOptions()
        options.katexDirectory = nil
        options.swiftCells = Self.environment
        options.limits.maxSecondsPerDirective = seconds
        options.limits.maxCellMemoryMB = 1024
        options.limits.maxCellOutputMB = outputMB
        return CourseBuilder.build(inputs: [folder.path], options: options)
    }

    func text(_ build: CourseBuild, _ file: String) -> String {
        build.files[file].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    func headlines(_ build: CourseBuild) -> [String] {
        build.diagnostics.map { d in
            let position = d.location.map { "\($0.line):\($0.column): " } ?? ""
            return "\((d.path as NSString).lastPathComponent):\(position)\(d.severity.rawValue): \(d.message)"
        }
    }

    func testCellsShareOneProgramReadModelsAndExportValues() throws {
        let lesson =
            helloModel + """

                ```swift setup
                func square(_ x: Double) -> Double { x * x }
                ```

                ```swift run
                let m = Workbook.model("hello")
                let total = m.parameters["W_h"]!.values.map(square).reduce(0, +)
                print("sum of squares:", total > 0)
                Workbook.export("frobenius", total.squareRoot())
                ```

                Norm {{ swift.frobenius | .6f }}.

                ```swift run
                print("still there:", m.hiddenSize)
                ```

                ```rnn check
                - value: swift.frobenius
                  equals: norm(hello.W_h)
                  rtol: 1e-14
                ```

                """
        let result = try build([("cells.md", lesson)])
        XCTAssertEqual(headlines(result), [])
        let markdown = text(result, "cells.md")
        XCTAssertFalse(markdown.contains("func square"), "a setup cell is not shown")
        XCTAssertTrue(markdown.contains("```swift\nlet m = Workbook.model(\"hello\")"), markdown)
        XCTAssertTrue(markdown.contains("```text\nsum of squares: true\n```"), markdown)
        XCTAssertTrue(
            markdown.contains("```text\nstill there: 3\n```"), "a later cell sees an earlier cell's variables")
        XCTAssertTrue(
            text(result, "cells.html").contains(
                "<pre class=\"wb-cell\"><code class=\"language-swift\">let m = Workbook.model(&quot;hello&quot;)"))
    }

    func testAnInlineValueShowsTheExportOfTheCellsAboveIt() throws {
        let lesson =
            helloModel + """
                ```swift run
                Workbook.export("x", 1.5)
                ```

                first [[{{ swift.x }}]]

                ```swift run
                Workbook.export("x", 2.5)
                ```

                second [[{{ swift.x }}]]

                """
        let result = try build([("exports.md", lesson)])
        XCTAssertEqual(headlines(result), [])
        let markdown = text(result, "exports.md")
        XCTAssertTrue(markdown.contains("first [[1.5000]]"), markdown)
        XCTAssertTrue(markdown.contains("second [[2.5000]]"), markdown)
    }

    func testACellReadsANetworkAndItsGradientsAsTheDirectivesComputeThem() throws {
        let lesson = """
            ```rnn model
            name: d
            characters: abc
            cell: lstm
            layers: 2
            hidden: 3
            seed: 4
            ```

            ```rnn backward
            model: d
            sequence: abcab
            ```

            ```swift run
            let d = Workbook.model("d")
            let source = "abca".map { d.vocabulary.index(of: String($0))! }
            let target = "bcab".map { d.vocabulary.index(of: String($0))! }
            let pass = d.pass(source: source, target: target, initial: nil)
            let g = d.backward(pass, target: target, stepWeights: [0.25, 0.25, 0.25, 0.25], recordContributions: false)
            let dW = g.parameters["weight_hh_l1"]!
            Workbook.export("dW", (0..<dW.rows).map { dW.row($0) })
            let W = d.parameters["weight_ih_l0"]!
            let P = W * W.transposed
            Workbook.export("product", (0..<P.rows).map { P.row($0) })
            Workbook.export("kind", String(describing: type(of: d)))
            ```

            ```rnn check
            - label: the cell's gradient is the directive's
              value: swift.dW
              equals: d.backward.weight_hh_l1
              rtol: 0
              atol: 0
            - label: the engine's W Wᵀ is the expression's
              value: swift.product
              equals: d.weight_ih_l0 @ transpose(d.weight_ih_l0)
              rtol: 1e-13
            - value: swift.kind
              equals: "SequenceModel"
            ```

            """
        let result = try build([("network-cell.md", lesson)])
        XCTAssertEqual(headlines(result), [])
    }

    func testACellsOutputIsReadInLinearTimeAndCappedByMaxCellOutputMB() throws {
        // 24 MiB in 1 KiB lines: read whole (a reader that searched the whole buffer per chunk took minutes).
        let chunky = """
            ```swift run
            let line = String(repeating: "x", count: 1023)
            for _ in 0..<(24 * 1024) { print(line) }
            ```

            """
        let fine = try build([("chunky.md", chunky)], outputMB: 32)
        XCTAssertEqual(headlines(fine), [])
        XCTAssertGreaterThan(fine.files["chunky.md"]?.count ?? 0, 24 << 20)
        let flood = try build([("flood.md", chunky)], outputMB: 8)
        XCTAssertEqual(
            headlines(flood),
            [
                "flood.md:1:1: error: this Swift cell printed more than 8 MiB, the limit maxCellOutputMB; print less or raise the limit (--limit maxCellOutputMB=…)"
            ])
    }

    func testCompilerErrorsPointAtTheLessonsLineAndColumn() throws {
        let lesson =
            "# E\n\n- a list item with a cell:\n\n  ```swift run\n  let x: Int = 1\n  let y: String = x\n  ```\n"
        let result = try build([("error.md", lesson)])
        XCTAssertEqual(
            headlines(result), ["error.md:7:19: error: cannot convert value of type 'Int' to specified type 'String'"])
        XCTAssertEqual(
            result.diagnostics.first?.formatted.split(separator: "\n").dropFirst().joined(separator: "\n"),
            """
             7 |   let y: String = x
               |                   ^
            """)
    }

    func testATrapAnEndlessLoopOrUnboundedMemoryStopsThatLessonOnlyAndNamesTheCell() throws {
        let trap = "# T\n\n```swift run\nprint(\"before\")\nlet a = [1, 2, 3]\nprint(a[5])\n```\n"
        let loop = "# L\n\n```swift run\nvar i = 0\nwhile true { i += 1 }\n```\n"
        let fine = "# F\n\n```swift run\nprint(6 * 7)\n```\n"
        let alloc =
            "# A\n\n```swift run\nvar a: [[Double]] = []\nwhile true { a.append(Array(repeating: 1, count: 1_000_000)) }\n```\n"
        // 15 s: the limit counts the cell's compilation too, which takes several seconds on a busy machine.
        let result = try build(
            [("trap.md", trap), ("loop.md", loop), ("fine.md", fine), ("alloc.md", alloc)], seconds: 15)
        XCTAssertEqual(
            headlines(result),
            [
                "alloc.md:3:1: error: this Swift cell stopped the program (signal SIGABRT) before it finished: a runtime error, or the memory limit maxCellMemoryMB",
                "loop.md:3:4: error: this directive ran longer than 15 s, the limit maxSecondsPerDirective; make it smaller or raise the limit (--limit maxSecondsPerDirective=…)",
                "trap.md:3:1: error: this Swift cell stopped the program (signal SIGILL) before it finished: a runtime error, or the memory limit maxCellMemoryMB",
            ])
        let trapped = try XCTUnwrap(result.diagnostics.first { $0.path.hasSuffix("trap.md") })
        XCTAssertEqual(
            trapped.details,
            ["  it printed:", "    before", "  Swift/ContiguousArrayBuffer.swift:692: Fatal error: Index out of range"])
        XCTAssertTrue(text(result, "fine.md").contains("```text\n42\n```"), "the rest of the course still builds")
    }

    func testAnUnchangedLessonProgramIsNotCompiledAgain() throws {
        let lesson = "# C\n\n```swift run\nprint(\"cached \\(1 + 1)\")\n```\n"
        let folder = UUID().uuidString
        _ = try build([("cached.md", lesson)], in: folder)
        let programs = Self.environment.directory + "/programs"
        let before = try FileManager.default.contentsOfDirectory(atPath: programs).count
        let start = Date()
        let again = try build([("cached.md", lesson)], in: folder)
        XCTAssertTrue(text(again, "cached.md").contains("cached 2"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: programs).count, before)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "no compiler run: far below a compile's seconds")
    }
}
