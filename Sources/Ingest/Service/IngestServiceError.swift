import Kafka

/// Why the ingest service could not start. Once running it never fails on a batch: it retries (see `IngestService`).
public enum IngestServiceError: Error, Sendable, CustomStringConvertible {
    /// A setting the service needs is missing or unusable.
    case configuration(String)
    case kafka(KafkaError)
    /// The warehouse or its catalog could not be opened.
    case loop(IngestLoopError)

    public var description: String {
        switch self {
        case .configuration(let m): return "configuration: \(m)"
        case .kafka(let e): return "kafka: \(e)"
        case .loop(let e): return "warehouse: \(e)"
        }
    }
}
