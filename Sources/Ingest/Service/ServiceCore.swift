import DeltaLog
import Kafka

/// What the service's blocking worker owns: the ingest loop (tables, catalog, document source) and the progress
/// table. Everything here does file and database I/O and runs on the worker's queue only.
struct ServiceCore {
    var loop: IngestLoop
    let progress: ProgressTable

    /// Applies one batch to the tables, then records it in the progress table. Either step failing leaves the batch
    /// to be retried as a whole: the tables skip what they already hold.
    mutating func apply(_ messages: [IncomingMessage], next: [TopicPartition: Int64],
                        now: Int64) -> Result<IngestLoop.BatchStats, IngestLoopError> {
        do throws(IngestLoopError) {
            let stats = try loop.process(messages, now: now)
            do { try progress.record(next) } catch { throw .delta(table: ProgressTable.tableName, error) }
            return .success(stats)
        } catch {
            return .failure(error)
        }
    }

    /// The resume offsets in the progress table.
    func resumeOffsets() -> Result<[TopicPartition: Int64], DeltaLogError> {
        do throws(DeltaLogError) { return .success(try progress.offsets()) } catch { return .failure(error) }
    }

    /// The offset after the last message of each partition in `messages`.
    static func nextOffsets(_ messages: [IncomingMessage]) -> [TopicPartition: Int64] {
        var next: [TopicPartition: Int64] = [:]
        for m in messages {
            let (after, overflow) = m.offset.addingReportingOverflow(1)
            guard !overflow else { continue }
            next[m.topicPartition] = max(next[m.topicPartition] ?? after, after)
        }
        return next
    }
}
