import Foundation
import XCTest

@testable import Workbook

/// `maxSecondsPerDirective` holds inside every directive's long loops: each case below would run for many
/// seconds (minutes for some) and must stop with the limit's error at its directive.
final class DirectiveTimeLimitTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("time-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    static let limitMessage =
        "error: this directive ran longer than 0.3 s, the limit maxSecondsPerDirective; make it smaller or raise the limit (--limit maxSecondsPerDirective=…)"

    /// Builds `lesson` with a 0.3 s limit and returns its diagnostics as `line: message`.
    func diagnostics(_ lesson: String) throws -> [String] {
        let path = folder.appendingPathComponent("lesson.md")
        try Data(lesson.utf8).write(to: path)
        var options = BuildOptions()
        options.katexDirectory = nil
        options.limits.maxSecondsPerDirective = 0.3
        let build = CourseBuilder.build(inputs: [path.path], options: options)
        return build.diagnostics.map { "\($0.location?.line ?? 0): \($0.severity.rawValue): \($0.message)" }
    }

    /// A model with a large hidden layer over the characters a, b.
    func model(hidden: Int) -> String {
        "```rnn model\nname: m\ncharacters: ab\nhidden: \(hidden)\nseed: 1\n```\n\n"
    }

    func long(_ n: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<n).map { _ in Bool.random(using: &generator) ? "a" : "b" })
    }

    func assertStopsAtLine(_ line: Int, _ lesson: String, file: StaticString = #filePath, at: UInt = #line) throws {
        XCTAssertEqual(try diagnostics(lesson), ["\(line): \(Self.limitMessage)"], file: file, line: at)
    }

    func testForwardLossAndBackwardStopAtTheLimit() throws {
        let sequence = long(6000)
        for directive in ["forward", "loss", "backward"] {
            try assertStopsAtLine(
                8, model(hidden: 800) + "```rnn \(directive)\nmodel: m\nsequence: \(sequence)\n```\n")
        }
    }

    func testGradientCheckAndGradientFlowStopAtTheLimit() throws {
        try assertStopsAtLine(
            8, model(hidden: 40) + "```rnn gradcheck\nmodel: m\nsequence: \(long(300))\nentries: all\n```\n")
        try assertStopsAtLine(
            8, model(hidden: 800) + "```rnn gradient-flow\nmodel: m\nsequence: \(long(6000))\n```\n")
    }

    func testSamplingStopsAtTheLimit() throws {
        try assertStopsAtLine(
            8, model(hidden: 1500) + "```rnn sample\nmodel: m\nlength: 10000\nseed: 1\nuntrained: true\n```\n")
    }

    func testAnNGramModelOfALargeCorpusStopsAtTheLimit() throws {
        try Data(long(2_000_000).utf8).write(to: folder.appendingPathComponent("data.txt"))
        try assertStopsAtLine(
            7,
            "```rnn corpus\nname: c\nfile: data.txt\ntokens: characters\n```\n\n```rnn ngram\ncorpus: c\norders: [1, 2, 3, 4, 5, 6]\n```\n"
        )
    }

    func testPredictStopsAtTheLimit() throws {
        let lines = (0..<400).map { _ in
            "  " + (Bool.random() ? "positive: " : "negative: ") + long(200).map { String($0) }.joined(separator: " ")
        }
        try assertStopsAtLine(
            lines.count + 14,
            "```rnn dataset\nname: d\nlayout: labelled\ntext: |\n" + lines.joined(separator: "\n")
                + "\n```\n\n```rnn model\nname: m\ndataset: d\ncell: lstm\nhidden: 400\n```\n\n```rnn predict\nmodel: m\nsplit: training\nlimit: 400\n```\n"
        )
    }

    func testAnExpressionStopsAtTheLimit() throws {
        try assertStopsAtLine(
            8, model(hidden: 1200) + "```rnn check\n- value: sum(m.W_h @ m.W_h @ m.W_h)\n  equals: 0\n```\n")
    }
}
