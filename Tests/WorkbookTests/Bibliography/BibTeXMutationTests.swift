import XCTest

@testable import Workbook

/// Lessons/refs.bib with seeded random damage (bytes replaced by BibTeX's special characters, deleted or
/// doubled), 200 times: every result is entries or diagnostics that point inside the file, never a crash.
final class BibTeXMutationTests: XCTestCase {
    func testDamagedFilesGiveDiagnosticsInsideTheFile() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: BibliographyTests.refsPath)))
        let specials = Array("{}@\"#,=\\ \n(~-$".utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var withDiagnostics = 0
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<(1 + next(4)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = specials[next(specials.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + next(40))], at: at)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let file = SourceFile(path: "refs.bib", text: text)
            let (bibliography, diagnostics) = Bibliography.parse(file)
            _ = Bibliography.fuzz(bytes)
            if !diagnostics.isEmpty { withDiagnostics += 1 }
            for diagnostic in diagnostics {
                let location = try XCTUnwrap(diagnostic.location, diagnostic.formatted)
                XCTAssertLessThanOrEqual(location.line, file.lineCount, diagnostic.formatted)
                XCTAssertLessThanOrEqual(location.column, file.line(location.line).unicodeScalars.count + 1)
            }
            for entry in bibliography.entries {
                XCTAssertTrue(CitationKey.isValid(entry.key))
                XCTAssertFalse(entry.year.isEmpty || entry.title.isEmpty || entry.authors.isEmpty, entry.key)
            }
        }
        // The damage is real: most damaged files are refused somewhere.
        XCTAssertGreaterThan(withDiagnostics, 100, "\(withDiagnostics)")
    }
}
