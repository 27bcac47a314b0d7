/// The text of one reference-list entry, the same in both styles (the numeric style adds its label before it):
///
///     Hochreiter, Sepp, and Jürgen Schmidhuber (1997). Long Short-Term Memory. *Neural Computation*, 9(8),
///     1735–1780. https://doi.org/10.1162/neco.1997.9.8.1735
///
/// The first author last name first and the others in reading order, "A, B, and C" ("Hochreiter, Sepp, and Jürgen
/// Schmidhuber"), "A, et al." for `and others`; the year
/// in parentheses (with its letter in the author–year style); the title, in italics when the work stands alone
/// (a book, a report, a blog post: no journal or book title); the journal with volume(number) and pages, or "In"
/// the book title with its pages; the publisher; `howpublished` or `note`; the DOI's address, else the url, as a
/// link. Each part ends with a full stop unless it already ends with `.`, `?` or `!`.
enum ReferenceText {
    static func runs(_ entry: BibEntry, year: String) -> [TextRun] {
        var runs: [TextRun] = []
        runs.append(names(entry) + " (" + year + "). ")
        let standsAlone = entry.container.isEmpty
        appendSentence(&runs, standsAlone ? entry.title.marked(.emphasis) : entry.title)
        if !entry.container.isEmpty {
            runs.append(" ")
            appendSentence(&runs, container(entry))
        }
        if !entry.publisher.isEmpty {
            runs.append(" ")
            appendSentence(&runs, entry.publisher)
        }
        if !entry.note.isEmpty {
            runs.append(" ")
            appendSentence(&runs, entry.note)
        }
        if let link = entry.link {
            runs.append(" ")
            runs.append(link, [.link(link)])
        }
        return runs
    }

    /// The first author last name first, the others in reading order (as the Chicago Manual of Style lists them):
    /// "Hochreiter, Sepp, and Jürgen Schmidhuber".
    static func names(_ entry: BibEntry) -> String {
        guard let first = entry.authors.first else { return "" }
        let names = [first.invertedName] + entry.authors.dropFirst().map(\.naturalName)
        if entry.authorsEtAl { return (names + ["et al."]).joined(separator: ", ") }
        guard names.count > 1 else { return names[0] }
        return names.dropLast().joined(separator: ", ") + ", and " + names[names.count - 1]
    }

    /// "*Neural Computation*, 9(8), 1735–1780" or "In *Proceedings of EMNLP*, pp. 1724–1734".
    static func container(_ entry: BibEntry) -> [TextRun] {
        var runs: [TextRun] = []
        let isArticle = entry.type == "article"
        if !isArticle { runs.append("In ") }
        runs += entry.container.marked(.emphasis)
        if isArticle && !entry.volume.isEmpty {
            runs.append(", " + entry.volume + (entry.number.isEmpty ? "" : "(" + entry.number + ")"))
        }
        if !entry.pages.isEmpty { runs.append((isArticle ? ", " : ", pp. ") + entry.pages) }
        return runs
    }

    static func appendSentence(_ runs: inout [TextRun], _ sentence: [TextRun]) {
        for run in sentence { runs.append(run.text, run.marks) }
        if let last = sentence.plainText.last, ".?!".contains(last) { return }
        runs.append(".")
    }
}
