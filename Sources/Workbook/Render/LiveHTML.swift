/// How the writers show a live figure: the HTML handout keeps the static figure (shown where scripts do not run,
/// and in print) beside the figure's data, which `assets/live.js` turns into controls and tables computed by the
/// WebAssembly module; the Markdown handout shows the static figure and says the HTML one is interactive.
extension LiveFigure {
    /// What a page with live figures adds to its head: a Content-Security-Policy that lets the page run only its
    /// own scripts and compile its own WebAssembly module, load nothing remote and send nothing anywhere (the
    /// preview's reload socket is the page's own host); the live figures' style and scripts.
    static let head = """

        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <link rel="stylesheet" href="assets/live.css">
        <script defer src="assets/rnn-live-module.js"></script>
        <script defer src="assets/live.js"></script>
        """

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

    /// The sentence under the static figure (Markdown, print, a page without scripts).
    static func staticNote(_ kind: Kind) -> String {
        switch kind {
        case .forward:
            return "In the HTML handout this figure is live: type another input and the engine, running in the page, computes it again."
        case .highlight:
            return "In the HTML handout this text is live: type another and the engine, running in the page, colours it again."
        case .diagram:
            return "In the HTML handout this diagram is live: type another input and the engine, running in the page, draws the network again."
        case .sample:
            return "In the HTML handout this sample is live: change the prime, the temperature, the seed or the length and the engine, running in the page, samples again."
        case .gradientFlow:
            return "In the HTML handout this figure is live: scale the recurrent matrix with the slider or type another sequence, and the engine, running in the page, sends the gradient back again."
        }
    }

    /// Whether the lesson's own prose right after a live figure tells the reader about it (a paragraph that
    /// begins "In the HTML handout"): the handouts then show that paragraph, not `staticNote` as well (in the
    /// HTML one, where the static figure shows: without scripts, and in print).
    static func isAuthorsNote(_ next: Block?) -> Bool {
        guard case .paragraph(let inlines) = next?.kind, case .text(let text) = inlines.first?.kind else { return false }
        return text.hasPrefix(authorsNoteOpening)
    }

    static let authorsNoteOpening = "In the HTML handout"

    /// The weights the lesson's live figures run (`executed.liveFigures`), each set once, in the order the figures
    /// first name them: a data block per set, named by its digest, which `assets/live.js` hands to every figure
    /// whose data names it. Base64 and a hexadecimal digest hold nothing to escape.
    static func weightsHTML(_ executed: ExecutedLesson) -> String {
        var carried: Set<String> = []
        return executed.liveFigures.flatMap(\.figure.weights).filter { carried.insert($0.digest).inserted }.map {
            "<script type=\"application/json\" class=\"wb-live-weights\" data-wb-weights=\"\($0.digest)\">\"\($0.base64)\"</script>\n"
        }.joined()
    }

    /// How every live figure's element opens: a page holding it needs the live assets (`LiveModuleFiles`).
    static let figureOpening = "<div class=\"wb-live\" data-wb-live="

    /// The figure's element: its data, and the static figure with `staticNote` under it unless `note` is false
    /// (the lesson's own paragraph after the figure says it, `isAuthorsNote`).
    static func html(_ figure: LiveFigure, staticHTML: String, note: Bool = true) -> String {
        let sentence = note ? "<p class=\"wb-live-note\">\(HTML.escape(staticNote(figure.kind)))</p>" : ""
        return """
            \(figureOpening)"\(figure.kind.rawValue)">
            <script type="application/json" class="wb-live-data">\(figure.data)</script>
            <div class="wb-live-static">
            \(staticHTML)\(sentence)
            </div>
            </div>

            """
    }
}
