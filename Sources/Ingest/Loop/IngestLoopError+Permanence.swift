import Columnar
import DeltaLog

extension IngestLoopError {
    /// Whether the failure lies in the data being written, so the same records fail the same way on every retry:
    /// the table's schema cannot take them (a value its partition column's type cannot hold, a column whose type
    /// cannot be reconciled), or they cannot be laid out as columns. Such records are isolated and quarantined
    /// (`RecordIsolation`) instead of holding their partition back forever.
    ///
    /// Everything else is transient and retried with backoff: I/O, a commit conflict or lost race, the database or
    /// catalog unavailable. A table the log shows damaged or needing features SwiftLake lacks is retried too (and
    /// logged on every attempt): that is the operator's to repair, and quarantining every record sent to it would
    /// move a whole table's feed aside.
    public var isPermanentForRecords: Bool {
        switch self {
        case .columnar(let e): return e.isAboutTheData
        case .delta(_, let e): return e.isPermanentForRecords
        case .source, .warehouse, .catalog: return false
        }
    }
}

extension DeltaLogError {
    /// See `IngestLoopError.isPermanentForRecords`.
    var isPermanentForRecords: Bool {
        switch self {
        case .schemaMismatch, .invalidPartitionValue, .unknownColumn, .invalidSchema, .duplicateSourceKeys:
            return true
        case .columnar(let e): return e.isAboutTheData
        case .storage, .malformedAction, .notATable, .tableAlreadyExists, .versionNotAvailable, .timestampBeforeOldest,
             .logGap, .missingMetadataOrProtocol, .unsupportedReaderFeatures, .unsupportedWriterFeatures, .conflict,
             .retriesExhausted, .invalidArgument, .corruptCheckpoint, .corruptDeletionVector, .retentionTooShort:
            return false
        }
    }
}

extension ColumnarError {
    /// Whether the error is about values being laid out (a type, a shape, a size) rather than about reading files
    /// already written (damage, I/O), which no quarantine would cure.
    var isAboutTheData: Bool {
        switch self {
        case .duplicateField, .duplicateFieldID, .unknownColumn, .columnIndexOutOfRange, .rowIndexOutOfRange, .typeMismatch,
             .nullInNonNullableField, .columnCountMismatch, .columnLengthMismatch, .schemaMismatch, .capacityExceeded:
            return true
        case .truncated, .badMagic, .unsupportedVersion, .checksumMismatch, .corrupt, .decompressionFailed, .io:
            return false
        }
    }
}
