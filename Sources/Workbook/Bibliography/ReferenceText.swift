/// The text of one reference-list entry, the same in both styles (the numeric style adds its label before it):
///
///     Werbos, Paul J. (1990). Backpropagation through time: What it does and how to do it. *Proceedings of the
///     IEEE*, 78(10), 1550–1560. https://doi.org/10.1109/5.58337
///
/// Authors last name first, "A and B" for two, "A, B, and C" for more, "A, et al." for `and others`; the year
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

    static func names(_ entry: BibEntry) -> String {
        let names = entry.authors.map(\.invertedName)
        if entry.authorsEtAl { return (names + ["et al."]).joined(separator: ", ") }
        switch names.count {
        case 1: return names[0]
        case 2: return names[0] + " and " + names[1]
        default: return names.dropLast().joined(separator: ", ") + ", and " + names[names.count - 1]
        }
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
