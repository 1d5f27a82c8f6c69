import Columnar
import DeltaLog
import Metastore

/// Why a batch of the ingest loop failed; nothing of the failing commit is visible.
public enum IngestLoopError: Error, Sendable {
    /// The document source or location directory is unavailable: retry the batch.
    case source(DocumentSourceError)
    case warehouse(path: String, reason: String)
    case catalog(MetastoreError)
    case columnar(ColumnarError)
    case delta(table: String, DeltaLogError)
}
