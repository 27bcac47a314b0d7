import Foundation

/// The files the preview serves: only regular files inside the output folder, found from a request's path
/// without trusting it. Every rule is here, in one place, and tested without a server.
public enum StaticFiles {
    /// The file a request path names under `root` (an absolute folder), or nil when the path is refused or
    /// names nothing: a `..` or `.` segment, an encoded `/`, a backslash or a NUL, a hidden file (the manifest,
    /// temporaries), or a file whose real path (symbolic links resolved) leaves the folder. `/` and a folder
    /// name their `index.html`.
    public static func resolve(_ rawPath: String, under root: String) -> String? {
        guard rawPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for encoded in rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = encoded.removingPercentEncoding else { return nil }
            if segment.isEmpty { continue }
            if segment == "." || segment == ".." || segment.hasPrefix(".") { return nil }
            if segment.contains("/") || segment.contains("\\") || segment.contains("\0") { return nil }
            segments.append(segment)
        }
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.path
        var path = ([realRoot] + segments).joined(separator: "/")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { path += "/index.html" }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        guard real.hasPrefix(realRoot + "/") else { return nil }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return real
    }

    /// The Content-Type of a file by its extension.
    public static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "pdf": return "application/pdf"
        case "txt", "csv": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
