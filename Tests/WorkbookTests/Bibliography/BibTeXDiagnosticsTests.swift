import XCTest

@testable import Workbook

/// Mistakes in a .bib file: each a diagnostic at its line and column, the rest of the file still read.
final class BibTeXDiagnosticsTests: XCTestCase {
    func parse(_ text: String) -> (Bibliography, [Diagnostic]) {
        Bibliography.parse(SourceFile(path: "refs.bib", text: text))
    }

    func testMissingCommaIsAnErrorAtTheNextFieldAndLaterEntriesAreRead() {
        let (bibliography, diagnostics) = parse(
            "@article{a,\n  title = {X}\n  year = 1990\n}\n@book{b, author = {Elman, J.}, title = {T}, year = 1990}\n")
        XCTAssertEqual(
            diagnostics.map(\.formatted),
            [
                """
                refs.bib:3:3: error: expected ',' or the end of the entry 'a'
                 3 |   year = 1990
                   |   ^
                """
            ])
        XCTAssertEqual(bibliography.keys, ["b"])
    }

    func testUnclosedBraceIsAnErrorAtTheBrace() {
        let (_, diagnostics) = parse("@article{b,\n  title = {Unclosed,\n  year = 1990\n")
        XCTAssertEqual(
            diagnostics.map(\.headline),
            ["refs.bib:2:11: error: this '{' is never closed (the value runs to the end of the file)"])
    }

    /// A brace left open swallows the text up to the entry's own closing brace; the entry after it is still read.
    func testAnEntryAfterABraceLeftOpenIsStillRead() {
        let (bibliography, diagnostics) = parse(
            "@article{b,\n  title = {Unclosed,\n  year = 1990\n}\n@book{c, author = {Elman, J.}, title = {T}, year = 1990}\n"
        )
        XCTAssertEqual(diagnostics.map(\.headline), ["refs.bib:5:1: error: expected ',' or the end of the entry 'b'"])
        XCTAssertEqual(bibliography.keys, ["c"])
    }

    func testUndefinedMacroAndDuplicateKeyAndFieldAtTheirColumns() {
        let (bibliography, diagnostics) = parse(
            """
            @article{c, title = {T}, year = nineteen}
            @misc{d, author = {A. B}, title = {T}, year = 1990, title = {U}}
            @misc{e, author = {A. B}, title = {T}, year = 1990}
            @misc{e, author = {A. B}, title = {T}, year = 1991}
            """)
        XCTAssertEqual(
            diagnostics.map(\.headline),
            [
                "refs.bib:1:33: error: undefined macro 'nineteen' (braces make it text: {nineteen}; or define it "
                    + "first with @string{nineteen = {…}})",
                "refs.bib:2:53: error: the field 'title' is given twice in 'd' (first at line 2)",
                "refs.bib:4:7: error: duplicate key 'e' (first at line 3)",
            ])
        XCTAssertEqual(bibliography.keys, ["e"])
        XCTAssertEqual(bibliography["e"]?.year, "1990")
    }

    func testEntriesWithoutWhatACitationShowsAreErrorsAtTheEntry() {
        let (bibliography, diagnostics) = parse(
            "\n  @article{f, title = {T}}\n@misc{g, author = {A, B, C, D}, title = {T}, year = 2000, url = {javascript:alert(1)}}"
        )
        XCTAssertEqual(
            diagnostics.map(\.headline),
            [
                "refs.bib:2:3: error: the entry 'f' has no author or editor (a citation shows the authors)",
                "refs.bib:2:3: error: the entry 'f' has no year (a citation shows it)",
                "refs.bib:3:10: error: cannot read the name 'A, B, C, D' in 'g': a name is 'First von Last', "
                    + "'von Last, First' or 'von Last, Jr, First', names separated by 'and'",
                "refs.bib:3:59: error: the url of 'g' must be an http:// or https:// address without spaces",
            ])
        XCTAssertEqual(bibliography.keys, [])
    }

    func testAKeyThatCannotBeCitedIsRefused() {
        let (_, diagnostics) = parse("@misc{bad-key-, title = {T}}")
        XCTAssertEqual(diagnostics.first?.location, SourceLocation(line: 1, column: 7))
        XCTAssertTrue(diagnostics.first?.message.hasPrefix("the key 'bad-key-' cannot be cited") ?? false)
    }

    /// libbtparse exits the process on an entry of 100 fields ("attrib/AST stack overflow") and aborts on a NUL
    /// byte (an assertion in zzcr_attr); here both are diagnostics.
    func testInputThatStopsLibbtparseIsADiagnostic() {
        let fields = (0..<101).map { "f\($0) = {x}," }.joined()
        let (_, many) = parse("@misc{k, author = {A. B}, year = 1, title = {T}, \(fields)}")
        XCTAssertEqual(many.map(\.message), ["more than 100 fields in one entry"])
        // The entry's 101st field is f97: 49 characters before f0, then f0…f9 of 9 characters and f10…f96 of 10.
        XCTAssertEqual(many.first?.location, SourceLocation(line: 1, column: 50 + 10 * 9 + 87 * 10))
        let (_, nul) = parse("@misc{k, title = {a\u{0}b}}")
        XCTAssertEqual(nul.map(\.headline), ["refs.bib:1:20: error: a control character (byte 0) is not BibTeX text"])
    }

    func testSizesAreBounded() {
        var chain = "@string{m0 = {" + String(repeating: "x", count: 1000) + "}}\n"
        for i in 1...7 { chain += "@string{m\(i) = m\(i - 1) # m\(i - 1)}\n" }
        let (_, doubled) = parse(chain)
        XCTAssertEqual(doubled.map(\.headline), ["refs.bib:8:19: error: the value is longer than 64 KiB"])
        let deep = String(repeating: "{", count: 30_000) + String(repeating: "}", count: 30_000)
        let (deepBibliography, deepDiagnostics) = parse("@misc{k, author = {A. B}, year = 1, title = \(deep)}")
        XCTAssertEqual(deepDiagnostics.map(\.headline), ["refs.bib:1:1: error: the entry 'k' has no title"])
        XCTAssertEqual(deepBibliography.keys, [])
        let junk = String(repeating: "@x{\n", count: 200)
        XCTAssertEqual(parse(junk).1.count, BibTeXReader.Limits.diagnostics)
    }

    /// A macro of 60,000 bytes used in 99 fields of each entry: the 559th use brings the file's values past
    /// 32 MiB (560 × 60,000 > 33,554,432 ≥ 559 × 60,000, the macro's own value counted first). That is field f63 of
    /// the sixth entry, on line 7: 10 characters before f0, f0…f9 of 7 characters, f10…f62 of 8, then "f63 = ".
    func testAllValuesTogetherAreBounded() {
        var text = "@string{m = {" + String(repeating: "x", count: 60_000) + "}}\n"
        for e in 0..<6 { text += "@misc{k\(e), " + (0..<99).map { "f\($0) = m," }.joined() + "}\n" }
        let (_, diagnostics) = parse(text)
        let column: Int = 10 + 10 * 7 + 53 * 8 + 6 + 1
        XCTAssertEqual(
            diagnostics.map(\.headline).filter { $0.contains("MiB") },
            [
                "refs.bib:7:\(column): error: the file's values come to more than 32 MiB once "
                    + "their macros are expanded"
            ])
    }

    func testAnUnreadableFileIsOneDiagnostic() {
        let (_, diagnostics) = Bibliography.load(path: "/nonexistent/refs.bib")
        XCTAssertEqual(
            diagnostics.map(\.headline), ["/nonexistent/refs.bib: error: cannot read the bibliography: no such file"])
    }
}
