import Foundation

/// What the build reads and changes in a PDF Chromium printed. Every change but the links' keeps the byte length
/// of what it replaces; taking out the links' folder moves the cross-reference offsets with it:
/// - the creation and modification dates become `fixedDate`, so the same page prints to the same bytes;
/// - the ids of the tagged structure's elements (`(node00000466)`, DOM node numbers, which depend on when
///   the page's scripts ran) are taken out (`removeNodeIDs`);
/// - links to the build's other files, which Chromium makes absolute in the temporary folder, become
///   relative (`relativize`), whatever the folder's name and length;
/// - the creator becomes `RNN Workbook, source <SHA-256>`, the digest of what the PDF was printed from, so a
///   later build or `workbook check` can tell a current PDF from a stale one without a browser.
enum PDFFile {
    static let fixedDate = Array("D:19700101000000+00'00'".utf8)
    static let creatorPrefix = "RNN Workbook, source "

    /// `pdf` with fixed dates and the source recorded, or nil when Chromium wrote a creator too short to hold it.
    static func stamp(_ pdf: [UInt8], source: String, printedIn folder: String? = nil) -> [UInt8]? {
        var bytes = pdf
        if let folder { relativize(&bytes, prefix: "file://" + folder + "/") }
        for key in ["/CreationDate (", "/ModDate ("] {
            guard let range = stringValue(after: key, in: bytes) else { continue }
            if range.count == fixedDate.count { bytes.replaceSubrange(range, with: fixedDate) }
        }
        removeNodeIDs(&bytes)
        guard let range = stringValue(after: "/Creator (", in: bytes) else { return nil }
        let creator = Array((creatorPrefix + source).utf8)
        guard creator.count <= range.count else { return nil }
        bytes.replaceSubrange(
            range, with: creator + Array(repeating: UInt8(ascii: " "), count: range.count - creator.count))
        return bytes
    }

    /// Takes out every occurrence of `prefix` (the file URL of the folder the page was printed from, which
    /// Chromium writes into links to the build's other files): the links become relative, pointing at the
    /// handouts beside the PDF, and the bytes depend neither on the temporary folder's name nor on its length
    /// (which the process id's digits change). The cross-reference table's offsets and `startxref` move with
    /// the bytes taken out; the links are in uncompressed annotation dictionaries, so no stream's length changes.
    static func relativize(_ bytes: inout [UInt8], prefix: String) {
        let needle = Array(prefix.utf8)
        var removed: [Int] = []
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var i = 0
        while let found = firstIndex(of: needle, in: bytes, from: i) {
            kept += bytes[i..<found]
            removed.append(found)
            i = found + needle.count
        }
        guard !removed.isEmpty else { return }
        kept += bytes[i...]
        // Where a byte at `offset` of the original is now.
        func moved(_ offset: Int) -> Int {
            offset - needle.count * removed.prefix(while: { $0 < offset }).count
        }
        bytes = kept
        shiftCrossReferences(&bytes, by: moved)
    }

    /// Rewrites the classic cross-reference table (its 10-digit offsets, in place) and the `startxref` number
    /// after bytes were taken out before them; `moved` maps an offset of the original file to the new one.
    private static func shiftCrossReferences(_ bytes: inout [UInt8], by moved: (Int) -> Int) {
        guard let mark = lastIndex(of: Array("startxref".utf8), in: bytes) else { return }
        let tail = String(decoding: bytes[(mark + 9)...].prefix(32), as: UTF8.self)
        guard let number = tail.split(whereSeparator: \.isWhitespace).first, let start = Int(number),
            let at = firstIndex(of: Array(number.utf8), in: bytes, from: mark + 9)
        else { return }
        let table = moved(start)
        bytes.replaceSubrange(at..<(at + number.utf8.count), with: Array(String(table).utf8))
        guard table + 5 <= bytes.count, bytes[table..<(table + 4)].elementsEqual("xref".utf8) else { return }
        var line = table + 5
        while let header = nextLine(bytes, from: line) {
            let fields = header.text.split(separator: " ")
            guard fields.count == 2, let count = Int(fields[1]) else { break }
            line = header.next
            for _ in 0..<count {
                guard let entry = nextLine(bytes, from: line) else { return }
                let parts = entry.text.split(separator: " ")
                if parts.count >= 3, parts[2].hasPrefix("n"), let offset = Int(parts[0]) {
                    let digits = Array(String(format: "%010d", moved(offset)).utf8)
                    bytes.replaceSubrange(line..<(line + 10), with: digits)
                }
                line = entry.next
            }
        }
    }

    /// The line starting at `start` (without its end of line) and where the next one starts.
    private static func nextLine(_ bytes: [UInt8], from start: Int) -> (text: String, next: Int)? {
        guard start < bytes.count, let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return (String(decoding: bytes[start..<end], as: UTF8.self), end + 1)
    }

    /// Takes out the ids of the tagged structure's elements (`/ID (node00000466)`, DOM node numbers, which depend
    /// on when the page's scripts ran): each `/ID (…)` entry and the structure root's `/IDTree` reference become
    /// spaces, and the id tree's dictionaries, now referenced by nothing, empty ones. Nothing else refers to them.
    static func removeNodeIDs(_ bytes: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        for key in ["/ID (node", "/IDTree "] {
            let needle = Array(key.utf8)
            var i = 0
            while let start = firstIndex(of: needle, in: bytes, from: i) {
                // To the end of the value: the string's ")" or the reference's "R".
                let close = UInt8(ascii: key == "/IDTree " ? "R" : ")")
                var end = start + needle.count
                while end < bytes.count, bytes[end] != close, end - start < 40 { end += 1 }
                guard end < bytes.count, bytes[end] == close else { break }
                bytes.replaceSubrange(start...end, with: Array(repeating: space, count: end - start + 1))
                i = end
            }
        }
        // The id tree's objects, now referenced by nothing, list the ids (and their elements, in the ids' order):
        // each such dictionary becomes an empty one.
        let prefix = Array("(node".utf8)
        let (open, close) = (Array(" obj\n<<".utf8), Array(">>\nendobj".utf8))
        var i = 0
        while let found = firstIndex(of: prefix, in: bytes, from: i) {
            guard let start = lastIndex(of: open, in: bytes, before: found),
                let end = firstIndex(of: close, in: bytes, from: found)
            else { break }
            for k in (start + open.count)..<end { bytes[k] = space }
            i = end
        }
    }

    /// The source digest `stamp` recorded, if any.
    static func source(of pdf: [UInt8]) -> String? {
        guard let range = stringValue(after: "/Creator (", in: pdf) else { return nil }
        let text = String(decoding: pdf[range], as: UTF8.self)
        guard text.hasPrefix(creatorPrefix) else { return nil }
        return text.dropFirst(creatorPrefix.count).trimmingCharacters(in: .whitespaces)
    }

    /// The number of pages: the page objects (`/Type /Page`, not `/Pages`) of the file.
    static func pageCount(_ pdf: [UInt8]) -> Int {
        let needle = Array("/Type /Page".utf8)
        var count = 0
        var i = 0
        while let found = firstIndex(of: needle, in: pdf, from: i) {
            let next = found + needle.count
            if next < pdf.count, pdf[next] != UInt8(ascii: "s") { count += 1 }
            i = next
        }
        return count
    }

    /// The page (1-based) each named destination points at, by name: Chromium writes one for every element a
    /// link of the page points at (`href="#id"`), in the catalog's `/Dests` dictionary. Read through the
    /// cross-reference table; empty when the file is not laid out that way.
    static func destinationPages(_ pdf: [UInt8]) -> [String: Int] {
        let objects = offsets(pdf)
        func object(_ number: Int) -> String? {
            guard let start = objects[number], start < pdf.count else { return nil }
            let end = firstIndex(of: Array("endobj".utf8), in: pdf, from: start) ?? pdf.count
            // Dictionaries only: stop before a stream's binary data.
            let stop =
                firstIndex(of: Array("stream".utf8), in: Array(pdf[start..<end]), from: 0).map { start + $0 } ?? end
            return String(decoding: pdf[start..<stop], as: UTF8.self)
        }
        func reference(_ key: String, in text: String) -> Int? {
            guard let match = text.range(of: key + #" (\d+) 0 R"#, options: .regularExpression) else { return nil }
            return Int(text[match].split(separator: " ")[1])
        }
        guard let trailer = lastTrailer(pdf), let root = reference("/Root", in: trailer), let catalog = object(root),
            let pagesRoot = reference("/Pages", in: catalog), let dests = reference("/Dests", in: catalog),
            let names = object(dests)
        else { return [:] }
        var order: [Int: Int] = [:]
        var visit = [pagesRoot]
        var seen = Set<Int>()
        while let number = visit.popLast() {
            guard seen.insert(number).inserted, let text = object(number) else { continue }
            if text.contains("/Type /Pages"),
                let kids = text.range(of: #"/Kids \[[^\]]*\]"#, options: .regularExpression)
            {
                // The kids in order: visited from a stack, so pushed in reverse.
                visit += references(in: String(text[kids])).reversed()
            } else {
                order[number] = order.count + 1
            }
        }
        var pages: [String: Int] = [:]
        let pattern = #"/([^\s/\[\]<>()]+) \[(\d+) 0 R"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [:] }
        let ns = names as NSString
        for match in regex.matches(in: names, range: NSRange(location: 0, length: ns.length)) {
            if let page = Int(ns.substring(with: match.range(at: 2))).flatMap({ order[$0] }) {
                pages[ns.substring(with: match.range(at: 1))] = page
            }
        }
        return pages
    }

    /// Where each object starts, from the classic cross-reference table `startxref` points at.
    private static func offsets(_ pdf: [UInt8]) -> [Int: Int] {
        guard let mark = lastIndex(of: Array("startxref".utf8), in: pdf) else { return [:] }
        let tail = String(decoding: pdf[(mark + 9)...].prefix(32), as: UTF8.self)
        guard let start = Int(tail.split(whereSeparator: \.isWhitespace).first ?? ""), start < pdf.count else {
            return [:]
        }
        let table = String(decoding: pdf[start...].prefix(1 << 24), as: UTF8.self)
        var result: [Int: Int] = [:]
        var lines = table.split(separator: "\n").makeIterator()
        guard lines.next()?.hasPrefix("xref") == true else { return [:] }
        while let header = lines.next() {
            let fields = header.split(separator: " ")
            guard fields.count == 2, let first = Int(fields[0]), let count = Int(fields[1]) else { break }
            for n in 0..<count {
                guard let entry = lines.next() else { break }
                let parts = entry.split(separator: " ")
                if parts.count >= 3, parts[2].hasPrefix("n"), let offset = Int(parts[0]) { result[first + n] = offset }
            }
        }
        return result
    }

    /// The object numbers of the references (`N 0 R`) in `text`, in order.
    private static func references(in text: String) -> [Int] {
        guard let regex = try? NSRegularExpression(pattern: #"(\d+) 0 R"#) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap {
            Int(ns.substring(with: $0.range(at: 1)))
        }
    }

    private static func lastTrailer(_ pdf: [UInt8]) -> String? {
        guard let mark = lastIndex(of: Array("trailer".utf8), in: pdf) else { return nil }
        return String(decoding: pdf[mark...].prefix(512), as: UTF8.self)
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8], before end: Int? = nil) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = min(bytes.count, end ?? bytes.count) - needle.count
        while i >= 0 {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    /// The bytes between the parentheses of the literal string that follows `key` in the document
    /// information dictionary (backslash escapes skipped; Chromium writes it uncompressed).
    private static func stringValue(after key: String, in pdf: [UInt8]) -> Range<Int>? {
        guard let found = firstIndex(of: Array(key.utf8), in: pdf, from: 0) else { return nil }
        let start = found + key.utf8.count
        var i = start
        var depth = 1
        while i < pdf.count {
            switch pdf[i] {
            case UInt8(ascii: "\\"): i += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return start..<i }
            default: break
            }
            i += 1
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
