/// A unified diff of two texts by lines (`diff -u` format, 3 lines of context), from a longest common
/// subsequence over the lines between the common prefix and suffix.
public enum UnifiedDiff {
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        var a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Texts that both end their last line are their lines, as diff reads them: no empty line after the last.
        if old.hasSuffix("\n"), new.hasSuffix("\n") {
            a.removeLast()
            b.removeLast()
        }
        let edits = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group edits into hunks separated by more than 2·context unchanged lines.
        var i = 0
        while i < edits.count {
            guard let firstChange = edits[i...].firstIndex(where: { $0.kind != " " }) else { break }
            var end = firstChange
            var lastChange = firstChange
            while end < edits.count {
                if edits[end].kind != " " { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            let start = max(i, firstChange - context)
            let stop = min(edits.count, lastChange + context + 1)
            let hunk = edits[start..<stop]
            let oldStart = (hunk.first { $0.kind != "+" }?.oldLine ?? hunk.first!.oldLine)
            let newStart = (hunk.first { $0.kind != "-" }?.newLine ?? hunk.first!.newLine)
            let oldCount = hunk.filter { $0.kind != "+" }.count
            let newCount = hunk.filter { $0.kind != "-" }.count
            out +=
                "@@ -\(oldCount == 0 ? oldStart - 1 : oldStart),\(oldCount) +\(newCount == 0 ? newStart - 1 : newStart),\(newCount) @@\n"
            for e in hunk { out += "\(e.kind)\(e.text)\n" }
            i = stop
        }
        return out
    }

    struct Edit {
        let kind: Character
        let text: String
        let oldLine: Int
        let newLine: Int
    }

    /// The edit script from `a` to `b`: ' ' kept, '-' removed, '+' added, with 1-based line numbers.
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        var edits: [Edit] = (0..<prefix).map { Edit(kind: " ", text: a[$0], oldLine: $0 + 1, newLine: $0 + 1) }
        var middle: [(Character, String)] = []
        if x.count * y.count > 4_000_000 {
            middle = x.map { ("-", $0) } + y.map { ("+", $0) }
        } else {
            // lcs[i][j]: length of the LCS of x[i...] and y[j...].
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
            for i in stride(from: x.count - 1, through: 0, by: -1) {
                for j in stride(from: y.count - 1, through: 0, by: -1) {
                    lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var i = 0
            var j = 0
            while i < x.count || j < y.count {
                if i < x.count, j < y.count, x[i] == y[j] {
                    middle.append((" ", x[i]))
                    i += 1
                    j += 1
                } else if i < x.count, j == y.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                    // A line removed before the line added in its place, as `diff -u` prints a changed line.
                    middle.append(("-", x[i]))
                    i += 1
                } else {
                    middle.append(("+", y[j]))
                    j += 1
                }
            }
        }
        var oldLine = prefix
        var newLine = prefix
        for (kind, text) in middle {
            if kind != "+" { oldLine += 1 }
            if kind != "-" { newLine += 1 }
            edits.append(Edit(kind: kind, text: text, oldLine: max(oldLine, 1), newLine: max(newLine, 1)))
        }
        for k in 0..<suffix {
            oldLine += 1
            newLine += 1
            edits.append(Edit(kind: " ", text: a[a.count - suffix + k], oldLine: oldLine, newLine: newLine))
        }
        return edits
    }
}
