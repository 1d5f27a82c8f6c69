/// One problem ``DeltaTable/verify(file:in:)`` found with a live file of a snapshot, or
/// ``DeltaTable/verifyLog()`` with the log.
public struct VerificationFault: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A commit file is missing from the run of versions that must be replayed, or does not parse.
        case badCommit = "bad commit"
        /// A checkpoint file does not decode (readers then fall back to an older one or to the commits).
        case badCheckpoint = "bad checkpoint"
        /// The data file is not in storage.
        case missingFile = "missing file"
        /// The data file's size differs from the size the log records.
        case sizeMismatch = "size mismatch"
        /// The data file cannot be read to the end: a bad footer, a page checksum, a decoding error.
        case unreadableData = "unreadable data"
        /// The file holds a different number of rows than its statistics say.
        case rowCountMismatch = "row count mismatch"
        /// The deletion vector is missing, damaged, or deletes a different number of rows than recorded.
        case badDeletionVector = "bad deletion vector"
    }

    public let kind: Kind
    /// The data or log file's path, relative to the table root.
    public let path: String
    public let detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String { "\(path): \(kind.rawValue): \(detail)" }
}
