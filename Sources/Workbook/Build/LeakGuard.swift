import Foundation
import RNN

/// The leak guard: a student edition must not show an exercise's answer, in any file it writes.
///
/// Every number the edition writes is compared with every answer of the student's variant: a number written
/// with at least 3 significant digits that equals the answer, or its negation, at the digits shown (|answer − shown| ≤ half a
/// unit of its last digit: `0.347` shows 0.3468, `1.2e-03` shows 0.00121) is a leak. A table above an
/// exercise that asks for J⁽¹⁾ shows the answer at four decimals; a saved weight file holds it in full (a binary
/// float64 equals it within 1e-9 relative). Each leak is an error at the block that shows it, naming the exercise
/// and the ways out: `instructor` on that block, or `reveals: allowed` on the exercise for values meant to be seen.
enum LeakGuard {
    /// An answer of the student's variant, and where its exercise stands.
    struct Answer: Sendable, Codable, Equatable {
        let exercise: String
        let name: String
        let value: Double
        let line: Int
        let column: Int
        /// The models the exercise asks about (named in its question or answers), whose weights a live figure
        /// must not carry into this edition; empty with `live: allowed`.
        var models: [String]? = nil
        /// The digests of those models' weights (`LiveFigure.weightsDigest`): a live figure of another lesson
        /// carrying the same weights, bit for bit, carries the answer too.
        var weights: [String]? = nil
    }

    /// A live figure of a lesson's student edition and the digest of the weights its page carries, for the
    /// look across the edition's lessons.
    struct LiveWeights: Sendable, Codable, Equatable {
        let kind: String
        let model: String
        let weights: String
        let line: Int
        let column: Int
    }

    /// What one piece of a lesson shows in the student edition: a directive's blocks, an inline value, a file.
    struct Shown {
        let location: SourceLocation
        /// As the message names it: "this 'loss' block", "this inline value", "the file 'w.npz' this 'save' writes".
        let what: String
        /// How to keep it out of student editions.
        let fix: String
        let text: String
        /// Numbers the piece writes in full precision (a saved `.npz`).
        var binary: [Double] = []
    }

    /// A number as written: its value, the half unit of its last digit and how many significant digits it has.
    struct Written: Equatable {
        let text: String
        let value: Double
        let halfUnit: Double
        let significant: Int

        /// Whether the number shows `answer` or its negation (the answer but for its sign: `{{ -x }}` showed
        /// the answer −0.2354 as 0.2354).
        func shows(_ answer: Double) -> Bool {
            significant >= 3 && abs(abs(answer) - abs(value)) <= halfUnit * (1 + 1e-9)
        }
    }

    /// `1.234`, `-0.5`, `3e-05`, `1.2 \times 10^{-5}` (TeX, as inline values in math are written), not part of
    /// a word (`W_h2`) or of a longer number (Swift's regexes have no lookbehind: the character before is matched).
    nonisolated(unsafe) static let numberPattern =
        #/(?:^|[^\w.])(-?)(\d+(?:\.\d+)?)(?:[eE]([+-]?\d+)|\s*\\times\s*10\^\{(-?\d+)\})?(?!\w)/#

    /// Every number in `text`, as written.
    /// The numbers written in a copied file (an image), read a chunk at a time: each chunk is scanned from where
    /// the last one was cut, at its last space, line break, quote or angle bracket in its last 4 KiB (a number
    /// never spans one, but for TeX's `1.2 \times 10^{-5}`, which an image hardly holds), else whole.
    static func numbers(in copy: FileCopy) -> [Written] {
        let fd = copy.openSource()
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var found: [Written] = []
        var carried: [UInt8] = []
        let breaks: Set<UInt8> = [9, 10, 13, 32, 34, 60, 62]
        _ = FileCopy.forEachChunk(fd, limit: copy.size) { chunk in
            var window = carried
            window.append(contentsOf: chunk)
            FileBuffers.note(window.count)
            let lastBreak = window.lastIndex(where: breaks.contains)
            let cut = lastBreak.map { window.count - $0 <= 4096 ? $0 + 1 : window.count } ?? window.count
            found += numbers(in: String(decoding: window[..<cut], as: UTF8.self))
            carried = Array(window[cut...])
            return true
        }
        return found + numbers(in: String(decoding: carried, as: UTF8.self))
    }

    /// Every number in `text` as `numberPattern` reads it, matched over the whole text (`numbers(in:)` matches
    /// only the regions that can hold one, with the same result).
    static func numbersByPattern(in text: String) -> [Written] {
        text.matches(of: numberPattern).compactMap { match in
            let (_, sign, mantissa, exponent, texExponent) = match.output
            let power = Int(exponent ?? texExponent ?? "0") ?? 0
            guard abs(power) < 300 else { return nil }
            let decimals =
                mantissa.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
            let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
            guard let m = Double(mantissa) else { return nil }
            let value = (sign.isEmpty ? 1 : -1) * m * pow(10, Double(power))
            return Written(
                text: String(text[(sign.isEmpty ? mantissa : sign).startIndex..<match.range.upperBound]), value: value,
                halfUnit: 0.5 * pow(10, Double(power - decimals)),
                significant: digits.count)
        }
    }

    /// The numbers of a saved file that it holds in binary (`.npz` arrays); none for text files.
    static func binaryNumbers(_ name: String, _ data: Data) -> [Double] {
        guard name.hasSuffix(".npz"), let arrays = try? NumpyArchive.read([UInt8](data)) else { return [] }
        return arrays.keys.sorted().flatMap { arrays[$0]!.values }
    }

    /// A leak in `shown` of an answer: the number as written (or the full value, for binary numbers).
    static func leak(of answer: Answer, in shown: Shown) -> String? {
        if let written = numbers(in: shown.text).first(where: { $0.shows(answer.value) }) { return written.text }
        let exact = shown.binary.first {
            abs(abs($0) - abs(answer.value)) <= 1e-9 * abs(answer.value) && answer.value != 0
        }
        return exact.map { "\($0)" }
    }

    /// An error at each piece that shows an answer (one per piece and answer).
    static func check(_ shown: [Shown], answers: [Answer], file: SourceFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for piece in shown {
            for answer in answers {
                guard let written = leak(of: answer, in: piece) else { continue }
                found.append(diagnostic(answer, shownAs: written, by: piece, in: file))
            }
        }
        return found
    }

    static func diagnostic(_ answer: Answer, shownAs written: String, by piece: Shown, in file: SourceFile)
        -> Diagnostic
    {
        Diagnostic(
            .error, in: file, at: piece.location,
            "\(piece.what) shows \(written) in the student edition: the answer '\(answer.name)' of exercise '\(answer.exercise)' (line \(answer.line))",
            details: [
                "\(piece.fix), or write 'reveals: allowed' in exercise '\(answer.exercise)' if its answers are meant to be seen"
            ])
    }

    /// Every leak in a lesson's student edition: each directive's blocks, each inline value and each saved file
    /// against the lesson's answers, then the page and its Markdown as a whole (numbers typed in the prose),
    /// for the answers no piece showed.
    static func check(_ executed: ExecutedLesson, page: String, markdown: String) -> [Diagnostic] {
        let answers = executed.answers
        guard !answers.isEmpty else { return [] }
        let lesson = executed.lesson
        var pieces: [Shown] = []
        let html = HTMLWriter(assets: .none)
        var found = liveWeights(executed)
        for block in lesson.directives {
            guard let output = executed.outputs[block.index], !output.blocks.isEmpty else { continue }
            // A live figure's weights are the model's, checked above; its numbers as shown are its static blocks.
            let shown = output.blocks.flatMap { block -> [OutputBlock] in
                if case .live(let figure) = block { return figure.blocks }
                return [block]
            }
            let text = shown.map { html.render($0) + "\n" + MarkdownWriter().render($0) }.joined(
                separator: "\n")
            let kind = block.isSwiftCell ? "swift run" : "rnn \(block.kind)"
            pieces.append(
                Shown(
                    location: block.kindLocation, what: "this '\(block.kind)' block",
                    fix: "write ```\(kind) instructor``` to show it in the instructor edition only", text: text))
        }
        for (span, value) in zip(lesson.values, executed.values) where !value.isEmpty {
            pieces.append(
                Shown(
                    location: span.location, what: "this inline value",
                    fix: "move it into an ```instructor``` block", text: value))
        }
        for (name, data) in executed.attachments.sorted(by: { $0.key < $1.key }) {
            guard let location = executed.savedBy[name] else { continue }
            pieces.append(
                Shown(
                    location: location, what: "the file '\(name)' that this 'save' writes",
                    fix: "write ```rnn save instructor``` to save it in the instructor edition only",
                    text: String(decoding: data, as: UTF8.self), binary: binaryNumbers(name, data)))
        }
        found += check(pieces, answers: answers, file: lesson.file)
        // No typed numbers: the live figures' data and the page's sets of weights, whose models `liveWeights` checked
        // (and `sameWeights` checks their digests across the edition).
        let page = withoutLiveData(page)
        for answer in answers
        where !found.contains(where: { $0.message.contains("'\(answer.name)' of exercise '\(answer.exercise)'") }) {
            let whole = Shown(
                location: SourceLocation(line: answer.line, column: answer.column),
                what: "the lesson's text", fix: "take the number out of the prose", text: page + "\n" + markdown)
            guard let written = leak(of: answer, in: whole) else { continue }
            let typed = Shown(
                location: place(of: written, in: lesson) ?? whole.location, what: whole.what, fix: whole.fix, text: "")
            found.append(diagnostic(answer, shownAs: written, by: typed, in: lesson.file))
        }
        return found
    }

    /// A page without its live figures' data and sets of weights (the live checks' concern, by their digests).
    static func withoutLiveData(_ page: String) -> String {
        page.replacing(
            #/<script type="application\/json" class="wb-live-(?:data|weights)"[^>]*>.*?<\/script>/#.dotMatchesNewlines(),
            with: "")
    }

    /// Where a number the page shows is typed in the lesson's prose: the first place outside its directives
    /// where it is written so (`0.5763`, not `10.5763`); nil when the page made it (a heading's number, say).
    static func place(of written: String, in lesson: ParsedLesson) -> SourceLocation? {
        let file = lesson.file
        for number in stride(from: 1, through: file.lineCount, by: 1)
        where !lesson.directives.contains(where: { $0.fence.line <= number && number <= $0.endLine }) {
            let line = file.line(number)
            for match in line.matches(of: numberPattern) {
                let (_, sign, mantissa, _, _) = match.output
                let from = sign.isEmpty ? mantissa.startIndex : sign.startIndex
                guard line[from..<match.range.upperBound] == written else { continue }
                return SourceLocation(line: number, column: line.distance(from: line.startIndex, to: from) + 1)
            }
        }
        return nil
    }

    /// The models named (as a whole name, or the start of a path: `hello.loss.mean`) in an exercise's texts, then
    /// the models the results it names were computed from (`secret.h[3, 1]` of a forward pass of `hello`): a
    /// message names a model the exercise names before one it reaches through a result.
    static func models(named texts: [String], _ context: ExecutionContext) -> [String] {
        var named: Set<String> = []
        var behind: Set<String> = []
        for text in texts {
            for match in text.matches(of: #/[A-Za-z_][A-Za-z0-9_]*/#) {
                let name = String(match.output)
                if context.models[name] != nil { named.insert(name) }
                behind.formUnion(context.modelsBehind(name))
            }
        }
        return named.sorted() + behind.subtracting(named).sorted()
    }

    /// An error at each live figure of a student edition that carries the weights of a model an exercise of
    /// that edition asks about (its answers could be computed from them), unless the exercise says `live: allowed`.
    static func liveWeights(_ executed: ExecutedLesson) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (block, figure) in executed.liveFigures {
            var seen: Set<String> = []
            for answer in executed.answers {
                guard let model = answer.models?.first(where: figure.models.contains),
                    seen.insert(answer.exercise).inserted
                else { continue }
                found.append(
                    Diagnostic(
                        .error, in: executed.lesson.file, at: block.kindLocation,
                        "this live '\(block.kind)' figure carries the weights of '\(model)' into the student edition, and exercise '\(answer.exercise)' (line \(answer.line)) asks about that model",
                        details: [
                            "write ```rnn \(block.kind) instructor``` to show it in the instructor edition only, leave out 'live', or write 'live: allowed' in exercise '\(answer.exercise)' if its students may have the weights"
                        ]))
            }
        }
        return found
    }

    /// The live figures a lesson's student edition shows: a figure, model by model, with the digest of its weights.
    static func liveFigures(_ executed: ExecutedLesson) -> [LiveWeights] {
        executed.liveFigures.flatMap { block, figure in
            zip(figure.models, figure.weightsDigests).map { model, weights in
                LiveWeights(
                    kind: block.kind, model: model, weights: weights, line: block.kindLocation.line,
                    column: block.kindLocation.column)
            }
        }
    }

    /// An error at each live figure of a student edition whose weights are, bit for bit, those of a model an
    /// exercise asks about in another lesson (or under another name): the same model defined again (same
    /// definition, same seed) carries the same answers. A figure and an exercise on one model of one lesson are
    /// `liveWeights`' concern.
    static func sameWeights(_ lessons: [LessonProduct], limits: Limits) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for lesson in lessons where !lesson.live.isEmpty {
            let file = source(of: lesson.path, limits: limits)
            for figure in lesson.live {
                var seen: Set<String> = []
                for other in lessons {
                    for answer in other.answers where answer.weights?.contains(figure.weights) == true {
                        let sameModel = other.path == lesson.path && answer.models?.contains(figure.model) == true
                        guard !sameModel, seen.insert(other.path + "\u{0}" + answer.exercise).inserted else { continue }
                        found.append(sameWeightsError(figure, answer, of: other, in: file))
                    }
                }
            }
        }
        return found
    }

    /// An error at each exercise whose answer another lesson's student handouts show, computed from a model with
    /// the same weights as one the exercise asks about (the same definition and seed, trained alike): a lesson that
    /// shows a loss table of its model answers the exercise of the next lesson on that model defined again. Only
    /// numbers of such lessons are compared (another lesson's number that happens to equal an answer is no leak).
    static func sharedModels(_ files: [String: [UInt8]], lessons: [LessonProduct], limits: Limits) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for lesson in lessons where !lesson.modelWeights.isEmpty {
            let asked = lessons.filter { $0.path != lesson.path }.flatMap { other in
                other.answers.filter { !lesson.modelWeights.isDisjoint(with: $0.weights ?? []) }.map { (other, $0) }
            }
            guard !asked.isEmpty else { continue }
            let shown = ["html", "md", "slides.html"].compactMap { files["\(lesson.slug).\($0)"] }.flatMap {
                numbers(in: withoutLiveData(String(decoding: $0, as: UTF8.self)))
            }
            for (other, answer) in asked {
                guard let number = shown.first(where: { $0.shows(answer.value) }) else { continue }
                let file = source(of: other.path, limits: limits)
                found.append(
                    Diagnostic(
                        .error, in: file, at: SourceLocation(line: answer.line, column: answer.column),
                        "\(lesson.path) shows \(number.text) in the student edition: the answer '\(answer.name)' of exercise '\(answer.exercise)', computed there from a model with the same weights as the one the exercise asks about",
                        details: [
                            "show that block of \(lesson.path) in the instructor edition only (```rnn … instructor```), define the model here with another seed, or write 'reveals: allowed' in exercise '\(answer.exercise)' if its students may see it"
                        ]))
            }
        }
        return found
    }

    /// A lesson's text again, for the place of an error found across the edition (empty if it cannot be read).
    static func source(of path: String, limits: Limits) -> SourceFile {
        (try? LessonSource.read(path, limits: limits)) ?? SourceFile(path: path, text: "")
    }

    static func sameWeightsError(_ figure: LiveWeights, _ answer: Answer, of other: LessonProduct, in file: SourceFile)
        -> Diagnostic
    {
        Diagnostic(
            .error, in: file, at: SourceLocation(line: figure.line, column: figure.column),
            "this live '\(figure.kind)' figure carries the weights of '\(figure.model)' into the student edition; they are those of a model that exercise '\(answer.exercise)' (\(other.path):\(answer.line)) asks about",
            details: [
                "write ```rnn \(figure.kind) instructor``` to show it in the instructor edition only, leave out 'live', or write 'live: allowed' in exercise '\(answer.exercise)' if its students may have the weights"
            ])
    }

    /// Leaks in the files of a whole student edition that no lesson's own check saw: the index page, the search
    /// index, images, against every lesson's answers. A lesson's page, Markdown and saved files were checked
    /// with the lesson, block by block, and a number as a page writes it was checked there, against its own
    /// lesson's answers (the search index repeats every page: another lesson's number that happens to equal an
    /// answer is no leak); the assets come from the tool.
    static func check(
        edition files: [String: [UInt8]], copies: [String: FileCopy] = [:], lessons: [LessonProduct], limits: Limits
    ) -> [Diagnostic] {
        let answered = lessons.filter { !$0.answers.isEmpty }
        guard !answered.isEmpty else { return [] }
        var found = sameWeights(lessons, limits: limits) + sharedModels(files, lessons: lessons, limits: limits)
        var own: Set<String> = []
        for lesson in lessons {
            own.formUnion(["\(lesson.slug).html", "\(lesson.slug).md", "\(lesson.slug).slides.html"])
            own.formUnion(lesson.attachments.keys.map { "\(lesson.slug).\($0)" })
        }
        let onPages = PageNumbers(lessons)
        let isShared = { (path: String) in !own.contains(path) && !path.hasPrefix("assets/") }
        let scanned = files.filter { isShared($0.key) }.mapValues { numbers(in: String(decoding: $0, as: UTF8.self)) }
            .merging(copies.filter { isShared($0.key) }.mapValues(numbers(in:))) { a, _ in a }
        for (path, numbers) in scanned.sorted(by: { $0.key < $1.key }) {
            for lesson in answered {
                for answer in lesson.answers {
                    guard let number = numbers.first(where: { $0.shows(answer.value) && !onPages.contains($0.text) })
                    else { continue }
                    let piece = Shown(
                        location: SourceLocation(line: answer.line, column: answer.column),
                        what: "the edition's '\(path)'", fix: "keep the number out of the lesson's title and text",
                        text: "")
                    let file = source(of: lesson.path, limits: limits)
                    found.append(diagnostic(answer, shownAs: number.text, by: piece, in: file))
                }
            }
        }
        return found
    }
}
