import Foundation

/// Files written so that a reader sees the old bytes or the new ones, never a part: the bytes go to a temporary
/// beside the file (registered with `Cleanup` before it exists, so an interrupt removes it), are flushed to
/// disk, and the temporary is renamed over the file (atomic within a file system), inside the file's folder
/// without following a link (`ConfinedFolder`).
enum AtomicFile {
    /// Writes `bytes` to `final` atomically, making its folder if it is missing.
    static func write(_ bytes: [UInt8], to final: String) throws(ConfinedFolder.Failure) {
        let (parent, name) = ConfinedFolder.split(final)
        guard let folder = try ConfinedFolder.open(parent.isEmpty ? "." : parent, creating: true) else {
            throw ConfinedFolder.Failure(description: "\(parent): cannot create the folder")
        }
        try folder.commit(try folder.stage(bytes, for: name), to: name)
    }

    /// Makes the folder `final` as a whole: `fill` writes into a registered staging folder beside it, which is
    /// renamed into place (replacing an older `final`) only when `fill` returns; when it throws, or the tool
    /// stops, the staging folder is removed. Staging folders that a killed run left there are removed first.
    static func folder<E: Error>(_ final: String, _ fill: (String) throws(E) -> Void) throws(E) {
        let parent = final.parentPath
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        Cleanup.removeLeftovers(in: parent)
        let staging = Cleanup.shared.temporaryFolderPath(for: final)
        defer { Cleanup.shared.removeFolder(staging) }
        try? FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try fill(staging)
        try? FileManager.default.removeItem(atPath: final)
        if rename(staging, final) == 0 { Cleanup.shared.keepFolder(staging) }
    }
}
