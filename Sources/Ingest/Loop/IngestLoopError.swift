import Columnar
import DeltaLog
import Metastore

/// Why a batch of the ingest loop failed; nothing of the failing commit is visible.
public enum IngestLoopError: Error, Sendable, CustomStringConvertible {
    /// The document source or location directory is unavailable: retry the batch.
    case source(DocumentSourceError)
    case warehouse(path: String, reason: String)
    case catalog(MetastoreError)
    case columnar(ColumnarError)
    case delta(table: String, DeltaLogError)

    public var description: String {
        switch self {
        case .source(let e): return e.description
        case let .warehouse(path, reason): return "warehouse \(path): \(reason)"
        case .catalog(let e): return "catalog: \(e)"
        case .columnar(let e): return "columns: \(e)"
        case let .delta(table, e): return "table \(table): \(e)"
        }
    }
}
