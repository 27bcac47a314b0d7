/// A person's name in BibTeX's four parts, each as Unicode text (LaTeX accents resolved): "Ludwig van
/// Beethoven" is first "Ludwig", von "van", last "Beethoven"; "de la Fontaine, Jr., Jean" is von "de la", last
/// "Fontaine", jr "Jr.", first "Jean".
public struct PersonName: Sendable, Equatable {
    public var first: String
    public var von: String
    public var last: String
    public var jr: String

    public init(first: String = "", von: String = "", last: String, jr: String = "") {
        (self.first, self.von, self.last, self.jr) = (first, von, last, jr)
    }

    /// The name a citation shows: the von part and the last name ("van Beethoven", "Werbos").
    public var citationName: String { von.isEmpty ? last : von + " " + last }

    /// The name a reference list shows: "van Beethoven, Ludwig", "Fontaine, Jean, Jr." (last name first, so the
    /// list reads in its sort order).
    public var invertedName: String {
        var text = citationName
        if !first.isEmpty { text += ", " + first }
        if !jr.isEmpty { text += ", " + jr }
        return text
    }

    /// The name in reading order: "Ludwig van Beethoven", "Jean de la Fontaine, Jr.".
    public var naturalName: String {
        var text = [first, von, last].filter { !$0.isEmpty }.joined(separator: " ")
        if !jr.isEmpty { text += ", " + jr }
        return text
    }
}
