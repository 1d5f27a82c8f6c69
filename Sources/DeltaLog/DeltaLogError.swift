import Columnar

/// Everything that can go wrong opening, reading or committing to a table. Each case names what and where.
public enum DeltaLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case storage(StorageError)
    /// A commit file line that is not valid JSON or lacks a required field.
    case malformedAction(path: String, line: Int, detail: String)
    /// No `_delta_log` commits under the table root.
    case notATable(root: String)
    case tableAlreadyExists(root: String)
    /// A version that does not exist or whose log was cleaned up.
    case versionNotAvailable(requested: Int64, oldest: Int64, newest: Int64)
    /// A timestamp (ms) before the oldest reconstructable commit.
    case timestampBeforeOldest(requested: Int64, oldest: Int64, oldestTimestamp: Int64, newest: Int64)
    /// The log skips a version (a commit file is missing between two that exist).
    case logGap(missing: Int64)
    case missingMetadataOrProtocol(version: Int64)
    case unsupportedReaderFeatures([String])
    case unsupportedWriterFeatures([String])
    /// Another writer committed first and its changes clash with what this transaction read or wrote.
    case conflict(ConcurrentModification)
    /// Every attempt lost the race to a non-conflicting writer; `lastWinner` is the version that won last.
    case retriesExhausted(attempts: Int, lastWinner: Int64)
    case invalidSchema(detail: String)
    /// A write whose columns cannot be reconciled with the table schema; one entry per offending column.
    case schemaMismatch(columns: [String])
    case unknownColumn(String)
    case invalidPartitionValue(column: String, value: String)
    case invalidArgument(String)
    case corruptCheckpoint(version: Int64, detail: String)
    case columnar(ColumnarError)
    /// A deletion vector that cannot be read or does not match its descriptor.
    case corruptDeletionVector(path: String, detail: String)
    /// A MERGE source holds the same key more than once and no column was named to pick the winner.
    case duplicateSourceKeys(key: String, count: Int)
    /// A vacuum retention shorter than the table's minimum, without `force`.
    case retentionTooShort(requestedHours: Double, minimumHours: Double)

    public var description: String {
        switch self {
        case let .storage(e): return e.description
        case let .malformedAction(path, line, detail): return "\(path) line \(line): \(detail)"
        case let .notATable(root): return "\(root): not a table (no _delta_log commits)"
        case let .tableAlreadyExists(root): return "\(root): a table already exists"
        case let .versionNotAvailable(requested, oldest, newest):
            return "version \(requested) is not available; versions \(oldest)...\(newest) are"
        case let .timestampBeforeOldest(requested, oldest, oldestTimestamp, newest):
            return "timestamp \(requested) is before the oldest available version \(oldest) (committed at \(oldestTimestamp)); newest is \(newest)"
        case let .logGap(missing): return "the log has no commit file for version \(missing)"
        case let .missingMetadataOrProtocol(version): return "version \(version) has no metaData or protocol action"
        case let .unsupportedReaderFeatures(f): return "the table needs reader features SwiftLake lacks: \(f.joined(separator: ", "))"
        case let .unsupportedWriterFeatures(f): return "the table needs writer features SwiftLake lacks: \(f.joined(separator: ", "))"
        case let .conflict(c): return c.description
        case let .retriesExhausted(attempts, lastWinner):
            return "gave up after \(attempts) attempts; version \(lastWinner) was committed by another writer"
        case let .invalidSchema(detail): return "invalid schema: \(detail)"
        case let .schemaMismatch(columns): return "cannot reconcile column types: \(columns.joined(separator: "; "))"
        case let .unknownColumn(name): return "no column named '\(name)'"
        case let .invalidPartitionValue(column, value): return "invalid value '\(value)' for partition column '\(column)'"
        case let .invalidArgument(detail): return detail
        case let .corruptCheckpoint(version, detail): return "checkpoint \(version) is corrupt: \(detail)"
        case let .columnar(e): return e.description
        case let .corruptDeletionVector(path, detail): return "deletion vector \(path): \(detail)"
        case let .duplicateSourceKeys(key, count):
            return "the merge source holds key \(key) \(count) times; name a column that picks the winner"
        case let .retentionTooShort(requested, minimum):
            return "retention of \(requested) hours is shorter than the minimum \(minimum) hours; pass force to override"
        }
    }
}

/// A logical conflict found after losing the commit race: which rule, and which commit won.
public struct ConcurrentModification: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The winner changed the protocol.
        case protocolChanged
        /// The winner changed the metadata (schema, partitioning, configuration).
        case metadataChanged
        /// The winner added data that this transaction's reads would have seen.
        case concurrentAppend
        /// The winner removed a file this transaction read.
        case concurrentDeleteRead
        /// The winner removed a file this transaction also removes.
        case concurrentDeleteDelete
        /// The winner advanced an application transaction (`txn`) this transaction read.
        case concurrentTransaction
    }

    public let kind: Kind
    public let winnerVersion: Int64
    public let winnerOperation: String?
    /// The file, partition or application id involved.
    public let detail: String

    public var description: String {
        "conflict (\(kind.rawValue)) with version \(winnerVersion)\(winnerOperation.map { " (\($0))" } ?? ""): \(detail)"
    }
}
