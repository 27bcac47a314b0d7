import Foundation

/// What `workbook preview` adds to the pages it serves: the reload script's tag, the diagnostics of a lesson that
/// failed over its last good page, the page of a lesson that never built, and the script itself. Every
/// diagnostic and slug is escaped.
public enum PreviewHTML {
    /// The page with the reload script (from `scriptPath`, saying the build it comes from) before `</body>`, and
    /// the diagnostics right after `<body…>`.
    public static func inject(into html: String, errors: [String], generation: Int, scriptPath: String) -> String {
        var out = html
        let script = scriptTag(scriptPath: scriptPath, generation: generation)
        if let end = out.range(of: "</body>", options: .backwards) {
            out.insert(contentsOf: script, at: end.lowerBound)
        } else {
            out += script
        }
        guard !errors.isEmpty, let body = out.range(of: "<body") else { return out }
        let close = out[body.upperBound...].firstIndex(of: ">").map { out.index(after: $0) } ?? body.upperBound
        out.insert(contentsOf: overlay(errors), at: close)
        return out
    }

    /// The tag that loads the preview's script, saying which build the page comes from.
    public static func scriptTag(scriptPath: String, generation: Int) -> String {
        "<script src=\"\(scriptPath)\" data-generation=\"\(generation)\"></script>\n"
    }

    /// The diagnostics in a box that stays at the top of the page.
    public static func overlay(_ errors: [String]) -> String {
        let text = errors.map { HTML.escape($0, apostrophe: false) }.joined(separator: "\n")
        return """
            <div id="wb-preview-errors" role="alert" style="position:sticky;top:0;z-index:1000;margin:0;padding:0.8em 1.2em;\
            background:#fff1f0;color:#5c0011;border-bottom:3px solid #cf1322;font:14px/1.45 ui-monospace,monospace;\
            max-height:60vh;overflow:auto"><strong style="font-family:system-ui,sans-serif">This lesson did not build; \
            the page below is its last good build.</strong><pre style="white-space:pre-wrap;margin:0.5em 0 0">\(text)</pre></div>

            """
    }

    /// The page of a lesson that has no handout yet (its diagnostics are injected over it).
    public static func errorPage(slug: String) -> String {
        let name = HTML.escape(slug, apostrophe: false)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(name): errors</title></head>
            <body><main style="font-family:system-ui,sans-serif;max-width:50em;margin:2em auto">
            <h1>\(name)</h1><p>This lesson has not built yet; fix the errors above and save.</p></main>
            </body></html>
            """
    }

    /// Reloads the page when the server says so over the WebSocket at `reloadPath`; reconnects (without
    /// reloading) if the server restarts. On connecting it says which build it was served from, so a rebuild that
    /// finished before it connected (a save right after the page loaded) still reloads it.
    public static func reloadScript(reloadPath: String) -> String {
        """
        (function () {
          var tag = document.currentScript, built = tag ? tag.getAttribute("data-generation") : null;
          function connect() {
            var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "\(reloadPath)");
            ws.onopen = function () { if (built !== null) { ws.send("built " + built); } };
            ws.onmessage = function (event) { if (event.data === "reload") { location.reload(); } };
            ws.onclose = function () { setTimeout(connect, 1000); };
          }
          connect();
        })();

        """
    }
}
