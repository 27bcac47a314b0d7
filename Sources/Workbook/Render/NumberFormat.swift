import Foundation

/// How a number is printed: Python's format mini-language for the common cases, `.4f`, `.3e`, `.6g`, `d`, `.1%`.
///
/// The default is `.4f` (four decimals) for tables and inline values; gradient checks print errors as `.2e`.
/// Negative zero prints as zero, so a value that rounds to zero never shows as `-0.0000`.
public struct NumberFormat: Equatable, Sendable {
    public enum Style: Character, Sendable {
        case fixed = "f"
        case exponent = "e"
        case general = "g"
        case integer = "d"
        case percent = "%"
    }

    public let style: Style
    public let precision: Int

    public static let standard = NumberFormat(style: .fixed, precision: 4)
    public static let error = NumberFormat(style: .exponent, precision: 2)

    /// A count as a whole number while it has at most nine digits (`49`, `117649`), else in exponent form
    /// (`1.98e+09`), where the last digits would mean nothing.
    public static func count(_ x: Double) -> String {
        abs(x) < 1e9 && x == x.rounded()
            ? NumberFormat(style: .integer, precision: 0).format(x)
            : NumberFormat(style: .exponent, precision: 2).format(x)
    }

    /// Whether numbers without a format of their own print as whole numbers: every one is (orders, counts, steps).
    public static func allWhole(_ values: [Double]) -> Bool {
        !values.isEmpty && values.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
    }

    public init(style: Style, precision: Int) {
        self.style = style
        self.precision = precision
    }

    /// Parses `.4f`, `.3e`, `.6g`, `d`, `.1%` (precision 0…17); nil for anything else.
    public init?(spec: String) {
        var text = Substring(spec)
        var precision = 6
        if text.first == "." {
            text = text.dropFirst()
            let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
            guard let p = Int(digits), p <= 17 else { return nil }
            precision = p
            text = text.dropFirst(digits.count)
        }
        guard text.count == 1, let style = Style(rawValue: text.first!) else { return nil }
        if style == .integer, spec.first == "." { return nil }
        self.init(style: style, precision: style == .integer ? 0 : precision)
    }

    public func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let text: String
        switch style {
        case .fixed: text = String(format: "%.\(precision)f", x)
        case .exponent: text = String(format: "%.\(precision)e", x)
        case .general: text = String(format: "%.\(max(precision, 1))g", x)
        case .integer: text = String(format: "%.0f", x)
        case .percent: text = String(format: "%.\(precision)f", x * 100) + "%"
        }
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ "0.e+-%".contains($0) }) {
            return String(text.dropFirst())
        }
        return text
    }
}

/// Inline values inside math, as TeX.
enum TeXValue {
    /// What an inline value's text becomes inside math: already TeX (`| vector`, `| matrix`), or `tex(_:)`.
    static func inMath(_ text: String, _ span: InlineValueSpan) -> String { span.isTeX ? text : tex(text) }

    /// A formatted value as TeX: `1.2e-05` as `1.2 \times 10^{-5}`, `87.5%` as `87.5\%`, `inf` as `\infty`,
    /// `nan` as `\mathrm{NaN}`, a number as it is, and text as `\text{…}` with TeX's special characters escaped.
    static func tex(_ formatted: String) -> String {
        let text = formatted.trimmingCharacters(in: .whitespaces)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), Double(text) != nil {
            let mantissa = String(text[..<e])
            let exponent = Int(text[text.index(after: e)...]) ?? 0
            return (mantissa == "1" ? "" : mantissa + " \\times ") + "10^{\(exponent)}"
        }
        if text.hasSuffix("%"), Double(text.dropLast()) != nil { return String(text.dropLast()) + "\\%" }
        switch text {
        case "inf": return "\\infty"
        case "-inf": return "-\\infty"
        case "nan": return "\\mathrm{NaN}"
        default: break
        }
        if Double(text) != nil { return text }
        let special: [Character: String] = [
            "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#", "%": "\\%",
            "_": "\\_", "^": "\\^{}", "~": "\\~{}",
        ]
        return "\\text{" + text.map { special[$0] ?? String($0) }.joined() + "}"
    }
}
