import XCTest

@testable import Workbook

/// `workbook check`'s diff reads as `diff -u` prints it: a changed line's old text, then its new text.
final class UnifiedDiffTests: XCTestCase {
    func testAChangedLineIsRemovedThenAdded() {
        XCTAssertEqual(
            UnifiedDiff.make(old: "a\nb\nc", new: "a\nB\nc", oldName: "a/x", newName: "b/x"),
            "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
        XCTAssertEqual(
            UnifiedDiff.make(old: "x\n1\n2\ny", new: "x\n3\n4\ny", oldName: "a/x", newName: "b/x"),
            "--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n x\n-1\n-2\n+3\n+4\n y\n")
        XCTAssertEqual(
            UnifiedDiff.make(old: "x\ny", new: "x\nnew\ny", oldName: "a/x", newName: "b/x"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n x\n+new\n y\n")
    }

    func testTextsEndingTheirLastLineHaveNoEmptyLineAfterIt() {
        XCTAssertEqual(
            UnifiedDiff.make(old: "a\nb\n", new: "a\nc\n", oldName: "a/x", newName: "b/x"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n")
        // Only one of them ending its last line still differs.
        XCTAssertEqual(
            UnifiedDiff.make(old: "a", new: "a\n", oldName: "a/x", newName: "b/x"),
            "--- a/x\n+++ b/x\n@@ -1,1 +1,2 @@\n a\n+\n")
    }
}
