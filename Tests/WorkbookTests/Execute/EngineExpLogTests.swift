import Foundation
import RNN
import XCTest

@testable import Workbook

/// The perplexities, probabilities and log-probabilities the directives report are the engine's own exp and log
/// (`Elementary`), the functions its losses use, not the C library's: `probability`'s log P is the sum of the
/// engine's logs of its factors, its perplexity and product the engine's exp of it, and `loss`'s perplexity the
/// engine's exp of the mean J(t).
final class EngineExpLogTests: XCTestCase {
    let sentences = [
        "the cat sat", "the dog sat", "the cat sat on the mat", "the dog sat on the cat", "a cat on a dog",
        "the mat sat on the dog", "a dog sat", "the cat on the mat sat on a dog",
    ]

    var lesson: String {
        var text = """
            ```rnn corpus
            name: tiny
            sentences: [the cat sat on the mat, the dog sat on a cat, a mat]
            ```

            ```rnn model
            name: lm
            corpus: tiny
            hidden: 7
            scale: 0.8
            seed: 3
            ```

            """
        for (k, sentence) in sentences.enumerated() {
            text += """
                ```rnn probability
                model: lm
                sentence: \(sentence)
                id: p\(k)
                ```

                ```rnn loss
                model: lm
                sequence: \(sentence) <EOS>
                start: zero
                id: j\(k)
                ```

                """
        }
        return text
    }

    func testProbabilityAndPerplexityUseTheEnginesExpAndLog() throws {
        let (namespace, headlines) = try executeLesson(lesson)
        XCTAssertEqual(headlines, [])
        // How many of the reported numbers the C library's exp and log would have changed: the test can fail only
        // if some would.
        var differing = 0
        for k in sentences.indices {
            let factors = try numbers("p\(k).factors", in: namespace)
            XCTAssertFalse(factors.isEmpty)
            let logP = factors.reduce(0) { $0 + Elementary.log($1) }
            let reported = try numbers("p\(k).log_probability", in: namespace)
            XCTAssertEqual(reported, [logP], "sentence \(k)")
            XCTAssertEqual(try numbers("p\(k).perplexity", in: namespace), [Elementary.exp(-logP / Double(factors.count))])
            XCTAssertEqual(try numbers("p\(k).probability", in: namespace), [Elementary.exp(logP)])
            let mean = try numbers("j\(k).mean", in: namespace)
            XCTAssertEqual(mean.count, 1)
            XCTAssertEqual(try numbers("j\(k).perplexity", in: namespace), [Elementary.exp(mean[0])])
            let cLogP = factors.reduce(0) { $0 + Foundation.log($1) }
            differing += [
                cLogP != logP, Foundation.exp(-logP / Double(factors.count)) != Elementary.exp(-logP / Double(factors.count)),
                Foundation.exp(logP) != Elementary.exp(logP), Foundation.exp(mean[0]) != Elementary.exp(mean[0]),
            ].filter { $0 }.count
        }
        XCTAssertGreaterThan(differing, 0, "no case tells the engine's exp and log from the C library's")
    }
}
