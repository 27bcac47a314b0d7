import Foundation
import XCTest

@testable import Workbook

/// Samples during training (`samples_every`) and one sample per temperature (`temperatures`).
final class SamplingFigureTests: XCTestCase {
    func testSamplesDuringTrainingAreTheModelAtThoseUpdates() throws {
        let lesson =
            helloOnWordCorpus + """
                ```rnn train
                model: hello
                corpus: word
                lr: 0.5
                steps: 40
                seed: 3
                samples_every: 10
                sample_length: 12
                ```

                ```rnn sample
                model: hello
                length: 12
                seed: 3
                ```

                ```rnn check
                - label: the last snapshot is the trained model, sampled the same way
                  value: hello.train.samples[4]
                  equals: hello.sample.text
                - value: hello.train.sample_steps
                  equals: [10, 20, 30, 40]
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        let markdown = try XCTUnwrap(product.markdown)
        XCTAssertTrue(markdown.contains("**Samples during training**: after every 10 updates"), markdown)
        XCTAssertTrue(markdown.contains("| update | smoothed loss | sample |"), markdown)
    }

    func testOneSamplePerTemperatureFromOneSeed() throws {
        let lesson =
            helloOnWordCorpus + """
                ```rnn train
                model: hello
                corpus: word
                steps: 20
                ```

                ```rnn sample
                model: hello
                temperatures: [0.5, 1, 2]
                length: 10
                seed: 4
                id: t
                ```

                ```rnn sample
                model: hello
                temperature: 2
                length: 10
                seed: 4
                id: two
                ```

                ```rnn check
                - value: t.samples[3]
                  equals: two.text
                - value: t.temperatures
                  equals: [0.5, 1, 2]
                ```

                """
        let product = buildLesson(lesson)
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown?.contains("| temperature | sample |") ?? false)
        XCTAssertEqual(
            headlines(
                helloOnWordCorpus
                    + "```rnn sample\nmodel: hello\ntemperatures: [1, 2]\ncount: 3\nuntrained: true\n```\n"),
            [
                "Lessons/test.md:\(helloOnWordCorpus.split(separator: "\n", omittingEmptySubsequences: false).count + 3):1: error: 'temperatures' gives one sample per temperature; leave out 'count'"
            ])
    }

    /// 100 samples during training of a two-layer LSTM of 331,000 parameters (2.6 MB): each sample is drawn when
    /// its update is reached, so the run's peak memory does not hold the 100 copies of the weights (265 MB) it
    /// kept until the end before. Measured as the growth of the process's peak resident size (VmHWM, reset
    /// through /proc/self/clear_refs).
    func testSamplesDuringTrainingKeepNoCopiesOfTheWeights() throws {
        let lesson = """
            ```rnn corpus
            name: c
            text: "the quick brown fox jumps over the lazy dog"
            tokens: characters
            split: none
            ```

            ```rnn model
            name: m
            corpus: c
            cell: lstm
            hidden: 160
            layers: 2
            ```

            ```rnn train
            model: m
            mode: stream
            window: 2
            steps: 100
            samples_every: 1
            sample_length: 2
            plot: false
            ```

            """
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let before = try peakResidentKB()
        let product = buildLesson(lesson)
        let growth = try peakResidentKB() - before
        XCTAssertEqual(product.diagnostics.map(\.headline), [])
        XCTAssertTrue(product.markdown?.contains("**Samples during training**: after every 1 updates") ?? false)
        XCTAssertTrue(product.markdown?.contains("\n| 100 | ") ?? false)
        XCTAssertLessThan(growth, 80_000, "peak resident size grew by \(growth) KB")
    }
}
