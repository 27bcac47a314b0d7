import RNN
import XCTest

final class CorpusTests: XCTestCase {
    let sentences = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat", "ran"], ["the", "emu", "sat"]]

    func testVocabularyKeepsFrequentTokensThenEOSAndUNK() {
        let corpus = Corpus(sentences: sentences, heldOutFraction: 0.25, endOfSentence: true, minimumCount: 2)
        // Training sentences are the first three; "the" ×2, "cat" ×2, "sat" ×2 survive minimumCount 2.
        XCTAssertEqual(corpus.vocabulary.tokens, ["the", "cat", "sat", "<EOS>", "<UNK>"])
        XCTAssertEqual(corpus.heldOutSentences.map { $0 }, [["the", "emu", "sat"]])
        XCTAssertEqual(corpus.indices(["the", "emu"]), [0, 4])
    }

    func testMaximumSizeKeepsTheMostFrequentInOrderOfAppearance() {
        let corpus = Corpus(sentences: sentences, endOfSentence: false, maximumSize: 2)
        XCTAssertEqual(corpus.vocabulary.tokens, ["the", "sat", "<UNK>"])
    }

    func testTeacherForcingPairsStartFromTheZeroInputAndEndWithEOS() {
        let corpus = Corpus(sentences: sentences, endOfSentence: true)
        let (inputs, targets) = corpus.pair(["the", "cat", "sat"])
        XCTAssertEqual(inputs, [RNNLanguageModel.noInput, 0, 1, 2])
        XCTAssertEqual(targets, [0, 1, 2, corpus.vocabulary.index(of: "<EOS>")!])
        XCTAssertEqual(corpus.trainingStream().prefix(4), [0, 1, 2, corpus.vocabulary.index(of: "<EOS>")!])
    }

    func testWithoutEOSTheSentenceStillStartsFromTheZeroInputAndEveryTokenIsATarget() {
        let corpus = Corpus(sentences: sentences, endOfSentence: false)
        let (inputs, targets) = corpus.pair(["the", "cat", "sat"])
        XCTAssertEqual(inputs, [RNNLanguageModel.noInput, 0, 1])
        XCTAssertEqual(targets, [0, 1, 2])
        let one = corpus.pair(["the"])
        XCTAssertEqual(one.inputs, [RNNLanguageModel.noInput])
        XCTAssertEqual(one.targets, [0])
    }
}
