/// A relative path read as a file system reads it, without touching one: the one rule for a lesson's image paths
/// (`LessonImages.place`) and for the links of notes `workbook import` moves (`VaultLinks`).
enum RelativePath {
    /// `path`'s components read from the folder whose components are `base`: `.` skipped, `..` one folder back;
    /// nil when `..` climbs above the first of `base`.
    static func components(_ path: String, from base: [Substring]) -> [Substring]? {
        var parts = base
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
            } else {
                parts.append(part)
            }
        }
        return parts
    }
}

extension String {
    /// The folder the path names a file or folder in, as Foundation's `deletingLastPathComponent` gives it (`a/b/`
    /// → `a`, `/a` → `/`, `b` → empty), which traps on a path of one character (`workbook import .`).
    public var parentPath: String {
        var path = Substring(self)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var parent = path[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
        return parent.isEmpty ? "/" : String(parent)
    }
}
