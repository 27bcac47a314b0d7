/// The tool's version, printed by `workbook --version`.
public enum WorkbookVersion {
    public static let string = "0.7.0"
}
