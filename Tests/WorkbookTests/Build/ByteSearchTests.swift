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
}
