import XCTest

@testable import Workbook

/// ByteSearch against positions counted by hand.
final class ByteSearchTests: XCTestCase {
    func testOffsetsFromAStartAreCountedFromTheBeginning() {
        let bytes = Array("xxabcabc".utf8)
        bytes.withUnsafeBufferPointer { bytes in
            XCTAssertEqual(ByteSearch.offset(of: Array("abc".utf8), in: bytes, from: 0), 2)
            XCTAssertEqual(ByteSearch.offset(of: Array("abc".utf8), in: bytes, from: 3), 5)
            XCTAssertEqual(ByteSearch.offset(of: Array("abc".utf8), in: bytes, from: 6), nil)
            XCTAssertEqual(ByteSearch.offset(of: Array("bcx".utf8), in: bytes, from: 0), nil)
            XCTAssertEqual(ByteSearch.offset(of: Array("c".utf8), in: bytes, from: 0), 4)
            XCTAssertEqual(ByteSearch.offset(of: [], in: bytes, from: 0), nil)
            XCTAssertEqual(ByteSearch.offset(of: Array("xxabcabcx".utf8), in: bytes, from: 0), nil)
            XCTAssertEqual(ByteSearch.offset(of: Array("c".utf8), in: bytes, from: 8), nil)
            XCTAssertEqual(ByteSearch.offset(of: Array("c".utf8), in: bytes, from: 9), nil)
        }
    }

    func testContainsComparesUTF8Bytes() {
        XCTAssertTrue(ByteSearch.contains("<div class=\"wb-live\" ", in: "<p>é</p><div class=\"wb-live\" data-x>"))
        XCTAssertFalse(ByteSearch.contains("<div class=\"wb-live\" ", in: "<div class=\"wb-live\">"))
        XCTAssertTrue(ByteSearch.contains("ß", in: "Straße"))
        XCTAssertFalse(ByteSearch.contains("ss", in: "Straße"))
        XCTAssertTrue(ByteSearch.contains("aab", in: "aaab"))
        XCTAssertFalse(ByteSearch.contains("ab", in: ""))
    }

    /// A fence one longer than the longest run inside, at least `least`: what growing a fence until the text no
    /// longer holds it gave, in one pass (the structured fuzzer's lesson with 65,000 backticks in a row took 50 s
    /// to write as Markdown that way).
    func testAFenceIsOneLongerThanTheLongestRunInside() {
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: "no ticks", least: 3), "```")
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: "a ```` b `` c", least: 3), "`````")
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: "``", least: 1), "```")
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: "", least: 1), "`")
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "~"), longerThanAnyIn: "~~~~ `````", least: 3), "~~~~~")
        let long = String(repeating: "`", count: 65_000)
        XCTAssertEqual(ByteSearch.fence(of: UInt8(ascii: "`"), longerThanAnyIn: "x" + long + "y", least: 3).count, 65_001)
        XCTAssertEqual(MarkdownWriter.fenced(long, info: "text").prefix(65_006), Substring(String(repeating: "`", count: 65_001) + "text\n"))
        XCTAssertEqual(MarkdownWriter.code("a`b"), "``a`b``")
    }
}
