import Foundation

/// Deletes a dropped table's data when the caller asked for a purge.
enum DataPurge {
    /// Removes the directory of a `file:` location. Other schemes are refused rather than ignored, so a
    /// purge never silently leaves data behind.
    static func remove(_ location: String) throws(MetastoreError) {
        guard let path = DefinitionRules.localPath(of: location) else {
            throw .invalidDefinition(database: "", table: "", reason: "cannot purge data at '\(location)': only file: locations")
        }
        // "/" or a path with ".." would reach outside any table directory.
        guard path != "/", !path.split(separator: "/").contains("..") else {
            throw .invalidDefinition(database: "", table: "", reason: "refusing to purge '\(location)'")
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .io(path: path, operation: "remove", errno: EIO)
        }
    }
}
