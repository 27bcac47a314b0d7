import Foundation

/// One work of a bibliography, its fields read from LaTeX into Unicode runs.
public struct BibEntry: Sendable, Equatable {
    public var key: String
    /// The BibTeX entry type, lower-case: `article`, `inproceedings`, `book`, `misc`, `online`, …
    public var type: String
    public var location: SourceLocation
    /// The authors, or the editors when the entry has no `author`.
    public var authors: [PersonName]
    /// The list ended with `and others`.
    public var authorsEtAl: Bool
    public var year: String
    public var title: [TextRun]
    /// `journal` (an article), or `booktitle` (a paper in proceedings, a chapter).
    public var container: [TextRun]
    public var volume: String
    public var number: String
    public var pages: String
    public var publisher: [TextRun]
    /// `howpublished`, else `note` (a blog post's "Blog post").
    public var note: [TextRun]
    public var url: String?
    public var doi: String?

    /// The link the reference list gives: the DOI's resolver address, else the `url`.
    public var link: String? {
        if let doi {
            return "https://doi.org/" + (doi.addingPercentEncoding(withAllowedCharacters: Self.doiAllowed) ?? doi)
        }
        return url
    }

    static let doiAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "?#")
        return set
    }()
}
