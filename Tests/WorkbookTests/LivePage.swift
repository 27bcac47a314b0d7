import Foundation

/// The sets of weights a page's live figures run (`.wb-live-weights`: each carried once, named by its digest), for
/// the tests that run the page's script in node: written as stand-ins of their elements, which the script's
/// `pageWeights` reads as it reads the page's (`dataset.wbWeights`, `textContent`).
enum LivePage {
    nonisolated(unsafe) static let block =
        #/<script type="application\/json" class="wb-live-weights" data-wb-weights="([0-9a-f]{64})">([^<]*)</script>/#

    /// Each block's digest and text (the weights' base64 as a JSON string), in page order.
    static func weightBlocks(_ html: String) -> [(digest: String, text: String)] {
        html.matches(of: block).map { (String($0.output.1), String($0.output.2)) }
    }

    /// The blocks as node's stand-ins: `[{"dataset": {"wbWeights": digest}, "textContent": text}, …]`.
    static func weights(_ html: String) throws -> Data {
        struct Block: Encodable {
            let dataset: [String: String]
            let textContent: String
        }
        let blocks = weightBlocks(html).map { Block(dataset: ["wbWeights": $0.digest], textContent: $0.text) }
        return try JSONEncoder().encode(blocks)
    }

    /// The base64 of the set of weights the page names `digest`.
    static func base64(_ digest: String, in html: String) -> String? {
        weightBlocks(html).first { $0.digest == digest }.map { String($0.text.dropFirst().dropLast()) }
    }
}
