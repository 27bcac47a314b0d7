/// Escaping for text placed in HTML: element content and attribute values alike (`&`, `<`, `>`, `"`, `'`; `'`
/// is left alone when `apostrophe` is false, as libcmark does).
enum HTML {
    static func escape(_ text: String, apostrophe: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
